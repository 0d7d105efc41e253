package dev.llmkit.agent;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method as a tool the model may call; {@link MethodTools#from} turns each into a
 * {@link dev.llmkit.api.Tool} whose JSON schema is generated from the method's parameter types.
 *
 * <pre>{@code
 * class WeatherTools {
 *     @Tool("Current temperature in a city, in degrees Celsius")
 *     double temperature(@Param("the city, e.g. Paris") String city) { ... }
 * }
 * List<dev.llmkit.api.Tool> tools = MethodTools.from(new WeatherTools());
 * }</pre>
 *
 * The method may return anything Jackson can write (a string is passed as it is) and may throw: an exception becomes
 * a tool error the model reads, never the end of the run.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Tool {

    /** What the tool does and when to use it; the model reads this. */
    String value();

    /** The tool's name; the method's name when empty. */
    String name() default "";

    /** Whether a call must be approved first by the agent's {@link ApprovalHandler} (a payment, a deletion). */
    boolean risky() default false;
}
