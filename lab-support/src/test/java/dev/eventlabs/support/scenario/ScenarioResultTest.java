package dev.eventlabs.support.scenario;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScenarioResultTest {
    private static final Check KEPT = Check.of("order kept", true, "0 out of order");
    private static final Check LOST = Check.of("nothing lost", false, "3 lost");

    @Test
    void aCheckPrintsItsVerdictNameAndFigures() {
        assertThat(List.of(KEPT.toString(), LOST.toString()))
                .containsExactly("PASS order kept: 0 out of order", "FAIL nothing lost: 3 lost");
    }

    @Test
    void anOutcomePassesOnlyWhenEveryCheckPassesAndNamesTheFirstThatFailed() {
        Outcome o = new Outcome(List.of(KEPT, LOST, Check.of("fast", false, "2 s")));

        assertThat(new Object[]{o.passed(), o.firstFailure().orElseThrow()}).containsExactly(false, LOST);
    }

    @Test
    void askingForACheckThatIsNotThereNamesTheOnesThatAre() {
        Outcome o = new Outcome(List.of(KEPT));

        assertThatThrownBy(() -> o.check("fast")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no check 'fast' in queue; checks: [PASS order kept: 0 out of order]");
    }

    private record Outcome(List<Check> checks) implements ScenarioResult {
        @Override
        public String scenario() {
            return "queue";
        }

        @Override
        public Map<String, Object> figures() {
            return Map.of();
        }
    }
}
