package dev.llmkit.guardrails.internal;

import dev.llmkit.guardrails.PiiSpan;
import dev.llmkit.guardrails.PiiType;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds credentials by their published formats: OpenAI, Anthropic, AWS, GitHub and Slack keys, JSON Web Tokens and
 * private key blocks. A key-shaped string made of few distinct characters ({@code sk-XXXXXXXXXXXXXXXXXXXX}) is a
 * placeholder in documentation, not a key, and is not reported.
 */
public final class SecretFinder {
    private static final Pattern PRIVATE_KEY = Pattern.compile(
            "-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY-----\\s*(?:[A-Za-z-]+: [^\\n]*\\n)*\\s*[A-Za-z0-9+/=]{40,}"
                    + "[\\s\\S]*?(?:-----END \\1PRIVATE KEY-----|(?=\\n\\s*\\n)|\\z)");
    private static final Pattern JWT = Pattern.compile(
            "(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{6,}\\.eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*");
    private static final Pattern ANTHROPIC = Pattern.compile("(?<![A-Za-z0-9_-])sk-ant-[A-Za-z0-9_-]{20,}");
    private static final Pattern OPENAI = Pattern.compile(
            "(?<![A-Za-z0-9_-])sk-(?!ant-)(?:proj-|svcacct-|admin-|None-)?[A-Za-z0-9_-]{20,}");
    private static final Pattern AWS_ACCESS = Pattern.compile(
            "(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA|AIDA|AROA|AIPA|ANPA|ANVA|AGPA)[A-Z0-9]{16}(?![A-Z0-9])");
    private static final Pattern AWS_SECRET_LABELLED = Pattern.compile(
            "(?i)(?:aws_?secret_?(?:access_?)?key(?:_?id)?|secret_?access_?key|aws[ _-]?secret|secret[ _-]key)"
                    + "[^\\n]{0,60}?(?<![A-Za-z0-9/+])([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])");
    private static final Pattern BASE64_40 = Pattern.compile("(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])");
    private static final Pattern GITHUB = Pattern.compile(
            "(?<![A-Za-z0-9_])(?:(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})");
    private static final Pattern SLACK = Pattern.compile(
            "(?<![A-Za-z0-9-])xox[abposre]-[A-Za-z0-9-]{10,}|https://hooks\\.slack\\.com/services/[A-Za-z0-9/_-]{20,}");
    /** How far from an AWS access key id an unlabelled secret key is looked for. */
    private static final int AWS_PAIR_DISTANCE = 160;

    private SecretFinder() {}

    /** Adds the secrets in {@code text} to {@code out}. */
    public static void find(String text, List<PiiSpan> out) {
        if (text.contains("PRIVATE KEY-----")) {
            add(PRIVATE_KEY, text, PiiType.PRIVATE_KEY, out, 0);
        }
        if (text.contains("eyJ")) {
            Matcher m = JWT.matcher(text);
            while (m.find()) {
                if (isJwtHeader(m.group())) {
                    out.add(new PiiSpan(PiiType.JWT, m.start(), m.end()));
                }
            }
        }
        if (text.contains("sk-")) {
            add(ANTHROPIC, text, PiiType.ANTHROPIC_KEY, out, 8);
            add(OPENAI, text, PiiType.OPENAI_KEY, out, 8);
        }
        int awsBefore = out.size();
        add(AWS_ACCESS, text, PiiType.AWS_ACCESS_KEY, out, 6);
        Matcher labelled = AWS_SECRET_LABELLED.matcher(text);
        while (labelled.find()) {
            if (looksRandom(labelled.group(1), 10) && mixed(labelled.group(1))) {
                out.add(new PiiSpan(PiiType.AWS_SECRET_KEY, labelled.start(1), labelled.end(1)));
            }
        }
        for (int i = awsBefore; i < out.size(); i++) {
            PiiSpan key = out.get(i);
            if (key.type() != PiiType.AWS_ACCESS_KEY) {
                continue;
            }
            Matcher near = BASE64_40.matcher(text).region(key.end(), Math.min(text.length(),
                    key.end() + AWS_PAIR_DISTANCE));
            if (near.find() && looksRandom(near.group(), 10) && mixed(near.group())) {
                out.add(new PiiSpan(PiiType.AWS_SECRET_KEY, near.start(), near.end()));
            }
        }
        if (text.contains("gh") || text.contains("github_pat_")) {
            add(GITHUB, text, PiiType.GITHUB_TOKEN, out, 8);
        }
        if (text.contains("xox") || text.contains("hooks.slack.com")) {
            add(SLACK, text, PiiType.SLACK_TOKEN, out, 6);
        }
    }

    private static void add(Pattern p, String text, PiiType type, List<PiiSpan> out, int minDistinct) {
        Matcher m = p.matcher(text);
        while (m.find()) {
            if (minDistinct == 0 || looksRandom(m.group(), minDistinct)) {
                out.add(new PiiSpan(type, m.start(), m.end()));
            }
        }
    }

    /** Whether {@code s} has at least {@code min} distinct letters and digits: real keys do, placeholders don't. */
    static boolean looksRandom(String s, int min) {
        long seen0 = 0;
        long seen1 = 0;
        int distinct = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 128 || !Character.isLetterOrDigit(c)) {
                continue;
            }
            if (c < 64) {
                if ((seen0 & (1L << c)) == 0) {
                    seen0 |= 1L << c;
                    distinct++;
                }
            } else if ((seen1 & (1L << (c - 64))) == 0) {
                seen1 |= 1L << (c - 64);
                distinct++;
            }
        }
        return distinct >= min;
    }

    private static boolean mixed(String s) {
        boolean upper = false;
        boolean lower = false;
        boolean digit = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            upper |= c >= 'A' && c <= 'Z';
            lower |= c >= 'a' && c <= 'z';
            digit |= c >= '0' && c <= '9';
        }
        return upper && lower && digit;
    }

    private static boolean isJwtHeader(String token) {
        int dot = token.indexOf('.');
        try {
            String header = new String(Base64.getUrlDecoder().decode(token.substring(0, dot)),
                    StandardCharsets.UTF_8);
            return header.contains("\"alg\"") || header.contains("\"typ\"");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
