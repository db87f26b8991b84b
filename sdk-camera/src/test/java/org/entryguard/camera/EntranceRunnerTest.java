package org.entryguard.camera;

import org.entryguard.camera.testing.Threads;
import org.entryguard.core.guard.Door;
import org.entryguard.core.ledger.EntryDecision;
import org.entryguard.core.ledger.EntryListener;
import org.entryguard.core.ledger.IdCheckResult;
import org.entryguard.core.ledger.OutcomeChange;
import org.entryguard.core.ledger.OutcomeStatus;
import org.entryguard.core.ledger.VisitLedger;
import org.entryguard.core.ledger.VisitOutcome;
import org.entryguard.core.rules.Decision;
import org.entryguard.core.rules.VenueRules;
import org.entryguard.core.rules.VenueType;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The venue runtime end to end on real models and real decoding: two doors playing a clip of the (public-domain)
 * astronaut portrait walking up, the KTV challenge age raised to 35 so that she is asked for ID at both.
 */
class EntranceRunnerTest {
    @TempDir
    static Path dir;
    static Path clip;

    @BeforeAll
    static void clip() throws Exception {
        clip = dir.resolve("approach.mp4");
        BufferedImage face;
        try (InputStream in = EntranceRunnerTest.class.getResourceAsStream("/samples/astronaut.png")) {
            face = ImageIO.read(in);
        }
        Process ff;
        try {
            ff = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "rawvideo",
                    "-pix_fmt", "bgr24", "-s", "640x480", "-r", "10", "-i", "-", "-c:v", "libx264", "-pix_fmt", "yuv420p",
                    clip.toString()).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            Assumptions.abort("needs the ffmpeg program to make the test clip: " + e.getMessage());
            return;
        }
        BufferedImage frame = new BufferedImage(640, 480, BufferedImage.TYPE_3BYTE_BGR);
        byte[] px = ((DataBufferByte) frame.getRaster().getDataBuffer()).getData();
        try (OutputStream out = ff.getOutputStream()) {
            for (int i = 0; i < 40; i++) {
                Graphics2D g = frame.createGraphics();
                g.setColor(Color.GRAY);
                g.fillRect(0, 0, 640, 480);
                if (i < 30) { // walking up: the face grows from ~110 to ~260 px
                    int side = 110 + 5 * i;
                    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                    g.drawImage(face, 320 - side / 2, 240 - side / 2, side, side * face.getHeight() / face.getWidth(), null);
                }
                g.dispose();
                out.write(px);
            }
        }
        assertTrue(ff.waitFor(60, TimeUnit.SECONDS) && ff.exitValue() == 0, new String(ff.getInputStream().readAllBytes()));
    }

    private static Entrance door(String id, VenueRules rules) {
        return Entrance.custom(CameraConfig.custom(clip.toString()).id(id).targetFps(10).build(), rules)
                .door(Door.anywhere()).build();
    }

    @Test
    void twoDoorsOneLedgerOneTickThumbnailsOnlyWhileOpenAndOneCloseReleasesEverything() throws Exception {
        VenueRules ktv = VenueRules.custom(VenueType.KTV).challengeAge(35).build();
        List<EntryDecision> decisions = new CopyOnWriteArrayList<>();
        List<VisitOutcome> expired = new CopyOnWriteArrayList<>();
        List<EntryDecision> door1Only = new CopyOnWriteArrayList<>();
        EntryListener venueWide = new EntryListener() {
            @Override
            public void onDecision(EntryDecision d) { decisions.add(d); }

            @Override
            public void onOutcome(OutcomeChange change, VisitOutcome o) {
                if (change == OutcomeChange.ID_CHECK_EXPIRED) {
                    expired.add(o);
                }
            }
        };
        Entrance d1 = Entrance.custom(CameraConfig.custom(clip.toString()).id("door-1").targetFps(10).build(), ktv)
                .listener(door1Only::add).build();
        Entrance d2 = door("door-2", ktv);
        try (EntranceRunner venue = EntranceRunner.custom().entrance(d1).entrance(d2)
                .ledger(VisitLedger.custom().idCheckDeadline(Duration.ofSeconds(3)).tickEvery(Duration.ofMillis(100)))
                .listener(venueWide).build()) {
            venue.start();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (decisions.size() < 2 && System.nanoTime() < until) {
                Thread.sleep(50);
            }
            assertEquals(2, decisions.size(), "one decision per door: " + decisions);
            assertEquals(1, door1Only.size(), "a door's own listener hears only its door");
            assertEquals("door-1", door1Only.get(0).cameraId());
            for (EntryDecision d : decisions) {
                assertEquals(Decision.CHECK_ID, d.decision(), d.toString());
                BufferedImage thumb = venue.thumbnail(d.visitId()).orElseThrow(() -> new AssertionError("no thumbnail for " + d));
                assertTrue(thumb.getWidth() > 20 && thumb.getWidth() <= 160, "thumbnail " + thumb.getWidth());
            }
            assertEquals(2, venue.ledger().pending().size());

            // staff resolve door-1's check; door-2's is left to the ledger's tick
            EntryDecision first = decisions.stream().filter(d -> d.cameraId().equals("door-1")).findFirst().orElseThrow();
            EntryDecision second = decisions.stream().filter(d -> d.cameraId().equals("door-2")).findFirst().orElseThrow();
            VisitOutcome o = venue.ledger().resolveIdCheck(first.visitId(), IdCheckResult.ID_VERIFIED_ADULT, "staff-7");
            assertEquals(OutcomeStatus.ID_VERIFIED_ADULT, o.status());
            assertTrue(venue.thumbnail(first.visitId()).isEmpty(), "a resolved check's face is dropped at once");
            assertTrue(venue.thumbnail(second.visitId()).isPresent());
            until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (expired.isEmpty() && System.nanoTime() < until) {
                Thread.sleep(50);
            }
            assertEquals(1, expired.size(), "the ledger's own tick expired the unanswered check");
            assertEquals(second.visitId(), expired.get(0).visitId());
            assertTrue(venue.thumbnail(second.visitId()).isEmpty(), "an expired check's face is dropped");

            // a reload with the same entrances touches nothing; a changed one restarts alone
            assertTrue(venue.replace(List.of(d1, d2), (a, b) -> false).isEmpty());
            Entrance d2b = door("door-2", VenueRules.ofDefaults(VenueType.BAR));
            assertEquals(List.of("door-2"), venue.replace(List.of(d1, d2b), (a, b) -> false));
            assertEquals(List.of("door-1", "door-2"), venue.entrances().stream().map(Entrance::id).toList());
            assertEquals(VenueType.BAR, venue.entrances().get(1).rules().venueType());
        }
        assertEquals(List.of(), Threads.awaitNoEntryguardThreads(15_000), "one close() stops every thread");
    }

    /**
     * Issue 15: with a thread per entrance, 32 cameras on 2 cores were 32 runnable analysis threads time-sliced over
     * the cores (a 10 ms frame took 57 ms p50, 707 ms p99 in its guard). The venue shares one pool sized as asked.
     */
    @Test
    void sixDoorsShareTheAnalysisPoolAndARemovedDoorIsNeverAnalysedAfterReplaceReturns() throws Exception {
        VenueRules ktv = VenueRules.custom(VenueType.KTV).challengeAge(35).build();
        java.util.Map<String, java.util.Set<String>> threadsByDoor = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.Map<String, java.util.concurrent.atomic.AtomicLong> framesByDoor = new java.util.concurrent.ConcurrentHashMap<>();
        EntranceRunner.Builder b = EntranceRunner.custom().analysisThreads(2).frameTimer((id, nanos, ts) -> {
            threadsByDoor.computeIfAbsent(id, k -> java.util.concurrent.ConcurrentHashMap.newKeySet())
                    .add(Thread.currentThread().getName());
            framesByDoor.computeIfAbsent(id, k -> new java.util.concurrent.atomic.AtomicLong()).incrementAndGet();
        });
        List<Entrance> doors = new java.util.ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            Entrance e = Entrance.custom(CameraConfig.custom(clip.toString()).id("door-" + i).targetFps(10).loop(true).build(), ktv)
                    .door(Door.anywhere()).build();
            doors.add(e);
            b.entrance(e);
        }
        try (EntranceRunner venue = b.build()) {
            assertEquals(2, venue.analysisThreads());
            venue.start();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (framesByDoor.size() < 6 && System.nanoTime() < until) {
                Thread.sleep(50);
            }
            assertEquals(6, framesByDoor.size(), "every door analysed: " + framesByDoor);
            List<String> pool = Threads.entryguardThreads().stream().filter(n -> n.startsWith("entryguard-analysis-")).toList();
            assertEquals(2, pool.size(), "two analysis threads for six doors: " + pool);
            java.util.Set<String> used = new java.util.TreeSet<>();
            threadsByDoor.values().forEach(used::addAll);
            assertTrue(pool.containsAll(used), "frames analysed only on the pool's threads: " + used + " vs " + pool);

            assertEquals(List.of("door-6"), venue.replace(doors.subList(0, 5), (x, y) -> x == y));
            long atReturn = framesByDoor.get("door-6").get();
            long door1 = framesByDoor.get("door-1").get();
            until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (framesByDoor.get("door-1").get() < door1 + 10 && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            assertTrue(framesByDoor.get("door-1").get() >= door1 + 10, "the other doors go on");
            assertEquals(atReturn, framesByDoor.get("door-6").get(), "no frame of a removed door after replace() returned");
            assertEquals(2, Threads.entryguardThreads().stream().filter(n -> n.startsWith("entryguard-analysis-")).count());
        }
        assertEquals(List.of(), Threads.awaitNoEntryguardThreads(15_000), "one close() stops every thread");
    }

    @Test
    void anEntranceIdTwiceIsRefused() {
        VenueRules ktv = VenueRules.ofDefaults(VenueType.KTV);
        var b = EntranceRunner.custom().entrance(door("door-1", ktv));
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> b.entrance(door("door-1", ktv)));
        assertTrue(e.getMessage().contains("door-1"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("nothing")));
        var t = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> EntranceRunner.custom().analysisThreads(0));
        assertTrue(t.getMessage().contains("analysisThreads") && t.getMessage().contains("unset"), t.getMessage());
    }
}
