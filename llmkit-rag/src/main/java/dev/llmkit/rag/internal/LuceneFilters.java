package dev.llmkit.rag.internal;

import dev.llmkit.api.rag.MetadataFilter;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.jspecify.annotations.Nullable;

/** Translates {@link MetadataFilter}s into Lucene queries over the indexed {@code m.<key>} fields. */
public final class LuceneFilters {
    /** The prefix of indexed metadata field names. */
    public static final String META_PREFIX = "m.";

    private LuceneFilters() {}

    /** The Lucene query for a filter, or null for {@link MetadataFilter.All}. */
    public static @Nullable Query toQuery(MetadataFilter filter) {
        if (filter instanceof MetadataFilter.All) {
            return null;
        }
        return translate(filter);
    }

    private static Query translate(MetadataFilter filter) {
        if (filter instanceof MetadataFilter.All) {
            return new MatchAllDocsQuery();
        } else if (filter instanceof MetadataFilter.Eq eq) {
            return new TermQuery(new Term(META_PREFIX + eq.key(), eq.value()));
        } else if (filter instanceof MetadataFilter.In in) {
            BooleanQuery.Builder b = new BooleanQuery.Builder();
            for (String v : in.values()) {
                b.add(new TermQuery(new Term(META_PREFIX + in.key(), v)), BooleanClause.Occur.SHOULD);
            }
            return b.setMinimumNumberShouldMatch(1).build();
        } else if (filter instanceof MetadataFilter.And and) {
            BooleanQuery.Builder b = new BooleanQuery.Builder();
            and.filters().forEach(f -> b.add(translate(f), BooleanClause.Occur.FILTER));
            return b.build();
        } else if (filter instanceof MetadataFilter.Or or) {
            BooleanQuery.Builder b = new BooleanQuery.Builder();
            or.filters().forEach(f -> b.add(translate(f), BooleanClause.Occur.SHOULD));
            return b.setMinimumNumberShouldMatch(1).build();
        } else if (filter instanceof MetadataFilter.Not not) {
            return new BooleanQuery.Builder()
                    .add(new MatchAllDocsQuery(), BooleanClause.Occur.FILTER)
                    .add(translate(not.filter()), BooleanClause.Occur.MUST_NOT)
                    .build();
        }
        throw new IllegalArgumentException("Unsupported filter " + filter);
    }
}
