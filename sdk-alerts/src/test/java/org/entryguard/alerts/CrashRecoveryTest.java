package org.entryguard.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a sending JVM ({@code destroyForcibly}, i.e. SIGKILL) at random moments and restarts it, with the
 * receiver down for a stretch in the middle; every alert must arrive and the receiver's dedupe must leave
 * exactly N. Sizes come from {@code -Dentryguard.fault.alerts} and {@code -Dentryguard.fault.kills}
 * (defaults 200 and 5; {@code scripts/fault-run.sh} runs 1000 and 20).
 */
@Tag("slow")
class CrashRecoveryTest {
    @TempDir Path dir;

    @Test
    void everyAlertArrivesExactlyOnceAfterRepeatedKills() throws Exception {
        int n = Integer.getInteger("entryguard.fault.alerts", 200);
        int kills = Integer.getInteger("entryguard.fault.kills", 5);
        long seed = Long.getLong("entryguard.fault.seed", System.nanoTime());
        Random random = new Random(seed);
        Set<String> ids = ConcurrentHashMap.newKeySet();
        AtomicInteger handled = new AtomicInteger();
        WebhookReceiver receiver = WebhookReceiver.custom().secret(WebhookSinkTest.SECRET).handler(a -> {
            ids.add(a.id());
            handled.incrementAndGet();
        }).build();
        ReceiverServer server = receiver.bind(new InetSocketAddress("127.0.0.1", 0), null);
        int port = server.address().getPort();
        URI endpoint = URI.create("http://127.0.0.1:" + port + "/alerts");
        AtomicInteger confirmed = new AtomicInteger();
        long start = System.nanoTime();
        int killsDone = 0;
        int outageAt = kills / 2;
        long outageMillis = 0;
        List<String> recoveries = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int k = 0; killsDone < kills; k++) {
            if (k == outageAt && server != null) {
                server.close(); // receiver down from here until after the next kill
                server = null;
                outageMillis = System.currentTimeMillis();
            }
            java.util.concurrent.CountDownLatch ready = new java.util.concurrent.CountDownLatch(1);
            Process p = startSender(endpoint, confirmed.get() + 1, n, confirmed, recoveries, ready);
            // One kill in five at any moment (JVM start, recovery); the rest once the sink is open, mid-send.
            if (random.nextInt(5) == 0) {
                Thread.sleep(random.nextInt(1500));
            } else {
                ready.await(30, java.util.concurrent.TimeUnit.SECONDS);
                Thread.sleep(random.nextInt(400));
            }
            p.destroyForcibly().waitFor();
            killsDone++;
            if (server == null && k > outageAt) {
                server = receiver.bind(new InetSocketAddress("127.0.0.1", port), null);
                outageMillis = System.currentTimeMillis() - outageMillis;
            }
        }
        if (server == null) {
            server = receiver.bind(new InetSocketAddress("127.0.0.1", port), null);
            outageMillis = System.currentTimeMillis() - outageMillis;
        }
        Process last = startSender(endpoint, confirmed.get() + 1, n, confirmed, recoveries, new java.util.concurrent.CountDownLatch(1));
        try {
            long end = System.nanoTime() + 300_000_000_000L;
            while (ids.size() < n && System.nanoTime() < end && last.isAlive()) Thread.sleep(50);
        } finally {
            last.destroyForcibly().waitFor();
            server.close();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        ReceiverStats s = receiver.stats();
        System.out.printf("FAULT-RUN alerts=%d kills=%d seed=%d receiverOutage=%dms distinct=%d handled=%d duplicatesRefused=%d"
                        + " rejected=%d wall=%.1fs restarts=%s%n", n, killsDone, seed, outageMillis, ids.size(), handled.get(),
                s.duplicates(), s.rejected(), seconds, recoveries);
        assertEquals(n, confirmed.get(), "every send() eventually returned");
        for (int i = 1; i <= n; i++) assertTrue(ids.contains(CrashSender.id(i)), "alert " + i + " never arrived (seed " + seed + ")");
        assertEquals(n, ids.size());
        assertEquals(n, handled.get(), "dedupe hands each id on exactly once");
        assertEquals(kills, killsDone);
    }

    private Process startSender(URI endpoint, int from, int to, AtomicInteger confirmed, List<String> recoveries,
            java.util.concurrent.CountDownLatch ready) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                CrashSender.class.getName(), dir.resolve("outbox").toString(), endpoint.toString(),
                Integer.toString(Math.min(from, to + 1)), Integer.toString(to))
                .redirectErrorStream(true).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.startsWith("SENT ")) confirmed.accumulateAndGet(Integer.parseInt(line.substring(5)), Math::max);
                    else if (line.startsWith("RECOVERED")) {
                        recoveries.add(line.substring(10));
                        ready.countDown();
                    }
                }
            } catch (Exception e) {
                // the process was killed mid-line; what was read counts
            }
        });
        reader.setDaemon(true);
        reader.start();
        return p;
    }

    @Test
    void throughputOnLoopbackWithFsync() throws Exception {
        int n = Integer.getInteger("entryguard.throughput.alerts", 500);
        AtomicLong got = new AtomicLong();
        WebhookReceiver receiver = WebhookReceiver.custom().secret(WebhookSinkTest.SECRET).handler(a -> got.incrementAndGet()).build();
        try (ReceiverServer server = receiver.bind(new InetSocketAddress("127.0.0.1", 0), null);
             WebhookSink sink = WebhookSink.custom().endpoint(URI.create("http://127.0.0.1:" + server.address().getPort() + "/a"))
                     .secret(WebhookSinkTest.SECRET).outboxDir(dir.resolve("tp")).build()) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) sink.send(TestAlerts.minorEntry("tp-" + i));
            long t1 = System.nanoTime();
            Await.until("all delivered", () -> got.get() == n && sink.pendingCount() == 0);
            long t2 = System.nanoTime();
            System.out.printf("THROUGHPUT alerts=%d sendFsynced=%.0f/s endToEnd=%.0f/s (one sending thread, fsync per send)%n",
                    n, n / ((t1 - t0) / 1e9), n / ((t2 - t0) / 1e9));
        }
        assertEquals(n, got.get());
    }
}
