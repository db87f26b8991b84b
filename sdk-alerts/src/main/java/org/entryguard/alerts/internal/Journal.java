package org.entryguard.alerts.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.entryguard.alerts.OutboxFullException;
import org.entryguard.alerts.OutboxRecord;
import org.entryguard.alerts.RecoveryReport;
import org.entryguard.core.EntryGuardException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only journal behind {@link org.entryguard.alerts.Outbox}: segment files of framed records, an
 * acknowledgement side file per segment, group-committed fsync, recovery and compaction.
 *
 * <p>Durability: {@link #append} returns only after {@code fdatasync} of the segment (and of the folder when
 * the append created a new segment file). Concurrent appenders share one fsync (group commit).
 */
public final class Journal implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);

    private final Path dir;
    private final Path quarantine;
    private final long maxBytes;
    private final long segmentBytes;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final TreeMap<Long, Segment> segments = new TreeMap<>();
    private final Object syncLock = new Object();
    private final RecoveryReport report;
    private Segment active;
    private long nextSeq;
    private long totalBytes;
    private long durableSeq;
    private boolean closed;
    private long activeSince;

    /**
     * A segment takes new records for at most this long, so that a delivered alert does not stay on disk beside a
     * long-pending one for longer than the pending one's own retry horizon (privacy: retention bound).
     */
    static final long MAX_ACTIVE_MILLIS = 10 * 60_000L;

    private Journal(Path dir, long maxBytes, long segmentBytes) throws IOException {
        this.dir = dir;
        this.quarantine = dir.resolve("corrupt");
        this.maxBytes = maxBytes;
        this.segmentBytes = segmentBytes;
        OwnerOnly.directory(dir);
        this.lockChannel = OwnerOnly.open(dir.resolve("outbox.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null;
        }
        if (l == null) {
            lockChannel.close();
            throw new EntryGuardException("outbox folder " + dir + " is already open (in this or another process):"
                    + " give every sink its own folder, or close the other one first");
        }
        this.lock = l;
        try {
            this.report = recover();
            openNewActive();
        } catch (IOException | RuntimeException e) {
            closeQuietly();
            throw e;
        }
    }

    /** Opens (and recovers) the journal in {@code dir}. */
    public static Journal open(Path dir, long maxBytes, long segmentBytes) {
        try {
            return new Journal(dir, maxBytes, segmentBytes);
        } catch (IOException e) {
            throw new EntryGuardException("cannot open outbox folder " + dir + " (" + e + "): check it exists, is writable"
                    + " and is on a local disk", e);
        }
    }

    /** What recovery found when the journal was opened. */
    public RecoveryReport recoveryReport() { return report; }

    private RecoveryReport recover() throws IOException {
        List<Path> logs = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "seg-*.log")) {
            ds.forEach(logs::add);
        }
        // Leftovers of a rewrite interrupted by a crash: the original is still in place, so drop the copy.
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "seg-*.tmp")) {
            for (Path p : ds) Files.delete(p);
        }
        logs.sort(null);
        List<RecoveryReport.Damage> damage = new ArrayList<>();
        int recovered = 0;
        long maxSeq = 0;
        for (Path log : logs) {
            SegmentScanner.Result r = SegmentScanner.scan(log, quarantine);
            if (!r.damage().isEmpty()) {
                for (RecoveryReport.Damage d : r.damage()) {
                    LOG.warn("outbox recovery: {} of {} bytes at offset {} in {}; bytes kept in {}", d.kind(), d.length(),
                            d.offset(), d.segment().getFileName(), d.quarantined());
                }
                damage.addAll(r.damage());
                rewrite(log, r);
            }
            long base = Segment.parseBase(log);
            FileChannel ch = OwnerOnly.open(log, StandardOpenOption.READ, StandardOpenOption.WRITE);
            Segment s = new Segment(base, dir, ch, ch.size());
            long pos = 0;
            for (SegmentScanner.Found f : r.records()) {
                s.live.put(f.seq(), new long[] {pos, f.totalLength(), f.enqueuedAt()});
                pos += f.totalLength();
                maxSeq = Math.max(maxSeq, f.seq());
                recovered++;
            }
            for (long acked : s.readAcks()) s.live.remove(acked);
            segments.put(base, s);
            totalBytes += s.size + s.ackSize;
        }
        nextSeq = Math.max(maxSeq + 1, segments.isEmpty() ? 1 : segments.lastKey() + 1);
        durableSeq = nextSeq - 1;
        for (Segment s : new ArrayList<>(segments.values())) {
            if (s.live.isEmpty()) dropSegment(s);
        }
        int pending = segments.values().stream().mapToInt(s -> s.live.size()).sum();
        if (!damage.isEmpty() || recovered > 0) {
            LOG.info("outbox {} recovered: {} records, {} pending, {} damaged stretches", dir, recovered, pending, damage.size());
        }
        return new RecoveryReport(recovered, pending, damage);
    }

    /** Replaces a damaged segment by its valid records only, atomically (copy, fsync, rename, fsync folder). */
    private void rewrite(Path log, SegmentScanner.Result r) throws IOException {
        Path tmp = log.resolveSibling(log.getFileName() + ".tmp");
        try (FileChannel out = OwnerOnly.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (SegmentScanner.Found f : r.records()) {
                ByteBuffer b = ByteBuffer.wrap(r.bytes(), f.pos(), f.totalLength());
                while (b.hasRemaining()) out.write(b);
            }
            out.force(true);
        }
        Files.move(tmp, log, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDir();
    }

    private void openNewActive() throws IOException {
        Path p = dir.resolve(Segment.name(nextSeq) + ".log");
        FileChannel ch = OwnerOnly.open(p, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        Segment s = new Segment(nextSeq, dir, ch, ch.size());
        if (s.size != 0) {
            // Only possible if a previous active segment with this base was empty-deleted and recreated; start clean.
            ch.truncate(0);
            s.size = 0;
        }
        syncDir(); // the new file's directory entry must survive a power cut too
        segments.put(nextSeq, s);
        active = s;
        activeSince = System.currentTimeMillis();
    }

    /**
     * Appends one record and returns its sequence once it is on disk (fsynced).
     *
     * @throws OutboxFullException when the disk budget or the disk is full; nothing queued is touched
     */
    public long append(byte[] payload, long nowMillis) {
        if (payload.length > RecordFormat.MAX_PAYLOAD) {
            throw new EntryGuardException("outbox record of " + payload.length + " bytes is over the "
                    + RecordFormat.MAX_PAYLOAD + "-byte limit: leave the face crop out or cap it smaller");
        }
        long seq;
        Segment target;
        synchronized (this) {
            ensureOpen();
            ByteBuffer rec = RecordFormat.encode(nextSeq, nowMillis, payload);
            int len = rec.remaining();
            if (totalBytes + len > maxBytes) {
                throw new OutboxFullException("outbox " + dir + " is full: " + totalBytes + " of " + maxBytes
                        + " bytes hold " + pendingCount() + " alerts the receiver has not acknowledged yet. This alert was"
                        + " NOT queued and nothing queued was dropped: restore delivery (is the receiver down or the"
                        + " endpoint disabled?) or raise maxDiskBytes");
            }
            try {
                if (active.size > 0 && (active.size + len > segmentBytes || nowMillis - activeSince > MAX_ACTIVE_MILLIS)) roll();
                long at = active.size;
                try {
                    while (rec.hasRemaining()) at += active.channel.write(rec, at);
                } catch (IOException e) {
                    active.channel.truncate(active.size); // leave no half record behind a refused append
                    throw e;
                }
                active.live.put(nextSeq, new long[] {active.size, len, nowMillis});
                active.size += len;
                totalBytes += len;
            } catch (IOException e) {
                if (String.valueOf(e.getMessage()).contains("No space left")) {
                    throw new OutboxFullException("the disk under outbox " + dir + " is full: this alert was NOT queued"
                            + " and nothing queued was dropped; free disk space or move the outbox to a larger disk", e);
                }
                throw new EntryGuardException("cannot write to outbox " + dir + " (" + e + "): this alert was NOT queued;"
                        + " check the disk", e);
            }
            seq = nextSeq++;
            target = active;
        }
        sync(seq, target);
        return seq;
    }

    /** Group commit: whoever takes the sync lock first forces everything appended so far, the others find it done. */
    private void sync(long seq, Segment target) {
        synchronized (syncLock) {
            if (durableSeq >= seq) return;
            long upTo;
            Segment seg;
            synchronized (this) {
                upTo = nextSeq - 1;
                seg = active;
            }
            try {
                // If target was rolled meanwhile, roll() forced it; forcing the current active covers the rest.
                if (seg != target && target.channel.isOpen()) target.channel.force(false);
                seg.channel.force(false);
            } catch (IOException e) {
                throw new EntryGuardException("fsync of outbox " + dir + " failed (" + e + "): the alert may not be durable;"
                        + " check the disk", e);
            }
            durableSeq = upTo;
        }
    }

    private void roll() throws IOException {
        active.channel.force(false);
        Segment old = active;
        openNewActive();
        if (old.live.isEmpty()) dropSegment(old);
    }

    /** Marks a record delivered; a segment whose records are all acknowledged is deleted (unless being written). */
    public synchronized void acknowledge(long seq) {
        ensureOpen();
        Map.Entry<Long, Segment> e = segments.floorEntry(seq);
        if (e == null || e.getValue().live.remove(seq) == null) return; // unknown or already acknowledged: idempotent
        Segment s = e.getValue();
        try {
            if (s != active && s.live.isEmpty()) {
                dropSegment(s);
            } else if (s == active && s.live.isEmpty()) {
                // Everything written so far is delivered: free the space now (a full disk needs it back, and a
                // delivered alert should not stay on disk). Truncating needs no free space, unlike an ack entry.
                long before = s.size + s.ackSize;
                s.truncate();
                totalBytes -= before;
            } else {
                long before = s.ackSize;
                s.appendAck(seq);
                totalBytes += s.ackSize - before;
            }
        } catch (IOException ex) {
            // The record stays unacknowledged on disk and is re-delivered after a restart; receivers dedupe.
            LOG.warn("outbox {}: could not record acknowledgement of {} ({}); it may be re-sent after a restart", dir, seq, ex.toString());
        }
    }

    private void dropSegment(Segment s) throws IOException {
        s.delete();
        segments.remove(s.baseSeq);
        totalBytes -= s.size + s.ackSize;
    }

    /** Reads a pending record, or null when it was acknowledged. */
    public OutboxRecord read(long seq) {
        Segment s;
        long[] loc;
        synchronized (this) {
            ensureOpen();
            Map.Entry<Long, Segment> e = segments.floorEntry(seq);
            if (e == null) return null;
            s = e.getValue();
            loc = s.live.get(seq);
            if (loc == null) return null;
        }
        ByteBuffer b = ByteBuffer.allocate((int) loc[1]);
        try {
            long at = loc[0];
            while (b.hasRemaining()) {
                int n = s.channel.read(b, at);
                if (n < 0) throw new IOException("segment ends early");
                at += n;
            }
        } catch (IOException e) {
            throw new EntryGuardException("cannot read record " + seq + " from outbox " + dir + " (" + e + ")", e);
        }
        byte[] a = b.array();
        int len = b.getInt(0);
        if (RecordFormat.crc(a, 0, len) != b.getInt(4)) {
            // Damaged after it was written; the next open quarantines it. Surface it now rather than send garbage.
            throw new EntryGuardException("record " + seq + " in outbox " + dir + " fails its CRC: the disk changed it;"
                    + " restart to quarantine it (its bytes will be kept in corrupt/)");
        }
        byte[] payload = java.util.Arrays.copyOfRange(a, RecordFormat.HEADER + RecordFormat.META, a.length);
        return new OutboxRecord(seq, b.getLong(RecordFormat.HEADER + 8), payload);
    }

    /** Sequences not yet acknowledged, oldest first. */
    public synchronized List<Long> pendingSequences() {
        List<Long> out = new ArrayList<>();
        for (Segment s : segments.values()) out.addAll(s.live.keySet());
        return out;
    }

    /** Number of records not yet acknowledged. */
    public synchronized int pendingCount() {
        int n = 0;
        for (Segment s : segments.values()) n += s.live.size();
        return n;
    }

    /** Bytes the journal holds on disk (segments and acknowledgement files). */
    public synchronized long diskBytes() { return totalBytes; }

    /** Number of segment files. */
    public synchronized int segmentCount() { return segments.size(); }

    private void syncDir() throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // Some platforms cannot open a folder for fsync; Linux can, which is where durability is promised.
            if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) return;
            throw e;
        }
    }

    private void ensureOpen() {
        if (closed) throw new EntryGuardException("outbox " + dir + " is closed: open a new one");
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        closeQuietly();
    }

    private void closeQuietly() {
        for (Segment s : segments.values()) {
            try {
                s.close();
            } catch (IOException e) {
                LOG.debug("closing {}", s.log, e);
            }
        }
        try {
            if (lock != null) lock.release();
            lockChannel.close();
        } catch (IOException e) {
            LOG.debug("releasing lock of {}", dir, e);
        }
    }
}
