package dev.eventlabs.lab34.queue;

import dev.eventlabs.support.LabInfraException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/** A share group's own settings, set through the Admin API as group configs (before the group first reads). */
public final class ShareGroups {
    /** Where a new share group starts: {@code latest} (Kafka's default) or {@code earliest}. */
    public static final String AUTO_OFFSET_RESET = "share.auto.offset.reset";
    /** How long a worker may hold a job before the broker gives it to another (broker floor here: 1 s). */
    public static final String RECORD_LOCK_DURATION_MS = "share.record.lock.duration.ms";
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private ShareGroups() {
    }

    public static void configure(Admin admin, String group, Map<String, String> configs) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.GROUP, group);
        List<AlterConfigOp> ops = configs.entrySet().stream().map(e -> new AlterConfigOp(new ConfigEntry(e.getKey(),
                e.getValue()), AlterConfigOp.OpType.SET)).collect(Collectors.toList());
        try {
            admin.incrementalAlterConfigs(Map.of(resource, ops)).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new LabInfraException("could not configure share group " + group + " " + configs + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new LabInfraException("configuring share group " + group + " took more than " + TIMEOUT.toSeconds()
                    + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabInfraException("interrupted while configuring share group " + group, e);
        }
    }
}
