package org.entryguard.alerts;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

import org.entryguard.alerts.internal.Journal;

/**
 * A durable queue on disk: an append-only journal of CRC-checked records in segment files. Sinks put every
 * alert here before they try to deliver it, and acknowledge it once the receiver has it.
 *
 * <ul>
 *   <li><b>fsync policy</b>: {@link #append} returns only after the record is fsynced ({@code fdatasync}; the
 *       folder too when a new segment file was created). What {@code append} returned for survives a killed
 *       process and a power cut. Concurrent appends share one fsync.</li>
 *   <li><b>Recovery</b>: opening scans every segment; a record cut short at the end (torn tail: the append
 *       never returned) and a record whose CRC fails (bit flip) are both copied to {@code corrupt/}, logged and
 *       listed in {@link #recoveryReport()}; valid records after a bad one are kept.</li>
 *   <li><b>Compaction</b>: a segment is deleted once all its records are acknowledged.</li>
 *   <li><b>Full</b>: past {@code maxDiskBytes}, or when the disk itself is full, {@link #append} throws
 *       {@link OutboxFullException}; queued records are never dropped to make room.</li>
 * </ul>
 *
 * Thread-safe. One outbox per folder: a second open of the same folder, in any process, is refused.
 */
public final class Outbox implements AutoCloseable {
    private final Journal journal;

    private Outbox(Journal journal) { this.journal = journal; }

    /** A builder for an outbox in {@code dir} (created if needed). */
    public static Builder custom(Path dir) { return new Builder(dir); }

    /**
     * Appends a record; returns its sequence once it is fsynced.
     *
     * @throws OutboxFullException when the disk budget or the disk is full
     */
    public long append(byte[] payload) { return journal.append(Objects.requireNonNull(payload, "payload"), System.currentTimeMillis()); }

    /** Marks a record delivered. Idempotent. Lost acknowledgements (crash) only cause a resend. */
    public void acknowledge(long sequence) { journal.acknowledge(sequence); }

    /** Reads a pending record, or null if it was acknowledged. */
    public OutboxRecord read(long sequence) { return journal.read(sequence); }

    /** Sequences of records not yet acknowledged, oldest first. */
    public List<Long> pendingSequences() { return journal.pendingSequences(); }

    /** How many records are not yet acknowledged. */
    public int pendingCount() { return journal.pendingCount(); }

    /** Bytes used on disk, counted against {@code maxDiskBytes}. */
    public long diskBytes() { return journal.diskBytes(); }

    /** What opening found on disk. */
    public RecoveryReport recoveryReport() { return journal.recoveryReport(); }

    @Override
    public void close() { journal.close(); }

    /** Folder, disk budget and segment size. */
    public static final class Builder {
        private final Path dir;
        private long maxDiskBytes = 256L << 20;
        private long segmentBytes = 8L << 20;

        private Builder(Path dir) { this.dir = Objects.requireNonNull(dir, "dir"); }

        /** Disk budget; appends past it are refused. Default 256 MiB (about 250 000 alerts without crops). */
        public Builder maxDiskBytes(long bytes) {
            if (bytes < 4096) throw new IllegalArgumentException("maxDiskBytes " + bytes + " is too small: allow at least 4096 bytes");
            this.maxDiskBytes = bytes;
            return this;
        }

        /** Size at which a new segment file is started; default 8 MiB. Smaller segments compact sooner. */
        public Builder segmentBytes(long bytes) {
            if (bytes < 1024) throw new IllegalArgumentException("segmentBytes " + bytes + " is too small: use at least 1024 bytes");
            this.segmentBytes = bytes;
            return this;
        }

        /** Opens the outbox, recovering what is on disk. */
        public Outbox build() {
            if (segmentBytes > maxDiskBytes) {
                throw new IllegalArgumentException("segmentBytes (" + segmentBytes + ") exceeds maxDiskBytes (" + maxDiskBytes
                        + "): make segments smaller than the disk budget");
            }
            return new Outbox(Journal.open(dir, maxDiskBytes, segmentBytes));
        }
    }
}
