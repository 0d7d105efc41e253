package dev.llmkit.solr.internal;

import dev.llmkit.api.rag.Chunk;
import dev.llmkit.api.rag.EmbeddedChunk;
import dev.llmkit.api.rag.MetadataFilter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.apache.solr.client.solrj.util.ClientUtils;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrInputDocument;
import org.jspecify.annotations.Nullable;

/** The chunk schema of the llmkit configset: field names, documents both ways, and filters as Solr queries. */
public final class SolrFields {
    /** The chunk id, the unique key. */
    public static final String ID = "id";
    /** The id of the chunk's document. */
    public static final String DOC = "doc_id";
    /** The content hash of the chunk's document. */
    public static final String HASH = "doc_hash";
    /** The chunk's source, for citations. */
    public static final String SOURCE = "source";
    /** The chunk's ordinal within its document. */
    public static final String POSITION = "position";
    /** The chunk's text, analysed by Lucene's EnglishAnalyzer. */
    public static final String TEXT = "text";
    /** Metadata as {@code key + SEP + value} terms. */
    public static final String META = "meta";
    /** The dense vector. */
    public static final String VECTOR = "vector";
    /** The fields a search returns. */
    public static final String CHUNK_FIELDS = String.join(",", ID, DOC, SOURCE, POSITION, TEXT, META, "score");
    /** Separates a metadata key from its value in a {@link #META} term (the ASCII unit separator). */
    static final char SEP = '\u001F';

    private SolrFields() {}

    /** The Solr document for a chunk. */
    public static SolrInputDocument toDocument(EmbeddedChunk ec, String hash) {
        Chunk c = ec.chunk();
        SolrInputDocument d = new SolrInputDocument();
        d.setField(ID, c.id());
        d.setField(DOC, c.documentId());
        d.setField(HASH, hash);
        d.setField(SOURCE, c.source());
        d.setField(POSITION, c.position());
        d.setField(TEXT, c.text());
        List<String> meta = new ArrayList<>(c.metadata().size());
        c.metadata().forEach((k, v) -> meta.add(k + SEP + v));
        if (!meta.isEmpty()) {
            d.setField(META, meta);
        }
        List<Float> vector = new ArrayList<>(ec.vector().length);
        for (float f : ec.vector()) {
            vector.add(f);
        }
        d.setField(VECTOR, vector);
        return d;
    }

    /** The chunk a search returned. */
    public static Chunk toChunk(SolrDocument d) {
        Map<String, String> meta = new LinkedHashMap<>();
        Collection<Object> values = d.getFieldValues(META);
        if (values != null) {
            for (Object o : values) {
                String s = o.toString();
                int i = s.indexOf(SEP);
                meta.put(s.substring(0, i), s.substring(i + 1));
            }
        }
        Object position = d.getFirstValue(POSITION);
        return new Chunk(str(d, ID), str(d, DOC), str(d, TEXT), str(d, SOURCE),
                position == null ? 0 : ((Number) position).intValue(), Map.copyOf(meta));
    }

    /** The stored vector of a document, or null when it has none. */
    public static float @Nullable [] vectorOf(SolrDocument d) {
        Collection<Object> values = d.getFieldValues(VECTOR);
        if (values == null) {
            return null;
        }
        float[] v = new float[values.size()];
        int i = 0;
        for (Object o : values) {
            v[i++] = ((Number) o).floatValue();
        }
        return v;
    }

    private static String str(SolrDocument d, String field) {
        Object v = d.getFirstValue(field);
        return v == null ? "" : v.toString();
    }

    /** The filter query for {@code filter}, or null for {@link MetadataFilter#ALL}. */
    public static @Nullable String filterQuery(MetadataFilter filter) {
        return filter instanceof MetadataFilter.All ? null : translate(filter);
    }

    private static String translate(MetadataFilter filter) {
        if (filter instanceof MetadataFilter.All) {
            return "*:*";
        } else if (filter instanceof MetadataFilter.Eq eq) {
            return metaTerm(eq.key(), eq.value());
        } else if (filter instanceof MetadataFilter.In in) {
            StringJoiner j = new StringJoiner(" OR ", "(", ")");
            in.values().stream().sorted().forEach(v -> j.add(metaTerm(in.key(), v)));
            return j.toString();
        } else if (filter instanceof MetadataFilter.And and) {
            return joined(and.filters(), " AND ");
        } else if (filter instanceof MetadataFilter.Or or) {
            return joined(or.filters(), " OR ");
        } else if (filter instanceof MetadataFilter.Not not) {
            return "(*:* -" + translate(not.filter()) + ")";
        }
        throw new IllegalArgumentException("unknown filter " + filter.getClass().getName());
    }

    private static String joined(List<MetadataFilter> filters, String op) {
        StringJoiner j = new StringJoiner(op, "(", ")");
        filters.forEach(f -> j.add(translate(f)));
        return j.toString();
    }

    private static String metaTerm(String key, String value) {
        return META + ":" + quoted(key + SEP + value);
    }

    /** A phrase-quoted term for a string field: the whole value, one exact term. */
    public static String quoted(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** A prefix query on a string field matching values that start with {@code prefix}. */
    public static String prefixQuery(String field, String prefix) {
        return prefix.isEmpty() ? field + ":*" : field + ":" + ClientUtils.escapeQueryChars(prefix) + "*";
    }

    /**
     * The words of {@code text}, each escaped for the standard query parser, joined by spaces; each word is then
     * analysed by the text field's analyser and the words are OR-ed, as the local index's BM25 query does. Empty when
     * the text has no word.
     */
    public static String keywordQuery(String text) {
        StringJoiner j = new StringJoiner(" ");
        for (String word : text.trim().split("\\s+")) {
            if (!word.isEmpty()) {
                // the standard parser reads AND, OR, NOT (and TO in ranges) as operators: as words they are lowercased
                boolean operator = word.equals("AND") || word.equals("OR") || word.equals("NOT") || word.equals("TO");
                j.add(ClientUtils.escapeQueryChars(operator ? word.toLowerCase(java.util.Locale.ROOT) : word));
            }
        }
        return j.toString();
    }

    /** The knn query parser's vector literal. */
    public static String vectorLiteral(float[] vector) {
        StringBuilder b = new StringBuilder(vector.length * 12).append('[');
        for (int i = 0; i < vector.length; i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(vector[i]);
        }
        return b.append(']').toString();
    }
}
