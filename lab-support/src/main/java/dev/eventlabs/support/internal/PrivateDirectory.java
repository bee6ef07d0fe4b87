package dev.eventlabs.support.internal;

import dev.eventlabs.support.LabInfraException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Directories under the shared temp directory that only this user may enter: mode 0700 and owned by this process's
 * uid. A directory that another user created (or could write to) can hold files they planted, so it is never used
 * and never trusted; see {@link #ensure(Path)} and {@link #isPrivate(Path)}.
 *
 * <p>On a file system without POSIX permissions (Windows, whose temp directory is per user) every check passes.
 * Stateless and safe from any thread.
 */
public final class PrivateDirectory {
    /** rwx for the owner, nothing for group and others. */
    public static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> WRITE_BY_OTHERS = EnumSet.of(PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_WRITE);

    private PrivateDirectory() {
    }

    /**
     * Returns {@code dir}, creating it with mode 0700 if it does not exist. An existing directory is used only if it
     * is a real directory (not a symlink) owned by this user and not writable by group or others; a wider mode that
     * others cannot write (e.g. 0755) is narrowed to 0700.
     *
     * @throws LabInfraException naming the directory, its owner and mode, and how to fix it, if it is not ours
     */
    public static Path ensure(Path dir) {
        if (!posix(dir)) {
            return createDirectories(dir);
        }
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (FileAlreadyExistsException exists) {
            checkReusable(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create " + dir, e);
        }
        try {
            // The umask may have removed bits at creation, and an existing 0755 one of ours is narrowed here.
            Files.setPosixFilePermissions(dir, OWNER_ONLY);
        } catch (IOException e) {
            throw new UncheckedIOException("could not set mode 0700 on " + dir, e);
        }
        return dir;
    }

    /**
     * The path {@code <parent>/<prefix><uid>} (on Windows {@code <prefix><user name>}): one directory per user that
     * survives across runs, e.g. a cache. Nothing is created or checked; pass it to {@link #ensure(Path)}.
     */
    public static Path perUser(Path parent, String prefix) {
        String user = posix(parent) ? String.valueOf(currentUid()) : System.getProperty("user.name");
        return parent.resolve(prefix + user);
    }

    /** A new, uniquely named directory under {@code parent}, mode 0700 where the file system has POSIX permissions. */
    public static Path createTemp(Path parent, String prefix) {
        try {
            return posix(parent)
                    ? Files.createTempDirectory(parent, prefix, PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                    : Files.createTempDirectory(parent, prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a temp directory under " + parent, e);
        }
    }

    /**
     * Whether {@code dir} is a real directory (a symlink is not followed), owned by this user, with mode exactly 0700.
     * False for anything that vanished or cannot be read.
     */
    public static boolean isPrivate(Path dir) {
        if (!posix(dir)) {
            return Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS);
        }
        try {
            PosixFileAttributes a = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return a.isDirectory() && ownedByThisUser(dir) && a.permissions().equals(OWNER_ONLY);
        } catch (IOException e) {
            return false;
        }
    }

    /** A short description for logs and errors, e.g. {@code owner uid 1001 (alice), mode rwxrwxrwx}. */
    static String describe(Path dir) {
        try {
            PosixFileAttributes a = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            String kind = a.isSymbolicLink() ? "a symlink, " : a.isDirectory() ? "" : "not a directory, ";
            return kind + "owner uid " + Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS) + " ("
                    + a.owner().getName() + "), mode " + PosixFilePermissions.toString(a.permissions());
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "attributes unreadable: " + e;
        }
    }

    private static void checkReusable(Path dir) {
        PosixFileAttributes a;
        try {
            a = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the attributes of " + dir, e);
        }
        boolean ours = a.isDirectory() && ownedByThisUser(dir);
        boolean othersCanWrite = a.permissions().stream().anyMatch(WRITE_BY_OTHERS::contains);
        if (!ours || othersCanWrite) {
            throw new LabInfraException(dir + " already exists and is not private to this user (uid " + currentUid()
                    + "): " + describe(dir) + ". Another user may have planted files in it, so it is not used. Remove"
                    + " it if it is yours (rm -rf " + dir + "), or run with -Djava.io.tmpdir=<a directory only you can"
                    + " write>.");
        }
    }

    private static boolean ownedByThisUser(Path path) {
        try {
            Object uid = Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            return uid instanceof Integer && ((Integer) uid).longValue() == currentUid();
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    /** This process's uid (Linux, macOS). */
    public static long currentUid() {
        return new com.sun.security.auth.module.UnixSystem().getUid();
    }

    /** Linux and macOS; Windows has neither view, and its temp directory is per user anyway. */
    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().containsAll(Set.of("posix", "unix"));
    }

    private static Path createDirectories(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create " + dir, e);
        }
    }
}
