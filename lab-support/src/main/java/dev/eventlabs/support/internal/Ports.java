package dev.eventlabs.support.internal;

import dev.eventlabs.support.LabInfraException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Loopback ports for local servers. */
public final class Ports {
    public static final String LOOPBACK = "127.0.0.1";

    private Ports() {
    }

    /** {@code count} distinct ports that were free on 127.0.0.1 a moment ago (all held open together while chosen). */
    public static List<Integer> free(int count) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                held.add(new ServerSocket(0, 0, InetAddress.getByName(LOOPBACK)));
            }
            List<Integer> ports = new ArrayList<>();
            for (ServerSocket s : held) {
                ports.add(s.getLocalPort());
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("could not find a free port on " + LOOPBACK, e);
        } finally {
            for (ServerSocket s : held) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing a listening socket we own cannot lose anything
                }
            }
        }
    }

    /**
     * Fails fast when {@code port} is taken on 127.0.0.1.
     *
     * @param role what the port is for, quoted in the message
     */
    public static void requireFree(int port, String role) {
        try {
            new ServerSocket(port, 0, InetAddress.getByName(LOOPBACK)).close(); // it could bind, so it is free
        } catch (IOException e) {
            throw new LabInfraException("Port " + port + " on " + LOOPBACK + " (" + role + ") is already taken. Stop"
                    + " the process that holds it (ss -ltnp 'sport = :" + port + "' shows it), or choose another"
                    + " port.", e);
        }
    }
}
