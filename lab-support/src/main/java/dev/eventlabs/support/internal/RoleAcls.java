package dev.eventlabs.support.internal;

import dev.eventlabs.support.LabRole;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The ACLs of the secure profile, one small set per {@link LabRole} (docs/CONTRACTS.md, "Secure profile"). Every
 * pattern is PREFIXED, because tests and re-runs suffix their names. Pure data: no cluster needed to read it.
 *
 * <p>Kafka ACLs match names by prefix only, and the dead-letter topics ({@code orders.DLT},
 * {@code orders.payments.DLT}) start with {@code orders} like the orders topics ({@code orders},
 * {@code orders-<run>}, {@code orders.random-keys}). So the roles of the orders topics get an explicit DENY on the
 * dead-letter prefixes: Kafka's authorizer lets a matching DENY win over any ALLOW.
 */
public final class RoleAcls {
    /** Every orders topic starts with this: {@code orders}, {@code orders-<run id>}, {@code orders.random-keys}. */
    public static final String ORDERS_TOPIC_PREFIX = "orders";
    /** The dead-letter topics of the contracts (Lab 3.1's and Lab 3.3's), each with any suffix. */
    public static final List<String> DEAD_LETTER_TOPIC_PREFIXES = List.of("orders.DLT", "orders.payments.DLT");
    static final String ANY_HOST = "*";

    private RoleAcls() {
    }

    /** The ACLs of every role, to create once at cluster start. */
    public static List<AclBinding> all() {
        return Arrays.stream(LabRole.values()).flatMap(r -> forRole(r).stream()).collect(Collectors.toList());
    }

    /** What {@code role} is allowed (and, on the dead-letter topics, denied); empty for the super user. */
    public static List<AclBinding> forRole(LabRole role) {
        List<AclBinding> acls = new ArrayList<>();
        switch (role) {
            case ORDER_PRODUCER:
                // WRITE implies DESCRIBE, and since Kafka 3.0 an idempotent producer needs no cluster ACL (KIP-679).
                acls.add(allow(role, topic(ORDERS_TOPIC_PREFIX), AclOperation.WRITE));
                denyDeadLetters(role, acls);
                break;
            case BILLING:
            case AUDIT:
            case PAYMENTS:
                // READ on the topic and on the group: what a group member needs to fetch and to commit offsets.
                acls.add(allow(role, topic(ORDERS_TOPIC_PREFIX), AclOperation.READ));
                acls.add(allow(role, group(role.groupPrefix()), AclOperation.READ));
                denyDeadLetters(role, acls);
                break;
            case DLT_WRITER:
                DEAD_LETTER_TOPIC_PREFIXES.forEach(p -> acls.add(allow(role, topic(p), AclOperation.WRITE)));
                break;
            case OPS:
                DEAD_LETTER_TOPIC_PREFIXES.forEach(p -> acls.add(allow(role, topic(p), AclOperation.READ)));
                acls.add(allow(role, group(role.groupPrefix()), AclOperation.READ));
                break;
            case LAB_ADMIN:
                break; // a super user (super.users): the authorizer asks no ACL
            default:
                throw new IllegalStateException("no ACLs defined for role " + role);
        }
        return acls;
    }

    static String principal(LabRole role) {
        return "User:" + role.principalName();
    }

    private static void denyDeadLetters(LabRole role, List<AclBinding> acls) {
        DEAD_LETTER_TOPIC_PREFIXES.forEach(p -> acls.add(new AclBinding(topic(p),
                new AccessControlEntry(principal(role), ANY_HOST, AclOperation.ALL, AclPermissionType.DENY))));
    }

    private static AclBinding allow(LabRole role, ResourcePattern pattern, AclOperation operation) {
        return new AclBinding(pattern, new AccessControlEntry(principal(role), ANY_HOST, operation,
                AclPermissionType.ALLOW));
    }

    private static ResourcePattern topic(String prefix) {
        return new ResourcePattern(ResourceType.TOPIC, prefix, PatternType.PREFIXED);
    }

    private static ResourcePattern group(String prefix) {
        return new ResourcePattern(ResourceType.GROUP, prefix, PatternType.PREFIXED);
    }
}
