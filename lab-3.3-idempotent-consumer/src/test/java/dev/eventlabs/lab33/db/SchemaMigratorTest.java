package dev.eventlabs.lab33.db;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How the migrator tells a starter's stubbed schema from a written one (the same in a solution and a starter). */
class SchemaMigratorTest {
    private static final String STUB_LINE = "k TEXT NOT NULL, -- TODO step 9.9.9: finish this";

    @Test
    void theStarterStubLineMarksItsStepButTheSolutionsCommentedStubDoesNot() {
        String solution = "CREATE TABLE t (\n    -- STUB: " + STUB_LINE + "\n    k TEXT NOT NULL CHECK (k <> '')\n);";
        String starter = "CREATE TABLE t (\n    " + STUB_LINE + "\n);";

        assertThat(SchemaMigrator.STUB_TODO.matcher(solution).find()).as("the solution's schema").isFalse();
        assertThat(SchemaMigrator.STUB_TODO.matcher(starter).results().map(m -> m.group(1)))
                .as("steps a starter's schema marks").containsExactly("9.9.9");
    }
}
