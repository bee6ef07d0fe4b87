package dev.eventlabs.support;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files that hold order data (user ids, amounts) are readable by their owner only: 0600 where the file system has
 * POSIX permissions. Call {@link #ownerOnly} before writing; an existing file is narrowed too, so a file left 0644
 * by an older run is not rewritten with its old mode. Stateless.
 */
public final class PrivateFiles {
    static final Set<PosixFilePermission> OWNER_READ_WRITE = PosixFilePermissions.fromString("rw-------");

    private PrivateFiles() {
    }

    /** Creates {@code file} (and its parent directories) as 0600, or sets an existing one to 0600; returns it. */
    public static Path ownerOnly(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        boolean posix = Files.getFileStore(parent != null ? parent : file.toAbsolutePath().getRoot())
                .supportsFileAttributeView("posix");
        if (!posix) {
            if (!Files.exists(file)) {
                Files.createFile(file);
            }
            return file;
        }
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE));
        } catch (FileAlreadyExistsException e) {
            Files.setPosixFilePermissions(file, OWNER_READ_WRITE);
        }
        return file;
    }
}
