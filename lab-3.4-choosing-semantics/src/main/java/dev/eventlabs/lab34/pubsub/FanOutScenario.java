package dev.eventlabs.lab34.pubsub;

import dev.eventlabs.lab34.Clients;
import dev.eventlabs.lab34.Job;
import dev.eventlabs.lab34.JobFeed;
import dev.eventlabs.lab34.LabContext;
import dev.eventlabs.lab34.LabNames;
import dev.eventlabs.lab34.Scenario;
import dev.eventlabs.lab34.ScenarioOutcome;
import dev.eventlabs.lab34.queue.DeliveryBook;
import dev.eventlabs.lab34.queue.GroupWorker;
import dev.eventlabs.lab34.queue.ShareGroups;
import dev.eventlabs.lab34.queue.ShareWorker;
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

/**
 * Pub/sub fan-out: three consumer groups (billing, audit, analytics) on one {@code events} topic each receive every
 * event, because each group keeps its own offsets; a share group of three members splits the same events between
 * them instead: together its members are one reader (with as many partitions as members, each gets about one; with
 * more members than partitions, they share a partition record by record, as in the queue scenario). One table says
 * who got what.
 */
public final class FanOutScenario implements Scenario {
    /** @param events how many events; {@code members} share-group members */
    public record Settings(int events, int partitions, int members, Duration timeout) {
        public static Settings defaults() {
            return new Settings(300, 3, 3, Duration.ofSeconds(60));
        }
    }

    private final Settings settings;

    /** What each group has received so far, for a wait that gives up. */
    private static String received(Map<String, DeliveryBook> books, DeliveryBook share, int of) {
        StringBuilder b = new StringBuilder();
        books.forEach((g, book) -> b.append(g).append(' ').append(book.finishedJobs()).append('/').append(of)
                .append(", "));
        return b.append("share group ").append(share.finishedJobs()).append('/').append(of).append(' ')
                .append(share.perWorker()).toString();
    }

    public FanOutScenario(Settings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "pubsub";
    }

    @Override
    public ScenarioOutcome run(LabContext ctx) throws InterruptedException {
        String topic = ctx.name(LabNames.EVENTS_TOPIC);
        int rf = Math.min(3, ctx.cluster().brokerIds().size());
        ctx.cluster().createTopic(topic, settings.partitions(), rf, Math.min(2, rf));
        List<Job> events = new JobFeed(10, 43).next(settings.events(), Job.Kind.WORK);
        try (KafkaProducer<byte[], byte[]> p = Clients.producer(ctx.bootstrapServers(), "lab34-events")) {
            JobFeed.send(p, topic, events);
        }
        ctx.line("%d events on %s (%d partitions)", events.size(), topic, settings.partitions());

        Map<String, Map<String, Long>> table = new LinkedHashMap<>();
        Map<String, Long> totals = new LinkedHashMap<>();
        List<GroupWorker> groupMembers = new ArrayList<>();
        Map<String, DeliveryBook> books = new LinkedHashMap<>();
        for (String g : LabNames.FAN_OUT_GROUPS) {
            DeliveryBook book = new DeliveryBook();
            books.put(g, book);
            groupMembers.add(new GroupWorker(ctx.name(g) + "-m1", ctx.bootstrapServers(), ctx.name(g), topic,
                    Duration.ZERO, book));
        }
        String shareGroup = ctx.name(LabNames.SHARE_GROUP + "-fanout");
        DeliveryBook shareBook = new DeliveryBook();
        List<ShareWorker> shareMembers = new ArrayList<>();
        try (Admin admin = Clients.admin(ctx.bootstrapServers())) {
            ShareGroups.configure(admin, shareGroup, Map.of(ShareGroups.AUTO_OFFSET_RESET, "earliest"));
        }
        for (int i = 1; i <= settings.members(); i++) {
            shareMembers.add(new ShareWorker(shareGroup + "-w" + i, ctx.bootstrapServers(), shareGroup, topic,
                    Duration.ZERO, -1, shareBook));
        }
        try {
            groupMembers.forEach(Thread::start);
            shareMembers.forEach(Thread::start);
            Waits.until(settings.timeout(), () -> books.values().stream().allMatch(b -> b.finishedJobs()
                    >= events.size()) && shareBook.finishedJobs() >= events.size() ? null : received(books, shareBook,
                    events.size()), "not every group received the " + events.size() + " events within "
                    + settings.timeout().toSeconds() + " s");
        } finally {
            groupMembers.forEach(GroupWorker::shutdown);
            shareMembers.forEach(ShareWorker::shutdown);
            for (Thread t : groupMembers) {
                t.join(TimeUnit.SECONDS.toMillis(10));
            }
            for (ShareWorker w : shareMembers) {
                w.join(TimeUnit.SECONDS.toMillis(10));
                w.closeConsumer();
            }
        }
        books.forEach((g, b) -> {
            Map<String, Long> perMember = new LinkedHashMap<>();
            b.perWorker().forEach((m, n) -> perMember.put(m.substring(m.lastIndexOf('-') + 1), n));
            table.put(g + " (consumer group, 1 member)", perMember);
            totals.put(g, (long) b.finishedJobs());
        });
        Map<String, Long> shareSplit = new LinkedHashMap<>();
        shareBook.perWorker().forEach((w, n) -> shareSplit.put(w.substring(w.lastIndexOf('-') + 1), n));
        table.put("share group (" + settings.members() + " members)", shareSplit);
        totals.put("share group", (long) shareBook.finishedJobs());
        ctx.line("%-38s %-8s %s", "who", "events", "per member");
        table.forEach((who, perMember) -> ctx.line("%-38s %-8d %s", who, perMember.values().stream()
                .mapToLong(Long::longValue).sum(), perMember));

        long groupsWithAll = books.values().stream().filter(b -> b.finishedJobs() == events.size()).count();
        long shareMax = shareSplit.values().stream().mapToLong(Long::longValue).max().orElse(0);
        List<Check> checks = List.of(
                Check.of("every consumer group gets every event", groupsWithAll == books.size(),
                        groupsWithAll + "/" + books.size() + " groups got all " + events.size() + " events"),
                Check.of("a share group splits the events", shareBook.finishedJobs() == events.size()
                        && shareSplit.size() >= 2 && shareMax < events.size(),
                        "its " + shareSplit.size() + " members got " + shareSplit + ", " + shareBook.finishedJobs()
                                + " in all"));
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("events", events.size());
        figures.put("received_per_group", totals);
        figures.put("share_group_split", shareSplit);
        return new ScenarioOutcome(name(), checks, figures);
    }
}
