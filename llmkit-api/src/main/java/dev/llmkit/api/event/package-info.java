/**
 * Listener events: one context record per event, delivered to {@link dev.llmkit.api.event.ChatModelListener}.
 */
@NullMarked
package dev.llmkit.api.event;

import org.jspecify.annotations.NullMarked;
