package dev.llmkit.guardrails;

import dev.llmkit.guardrails.internal.PersonalFinder;
import dev.llmkit.guardrails.internal.SecretFinder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Finds personal data and secrets in text, with their character spans: e-mail addresses, phone numbers
 * (libphonenumber, valid under the numbering plan of their country: with a {@code +} country code anywhere, without
 * one in the {@link Builder#phoneRegions configured regions}), payment cards (issuer range and Luhn), IBANs (country
 * length and mod-97), US SSNs, IPv4 and IPv6 addresses, and API keys and secrets (OpenAI, Anthropic, AWS, GitHub,
 * Slack, JWT, private key blocks). Names and postal addresses come from an optional {@link EntityRecognizer}.
 *
 * <pre>{@code
 * List<PiiSpan> found = PiiDetector.standard().detect("Mail ann@example.com or call +44 20 7946 0321");
 * // [PiiSpan[type=EMAIL, start=5, end=20], PiiSpan[type=PHONE, start=29, end=45]]
 * }</pre>
 *
 * Spans never overlap: where two kinds claim the same characters, the more specific one wins (a key over a phone
 * number hidden in it). Measured precision and recall on a labelled set are in {@code docs/benchmarks.md}.
 * Immutable and thread-safe.
 */
public final class PiiDetector {
    /** The default region for phone numbers written without a country code. */
    public static final String DEFAULT_PHONE_REGION = "US";
    /** Which kind wins where spans overlap: earlier in this list first. */
    private static final List<PiiType> PRIORITY = List.of(PiiType.PRIVATE_KEY, PiiType.JWT, PiiType.ANTHROPIC_KEY,
            PiiType.OPENAI_KEY, PiiType.GITHUB_TOKEN, PiiType.SLACK_TOKEN, PiiType.AWS_ACCESS_KEY,
            PiiType.AWS_SECRET_KEY, PiiType.EMAIL, PiiType.CREDIT_CARD, PiiType.IBAN, PiiType.US_SSN,
            PiiType.IP_ADDRESS, PiiType.PHONE, PiiType.PERSON, PiiType.ADDRESS);
    private static final PiiDetector STANDARD = builder().build();

    private final Set<PiiType> types;
    private final List<String> phoneRegions;
    private final @Nullable EntityRecognizer recognizer;
    private final boolean secrets;
    private final boolean personal;

    private PiiDetector(Builder b) {
        this.types = EnumSet.copyOf(b.types);
        this.phoneRegions = List.copyOf(b.phoneRegions);
        this.recognizer = b.recognizer;
        this.secrets = types.stream().anyMatch(PiiType::isSecret);
        this.personal = types.stream().anyMatch(t -> !t.isSecret() && t != PiiType.PHONE && t != PiiType.PERSON
                && t != PiiType.ADDRESS);
    }

    /** Every structured kind, phone numbers without a country code read as US numbers, no entity recognizer. */
    public static PiiDetector standard() {
        return STANDARD;
    }

    /** Secrets only: API keys, tokens and private keys. */
    public static PiiDetector secretsOnly() {
        Builder b = builder().types(EnumSet.noneOf(PiiType.class));
        for (PiiType t : PiiType.values()) {
            if (t.isSecret()) {
                b.types.add(t);
            }
        }
        return b.build();
    }

    /** A builder with every structured kind enabled. */
    public static Builder builder() {
        return new Builder();
    }

    /** The kinds this detector looks for. */
    public Set<PiiType> types() {
        return types;
    }

    /** The spans found in {@code text}, in order of position, never overlapping. */
    public List<PiiSpan> detect(String text) {
        Objects.requireNonNull(text, "text");
        List<PiiSpan> found = new ArrayList<>();
        if (secrets) {
            SecretFinder.find(text, found);
        }
        if (personal) {
            PersonalFinder.find(text, found);
        }
        if (types.contains(PiiType.PHONE) && hasDigitRun(text)) {
            PersonalFinder.phones(text, phoneRegions, found);
        }
        if (recognizer != null) {
            for (PiiSpan s : recognizer.recognize(text)) {
                if (s.end() > text.length()) {
                    throw new IllegalStateException("EntityRecognizer " + recognizer + " returned a span past the"
                            + " text's end: " + s);
                }
                found.add(s);
            }
        }
        found.removeIf(s -> !types.contains(s.type()));
        if (found.size() <= 1) {
            return found;
        }
        found.sort(Comparator.comparingInt((PiiSpan s) -> PRIORITY.indexOf(s.type()))
                .thenComparingInt(s -> s.start() - s.end()));
        List<PiiSpan> kept = new ArrayList<>(found.size());
        for (PiiSpan s : found) {
            boolean free = true;
            for (PiiSpan k : kept) {
                if (k.overlaps(s)) {
                    free = false;
                    break;
                }
            }
            if (free) {
                kept.add(s);
            }
        }
        kept.sort(Comparator.comparingInt(PiiSpan::start));
        return kept;
    }

    /** Whether {@code text} has at least seven digits, the fewest a phone number has. */
    private static boolean hasDigitRun(String text) {
        int digits = 0;
        for (int i = 0; i < text.length(); i++) {
            if (Character.isDigit(text.charAt(i)) && ++digits >= 7) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "PiiDetector" + types + " phoneRegions=" + phoneRegions + (recognizer == null ? "" : " +" + recognizer);
    }

    /** Builds a {@link PiiDetector}. Not thread-safe. */
    public static final class Builder {
        private final Set<PiiType> types = EnumSet.complementOf(EnumSet.of(PiiType.PERSON, PiiType.ADDRESS));
        private List<String> phoneRegions = List.of(DEFAULT_PHONE_REGION);
        private @Nullable EntityRecognizer recognizer;

        private Builder() {}

        /** The kinds to look for (default: every structured kind). */
        public Builder types(Set<PiiType> types) {
            this.types.clear();
            this.types.addAll(types);
            return this;
        }

        /**
         * The regions (ISO 3166 two-letter codes) whose national formats are read as phone numbers when no country
         * code is written (default {@value PiiDetector#DEFAULT_PHONE_REGION}). Numbers with a {@code +} country code are
         * found whatever the regions.
         */
        public Builder phoneRegions(List<String> regions) {
            if (regions.isEmpty()) {
                throw new IllegalArgumentException("phoneRegions needs at least one region, e.g. US");
            }
            Set<String> known = com.google.i18n.phonenumbers.PhoneNumberUtil.getInstance().getSupportedRegions();
            List<String> upper = new ArrayList<>();
            for (String r : regions) {
                String u = r.toUpperCase(Locale.ROOT);
                if (!known.contains(u)) {
                    throw new IllegalArgumentException("Unknown phone region '" + r + "': use an ISO 3166 two-letter"
                            + " country code such as US, GB or DE");
                }
                upper.add(u);
            }
            this.phoneRegions = upper;
            return this;
        }

        /** Adds names and addresses found by {@code recognizer} (and enables {@link PiiType#PERSON} and ADDRESS). */
        public Builder recognizer(EntityRecognizer recognizer) {
            this.recognizer = Objects.requireNonNull(recognizer, "recognizer");
            types.add(PiiType.PERSON);
            types.add(PiiType.ADDRESS);
            return this;
        }

        /** Builds the detector. */
        public PiiDetector build() {
            if (types.isEmpty()) {
                throw new IllegalArgumentException("a PiiDetector needs at least one PiiType");
            }
            return new PiiDetector(this);
        }
    }
}
