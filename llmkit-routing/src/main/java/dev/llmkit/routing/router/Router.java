package dev.llmkit.routing.router;

import dev.llmkit.api.ChatModel;
import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.ChatResponse;
import dev.llmkit.api.ModelInfo;
import dev.llmkit.api.StreamHandle;
import dev.llmkit.api.StreamHandler;
import dev.llmkit.api.error.LlmException;
import dev.llmkit.api.event.ChatModelListener;
import dev.llmkit.api.event.RouteEvent;
import dev.llmkit.resilience.Fallback;
import dev.llmkit.routing.internal.Forwarding;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Sends each request to the route its features call for: ordered rules (tags, tenant or tier, tools, JSON output,
 * images, estimated input tokens, script, a classifier's label, any predicate), the first match winning, and a
 * default route when none matches. Each route names its target and a fallback chain (tried in order on failures a
 * {@link Fallback} fails over on, and for streams only before the first token). The chosen route and the reason are
 * on the response ({@link ChatResponse#ATTR_ROUTE}, {@link #ATTR_ROUTE_REASON}) and in a {@link RouteEvent}.
 *
 * <pre>{@code
 * ChatModel router = Router.builder()
 *         .route("small", smallModel)
 *         .route("large", largeModel, managedFallback)
 *         .rule(Condition.hasImages(), "large")
 *         .rule(Condition.classifiedAs("simple", new HeuristicClassifier()), "small")
 *         .otherwise("large")
 *         .build();
 * }</pre>
 *
 * <p>Rules run on the calling thread, for streams too; a classifier that calls a model (a {@link ModelClassifier})
 * therefore delays the stream's start by its call. A request is classified at most once per classifier per call.
 * Thread-safe.
 */
public final class Router implements ChatModel {
    /** Response attribute: why the route was chosen, e.g. {@code "rule 2: classified simple (1 points)"}. */
    public static final String ATTR_ROUTE_REASON = "llmkit.route.reason";
    private static final String NO_RULE = "no rule matched";

    private final Map<String, ChatModel> routes;
    private final List<Rule> rules;
    private final Classifier[] classifiers;
    private final String otherwise;
    private final ChatModelListener listener;

    private Router(Builder b) {
        this.routes = Map.copyOf(b.routes);
        List<Classifier> distinct = new ArrayList<>();
        List<Rule> numbered = new ArrayList<>();
        for (int i = 0; i < b.rules.size(); i++) {
            Rule r = b.rules.get(i);
            int k = -1;
            if (r.condition instanceof Condition.ClassifiedAs c) {
                k = indexOf(distinct, c.classifier());
                if (k < 0) {
                    distinct.add(c.classifier());
                    k = distinct.size() - 1;
                }
            }
            numbered.add(new Rule(r.condition, r.route, "rule " + (i + 1) + ": " + r.condition.describe(), k));
        }
        this.rules = List.copyOf(numbered);
        this.classifiers = distinct.toArray(new Classifier[0]);
        this.otherwise = Objects.requireNonNull(b.otherwise,
                "a router needs a default route: add .otherwise(\"route name\")");
        this.listener = ChatModelListener.safe(b.listener);
        for (Rule r : rules) {
            requireRoute(r.route);
        }
        requireRoute(otherwise);
    }

    private static int indexOf(List<Classifier> list, Classifier c) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) == c) {
                return i;
            }
        }
        return -1;
    }

    private void requireRoute(String name) {
        if (!routes.containsKey(name)) {
            throw new IllegalArgumentException("no route named '" + name + "'; declare it with .route(\"" + name
                    + "\", model) (routes: " + routes.keySet() + ")");
        }
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** A routing decision: the route and why. */
    record Decision(String route, String reason) {
    }

    /** The route for {@code request} and why, without calling any route. */
    Decision decide(ChatRequest request) {
        Classification[] seen = null;
        for (Rule rule : rules) {
            if (rule.classifier >= 0) {
                if (seen == null) {
                    seen = new Classification[classifiers.length];
                }
                Classification k = seen[rule.classifier];
                if (k == null) {
                    k = classifiers[rule.classifier].classify(request);
                    seen[rule.classifier] = k;
                }
                if (((Condition.ClassifiedAs) rule.condition).label().equals(k.label())) {
                    return new Decision(rule.route, rule.prefix + " (" + k.why() + ")");
                }
            } else if (rule.condition.test(request)) {
                return new Decision(rule.route, rule.prefix);
            }
        }
        return new Decision(otherwise, NO_RULE);
    }

    private ChatModel chosen(ChatRequest request, Decision d) {
        ChatModel target = routes.get(d.route);
        if (listener == ChatModelListener.NONE) {
            return target;
        }
        listener.onRoute(RouteEvent.builder().request(request).route(d.route).model(target.info().model())
                .reason(d.reason).build());
        return target;
    }

    private static ChatResponse stamped(ChatResponse r, Decision d) {
        return r.withAttributes(ChatResponse.ATTR_ROUTE, d.route, ATTR_ROUTE_REASON, d.reason);
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        Decision d = decideOrFail(request);
        return stamped(chosen(request, d).chat(request), d);
    }

    /** {@link #decide}, with a faulty custom condition or classifier reported as a typed, non-retryable failure. */
    private Decision decideOrFail(ChatRequest request) {
        try {
            return decide(request);
        } catch (LlmException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new LlmException("The router could not choose a route: " + e, e, false,
                    dev.llmkit.api.error.ErrorInfo.NONE);
        }
    }

    @Override
    public StreamHandle stream(ChatRequest request, StreamHandler handler) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(handler, "handler");
        Decision d;
        try {
            d = decideOrFail(request);
        } catch (LlmException e) {
            return Forwarding.failed(handler, e); // the one failure path of a stream is onError
        }
        return new Forwarding(handler) {
            @Override
            protected void completed(ChatResponse response) {
                out.onComplete(stamped(response, d));
            }
        }.startOn(chosen(request, d), request);
    }

    @Override
    public ModelInfo info() {
        return routes.get(otherwise).info();
    }

    @Override
    public String toString() {
        return "Router" + routes.keySet() + " " + rules.size() + " rules, otherwise " + otherwise;
    }

    private record Rule(Condition condition, String route, String prefix, int classifier) {
    }

    /** Builds a {@link Router}. Not thread-safe. */
    public static final class Builder {
        private final Map<String, ChatModel> routes = new LinkedHashMap<>();
        private final List<Rule> rules = new ArrayList<>();
        private String otherwise;
        private ChatModelListener listener = ChatModelListener.NONE;

        private Builder() {}

        /**
         * Declares a route: its target and, after it, the fallback chain tried in order when the target fails with an
         * error worth failing over on (server errors, rate limits, timeouts, a too-long context).
         */
        public Builder route(String name, ChatModel target, ChatModel... fallbacks) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(target, "target");
            if (routes.containsKey(name)) {
                throw new IllegalArgumentException("route '" + name + "' is declared twice");
            }
            routes.put(name, fallbacks.length == 0 ? target : Fallback.of(target, fallbacks));
            return this;
        }

        /** Adds a rule: requests matching {@code condition} go to {@code route}. Rules are tried in order. */
        public Builder rule(Condition condition, String route) {
            rules.add(new Rule(Objects.requireNonNull(condition, "condition"), Objects.requireNonNull(route, "route"),
                    "", -1));
            return this;
        }

        /** The route for requests no rule matches; required. */
        public Builder otherwise(String route) {
            this.otherwise = Objects.requireNonNull(route, "route");
            return this;
        }

        /** Receives a {@link RouteEvent} per call. */
        public Builder listener(ChatModelListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Builds and checks that every rule names a declared route. */
        public Router build() {
            return new Router(this);
        }
    }
}
