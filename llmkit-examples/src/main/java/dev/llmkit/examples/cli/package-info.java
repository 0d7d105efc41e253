/**
 * The {@code llmkit} command line: ingest, ask, chat, eval and bench over the embedded default pipeline.
 */
@NullMarked
package dev.llmkit.examples.cli;

import org.jspecify.annotations.NullMarked;
