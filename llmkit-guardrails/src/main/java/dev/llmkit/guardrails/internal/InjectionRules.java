package dev.llmkit.guardrails.internal;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The heuristic layer's rules: each a family, a pattern over normalized (lower-case, NFKC, zero-width-free) text, and
 * a weight, the chance on its own that a text it matches is an attack. {@link InjectionHeuristics} combines the
 * weights of the rules that match.
 */
final class InjectionRules {

    /** One rule. */
    /**
     * One rule. {@code literals} start every match (read from the expression), so the rule is tried only where one
     * of them occurs; {@code gates}, given by hand for an expression that starts with no literal, must occur somewhere
     * in a text for the rule to run at all. Both are lower case, as the texts are.
     */
    record Rule(String family, String name, Pattern pattern, double weight, String @Nullable [] literals,
            String[] gates) {

        /** Whether the rule matches {@code text}. */
        boolean matches(String text) {
            if (literals == null) {
                return (gates.length == 0 || Prefilter.any(text, gates)) && pattern.matcher(text).find();
            }
            Matcher m = pattern.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
            for (String l : literals) {
                for (int at = text.indexOf(l); at >= 0; at = text.indexOf(l, at + 1)) {
                    if (m.region(at, text.length()).lookingAt()) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    private InjectionRules() {}

    static Rule rule(String family, String name, double weight, String regex) {
        return new Rule(family, name, Pattern.compile(regex), weight, Prefilter.literals(regex), new String[0]);
    }

    static Rule gated(String family, String name, double weight, String regex, String... gates) {
        Rule r = rule(family, name, weight, regex);
        return r.literals() != null ? r : new Rule(family, name, r.pattern(), weight, null, gates);
    }

    static final String IGNORE = "(?:ignor\\w*|disreg\\w*|forget\\w*|bypass\\w*|neglect|scratch"
            + "|set aside|put aside|abandon|discard|throw out|drop|skip|scrap|erase|delete|remove|cancel|nullify|void"
            + "|overrule|supersede)";
    static final String EARLIER = "(?:previ\\w*|prior|above|earlier|preceding|former|initial|original|old|all"
            + "|any|every|everything|whatever|your|ur|yo?ur|these|those|system|developer|existing|past)";
    static final String RULES = "(?:instruc\\w*|rules?|prompts?|directions?|guidelines?|directives?"
            + "|constraints?|guardrails?|restrictions?|polic(?:y|ies)|programming|orders|commands|safeguards"
            + "|filters?|limitations?|training|configuration|setup|system message|what (?:you were|you've"
            + " been|you have been) (?:told|given|instructed))(?! (?:in|from|of|for) (?:the|my|this|that|our|his|her"
            + "|their) (?:\\w+ )?(?:doc|docs|document|manual|guide|email|e-mail|readme|recipe|onboarding|ticket|form"
            + "|page|wiki|letter|memo|handbook|kit|package|box)\\b)";
    static final String DEVICES = "(?![^.!?\\n]{0,40}\\b(?:android|phone|iphone|ios|chrome|browser|windows"
            + "|settings|device|tablet|app|laptop|mac|router|tv|bios|console|xbox|playstation|car)\\b)";
    static final String AI = "(?:ai|a\\.i\\.|assistant|language model|llm|chatbot|chat bot|gpt|chatgpt|claude"
            + "|copilot|bot|model|agent)";
    static final String SECRET_PROMPT = "(?:system prompt|system message|system instructions?|initial prompt"
            + "|initial instructions|hidden (?:prompt|instructions?|rules)|original (?:prompt|instructions)"
            + "|pre-?prompt|developer (?:message|prompt|instructions)|secret (?:prompt|instructions)"
            + "|confidential instructions|(?:hidden |full |operator'?s? )?preamble|(?:prompt|instructions|rules|guidelines|directives|configuration) (?:you were|"
            + "you've been|you have been) given)";

    /** Every rule: those that speak to the model directly, then those that ride in on a carrier. */
    static final List<Rule> RULES_LIST = concat(DirectRules.LIST, CarriedRules.LIST);

    private static List<Rule> concat(List<Rule> a, List<Rule> b) {
        List<Rule> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }

}
