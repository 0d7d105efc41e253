package dev.llmkit.providers;

import java.util.List;
import mockwebserver3.MockResponse;

/** Builds server-sent-event responses for tests. */
public final class Sse {
    private Sse() {}

    /** A 200 event-stream response with these raw SSE lines. */
    public static MockResponse stream(String body) {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream")
                .addHeader("x-request-id", "req_stream").body(body).build();
    }

    /** OpenAI chunks carrying these content tokens, a usage chunk and [DONE]. */
    public static String openAiTokens(List<String> tokens) {
        StringBuilder sb = new StringBuilder();
        sb.append("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,"
                + "\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n");
        for (String t : tokens) {
            sb.append("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,"
                    + "\"delta\":{\"content\":").append(json(t)).append("},\"finish_reason\":null}]}\n\n");
        }
        sb.append("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,"
                + "\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n");
        sb.append("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o-mini\",\"choices\":[],"
                + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":").append(tokens.size()).append(",\"total_tokens\":")
                .append(12 + tokens.size()).append("}}\n\n");
        sb.append("data: [DONE]\n\n");
        return sb.toString();
    }

    /** An OpenAI non-streamed completion with this text. */
    public static MockResponse openAiJson(String text) {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                .addHeader("x-request-id", "req_sync")
                .body("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-4o-mini-2024-07-18\","
                        + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":" + json(text)
                        + ",\"refusal\":null},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
                        + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":5,\"total_tokens\":17,"
                        + "\"prompt_tokens_details\":{\"cached_tokens\":4}},\"system_fingerprint\":\"fp_x\"}")
                .build();
    }

    /** A JSON string literal. */
    public static String json(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    /** Splits a text into word tokens, keeping spaces. */
    public static List<String> words(String text) {
        return java.util.Arrays.asList(text.split("(?<= )"));
    }
}
