package dev.eventlabs.support;

import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * The backend chosen for this run, and why. Pure: the environment and the Docker probe are passed in, so the rules
 * can be unit-tested without any infrastructure.
 *
 * @param infra  never {@link Infra#AUTO}: auto is resolved to docker or local
 * @param reason one human-readable sentence, logged once
 */
public record InfraChoice(Infra infra, String reason) {

    public InfraChoice {
        Objects.requireNonNull(infra, "infra");
        Objects.requireNonNull(reason, "reason");
        if (infra == Infra.AUTO) {
            throw new IllegalArgumentException("infra must be resolved, not auto");
        }
    }

    /**
     * Applies the contract: {@code LAB_INFRA} unset or {@code auto} picks docker when a Docker engine answers,
     * local otherwise; any other value is taken as asked. The Docker probe runs only when it matters.
     */
    public static InfraChoice choose(Map<String, String> env, BooleanSupplier dockerAnswers) {
        String raw = env.get(Infra.ENV_VARIABLE);
        Infra asked = Infra.parse(raw);
        switch (asked) {
            case AUTO:
                return dockerAnswers.getAsBoolean()
                        ? new InfraChoice(Infra.DOCKER, "LAB_INFRA=auto and a Docker engine answered")
                        : new InfraChoice(Infra.LOCAL,
                                "LAB_INFRA=auto and no Docker engine answered; starting real Kafka and PostgreSQL"
                                        + " as local processes");
            case DOCKER:
                if (!dockerAnswers.getAsBoolean()) {
                    throw new LabInfraException("LAB_INFRA=docker but no Docker engine answered. Start Docker, or"
                            + " set LAB_INFRA=local to run Kafka and PostgreSQL as local processes.");
                }
                return new InfraChoice(Infra.DOCKER, "LAB_INFRA=docker");
            case LOCAL:
                return new InfraChoice(Infra.LOCAL, "LAB_INFRA=local");
            case EXTERNAL:
                return new InfraChoice(Infra.EXTERNAL, "LAB_INFRA=external");
            default:
                throw new IllegalStateException("unhandled " + asked);
        }
    }

    /** Reads the process environment and probes Docker (once per JVM) only if needed. */
    public static InfraChoice fromEnvironment() {
        return choose(System.getenv(), dev.eventlabs.support.internal.DockerProbe::dockerAnswers);
    }
}
