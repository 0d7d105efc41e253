/**
 * The example shown in the README, compiled and tested so it never rots.
 */
@NullMarked
package dev.llmkit.examples.readme;

import org.jspecify.annotations.NullMarked;
