package dev.eventlabs.lab31.ops;

/** A record read back from the dead-letter topic, with its headers decoded. Missing headers are null (or -1). */
public record DeadLetter(String group, String reason, String originTopic, int originPartition, long originOffset) {
    public boolean hasOrigin() {
        return originTopic != null && originPartition >= 0 && originOffset >= 0;
    }
}
