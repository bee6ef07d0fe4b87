package dev.eventlabs.support.internal;

import dev.eventlabs.support.LabInfraException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The per-user directories under the shared temp directory: the binary cache and the run directories. */
class PrivateDirectoryTest {

    @Test
    void aMissingDirectoryIsCreatedWithMode0700AndOwnedByThisUser(@TempDir Path tmp) throws Exception {
        Path dir = PrivateDirectory.ensure(PrivateDirectory.perUser(tmp, "eventlabs-embedded-pg-"));

        assertThat(dir).hasFileName("eventlabs-embedded-pg-" + PrivateDirectory.currentUid())
                .satisfies(d -> assertThat(modeAndUid(d)).isEqualTo("rwx------ " + PrivateDirectory.currentUid()));
    }

    @Test
    void aWorldWritableDirectoryIsRefusedWithAClearMessage(@TempDir Path tmp) throws Exception {
        Path planted = givenADirectoryWithMode(tmp, "rwxrwxrwx");

        assertThatThrownBy(() -> PrivateDirectory.ensure(planted)).isInstanceOf(LabInfraException.class)
                .hasMessageContainingAll(planted.toString(), "not private to this user", "mode rwxrwxrwx",
                        "rm -rf " + planted, "-Djava.io.tmpdir");
    }

    @Test
    void aGroupWritableDirectoryIsRefused(@TempDir Path tmp) throws Exception {
        Path planted = givenADirectoryWithMode(tmp, "rwxrwx---");

        assertThatThrownBy(() -> PrivateDirectory.ensure(planted)).isInstanceOf(LabInfraException.class)
                .hasMessageContaining("mode rwxrwx---");
    }

    @Test
    void aDirectoryOfAnotherUserIsRefused(@TempDir Path tmp) throws Exception {
        assumeTrue(PrivateDirectory.currentUid() == 0, "only root can give a directory to another user");
        Path planted = givenADirectoryWithMode(tmp, "rwx------");
        Files.setOwner(planted, nobody(tmp));

        assertThatThrownBy(() -> PrivateDirectory.ensure(planted)).isInstanceOf(LabInfraException.class)
                .hasMessageContaining("owner uid " + Files.getAttribute(planted, "unix:uid"));
    }

    @Test
    void aSymlinkToAPrivateDirectoryIsRefused(@TempDir Path tmp) throws Exception {
        Path target = PrivateDirectory.ensure(tmp.resolve("elsewhere"));
        Path link = Files.createSymbolicLink(tmp.resolve("eventlabs-embedded-pg-link"), target);

        assertThatThrownBy(() -> PrivateDirectory.ensure(link)).isInstanceOf(LabInfraException.class)
                .hasMessageContaining("a symlink");
    }

    @Test
    void anExistingDirectoryOfOursThatOthersCanOnlyReadIsNarrowedTo0700(@TempDir Path tmp) throws Exception {
        Path ours = givenADirectoryWithMode(tmp, "rwxr-xr-x");

        PrivateDirectory.ensure(ours);

        assertThat(PrivateDirectory.isPrivate(ours)).as(modeAndUid(ours)).isTrue();
    }

    private static Path givenADirectoryWithMode(Path tmp, String mode) throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("eventlabs-embedded-pg-planted"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(mode));
        return dir;
    }

    private static UserPrincipal nobody(Path tmp) throws Exception {
        return tmp.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
    }

    private static String modeAndUid(Path dir) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS)) + " "
                + Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    }
}
