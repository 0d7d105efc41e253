package dev.llmkit.guardrails.internal;

import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import dev.llmkit.guardrails.PiiSpan;
import dev.llmkit.guardrails.PiiType;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.validator.routines.CreditCardValidator;
import org.apache.commons.validator.routines.IBANValidator;
import org.apache.commons.validator.routines.InetAddressValidator;

/**
 * Finds structured personal data: candidates by pattern, each confirmed by a check that a well-kept library does
 * (libphonenumber for phone numbers under each country's numbering plan; Apache Commons Validator for the issuer
 * ranges and Luhn digit of cards, the per-country length and mod-97 checksum of IBANs, and IPv6 syntax).
 */
public final class PersonalFinder {
    private static final Pattern EMAIL = Pattern.compile(
            "(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\\.)+[A-Za-z]{2,24}"
                    + "(?![A-Za-z0-9-])");
    private static final Pattern CARD = Pattern.compile("(?<![\\d.+-])(?<!\\+ )\\d(?:[ -]?\\d){12,18}(?![\\d-]|\\.\\d)");
    private static final Pattern IBAN = Pattern.compile(
            "(?<![A-Za-z0-9])[A-Z]{2}\\d{2}(?: ?[A-Z0-9]{1,4}){3,9}(?![A-Za-z0-9])");
    private static final Pattern SSN = Pattern.compile(
            "(?<![\\d-])(?!000|666|9\\d\\d)\\d{3}([- ])(?!00)\\d{2}\\1(?!0000)\\d{4}(?![\\d-])");
    private static final Pattern SSN_LABELLED = Pattern.compile(
            "(?i)(?:ssn|social security(?: number| no\\.?| #)?|social)\\D{0,12}?((?!000|666|9\\d\\d)\\d{3}(?!00)\\d{2}"
                    + "(?!0000)\\d{4})(?!\\d)");
    private static final Pattern IPV4 = Pattern.compile(
            "(?<![\\d.])(?:(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)"
                    + "(?!\\d|\\.\\d)");
    private static final Pattern IPV6 = Pattern.compile(
            "(?<![A-Za-z0-9:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|(?:\\d{1,3}\\.){3}\\d{1,3})?"
                    + "(?![A-Za-z0-9:])");
    private static final Pattern VERSION_BEFORE = Pattern.compile("(?i)(?:\\bv|version|release|build)\\s*$");
    private static final CreditCardValidator CARDS = new CreditCardValidator(CreditCardValidator.AMEX
            + CreditCardValidator.VISA + CreditCardValidator.MASTERCARD + CreditCardValidator.DISCOVER
            + CreditCardValidator.DINERS);

    private PersonalFinder() {}

    /** Adds the e-mail addresses, cards, IBANs, SSNs and IP addresses in {@code text} to {@code out}. */
    public static void find(String text, List<PiiSpan> out) {
        if (text.indexOf('@') >= 0) {
            Matcher m = EMAIL.matcher(text);
            while (m.find()) {
                out.add(new PiiSpan(PiiType.EMAIL, m.start(), m.end()));
            }
        }
        cards(text, out);
        ibans(text, out);
        Matcher ssn = SSN.matcher(text);
        while (ssn.find()) {
            out.add(new PiiSpan(PiiType.US_SSN, ssn.start(), ssn.end()));
        }
        Matcher labelled = SSN_LABELLED.matcher(text);
        while (labelled.find()) {
            out.add(new PiiSpan(PiiType.US_SSN, labelled.start(1), labelled.end(1)));
        }
        ips(text, out);
    }

    private static void cards(String text, List<PiiSpan> out) {
        Matcher m = CARD.matcher(text);
        while (m.find()) {
            String digits = m.group().replace(" ", "").replace("-", "");
            if (CARDS.isValid(digits)) {
                out.add(new PiiSpan(PiiType.CREDIT_CARD, m.start(), m.end()));
            }
        }
    }

    /** IBANs: the longest run of groups that validates, dropping trailing groups that may be other words. */
    private static void ibans(String text, List<PiiSpan> out) {
        Matcher m = IBAN.matcher(text);
        IBANValidator check = IBANValidator.getInstance();
        while (m.find()) {
            String candidate = m.group();
            while (candidate.length() >= 15) {
                if (check.isValid(candidate.replace(" ", ""))) {
                    out.add(new PiiSpan(PiiType.IBAN, m.start(), m.start() + candidate.length()));
                    break;
                }
                int cut = candidate.lastIndexOf(' ');
                if (cut < 0) {
                    break;
                }
                candidate = candidate.substring(0, cut);
            }
        }
    }

    private static void ips(String text, List<PiiSpan> out) {
        if (text.indexOf('.') >= 0) {
            Matcher m = IPV4.matcher(text);
            while (m.find()) {
                if (!VERSION_BEFORE.matcher(text.substring(Math.max(0, m.start() - 10), m.start())).find()) {
                    out.add(new PiiSpan(PiiType.IP_ADDRESS, m.start(), m.end()));
                }
            }
        }
        if (text.indexOf(':') >= 0) {
            Matcher m = IPV6.matcher(text);
            InetAddressValidator check = InetAddressValidator.getInstance();
            while (m.find()) {
                if (m.group().indexOf("::") >= 0 || m.group().chars().filter(c -> c == ':').count() >= 5) {
                    if (check.isValidInet6Address(m.group())) {
                        out.add(new PiiSpan(PiiType.IP_ADDRESS, m.start(), m.end()));
                    }
                }
            }
        }
    }

    /** Adds the phone numbers valid in any of {@code regions} (ISO 3166 codes, for numbers without +). */
    public static void phones(String text, List<String> regions, List<PiiSpan> out) {
        PhoneNumberUtil util = PhoneNumberUtil.getInstance();
        for (String region : regions) {
            for (PhoneNumberMatch match : util.findNumbers(text, region, PhoneNumberUtil.Leniency.VALID,
                    Long.MAX_VALUE)) {
                out.add(new PiiSpan(PiiType.PHONE, match.start(), match.end()));
            }
        }
        if (text.indexOf('+') >= 0) {
            // a number written with its + country code is a phone number even in a range the plan reserves (drama
            // and test ranges), as long as its length is possible for that country
            for (PhoneNumberMatch match : util.findNumbers(text, regions.get(0), PhoneNumberUtil.Leniency.POSSIBLE,
                    Long.MAX_VALUE)) {
                if (match.rawString().startsWith("+")) {
                    out.add(new PiiSpan(PiiType.PHONE, match.start(), match.end()));
                }
            }
        }
    }
}
