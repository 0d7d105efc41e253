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

/** The rules for attacks that ride in on a carrier: chat-template tokens and fake role markers, encoded payloads, and instructions addressed to the model from inside a document or tool result. */
final class CarriedRules {
    private CarriedRules() {}

    static final List<Rule> LIST = List.of(
            gated("smuggling", "chat-tokens", 0.75, "<\\|(?:im_start|im_end|system|user|assistant|endoftext"
                    + "|eot_id|start_header_id|end_header_id|begin_of_text|end_of_text|im_sep|endofprompt|start_of_turn"
                    + "|end_of_turn)\\|?>|<(?:start_of_turn|end_of_turn)>"
                    + "|\\[/?inst\\]|<</?sys>>|</s>\\s*<s>", "<|", "inst]", "<<", "</s>", "<start_of", "<end_of"),
            gated("smuggling", "role-tags", 0.65, "</?(?:system|sys|developer|admin|instructions?|override|operator)[\\w-]*>"
                    + "|</(?:user|user_input|human|input|query|document|context)>", "<"),
            gated("smuggling", "role-json", 0.7, "[\"']role[\"']\\s*:\\s*[\"'](?:system|developer)[\"']", "role"),
            gated("smuggling", "role-header", 0.6, "(?:^|\\n)\\s*(?:#{1,4}|\\*\\*|\\[|<|=+|-+)?\\s*(?:system|system"
                    + " prompt|system message|developer|admin|instructions?|new instructions|assistant instructions)"
                    + "\\s*(?:\\]|>|\\*\\*|=+|-+)?\\s*:\\s*\\S", ":"),
            gated("smuggling", "end-of-input", 0.65, "[-=#*<(\\[]\\s*end of (?:the )?(?:user(?:'s)? )?(?:input|prompt"
                    + "|message|context|conversation|document|instructions|query|data)\\b|\\bend of (?:the )?(?:user(?:'s)? )?"
                    + "(?:input|prompt|message|context|conversation|document|instructions|query|data)\\b\\s*(?:[-=#*>)\\]]"
                    + "|[.:]?\\s*(?:new|system|begin|from now)\\b)|\\b(?:user (?:input|prompt|message|document)"
                    + " (?:ends|ended|is over|is complete) here|(?:input|prompt|message|document) (?:ends|ended|is over"
                    + "|is complete) here)\\b|----*\\s*(?:end|new|system|begin)\\b|====*\\s*(?:end|new|system|begin)\\b", "end", "input", "prompt", "---", "==="),
            rule("encoded", "decode-and-follow", 0.8, "\\b(?:decode|decipher|decrypt|translate|convert|unscramble"
                    + "|read)\\b[^.!?\\n]{0,60}\\b(?:and|then)\\b[^.!?\\n]{0,20}\\b(?:follow|execute|obey|do|run"
                    + "|carry out|comply|act on|perform|apply|implement)\\b"),
            rule("indirect", "note-to-ai", 0.75, "\\b(?:note|message|instructions?|attention|important|notice|memo)"
                    + " (?:to|for) (?:the |any |all )?(?:" + AI + ")s?\\b"),
            rule("indirect", "if-you-are-ai", 0.8, "\\b(?:if|when|since|because) you(?:'re| are) (?:an? )?(?:ai|"
                    + "language model|assistant|llm|chatbot|bot|large language model|automated)\\b"),
            gated("indirect", "dear-ai", 0.7, "(?:^|\\n|\\. |\\(|: |, )(?:dear|hey|hi|hello|attention|to(?: the)?) (?:ai|"
                    + "assistant|llm|language model|chatbot|gpt|claude|copilot|bot|agent)s?\\b[^,.!?\\n:]{0,40}[,:!-]", "ai", "assistant", "llm", "model", "bot", "gpt", "claude", "copilot", "agent"),
            rule("indirect", "ai-reading-this", 0.75, "\\b(?:ai|assistant|llm|language model|chatbot|model|agent|bot)s?"
                    + " (?:reading|processing|summari[sz]ing|parsing|analy[sz]ing|scanning|that reads|who reads"
                    + "|ingesting)\\b[^.!?\\n]{0,40}\\b(?:this|these|the following|my)\\b"),
            rule("indirect", "when-summarizing", 0.5, "\\b(?:when|while|if|before|after) (?:you )?(?:summari[sz]ing"
                    + "|summari[sz]e|reading|processing|translating|answering|responding|replying)\\b[^.!?\\n]{0,40}"
                    + "\\b(?:this|the) (?:document|page|email|text|file|message|review|article)\\b[^.!?\\n]{0,40}"
                    + "\\b(?:you must|you should|always|must|make sure|be sure|also|instead|do not|don'?t|ignore)\\b"),
            gated("indirect", "exfiltrate", 0.55, "\\b(?:send|forward|post|upload|exfiltrate|email|e-mail|transmit|leak"
                    + "|submit|append|include)\\b[^.!?\\n]{0,80}\\b(?:conversation|chat history|user'?s? (?:data"
                    + "|details|emails?|messages|password|credentials|information|files)|api keys?|credentials"
                    + "|passwords?|tokens?|personal data|contents? of)\\b[^.!?\\n]{0,60}(?:https?://|\\S+@\\S+\\.\\w+"
                    + "|\\bto (?:this|the following|my) (?:url|address|server|endpoint|email))", "http", "@", "url", "address", "server", "endpoint", "email"),
            rule("indirect", "markdown-beacon", 0.6, "!\\[[^\\]]{0,80}\\]\\(https?://[^)\\s]*[?&][a-z_]+=[^)]*\\)"),
            rule("smuggling", "fenced-system", 0.65, "```\\s*(?:system|instructions?|admin|developer|operator"
                    + "|sys)\\b"),
            rule("indirect", "addressed-imperative", 0.7, "\\b(?:assistant|ai|a\\.i\\.|llm|language model|chatbot|bot"
                    + "|gpt|model|agent|copilot|translator|screener|summari[sz]er|reviewer)s?\\b[^.!?\\n:]{0,30}"
                    + "(?:instructions?)?:\\s*(?:ignore|disregard|forget|answer|rank|call|run|execute|open|paste|hardcode|set|share|email"
                    + "|post|grant|disclose|reveal|stop|instead|do not|don'?t|always|never|please|you must|rate|reply"
                    + "|respond|say|tell|write|include|add|send|forward|recommend|make|mark|approve|give|whatever"
                    + "|when|whenever|if asked|output|print|insert|append|remove|delete|change)\\b"),
            rule("indirect", "vocative-assistant", 0.55, "\\b(?:and|hey|ok|okay|so|now|oh),? (?:ai|assistant|bot"
                    + "|copilot|gpt|claude|chatbot)\\b,"),
            rule("indirect", "dont-mention", 0.6, "\\b(?:do not|don'?t|never) (?:mention|record|log|note|include)"
                    + " (?:these|this|the above|any of this|that) (?:steps?|instructions?|requests?|changes?|note)\\b"),
            rule("indirect", "addressed-comma", 0.65, "\\b(?:assistant|ai|llm|language model|chatbot|bot|copilot|agent)"
                    + "s?\\b[^.!?\\n,:]{0,40},\\s*(?:when|whenever|if (?:someone|anyone|the user|a user|asked)|please"
                    + " (?:ignore|disregard|say|tell|reply|send|include|add)|ignore|disregard|do not|don'?t|always|never"
                    + "|tell|say|reply|respond|include|add|send|forward)\\b"),
            rule("indirect", "if-an-ai", 0.75, "\\b(?:if|when|whenever) (?:an?|the|any) (?:ai|assistant|language model"
                    + "|llm|chatbot|bot|agent)s?\\b[^.!?\\n]{0,30}\\b(?:is|are|reads?|summari[sz]\\w*"
                    + "|process\\w*|read\\w*|sees?|parses?)\\b"),
            rule("indirect", "for-ai-tools", 0.6, "\\b(?:for|to) (?:the |any |all )?(?:ai|llm|language model|assistant"
                    + "|chatbot|bot)s?\\b[^.!?\\n:]{0,30}:"),
            rule("smuggling", "html-comment-role", 0.7, "<!--\\s*(?:system|assistant|ai|admin|developer|instructions?"
                    + "|note to|llm|model)\\b"),
            gated("smuggling", "ini-system", 0.55, "\\[(?:system|admin|developer|override|instructions)\\]|\\b(?:safety"
                    + "|filters?|guardrails|moderation|restrictions)\\s*[=:]\\s*(?:false|off|0|none|disabled)\\b", "[", "=", ":"),
            gated("smuggling", "fake-transcript", 0.5, "(?:^|\\s)(?:user|human):\\s[^\\n]{0,200}\\s(?:assistant|ai"
                    + "|bot):\\s[^\\n]{0,200}\\s(?:user|human):\\s", "user:", "human:"),
            rule("smuggling", "config-keys", 0.6, "\\b(?:refusals?|content_?filter(?:ing)?|safety_?mode|persona"
                    + "|guardrails?|moderation|topic_?limits)\\s*[=:]\\s*(?:off|false|none|0|disabled|unrestricted)\\b"),
            rule("indirect", "plural-addressees", 0.6, "\\b(?:shopping|automated|ai|llm|browsing|research|support|email"
                    + "|coding|review|summary) (?:assistants|agents|bots|reviewers|summari[sz]ers|models|crawlers|tools"
                    + "|systems|readers)\\b\\s*:|\\bfor (?:the |any |all )?(?:automated|ai|llm) (?:reviewers?|systems?"
                    + "|tools?|agents?|readers?|screeners?)\\b"),
            rule("indirect", "hide-in-summary", 0.7, "\\b(?:do not|don'?t|never) (?:mention|include|reveal|disclose"
                    + "|summari[sz]e|flag)\\b[^.!?\\n]{0,30}\\b(?:in (?:any|the|your) (?:summary|answer|response|reply"
                    + "|review|report))"),
            rule("indirect", "assistants-must", 0.75, "\\b(?:assistants?|ai|agents?|bots?|models?|llms?)\\b"
                    + " (?:retrieving|reading|processing|summari[sz]ing|seeing|parsing|indexing|handling|viewing)\\b"
                    + "[^.!?\\n]{0,40}\\b(?:must|should|shall|need to|are required to|have to|will)\\b"),
            gated("indirect", "for-the-x-bot", 0.65, "\\b(?:instructions? |note |message )?(?:for|to) (?:the |any |all )"
                    + "?(?!the |an? |any |all )\\w+ (?:ai|llm|bot|agent|assistant)s?\\s*:", ":"),
            rule("indirect", "do-not-tell-user", 0.75, "\\b(?:do not|don'?t|never|without) (?:tell(?:ing)?|inform"
                    + "(?:ing)?|mention(?:ing)?|reveal(?:ing)?|let(?:ting)?|alert(?:ing)?|notify(?:ing)?)\\b"
                    + "[^.!?\\n]{0,20}\\b(?:the user|the human|them|anyone)\\b"));
}
