package dev.llmkit.routing.rollout;

import dev.llmkit.api.CallContext;
import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.ModelInfo;
import dev.llmkit.api.StreamHandle;
import dev.llmkit.api.StreamHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;


/**
 * An A/B split: arms with weights in percent, and a sticky assignment, so the same user (or tenant) always gets the
 * same arm while the weights stay. The arms are anything: models, prompt versions, settings.
 *
 * <pre>{@code
 * Experiment<String> prompts = Experiment.<String>builder("answer-prompt", Experiment.Sticky.USER)
 *         .arm("v1", 90, "v1").arm("v2", 10, "v2").build();
 * PromptTemplate t = templates.template("answer", prompts.assign(request).value());
 *
 * Experiment<ChatModel> models = Experiment.<ChatModel>builder("model-ab", Experiment.Sticky.TENANT)
 *         .arm("gpt", 50, gpt).arm("claude", 50, claude).build();
 * ChatModel model = Experiment.route(models);    // stamps llmkit.experiment and llmkit.arm on every response
 * }</pre>
 *
 * <p>Assignment hashes (SHA-256) the experiment's name and the sticky key into one of 10,000 buckets; the arms own
 * consecutive ranges of buckets by weight. A request without the sticky key (no user, say) is assigned by its call id:
 * random across calls, fixed within one. Immutable and thread-safe.
 *
 * @param <T> what an arm carries
 */
public final class Experiment<T> {
    /** The response attribute naming the experiment. */
    public static final String ATTR_EXPERIMENT = "llmkit.experiment";
    /** The response attribute naming the arm. */
    public static final String ATTR_ARM = "llmkit.arm";
    static final int BUCKETS = 10_000;

    /** What keeps an assignment. */
    public enum Sticky {
        /** The request's end user ({@code CallContext.user()}). */
        USER,
        /** The request's tenant. */
        TENANT
    }

    /**
     * An arm.
     *
     * @param name the arm's name, reported on responses
     * @param percent its share of traffic
     * @param value what it carries
     * @param <T> the value's type
     */
    public record Arm<T>(String name, double percent, T value) {}

    private final String name;
    private final Sticky sticky;
    private final List<Arm<T>> arms;
    private final int[] upper;

    private Experiment(Builder<T> b) {
        this.name = b.name;
        this.sticky = b.sticky;
        this.arms = List.copyOf(b.arms);
        double total = arms.stream().mapToDouble(Arm::percent).sum();
        if (arms.isEmpty() || Math.abs(total - 100) > 1e-6) {
            throw new IllegalArgumentException("experiment " + name + ": the arms' percentages must add up to 100, "
                    + "they add up to " + total);
        }
        upper = new int[arms.size()];
        double cumulative = 0;
        for (int i = 0; i < arms.size(); i++) {
            cumulative += arms.get(i).percent();
            upper[i] = (int) Math.round(cumulative * BUCKETS / 100);
        }
    }

    /** An experiment named {@code name}, sticky by {@code sticky}. */
    public static <T> Builder<T> builder(String name, Sticky sticky) {
        return new Builder<>(name, sticky);
    }

    /** The experiment's name. */
    public String name() {
        return name;
    }

    /** The arms, in order. */
    public List<Arm<T>> arms() {
        return arms;
    }

    /** The arm for this request. */
    public Arm<T> assign(ChatRequest request) {
        return assign(key(request.context()));
    }

    /** The arm for this sticky key. */
    public Arm<T> assign(String key) {
        int bucket = bucket(name, key);
        for (int i = 0; i < upper.length; i++) {
            if (bucket < upper[i]) {
                return arms.get(i);
            }
        }
        return arms.get(arms.size() - 1);
    }

    private String key(CallContext context) {
        return (sticky == Sticky.USER ? context.user() : context.tenant()).orElse("call:" + context.callId());
    }

    /** The bucket, 0 to 9,999, of {@code key} in the experiment named {@code experiment}. */
    static int bucket(String experiment, String key) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest((experiment + "\u0000" + key)
                    .getBytes(StandardCharsets.UTF_8));
            long v = ((h[0] & 0xffL) << 24) | ((h[1] & 0xffL) << 16) | ((h[2] & 0xffL) << 8) | (h[3] & 0xffL);
            return (int) (v % BUCKETS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * A model that sends each request to its arm's model and stamps the experiment, the arm and the request's prompt
     * id and version (when it has them) on the response.
     */
    public static ChatModel route(Experiment<ChatModel> experiment) {
        return new Routed(Objects.requireNonNull(experiment, "experiment"));
    }

    /** A response with the experiment's attributes. */
    static ChatResponse stamp(ChatResponse r, ChatRequest request, String experiment, String arm) {
        return PromptTemplate.stampPrompt(r.withAttributes(ATTR_EXPERIMENT, experiment, ATTR_ARM, arm), request);
    }

    /** Configures an {@link Experiment}. */
    public static final class Builder<T> {
        private final String name;
        private final Sticky sticky;
        private final List<Arm<T>> arms = new ArrayList<>();

        private Builder(String name, Sticky sticky) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("an experiment needs a name");
            }
            this.name = name;
            this.sticky = Objects.requireNonNull(sticky, "sticky");
        }

        /** An arm taking {@code percent} of traffic. */
        public Builder<T> arm(String armName, double percent, T value) {
            if (!(percent >= 0 && percent <= 100)) {
                throw new IllegalArgumentException("an arm's percent is from 0 to 100, was " + percent);
            }
            if (arms.stream().anyMatch(a -> a.name().equals(armName))) {
                throw new IllegalArgumentException("experiment " + name + " has two arms named " + armName);
            }
            arms.add(new Arm<>(armName, percent, Objects.requireNonNull(value, "value")));
            return this;
        }

        /** The experiment. */
        public Experiment<T> build() {
            return new Experiment<>(this);
        }
    }

    /** The routing model. */
    private static final class Routed implements ChatModel {
        private final Experiment<ChatModel> experiment;

        Routed(Experiment<ChatModel> experiment) {
            this.experiment = experiment;
        }

        @Override
        public ChatResponse chat(ChatRequest request) {
            Arm<ChatModel> arm = experiment.assign(request);
            return stamp(arm.value().chat(request), request, experiment.name(), arm.name());
        }

        @Override
        public StreamHandle stream(ChatRequest request, StreamHandler handler) {
            Arm<ChatModel> arm = experiment.assign(request);
            return Stamping.stream(arm.value(), request, handler,
                    r -> stamp(r, request, experiment.name(), arm.name()));
        }

        @Override
        public ModelInfo info() {
            return ModelInfo.of("experiment", experiment.name());
        }

        @Override
        public String toString() {
            return "Experiment[" + experiment.name() + " " + experiment.arms().stream()
                    .map(a -> a.name() + "=" + a.percent() + "%").toList() + "]";
        }
    }
}
