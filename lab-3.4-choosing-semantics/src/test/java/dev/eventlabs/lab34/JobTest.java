package dev.eventlabs.lab34;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobTest {
    @Test
    void aJobSurvivesItsJsonCodec() {
        Job j = new JobFeed(3, 1).next(Job.Kind.RETRY);

        assertThat(Job.decode(j.encode())).isEqualTo(j);
        assertThat(new String(j.encode(), StandardCharsets.UTF_8)).contains("\"job_id\"", "\"user_id\"", "\"seq\"",
                "\"amount_cents\"", "\"kind\":\"retry\"");
    }

    @Test
    void badValuesAreRefusedWithAReason() {
        assertThatThrownBy(() -> Job.decode("not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> Job.decode("{\"user_id\":\"u\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing field job_id");
        assertThatThrownBy(() -> Job.decode(new byte[Job.MAX_BYTES + 1]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceeds");
    }

    @Test
    void eachUserHasItsOwnSequenceAndTheFeedIsRepeatable() {
        List<Job> a = new JobFeed(2, 7).next(4, Job.Kind.WORK);
        List<Job> b = new JobFeed(2, 7).next(4, Job.Kind.WORK);

        assertThat(a).isEqualTo(b).extracting(Job::userId, Job::seq).containsExactly(
                org.assertj.core.groups.Tuple.tuple("user-01", 1L), org.assertj.core.groups.Tuple.tuple("user-02", 1L),
                org.assertj.core.groups.Tuple.tuple("user-01", 2L), org.assertj.core.groups.Tuple.tuple("user-02", 2L));
    }

    @Test
    void jobsTakeBetweenAFifthAndNineFifthsOfTheAverageWorkAndAUsersFirstJobFiveTimesThat() {
        List<Job> jobs = new JobFeed(5, 3).next(1_000, Job.Kind.WORK);
        Duration avg = Duration.ofMillis(20);

        assertThat(jobs).filteredOn(j -> j.seq() > 1).allSatisfy(j -> assertThat(j.work(avg))
                .isBetween(Duration.ofMillis(4), Duration.ofMillis(36)));
        assertThat(jobs.stream().filter(j -> j.seq() > 1).mapToLong(j -> j.work(avg).toMillis()).average()
                .orElse(0)).isBetween(18.0, 22.0);
        assertThat(jobs).filteredOn(j -> j.seq() == 1).hasSize(5).allSatisfy(j -> assertThat(j.work(avg))
                .isEqualTo(new Job(j.id(), j.userId(), 2, j.amountCents(), j.kind()).work(avg)
                        .multipliedBy(Job.FIRST_JOB_SLOWDOWN)));
    }
}
