package dev.eventlabs.support.grading;

import org.junit.jupiter.api.Test;

import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/** A hidden test's seeds: its fixed ones, and in a grade build one more, drawn from the build's timestamp. */
class GradeSeedsTest {
    @Test
    void aBuildTimestampGivesItsDigitsAndOtherTextItsHash() {
        assertThat(GradeSeeds.parse("20261207-183700-123")).hasValue(20261207183700123L);
        assertThat(GradeSeeds.parse("42")).hasValue(42);
        assertThat(GradeSeeds.parse("not a number")).hasValue("not a number".hashCode());
        assertThat(GradeSeeds.parse(" ")).isEqualTo(OptionalLong.empty());
        assertThat(GradeSeeds.parse(null)).isEqualTo(OptionalLong.empty());
    }

    @Test
    void withoutAGradeSeedOnlyTheFixedSeedsRunAndWithOneItIsAdded() {
        String before = System.getProperty(GradeSeeds.PROPERTY);
        try {
            System.clearProperty(GradeSeeds.PROPERTY);
            assertThat(GradeSeeds.with(1, 2).toArray()).containsExactly(1, 2);
            System.setProperty(GradeSeeds.PROPERTY, "777");
            assertThat(GradeSeeds.with(1, 2).toArray()).containsExactly(1, 2, 777);
        } finally {
            if (before == null) {
                System.clearProperty(GradeSeeds.PROPERTY);
            } else {
                System.setProperty(GradeSeeds.PROPERTY, before);
            }
        }
    }
}
