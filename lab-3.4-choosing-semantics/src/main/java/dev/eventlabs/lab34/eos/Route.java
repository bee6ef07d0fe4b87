package dev.eventlabs.lab34.eos;

/**
 * Where a processor reads and writes, and as whom.
 *
 * @param group    its consumer group: a successor with the same group resumes from the committed offsets
 * @param clientId its clients' {@code client.id}
 */
record Route(String bootstrapServers, String inputTopic, String outputTopic, String group, String clientId) {
}
