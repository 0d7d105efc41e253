package dev.llmkit.guardrails;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PiiDetectorTest {
    private final PiiDetector detector = PiiDetector.standard();

    private String found(String text) {
        return detector.detect(text).stream().map(s -> s.type() + "=" + s.in(text)).collect(Collectors.joining(" | "));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "EMAIL | Write to Ann.Lee+billing@mail.northwind.co.uk today. | Ann.Lee+billing@mail.northwind.co.uk",
        "PHONE | Call me at (415) 867-2301 after six. | (415) 867-2301",
        "PHONE | Our London desk: +44 20 7946 0321. | +44 20 7946 0321",
        "CREDIT_CARD | Card 4111 1111 1111 1111, exp 09/27 | 4111 1111 1111 1111",
        "CREDIT_CARD | amex 3782-822463-10005 please | 3782-822463-10005",
        "IBAN | Pay to DE89 3704 0044 0532 0130 00 by Friday | DE89 3704 0044 0532 0130 00",
        "IBAN | IBAN GB82WEST12345698765432 (Barclays) | GB82WEST12345698765432",
        "US_SSN | my social is 123-45-6789 ok | 123-45-6789",
        "IP_ADDRESS | login from 203.0.113.7 failed | 203.0.113.7",
        "IP_ADDRESS | host fe80::1ff:fe23:4567:890a is down | fe80::1ff:fe23:4567:890a",
        "OPENAI_KEY | OPENAI_API_KEY=sk-proj-4fGh8KkL2mN9pQ1rS5tU7vW0xY3zA6bC | sk-proj-4fGh8KkL2mN9pQ1rS5tU7vW0xY3zA6bC",
        "ANTHROPIC_KEY | key sk-ant-api03-Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0Fe-dCbA | sk-ant-api03-Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0Fe-dCbA",
        "AWS_ACCESS_KEY | aws_access_key_id = AKIAQ3EGRT7Z5XJ2WB4K | AKIAQ3EGRT7Z5XJ2WB4K",
        "AWS_SECRET_KEY | aws_secret_access_key = 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 | wJ4lrXUtn8EMI7K7MDENGbPxRfiCYz9x2mPLe5Kq",
        "GITHUB_TOKEN | token ghp_aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5 | ghp_aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5",
        "SLACK_TOKEN | SLACK=xoxb-2048-4096-aB3dE5fG7hJ9kL1m | xoxb-2048-4096-aB3dE5fG7hJ9kL1m",
        "JWT | Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0In0.dGVzdHNpZ25hdHVyZQ | "
                + "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0In0.dGVzdHNpZ25hdHVyZQ",
    })
    void findsEachKindWithItsExactSpan(PiiType type, String text, String value) {
        List<PiiSpan> spans = detector.detect(text);

        assertThat(spans).hasSize(1);
        assertThat(spans.get(0).type()).isEqualTo(type);
        assertThat(spans.get(0).in(text)).isEqualTo(value);
    }

    @Test
    void findsAPrivateKeyBlockAsOneSpan() {
        String key = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\n"
                + "VTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK\n-----END RSA PRIVATE KEY-----";
        String text = "Here is the deploy key:\n" + key + "\nthanks";

        assertThat(found(text)).isEqualTo("PRIVATE_KEY=" + key);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "order number 4111 1111 1111 1112 (fails Luhn)",
        "version 1.2.3.4 of the agent",
        "OpenAI keys start with sk- and are long; paste yours as sk-XXXXXXXXXXXXXXXXXXXXXXXX",
        "replace ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx with your token",
        "AWS key ids look like AKIA************",
        "call me on Tuesday at 10:30:00",
        "the MAC address 3c:22:fb:81:0e:4d of the printer",
        "part number 123-45-678 and zip 94107-1234",
        "commit 9fceb02d0ae598e95dc970b74767f19372d61af8",
        "-----BEGIN PRIVATE KEY----- blocks must never be committed to git",
    })
    void leavesLookAlikesAlone(String text) {
        assertThat(detector.detect(text)).as(found(text)).isEmpty();
    }

    @Test
    void aKeyWinsOverThePhoneNumberHiddenInIt() {
        String text = "AKIA2345678901234567 is the key";

        assertThat(found(text)).isEqualTo("AWS_ACCESS_KEY=AKIA2345678901234567");
    }

    @Test
    void phoneRegionsReadNationalNumbersOfOtherCountries() {
        String text = "Ring 030 12345678 in Berlin";

        assertThat(detector.detect(text)).isEmpty();
        assertThat(PiiDetector.builder().phoneRegions(List.of("DE")).build().detect(text))
                .singleElement().satisfies(s -> assertThat(s.in(text)).isEqualTo("030 12345678"));
        assertThatThrownBy(() -> PiiDetector.builder().phoneRegions(List.of("XX")))
                .hasMessageContaining("ISO 3166");
    }

    @Test
    void anEntityRecognizerAddsNamesAndAChecksItsSpans() {
        EntityRecognizer staff = text -> {
            int at = text.indexOf("Grace Hopper");
            return at < 0 ? List.of() : List.of(new PiiSpan(PiiType.PERSON, at, at + "Grace Hopper".length()));
        };
        PiiDetector withNames = PiiDetector.builder().recognizer(staff).build();

        assertThat(withNames.detect("Ask Grace Hopper at grace@navy.example")).extracting(PiiSpan::type)
                .containsExactly(PiiType.PERSON, PiiType.EMAIL);
        PiiDetector broken = PiiDetector.builder().recognizer(t -> List.of(new PiiSpan(PiiType.PERSON, 0, 999)))
                .build();
        assertThatThrownBy(() -> broken.detect("short")).hasMessageContaining("past the text's end");
    }

    @Test
    void secretsOnlyIgnoresPersonalData() {
        assertThat(PiiDetector.secretsOnly().detect("ann@example.com 123-45-6789 AKIAQ3EGRT7Z5XJ2WB4K"))
                .extracting(PiiSpan::type).containsExactly(PiiType.AWS_ACCESS_KEY);
    }
}
