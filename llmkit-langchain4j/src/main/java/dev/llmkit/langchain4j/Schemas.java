package dev.llmkit.langchain4j;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonAnyOfSchema;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNullSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonReferenceSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import dev.llmkit.api.ToolSpec;
import dev.llmkit.api.error.InvalidRequestException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Tools and JSON schemas between llmkit and LangChain4j, both ways. */
final class Schemas {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Schemas() {}

    /** A tool as LangChain4j's: each top-level property kept as raw JSON schema. */
    static ToolSpecification toLangChain4j(ToolSpec t) {
        var b = ToolSpecification.builder().name(t.name()).description(t.description());
        JsonNode params = t.parameters();
        if (params != null && params.path("properties").isObject()) {
            var ob = JsonObjectSchema.builder();
            Iterator<Map.Entry<String, JsonNode>> fields = params.get("properties").fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                ob.addProperty(f.getKey(), JsonRawSchema.from(f.getValue().toString()));
            }
            List<String> required = new ArrayList<>();
            params.path("required").forEach(n -> required.add(n.asText()));
            ob.required(required);
            if (params.has("additionalProperties")) {
                ob.additionalProperties(params.get("additionalProperties").asBoolean(true));
            }
            b.parameters(ob.build());
        }
        return b.build();
    }

    /** A LangChain4j tool as llmkit's. */
    static ToolSpec fromLangChain4j(ToolSpecification t) {
        JsonObjectSchema p = t.parameters();
        JsonNode schema = p == null ? JSON.createObjectNode().put("type", "object")
                .set("properties", JSON.createObjectNode()) : toJson(p);
        return ToolSpec.of(t.name(), t.description() == null ? "" : t.description(), schema);
    }

    /** A LangChain4j schema element as JSON Schema. */
    static JsonNode toJson(JsonSchemaElement e) {
        ObjectNode n = JSON.createObjectNode();
        if (e instanceof JsonRawSchema raw) {
            try {
                return JSON.readTree(raw.schema());
            } catch (JsonProcessingException x) {
                throw new InvalidRequestException("a raw JSON schema does not parse: " + x.getOriginalMessage());
            }
        } else if (e instanceof JsonObjectSchema o) {
            n.put("type", "object");
            ObjectNode props = n.putObject("properties");
            if (o.properties() != null) {
                o.properties().forEach((k, v) -> props.set(k, toJson(v)));
            }
            if (o.required() != null && !o.required().isEmpty()) {
                ArrayNode req = n.putArray("required");
                o.required().forEach(req::add);
            }
            if (o.additionalProperties() != null) {
                n.put("additionalProperties", o.additionalProperties());
            }
            if (o.definitions() != null && !o.definitions().isEmpty()) {
                ObjectNode defs = n.putObject("$defs");
                o.definitions().forEach((k, v) -> defs.set(k, toJson(v)));
            }
        } else if (e instanceof JsonStringSchema) {
            n.put("type", "string");
        } else if (e instanceof JsonIntegerSchema) {
            n.put("type", "integer");
        } else if (e instanceof JsonNumberSchema) {
            n.put("type", "number");
        } else if (e instanceof JsonBooleanSchema) {
            n.put("type", "boolean");
        } else if (e instanceof JsonNullSchema) {
            n.put("type", "null");
        } else if (e instanceof JsonEnumSchema en) {
            n.put("type", "string");
            ArrayNode values = n.putArray("enum");
            en.enumValues().forEach(values::add);
        } else if (e instanceof JsonArraySchema a) {
            n.put("type", "array");
            if (a.items() != null) {
                n.set("items", toJson(a.items()));
            }
        } else if (e instanceof JsonAnyOfSchema any) {
            ArrayNode of = n.putArray("anyOf");
            any.anyOf().forEach(x -> of.add(toJson(x)));
        } else if (e instanceof JsonReferenceSchema ref) {
            n.put("$ref", "#/$defs/" + ref.reference());
        } else {
            throw new InvalidRequestException("unsupported LangChain4j schema element " + e.getClass().getSimpleName());
        }
        if (e.description() != null && !n.has("description")) {
            n.put("description", e.description());
        }
        return n;
    }
}
