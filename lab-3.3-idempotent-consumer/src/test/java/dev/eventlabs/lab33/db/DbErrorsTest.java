package dev.eventlabs.lab33.db;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

class DbErrorsTest {

    @Test
    void errorsAreSortedByWhatTheConsumerShouldDo() {
        assertThat(DbErrors.classify(new SQLException("refused", "08001"))).isEqualTo(DbErrors.Kind.UNAVAILABLE);
        assertThat(DbErrors.classify(new SQLException("shutdown", "57P01"))).isEqualTo(DbErrors.Kind.UNAVAILABLE);
        assertThat(DbErrors.classify(new SQLTransientConnectionException("pool timeout")))
                .isEqualTo(DbErrors.Kind.UNAVAILABLE);
        assertThat(DbErrors.classify(new SQLException("deadlock", "40P01"))).isEqualTo(DbErrors.Kind.TRANSIENT);
        assertThat(DbErrors.classify(new SQLException("serialization", "40001"))).isEqualTo(DbErrors.Kind.TRANSIENT);
        assertThat(DbErrors.classify(new SQLException("nul byte", "22021"))).isEqualTo(DbErrors.Kind.DATA);
        assertThat(DbErrors.classify(new SQLException("not null", "23502"))).isEqualTo(DbErrors.Kind.DATA);
        assertThat(DbErrors.classify(new SQLException("no such table", "42P01"))).isEqualTo(DbErrors.Kind.FATAL);
    }

    @Test
    void theDescriptionKeepsTheFirstLineAndTheSqlState() {
        assertThat(DbErrors.describe(new SQLException("ERROR: boom\n  Where: here", "42P01")))
                .isEqualTo("ERROR: boom [SQLSTATE 42P01]");
    }
}
