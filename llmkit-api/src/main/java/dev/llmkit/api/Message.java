package dev.llmkit.api;

/**
 * One message of a conversation. The hierarchy is closed so providers can map every kind exhaustively:
 * {@link SystemMessage}, {@link UserMessage}, {@link AssistantMessage} and {@link ToolResultMessage}.
 */
public sealed interface Message permits SystemMessage, UserMessage, AssistantMessage, ToolResultMessage {

    /** The role of the message's author. */
    Role role();

    /** The message's text: for user messages the text parts joined, for tool results the content. */
    String text();

    /** Who wrote a message. */
    enum Role {
        /** Instructions from the application. */
        SYSTEM,
        /** The end user. */
        USER,
        /** The model. */
        ASSISTANT,
        /** The result of a tool call, sent back to the model. */
        TOOL
    }

    /** A system message. */
    static SystemMessage system(String text) {
        return new SystemMessage(text);
    }

    /** A user message with one text part. */
    static UserMessage user(String text) {
        return UserMessage.of(text);
    }

    /** An assistant message with text and no tool calls. */
    static AssistantMessage assistant(String text) {
        return AssistantMessage.of(text);
    }
}
