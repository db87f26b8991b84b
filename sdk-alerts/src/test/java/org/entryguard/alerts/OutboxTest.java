package org.entryguard.alerts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;

import org.entryguard.core.EntryGuardException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

class OutboxTest {
    @TempDir Path dir;

    private Outbox open() { return Outbox.custom(dir).segmentBytes(1024).maxDiskBytes(1 << 20).build(); }

    private static byte[] payload(int i) { return ("{\"alert\":" + i + ",\"pad\":\"" + "x".repeat(40) + "\"}").getBytes(StandardCharsets.UTF_8); }

    private List<Path> segments() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".log")).sorted().toList();
        }
    }

    @Test
    void appendedRecordsSurviveARestartAndAcknowledgementsToo() {
        List<Long> seqs = new ArrayList<>();
        try (Outbox o = open()) {
            for (int i = 0; i < 10; i++) seqs.add(o.append(payload(i)));
            o.acknowledge(seqs.get(0));
            o.acknowledge(seqs.get(5));
            o.acknowledge(seqs.get(5)); // idempotent
            assertNull(o.read(seqs.get(0)));
            assertArrayEquals(payload(1), o.read(seqs.get(1)).payload());
        }
        try (Outbox o = open()) {
            assertTrue(o.recoveryReport().clean());
            assertEquals(10, o.recoveryReport().recordsRecovered());
            assertEquals(8, o.pendingCount());
            List<Long> pending = o.pendingSequences();
            assertFalse(pending.contains(seqs.get(0)));
            assertFalse(pending.contains(seqs.get(5)));
            for (long s : pending) assertArrayEquals(payload(seqs.indexOf(s)), o.read(s).payload());
            long next = o.append(payload(99));
            assertTrue(next > seqs.get(9), "sequences keep increasing across restarts");
        }
    }

    @Test
    void fullyAcknowledgedSegmentsAreDeleted() throws IOException {
        try (Outbox o = open()) {
            List<Long> seqs = new ArrayList<>();
            for (int i = 0; i < 100; i++) seqs.add(o.append(payload(i)));
            assertTrue(segments().size() > 5, "small segments roll: " + segments());
            long full = o.diskBytes();
            for (long s : seqs.subList(0, 99)) o.acknowledge(s);
            assertEquals(1, o.pendingCount());
            assertTrue(segments().size() <= 2, "only the segment holding the last record is left: " + segments());
            assertTrue(o.diskBytes() < full / 10);
            o.acknowledge(seqs.get(99));
        }
        try (Outbox o = open()) {
            assertEquals(0, o.pendingCount());
            assertEquals(1, segments().size(), "only a fresh active segment after a restart");
        }
    }

    @Test
    void tornTailIsCutAndKeptAsideAndEarlierRecordsSurvive() throws IOException {
        try (Outbox o = open()) {
            for (int i = 0; i < 5; i++) o.append(payload(i));
        }
        Path seg = segments().get(0);
        long size = Files.size(seg);
        try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
            f.setLength(size - 7); // a crash in the middle of writing the fifth record
        }
        try (Outbox o = open()) {
            RecoveryReport r = o.recoveryReport();
            assertEquals(4, r.recordsRecovered());
            assertEquals(4, o.pendingCount());
            assertEquals(1, r.damage().size());
            RecoveryReport.Damage d = r.damage().get(0);
            assertEquals(RecoveryReport.Kind.TORN_TAIL, d.kind());
            assertEquals(size - 7 - d.offset(), d.length());
            assertEquals(d.length(), Files.size(d.quarantined()));
            for (int i = 0; i < 4; i++) assertArrayEquals(payload(i), o.read(o.pendingSequences().get(i)).payload());
            o.append(payload(5));
        }
        try (Outbox o = open()) {
            assertTrue(o.recoveryReport().clean(), "the torn bytes were removed from the segment: " + o.recoveryReport());
            assertEquals(5, o.pendingCount());
        }
    }

    @Test
    void bitFlipInAPayloadCostsOnlyThatRecordAndIsReported() throws IOException {
        assertFlipDetected(8 + 16 + 5);
    }

    @Test
    void bitFlipInALengthFieldIsResynchronisedPast() throws IOException {
        assertFlipDetected(1);
    }

    private void assertFlipDetected(int offsetInThirdRecord) throws IOException {
        int recordSize;
        try (Outbox o = open()) {
            for (int i = 0; i < 5; i++) o.append(payload(i));
        }
        Path seg = segments().get(0);
        recordSize = (int) Files.size(seg) / 5;
        byte[] original;
        try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
            long at = 2L * recordSize + offsetInThirdRecord;
            f.seek(2L * recordSize);
            original = new byte[recordSize];
            f.readFully(original);
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x10);
        }
        try (Outbox o = open()) {
            RecoveryReport r = o.recoveryReport();
            assertEquals(4, r.recordsRecovered());
            assertEquals(1, r.damage().size(), r.toString());
            RecoveryReport.Damage d = r.damage().get(0);
            assertEquals(RecoveryReport.Kind.CORRUPT, d.kind());
            assertEquals(2L * recordSize, d.offset());
            assertEquals(recordSize, d.length());
            byte[] kept = Files.readAllBytes(d.quarantined());
            kept[offsetInThirdRecord] ^= 0x10;
            assertArrayEquals(original, kept, "the damaged record's bytes are kept, not silently dropped");
            Set<String> left = new HashSet<>();
            for (long s : o.pendingSequences()) left.add(new String(o.read(s).payload(), StandardCharsets.UTF_8));
            assertEquals(Set.of(new String(payload(0)), new String(payload(1)), new String(payload(3)), new String(payload(4))), left);
        }
        try (Outbox o = open()) {
            assertTrue(o.recoveryReport().clean(), "damage is reported once, then the segment is clean");
            assertEquals(4, o.pendingCount());
        }
    }

    @Test
    void fullOutboxRefusesLoudlyAndKeepsEverythingQueued() {
        List<Long> accepted = new ArrayList<>();
        OutboxFullException full;
        try (Outbox o = Outbox.custom(dir).segmentBytes(1024).maxDiskBytes(4096).build()) {
            full = assertThrows(OutboxFullException.class, () -> {
                for (int i = 0; i < 1000; i++) accepted.add(o.append(payload(i)));
            });
            assertTrue(full.getMessage().contains("NOT queued") && full.getMessage().contains("maxDiskBytes"), full.getMessage());
            assertTrue(accepted.size() > 20);
            assertTrue(o.diskBytes() <= 4096);
            assertThrows(OutboxFullException.class, () -> o.append(payload(0)), "still full");
            // Delivery resumes: acknowledged segments free room, and appends are accepted again.
            for (long s : accepted.subList(0, accepted.size() / 2)) o.acknowledge(s);
            o.append(payload(-1));
        }
        try (Outbox o = Outbox.custom(dir).segmentBytes(1024).maxDiskBytes(4096).build()) {
            assertEquals(accepted.size() - accepted.size() / 2 + 1, o.pendingCount(), "nothing accepted was lost");
        }
    }

    @Test
    void concurrentAppendsAllGetDistinctDurableSequences() throws Exception {
        ConcurrentLinkedQueue<Long> seqs = new ConcurrentLinkedQueue<>();
        try (Outbox o = open()) {
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                threads.add(startThread(() -> {
                    for (int i = 0; i < 50; i++) seqs.add(o.append(payload(i)));
                }));
            }
            for (Thread t : threads) t.join();
        }
        assertEquals(200, new HashSet<>(seqs).size());
        try (Outbox o = open()) {
            assertEquals(200, o.pendingCount());
        }
    }

    @Test
    void aFolderIsOpenedOnceAndBadSettingsAreExplained() {
        try (Outbox o = open()) {
            var e = assertThrows(EntryGuardException.class, this::open);
            assertTrue(e.getMessage().contains("already open"), e.getMessage());
        }
        var e = assertThrows(IllegalArgumentException.class, () -> Outbox.custom(dir).maxDiskBytes(10));
        assertTrue(e.getMessage().contains("at least"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Outbox.custom(dir).maxDiskBytes(8192).segmentBytes(1 << 20).build());
        assertTrue(e.getMessage().contains("smaller"), e.getMessage());
    }

    /** Runs only where scripts/fault-run.sh mounted a tiny tmpfs: the disk fills before the budget does. */
    @Test
    @EnabledIfSystemProperty(named = "entryguard.fault.smallDisk", matches = ".+")
    void aReallyFullDiskIsRefusedLoudlyAndNothingAcceptedIsLost() throws IOException {
        Path small = Path.of(System.getProperty("entryguard.fault.smallDisk")).resolve("outbox-" + System.nanoTime());
        int accepted = 0;
        OutboxFullException full = null;
        try (Outbox o = Outbox.custom(small).segmentBytes(16 * 1024).maxDiskBytes(1L << 30).build()) {
            try {
                for (int i = 0; i < 1_000_000; i++) {
                    o.append(payload(i));
                    accepted++;
                }
            } catch (OutboxFullException e) {
                full = e;
            }
            assertTrue(full != null && full.getMessage().contains("disk"), String.valueOf(full));
            System.out.println("DISK-FULL accepted=" + accepted + " then refused: " + full.getMessage());
        }
        try (Outbox o = Outbox.custom(small).segmentBytes(16 * 1024).maxDiskBytes(1L << 30).build()) {
            assertEquals(accepted, o.pendingCount(), "every accepted record survived");
            System.out.println("DISK-FULL reopened: " + o.recoveryReport());
            for (long s : o.pendingSequences()) o.read(s);
        }
    }

    private static Thread startThread(Runnable r) {
        Thread t = new Thread(r);
        t.start();
        return t;
    }
}
