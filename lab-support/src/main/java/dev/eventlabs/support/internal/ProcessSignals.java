package dev.eventlabs.support.internal;

import dev.eventlabs.support.LabInfraException;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Sends SIGSTOP and SIGCONT to a process, through the system's {@code kill} command: Java's Process API can only
 * terminate. A stopped process keeps its sockets and memory and answers nothing, which is what a long GC pause looks
 * like from outside. Stateless; every call is bounded by {@link #TIMEOUT}. Unix only.
 */
public final class ProcessSignals {
    /** {@code kill} returns in milliseconds; the bound is for a machine that is thrashing. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private ProcessSignals() {
    }

    /** SIGSTOP: freezes {@code pid} until {@link #resume}. */
    public static void pause(long pid, String what) {
        send("STOP", pid, what);
    }

    /** SIGCONT: thaws {@code pid}. Harmless for a process that is not stopped. */
    public static void resume(long pid, String what) {
        send("CONT", pid, what);
    }

    private static void send(String signal, long pid, String what) {
        if (pid <= 0) {
            throw new LabInfraException("cannot send SIG" + signal + " to " + what + ": it has no running process");
        }
        Process p;
        try {
            p = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new LabInfraException("could not run kill -" + signal + " " + pid + " for " + what + ": "
                    + e.getMessage(), e);
        }
        try {
            if (!p.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new LabInfraException("kill -" + signal + " " + pid + " (" + what + ") did not return within "
                        + TIMEOUT.toSeconds() + " s");
            }
            if (p.exitValue() != 0) {
                String out = new String(p.getInputStream().readNBytes(512), java.nio.charset.StandardCharsets.UTF_8);
                throw new LabInfraException("kill -" + signal + " " + pid + " (" + what + ") failed with exit code "
                        + p.exitValue() + ": " + out.strip());
            }
        } catch (IOException e) {
            throw new LabInfraException("could not read the output of kill -" + signal + " " + pid, e);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new LabInfraException("interrupted while sending SIG" + signal + " to " + what, e);
        }
    }
}
