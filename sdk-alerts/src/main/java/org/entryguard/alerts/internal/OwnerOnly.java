package org.entryguard.alerts.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files and folders the SDK writes are readable by their owner only (folders 0700, files 0600): outbox records
 * and dead letters say that a minor was at a door, and any local user could otherwise read them (the default
 * umask gives 0755/0644). On file systems without POSIX permissions (Windows) the platform's defaults apply.
 */
public final class OwnerOnly {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private OwnerOnly() { }

    /** Creates the folder (and missing parents) as 0700, and tightens it to 0700 when it already exists. */
    public static Path directory(Path dir) throws IOException {
        if (!POSIX) return Files.createDirectories(dir);
        if (!Files.isDirectory(dir)) {
            Path parent = dir.toAbsolutePath().getParent();
            if (parent != null && !Files.exists(parent)) Files.createDirectories(parent);
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIR));
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // created meanwhile: tightened below
            }
        }
        tighten(dir, DIR);
        return dir;
    }

    /** Creates the folder as 0700 when missing; an existing folder (maybe shared, e.g. a log folder) is left as it is. */
    public static Path createIfMissing(Path dir) throws IOException {
        return Files.isDirectory(dir) ? dir : directory(dir);
    }

    /** Opens (creating as 0600) a file channel; an existing file is tightened to 0600. */
    public static FileChannel open(Path file, OpenOption... options) throws IOException {
        if (!POSIX) return FileChannel.open(file, options);
        FileChannel ch = FileChannel.open(file, Set.of(options), new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)});
        tighten(file, FILE);
        return ch;
    }

    /** Tightens an existing file to 0600 (e.g. after {@code Files.write}). */
    public static void file(Path file) throws IOException {
        if (POSIX) tighten(file, FILE);
    }

    private static void tighten(Path p, Set<PosixFilePermission> perms) throws IOException {
        if (!Files.getPosixFilePermissions(p).equals(perms)) Files.setPosixFilePermissions(p, perms);
    }
}
