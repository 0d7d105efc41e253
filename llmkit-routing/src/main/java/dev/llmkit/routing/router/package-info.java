/**
 * The model router: ordered rules over a request's features and classifiers that label prompts (a heuristic, nearest
 * labelled examples by embedding, or a small model), each route with its fallback chain.
 */
@NullMarked
package dev.llmkit.routing.router;

import org.jspecify.annotations.NullMarked;
