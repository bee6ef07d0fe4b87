package dev.eventlabs.support;

import com.zaxxer.hikari.HikariConfig;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The bounds every connection to PostgreSQL in this workspace gets, so that nothing waits forever on a server that
 * is down (refuses), dead (no answer at all) or hung (accepts the TCP connection, then never answers, as a paused
 * container or a SIGSTOPped postmaster does). pgjdbc's own defaults wait forever for an answer.
 *
 * <p>Worst case for one query through a pool: {@link #CONNECT} to get a connection, then {@link #SOCKET} for the
 * answer, so a query to a stopped or hung server fails within 10 s with an {@link SQLException}.
 */
public final class JdbcTimeouts {
    /** TCP connect, the login handshake, and the pool's wait for a free or new connection. */
    public static final Duration CONNECT = Duration.ofSeconds(5);
    /**
     * The longest wait for any answer on an open connection. The labs' statements take milliseconds; this only ends
     * a wait on a server that stopped answering.
     */
    public static final Duration SOCKET = Duration.ofSeconds(5);

    private JdbcTimeouts() {
    }

    /** pgjdbc properties with the bounds above, plus user and password. */
    public static Properties driverProperties(String user, String password) {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        timeouts(CONNECT, SOCKET).forEach(p::setProperty);
        return p;
    }

    /** A single unpooled connection with the bounds above. */
    public static Connection connect(String jdbcUrl, String user, String password) throws SQLException {
        return DriverManager.getConnection(jdbcUrl, driverProperties(user, password));
    }

    /** Applies the bounds above to a HikariCP pool: its connection wait and its connections' driver timeouts. */
    public static HikariConfig apply(HikariConfig config) {
        return apply(config, CONNECT, SOCKET);
    }

    /** As {@link #apply(HikariConfig)} with other bounds, e.g. a consumer that must give up sooner. */
    public static HikariConfig apply(HikariConfig config, Duration connect, Duration socket) {
        if (connect.toSeconds() < 1 || socket.toSeconds() < 1) {
            throw new IllegalArgumentException("JDBC timeouts are whole seconds >= 1; got connect " + connect
                    + ", socket " + socket);
        }
        config.setConnectionTimeout(connect.toMillis());
        config.setValidationTimeout(Math.min(connect.toMillis(), socket.toMillis()));
        timeouts(connect, socket).forEach(config::addDataSourceProperty);
        return config;
    }

    private static Map<String, String> timeouts(Duration connect, Duration socket) {
        Map<String, String> p = new LinkedHashMap<>();
        // pgjdbc takes these in seconds; 0 (its default for the socket) means forever.
        p.put("connectTimeout", String.valueOf(connect.toSeconds()));
        p.put("loginTimeout", String.valueOf(connect.toSeconds()));
        p.put("socketTimeout", String.valueOf(socket.toSeconds()));
        // A connection whose peer vanished without a FIN is found by the OS, not only by the socket timeout.
        p.put("tcpKeepAlive", "true");
        return p;
    }
}
