package dev.eventlabs.support.internal;

import dev.eventlabs.support.Infra;

/** A PostgreSQL this workspace does not own; closing closes the pool only. */
public final class ExternalPostgres extends PooledPostgres {
    private ExternalPostgres(String jdbcUrl, String user, String password, String source) {
        super(Infra.EXTERNAL, jdbcUrl, user, password, source);
    }

    public static ExternalPostgres connect(String jdbcUrl, String user, String password, String source) {
        return new ExternalPostgres(jdbcUrl, user, password, source);
    }

    @Override
    public void close() {
        closePool();
    }
}
