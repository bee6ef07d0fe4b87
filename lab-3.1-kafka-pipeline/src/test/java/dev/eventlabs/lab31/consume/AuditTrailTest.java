package dev.eventlabs.lab31.consume;

import dev.eventlabs.lab31.order.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class AuditTrailTest {
    @Test
    void theAuditTrailHoldsEveryUsersOrdersSoOnlyItsOwnerCanReadIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve(AuditTrail.FILE_NAME);
        try (AuditTrail trail = new AuditTrail(file)) {
            trail.handle(new Order(UUID.randomUUID(), "user-001", 1, 100, "EUR", Instant.now()), 0, 0, "audit-1");
            trail.flush();
        }

        assertThat(Files.readString(file)).contains("user-001");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }
}
