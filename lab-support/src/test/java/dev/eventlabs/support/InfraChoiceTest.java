package dev.eventlabs.support;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Backend selection by LAB_INFRA, with the environment and the Docker probe faked: no infrastructure needed. */
class InfraChoiceTest {
    private static final Map<String, String> UNSET = Map.of();

    @Test
    void autoPicksDockerWhenADockerEngineAnswers() {
        assertThat(InfraChoice.choose(UNSET, () -> true).infra()).isEqualTo(Infra.DOCKER);
    }

    @Test
    void autoPicksLocalProcessesWhenNoDockerEngineAnswers() {
        assertThat(InfraChoice.choose(Map.of("LAB_INFRA", "auto"), () -> false))
                .isEqualTo(new InfraChoice(Infra.LOCAL, "LAB_INFRA=auto and no Docker engine answered; starting"
                        + " real Kafka and PostgreSQL as local processes"));
    }

    @Test
    void localAndExternalAreTakenAsAskedWithoutProbingDocker() {
        assertThat(InfraChoice.choose(Map.of("LAB_INFRA", "LOCAL"), InfraChoiceTest::probeMustNotRun).infra())
                .isEqualTo(Infra.LOCAL);
        assertThat(InfraChoice.choose(Map.of("LAB_INFRA", " external "), InfraChoiceTest::probeMustNotRun).infra())
                .isEqualTo(Infra.EXTERNAL);
    }

    @Test
    void anUnknownLabInfraValueIsRejectedNamingTheVariableAndTheChoices() {
        assertThatThrownBy(() -> InfraChoice.choose(Map.of("LAB_INFRA", "kubernetes"), () -> true))
                .isInstanceOf(LabInfraException.class)
                .hasMessage("LAB_INFRA='kubernetes' is not one of auto, docker, local, external. Unset it to let the"
                        + " labs choose, or set one of those values.");
    }

    @Test
    void dockerAskedForButAbsentSaysHowToRunWithoutIt() {
        assertThatThrownBy(() -> InfraChoice.choose(Map.of("LAB_INFRA", "docker"), () -> false))
                .isInstanceOf(LabInfraException.class).hasMessageContaining("LAB_INFRA=local");
    }

    @Test
    void externalKafkaWithoutItsAddressNamesTheVariable() {
        InfraChoice external = InfraChoice.choose(Map.of("LAB_INFRA", "external"), () -> false);

        assertThatThrownBy(() -> KafkaCluster.start(KafkaClusterConfig.ofBrokers(3), external, UNSET))
                .isInstanceOf(LabInfraException.class).hasMessageStartingWith("LAB_INFRA=external needs"
                        + " KAFKA_BOOTSTRAP_SERVERS");
    }

    @Test
    void externalPostgresWithoutItsUrlNamesTheVariables() {
        InfraChoice external = InfraChoice.choose(Map.of("LAB_INFRA", "external"), () -> false);

        assertThatThrownBy(() -> PostgresDatabase.start(external, UNSET))
                .isInstanceOf(LabInfraException.class)
                .hasMessageStartingWith("LAB_INFRA=external needs POSTGRES_JDBC_URL (and POSTGRES_USER,"
                        + " POSTGRES_PASSWORD)");
    }

    private static boolean probeMustNotRun() {
        throw new AssertionError("the Docker probe ran although LAB_INFRA named a backend");
    }
}
