package dev.llmkit.observability.internal;

import io.opentelemetry.api.common.AttributeKey;
import java.util.List;

/** The attribute keys of llmkit's spans: the GenAI semantic conventions' and llmkit's own. */
public final class GenAiKeys {
    private GenAiKeys() {}

    public static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
    public static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("gen_ai.provider.name");
    public static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
    public static final AttributeKey<String> RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");
    public static final AttributeKey<String> RESPONSE_ID = AttributeKey.stringKey("gen_ai.response.id");
    public static final AttributeKey<List<String>> FINISH_REASONS = AttributeKey.stringArrayKey(
            "gen_ai.response.finish_reasons");
    public static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
    public static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
    public static final AttributeKey<Double> TEMPERATURE = AttributeKey.doubleKey("gen_ai.request.temperature");
    public static final AttributeKey<Double> TOP_P = AttributeKey.doubleKey("gen_ai.request.top_p");
    public static final AttributeKey<Long> MAX_TOKENS = AttributeKey.longKey("gen_ai.request.max_tokens");
    public static final AttributeKey<Long> SEED = AttributeKey.longKey("gen_ai.request.seed");
    public static final AttributeKey<List<String>> STOP = AttributeKey.stringArrayKey("gen_ai.request.stop_sequences");
    public static final AttributeKey<Double> TIME_TO_FIRST_CHUNK = AttributeKey.doubleKey(
            "gen_ai.response.time_to_first_chunk");
    public static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    public static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
    public static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    public static final AttributeKey<String> INPUT_MESSAGES = AttributeKey.stringKey("gen_ai.input.messages");
    public static final AttributeKey<String> OUTPUT_MESSAGES = AttributeKey.stringKey("gen_ai.output.messages");
    public static final AttributeKey<String> SYSTEM_INSTRUCTIONS = AttributeKey.stringKey("gen_ai.system_instructions");
    public static final AttributeKey<String> TOOL_NAME = AttributeKey.stringKey("gen_ai.tool.name");
    public static final AttributeKey<String> TOOL_CALL_ID = AttributeKey.stringKey("gen_ai.tool.call.id");
    public static final AttributeKey<String> TOOL_TYPE = AttributeKey.stringKey("gen_ai.tool.type");
    public static final AttributeKey<String> TOOL_ARGUMENTS = AttributeKey.stringKey("gen_ai.tool.call.arguments");
    public static final AttributeKey<String> TOOL_RESULT = AttributeKey.stringKey("gen_ai.tool.call.result");
    public static final AttributeKey<String> AGENT_NAME = AttributeKey.stringKey("gen_ai.agent.name");
    public static final AttributeKey<String> DATA_SOURCE = AttributeKey.stringKey("gen_ai.data_source.id");
    public static final AttributeKey<Long> RETRIEVAL_TOP_K = AttributeKey.longKey("gen_ai.retrieval.top_k");
    public static final AttributeKey<String> RETRIEVAL_QUERY = AttributeKey.stringKey("gen_ai.retrieval.query.text");
    public static final AttributeKey<List<String>> CHUNK_IDS = AttributeKey.stringArrayKey("llmkit.retrieval.chunk_ids");
    public static final AttributeKey<List<Double>> SCORES = AttributeKey.doubleArrayKey("llmkit.retrieval.scores");
    public static final AttributeKey<String> CALL_ID = AttributeKey.stringKey("llmkit.call_id");
    public static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("llmkit.attempt");
    public static final AttributeKey<Long> ATTEMPTS = AttributeKey.longKey("llmkit.attempts");
    public static final AttributeKey<Long> RETRIES = AttributeKey.longKey("llmkit.retries");
    public static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("llmkit.outcome");
    public static final AttributeKey<String> CACHE = AttributeKey.stringKey("llmkit.cache");
    public static final AttributeKey<String> ROUTE = AttributeKey.stringKey("llmkit.route");
    public static final AttributeKey<String> DEPLOYMENT = AttributeKey.stringKey("llmkit.deployment");
    public static final AttributeKey<String> TENANT = AttributeKey.stringKey("llmkit.tenant");
    public static final AttributeKey<Double> COST = AttributeKey.doubleKey("llmkit.cost_usd");
    public static final AttributeKey<Long> TEXTS = AttributeKey.longKey("llmkit.embedding.texts");
    public static final AttributeKey<Long> TOKENS_DELIVERED = AttributeKey.longKey("llmkit.tokens_delivered");
}
