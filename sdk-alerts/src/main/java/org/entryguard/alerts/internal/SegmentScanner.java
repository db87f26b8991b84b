package org.entryguard.alerts.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import org.entryguard.alerts.RecoveryReport;

/**
 * Reads a segment back after a restart. A record is valid when its length is plausible, it fits in the file
 * and its CRC matches. After a bad record the scanner searches byte by byte for the next valid one (the CRC
 * covers the length, so a false resync is a 1 in 2^32 event), so one flipped bit costs one record, not the
 * rest of the segment. Every invalid stretch is copied to the quarantine folder before anything is removed.
 */
final class SegmentScanner {
    /** A valid record: its sequence, enqueue time, and where it starts. */
    record Found(long seq, long enqueuedAt, int pos, int totalLength) { }

    /** Valid records, damage, and whether the file must be rewritten or truncated to drop the damage. */
    record Result(List<Found> records, List<RecoveryReport.Damage> damage, byte[] bytes) { }

    private SegmentScanner() { }

    static Result scan(Path file, Path quarantineDir) throws IOException {
        byte[] a = Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.wrap(a);
        List<Found> found = new ArrayList<>();
        List<RecoveryReport.Damage> damage = new ArrayList<>();
        int pos = 0;
        while (pos < a.length) {
            int total = validAt(a, b, pos);
            if (total > 0) {
                found.add(new Found(b.getLong(pos + RecordFormat.HEADER), b.getLong(pos + RecordFormat.HEADER + 8), pos, total));
                pos += total;
                continue;
            }
            int next = pos + 1;
            while (next < a.length && validAt(a, b, next) <= 0) next++;
            RecoveryReport.Kind kind = next >= a.length && looksTorn(a, b, pos)
                    ? RecoveryReport.Kind.TORN_TAIL : RecoveryReport.Kind.CORRUPT;
            damage.add(new RecoveryReport.Damage(file, pos, next - pos, kind, quarantine(quarantineDir, file, a, pos, next)));
            pos = next;
        }
        return new Result(found, damage, a);
    }

    /** Length of a valid record at pos, or -1. */
    private static int validAt(byte[] a, ByteBuffer b, int pos) {
        if (a.length - pos < RecordFormat.HEADER) return -1;
        int len = b.getInt(pos);
        if (!RecordFormat.plausibleLength(len) || (long) pos + RecordFormat.HEADER + len > a.length) return -1;
        return RecordFormat.crc(a, pos, len) == b.getInt(pos + 4) ? RecordFormat.HEADER + len : -1;
    }

    /** A torn tail is a last record cut short: too few bytes for a header, or a plausible length running past the end. */
    private static boolean looksTorn(byte[] a, ByteBuffer b, int pos) {
        if (a.length - pos < RecordFormat.HEADER) return true;
        int len = b.getInt(pos);
        return RecordFormat.plausibleLength(len) && (long) pos + RecordFormat.HEADER + len > a.length;
    }

    private static Path quarantine(Path dir, Path file, byte[] a, int from, int to) throws IOException {
        OwnerOnly.directory(dir);
        Path out = dir.resolve(file.getFileName() + "@" + from + "-" + System.currentTimeMillis() + ".bin");
        try (var w = OwnerOnly.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(java.util.Arrays.copyOfRange(a, from, to));
            while (b.hasRemaining()) w.write(b);
        }
        try (var ch = java.nio.channels.FileChannel.open(out, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        return out;
    }
}
