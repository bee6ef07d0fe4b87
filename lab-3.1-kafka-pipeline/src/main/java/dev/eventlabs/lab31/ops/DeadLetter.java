package dev.eventlabs.lab31.ops;

import dev.eventlabs.lab31.produce.RecordOrigin;

/** A record read back from the dead-letter topic, with its headers decoded. Missing headers are null (or -1). */
public record DeadLetter(String group, String reason, String originTopic, int originPartition, long originOffset) {
    public boolean hasOrigin() {
        return originTopic != null && originPartition >= 0 && originOffset >= 0;
    }

    /** The origin as a record position (check {@link #hasOrigin()} first). */
    public RecordOrigin origin() {
        return new RecordOrigin(originTopic, originPartition, originOffset);
    }
}
