package dev.llmkit.agent;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Describes a parameter of a {@link Tool} method (and names it, when the code is compiled without -parameters). */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
public @interface Param {

    /** What the parameter is; the model reads this. */
    String value();

    /** The parameter's name in the JSON arguments; the Java name when empty. */
    String name() default "";
}
