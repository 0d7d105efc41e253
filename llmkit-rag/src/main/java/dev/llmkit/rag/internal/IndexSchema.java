package dev.llmkit.rag.internal;

import dev.llmkit.api.error.ConfigurationException;
import dev.llmkit.api.rag.Chunk;
import dev.llmkit.api.rag.EmbeddedChunk;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.store.Directory;
import org.apache.lucene.util.BytesRef;

/**
 * The layout of an llmkit Lucene index: the field names of a chunk, how a chunk maps to a Lucene document and back,
 * and the commit data (embedding model, dimension, format) an index is checked against when it is opened.
 */
public final class IndexSchema {
    /** The chunk id (indexed, stored). */
    public static final String ID = "id";
    /** The document id (indexed, stored): one term per document, whatever its number of chunks. */
    public static final String DOC = "doc";
    /** The chunk text (analysed for BM25, stored). */
    public static final String TEXT = "text";
    /** The document's content hash, as binary doc values on each of its chunks. */
    public static final String HASH = "hash";
    /** The chunk's embedding (HNSW, cosine). */
    public static final String VECTOR = "vector";
    private static final String SOURCE = "source";
    private static final String POSITION = "position";
    private static final String MODEL_KEY = "llmkit.embedding-model";
    private static final String DIM_KEY = "llmkit.dimension";
    private static final String FORMAT_KEY = "llmkit.index-format";
    private static final String FORMAT = "2";

    private IndexSchema() {}

    /**
     * Throws when the last commit in {@code directory} was made with another embedding model or dimension, or, holding
     * chunks, by an llmkit that wrote another format.
     *
     * @param location where the index is, for the message
     * @throws ConfigurationException saying which model or format the index has and what to do
     */
    public static void checkCommit(Directory directory, String location, String embeddingModel, int dimension)
            throws IOException {
        try (DirectoryReader reader = DirectoryReader.open(directory)) {
            Map<String, String> data = reader.getIndexCommit().getUserData();
            String model = data.get(MODEL_KEY);
            String dim = data.get(DIM_KEY);
            if (model != null && (!model.equals(embeddingModel) || !String.valueOf(dimension).equals(dim))) {
                throw new ConfigurationException("The index at " + location + " was built with embedding model "
                        + model + " (" + dim + " dimensions), not " + embeddingModel + " (" + dimension
                        + "). Use the same model, or rebuild the index with the new one beside the live one"
                        + " (IndexGenerations.rebuild; on the command line: llmkit ingest <folder> --rebuild).");
            }
            if (reader.numDocs() > 0 && !FORMAT.equals(data.get(FORMAT_KEY))) {
                throw new ConfigurationException("The index at " + location + " was written by an older llmkit"
                        + " (format " + data.getOrDefault(FORMAT_KEY, "1") + ", this version reads " + FORMAT
                        + "). Delete the folder and ingest your documents again.");
            }
        }
    }

    /** The commit data recording the embedding model, dimension and format, checked by {@link #checkCommit}. */
    public static Map<String, String> commitData(String embeddingModel, int dimension) {
        Map<String, String> data = new HashMap<>();
        data.put(MODEL_KEY, embeddingModel);
        data.put(DIM_KEY, String.valueOf(dimension));
        data.put(FORMAT_KEY, FORMAT);
        return data;
    }

    /**
     * The Lucene document of a chunk.
     *
     * @param hash the content hash of the chunk's document ({@code ""} when unknown)
     * @throws IllegalArgumentException when the vector does not have {@code dimension} dimensions
     */
    public static Document toDocument(EmbeddedChunk ec, String hash, int dimension) {
        if (ec.vector().length != dimension) {
            throw new IllegalArgumentException("chunk " + ec.chunk().id() + " has a " + ec.vector().length
                    + "-dimensional vector, the index " + dimension);
        }
        Chunk c = ec.chunk();
        Document d = new Document();
        d.add(new StringField(ID, c.id(), Field.Store.YES));
        d.add(new StringField(DOC, c.documentId(), Field.Store.YES));
        d.add(new StoredField(SOURCE, c.source()));
        d.add(new StoredField(POSITION, c.position()));
        d.add(new TextField(TEXT, c.text(), Field.Store.YES));
        d.add(new BinaryDocValuesField(HASH, new BytesRef(hash)));
        d.add(new KnnFloatVectorField(VECTOR, ec.vector(), VectorSimilarityFunction.COSINE));
        for (Map.Entry<String, String> m : c.metadata().entrySet()) {
            d.add(new StringField(LuceneFilters.META_PREFIX + m.getKey(), m.getValue(), Field.Store.YES));
        }
        return d;
    }

    /** The chunk stored in a Lucene document. */
    public static Chunk toChunk(Document d) {
        Map<String, String> meta = new LinkedHashMap<>();
        for (IndexableField f : d.getFields()) {
            if (f.name().startsWith(LuceneFilters.META_PREFIX)) {
                meta.put(f.name().substring(LuceneFilters.META_PREFIX.length()), f.stringValue());
            }
        }
        return new Chunk(d.get(ID), d.get(DOC), d.get(TEXT), d.get(SOURCE), d.getField(POSITION).numericValue().intValue(),
                meta);
    }
}
