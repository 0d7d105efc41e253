/**
 * Parsers that let the folder loader ingest documents as users have them: PDF (one document per page, cited as
 * {@code report.pdf p. 12}), Word, PowerPoint (one per slide), Excel (one per sheet) and CSV, with tables rendered as
 * Markdown rows under their header so that keyword search and embeddings see column names with values. They register
 * themselves as {@link dev.llmkit.api.rag.DocumentParser}s: adding this module is all it takes.
 */
@NullMarked
package dev.llmkit.documents;

import org.jspecify.annotations.NullMarked;
