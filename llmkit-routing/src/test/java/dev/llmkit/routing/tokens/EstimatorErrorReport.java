package dev.llmkit.routing.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.api.TokenCounter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Measures {@link TokenCounter#estimator()} against the exact cl100k_base and o200k_base counts on the test corpus
 * and prints the relative error (|estimate - exact| / exact) per kind of text: mean and max over samples, and the
 * error of the summed counts. A measurement, not a timed test; the table goes to standard output and to
 * {@code target/estimator-error.txt}. Run it alone with
 * {@code mvn -pl llmkit-routing -am test -Dtest=EstimatorErrorReport -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class EstimatorErrorReport {

    @Test
    void measuresTheEstimatorsErrorAgainstBothEncodings() throws IOException {
        TokenCounter estimator = TokenCounter.estimator();
        Map<String, List<String>> kinds = Corpus.byKind();
        List<String> all = Corpus.samples();
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "TokenCounter.estimator() vs exact counts, %d samples%n", all.size()));
        out.append(String.format(Locale.ROOT, "%-12s %-20s %4s %9s %9s %9s %9s%n",
                "encoding", "kind", "samples", "mean err", "max err", "sum err", "bias"));
        for (OpenAiEncoding encoding : OpenAiEncoding.values()) {
            OpenAiTokenCounter exact = OpenAiTokenCounter.of(encoding);
            for (Map.Entry<String, List<String>> kind : kinds.entrySet()) {
                out.append(row(encoding, kind.getKey(), kind.getValue(), exact, estimator));
            }
            out.append(row(encoding, "all", all, exact, estimator));
            List<String> latin = new ArrayList<>();
            kinds.forEach((k, v) -> {
                if (!k.equals("non-english")) {
                    latin.addAll(v);
                }
            });
            out.append(row(encoding, "all-but-non-english", latin, exact, estimator));
        }
        System.out.print(out);
        Path target = Path.of("target");
        if (Files.isDirectory(target)) {
            Files.writeString(target.resolve("estimator-error.txt"), out, StandardCharsets.UTF_8);
        }
        assertThat(all).hasSizeGreaterThan(300);
    }

    private static String row(OpenAiEncoding encoding, String kind, List<String> samples, OpenAiTokenCounter exact,
            TokenCounter estimator) {
        double sumErr = 0;
        double maxErr = 0;
        long exactSum = 0;
        long estimateSum = 0;
        for (String s : samples) {
            int e = exact.count(s);
            int g = estimator.count(s);
            double err = Math.abs(g - e) / (double) e;
            sumErr += err;
            maxErr = Math.max(maxErr, err);
            exactSum += e;
            estimateSum += g;
        }
        double totalErr = Math.abs(estimateSum - exactSum) / (double) exactSum;
        double bias = (estimateSum - exactSum) / (double) exactSum;
        return String.format(Locale.ROOT, "%-12s %-20s %4d %8.1f%% %8.1f%% %8.1f%% %+8.1f%%%n",
                encoding.encodingName(), kind, samples.size(), 100 * sumErr / samples.size(), 100 * maxErr,
                100 * totalErr, 100 * bias);
    }
}
