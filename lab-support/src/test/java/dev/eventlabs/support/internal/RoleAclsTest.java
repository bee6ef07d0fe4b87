package dev.eventlabs.support.internal;

import dev.eventlabs.support.LabRole;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Each role's ACLs, read as "PERMISSION OPERATION RESOURCE_TYPE prefix". */
class RoleAclsTest {

    @Test
    void theOrderProducerWritesTheOrdersTopicsAndIsDeniedTheDeadLetterTopics() {
        assertThat(rules(LabRole.ORDER_PRODUCER)).containsExactly(
                "ALLOW WRITE TOPIC orders",
                "DENY ALL TOPIC orders.DLT",
                "DENY ALL TOPIC orders.payments.DLT");
    }

    @Test
    void billingReadsTheOrdersTopicsInItsOwnGroupsOnly() {
        assertThat(rules(LabRole.BILLING)).containsExactly(
                "ALLOW READ TOPIC orders",
                "ALLOW READ GROUP billing",
                "DENY ALL TOPIC orders.DLT",
                "DENY ALL TOPIC orders.payments.DLT");
    }

    @Test
    void auditAndPaymentsEachGetTheirOwnGroupPrefix() {
        assertThat(List.of(rules(LabRole.AUDIT).get(1), rules(LabRole.PAYMENTS).get(1)))
                .containsExactly("ALLOW READ GROUP audit", "ALLOW READ GROUP payments");
    }

    @Test
    void theDltWriterWritesOnlyTheDeadLetterTopics() {
        assertThat(rules(LabRole.DLT_WRITER)).containsExactly(
                "ALLOW WRITE TOPIC orders.DLT",
                "ALLOW WRITE TOPIC orders.payments.DLT");
    }

    @Test
    void opsReadsOnlyTheDeadLetterTopicsInItsOwnGroups() {
        assertThat(rules(LabRole.OPS)).containsExactly(
                "ALLOW READ TOPIC orders.DLT",
                "ALLOW READ TOPIC orders.payments.DLT",
                "ALLOW READ GROUP ops");
    }

    @Test
    void theLabAdminNeedsNoAclBeingASuperUser() {
        assertThat(RoleAcls.forRole(LabRole.LAB_ADMIN)).isEmpty();
    }

    @Test
    void noRoleMayAlterTheClusterOrCreateTopics() {
        assertThat(RoleAcls.all()).as("every ACL of every role").noneMatch(b ->
                b.entry().permissionType() == AclPermissionType.ALLOW
                        && (b.pattern().resourceType().name().equals("CLUSTER")
                        || b.entry().operation().name().matches("ALL|ALTER|CREATE|DELETE|ALTER_CONFIGS")));
    }

    @Test
    void everyPatternIsAPrefixBecauseNamesCarryRunSuffixes() {
        assertThat(RoleAcls.all()).extracting(b -> b.pattern().patternType()).containsOnly(PatternType.PREFIXED);
    }

    @Test
    void eachAclNamesItsRolesOwnPrincipal() {
        assertThat(RoleAcls.forRole(LabRole.AUDIT)).extracting(b -> b.entry().principal()).containsOnly("User:audit");
    }

    private static List<String> rules(LabRole role) {
        return RoleAcls.forRole(role).stream().map(RoleAclsTest::rule).collect(Collectors.toList());
    }

    private static String rule(AclBinding b) {
        return b.entry().permissionType() + " " + b.entry().operation() + " " + b.pattern().resourceType() + " "
                + b.pattern().name();
    }
}
