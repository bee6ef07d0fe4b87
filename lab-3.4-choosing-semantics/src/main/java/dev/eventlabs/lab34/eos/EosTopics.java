package dev.eventlabs.lab34.eos;

import dev.eventlabs.lab34.LabContext;
import dev.eventlabs.lab34.LabNames;
import dev.eventlabs.support.KafkaCluster;

/**
 * The eos scenario's topics, all this run's own. The story's two outputs stay clean of the cost runs, so what the
 * checks read is only what the crashed-and-restarted processors wrote.
 *
 * @param input      the payments (3 partitions, so a batch spans partitions)
 * @param output     what the transactional processor writes; read_committed must see each payment once
 * @param idemOutput what the idempotent processor forwards, at least once
 * @param costOutput what both processors write while their throughput is measured
 * @param latency    the commit-latency probe's records (one partition)
 */
public record EosTopics(String input, String output, String idemOutput, String costOutput, String latency) {
    public static final int PARTITIONS = 3;

    public static EosTopics of(LabContext ctx) {
        return new EosTopics(ctx.name(LabNames.EOS_INPUT_TOPIC), ctx.name(LabNames.EOS_OUTPUT_TOPIC),
                ctx.name(LabNames.EOS_OUTPUT_TOPIC + ".idem"), ctx.name(LabNames.EOS_OUTPUT_TOPIC + ".cost"),
                ctx.name(LabNames.EOS_OUTPUT_TOPIC + ".latency"));
    }

    /** Creates the topics, replicated as the cluster allows (3 copies, 2 in sync, on 3 brokers; 1 on 1). */
    public void create(KafkaCluster cluster) {
        int rf = Math.min(3, cluster.brokerIds().size());
        int minIsr = Math.min(2, rf);
        for (String t : new String[] {input, output, idemOutput, costOutput}) {
            cluster.createTopic(t, PARTITIONS, rf, minIsr);
        }
        cluster.createTopic(latency, 1, rf, minIsr);
    }
}
