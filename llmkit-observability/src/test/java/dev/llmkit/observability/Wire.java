package dev.llmkit.observability;

import java.util.List;
import mockwebserver3.MockResponse;

/** OpenAI-compatible response bodies for MockWebServer. */
final class Wire {
    private Wire() {}

    static MockResponse json(String model, String text, int in, int out) {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                .addHeader("x-request-id", "req-" + model)
                .body("{\"id\":\"chatcmpl-" + model + "\",\"object\":\"chat.completion\",\"created\":1,\"model\":\""
                        + model + "-2026\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\""
                        + text + "\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":" + in
                        + ",\"completion_tokens\":" + out + ",\"total_tokens\":" + (in + out) + "}}")
                .build();
    }

    static MockResponse status(int code, String body) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
    }

    static String sse(String model, List<String> tokens, int in, int out) {
        StringBuilder sb = new StringBuilder();
        for (String t : tokens) {
            sb.append("data: {\"id\":\"c1\",\"model\":\"").append(model).append("-2026\",\"choices\":[{\"index\":0,")
                    .append("\"delta\":{\"content\":\"").append(t).append("\"},\"finish_reason\":null}]}\n\n");
        }
        sb.append("data: {\"id\":\"c1\",\"model\":\"").append(model).append("-2026\",\"choices\":[{\"index\":0,")
                .append("\"delta\":{},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":").append(in)
                .append(",\"completion_tokens\":").append(out).append(",\"total_tokens\":").append(in + out)
                .append("}}\n\ndata: [DONE]\n\n");
        return sb.toString();
    }

    static MockResponse stream(String body) {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream").body(body).build();
    }
}
