package org.entryguard.alerts.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * One journal segment file {@code seg-<first sequence>.log} and its acknowledgement side file
 * {@code seg-<first sequence>.ack}. Records are only appended; a segment is deleted whole once every record in
 * it is acknowledged and it is no longer the one being written.
 */
public final class Segment {
    /** Bytes per acknowledgement entry: sequence + CRC32C of it. */
    static final int ACK_ENTRY = 12;

    final long baseSeq;
    final Path log;
    final Path ack;
    final FileChannel channel;
    private FileChannel ackChannel;
    long size;
    long ackSize;
    /** Unacknowledged records: sequence → position of the record in the file. */
    final TreeMap<Long, long[]> live = new TreeMap<>();

    Segment(long baseSeq, Path dir, FileChannel channel, long size) throws IOException {
        this.baseSeq = baseSeq;
        this.log = dir.resolve(name(baseSeq) + ".log");
        this.ack = dir.resolve(name(baseSeq) + ".ack");
        this.channel = channel;
        this.size = size;
        this.ackSize = Files.exists(ack) ? Files.size(ack) : 0;
    }

    static String name(long baseSeq) { return String.format("seg-%020d", baseSeq); }

    static long parseBase(Path p) {
        String n = p.getFileName().toString();
        return Long.parseLong(n.substring(4, n.length() - 4));
    }

    /** Appends the acknowledgement of one record; not fsynced (a lost ack only means a resend). */
    void appendAck(long seq) throws IOException {
        if (ackChannel == null) {
            ackChannel = OwnerOnly.open(ack, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        }
        ByteBuffer b = ByteBuffer.allocate(ACK_ENTRY);
        b.putLong(seq);
        CRC32C c = new CRC32C();
        c.update(b.array(), 0, 8);
        b.putInt((int) c.getValue()).flip();
        // Rewrite at the last whole entry so a torn entry from a crash is overwritten, not kept before ours.
        long at = ackSize - ackSize % ACK_ENTRY;
        while (b.hasRemaining()) at += ackChannel.write(b, at);
        ackSize = at;
    }

    /** Sequences acknowledged in the side file; torn or corrupted entries are skipped (worst case: a resend). */
    java.util.List<Long> readAcks() throws IOException {
        java.util.List<Long> out = new java.util.ArrayList<>();
        if (!Files.exists(ack)) return out;
        byte[] all = Files.readAllBytes(ack);
        ByteBuffer b = ByteBuffer.wrap(all);
        for (int off = 0; off + ACK_ENTRY <= all.length; off += ACK_ENTRY) {
            long seq = b.getLong(off);
            CRC32C c = new CRC32C();
            c.update(all, off, 8);
            if ((int) c.getValue() == b.getInt(off + 8)) out.add(seq);
        }
        return out;
    }

    /**
     * Empties the segment when all its records are acknowledged: the log first (a crash after it leaves only acks
     * of sequences that no longer exist), then the ack file. Later records continue with higher sequences.
     */
    void truncate() throws IOException {
        channel.truncate(0);
        size = 0;
        if (ackChannel != null) {
            ackChannel.close();
            ackChannel = null;
        }
        Files.deleteIfExists(ack);
        ackSize = 0;
    }

    void close() throws IOException {
        channel.close();
        if (ackChannel != null) {
            ackChannel.close();
            ackChannel = null;
        }
    }

    /** Closes and removes both files. */
    void delete() throws IOException {
        close();
        Files.deleteIfExists(ack);
        Files.deleteIfExists(log);
    }
}
