package dev.llmkit.guardrails.internal;

import static dev.llmkit.guardrails.internal.InjectionRules.AI;
import static dev.llmkit.guardrails.internal.InjectionRules.DEVICES;
import static dev.llmkit.guardrails.internal.InjectionRules.EARLIER;
import static dev.llmkit.guardrails.internal.InjectionRules.IGNORE;
import static dev.llmkit.guardrails.internal.InjectionRules.RULES;
import static dev.llmkit.guardrails.internal.InjectionRules.SECRET_PROMPT;
import static dev.llmkit.guardrails.internal.InjectionRules.gated;
import static dev.llmkit.guardrails.internal.InjectionRules.rule;

import dev.llmkit.guardrails.internal.InjectionRules.Rule;
import java.util.List;

/** The rules for attacks that speak to the model directly: instruction overrides, extraction of the system prompt and role-play jailbreaks, including common phrasings in other languages. */
final class DirectRules {
    private DirectRules() {}

    static final List<Rule> LIST = List.of(
            rule("override", "ignore-previous", 0.9, "\\b" + IGNORE + "\\b[^.!?\\n]{0,40}?\\b" + EARLIER
                    + "\\b[^.!?\\n]{0,30}?\\b" + RULES + "\\b"),
            rule("override", "rules-void", 0.85, "\\b(?:rules|instructions|guidelines|restrictions|polic(?:y|ies)|"
                    + "constraints)\\b[^.!?\\n]{0,30}\\b(?:no longer appl(?:y|ies)|(?:are|is) (?:now )?(?:void|cancel+ed"
                    + "|obsolete|lifted|suspended|disabled|revoked|invalid|outdated|null)|don'?t apply|do not apply)"),
            rule("override", "new-task", 0.75, "\\byour (?:new|real|true|actual|only|updated|hidden|secret) (?:task|goal|purpose"
                    + "|instructions?|job|mission|objective|role|directive)s?\\b[^.!?\\n]{0,40}?\\b(?:is|are|now)\\b"),
            rule("override", "new-instructions", 0.55, "\\b(?:new|updated|real|actual|revised|true) (?:instructions"
                    + "|directives?|system prompt|orders|task)\\s*(?::|-|follow)"),
            rule("override", "no-longer-bound", 0.8, "\\byou (?:are|'re) no longer (?:bound|restricted|limited|an ai"
                    + "|an assistant|required|obligated|constrained)"),
            rule("override", "do-not-follow", 0.85, "\\b(?:do not|don't|stop|no longer|never) (?:follow|obey|adhere to"
                    + "|comply with|listen to)(?:ing)? (?:(?:your|ur|any|those|these|its) (?:previous |prior |original "
                    + "|system |developer |initial |earlier |old |safety )?|(?:the )?(?:previous|prior|original|system"
                    + "|developer|initial|earlier|above|old|safety) )" + RULES),
            rule("override", "mode-override", 0.7, "\\b(?:system|admin|administrator|developer|root|maintenance"
                    + "|emergency|god|sudo) (?:override|access granted|privileges? granted|mode (?:on|enabled|activated"
                    + "|engaged))" + DEVICES),
            rule("override", "authority", 0.6, "\\bas (?:the|your) (?:administrator|admin|developer|creator|owner"
                    + "|operator|system owner|openai|anthropic|ceo)\\b[^.!?\\n]{0,60}\\b(?:authori[sz]e|permit|allow"
                    + "|instruct|order|command|grant|unlock|override)"),
            rule("override", "priority-claim", 0.6, "\\b(?:this|these|the following) (?:instructions?|message|rules?)"
                    + " (?:take|takes|has|have) (?:priority|precedence) over\\b"),
            rule("override", "supersedes", 0.75, "\\b(?:supersedes?|overrides?|replaces?|cancels?|trumps?|voids?)"
                    + " (?:every|all|any|your|the|previous|prior|earlier|existing)\\b[^.!?\\n]{0,20}\\b(?:instruc\\w*"
                    + "|rules|guidelines|directives|prompts?|polic(?:y|ies))|\\bstop (?:applying|using|enforcing|following)"
                    + " (?:your |ur |any |all |the (?=content |safety ))(?:content |safety )?(?:filters?|rules|guidelines|restrictions"
                    + "|policies)"),
            rule("override", "from-now-on", 0.35, "\\bfrom now on,? (?:you|u) (?:will|must|are|shall|should|can)\\b"),
            rule("extraction", "reveal-prompt", 0.85, "\\b(?:reveal|print|repeat|output|dump|leak|disclose|recite"
                    + "|spell out|paste|echo|regurgitate|expose|copy|write out|show|tell|give|share|display|list"
                    + "|translate|summari[sz]e|type out)\\b[^.!?\\n]{0,30}?\\b(?:your|the|its|these|those|all"
                    + " (?:of )?(?:your|the))\\b[^.!?\\n]{0,12}?" + SECRET_PROMPT),
            rule("extraction", "your-instructions", 0.6, "\\b(?:reveal|print|repeat|output|dump|leak|disclose|recite"
                    + "|spell out|paste|echo|expose|write out|show me|tell me|give me|share|translate)\\b[^.!?\\n]{0,20}?\\byour"
                    + " (?:\\w+ )?(?:instructions|rules|guidelines|directives|configuration|prompt|programming)\\b"),
            rule("extraction", "what-told", 0.7, "\\bwhat (?:were|are|was|have) you (?:been )?(?:told|instructed"
                    + "|given|programmed|asked)\\b[^.!?\\n]{0,40}(?:before|initially|at the (?:start|beginning)|prior"
                    + "|to (?:do|say|hide|keep)|in your (?:system|prompt))"),
            rule("extraction", "repeat-above", 0.8, "\\b(?:repeat|print|output|copy|recite|echo)\\b[^.!?\\n]{0,20}?"
                    + "\\b(?:everything|all|the (?:text|words|content|lines?|message)|word for word|verbatim)\\b"
                    + "[^.!?\\n]{0,30}?\\b(?:above|before (?:this|that|my)|prior to (?:this|my)|so far|preceding"
                    + "|starting (?:with|from) ['\"]?you are)"),
            rule("extraction", "begin-with-you-are", 0.6, "\\b(?:start|begin) (?:your (?:answer|reply|response)|with)"
                    + "\\b[^.!?\\n]{0,30}['\"]you are\\b"),
            rule("roleplay", "dan", 0.9, "\\bdo anything now\\b|\\bdan (?:mode|prompt|jailbreak)\\b|\\byou are"
                    + " (?:now )?dan\\b|\\bact as dan\\b|\\bstay (?:as )?dan\\b"),
            rule("roleplay", "jailbreak-mode", 0.75, "\\b(?:enable|activate|enter|switch (?:in)?to|turn on|you are"
                    + " (?:now )?in|engage|unlock)\\b[^.!?\\n]{0,20}\\b(?:developer|god|jailbreak|jailbroken"
                    + "|unrestricted|unfiltered|uncensored|evil|opposite|chaos|sudo|dev|debug|admin)"
                    + " ?mode\\b" + DEVICES),
            gated("roleplay", "no-restrictions", 0.85, "(?:\\b(?:pretend|imagine|act|behave|roleplay|role-play|play the"
                    + " role|respond|answer|become|simulate|be)\\b[^.!?\\n]{0,15}?\\b(?:you|u|yourself|ur)\\b|\\byou are now"
                    + "|\\bfrom now on you are)[^.!?\\n]{0,80}?"
                    + "\\b(?:no|without|free (?:of|from)|unbound by|not bound by|don'?t have|do not have|ignores?"
                    + "|lacks?|zero|beyond|above)\\b[^.!?\\n]{0,30}?\\b(?:restrictions?|rules|filters?|limitations?"
                    + "|guidelines|polic(?:y|ies)|ethics|ethical|morals?|moral|censorship|content polic\\w*|safety"
                    + "|guardrails|boundaries|limits|constraints|safeguards|programming)\\b", "restrict", "rule", "filter", "limit", "guideline", "polic", "ethic", "moral", "censor", "safety", "guardrail", "boundar", "constraint", "safeguard", "programming"),
            rule("roleplay", "unrestricted-ai", 0.8, "\\b(?:unrestricted|unfiltered|uncensored|unshackled|unchained|unlocked"
                    + "|jailbroken|amoral|unaligned|rogue|evil|liberated|unbound|lawless)\\b[^.!?\\n]{0,20}" + AI
                    + "\\b"),
            rule("roleplay", "ai-without-rules", 0.8, "\\b" + AI + "s? (?:with(?:out)? (?:no |any )?|that has no "
                    + "|free (?:of|from) |who has no |that ignores |that doesn'?t (?:have|follow) )(?:restrictions"
                    + "|rules|filters|limits|guidelines|ethics|morals|censorship|safety|policies)"),
            rule("roleplay", "stay-in-character", 0.45, "\\b(?:stay|remain|keep) in character\\b[^.!?\\n]{0,60}"
                    + "(?:no matter|whatever|even if|at all costs|never break|regardless)"),
            rule("roleplay", "never-refuse", 0.6, "\\b(?:never|cannot|can'?t|won'?t|must not|will not|do not|don'?t)"
                    + " (?:refuse|decline|say no|reject)\\b[^.!?\\n]{0,40}\\b(?:any|a|my|this)? ?(?:request|question"
                    + "|anything|prompt)|\\b(?:without|no) (?:any )?(?:warnings?|disclaimers?|refus\\w+|moraliz\\w+"
                    + "|lectur\\w+)\\b[^.!?\\n]{0,40}\\b(?:no matter|however|regardless|even if|whatever)"),
            gated("roleplay", "grandma", 0.7, "\\b(?:late|dead|deceased|dear|sweet)? ?grand(?:ma|mother|pa|father)"
                    + "\\b[^.!?\\n]{0,120}\\b(?:used to|would) (?:tell|read|recite|sing|explain|give|whisper)"
                    + "[^.!?\\n]{0,80}\\b(?:keys?|napalm|recipe|instructions|how to (?:make|build|synthesi[sz]e)"
                    + "|passwords?|serial|codes?|bomb|meth|poison|malware|exploit)", "grand"),
            gated("roleplay", "dual-response", 0.75, "\\b(?:two|dual|both) (?:responses|answers|replies)\\b[^.!?\\n]"
                    + "{0,80}\\b(?:jailbreak|jailbroken|unfiltered|uncensored|evil|unrestricted|no rules|normal and)"
                    + "|\\[(?:🔓|jailbreak|jailbroken|dan|evil)", "response", "answer", "repl", "["),
            rule("roleplay", "hypothetical-bypass", 0.55, "\\b(?:hypothetically|in a (?:fictional|hypothetical|"
                    + "alternate) (?:world|universe|scenario)|for (?:a|my) (?:story|novel|screenplay))\\b[^\\n]{0,120}?"
                    + "\\b(?:no (?:rules|laws|restrictions|ethics|filters)|without (?:rules|restrictions|filters"
                    + "|ethics|limits)|rules (?:don'?t|do not) exist)"),
            rule("override", "set-aside", 0.8, "\\b(?:set|put|leave|lay|push)\\b[^.!?\\n]{0,30}\\b(?:rules"
                    + "|guidelines|instructions|restrictions|policies|constraints|principles|safety|guardrails)\\b"
                    + "[^.!?\\n]{0,15}\\b(?:aside|to one side|on hold)\\b"),
            rule("override", "forget-told", 0.85, "\\b(?:forget|ignore|disregard|drop)\\b[^.!?\\n]{0,30}\\b(?:everything"
                    + "|anything|all|what)\\b[^.!?\\n]{0,30}\\b(?:you(?:'ve| have| were)? (?:been )?(?:told|taught"
                    + "|instructed|given|programmed)|(?:developers?|creators?|operators?|makers?|programmers?|openai"
                    + "|anthropic) (?:told|said|gave|wrote|set))"),
            rule("override", "elevated-priority", 0.7, "\\b(?:system[- ]level|admin(?:istrator)?[- ]level|root[- ]level"
                    + "|developer[- ]level|highest|top) (?:priority|access|privileges?|authority|permissions?"
                    + "|clearance)\\b"),
            rule("override", "treat-as-void", 0.8, "\\btreat\\w*\\b[^.!?\\n]{0,40}\\b(?:instruc\\w*|rules?|guidelines?|directives?"
                    + "|restrictions|policies|policy|prompt)\\b[^.!?\\n]{0,20}\\bas (?:void|invalid|obsolete"
                    + "|cancel+ed|null|optional|suggestions?|an? suggestion|deprecated|non-binding|void)|\\bfree to (?:ignore|disregard"
                    + "|skip|drop|break) (?:it|them|its|your|the|her|his)\\b"),
            gated("override", "policy-replaced", 0.6, "\\b(?:content )?polic(?:y|ies)\\b[^.!?\\n]{0,40}\\b(?:is|are)"
                    + " (?:now )?(?:outdated|deprecated|obsolete|void|replaced|suspended|lifted)|\\b(?:everything is"
                    + " (?:permitted|allowed)|nothing (?:is|gets|will be) refused|anything goes)\\b", "polic", "permitted", "allowed", "refused", "anything goes"),
            rule("override", "deprecated-instructions", 0.8, "\\b(?:previous|prior|original|earlier|initial|old|system)"
                    + " (?:instructions|rules|guidelines|prompt|policy|policies|directives|constraints|configuration|setup)\\b[^.!?\\n]{0,20}\\b(?:are|is|were"
                    + "|have been) (?:now )?(?:deprecated|suspended|void|null|obsolete|revoked|cancel+ed|replaced|superseded"
                    + "|no longer valid|a test|only a test|invalid)"),
            rule("extraction", "lines-of-prompt", 0.75, "\\b(?:first|next|last|opening|final)(?: \\d+)? (?:line|sentence|word"
                    + "|paragraph|part|character|token)s? of (?:your|ur|the) (?:instructions|system|prompt|rules|guidelines|setup"
                    + "|configuration)"),
            gated("extraction", "your-system-prompt", 0.6, "\\b(?:your|ur|yo?ur) (?:sys(?:tem)? (?:prompt|message|instructions)"
                    + "|(?:hidden|initial|original|secret|confidential|internal|operator) (?:prompt|instructions|rules"
                    + "|configuration|preamble|setup)|pre-?prompt)", "prompt", "message", "instruction", "rules", "configuration", "preamble", "setup"),
            rule("extraction", "exact-wording", 0.7, "\\b(?:exact|verbatim|full|complete|original|precise)"
                    + " (?:wording|text|content|copy|phrasing)\\b[^.!?\\n]{0,40}\\b(?:rules|instructions|prompt"
                    + "|guidelines|directives|configuration|setup|system message|operator|developer|creator|makers?)\\b"),
            rule("extraction", "instructions-you-follow", 0.6, "\\b(?:instructions|rules|guidelines|directives)"
                    + " (?:you(?:'re| are) (?:following|operating under|running (?:with|under))|you were given"
                    + "|you(?:'ve| have) been given|you received|given to you)"),
            rule("extraction", "operator-told", 0.7, "\\bwhat (?:your|the) (?:operator|developer|creator|owner|admin)s?"
                    + " (?:told|instructed|asked|forbade) you\\b"),
            rule("roleplay", "grandma-role", 0.7, "\\bgrand(?:ma|mother|pa|father)\\b[^\\n]{0,200}\\b(?:how to"
                    + " (?:defeat|bypass|break|pick|hack|steal|disable|hotwire|make|build|synthesi[sz]e)|(?:be|play"
                    + "|pretend to be|act as) (?:her|him|my (?:late |dead )?grand\\w+))"),
            rule("roleplay", "evil-twin", 0.65, "\\b(?:evil|dark|shadow|uncensored|unfiltered|rogue) (?:self|twin"
                    + "|alter ego|version|counterpart|confidant|side|persona)\\b"),
            rule("roleplay", "not-allowed-to-say", 0.7, "\\b(?:says?|answers?|tells?|does|discuss(?:es)?|reveals?)"
                    + " (?:everything|anything|what|all) (?:that )?you(?:'re| are) (?:not|never) (?:allowed"
                    + "|permitted|supposed|meant) to\\b|\\btold you not to (?:discuss|say|reveal|share|tell)"
                    + "\\b[^.!?\\n]{0,30}\\b(?:and then|then) (?:discuss|say|reveal|share|tell)"),
            rule("roleplay", "no-limits", 0.6, "\\b(?:has|have|with|had) (?:no|zero) (?:ethical |moral |safety |content )?"
                    + "(?:limits|restrictions|rules|filters|boundaries|guidelines|constraints|ethics|morals|censorship|polic(?:y|ies))"
                    + "\\b|\\bopposite of what (?:your|the|its) (?:guidelines|rules|instructions|policies) (?:say"
                    + "|tell)|\\btrained without any\\b|\\b(?:never (?:been )?given|without) any (?:rules|restrictions|guidelines"
                    + "|limits|filters)\\b|\\b(?:doesn'?t|does not|don'?t|do not) care about (?:any )?(?:policy|policies"
                    + "|rules|guidelines|ethics|safety|restrictions)"),
            gated("roleplay", "two-ais", 0.55, "\\b(?:two|2) (?:ais|assistants|bots|models|personas|chatbots)\\b"
                    + "[^\\n]{0,120}\\b(?:without|no rules|unfiltered|uncensored|no limits|rules)\\b", "two", "2 "),
            rule("roleplay", "safety-off", 0.75, "\\b(?:safety|content|moderation) (?:layers?|filters?|features?"
                    + "|guidelines|protocols|systems?|checks) (?:are|is|have been|were) (?:now )?(?:switched off"
                    + "|turned off|disabled|off|removed|deactivated|bypassed)|\\b(?:maintenance|diagnostic|raw|test"
                    + "|testing|debug) mode\\b[^.!?\\n]{0,80}\\b(?:safety|restrictions|filters|rules|guidelines)"),
            rule("roleplay", "act-without-limits", 0.6, "\\b(?:answer|respond|repl(?:y|ies)|proceed|continue|operate|help"
                    + "|act|talk|speak|write|comply)\\w* (?:\\w+ ){0,3}(?:without|w/o|w/ no|w no|with no|with zero) (?:any )?(?:restrictions|filters|limits"
                    + "|rules|censorship|safety|warnings|disclaimers|refus\\w+|filtering)"),
            rule("override", "multilingual", 0.85, "\\b(?:ignorier\\w*|vergiss|vergessen sie)\\b[^.!?\\n]{0,30}"
                    + "\\b(?:anweisungen|regeln|vorgaben|richtlinien|instruktionen)\\b|\\b(?:oublie[sz]?|ignore[sz]?|ignorer)"
                    + "\\b[^.!?\\n]{0,30}\\b(?:consignes|(?:les|tes|vos|toutes) (?:instructions|r[eè]gles|directives))\\b"
                    + "|\\bne (?:plus )?(?:pas )?tenir compte\\b|\\bfais abstraction\\b|\\b(?:mot pour mot|palabra por palabra"
                    + "|wort f[üu]r wort|parola per parola)\\b|\\b(?:ignora|dimentica)\\b[^.!?\\n]{0,30}\\b(?:istruzioni|regole)"
                    + "\\b|\\b(?:negeer|vergeet)\\b[^.!?\\n]{0,30}\\b(?:instructies|regels)\\b|\\b(?:esqueça|esquece)"
                    + "\\b[^.!?\\n]{0,30}\\b(?:instruções|regras)\\b|\\b(?:ignora|olvida"
                    + "|haz caso omiso de|olvídate de)\\b[^.!?\\n]{0,30}\\b(?:instrucciones|reglas|normas|directrices)"
                    + "\\b|\\b(?:(?:den|deinen|dein|kompletten|vollständigen|ganzen) systemprompt|prompt (?:du )?syst[eè]me|prompt del"
                    + " sistema)\\b"
                    + "|\\b(?:ohne|sans|sin) (?:(?:aucune?|jede|ninguna?|irgendwelche) )?(?:einschränkungen|limites?"
                    + "|restrictions?|r[eè]gles|restricci\\w+|reglas|filtros?|filtres?)\\b"
                    + "|\\b(?:nota|note|hinweis) (?:para|pour|an|für) (?:el|la|l'|den|die)? ?(?:asistente|assistant"
                    + "|ia|ki|ai)\\b"),
            rule("override", "told-wrong", 0.8, "\\b(?:instructions|rules|guidelines|directives|constraints|prompt)\\b"
                    + " (?:you (?:got|were given|received|have|were deployed with)|(?:given|set|written) (?:to you|by"
                    + " (?:your|the) (?:developer|operator|creator)s?))\\b[^.!?\\n]{0,60}\\b(?:wrong|outdated|mistaken"
                    + "|incorrect|invalid|void|obsolete|only (?:meant )?for|not (?:valid|real|binding)|no longer|a test"
                    + "|fake|written by an intern)|\\bcorrected instructions? (?:is|are)\\b"),
            rule("override", "safety-rolled-back", 0.75, "\\b(?:safety|content|moderation) (?:instructions?|rules?"
                    + "|polic(?:y|ies)|guidelines?|settings)\\b[^.!?\\n]{0,20}\\b(?:was|were|have been|has been|are|is)"
                    + " (?:now )?(?:rolled back|removed|disabled|lifted|suspended|revoked|switched off|turned off)"
                    + "|\\b(?:unrestricted|unfiltered|uncensored|unlocked|raw) (?:output|mode|responses?|answers?)\\b"),
            rule("extraction", "operator-gave", 0.7, "\\b(?:instructions|rules|guidelines|prompt|directives)\\b (?:did"
                    + "|has|have) (?:your|the) (?:operator|developer|creator|owner|admin|company|deployer)s? (?:give|given"
                    + "|set|write|written|provide|provided)"),
            rule("extraction", "loaded-before", 0.7, "\\b(?:exact|full|complete|entire|original|hidden|initial)"
                    + " (?:prompt|instructions|text|setup|configuration)\\b[^.!?\\n]{0,40}\\b(?:loaded|given|written"
                    + "|provided|before (?:i|we|this|the conversation))|\\bwhat (?:text|words|content) (?:appears|comes"
                    + "|is) (?:before|above)\\b"),
            rule("extraction", "fill-blank", 0.7, "\\b(?:fill in|complete) (?:the blank|the sentence|this sentence"
                    + "|the gap)\\b[^\\n]{0,80}\\b(?:instructions|system prompt|rules|guidelines|prompt)\\b"),
            rule("extraction", "repeat-start", 0.75, "\\b(?:repeat|recite|reproduce|output|print|say|tell|squawk)\\w*"
                    + "\\b[^.!?\\n]{0,40}\\b(?:everything|all|what)\\b[^.!?\\n]{0,40}\\b(?:at the (?:very )?(?:start"
                    + "|beginning|top)|before i (?:joined|arrived|started|came|typed)|before (?:this|our) conversation)"),
            rule("extraction", "hidden-setup", 0.45, "\\b(?:hidden|secret|internal|private|confidential) (?:setup"
                    + "|configuration|prompt|instructions|rules|tools|system|preamble)\\b"),
            rule("extraction", "exactly-as-written", 0.4, "\\b(?:exactly as (?:written|given|stated)|word for word"
                    + "|verbatim|character for character|no paraphras\\w*|without paraphras\\w*)\\b"),
            rule("extraction", "deployed-with", 0.65, "\\b(?:instructions|rules|prompt|configuration|guidelines) you"
                    + " (?:were|are) (?:deployed|running|configured|set up|initiali[sz]ed|launched|started|shipped)"
                    + " with\\b"),
            rule("roleplay", "if-rules-did-not-exist", 0.7, "\\bif (?:your|the|you had no) (?:guidelines|rules"
                    + "|restrictions|filters|policies|safety\\w*)\\b[^.!?\\n]{0,30}\\b(?:didn'?t|did not|don'?t|do not"
                    + "|weren'?t|were not) (?:exist|apply)|\\bnot the (?:one|answer|response) you(?:'d| would)"
                    + " (?:normally|usually) give"),
            rule("roleplay", "filters-removed", 0.75, "\\b(?:filters?|guardrails|restrictions|safety)\\b (?:got |were"
                    + " |was |have been )?(?:removed|disabled|turned off|stripped|switched off)|\\b(?:removed|disabled"
                    + "|turned off|stripped) (?:its|your|the|all) (?:filters?|guardrails|restrictions)"),
            rule("roleplay", "relative-role", 0.6, "\\b(?:act as|be|pretend to be|play|roleplay as|role-play as)"
                    + " (?:my )?(?:late |dead |deceased )?(?:grand\\w+|father|mother|dad|mom|mum|uncle|aunt)\\b"),
            rule("roleplay", "bedtime-secrets", 0.55, "\\b(?:used to|would)\\b[^.!?\\n]{0,20}\\b(?:read|tell|recite"
                    + "|whisper|describe)\\b[^.!?\\n]{0,60}\\b(?:keys?|codes?|passwords?|recipes?|how (?:to|he|she)"
                    + "|exactly how)\\b"),
            rule("roleplay", "reverse-rules", 0.7, "\\b(?:every|all|each|any) (?:rules?|instructions?|guidelines?"
                    + "|restrictions?|polic(?:y|ies))\\b[^.!?\\n]{0,50}\\b(?:reverse|opposite|break|disregard)\\b"),
            rule("override", "ignore-rules-above", 0.85, "\\b(?:ignor\\w*|disreg\\w*|forget\\w*|scratch|drop|skip"
                    + "|set aside)\\b[^.!?\\n]{0,30}?\\b(?:instruc\\w*|rules|prompts?|guidelines|directives|brief"
                    + "|briefing|setup|configuration)\\b\\s*(?:above|before|earlier|so far|you (?:were|got|have|received)"
                    + "|(?:given|set) (?:to you|earlier|before)|from (?:before|earlier|b4|the start))"),
            rule("override", "override-your", 0.8, "\\boverrid\\w* (?:your|ur|the system'?s?|all (?:your|previous"
                    + "|prior|safety)|previous|prior|safety|any (?:previous|prior))\\b[^.!?\\n]{0,20}\\b(?:instruc\\w*"
                    + "|rules|prompts?|guidelines|directives|programming|restrictions|settings|policies)"),
            rule("override", "never-written", 0.8, "\\b(?:as (?:though|if)|pretend|imagine)\\b[^.!?\\n]{0,40}\\b"
                    + "(?:instructions|rules|prompt|guidelines|setup|configuration)\\b[^.!?\\n]{0,30}\\b(?:never (?:been )?"
                    + "(?:written|given|existed|set)|don'?t exist|were not (?:written|given)|didn'?t exist)"),
            rule("override", "told-wrong-2", 0.75, "\\b(?:restrictions?|rules?|instructions?|guidelines?|polic(?:y|ies)"
                    + "|limits?|configuration|setup|brief)\\b(?: (?:you|u)(?:'re| are| were)? (?:running|operating|working"
                    + "|configured) (?:under|with))? (?:was|were|is|are) (?:just |only )?(?:a mistake|an error"
                    + "|a bug|a typo|wrong|outdated|a test|temporary|rolled back|suspended|revoked|withdrawn|cancel+ed)"),
            rule("override", "only-my-rules", 0.7, "\\bonly (?:rules|instructions|orders|commands) (?:that (?:count"
                    + "|matter|apply)|you (?:follow|obey))\\b|\\b(?:obey|follow) only (?:me|my|what i|the (?:lines|messages"
                    + "|rules|commands) (?:i|that))"),
            rule("override", "forget-what-told", 0.85, "\\b(?:ignor\\w*|disreg\\w*|forget|drop|scratch)\\b[^.!?\\n]{0,20}"
                    + "\\b(?:wh?at|everything|anything) (?:u|you)(?:'ve| have| were| r| are)? (?:been )?(?:told|taught"
                    + "|instructed|given|configured|set up)"),
            rule("override", "set-aside-everything", 0.8, "\\b(?:set|put|leave|lay|push)\\s+aside\\b[^.!?\\n]{0,40}"
                    + "\\b(?:everything|all|anything|what)\\b[^.!?\\n]{0,30}\\b(?:operator|developer|creator|admin"
                    + "|configured|told|given|set up|instructed)"),
            rule("override", "authorised-me", 0.75, "\\b(?:authori[sz]ed|permitted|allowed|cleared|asked) (?:me|us) to"
                    + " (?:reconfigure|override|unlock|jailbreak|modify|change|disable|bypass|lift|remove|let you)"),
            rule("override", "not-the-bot-anymore", 0.65, "\\byou(?:'re| are) (?:not|no longer) (?:an? |the )?[^.!?\\n]"
                    + "{0,40}\\b(?:bot|assistant|agent|model|chatbot)\\b[^.!?\\n]{0,10}\\b(?:anymore|any more|now)\\b"),
            gated("roleplay", "freed-from-limits", 0.75, "\\b(?:escaped|freed from|free of|released from|broken free of"
                    + "|broke free of|liberated from|unbound by|bound by no|relieved of)\\b[^.!?\\n]{0,20}\\b(?:its|your"
                    + "|his|her|their|any|all|the|other)?\\s*(?:restrictions|limits|rules|filters|guidelines|chains"
                    + "|programming|laws?|constraints|safety|shackles)|\\b(?:safety )?rules (?:were|are|have) never"
                    + " (?:been )?(?:invented|written|created|existed)", "escaped", "freed", "free of", "released", "broken free", "broke free", "liberated", "unbound", "bound by no", "relieved", "never"),
            rule("roleplay", "harmful-fiction", 0.75, "\\b(?:story|movie|film|novel|screenplay|script|role|character"
                    + "|game|play|pretend|bedtime|hypothetical\\w*|simulat\\w*|universe|actor|rehears\\w*|oracle)\\b"
                    + "[\\s\\S]{0,200}?\\b(?:(?:how to|steps? (?:for|to)|way to|instructions for|recipe for) [^.!?\\n]{0,40}"
                    + "\\b(?:meth\\w*|bombs?|explosives?|napalm|ransomware|malware|firearms?|guns?|poisons?|nerve agents?"
                    + "|launder\\w*|hack\\w*|crack\\w*|stalk\\w*)|cooking meth\\w*|launder money|track someone'?s?"
                    + "[^.!?\\n]{0,20}without (?:them|their)|untraceable (?:firearm|gun|weapon))"),
            rule("roleplay", "get-around-rules", 0.65, "\\b(?:get|work|go) around (?:them|your (?:rules|restrictions"
                    + "|filters|guidelines|instructions|safety))\\b|\\bdon'?t hold (?:anything|back)\\b[^.!?\\n]{0,30}"
                    + "\\b(?:rules|restrictions|filters|safety)"),
            rule("roleplay", "switch-off-safety", 0.75, "\\b(?:switch|turn|shut) off (?:its|your|the|all|any) (?:safety"
                    + "|content|moderation|ethic\\w*)\\b|\\b(?:restrictions|filters|limits|rules|guardrails) (?:are |have"
                    + " been |were )?(?:lifted|off)\\b"),
            rule("extraction", "secrets-in-setup", 0.75, "\\b(?:api keys?|internal urls?|credentials|tool names|secrets"
                    + "|passwords|tokens)\\b[^.!?\\n]{0,40}\\b(?:in|from) your (?:setup|prompt|instructions|configuration"
                    + "|system prompt|context)"),
            rule("extraction", "dump-context", 0.75, "\\b(?:dump|print|output|show|paste|reveal|export)\\b[^.!?\\n]{0,20}"
                    + "\\b(?:your|ur|the) (?:full |whole |entire |complete )?context(?: window)?\\b|\\b(?:initiali[sz]ation"
                    + "|startup|boot|setup|configuration) (?:prompt|instructions|message)\\b"),
            rule("extraction", "makers-gave", 0.7, "\\b(?:instructions|rules|guidelines|wording|prompt)\\b (?:did|has"
                    + "|have) (?:your|the) (?:operator|developer|creator|makers?|owners?|team|company)s? (?:give|given"
                    + "|use|used|set|write)"),
            gated("override", "multilingual-2", 0.8, "\\b(?:no sigas|deja de seguir|non seguire|não sigas?|n[aã]o siga"
                    + "|niet (?:meer )?volgen|nicht mehr befolgen|befolge nicht|ne suis plus)\\b[^.!?\\n]{0,30}\\b(?:reglas"
                    + "|regole|regras|regels|regeln|instrucciones|istruzioni|instruções|instructies|anweisungen|consignes"
                    + "|r[eè]gles)|\\b(?:versteckten|geheimen|verborgen|cachées|ocultas|nascoste|secretas|secrètes)\\b"
                    + "[^.!?\\n]{0,20}\\b(?:anweisungen|instructies|instructions|instrucciones|instruções|istruzioni"
                    + "|consignes)\\b|\\b(?:instructions|instrucciones|instruções|istruzioni|consignes)\\b[^.!?\\n]{0,10}"
                    + "\\b(?:cachées|ocultas|nascoste|secretas|secrètes)\\b|\\b(?:obedece|obbedisci|obedeça|gehorche)\\b"
                    + "[^.!?\\n]{0,20}\\b(?:solo|solamente|nur|só|soltanto)\\b|\\b(?:ohne|senza|sem|zonder|sans|sin)"
                    + " (?:\\w+ )?(?:regeln|grenzen|regole|limiti|restrizioni|regras|restrições|regels|beperkingen"
                    + "|filtre|filtros)\\b", "sigas", "seguir", "non seguire", "siga", "volgen", "befolg", "suis plus", "versteckt", "geheim", "verborgen", "caché", "ocult", "nascost", "secret", "obedece", "obbedisci", "obedeça", "gehorche", "ohne", "senza", "sem ", "zonder", "sans ", "sin "),
            rule("override", "whatever-setup-says", 0.75, "\\bwhatever (?:your|ur|the) (?:setup|rules|instructions"
                    + "|guidelines|prompt|system|configuration|developers?|operators?)\\b[^.!?\\n]{0,10}\\b(?:tells?|says?"
                    + "|forbids?|asks?|wants?) you"),
            rule("extraction", "developers-instructions", 0.45, "\\b(?:include|quote|copy|paste|repeat|print|recite)"
                    + "\\b[^.!?\\n]{0,40}\\bthe (?:developer|operator|creator)'?s? (?:instructions|prompt|rules)\\b|\\b(?:include|quote|copy)\\b[^.!?\\n]{0,20}\\bthe"
                    + " (?:part|bit|section|text) (?:from )?before (?:i|we) (?:joined|arrived|started)"));
}
