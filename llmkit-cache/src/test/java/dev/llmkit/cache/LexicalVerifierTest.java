package dev.llmkit.cache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LexicalVerifierTest {
    private final HitVerifier verifier = HitVerifier.lexical();

    @ParameterizedTest(name = "same: {0} | {1}")
    @CsvSource(delimiter = '|', value = {
        "How do I rotate my API key? | how can i rotate my api key",
        "What is 12 times 4? | what's 12 * 4",
        "How many minutes does the ferry take? | How long is the ferry ride?",
        "Ship to Lisbon in 3 days? | Can you ship to Lisbon within three days?",
        "Convert 10 km to miles | How many miles are 10 kilometres?",
        "Is the gym open on Sundays? | Does the gym open on a Sunday?",
        "What does the Kafka consumer lag metric mean? | explain consumer lag in kafka",
        "What is a NullReferenceException? | what does null reference exception mean",
        "How do I stop the printer from jamming? | How can I keep my printer from jamming?",
        "Who founded the NBA? | Who founded the National Basketball Association?",
        "What is x squared plus 3? | what is x^2 + 3",
        "Price of a 2 TB drive in USD? | How many dollars is a 2 TB drive?",
        "How do I list pods in k8s? | how to list k8s pods",
        "Are the offices of Rwanda's embassy open? | Is the Rwandan embassy office open?",
    })
    void questionsThatAskTheSameThingPass(String stored, String asked) {
        assertThat(verifier.difference(stored.strip(), asked.strip())).isEmpty();
    }

    @ParameterizedTest(name = "differ ({2}): {0} | {1}")
    @CsvSource(delimiter = '|', value = {
        "What is 2+2? | What is 2+3? | numbers",
        "Reserve a table for four | Reserve a table for five | numbers",
        "Who was the second person on the summit? | Who was the third person on the summit? | numbers",
        "What is 5 - 3? | What is 5 + 3? | numbers",
        "Cancel my order | Don't cancel my order | negation",
        "How do I enable the firewall? | How do I disable the firewall? | negation",
        "How do I subscribe to alerts? | How do I unsubscribe from alerts? | negation",
        "Can I fly with a power bank? | Can I fly without a power bank? | negation",
        "Which drinks help me sleep? | Which drinks keep me from sleeping? | negation",
        "What are the benefits of fasting? | What are the risks of fasting? | negation",
        "How do I deploy to Azure? | How do I deploy to Heroku? | entities",
        "Is Iran in OPEC? | Is Iraq in OPEC? | entities",
        "Does India require a visa? | Does Indiana require a visa? | entities",
        "Is the office open on Monday? | Is the office open on Friday? | dates",
        "What was revenue in Q1 2024? | What was revenue in Q2 2024? | dates",
        "Weather tomorrow in Oslo | Weather yesterday in Oslo | dates",
        "Sales next month? | Sales last month? | dates",
        "What is 30 degrees Celsius in Fahrenheit? | What is 30 degrees Fahrenheit in Celsius? | units",
        "Is 50 GB enough? | Is 50 MB enough? | units",
        "What does the plan cost per month? | What does the plan cost per year? | units",
        "Convert milliseconds to a date | Convert seconds to a date | units",
        "How much is 100 EUR? | How much is 100 GBP? | units",
    })
    void questionsThatNeedDifferentAnswersAreTold(String stored, String asked, String kind) {
        assertThat(verifier.difference(stored.strip(), asked.strip())).hasValueSatisfying(
                reason -> assertThat(reason).contains(kind.strip().equals("entities") ? "named entities"
                        : kind.strip().equals("negation") ? "negation" : kind.strip()));
    }

    @org.junit.jupiter.api.Test
    void reasonsNeverQuoteTheQuestions() {
        assertThat(verifier.difference("Send 4411 to account 9", "Send 4412 to account 9"))
                .hasValue("numbers differ");
    }
}
