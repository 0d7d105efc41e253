package dev.llmkit.agent.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmkit.agent.Param;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * JSON schemas for Java types, as tool parameters: booleans, integers and numbers (primitive, boxed, big), strings,
 * enums (their constants), records (their components, required unless {@code Optional}, described by {@link Param}),
 * lists, sets and arrays, maps with string keys, and {@code Optional} of any of these.
 */
public final class JsonSchemas {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final int MAX_DEPTH = 8;

    private JsonSchemas() {}

    /** The schema of {@code type}; {@code where} names the tool and parameter in errors. */
    public static ObjectNode of(Type type, String where) {
        return of(type, where, 0);
    }

    /** Whether {@code type} is {@code Optional<...>}: such a parameter or component is not required. */
    public static boolean isOptional(Type type) {
        return raw(type) == Optional.class;
    }

    private static ObjectNode of(Type type, String where, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException(where + ": types nest more than " + MAX_DEPTH + " levels deep (a"
                    + " recursive record?); flatten the parameter");
        }
        Class<?> raw = raw(type);
        ObjectNode s = JSON.objectNode();
        if (raw == boolean.class || raw == Boolean.class) {
            return s.put("type", "boolean");
        }
        if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class || raw == short.class
                || raw == Short.class || raw == byte.class || raw == Byte.class || raw == BigInteger.class) {
            return s.put("type", "integer");
        }
        if (raw == double.class || raw == Double.class || raw == float.class || raw == Float.class
                || raw == BigDecimal.class) {
            return s.put("type", "number");
        }
        if (raw == String.class || raw == char.class || raw == Character.class || raw == CharSequence.class) {
            return s.put("type", "string");
        }
        if (raw.isEnum()) {
            ArrayNode values = s.put("type", "string").putArray("enum");
            for (Object c : raw.getEnumConstants()) {
                values.add(((Enum<?>) c).name());
            }
            return s;
        }
        if (raw == Optional.class) {
            // absent or null: models often send an explicit null for a parameter they leave out
            s.putArray("anyOf").add(of(argument(type, 0, where), where, depth + 1)).addObject().put("type", "null");
            return s;
        }
        if (raw.isArray() || type instanceof GenericArrayType || Collection.class.isAssignableFrom(raw)) {
            Type item = type instanceof GenericArrayType g ? g.getGenericComponentType()
                    : raw.isArray() ? raw.getComponentType() : argument(type, 0, where);
            s.put("type", "array").set("items", of(item, where, depth + 1));
            return s;
        }
        if (Map.class.isAssignableFrom(raw)) {
            if (raw(argument(type, 0, where)) != String.class) {
                throw new IllegalArgumentException(where + ": a map parameter needs String keys (JSON object keys"
                        + " are strings)");
            }
            s.put("type", "object").set("additionalProperties", of(argument(type, 1, where), where, depth + 1));
            return s;
        }
        if (raw.isRecord()) {
            s.put("type", "object");
            ObjectNode props = s.putObject("properties");
            ArrayNode required = JSON.arrayNode();
            for (RecordComponent c : raw.getRecordComponents()) {
                ObjectNode p = of(c.getGenericType(), where + "." + c.getName(), depth + 1);
                Param doc = c.getAnnotation(Param.class);
                if (doc != null) {
                    p.put("description", doc.value());
                }
                props.set(c.getName(), p);
                if (!isOptional(c.getGenericType())) {
                    required.add(c.getName());
                }
            }
            if (!required.isEmpty()) {
                s.set("required", required);
            }
            s.put("additionalProperties", false);
            return s;
        }
        throw new IllegalArgumentException(where + ": type " + type.getTypeName() + " has no JSON schema; use a"
                + " primitive, String, an enum, a record, a List, a Map with String keys or an Optional of these");
    }

    private static Type argument(Type type, int index, String where) {
        if (type instanceof ParameterizedType p) {
            return p.getActualTypeArguments()[index];
        }
        throw new IllegalArgumentException(where + ": raw type " + type.getTypeName() + "; give its type arguments,"
                + " e.g. List<String>");
    }

    /** The class of {@code type}. */
    public static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        if (type instanceof GenericArrayType) {
            return Object[].class;
        }
        return Object.class;
    }
}
