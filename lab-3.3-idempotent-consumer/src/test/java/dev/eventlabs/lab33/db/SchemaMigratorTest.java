package dev.eventlabs.lab33.db;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** How the migrator tells a starter's stubbed schema from a written one. */
class SchemaMigratorTest {
    @Test
    void theStarterStubLineMarksItsStepButTheSolutionsCommentedStubDoesNot() throws IOException {
        String solution;
        try (InputStream in = SchemaMigrator.class.getResourceAsStream("/db/lab33/V1__payments_schema.sql")) {
            solution = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String starterLine = "    idempotency_key TEXT        NOT NULL, -- TODO step 3.3.1: make this the idempotency key";

        assertThat(solution).contains("-- STUB: idempotency_key").contains("-- TODO step 3.3.1");
        assertThat(SchemaMigrator.STUB_TODO.matcher(solution).find()).as("the solution's schema").isFalse();
        assertThat(SchemaMigrator.STUB_TODO.matcher("CREATE TABLE t (\n" + starterLine + "\n);").results()
                .map(m -> m.group(1))).as("steps a starter's schema marks").containsExactly("3.3.1");
    }
}
