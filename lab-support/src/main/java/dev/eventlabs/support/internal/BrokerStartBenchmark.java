package dev.eventlabs.support.internal;

import dev.eventlabs.support.BenchStats;
import dev.eventlabs.support.KafkaClusterConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the brokers' class archive ({@link BrokerClassSharing}) saves: the wall time from "start" to "every broker
 * registered" of a local cluster, with the archive and without it, in alternating rounds on one machine, after a
 * one-broker warm-up that records the archive when there is none. Args: brokers per cluster (default 5), rounds
 * (default 3). A benchmark, not a test: it prints figures and asserts nothing.
 */
public final class BrokerStartBenchmark {
    private BrokerStartBenchmark() {
    }

    public static void main(String[] args) {
        int brokers = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        if (brokers < 1 || brokers > KafkaClusterConfig.MAX_BROKERS || rounds < 1 || rounds > 10) {
            System.err.println("usage: BrokerStartBenchmark [BROKERS 1.." + KafkaClusterConfig.MAX_BROKERS
                    + "] [ROUNDS 1..10]");
            System.exit(2);
        }
        // A round that records the archive is not a round with it: record first, outside the figures.
        try (LocalKafkaCluster warmUp = LocalKafkaCluster.start(KafkaClusterConfig.ofBrokers(1), true)) {
            System.out.printf(Locale.ROOT, "warm-up: 1 broker, class archive %s%n",
                    BrokerClassSharing.forBrokers(BrokerClasspath.load(), true).archive());
        }
        List<Double> with = new ArrayList<>();
        List<Double> without = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            for (boolean sharing : new boolean[] {false, true}) {
                long started = System.nanoTime();
                try (LocalKafkaCluster ignored = LocalKafkaCluster.start(KafkaClusterConfig.ofBrokers(brokers),
                        sharing)) {
                    double s = (System.nanoTime() - started) / 1e9;
                    (sharing ? with : without).add(s);
                    System.out.printf(Locale.ROOT, "round %d  %-22s %5.1f s%n", round,
                            sharing ? "with the class archive" : "without", s);
                }
            }
        }
        double w = BenchStats.median(with);
        double wo = BenchStats.median(without);
        System.out.printf(Locale.ROOT, "%n%d-broker local cluster start, median of %d: without the archive %.1f s %s,"
                + " with it %.1f s %s; ratio with / without = %.2f%n", brokers, rounds, wo, rounded(without), w,
                rounded(with), w / wo);
        System.out.printf("reproduce: ./mvnw -q install -DskipTests && ./mvnw -q -pl lab-support exec:java"
                + " -Dexec.mainClass=%s -Dexec.args=\"%d %d\"%n", BrokerStartBenchmark.class.getName(), brokers, rounds);
    }

    private static List<String> rounded(List<Double> values) {
        return values.stream().map(v -> String.format(Locale.ROOT, "%.1f", v)).toList();
    }
}
