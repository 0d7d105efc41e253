package dev.llmkit.routing.rollout;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Named prompts with versions, loaded from files, and which version of each is active.
 *
 * <p>A template is a file {@code <id>/<version>.prompt}: declarations, a line {@code ---}, then the text.
 *
 * <pre>
 * # answers a support question
 * &#64;var question string
 * &#64;var words integer
 * ---
 * Answer in at most {{words}} words: {{question}}
 * </pre>
 *
 * <p>Types are {@code string}, {@code integer}, {@code number} and {@code boolean}. The active version of a prompt is
 * the one configuration names ({@link #withActive}), else the highest version (compared with numbers as numbers, so
 * {@code v10} comes after {@code v9}); an experiment may pick another per call ({@link #template(String, String)}).
 * Immutable and thread-safe.
 */
public final class PromptTemplates {
    private static final Comparator<String> VERSIONS = PromptTemplates::compareVersions;
    private final Map<String, Map<String, PromptTemplate>> byId;
    private final Map<String, String> active;

    private PromptTemplates(Map<String, Map<String, PromptTemplate>> byId, Map<String, String> active) {
        this.byId = byId;
        this.active = Map.copyOf(active);
        active.forEach((id, v) -> template(id, v));
    }

    /** These templates. */
    public static PromptTemplates of(List<PromptTemplate> templates) {
        Map<String, Map<String, PromptTemplate>> byId = new HashMap<>();
        for (PromptTemplate t : templates) {
            if (byId.computeIfAbsent(t.id(), k -> new TreeMap<>(VERSIONS)).put(t.version(), t) != null) {
                throw new IllegalArgumentException("prompt " + t.id() + "@" + t.version() + " is defined twice");
            }
        }
        return new PromptTemplates(byId, Map.of());
    }

    /** Every {@code <id>/<version>.prompt} under {@code folder}. */
    public static PromptTemplates fromFolder(Path folder) {
        List<PromptTemplate> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(folder, 2)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".prompt")).sorted().toList()) {
                Path rel = folder.relativize(f);
                if (rel.getNameCount() != 2) {
                    throw new IllegalArgumentException(f + " must be <id>/<version>.prompt under " + folder);
                }
                out.add(parse(rel.getName(0).toString(), version(rel.getName(1).toString()),
                        Files.readString(f, StandardCharsets.UTF_8)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the prompts in " + folder + ": " + e.getMessage(), e);
        }
        return of(out);
    }

    /** The templates {@code <root>/<id>/<version>.prompt} on the class path, for each {@code "id/version"} named. */
    public static PromptTemplates fromClasspath(String root, String... idSlashVersion) {
        List<PromptTemplate> out = new ArrayList<>();
        for (String name : idSlashVersion) {
            String[] parts = name.split("/");
            if (parts.length != 2) {
                throw new IllegalArgumentException("name prompts as id/version, not '" + name + "'");
            }
            String resource = root + "/" + name + ".prompt";
            try (InputStream in = PromptTemplates.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalArgumentException("no prompt " + resource + " on the class path");
                }
                out.add(parse(parts[0], parts[1], new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + resource + ": " + e.getMessage(), e);
            }
        }
        return of(out);
    }

    private static String version(String file) {
        return file.substring(0, file.length() - ".prompt".length());
    }

    /** Parses one template file's content. */
    static PromptTemplate parse(String id, String version, String content) {
        String[] lines = content.split("\\R", -1);
        Map<String, PromptTemplate.Type> vars = new LinkedHashMap<>();
        int body = -1;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.equals("---")) {
                body = i + 1;
                break;
            }
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+");
            if (parts.length != 3 || !parts[0].equals("@var")) {
                throw new IllegalArgumentException("prompt " + id + "@" + version + " line " + (i + 1) + ": expected '@var "
                        + "<name> <string|integer|number|boolean>' or '---', got '" + line + "'");
            }
            try {
                vars.put(parts[1], PromptTemplate.Type.valueOf(parts[2].toUpperCase(java.util.Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("prompt " + id + "@" + version + " line " + (i + 1) + ": unknown type '"
                        + parts[2] + "'; use string, integer, number or boolean", e);
            }
        }
        String text = body < 0 ? content : String.join("\n", List.of(lines).subList(body, lines.length));
        return PromptTemplate.of(id, version, body < 0 ? text : text.strip(), vars);
    }

    /** The same templates with these versions active ({@code id -> version}). */
    public PromptTemplates withActive(Map<String, String> versions) {
        Map<String, String> merged = new HashMap<>(active);
        merged.putAll(versions);
        return new PromptTemplates(byId, merged);
    }

    /** The active version of {@code id}. */
    public PromptTemplate template(String id) {
        Map<String, PromptTemplate> versions = versions(id);
        String v = active.get(id);
        return v != null ? versions.get(v) : ((TreeMap<String, PromptTemplate>) versions).lastEntry().getValue();
    }

    /** Version {@code version} of {@code id}. */
    public PromptTemplate template(String id, String version) {
        PromptTemplate t = versions(id).get(Objects.requireNonNull(version, "version"));
        if (t == null) {
            throw new IllegalArgumentException("prompt " + id + " has no version " + version + "; it has "
                    + versions(id).keySet());
        }
        return t;
    }

    private Map<String, PromptTemplate> versions(String id) {
        Map<String, PromptTemplate> v = byId.get(id);
        if (v == null) {
            throw new IllegalArgumentException("no prompt named " + id + "; known: " + new java.util.TreeSet<>(byId.keySet()));
        }
        return v;
    }

    /** The versions of {@code id}, oldest first. */
    public List<String> versionsOf(String id) {
        return List.copyOf(versions(id).keySet());
    }

    static int compareVersions(String a, String b) {
        String[] x = a.split("(?<=\\D)(?=\\d)|(?<=\\d)(?=\\D)");
        String[] y = b.split("(?<=\\D)(?=\\d)|(?<=\\d)(?=\\D)");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = x[i].matches("\\d+") && y[i].matches("\\d+")
                    ? new java.math.BigInteger(x[i]).compareTo(new java.math.BigInteger(y[i])) : x[i].compareTo(y[i]);
            if (c != 0) {
                return c;
            }
        }
        int c = Integer.compare(x.length, y.length);
        return c != 0 ? c : a.compareTo(b); // v1 and v01 are different versions
    }
}
