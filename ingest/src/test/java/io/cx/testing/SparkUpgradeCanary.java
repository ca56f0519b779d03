package io.cx.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Marks a test that pins a plan shape, a plan depth or the size of Spark's generated code: it
 * guards a performance property, not a result, and is the first to fail on a Spark upgrade. When
 * one fails after an upgrade, re-measure (docs/performance.md) before changing the code or the test.
 * Run them alone with {@code mvn test -Dgroups=spark-upgrade-canary}.
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Tag("spark-upgrade-canary")
public @interface SparkUpgradeCanary {}
