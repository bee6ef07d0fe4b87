package dev.eventlabs.lab35.timeouts;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Reads the sweep's table: the session timeout to recommend is the one with the shortest median ack stall among
 * those a pause of {@code tolerated} ms never fails over. Stateless.
 */
public final class Recommendation {
    private Recommendation() {
    }

    /** The recommended row, or empty when every setting fails over under the tolerated pause. */
    public static Optional<SettingResult> pick(List<SettingResult> rows, long toleratedPauseMs) {
        return rows.stream().filter(r -> r.falseFailovers(toleratedPauseMs) == 0)
                .min(Comparator.comparingLong(SettingResult::medianKillStallMs));
    }
}
