package dev.eventlabs.support;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretsTest {
    @Test
    void aPasswordInAJdbcUrlIsMaskedWhereverItIs() {
        assertThat(Secrets.maskJdbcUrl("jdbc:postgresql://db:5432/labs?user=lab&password=s3cret&ssl=true"))
                .isEqualTo("jdbc:postgresql://db:5432/labs?user=lab&password=****&ssl=true");
        assertThat(Secrets.maskJdbcUrl("jdbc:postgresql://db/labs?PASSWORD=s3cret"))
                .isEqualTo("jdbc:postgresql://db/labs?PASSWORD=****");
        assertThat(Secrets.maskJdbcUrl("jdbc:postgresql://lab:s3cret@db:5432/labs"))
                .isEqualTo("jdbc:postgresql://lab:****@db:5432/labs");
        assertThat(Secrets.maskJdbcUrl("jdbc:postgresql://127.0.0.1:5432/labs")).isEqualTo(
                "jdbc:postgresql://127.0.0.1:5432/labs");
    }

    @Test
    void theDatabasePasswordComesFromTheFlagThenTheEnvironmentThenAFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("pw"), "from-file\nignored\n");
        Map<String, String> both = Map.of(PostgresDatabase.POSTGRES_PASSWORD, "from-env",
                Secrets.POSTGRES_PASSWORD_FILE, file.toString());

        assertThat(Secrets.postgresPassword("from-flag", both, "lab")).isEqualTo("from-flag");
        assertThat(Secrets.postgresPassword(null, both, "lab")).isEqualTo("from-env");
        assertThat(Secrets.postgresPassword(null, Map.of(Secrets.POSTGRES_PASSWORD_FILE, file.toString()), "lab"))
                .isEqualTo("from-file");
        assertThat(Secrets.postgresPassword(null, Map.of(), "lab")).isEqualTo("lab");
    }

    @Test
    void aPasswordFileThatIsMissingOrTooBigIsAClearError(@TempDir Path dir) throws Exception {
        Path big = Files.write(dir.resolve("big"), new byte[8192]);

        assertThatThrownBy(() -> Secrets.postgresPassword(null, Map.of(Secrets.POSTGRES_PASSWORD_FILE,
                dir.resolve("missing").toString()), "lab")).hasMessageContaining("cannot be read");
        assertThatThrownBy(() -> Secrets.postgresPassword(null, Map.of(Secrets.POSTGRES_PASSWORD_FILE,
                big.toString()), "lab")).hasMessageContaining("not a password file");
    }
}
