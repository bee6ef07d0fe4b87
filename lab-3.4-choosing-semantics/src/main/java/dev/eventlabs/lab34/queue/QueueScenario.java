package dev.eventlabs.lab34.queue;

import dev.eventlabs.lab34.Clients;
import dev.eventlabs.lab34.Job;
import dev.eventlabs.lab34.JobFeed;
import dev.eventlabs.lab34.LabContext;
import dev.eventlabs.lab34.LabNames;
import dev.eventlabs.lab34.Scenario;
import dev.eventlabs.lab34.ScenarioOutcome;
import dev.eventlabs.support.LabInfraException;
import dev.eventlabs.support.Waits;
import dev.eventlabs.support.scenario.Check;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Work distribution, Kafka as a queue. On a one-partition {@code jobs} topic, with every job taking the same fixed
 * work time:
 * <ol>
 *   <li>a share group of N workers: all N work, and the jobs take about 1/N of the time;</li>
 *   <li>a consumer group of N members on the same jobs: one member owns the partition, N-1 sit idle;</li>
 *   <li>a share worker crashes mid-batch: its unacknowledged jobs come back to the others with a higher delivery
 *       count; a RELEASEd job is delivered again, a REJECTed one never;</li>
 *   <li>what a queue gives up: per-user order, counted on the share group's completions (the consumer group's: 0).</li>
 * </ol>
 */
public final class QueueScenario implements Scenario {
    /** Settings of the scenario; the main's defaults finish in seconds. */
    public record Settings(int workers, int jobs, int users, Duration work, int retryJobs, int poisonJobs,
                           int crashAfter, Duration lock, Duration timeout) {
        public static Settings defaults() {
            return new Settings(3, 150, 10, Duration.ofMillis(20), 3, 3, 2, Duration.ofSeconds(2),
                    Duration.ofSeconds(90));
        }

        public Settings {
            if (workers < 2 || jobs < workers || users < 1 || crashAfter < 0) {
                throw new IllegalArgumentException("need workers >= 2, jobs >= workers, users >= 1, crashAfter >= 0;"
                        + " got " + workers + ", " + jobs + ", " + users + ", " + crashAfter);
            }
        }
    }

    /** No delivery for this long after a crash: the jobs not finished by then are lost, not late. */
    static final Duration QUIET_AFTER_CRASH = Duration.ofSeconds(15);

    /** {@link #QUIET_AFTER_CRASH}, or twice the record lock when that is longer: a held job comes back after it. */
    static Duration quietAfterCrash(Duration lock) {
        Duration twice = lock.multipliedBy(2);
        return twice.compareTo(QUIET_AFTER_CRASH) > 0 ? twice : QUIET_AFTER_CRASH;
    }

    private final Settings settings;

    public QueueScenario(Settings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "queue";
    }

    @Override
    public ScenarioOutcome run(LabContext ctx) throws InterruptedException {
        Settings s = settings;
        JobFeed feed = new JobFeed(s.users(), 34);
        String topic = ctx.name(LabNames.JOBS_TOPIC);
        String crashTopic = ctx.name(LabNames.JOBS_TOPIC + ".crash");
        int rf = Math.min(3, ctx.cluster().brokerIds().size());
        ctx.cluster().createTopic(topic, 1, rf, Math.min(2, rf));
        ctx.cluster().createTopic(crashTopic, 1, rf, Math.min(2, rf));
        List<Job> jobs = feed.next(s.jobs(), Job.Kind.WORK);
        List<Job> crashJobs = new ArrayList<>(feed.next(s.jobs() / 2, Job.Kind.WORK));
        crashJobs.addAll(feed.next(s.retryJobs(), Job.Kind.RETRY));
        crashJobs.addAll(feed.next(s.poisonJobs(), Job.Kind.POISON));
        try (KafkaProducer<byte[], byte[]> p = Clients.producer(ctx.bootstrapServers(), "lab34-jobs")) {
            JobFeed.send(p, topic, jobs);
            JobFeed.send(p, crashTopic, crashJobs);
        }
        ctx.line("%d jobs of %d ms on average (each user's first %dx slower) on %s (1 partition), for %d workers",
                s.jobs(), s.work().toMillis(), Job.FIRST_JOB_SLOWDOWN, topic, s.workers());

        String shareGroup = ctx.name(LabNames.SHARE_GROUP);
        String crashGroup = ctx.name(LabNames.SHARE_GROUP + "-crash");
        // The lock is the wait before a crashed worker's jobs come back: as short as the brokers allow (lab brokers:
        // 1 s floor; Kafka's default floor is 15 s).
        Duration lock = ctx.facts().shareLock(s.lock());
        if (!lock.equals(s.lock())) {
            ctx.line("preflight: the brokers allow a share record lock of %d to %d ms: the crash run locks jobs for %d"
                    + " ms, not %d", ctx.facts().shareLockMin().toMillis(), ctx.facts().shareLockMax().toMillis(),
                    lock.toMillis(), s.lock().toMillis());
        }
        try (Admin admin = Clients.admin(ctx.bootstrapServers())) {
            // A new share group starts at the latest offset; these jobs were queued before the workers came.
            ShareGroups.configure(admin, shareGroup, Map.of(ShareGroups.AUTO_OFFSET_RESET, "earliest"));
            ShareGroups.configure(admin, crashGroup, Map.of(ShareGroups.AUTO_OFFSET_RESET, "earliest",
                    ShareGroups.RECORD_LOCK_DURATION_MS, String.valueOf(lock.toMillis())));
        }

        // 1. the share group: every worker busy
        Duration quiet = quietAfterCrash(lock);
        Run share = runShareGroup(ctx, shareGroup, topic, s.jobs(), -1, quiet);
        // 2. the consumer group: one member busy
        Run group = runConsumerGroup(ctx, ctx.name(LabNames.CONSUMER_GROUP), topic, s.jobs());
        // 3. a crash, a release, a reject
        Run crash = runShareGroup(ctx, crashGroup, crashTopic, crashJobs.size(), s.crashAfter(), quiet);

        long busyShare = share.perWorker.values().stream().filter(n -> n > 0).count();
        long busyGroup = group.perWorker.values().stream().filter(n -> n > 0).count();
        double shareRate = s.jobs() * 1000.0 / share.millis;
        double groupRate = s.jobs() * 1000.0 / group.millis;
        ctx.line("%-28s %-34s %8s %10s", "", "jobs per worker", "time", "jobs/s");
        ctx.line("%-28s %-34s %6.1f s %10.0f", "share group (" + s.workers() + " workers)", share.perWorker,
                share.millis / 1000.0, shareRate);
        ctx.line("%-28s %-34s %6.1f s %10.0f", "consumer group (" + s.workers() + " members)", group.perWorker,
                group.millis / 1000.0, groupRate);

        Map<String, Integer> perJob = crash.book.deliveriesPerJob();
        List<String> poisonIds = ids(crashJobs, Job.Kind.POISON);
        List<String> retryIds = ids(crashJobs, Job.Kind.RETRY);
        // A work job delivered again can only be one the crashed worker held (retry jobs come back by RELEASE).
        long redelivered = crash.book.all().stream().filter(d -> d.deliveryCount() > 1)
                .filter(d -> !retryIds.contains(d.jobId())).count();
        long poisonDeliveries = poisonIds.stream().mapToLong(id -> perJob.getOrDefault(id, 0)).sum();
        long retryDeliveries = retryIds.stream().mapToLong(id -> perJob.getOrDefault(id, 0)).sum();
        ctx.line("crash: %s stopped after %d jobs with jobs in hand; %d of its jobs came back to the others, with"
                + " delivery count up to %d",
                crash.crashed, s.crashAfter(), redelivered, crash.book.maxDeliveryCount());
        ctx.line("RELEASE: %d retry jobs delivered %d times; REJECT: %d poison jobs delivered %d times",
                retryIds.size(), retryDeliveries, poisonIds.size(), poisonDeliveries);
        ctx.line("per-user order: %d inversions in the share group's completions, %d in the consumer group's",
                share.book.orderInversions(), group.book.orderInversions());

        List<Check> checks = List.of(
                Check.of("share group: every worker busy", busyShare == s.workers(),
                        busyShare + "/" + s.workers() + " workers processed jobs " + share.perWorker),
                Check.of("consumer group: one member busy", busyGroup == 1,
                        busyGroup + "/" + s.workers() + " members processed jobs " + group.perWorker),
                Check.of("crashed worker's jobs redelivered", crash.crashed != null && redelivered > 0
                        && crash.book.finishedJobs() == crashJobs.size(), redelivered + " redeliveries, all "
                        + crash.book.finishedJobs() + "/" + crashJobs.size() + " jobs finished"),
                Check.of("released job delivered again", retryDeliveries == 2L * retryIds.size(),
                        retryDeliveries + " deliveries of " + retryIds.size() + " retry jobs"),
                Check.of("rejected job never redelivered", poisonDeliveries == poisonIds.size(),
                        poisonDeliveries + " deliveries of " + poisonIds.size() + " poison jobs"),
                Check.of("per-user order lost in the queue", share.book.orderInversions() > 0
                        && group.book.orderInversions() == 0, share.book.orderInversions() + " inversions (share), "
                        + group.book.orderInversions() + " (consumer group)"));
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("workers", s.workers());
        figures.put("jobs", s.jobs());
        figures.put("work_ms", s.work().toMillis());
        figures.put("share_jobs_per_worker", share.perWorker);
        figures.put("share_seconds", share.millis / 1000.0);
        figures.put("share_jobs_per_s", Math.round(shareRate));
        figures.put("consumer_group_jobs_per_worker", group.perWorker);
        figures.put("consumer_group_seconds", group.millis / 1000.0);
        figures.put("consumer_group_jobs_per_s", Math.round(groupRate));
        figures.put("redeliveries_after_crash", redelivered);
        figures.put("max_delivery_count", crash.book.maxDeliveryCount());
        figures.put("crash_run_jobs", crashJobs.size());
        figures.put("crash_run_jobs_finished", crash.book.finishedJobs());
        figures.put("poison_deliveries", poisonDeliveries);
        figures.put("retry_deliveries", retryDeliveries);
        figures.put("order_inversions_share", share.book.orderInversions());
        figures.put("order_inversions_consumer_group", group.book.orderInversions());
        return new ScenarioOutcome(name(), checks, figures);
    }

    private static List<String> ids(List<Job> jobs, Job.Kind kind) {
        return jobs.stream().filter(j -> j.kind() == kind).map(Job::id).collect(Collectors.toList());
    }

    /** One run's deliveries, per-worker counts (every worker listed, idle ones with 0) and busy time. */
    private record Run(DeliveryBook book, Map<String, Long> perWorker, long millis, String crashed) {
    }

    private Run runShareGroup(LabContext ctx, String group, String topic, int expected, int crashAfter,
                              Duration quiet) throws InterruptedException {
        DeliveryBook book = new DeliveryBook();
        List<ShareWorker> workers = new ArrayList<>();
        // The workers start work together, once each has its first jobs: the race a queue runs is then real.
        java.util.concurrent.CountDownLatch together = new java.util.concurrent.CountDownLatch(settings.workers());
        for (int i = 1; i <= settings.workers(); i++) {
            workers.add(new ShareWorker(group + "-w" + i, ctx.bootstrapServers(), group, topic, settings.work(),
                    i == 1 ? crashAfter : -1, book, together));
        }
        try {
            workers.forEach(Thread::start);
            // After a crash, a long quiet means nothing more can come: every lock held has long expired.
            Waits.until(settings.timeout(), () -> book.finishedJobs() >= expected
                    || workers.stream().allMatch(w -> w.failure() != null || w.crashed())
                    || workers.stream().anyMatch(ShareWorker::crashed) && book.quietMillis() > quiet.toMillis(),
                    "share group " + group + " to finish " + expected + " jobs");
        } finally {
            workers.forEach(ShareWorker::shutdown);
            for (ShareWorker w : workers) {
                w.join(TimeUnit.SECONDS.toMillis(10));
                w.closeConsumer();
            }
        }
        failIfAnyFailed(workers.stream().map(ShareWorker::failure).collect(Collectors.toList()), group);
        String crashed = workers.stream().filter(ShareWorker::crashed).map(Thread::getName).findFirst().orElse(null);
        return new Run(book, everyWorker(workers.stream().map(Thread::getName).collect(Collectors.toList()), book),
                book.busyMillis(), crashed);
    }

    private Run runConsumerGroup(LabContext ctx, String group, String topic, int expected)
            throws InterruptedException {
        DeliveryBook book = new DeliveryBook();
        List<GroupWorker> members = new ArrayList<>();
        for (int i = 1; i <= settings.workers(); i++) {
            members.add(new GroupWorker(group + "-m" + i, ctx.bootstrapServers(), group, topic, settings.work(),
                    book));
        }
        try {
            members.forEach(Thread::start);
            Waits.until(settings.timeout(), () -> book.finishedJobs() >= expected
                    || members.stream().allMatch(m -> m.failure() != null),
                    "consumer group " + group + " to finish " + expected + " jobs");
        } finally {
            members.forEach(GroupWorker::shutdown);
            for (GroupWorker m : members) {
                m.join(TimeUnit.SECONDS.toMillis(10));
            }
        }
        failIfAnyFailed(members.stream().map(GroupWorker::failure).collect(Collectors.toList()), group);
        return new Run(book, everyWorker(members.stream().map(Thread::getName).collect(Collectors.toList()), book),
                book.busyMillis(), null);
    }

    private static Map<String, Long> everyWorker(List<String> names, DeliveryBook book) {
        Map<String, Long> counts = book.perWorker();
        Map<String, Long> out = new LinkedHashMap<>();
        names.forEach(n -> out.put(n.substring(n.lastIndexOf('-') + 1), counts.getOrDefault(n, 0L)));
        return out;
    }

    private static void failIfAnyFailed(List<Throwable> failures, String group) {
        failures.stream().filter(f -> f != null).findFirst().ifPresent(f -> {
            if (f instanceof RuntimeException) {
                throw (RuntimeException) f;
            }
            throw new LabInfraException("a worker of " + group + " failed: " + f, f);
        });
    }
}
