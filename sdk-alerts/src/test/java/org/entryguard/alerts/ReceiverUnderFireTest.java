package org.entryguard.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Receiver under fire: about 10 000 bad requests (forged, unsigned, replayed, expired, malformed JSON, malformed
 * HTTP, wrong method, id mismatch, oversized, slowloris) interleaved with 1 000 good ones over raw keep-alive
 * sockets. Every good alert must be handed on exactly once, every bad request must get its documented answer,
 * and heap (after a forced GC) and thread count must be flat. Then the connection cap: one connection past it
 * gets 503 and the receiver serves again once they close. No timing assertions; the figures are printed
 * ({@code RECEIVER-UNDER-FIRE ...}). Sizes: {@code -Dentryguard.fire.bad}, {@code -Dentryguard.fire.good}.
 */
@Tag("slow")
class ReceiverUnderFireTest {
    static final WebhookSecret SECRET = WebhookSinkTest.SECRET;
    static final WebhookSecret FORGER = WebhookSecret.generate();
    static final int MAX_BODY = 16 * 1024;
    static final int MAX_CONNECTIONS = 128;

    enum Kind {
        GOOD(200), FORGED(401), UNSIGNED(400), REPLAYED(200), EXPIRED(401), MALFORMED_JSON(400), MALFORMED_HTTP(400),
        WRONG_METHOD(405), ID_MISMATCH(400), OVERSIZED(413), SLOW(408);
        final int status;
        Kind(int status) { this.status = status; }
    }

    record Task(Kind kind, int n) { }
    record Answer(int status, String body, boolean close) { }

    final Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();
    final List<byte[]> accepted = new CopyOnWriteArrayList<>();
    WebhookReceiver receiver;
    int port;

    @Test
    void badRequestsAreRefusedGoodOnesArriveOnceAndMemoryStaysFlat() throws Exception {
        int bad = Integer.getInteger("entryguard.fire.bad", 10_000);
        int good = Integer.getInteger("entryguard.fire.good", 1_000);
        receiver = WebhookReceiver.custom().secret(SECRET).path("/alerts").maxBodyBytes(MAX_BODY)
                .requestDeadline(Duration.ofSeconds(1)).maxConnections(MAX_CONNECTIONS)
                .maxConnectionsPerSource(MAX_CONNECTIONS) // every client here is 127.0.0.1; the per-source cap has its own test
                .handler(a -> handled.computeIfAbsent(a.id(), k -> new AtomicInteger()).incrementAndGet()).build();
        try (ReceiverServer server = receiver.bind(new InetSocketAddress("127.0.0.1", 0), null)) {
            port = server.address().getPort();
            // Replay sources: 20 alerts accepted first; REPLAYED requests are byte-for-byte copies of these.
            try (Socket s = connect()) {
                for (int i = 0; i < 20; i++) {
                    byte[] r = request(new Task(Kind.GOOD, i), "seed");
                    s.getOutputStream().write(r);
                    assertEquals(200, read(s.getInputStream()).status());
                    accepted.add(r);
                }
            }
            // Warm-up: every kind, so pools, JIT and the dedupe map's first entries exist before the baseline.
            Map<Kind, AtomicInteger> warm = fire(schedule(500, 30, 20, new Random(1)), "warm");
            assertEquals(50, handled.size(), "seeds and warm-up goods " + warm);
            settle();
            long heapBefore = usedHeapAfterGc();
            int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();

            long t0 = System.nanoTime();
            List<Task> tasks = schedule(bad, good, Math.max(1, bad / 50), new Random(Long.getLong("entryguard.fire.seed", 42)));
            Map<Kind, AtomicInteger> counts = fire(tasks, "g");
            double seconds = (System.nanoTime() - t0) / 1e9;

            settle();
            long heapAfter = usedHeapAfterGc();
            int threadsAfter = ManagementFactory.getThreadMXBean().getThreadCount();

            assertEquals(50 + good, handled.size(), "every good alert handed on");
            handled.forEach((id, n) -> assertEquals(1, n.get(), "alert " + id + " handed on " + n + " times"));
            ReceiverStats st = receiver.stats();
            assertEquals(50 + good, st.accepted());
            assertTrue(st.timedOut() >= counts.get(Kind.SLOW).get(), st.toString());
            assertEquals(0, st.refusedConnections(), "the soak stays under the connection cap");
            System.out.printf(Locale.ROOT, "RECEIVER-UNDER-FIRE bad=%d good=%d total=%d seconds=%.1f req/s=%.0f heapBeforeMiB=%.1f"
                            + " heapAfterMiB=%.1f threadsBefore=%d threadsAfter=%d kinds=%s stats=%s%n",
                    tasks.size() - good, good, tasks.size(), seconds, tasks.size() / seconds, heapBefore / 1048576.0,
                    heapAfter / 1048576.0, threadsBefore, threadsAfter, counts, st);
            assertTrue(heapAfter - heapBefore < 64L << 20, "heap grew by " + (heapAfter - heapBefore) / 1048576 + " MiB");
            assertTrue(threadsAfter <= threadsBefore + 2, "threads " + threadsBefore + " -> " + threadsAfter);

            connectionCap();
        }
    }

    /** maxConnections held open: the next connection is answered 503; once they close, alerts are accepted again. */
    void connectionCap() throws Exception {
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < MAX_CONNECTIONS; i++) held.add(new Socket("127.0.0.1", port));
            Await.until("cap reached", () -> receiver.openConnections() == MAX_CONNECTIONS);
            for (int i = 0; i < 10; i++) {
                try (Socket extra = new Socket("127.0.0.1", port)) {
                    extra.setSoTimeout(10_000);
                    Answer a = read(extra.getInputStream());
                    assertEquals(503, a.status(), a.body());
                }
            }
        } finally {
            for (Socket s : held) s.close();
        }
        Await.until("connections released", () -> receiver.openConnections() == 0);
        assertEquals(10, receiver.stats().refusedConnections());
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            Alert a = TestAlerts.minorEntry("after-cap");
            s.getOutputStream().write(signed(a.id(), now(), SECRET, a.toJson(), "POST", "/alerts"));
            Answer r = read(s.getInputStream());
            assertEquals(200, r.status(), r.body());
        }
    }

    static List<Task> schedule(int bad, int good, int slow, Random random) {
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < good; i++) tasks.add(new Task(Kind.GOOD, i));
        for (int i = 0; i < slow; i++) tasks.add(new Task(Kind.SLOW, i));
        Kind[] fast = {Kind.FORGED, Kind.UNSIGNED, Kind.REPLAYED, Kind.EXPIRED, Kind.MALFORMED_JSON, Kind.MALFORMED_HTTP,
                Kind.WRONG_METHOD, Kind.ID_MISMATCH, Kind.OVERSIZED};
        for (int i = 0; i < bad - slow; i++) tasks.add(new Task(fast[i % fast.length], i));
        Collections.shuffle(tasks, random);
        return tasks;
    }

    /** Runs the tasks: 8 keep-alive workers for the fast ones, 50 threads for the slowloris ones. */
    Map<Kind, AtomicInteger> fire(List<Task> tasks, String prefix) throws Exception {
        List<Task> fast = tasks.stream().filter(t -> t.kind() != Kind.SLOW).toList();
        List<Task> slow = tasks.stream().filter(t -> t.kind() == Kind.SLOW).toList();
        Map<Kind, AtomicInteger> counts = new EnumMap<>(Kind.class);
        for (Kind k : Kind.values()) counts.put(k, new AtomicInteger());
        List<String> wrong = new CopyOnWriteArrayList<>();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger nextSlow = new AtomicInteger();
        AtomicLong retries = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(8 + 50);
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
            futures.add(pool.submit(() -> {
                Socket s = null;
                try {
                    int i;
                    while ((i = next.getAndIncrement()) < fast.size()) {
                        Task t = fast.get(i);
                        byte[] request = request(t, prefix);
                        Answer a = null;
                        for (int attempt = 0; attempt < 3 && a == null; attempt++) {
                            if (s == null) s = connect();
                            try {
                                s.getOutputStream().write(request);
                                a = read(s.getInputStream());
                            } catch (IOException e) {
                                retries.incrementAndGet(); // a kept-alive connection the server had just closed
                                s.close();
                                s = null;
                            }
                        }
                        check(t, a, wrong, counts);
                        if (a != null && a.close() && s != null) {
                            s.close();
                            s = null;
                        }
                    }
                } catch (IOException e) {
                    wrong.add("worker failed: " + e);
                } finally {
                    if (s != null) try { s.close(); } catch (IOException ignored) { }
                }
                return null;
            }));
        }
        for (int w = 0; w < 50; w++) {
            futures.add(pool.submit(() -> {
                int i;
                while ((i = nextSlow.getAndIncrement()) < slow.size()) {
                    Answer a;
                    try {
                        a = slowloris();
                    } catch (IOException e) {
                        a = new Answer(-1, e.toString(), true);
                    }
                    check(slow.get(i), a, wrong, counts);
                }
                return null;
            }));
        }
        for (Future<?> f : futures) f.get(10, TimeUnit.MINUTES);
        pool.shutdown();
        assertTrue(pool.awaitTermination(1, TimeUnit.MINUTES));
        assertTrue(wrong.isEmpty(), wrong.size() + " requests got the wrong answer, e.g. " + wrong.subList(0, Math.min(5, wrong.size())));
        return counts;
    }

    void check(Task t, Answer a, List<String> wrong, Map<Kind, AtomicInteger> counts) {
        counts.get(t.kind()).incrementAndGet();
        if (a == null) {
            wrong.add(t + ": no answer");
            return;
        }
        boolean ok = a.status() == t.kind().status;
        if (t.kind() == Kind.GOOD) ok &= a.body().contains("accepted");
        if (t.kind() == Kind.REPLAYED) ok &= a.body().contains("duplicate");
        if (!ok) wrong.add(t + ": " + a.status() + " " + a.body());
    }

    byte[] request(Task t, String prefix) {
        long now = now();
        Alert alert = TestAlerts.minorEntry(prefix + "-" + t.kind().name().toLowerCase(Locale.ROOT) + "-" + t.n());
        byte[] body = alert.toJson();
        return switch (t.kind()) {
            case GOOD -> signed(alert.id(), now, SECRET, body, "POST", "/alerts");
            case FORGED -> signed(alert.id(), now, FORGER, body, "POST", "/alerts");
            case UNSIGNED -> http("POST", "/alerts", "", body);
            case REPLAYED -> accepted.get(t.n() % accepted.size()); // byte-for-byte copy of an accepted request
            case EXPIRED -> signed(alert.id(), now - 400, SECRET, body, "POST", "/alerts");
            case MALFORMED_JSON -> signed(alert.id(), now, SECRET, "{\"id\": \"x\", oops".getBytes(StandardCharsets.UTF_8), "POST", "/alerts");
            case MALFORMED_HTTP -> ("POST /alerts HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            case WRONG_METHOD -> http("GET", "/alerts", "", new byte[0]);
            case ID_MISMATCH -> signed("someone-else", now, SECRET, body, "POST", "/alerts");
            case OVERSIZED -> signed(alert.id(), now, SECRET, new byte[MAX_BODY + 4096], "POST", "/alerts");
            case SLOW -> throw new IllegalStateException();
        };
    }

    static byte[] signed(String id, long ts, WebhookSecret secret, byte[] body, String method, String path) {
        String h = "webhook-id: " + id + "\r\nwebhook-timestamp: " + ts + "\r\nwebhook-signature: "
                + WebhookSigner.of(secret).signature(id, ts, body) + "\r\n";
        return http(method, path, h, body);
    }

    static byte[] http(String method, String path, String headers, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String head = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type: application/json\r\n" + headers
                + "content-length: " + body.length + "\r\n\r\n";
        out.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** Sends a request head one header line at a time, never finishing it, until the receiver answers. */
    Answer slowloris() throws IOException {
        try (Socket s = connect()) {
            s.setSoTimeout(150);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write("POST /alerts HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 200; i++) {
                try {
                    int first = in.read();
                    if (first < 0) return new Answer(-1, "closed without an answer", true);
                    s.setSoTimeout(10_000);
                    return read(in, first);
                } catch (SocketTimeoutException e) {
                    out.write(("x-drip-" + i + ": 1\r\n").getBytes(StandardCharsets.US_ASCII));
                }
            }
            return new Answer(-1, "never cut off", true);
        }
    }

    Socket connect() throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(10_000);
        s.setTcpNoDelay(true);
        return s;
    }

    static Answer read(InputStream in) throws IOException { return read(in, in.read()); }

    /** Reads one HTTP/1.1 response with a content-length body. */
    static Answer read(InputStream in, int first) throws IOException {
        if (first < 0) throw new IOException("connection closed before an answer");
        StringBuilder head = new StringBuilder().append((char) first);
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) throw new IOException("connection closed inside the answer's head: " + head);
            head.append((char) b);
        }
        String[] lines = head.toString().split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        int length = 0;
        boolean close = false;
        for (String l : lines) {
            String lower = l.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) length = Integer.parseInt(lower.substring(15).trim());
            if (lower.startsWith("connection:") && lower.contains("close")) close = true;
        }
        byte[] body = in.readNBytes(length);
        return new Answer(status, new String(body, StandardCharsets.UTF_8), close);
    }

    /** Waits until every client connection is gone from the receiver. */
    void settle() {
        Await.until("client connections closed", () -> receiver.openConnections() == 0);
    }

    static long usedHeapAfterGc() throws InterruptedException {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
            best = Math.min(best, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return best;
    }

    static long now() { return System.currentTimeMillis() / 1000; }
}
