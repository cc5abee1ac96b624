package io.sluice.test.postgres;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class that gets its own fresh PostgreSQL database, injected as a {@link
 * PostgresDatabase} parameter. See {@link PostgresDatabaseExtension}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(PostgresDatabaseExtension.class)
public @interface PostgresTest {}
