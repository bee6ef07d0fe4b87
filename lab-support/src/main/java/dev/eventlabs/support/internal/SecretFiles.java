package dev.eventlabs.support.internal;

import dev.eventlabs.support.PrivateFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files that hold a secret (a password, a key store, a JAAS line): readable by their owner only (0600, directories
 * 0700) on POSIX systems. The permission is set when the file is created, so no other user can open it in between.
 * On Windows the temp directory is already private to the user, and these calls write plain files.
 */
final class SecretFiles {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");

    private SecretFiles() {
    }

    static Path createDirectory(Path dir) {
        try {
            Files.createDirectories(dir);
            if (POSIX) {
                Files.setPosixFilePermissions(dir, OWNER_ONLY_DIR);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("could not create " + dir, e);
        }
    }

    static void write(Path file, String content) {
        write(file, content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Writes {@code content} to {@code file}, created (or re-restricted) as 0600 before any byte is written. */
    static void write(Path file, byte[] content) {
        try {
            Files.write(PrivateFiles.ownerOnly(file), content, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }
}
