package dev.llmkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The BOM must list exactly the published modules of the reactor, so it can never drift. */
class BomConsistencyTest {
    private static final Set<String> UNPUBLISHED = Set.of("llmkit-bom", "llmkit-examples", "llmkit-benchmarks");

    @Test
    void bomListsExactlyThePublishedModules() throws Exception {
        String parent = Files.readString(Path.of("..", "pom.xml"));
        String bom = Files.readString(Path.of("..", "llmkit-bom", "pom.xml"));
        Set<String> modules = new TreeSet<>();
        Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(parent);
        while (m.find()) {
            if (!UNPUBLISHED.contains(m.group(1))) {
                modules.add(m.group(1));
            }
        }
        Set<String> listed = new TreeSet<>();
        Matcher b = Pattern.compile("<artifactId>([^<]+)</artifactId>").matcher(
                bom.substring(bom.indexOf("<dependencyManagement>")));
        while (b.find()) {
            if (b.group(1).startsWith("llmkit-")) {
                listed.add(b.group(1));
            }
        }

        assertThat(listed).isEqualTo(modules);
    }
}
