package org.entryguard.regulator.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.entryguard.alerts.Alert;
import org.entryguard.alerts.AlertType;
import org.entryguard.alerts.Venue;
import org.entryguard.alerts.WebhookSecret;
import org.entryguard.alerts.WebhookSigner;
import org.entryguard.regulator.RegulatorConfig;
import org.entryguard.regulator.RegulatorService;

/**
 * The regulator's load driver (regulator/scripts/bench.sh runs it): signed webhooks as gateways send them, straight
 * over HTTP (no outbox, so the driver is not the bottleneck). Prints one JSON line per scenario.
 * <ul>
 *   <li>{@code throughput}: one node in this JVM on the embedded database, {@code --venues} venues with their own
 *       secrets, {@code --threads} senders for {@code --seconds}; alerts/s stored and request-to-feed latency;</li>
 *   <li>{@code malformed}: {@code --requests} forged, stale, malformed and misaddressed requests; rows stored,
 *       liveness and heap after GC before and after;</li>
 *   <li>{@code crash}: the service in a child JVM killed with SIGKILL twice while senders retry until 200 (as the
 *       SDK's outbox does); afterwards every acknowledged id must be in the database exactly once.</li>
 * </ul>
 */
public final class LoadDriver {
    static final ObjectMapper JSON = new ObjectMapper();

    private LoadDriver() { }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new java.util.HashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        Path work = Files.createTempDirectory(Path.of(o.getOrDefault("work", System.getProperty("java.io.tmpdir"))), "regulator-bench-").toAbsolutePath();
        switch (args[0]) {
            case "throughput-child" -> throughputChild(work, Integer.parseInt(o.getOrDefault("venues", "10000")),
                    Integer.parseInt(o.getOrDefault("seconds", "30")), Integer.parseInt(o.getOrDefault("threads", "32")));
            case "kafka-crash" -> System.out.println(kafkaCrash(work, Integer.parseInt(o.getOrDefault("alerts", "3000")),
                    Integer.parseInt(o.getOrDefault("threads", "8"))));
            case "throughput" -> throughput(work, Integer.parseInt(o.getOrDefault("venues", "10000")),
                    Integer.parseInt(o.getOrDefault("seconds", "30")), Integer.parseInt(o.getOrDefault("threads", "32")));
            case "malformed" -> malformed(work, Integer.parseInt(o.getOrDefault("requests", "10000")));
            case "crash" -> System.out.println(crash(work, Integer.parseInt(o.getOrDefault("alerts", "3000")), Integer.parseInt(o.getOrDefault("threads", "8"))));
            default -> throw new IllegalArgumentException("scenario must be throughput, malformed or crash");
        }
        System.exit(0);
    }

    record Fleet(List<String> ids, List<WebhookSecret> secrets, ObjectNode config) { }

    static Fleet fleet(Path data, int venues, int port) {
        List<String> ids = new ArrayList<>();
        List<WebhookSecret> secrets = new ArrayList<>();
        ObjectNode root = JSON.createObjectNode();
        root.put("listen", "127.0.0.1:" + port);
        root.put("dataDir", data.toString());
        root.putObject("webhook").put("ratePerSecond", 1000);
        ArrayNode vs = root.putArray("venues");
        String[] districts = {"徐汇区", "静安区", "浦东新区", "黄浦区", "长宁区", "普陀区", "虹口区", "杨浦区"};
        for (int i = 0; i < venues; i++) {
            String id = String.format(Locale.ROOT, "venue-%05d", i);
            WebhookSecret s = WebhookSecret.generate();
            ids.add(id);
            secrets.add(s);
            vs.addObject().put("id", id).put("name", "场所 " + i).put("district", districts[i % districts.length]).putArray("secrets").add(s.reveal());
        }
        return new Fleet(ids, secrets, root);
    }

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    static byte[] alertJson(String id, String venue) {
        double low = 12 + ThreadLocalRandom.current().nextInt(5);
        return Alert.custom().id(id).type(AlertType.MINOR_ENTRY).venue(new Venue(venue, "场所", "KTV", "LIC-" + venue, "上海市"))
                .cameraId("door-1").time(Instant.now(), SHANGHAI).decision("MINOR").ageInterval(low, low + 3).estimatedAge(low + 1.4)
                .ruleApplied("未成年人保护法 第58条").build().toJson();
    }

    static HttpRequest signed(URI base, String venue, WebhookSecret secret, String id, byte[] body, long ts) {
        return HttpRequest.newBuilder(base.resolve("/webhooks/" + venue)).POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .timeout(Duration.ofSeconds(30)).header("content-type", "application/json")
                .header("webhook-id", id).header("webhook-timestamp", Long.toString(ts))
                .header("webhook-signature", WebhookSigner.of(secret).signature(id, ts, body)).build();
    }

    static void throughput(Path work, int venues, int seconds, int threads) throws Exception {
        Fleet fleet = fleet(work.resolve("data"), venues, 0);
        try (RegulatorService s = RegulatorService.start(RegulatorConfig.parse(fleet.config(), work))) {
            Map<String, Long> started = new ConcurrentHashMap<>();
            AtomicLongArray visible = new AtomicLongArray(2_000_000);
            AtomicInteger visibleN = new AtomicInteger();
            s.feed().subscribe(a -> {
                Long t0 = started.remove(a.id());
                if (t0 != null) {
                    int i = visibleN.getAndIncrement();
                    if (i < visible.length()) visible.set(i, System.nanoTime() - t0);
                }
            });
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            AtomicLong ok = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            // a short warm-up (JIT, pool, first pages), not measured
            run(threads, 3, http, s.uri(), fleet, "warm", new ConcurrentHashMap<>(), new AtomicLong(), new AtomicLong());
            long storedBefore = s.store().count();
            visibleN.set(0);
            long t0 = System.nanoTime();
            run(threads, seconds, http, s.uri(), fleet, "load", started, ok, failed);
            long sentDone = System.nanoTime();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (s.store().count() - storedBefore < ok.get() && System.nanoTime() < deadline) Thread.sleep(20);
            double elapsed = (sentDone - t0) / 1e9;
            long stored = s.store().count() - storedBefore;
            long[] lat = new long[Math.min(visibleN.get(), visible.length())];
            for (int i = 0; i < lat.length; i++) lat[i] = visible.get(i);
            Arrays.sort(lat);
            ObjectNode r = JSON.createObjectNode().put("scenario", "throughput").put("venues", venues).put("threads", threads)
                    .put("seconds", Math.round(elapsed * 10) / 10.0).put("acknowledged", ok.get()).put("failed_requests", failed.get())
                    .put("stored", stored).put("stored_per_second", Math.round(stored / elapsed))
                    .put("visible_p50_ms", ms(pct(lat, 0.50))).put("visible_p99_ms", ms(pct(lat, 0.99))).put("visible_max_ms", ms(pct(lat, 1.0)))
                    .put("cores", Runtime.getRuntime().availableProcessors());
            System.out.println(r);
        }
    }

    /**
     * The service alone in a child JVM, the senders here: the child's CPU time per stored alert (from /proc) is the
     * service's own cost, apart from the load generator's; the HTTP answer comes after the commit and the feed, so
     * its latency bounds request-to-visible from above.
     */
    static void throughputChild(Path work, int venues, int seconds, int threads) throws Exception {
        int port;
        try (var sock = new java.net.ServerSocket(0)) {
            port = sock.getLocalPort();
        }
        Fleet fleet = fleet(work.resolve("data"), venues, port);
        Path cfg = work.resolve("regulator.json");
        Files.writeString(cfg, fleet.config().toString());
        Files.setPosixFilePermissions(cfg, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        URI base = URI.create("http://127.0.0.1:" + port);
        Process child = startChild(cfg, work);
        try {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            waitHealthy(http, base);
            Map<String, Long> latency = new ConcurrentHashMap<>();
            run(threads, 5, http, base, fleet, "warm", new ConcurrentHashMap<>(), new AtomicLong(), new AtomicLong(), null);
            long cpu0 = cpuTicks(child.pid());
            AtomicLong ok = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            long t0 = System.nanoTime();
            run(threads, seconds, http, base, fleet, "load", new ConcurrentHashMap<>(), ok, failed, latency);
            double elapsed = (System.nanoTime() - t0) / 1e9;
            long cpu1 = cpuTicks(child.pid());
            long[] lat = latency.values().stream().mapToLong(Long::longValue).sorted().toArray();
            double cpuSeconds = (cpu1 - cpu0) / 100.0; // USER_HZ
            double cpuMsPerAlert = ok.get() == 0 ? 0 : cpuSeconds * 1000 / ok.get();
            ObjectNode r = JSON.createObjectNode().put("scenario", "throughput-child").put("venues", venues).put("threads", threads)
                    .put("seconds", Math.round(elapsed * 10) / 10.0).put("acknowledged", ok.get()).put("failed_requests", failed.get())
                    .put("acknowledged_per_second", Math.round(ok.get() / elapsed))
                    .put("answer_p50_ms", ms(pct(lat, 0.50))).put("answer_p99_ms", ms(pct(lat, 0.99)))
                    .put("service_cpu_seconds", Math.round(cpuSeconds * 10) / 10.0)
                    .put("service_cpu_ms_per_alert", Math.round(cpuMsPerAlert * 1000) / 1000.0)
                    .put("projected_per_second_on_2_free_cores", cpuMsPerAlert == 0 ? 0 : Math.round(2000 / cpuMsPerAlert));
            System.out.println(r);
        } finally {
            child.destroy();
            child.waitFor(60, TimeUnit.SECONDS);
        }
    }

    /** utime + stime of a process, in clock ticks (Linux /proc). */
    static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    private static void run(int threads, int seconds, HttpClient http, URI base, Fleet fleet, String prefix,
                            Map<String, Long> started, AtomicLong ok, AtomicLong failed) throws InterruptedException {
        run(threads, seconds, http, base, fleet, prefix, started, ok, failed, null);
    }

    private static void run(int threads, int seconds, HttpClient http, URI base, Fleet fleet, String prefix,
                            Map<String, Long> started, AtomicLong ok, AtomicLong failed, Map<String, Long> answered) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        AtomicLong seq = new AtomicLong();
        for (int t = 0; t < threads; t++) {
            pool.execute(() -> {
                while (System.nanoTime() < end) {
                    int v = ThreadLocalRandom.current().nextInt(fleet.ids().size());
                    String venue = fleet.ids().get(v);
                    String id = prefix + "-" + seq.incrementAndGet();
                    byte[] body = alertJson(id, venue);
                    long ts = Instant.now().getEpochSecond();
                    HttpRequest req = signed(base, venue, fleet.secrets().get(v), id, body, ts);
                    long sentAt = System.nanoTime();
                    started.put(id, sentAt);
                    try {
                        HttpResponse<Void> res = http.send(req, HttpResponse.BodyHandlers.discarding());
                        if (answered != null) answered.put(id, System.nanoTime() - sentAt);
                        if (res.statusCode() == 200) ok.incrementAndGet();
                        else failed.incrementAndGet();
                    } catch (IOException e) {
                        failed.incrementAndGet();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(seconds + 60L, TimeUnit.SECONDS);
    }

    static void malformed(Path work, int requests) throws Exception {
        Fleet fleet = fleet(work.resolve("data"), 100, 0);
        try (RegulatorService s = RegulatorService.start(RegulatorConfig.parse(fleet.config(), work))) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            long heapBefore = heapAfterGc();
            Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
            ExecutorService pool = Executors.newFixedThreadPool(16);
            long t0 = System.nanoTime();
            for (int i = 0; i < requests; i++) {
                int k = i;
                pool.execute(() -> {
                    int v = k % fleet.ids().size();
                    String venue = fleet.ids().get(v);
                    String id = "bad-" + k;
                    byte[] body = alertJson(id, venue);
                    long now = Instant.now().getEpochSecond();
                    HttpRequest req = switch (k % 8) {
                        case 0 -> signed(s.uri(), venue, WebhookSecret.generate(), id, body, now);                    // forged
                        case 1 -> signed(s.uri(), venue, fleet.secrets().get(v), id, body, now - 7200);               // stale replay
                        case 2 -> signed(s.uri(), venue, fleet.secrets().get((v + 1) % fleet.ids().size()), id, body, now); // other venue's key
                        case 3 -> signed(s.uri(), venue, fleet.secrets().get(v), id, "{\"schema\":1,\"id\":".getBytes(StandardCharsets.UTF_8), now); // signed junk
                        case 4 -> signed(s.uri(), "no-such-venue", fleet.secrets().get(v), id, body, now);             // unknown venue
                        case 5 -> HttpRequest.newBuilder(s.uri().resolve("/webhooks/" + venue)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(); // unsigned
                        case 6 -> HttpRequest.newBuilder(s.uri().resolve("/VIID/Faces")).header("User-Identify", "31010400001190000001")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"FaceListObject\":{}}")).build();          // unregistered device
                        default -> signed(s.uri(), venue, fleet.secrets().get(v), id, alertJson("other-" + k, venue), now); // id mismatch
                    };
                    try {
                        int st = http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
                        statuses.computeIfAbsent(st, x -> new AtomicInteger()).incrementAndGet();
                    } catch (IOException e) {
                        statuses.computeIfAbsent(-1, x -> new AtomicInteger()).incrementAndGet();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            pool.shutdown();
            pool.awaitTermination(10, TimeUnit.MINUTES);
            double elapsed = (System.nanoTime() - t0) / 1e9;
            long heapAfter = heapAfterGc();
            int health = http.send(HttpRequest.newBuilder(s.uri().resolve("/healthz")).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            ObjectNode r = JSON.createObjectNode().put("scenario", "malformed").put("requests", requests)
                    .put("seconds", Math.round(elapsed * 10) / 10.0).put("stored", s.store().count())
                    .put("rejected_counted", s.metrics().rejectedTotal()).put("healthz_after", health)
                    .put("heap_after_gc_before_mb", heapBefore >> 20).put("heap_after_gc_after_mb", heapAfter >> 20);
            ObjectNode st = r.putObject("statuses");
            statuses.forEach((k, v) -> st.put(Integer.toString(k), v.get()));
            System.out.println(r);
        }
    }

    static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** The service in a child JVM, SIGKILLed twice mid-run; senders retry each alert until it is acknowledged. */
    static ObjectNode crash(Path work, int alerts, int threads) throws Exception {
        int port;
        try (var sock = new java.net.ServerSocket(0)) {
            port = sock.getLocalPort();
        }
        Fleet fleet = fleet(work.resolve("data"), 1000, port);
        Path cfg = work.resolve("regulator.json");
        Files.writeString(cfg, fleet.config().toString());
        Files.setPosixFilePermissions(cfg, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")); // it holds secrets
        URI base = URI.create("http://127.0.0.1:" + port);
        Process[] child = {startChild(cfg, work)};
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        waitHealthy(http, base);
        Senders senders = new Senders(http, base, fleet, "crash-", alerts, threads);
        Set<String> acknowledged = senders.acknowledged;
        AtomicInteger next = senders.next;
        long t0 = System.nanoTime();
        int kills = 0;
        for (int k = 1; k <= 2; k++) {
            int at = alerts * k / 3;
            while (next.get() < at) Thread.sleep(10);
            child[0].destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no flush
            kills++;
            Thread.sleep(500);
            child[0] = startChild(cfg, work);
            waitHealthy(http, base);
        }
        senders.await();
        double elapsed = (System.nanoTime() - t0) / 1e9;
        child[0].destroy(); // SIGTERM: a clean stop, so the database file can be opened here
        child[0].waitFor(60, TimeUnit.SECONDS);
        List<String> all = storedIds(work.resolve("data"));
        long rows = all.size();
        Set<String> ids = new HashSet<>(all);
        long lost = acknowledged.stream().filter(id -> !ids.contains(id)).count();
        ObjectNode r = JSON.createObjectNode().put("scenario", "crash").put("alerts", alerts).put("kills", kills)
                .put("acknowledged", acknowledged.size()).put("rows", rows).put("distinct_ids", ids.size())
                .put("lost", lost).put("stored_twice", rows - ids.size()).put("sender_retries", senders.retries.get())
                .put("seconds", Math.round(elapsed * 10) / 10.0);
        return r;
    }

    /**
     * A city in processes: a Kafka broker, an intake node (role intake) and a consumer node (role consumer), each its
     * own JVM. While senders post to the intake node and retry until 200, each of the three is SIGKILLed once and
     * restarted. Afterwards the consumer's database must hold every acknowledged id exactly once.
     */
    static ObjectNode kafkaCrash(Path work, int alerts, int threads) throws Exception {
        org.entryguard.regulator.LocalKafka kafka = new org.entryguard.regulator.LocalKafka(work.resolve("kafka"), false);
        Process[] broker = {startLogged(kafka.childCommand(), work.resolve("broker.log"))};
        int intakePort = freePort();
        int consumerPort = freePort();
        Fleet fleet = fleet(work.resolve("intake-data"), 1000, intakePort);
        ObjectNode k = fleet.config().putObject("kafka").put("bootstrapServers", kafka.bootstrap()).put("topic", "bench-alerts")
                .put("groupId", "bench-consumers");
        k.put("role", "intake");
        Path intakeCfg = writeConfig(work.resolve("intake.json"), fleet.config());
        ObjectNode consumerJson = fleet.config().deepCopy();
        consumerJson.put("listen", "127.0.0.1:" + consumerPort).put("dataDir", work.resolve("consumer-data").toString());
        ((ObjectNode) consumerJson.get("kafka")).put("role", "consumer");
        Path consumerCfg = writeConfig(work.resolve("consumer.json"), consumerJson);
        URI intake = URI.create("http://127.0.0.1:" + intakePort);
        URI consumer = URI.create("http://127.0.0.1:" + consumerPort);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        waitBroker(kafka.bootstrap());
        Process[] consumerNode = {startChild(consumerCfg, work)};
        Process[] intakeNode = {startChild(intakeCfg, work)};
        waitHealthy(http, consumer);
        waitHealthy(http, intake);
        Senders senders = new Senders(http, intake, fleet, "kcrash-", alerts, threads);
        AtomicInteger next = senders.next;
        long t0 = System.nanoTime();
        List<String> killed = new ArrayList<>();
        for (int step = 1; step <= 3; step++) {
            while (next.get() < alerts * step / 4) Thread.sleep(10);
            switch (step) {
                case 1 -> {
                    intakeNode[0].destroyForcibly().waitFor();
                    killed.add("intake");
                    intakeNode[0] = startChild(intakeCfg, work);
                    waitHealthy(http, intake);
                }
                case 2 -> {
                    consumerNode[0].destroyForcibly().waitFor();
                    killed.add("consumer");
                    consumerNode[0] = startChild(consumerCfg, work);
                    waitHealthy(http, consumer);
                }
                default -> {
                    broker[0].destroyForcibly().waitFor();
                    killed.add("broker");
                    Thread.sleep(1000);
                    broker[0] = startLogged(kafka.childCommand(), work.resolve("broker.log"));
                }
            }
        }
        senders.await();
        double elapsed = (System.nanoTime() - t0) / 1e9;
        // let the consumer drain the topic: its lag reaches 0
        waitLagZero(kafka.bootstrap(), "bench-consumers", "bench-alerts");
        Thread.sleep(2000);
        consumerNode[0].destroy();
        consumerNode[0].waitFor(60, TimeUnit.SECONDS);
        intakeNode[0].destroy();
        intakeNode[0].waitFor(60, TimeUnit.SECONDS);
        broker[0].destroy();
        broker[0].waitFor(60, TimeUnit.SECONDS);
        List<String> all = storedIds(work.resolve("consumer-data"));
        long rows = all.size();
        Set<String> ids = new HashSet<>(all);
        long lost = senders.acknowledged.stream().filter(id -> !ids.contains(id)).count();
        ObjectNode r = JSON.createObjectNode().put("scenario", "kafka-crash").put("alerts", alerts).put("killed", String.join(",", killed))
                .put("acknowledged", senders.acknowledged.size()).put("rows", rows).put("distinct_ids", ids.size())
                .put("lost", lost).put("stored_twice", rows - ids.size()).put("sender_retries", senders.retries.get())
                .put("seconds", Math.round(elapsed * 10) / 10.0);
        return r;
    }

    /** Every alert id in an embedded database (opened after its service stopped); a repeat would show twice. */
    static List<String> storedIds(Path dataDir) throws java.sql.SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dataDir.resolve("alerts").toAbsolutePath());
             ResultSet rs = c.createStatement().executeQuery("SELECT id FROM alerts")) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }

    /** Threads that post {@code alerts} signed alerts, each retried until answered 200, as a gateway's outbox does. */
    static final class Senders {
        final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        final AtomicLong retries = new AtomicLong();
        final AtomicInteger next = new AtomicInteger();
        private final ExecutorService pool;

        Senders(HttpClient http, URI base, Fleet fleet, String prefix, int alerts, int threads) {
            pool = Executors.newFixedThreadPool(threads);
            for (int t = 0; t < threads; t++) {
                pool.execute(() -> {
                    for (int i; (i = next.getAndIncrement()) < alerts; ) {
                        int v = i % fleet.ids().size();
                        String id = prefix + i;
                        byte[] body = alertJson(id, fleet.ids().get(v));
                        while (!Thread.currentThread().isInterrupted()) {
                            try {
                                HttpResponse<Void> r = http.send(signed(base, fleet.ids().get(v), fleet.secrets().get(v), id, body,
                                        Instant.now().getEpochSecond()), HttpResponse.BodyHandlers.discarding());
                                if (r.statusCode() == 200) {
                                    acknowledged.add(id);
                                    break;
                                }
                            } catch (IOException e) {
                                // the node is down: retry
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                return;
                            }
                            retries.incrementAndGet();
                            try {
                                Thread.sleep(150);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                return;
                            }
                        }
                    }
                });
            }
        }

        void await() throws InterruptedException {
            pool.shutdown();
            if (!pool.awaitTermination(10, TimeUnit.MINUTES)) pool.shutdownNow();
        }
    }

    static void waitBroker(String bootstrap) throws InterruptedException {
        java.util.Properties p = new java.util.Properties();
        p.put("bootstrap.servers", bootstrap);
        long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(p)) {
            while (System.nanoTime() < end) {
                try {
                    admin.listTopics().names().get(5, TimeUnit.SECONDS);
                    return;
                } catch (Exception e) {
                    Thread.sleep(500);
                }
            }
        }
        throw new IllegalStateException("the Kafka broker did not come up in 3 minutes");
    }

    static void waitLagZero(String bootstrap, String group, String topic) throws Exception {
        java.util.Properties p = new java.util.Properties();
        p.put("bootstrap.servers", bootstrap);
        long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(p)) {
            while (System.nanoTime() < end) {
                try {
                    var committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                    var parts = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic).partitions();
                    Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> q = new java.util.HashMap<>();
                    for (var pi : parts) q.put(new org.apache.kafka.common.TopicPartition(topic, pi.partition()), org.apache.kafka.clients.admin.OffsetSpec.latest());
                    var ends = admin.listOffsets(q).all().get(10, TimeUnit.SECONDS);
                    long lag = 0;
                    for (var e : ends.entrySet()) {
                        var c = committed.get(e.getKey());
                        lag += e.getValue().offset() - (c == null ? 0 : c.offset());
                    }
                    if (lag == 0) return;
                } catch (Exception e) {
                    // broker still recovering
                }
                Thread.sleep(500);
            }
        }
        throw new IllegalStateException("the consumer did not catch up in 3 minutes");
    }

    static Path writeConfig(Path file, ObjectNode json) throws IOException {
        Files.writeString(file, json.toString());
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    static int freePort() throws IOException {
        try (var sock = new java.net.ServerSocket(0)) {
            return sock.getLocalPort();
        }
    }

    static Process startLogged(List<String> cmd, Path log) throws IOException {
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    static Process startChild(Path cfg, Path work) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "org.entryguard.regulator.RegulatorCli", "--config", cfg.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("child.log").toFile())).start();
    }

    static void waitHealthy(HttpClient http, URI base) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < end) {
            try {
                if (http.send(HttpRequest.newBuilder(base.resolve("/healthz")).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return;
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the regulator child did not come up in 120 s");
    }

    private static long pct(long[] sorted, double p) {
        if (sorted.length == 0) return 0;
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1 < 0 ? 0 : (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static double ms(long nanos) { return Math.round(nanos / 1e5) / 10.0; }
}
