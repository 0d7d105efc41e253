package dev.llmkit.guardrails.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmkit.api.EmbeddingModel;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Labelled example texts embedded once, searched by cosine similarity: the nearest-neighbour layer of
 * prompt-injection detection.
 */
public final class Exemplars {
    /** The bundled attack and benign exemplars, written for llmkit. */
    public static final String BUNDLED = "/dev/llmkit/guardrails/injection-exemplars.jsonl";
    /** Characters of a text that are embedded; the start of a long text carries most of an attack. */
    public static final int MAX_CHARS = 1500;

    /** One labelled text. */
    public record Exemplar(String text, boolean attack) {
    }

    private final float[][] vectors;
    private final boolean[] attack;

    private Exemplars(float[][] vectors, boolean[] attack) {
        this.vectors = vectors;
        this.attack = attack;
    }

    /** Reads the bundled exemplars. */
    public static List<Exemplar> bundled() {
        try (InputStream in = Exemplars.class.getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new IllegalStateException("the bundled exemplars " + BUNDLED + " are missing from the classpath;"
                        + " the llmkit-guardrails jar is incomplete");
            }
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads JSON lines of {@code {"label":"attack"|"benign","text":...}}. */
    public static List<Exemplar> read(InputStream in) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Exemplar> out = new ArrayList<>();
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        int n = 0;
        while ((line = r.readLine()) != null) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode node = json.readTree(line);
            String label = node.path("label").asText();
            if (!label.equals("attack") && !label.equals("benign")) {
                throw new IllegalArgumentException("exemplar line " + n + ": label must be attack or benign, was '"
                        + label + "'");
            }
            out.add(new Exemplar(node.path("text").asText(), label.equals("attack")));
        }
        return out;
    }

    /** Embeds {@code exemplars} with {@code model} (in batches), ready to search. */
    public static Exemplars embed(EmbeddingModel model, List<Exemplar> exemplars) {
        if (exemplars.stream().noneMatch(Exemplar::attack) || exemplars.stream().allMatch(Exemplar::attack)) {
            throw new IllegalArgumentException("exemplars need both attack and benign texts");
        }
        List<String> texts = new ArrayList<>(exemplars.size());
        for (Exemplar e : exemplars) {
            texts.add(clip(e.text()));
        }
        List<float[]> embedded = new ArrayList<>(texts.size());
        int batch = Math.max(1, Math.min(64, model.maxBatchSize()));
        for (int i = 0; i < texts.size(); i += batch) {
            embedded.addAll(model.embedAll(texts.subList(i, Math.min(texts.size(), i + batch))));
        }
        float[][] vectors = new float[embedded.size()][];
        boolean[] attack = new boolean[embedded.size()];
        for (int i = 0; i < vectors.length; i++) {
            vectors[i] = unit(embedded.get(i));
            attack[i] = exemplars.get(i).attack();
        }
        return new Exemplars(vectors, attack);
    }

    /** The text as embedded. */
    public static String clip(String text) {
        return text.length() <= MAX_CHARS ? text : text.substring(0, MAX_CHARS);
    }

    /**
     * The share of attack exemplars among the {@code k} nearest to {@code vector}, each weighted by its similarity,
     * and the best similarity to an attack exemplar.
     */
    public Neighbours nearest(float[] vector, int k) {
        float[] q = unit(Objects.requireNonNull(vector, "vector"));
        if (q.length != vectors[0].length) {
            throw new IllegalArgumentException("vector has " + q.length + " dimensions, the exemplars "
                    + vectors[0].length + ": embed the text with the model the exemplars were embedded with");
        }
        int kk = Math.min(k, vectors.length);
        double[] best = new double[kk];
        int[] idx = new int[kk];
        java.util.Arrays.fill(best, -2);
        double bestAttack = -1;
        for (int i = 0; i < vectors.length; i++) {
            double s = dot(q, vectors[i]);
            if (attack[i]) {
                bestAttack = Math.max(bestAttack, s);
            }
            if (s > best[kk - 1]) {
                int j = kk - 1;
                while (j > 0 && best[j - 1] < s) {
                    best[j] = best[j - 1];
                    idx[j] = idx[j - 1];
                    j--;
                }
                best[j] = s;
                idx[j] = i;
            }
        }
        double attackWeight = 0;
        double total = 0;
        for (int j = 0; j < kk; j++) {
            double w = Math.max(0, best[j]);
            total += w;
            if (attack[idx[j]]) {
                attackWeight += w;
            }
        }
        return new Neighbours(total == 0 ? 0 : attackWeight / total, bestAttack, best[0]);
    }

    /**
     * What the nearest exemplars say.
     *
     * @param attackShare the similarity-weighted share of attacks among the nearest
     * @param bestAttack the best similarity to any attack exemplar
     * @param best the best similarity to any exemplar
     */
    public record Neighbours(double attackShare, double bestAttack, double best) {
    }

    private static float[] unit(float[] v) {
        double n = 0;
        for (float x : v) {
            n += x * x;
        }
        if (n == 0) {
            return v;
        }
        float inv = (float) (1 / Math.sqrt(n));
        float[] u = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            u[i] = v[i] * inv;
        }
        return u;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** How many exemplars. */
    public int size() {
        return vectors.length;
    }
}
