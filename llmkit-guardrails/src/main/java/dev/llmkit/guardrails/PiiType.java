package dev.llmkit.guardrails;

/**
 * The kinds of personal data and secrets {@link PiiDetector} finds. Structured kinds are found by pattern and checked
 * (Luhn for cards, mod-97 for IBANs, numbering plans for phones); {@link #PERSON} and {@link #ADDRESS} come from an
 * {@link EntityRecognizer}.
 */
public enum PiiType {
    /** An e-mail address. */
    EMAIL("EMAIL", false),
    /** A phone number, valid under its country's numbering plan. */
    PHONE("PHONE", false),
    /** A payment card number (issuer range, length and Luhn check). */
    CREDIT_CARD("CARD", false),
    /** An international bank account number (country length and mod-97 check). */
    IBAN("IBAN", false),
    /** A US social security number. */
    US_SSN("SSN", false),
    /** An IPv4 or IPv6 address. */
    IP_ADDRESS("IP", false),
    /** An OpenAI API key. */
    OPENAI_KEY("SECRET", true),
    /** An Anthropic API key. */
    ANTHROPIC_KEY("SECRET", true),
    /** An AWS access key id. */
    AWS_ACCESS_KEY("SECRET", true),
    /** An AWS secret access key (next to a label or an access key id). */
    AWS_SECRET_KEY("SECRET", true),
    /** A GitHub token. */
    GITHUB_TOKEN("SECRET", true),
    /** A Slack token or webhook URL. */
    SLACK_TOKEN("SECRET", true),
    /** A JSON Web Token. */
    JWT("SECRET", true),
    /** A PEM or OpenSSH private key block. */
    PRIVATE_KEY("SECRET", true),
    /** A person's name (from an {@link EntityRecognizer}). */
    PERSON("PERSON", false),
    /** A postal address (from an {@link EntityRecognizer}). */
    ADDRESS("ADDRESS", false);

    private final String label;
    private final boolean secret;

    PiiType(String label, boolean secret) {
        this.label = label;
        this.secret = secret;
    }

    /** The label in placeholders and redactions, e.g. {@code EMAIL} in {@code <EMAIL_1>}. */
    public String label() {
        return label;
    }

    /** Whether this is a credential rather than personal data. */
    public boolean isSecret() {
        return secret;
    }
}
