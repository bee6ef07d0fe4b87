package dev.eventlabs.lab32.kafka;

/**
 * What the Kafka scenario measured, as the input of {@link KafkaChecks}.
 *
 * @param consumer          the consumer's final stats
 * @param acked             records the cluster acknowledged
 * @param sendFailures      records the producer failed to send
 * @param finalLag          the group's lag after the consumer's last commit, from the cluster
 * @param heapGrowthBytes   live heap at the end of the run minus at its start
 * @param payloadBytes      bytes per record value
 * @param consumerFailure   what stopped the consumer, or {@code null}
 */
public record KafkaMeasurement(ConsumerStats consumer, long acked, long sendFailures, long finalLag,
                               long heapGrowthBytes, int payloadBytes,
                               RuntimeException consumerFailure) {
}
