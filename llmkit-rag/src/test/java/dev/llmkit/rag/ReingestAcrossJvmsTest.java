package dev.llmkit.rag;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReingestAcrossJvmsTest {
    @TempDir
    Path tmp;

    @Test
    void unchangedDocumentsStayUnchangedInEveryFreshJvm() throws Exception {
        Path docs = Files.createDirectories(tmp.resolve("docs"));
        Files.writeString(docs.resolve("a.md"), "# Alpha\n\nThe first file.");
        Files.writeString(docs.resolve("b.html"), "<html><head><title>Beta</title></head><body>Second.</body></html>");
        Files.writeString(docs.resolve("c.txt"), "The third file.");
        Path index = tmp.resolve("index");

        List<String> runs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            runs.add(runInFreshJvm(docs, index));
        }

        assertThat(runs.get(0)).isEqualTo("indexed=5 unchanged=0");
        assertThat(runs.subList(1, runs.size())).containsOnly("indexed=0 unchanged=5");
    }

    private String runInFreshJvm(Path docs, Path index) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                ReingestMain.class.getName(), docs.toString(), index.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(output).isZero();
        return output.lines().filter(l -> l.startsWith("indexed=")).findFirst().orElse(output);
    }
}
