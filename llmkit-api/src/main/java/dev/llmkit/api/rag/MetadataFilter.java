package dev.llmkit.api.rag;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A condition on chunk metadata, applied by every retriever (BM25 and vector alike) before ranking.
 *
 * <pre>{@code
 * MetadataFilter f = MetadataFilter.eq("tenant", "acme").and(MetadataFilter.in("lang", Set.of("en", "de")));
 * }</pre>
 */
public sealed interface MetadataFilter
        permits MetadataFilter.All, MetadataFilter.Eq, MetadataFilter.In, MetadataFilter.And, MetadataFilter.Or,
        MetadataFilter.Not {

    /** Matches every chunk. */
    MetadataFilter ALL = new All();

    /** Whether a chunk with this metadata matches. */
    boolean test(Map<String, String> metadata);

    /** {@code key} equals {@code value}. */
    static MetadataFilter eq(String key, String value) {
        return new Eq(key, value);
    }

    /** {@code key} is one of {@code values}. */
    static MetadataFilter in(String key, Set<String> values) {
        return new In(key, values);
    }

    /** Both this and {@code other}. */
    default MetadataFilter and(MetadataFilter other) {
        return new And(List.of(this, other));
    }

    /** This or {@code other}. */
    default MetadataFilter or(MetadataFilter other) {
        return new Or(List.of(this, other));
    }

    /** Not this. */
    default MetadataFilter negate() {
        return new Not(this);
    }

    /** Matches everything. */
    record All() implements MetadataFilter {
        @Override
        public boolean test(Map<String, String> metadata) {
            return true;
        }
    }

    /**
     * Equality.
     *
     * @param key the metadata key
     * @param value the required value
     */
    record Eq(String key, String value) implements MetadataFilter {
        /** Validates. */
        public Eq {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }

        @Override
        public boolean test(Map<String, String> metadata) {
            return value.equals(metadata.get(key));
        }
    }

    /**
     * Membership.
     *
     * @param key the metadata key
     * @param values the allowed values; not empty
     */
    record In(String key, Set<String> values) implements MetadataFilter {
        /** Validates and copies. */
        public In {
            Objects.requireNonNull(key, "key");
            values = Set.copyOf(Objects.requireNonNull(values, "values"));
            if (values.isEmpty()) {
                throw new IllegalArgumentException("In filter on '" + key + "' needs at least one value");
            }
        }

        @Override
        public boolean test(Map<String, String> metadata) {
            String v = metadata.get(key);
            return v != null && values.contains(v);
        }
    }

    /**
     * Conjunction.
     *
     * @param filters all must match; not empty
     */
    record And(List<MetadataFilter> filters) implements MetadataFilter {
        /** Validates and copies. */
        public And {
            filters = List.copyOf(Objects.requireNonNull(filters, "filters"));
            if (filters.isEmpty()) {
                throw new IllegalArgumentException("And filter needs at least one filter");
            }
        }

        @Override
        public boolean test(Map<String, String> metadata) {
            return filters.stream().allMatch(f -> f.test(metadata));
        }
    }

    /**
     * Disjunction.
     *
     * @param filters at least one must match; not empty
     */
    record Or(List<MetadataFilter> filters) implements MetadataFilter {
        /** Validates and copies. */
        public Or {
            filters = List.copyOf(Objects.requireNonNull(filters, "filters"));
            if (filters.isEmpty()) {
                throw new IllegalArgumentException("Or filter needs at least one filter");
            }
        }

        @Override
        public boolean test(Map<String, String> metadata) {
            return filters.stream().anyMatch(f -> f.test(metadata));
        }
    }

    /**
     * Negation.
     *
     * @param filter must not match
     */
    record Not(MetadataFilter filter) implements MetadataFilter {
        /** Validates. */
        public Not {
            Objects.requireNonNull(filter, "filter");
        }

        @Override
        public boolean test(Map<String, String> metadata) {
            return !filter.test(metadata);
        }
    }
}
