package dev.llmkit.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.llmkit.agent.internal.JsonSchemas;
import dev.llmkit.api.ToolCall;
import dev.llmkit.api.ToolContext;
import dev.llmkit.api.ToolResult;
import dev.llmkit.api.ToolSpec;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns methods annotated {@link Tool} into {@link dev.llmkit.api.Tool}s. Each tool's parameter schema is generated
 * from the method's parameter types (see {@link Tool}); the model's arguments are validated against it before the
 * method runs, and bound to the parameters with Jackson. A parameter of type {@link ToolContext} receives the call's
 * context and is not in the schema. Invalid arguments, unknown fields and exceptions from the method become tool
 * errors that tell the model what to fix.
 *
 * <pre>{@code
 * List<dev.llmkit.api.Tool> tools = MethodTools.from(new WeatherTools(), new CalendarTools());
 * }</pre>
 */
public final class MethodTools {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new Jdk8Module());
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    /** Characters of a tool's result passed back to the model, at most. */
    public static final int MAX_RESULT_CHARS = 20_000;

    private MethodTools() {}

    /**
     * The tools of every method annotated {@link Tool} on the given objects, in name order.
     *
     * @throws IllegalArgumentException when a method's parameters have no JSON schema, a parameter has no name, or
     *     two tools share a name
     */
    public static List<dev.llmkit.api.Tool> from(Object... instances) {
        List<dev.llmkit.api.Tool> tools = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Object instance : instances) {
            Objects.requireNonNull(instance, "instance");
            List<Method> methods = new ArrayList<>();
            for (Class<?> c = instance.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
                for (Method m : c.getDeclaredMethods()) {
                    if (m.isAnnotationPresent(Tool.class) && !m.isBridge() && !m.isSynthetic()) {
                        methods.add(m);
                    }
                }
            }
            methods.sort(Comparator.comparing(Method::getName));
            for (Method m : methods) {
                MethodTool t = new MethodTool(instance, m);
                if (!names.add(t.spec().name())) {
                    throw new IllegalArgumentException("Two tools are named '" + t.spec().name() + "'; give one a"
                            + " name with @Tool(name = ...)");
                }
                tools.add(t);
            }
        }
        if (tools.isEmpty()) {
            throw new IllegalArgumentException("No method annotated @Tool on " + List.of(instances).stream()
                    .map(o -> o.getClass().getName()).collect(Collectors.joining(", ")));
        }
        return List.copyOf(tools);
    }

    /** Whether {@code tool} was declared risky with {@code @Tool(risky = true)}. */
    static boolean isRisky(dev.llmkit.api.Tool tool) {
        return tool instanceof MethodTool m && m.risky;
    }

    /** One annotated method. */
    private static final class MethodTool implements dev.llmkit.api.Tool {
        private final Object target;
        private final Method method;
        private final ToolSpec spec;
        private final Schema schema;
        private final String[] names;
        private final JavaType[] types;
        private final boolean[] optional;
        private final boolean risky;

        MethodTool(Object target, Method method) {
            this.target = target;
            this.method = method;
            Tool annotation = method.getAnnotation(Tool.class);
            String name = annotation.name().isEmpty() ? method.getName() : annotation.name();
            if (!Modifier.isPublic(method.getModifiers()) || !Modifier.isPublic(method.getDeclaringClass()
                    .getModifiers())) {
                method.setAccessible(true);
            }
            Parameter[] params = method.getParameters();
            names = new String[params.length];
            types = new JavaType[params.length];
            optional = new boolean[params.length];
            ObjectNode schemaNode = JsonNodeFactory.instance.objectNode().put("type", "object");
            ObjectNode props = schemaNode.putObject("properties");
            ArrayNode required = JsonNodeFactory.instance.arrayNode();
            for (int i = 0; i < params.length; i++) {
                Parameter p = params[i];
                if (p.getType() == ToolContext.class) {
                    continue;
                }
                Param doc = p.getAnnotation(Param.class);
                String pname = doc != null && !doc.name().isEmpty() ? doc.name() : p.getName();
                if (!p.isNamePresent() && (doc == null || doc.name().isEmpty())) {
                    throw new IllegalArgumentException("Tool '" + name + "': parameter " + i + " has no name; compile"
                            + " with -parameters or name it with @Param(value = ..., name = ...)");
                }
                names[i] = pname;
                optional[i] = JsonSchemas.isOptional(p.getParameterizedType());
                types[i] = JSON.getTypeFactory().constructType(p.getParameterizedType());
                ObjectNode ps = JsonSchemas.of(p.getParameterizedType(), "tool '" + name + "' parameter " + pname);
                if (doc != null) {
                    ps.put("description", doc.value());
                }
                props.set(pname, ps);
                if (!optional[i]) {
                    required.add(pname);
                }
            }
            if (!required.isEmpty()) {
                schemaNode.set("required", required);
            }
            schemaNode.put("additionalProperties", false);
            this.spec = ToolSpec.of(name, annotation.value(), schemaNode);
            this.schema = SCHEMAS.getSchema(schemaNode);
            this.risky = annotation.risky();
        }

        @Override
        public ToolSpec spec() {
            return spec;
        }

        @Override
        public ToolResult execute(ToolCall call, ToolContext context) {
            JsonNode args;
            try {
                args = call.arguments().isBlank() ? JSON.createObjectNode() : JSON.readTree(call.arguments());
            } catch (JsonProcessingException e) {
                return ToolResult.error("The arguments of " + spec.name() + " are not valid JSON ("
                        + e.getOriginalMessage() + "). Call it again with a JSON object matching its schema.");
            }
            List<Error> errors = schema.validate(args);
            if (!errors.isEmpty()) {
                return ToolResult.error("Invalid arguments for " + spec.name() + ": " + errors.stream().limit(5)
                        .map(Error::toString).collect(Collectors.joining("; ")) + ". Call it again with arguments"
                        + " matching its schema.");
            }
            Object[] values = new Object[names.length];
            for (int i = 0; i < names.length; i++) {
                if (names[i] == null) {
                    values[i] = context;
                    continue;
                }
                JsonNode v = args.get(names[i]);
                try {
                    values[i] = optional[i] && (v == null || v.isNull()) ? Optional.empty()
                            : JSON.convertValue(v, types[i]);
                } catch (IllegalArgumentException e) {
                    return ToolResult.error("Argument '" + names[i] + "' of " + spec.name() + " cannot be read: "
                            + e.getMessage());
                }
            }
            Object result;
            try {
                result = method.invoke(target, values);
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                return ToolResult.error(spec.name() + " failed: " + cause.getClass().getSimpleName()
                        + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
            } catch (IllegalAccessException e) {
                return ToolResult.error(spec.name() + " cannot be called: " + e.getMessage());
            }
            return ToolResult.of(render(result));
        }

        private static String render(Object result) {
            String text;
            if (result == null) {
                text = "done";
            } else if (result instanceof CharSequence s) {
                text = s.toString();
            } else {
                try {
                    text = JSON.writeValueAsString(result);
                } catch (JsonProcessingException e) {
                    text = String.valueOf(result);
                }
            }
            return text.length() <= MAX_RESULT_CHARS ? text : text.substring(0, MAX_RESULT_CHARS)
                    + "\n[result cut at " + MAX_RESULT_CHARS + " characters]";
        }

        @Override
        public String toString() {
            return "MethodTool{" + spec.name() + "}";
        }
    }
}
