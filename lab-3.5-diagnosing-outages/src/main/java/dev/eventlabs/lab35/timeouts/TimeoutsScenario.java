package dev.eventlabs.lab35.timeouts;

import dev.eventlabs.lab35.LabContext;
import dev.eventlabs.lab35.Scenario;
import dev.eventlabs.lab35.ScenarioOutcome;
import dev.eventlabs.lab35.report.TimeoutsChart;
import dev.eventlabs.support.KafkaCluster;
import dev.eventlabs.support.KafkaClusterConfig;
import dev.eventlabs.support.scenario.Check;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The session-timeout trade-off, measured: for each {@code broker.session.timeout.ms} (heartbeat a sixth of it, as
 * lab-support's 3 s / 500 ms), a 5-broker cluster of its own, and on it
 * <ul>
 *   <li>the producer's acknowledgement stall after a SIGKILL of a partition leader, {@code runs} times (median);</li>
 *   <li>what a 1 s and a 2 s pause (SIGSTOP, a GC-pause stand-in) of a leader causes: fencing, leaders moved, ISR
 *       shrink, the producer's stall, errors and retries;</li>
 *   <li>the same for a consumer group whose members' {@code session.timeout.ms} is the same value: is a paused member
 *       evicted, and how long until the other takes over after a SIGKILL.</li>
 * </ul>
 * The recommendation is read off the table: the shortest stall that a 1 s pause never fails over.
 */
public final class TimeoutsScenario implements Scenario {
    /**
     * @param sessionTimeoutsMs the settings swept
     * @param runs              SIGKILL runs per setting
     * @param pausesMs          the pause lengths tried on a broker and on a consumer
     * @param toleratedPauseMs  the pause a setting must survive without a failover to be recommended
     */
    public record Settings(List<Integer> sessionTimeoutsMs, int runs, List<Long> pausesMs, long toleratedPauseMs) {
        public static final int DEFAULT_RUNS = 3;
        /** Each kill needs a broker nothing touched: all but the controller and the one kept for the pauses. */
        public static final int MAX_RUNS = BROKERS - 2;
        /** Each setting costs a cluster and about a minute here: five is already a five-minute sweep. */
        public static final int MAX_SETTINGS = 5;
        /** The consumer side uses the same session; the sweep's clusters set group.min.session.timeout.ms to 1 s. */
        public static final int MIN_SESSION_MS = 1000;
        /** The sweep waits out a session per kill; a minute each would make it an hour. */
        public static final int MAX_SESSION_MS = 30_000;

        public Settings {
            sessionTimeoutsMs = List.copyOf(sessionTimeoutsMs);
            pausesMs = List.copyOf(pausesMs);
            if (runs < 1 || runs > MAX_RUNS) {
                throw new IllegalArgumentException("--runs must be between 1 and " + MAX_RUNS + ", was " + runs);
            }
            if (sessionTimeoutsMs.isEmpty() || sessionTimeoutsMs.size() > MAX_SETTINGS) {
                throw new IllegalArgumentException("--sessions takes 1 to " + MAX_SETTINGS + " values, got "
                        + sessionTimeoutsMs.size());
            }
            for (int i = 0; i < sessionTimeoutsMs.size(); i++) {
                int ms = sessionTimeoutsMs.get(i);
                if (ms < MIN_SESSION_MS || ms > MAX_SESSION_MS) {
                    throw new IllegalArgumentException("--sessions values must be between " + MIN_SESSION_MS + " and "
                            + MAX_SESSION_MS + " ms, was " + ms);
                }
                if (i > 0 && ms <= sessionTimeoutsMs.get(i - 1)) {
                    throw new IllegalArgumentException("--sessions values must ascend without repeats, got "
                            + sessionTimeoutsMs);
                }
            }
        }

        public static Settings defaults() {
            return new Settings(List.of(1500, 3000, 9000), DEFAULT_RUNS, List.of(1000L, 2000L), 1000);
        }

        /**
         * The sweep of {@code --scenario all}: the aggressive setting and today's, one kill each, so that the whole lab
         * fits in three minutes. It shows the trade-off; the table's medians come from {@link #defaults()}.
         */
        public static Settings quick() {
            return new Settings(List.of(1500, 3000), 1, List.of(1000L, 2000L), 1000);
        }

        public Settings withRuns(int n) {
            return new Settings(sessionTimeoutsMs, n, pausesMs, toleratedPauseMs);
        }

        public Settings withSessions(List<Integer> ms) {
            return new Settings(ms, runs, pausesMs, toleratedPauseMs);
        }
    }

    /**
     * Five: every kill and pause lands on a broker no earlier one touched (see {@code BrokerFailover}), and a quorum
     * of five voters keeps its majority while one is down.
     */
    static final int BROKERS = 5;
    static final int PARTITIONS = 3;
    /** The broker setting lab-support ships today, the row the recommendation is compared with. */
    static final int CURRENT_DEFAULT_MS = 3000;

    private final Settings s;
    private final boolean external;

    public TimeoutsScenario(Settings settings, boolean external) {
        this.s = settings;
        this.external = external;
    }

    @Override
    public String name() {
        return "timeouts";
    }

    @Override
    public ScenarioOutcome run(LabContext ctx) throws Exception {
        List<Check> checks = new ArrayList<>();
        Map<String, Object> figures = new LinkedHashMap<>();
        if (external || !ctx.cluster().canKill() || !ctx.cluster().canPause()) {
            ctx.line("skipped: the sweep kills and pauses brokers of clusters it starts itself; with"
                    + " --bootstrap-servers or LAB_INFRA=external it cannot");
            figures.put("skipped", "needs a backend that owns the brokers (local or docker)");
            return new ScenarioOutcome(name(), checks, figures, List.of());
        }
        List<SettingResult> rows = new ArrayList<>();
        ctx.heading("SYMPTOM");
        ctx.line("per setting: a %d-broker cluster; %d SIGKILL(s) of a leader; a %s pause of a leader; the same for"
                + " a consumer group", BROKERS, s.runs(), s.pausesMs().stream().map(p -> p / 1000.0 + " s").toList());
        for (int sessionMs : s.sessionTimeoutsMs()) {
            long started = System.nanoTime();
            rows.add(measure(ctx, sessionMs));
            SettingResult r = rows.get(rows.size() - 1);
            ctx.line("session %d ms: ack stalls %s ms (median %d); pauses: %s; consumer evicted: %s; consumer"
                            + " takeover after SIGKILL %d ms; measured in %.0f s", sessionMs, r.killStallsMs(),
                    r.medianKillStallMs(), r.brokerPauses(), r.consumerEvicted(), r.consumerTakeoverMs(),
                    (System.nanoTime() - started) / 1e9);
        }

        ctx.line("");
        table(rows).forEach(l -> ctx.line("%s", l));
        ctx.line("%s", TimeoutsChart.write(ctx.outDir(), rows, s.pausesMs()).toAbsolutePath());

        ctx.heading("DIAGNOSIS");
        Optional<SettingResult> pick = Recommendation.pick(rows, s.toleratedPauseMs());
        SettingResult current = rows.stream().filter(r -> r.sessionMs() == CURRENT_DEFAULT_MS).findFirst()
                .orElse(null);
        rows.stream().filter(r -> r.falseFailovers(s.toleratedPauseMs()) > 0).forEach(r -> ctx.line(
                "session %d ms: a %d ms pause already fails over (%d false failovers): too aggressive",
                r.sessionMs(), s.toleratedPauseMs(), r.falseFailovers(s.toleratedPauseMs())));
        pick.ifPresentOrElse(r -> ctx.line("shortest stall that a %d ms pause never fails over: session %d ms,"
                        + " median stall %d ms", s.toleratedPauseMs(), r.sessionMs(), r.medianKillStallMs()),
                () -> ctx.line("every setting fails over under a %d ms pause", s.toleratedPauseMs()));

        ctx.heading("FIX");
        if (pick.isPresent() && current == null) {
            ctx.line("no %d ms row in this sweep to compare with (today's setting); add %d to --sessions",
                    CURRENT_DEFAULT_MS, CURRENT_DEFAULT_MS);
        } else if (pick.isPresent()) {
            SettingResult r = pick.get();
            ctx.line(r.sessionMs() == CURRENT_DEFAULT_MS
                    ? "keep broker.session.timeout.ms=%d: no shorter setting swept here survives a %d ms pause"
                    : "recommend broker.session.timeout.ms=%d (today %d): median stall %d ms instead of %d ms",
                    r.sessionMs(), r.sessionMs() == CURRENT_DEFAULT_MS ? s.toleratedPauseMs() : CURRENT_DEFAULT_MS,
                    r.medianKillStallMs(), current.medianKillStallMs());
        }

        boolean stallGrows = rows.size() < 2 || rows.get(0).medianKillStallMs()
                < rows.get(rows.size() - 1).medianKillStallMs();
        checks.add(Check.of("a longer session timeout means a longer ack stall after a SIGKILL", stallGrows,
                rows.stream().map(r -> r.sessionMs() + " ms -> " + r.medianKillStallMs() + " ms").toList()
                        .toString()));
        checks.add(Check.of("every SIGKILL was followed by acknowledgements again",
                rows.stream().allMatch(r -> r.killStallsMs().size() == s.runs()),
                s.runs() + (s.runs() == 1 ? " run" : " runs") + " per setting"));
        long longest = s.pausesMs().stream().mapToLong(Long::longValue).max().orElse(0);
        int longestSession = s.sessionTimeoutsMs().get(s.sessionTimeoutsMs().size() - 1);
        if (longestSession > 2 * longest) { // only a session well past every pause makes this claim
            SettingResult last = rows.get(rows.size() - 1);
            checks.add(Check.of("a pause shorter than the session fails nothing over",
                    s.pausesMs().stream().allMatch(p -> last.falseFailovers(p) == 0),
                    "session " + longestSession + " ms under pauses up to " + longest + " ms"));
        }
        figures.put("sessions_ms", s.sessionTimeoutsMs());
        figures.put("runs", s.runs());
        figures.put("rows", rows.stream().map(TimeoutsScenario::row).toList());
        pick.ifPresent(r -> figures.put("recommended_session_ms", r.sessionMs()));
        return new ScenarioOutcome(name(), checks, figures, List.of());
    }

    private SettingResult measure(LabContext ctx, int sessionMs) throws Exception {
        Map<String, String> props = Map.of(
                "broker.session.timeout.ms", String.valueOf(sessionMs),
                "broker.heartbeat.interval.ms", String.valueOf(Math.max(100, sessionMs / 6)),
                // The consumer side uses the same session: the broker must allow it (default floor 6 s).
                "group.min.session.timeout.ms", "1000");
        try (KafkaCluster cluster = ctx.clusters().apply(KafkaClusterConfig.builder().brokers(BROKERS)
                .brokerProperties(props).build())) {
            List<Long> stalls = new ArrayList<>();
            List<PauseEffect> pauses = new ArrayList<>();
            String ctopic = ctx.name("members-" + sessionMs);
            cluster.createTopic(ctopic, PARTITIONS * 2, 3, 2);
            Map<Long, Boolean> evicted = new LinkedHashMap<>();
            long takeover;
            try (ConsumerFailover consumers = new ConsumerFailover(cluster.bootstrapServers(),
                    ctx.name("members-" + sessionMs), ctopic, PARTITIONS * 2, Duration.ofMillis(sessionMs))) {
                consumers.startChild();
                for (long p : s.pausesMs()) {
                    evicted.put(p, consumers.pauseEvicts(Duration.ofMillis(p)));
                }
                takeover = consumers.killStallMs();
            }
            // The broker's turn last: kills first, each on a broker nothing touched before, then the pauses.
            try (BrokerFailover broker = new BrokerFailover(cluster, ctx.name("acks-" + sessionMs))) {
                for (int i = 0; i < s.runs(); i++) {
                    // No restart after the last kill: the pauses that follow need no fifth broker.
                    stalls.add(broker.killStallMs("kill-" + i, i == s.runs() - 1));
                }
                for (long p : s.pausesMs()) {
                    pauses.add(broker.pause("pause-" + p, Duration.ofMillis(p)));
                }
            }
            return new SettingResult(sessionMs, stalls, pauses, evicted, takeover);
        }
    }

    /** The closing note's table, one line per setting, in Markdown. */
    public List<String> table(List<SettingResult> rows) {
        List<String> out = new ArrayList<>();
        StringBuilder head = new StringBuilder("| session (heartbeat) | ack stall after SIGKILL, median (runs) |");
        StringBuilder rule = new StringBuilder("|---|---|");
        for (long p : s.pausesMs()) {
            head.append(String.format(Locale.ROOT, " false failovers, %.0f s pause (broker / consumer) |", p / 1000.0));
            rule.append("---|");
        }
        head.append(" consumer takeover after SIGKILL |");
        rule.append("---|");
        out.add(head.toString());
        out.add(rule.toString());
        for (SettingResult r : rows) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "| %.1f s (%d ms) | %.1f s %s |",
                    r.sessionMs() / 1000.0, Math.max(100, r.sessionMs() / 6), r.medianKillStallMs() / 1000.0,
                    r.killStallsMs()));
            for (long p : s.pausesMs()) {
                PauseEffect b = r.brokerPauses().stream().filter(e -> e.pause().toMillis() == p).findFirst()
                        .orElse(null);
                line.append(String.format(Locale.ROOT, " %d (%s / %s) |", r.falseFailovers(p), b == null ? "?"
                        : b.falseFailover() ? "fenced=" + b.fenced() + ", " + b.leadersMoved() + " leader(s) moved"
                        : "none", Boolean.TRUE.equals(r.consumerEvicted().get(p)) ? "evicted" : "none"));
            }
            line.append(String.format(Locale.ROOT, " %.1f s |", r.consumerTakeoverMs() / 1000.0));
            out.add(line.toString());
        }
        return out;
    }

    private static Map<String, Object> row(SettingResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("session_ms", r.sessionMs());
        m.put("kill_stalls_ms", r.killStallsMs());
        m.put("median_kill_stall_ms", r.medianKillStallMs());
        m.put("broker_pauses", r.brokerPauses().stream().map(p -> Map.of("pause_ms", p.pause().toMillis(),
                "fenced", p.fenced(), "leaders_moved", p.leadersMoved(), "isr_shrank", p.isrShrank(),
                "producer_stall_ms", p.stallMs(), "producer_errors", p.errors(), "producer_retries",
                p.retries())).toList());
        Map<String, Object> evicted = new LinkedHashMap<>();
        r.consumerEvicted().forEach((k, v) -> evicted.put(String.valueOf(k), v));
        m.put("consumer_evicted_by_pause_ms", evicted);
        m.put("consumer_takeover_ms", r.consumerTakeoverMs());
        return m;
    }
}
