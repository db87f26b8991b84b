package org.entryguard.alerts;

import org.entryguard.alerts.ScriptedServer.Answer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 16, items 1, 3 and 9, reproduced with fault injection in the JVM: an outbox that cannot write (its disk
 * budget, or with {@code -Dentryguard.fault.smallDisk=<tiny tmpfs>} a really full disk), a receiver that answers 410,
 * a receiver that is down and comes back. Each test failed before the fix (alerts dropped with a log line; disk
 * never freed; backlog drained on per-alert timers).
 */
class NothingLostTest {
    static final WebhookSecret SECRET = WebhookSinkTest.SECRET;

    @TempDir Path dir;
    final List<DeliveryEvent> events = new CopyOnWriteArrayList<>();

    private static Alert nonMinor(String id) {
        return Alert.from(TestAlerts.minorEntry(id)).type(AlertType.CHECK_ID_UNRESOLVED).build();
    }

    @Test
    void anOutboxThatCannotWriteLosesNoMinorEntryAndEverythingHeldIsDeliveredLater() throws Exception {
        try (ScriptedServer receiver = new ScriptedServer()) {
            receiver.fallback = Answer.of(503); // the receiver is down: nothing is acknowledged, the outbox fills
            try (WebhookSink sink = WebhookSink.custom().endpoint(receiver.uri()).secret(SECRET)
                    .outboxDir(dir.resolve("outbox")).maxDiskBytes(4096).segmentBytes(1024)
                    .emergencyQueueCapacity(20).retry(WebhookSinkTest.FAST).listener(events::add).build()) {
                List<String> minors = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    Alert a = i % 2 == 0 ? TestAlerts.minorEntry("m-" + i) : nonMinor("c-" + i);
                    if (i % 2 == 0) minors.add(a.id());
                    sink.send(a); // does not throw: held in memory when the outbox is full
                }
                DeliveryMetrics m = sink.metrics();
                long onDisk = sink.pendingCount();
                assertEquals(20, m.emergency(), m.toString());
                assertEquals(40 - onDisk - 20, m.lost(), "only non-minor alerts made room: " + m);
                assertFalse(m.healthy());
                for (int i = 0; i < 4; i++) { // the last non-minor alerts in memory make room for these minors
                    sink.send(TestAlerts.minorEntry("late-" + i));
                    minors.add("late-" + i);
                }
                // memory full of MINOR_ENTRY: the next one is refused loudly, never silently dropped
                OutboxFullException refused = assertThrows(OutboxFullException.class, () -> sink.send(TestAlerts.minorEntry("refused")));
                assertTrue(refused.getMessage().contains("NOT queued"), refused.getMessage());
                long lost = sink.metrics().lost();
                assertEquals(44 - onDisk - 20, lost);

                receiver.fallback = Answer.of(200); // back: acknowledgements free the disk, the memory queue drains
                Await.until("everything held is delivered", () -> sink.metrics().emergency() == 0 && sink.pendingCount() == 0,
                        sink::metrics);
                Set<String> got = ConcurrentHashMap.newKeySet();
                for (ScriptedServer.Received r : receiver.received) {
                    if (r.header("webhook-id") != null) got.add(r.header("webhook-id"));
                }
                assertTrue(got.containsAll(minors), "every MINOR_ENTRY arrived");
                assertEquals(44 - lost, got.size(), "only the counted non-minor alerts were lost");
                assertEquals(lost, sink.metrics().lost());
            }
        }
    }

    @Test
    void whenEverythingIsAcknowledgedTheOutboxGivesItsDiskBackAndFilesAreOwnerOnly() throws Exception {
        Path box = dir.resolve("box");
        try (Outbox o = Outbox.custom(box).build()) {
            List<Long> seqs = new ArrayList<>();
            for (int i = 0; i < 10; i++) seqs.add(o.append(TestAlerts.minorEntry("r-" + i).toJson()));
            assertTrue(o.diskBytes() > 0);
            for (long s : seqs) o.acknowledge(s);
            assertEquals(0, o.diskBytes(), "delivered records are removed at once, not when the 8 MiB segment rolls");
            try (Stream<Path> files = Files.list(box)) {
                for (Path f : files.toList()) {
                    if (f.getFileName().toString().endsWith(".log")) assertEquals(0, Files.size(f), f.toString());
                    String want = Files.isDirectory(f) ? "rwx------" : "rw-------";
                    assertEquals(want, PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), f.toString());
                }
            }
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(box)));
        }
    }

    @Test
    @EnabledIfSystemProperty(named = "entryguard.fault.smallDisk", matches = ".+")
    void aReallyFullDiskHoldsAlertsInMemoryAndFreesItselfOnceTheReceiverIsBack() throws Exception {
        Path small = Path.of(System.getProperty("entryguard.fault.smallDisk")).resolve("sink-" + System.nanoTime());
        try (ScriptedServer receiver = new ScriptedServer()) {
            receiver.fallback = Answer.of(503);
            try (WebhookSink sink = WebhookSink.custom().endpoint(receiver.uri()).secret(SECRET).outboxDir(small)
                    .segmentBytes(64 * 1024).maxDiskBytes(1L << 30).retry(WebhookSinkTest.FAST).build()) {
                int n = 0;
                while (sink.metrics().emergency() == 0 && n < 100_000) sink.send(TestAlerts.minorEntry("d-" + n++));
                for (int i = 0; i < 20; i++) sink.send(TestAlerts.minorEntry("d-" + n++));
                System.out.println("DISK-FULL sink: " + n + " sent, " + sink.metrics());
                receiver.fallback = Answer.of(200);
                int total = n;
                Await.until("all delivered", () -> sink.metrics().delivered() >= total && sink.metrics().emergency() == 0,
                        sink::metrics);
                assertEquals(0, sink.metrics().lost());
                System.out.println("DISK-FULL sink after the receiver came back: " + sink.metrics() + "; outbox bytes "
                        + Files.size(Files.list(small).filter(p -> p.toString().endsWith(".log")).findFirst().orElseThrow()));
            }
        }
    }

    @Test
    void a410DisablesOnlyThatEndpointAndShowsInTheMetrics() throws Exception {
        Set<String> got = ConcurrentHashMap.newKeySet();
        WebhookReceiver good = WebhookReceiver.custom().secret(SECRET).handler(a -> got.add(a.id())).build();
        try (ScriptedServer gone = new ScriptedServer();
             ReceiverServer server = good.bind(new InetSocketAddress("127.0.0.1", 0), null);
             WebhookSink toGone = WebhookSink.custom().endpoint(gone.uri()).secret(SECRET).outboxDir(dir.resolve("a"))
                     .retry(WebhookSinkTest.FAST).build();
             WebhookSink toGood = WebhookSink.custom().endpoint(URI.create("http://127.0.0.1:" + server.address().getPort() + "/x"))
                     .secret(SECRET).outboxDir(dir.resolve("b")).retry(WebhookSinkTest.FAST).build()) {
            gone.fallback = Answer.of(410);
            for (int i = 0; i < 5; i++) {
                toGone.send(TestAlerts.minorEntry("g-" + i));
                toGood.send(TestAlerts.minorEntry("g-" + i));
            }
            Await.until("the other endpoint still gets everything", () -> got.size() == 5);
            Await.until("disabled", toGone::deliveryDisabled);
            assertEquals(1, toGone.metrics().endpointsDisabled());
            assertFalse(toGone.metrics().healthy());
            assertEquals(0, toGood.metrics().endpointsDisabled());
            assertEquals(5, toGone.pendingCount(), "kept on disk");
        }
    }

    @Test
    void afterAnOutageTheBacklogDrainsAtTheReceiversPaceNotOnEachAlertsTimer() throws Exception {
        // default-like backoff (1 s doubling): after 8 s down, the alerts' own next attempts are 4-12 s away
        RetryConfig retry = RetryConfig.custom().initialInterval(Duration.ofSeconds(1)).maxInterval(Duration.ofMinutes(10))
                .maxDuration(Duration.ofHours(1)).build();
        try (ScriptedServer receiver = new ScriptedServer()) {
            receiver.fallback = Answer.of(503);
            try (WebhookSink sink = WebhookSink.custom().endpoint(receiver.uri()).secret(SECRET).outboxDir(dir.resolve("o"))
                    .retry(retry).build()) {
                int n = Integer.getInteger("entryguard.fault.backlog", 300); // fault-run.sh: 1000
                for (int i = 0; i < n; i++) sink.send(TestAlerts.minorEntry("b-" + i));
                Thread.sleep(8_000);
                receiver.fallback = Answer.of(200);
                long back = System.nanoTime();
                Await.until("backlog delivered", () -> sink.metrics().delivered() == n, sink::metrics);
                double seconds = (System.nanoTime() - back) / 1e9;
                System.out.printf("BACKLOG %d alerts delivered %.1f s after the receiver came back%n", n, seconds);
                assertTrue(seconds < 6 + n / 200.0, "drained in " + seconds + " s");
            }
        }
    }

    @Test
    void theOutageProbeHonoursRetryAfter() throws Exception {
        RetryConfig retry = RetryConfig.custom().initialInterval(Duration.ofSeconds(1)).maxInterval(Duration.ofMinutes(10))
                .maxDuration(Duration.ofHours(1)).build();
        try (ScriptedServer receiver = new ScriptedServer()) {
            receiver.fallback = new Answer(503, java.util.Map.of("Retry-After", "30"));
            try (WebhookSink sink = WebhookSink.custom().endpoint(receiver.uri()).secret(SECRET).outboxDir(dir.resolve("ra"))
                    .retry(retry).build()) {
                for (int i = 0; i < 5; i++) sink.send(TestAlerts.minorEntry("ra-" + i));
                Await.until("first attempts", () -> receiver.received.size() >= 5);
                Thread.sleep(4_500); // two probe intervals
                assertEquals(5, receiver.received.size(), "nothing before the 30 s the receiver asked for");
            }
        }
    }
}
