package org.entryguard.regulator;

import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.entryguard.alerts.Alert;
import org.entryguard.alerts.AlertType;
import org.entryguard.alerts.DeliveryMetrics;
import org.entryguard.alerts.Gat1400Sink;
import org.entryguard.alerts.RetryConfig;
import org.entryguard.alerts.Venue;
import org.entryguard.alerts.WebhookSecret;
import org.entryguard.alerts.WebhookSigner;
import org.entryguard.alerts.WebhookSink;
import org.entryguard.regulator.console.Console;

/**
 * {@code entryguard regulator --demo}: the service on the embedded database, fed through the real path by simulated
 * venues: gateways with the SDK's {@link WebhookSink} (signed webhooks, each alert sent twice as a restarted gateway
 * would) and cameras with its {@link Gat1400Sink} (Digest registration, FaceObjects), plus forged requests that must
 * be refused. Prints one JSON summary line, the console URL and a login for it: a {@code CITY} officer
 * {@value #OFFICER} with a password drawn for this run, held in memory and printed, never written to a file.
 */
final class RegulatorDemo {
    static final int WEBHOOK_VENUES = 12;
    static final int GAT_DEVICES = 3;
    static final int ALERTS_PER_VENUE = 10;
    static final int FORGED = 25;
    private static final String[] DISTRICTS = {"徐汇区", "静安区", "浦东新区", "黄浦区"};
    private static final ObjectMapper JSON = new ObjectMapper();

    private RegulatorDemo() { }

    /** The demo's console login (a CITY officer: sees every district). */
    static final String OFFICER = "demo";
    /** The venue id of {@code entryguard gateway --demo}, registered so that demo can point its sink here. */
    static final String GATEWAY_DEMO_VENUE = "DEMO-KTV-0001";

    /**
     * The demo's config: simulated venues with fresh secrets, devices with fresh passwords, in {@code dataDir}, and
     * the console's one officer with {@code officerHash}.
     */
    static ObjectNode config(Path dataDir, int port, List<WebhookSecret> secrets, List<String> passwords, WebhookSecret gateway,
                             String officerHash) {
        ObjectNode root = JSON.createObjectNode();
        root.put("listen", "127.0.0.1:" + port);
        root.put("dataDir", dataDir.toString());
        ArrayNode venues = root.putArray("venues");
        for (int i = 0; i < WEBHOOK_VENUES + GAT_DEVICES; i++) {
            ObjectNode v = venues.addObject().put("id", venueId(i)).put("name", (i % 2 == 0 ? "KTV " : "网吧 ") + (i + 1))
                    .put("district", DISTRICTS[i % DISTRICTS.length]);
            if (i < WEBHOOK_VENUES) v.putArray("secrets").add(secrets.get(i).reveal());
        }
        venues.addObject().put("id", GATEWAY_DEMO_VENUE).put("name", "Demo KTV").put("district", DISTRICTS[0])
                .putArray("secrets").add(gateway.reveal());
        ArrayNode devices = root.putObject("gat1400").putArray("devices");
        for (int d = 0; d < GAT_DEVICES; d++) {
            devices.addObject().put("deviceId", deviceId(d)).put("password", passwords.get(d)).put("venueId", venueId(WEBHOOK_VENUES + d));
        }
        root.putObject("console").putArray("users").addObject().put("name", OFFICER).put("displayName", "演示值班员")
                .put("role", "CITY").put("passwordHash", officerHash);
        return root;
    }

    static String venueId(int i) { return String.format(Locale.ROOT, "demo-venue-%03d", i + 1); }

    static String deviceId(int d) { return String.format(Locale.ROOT, "3101040000119%07d", d + 1); }

    /** Runs the demo; returns the exit status (0 when nothing was lost and every forgery refused). */
    static int run(Path work, int port, int seconds, PrintStream out, PrintStream err) throws InterruptedException {
        List<WebhookSecret> secrets = new ArrayList<>();
        for (int i = 0; i < WEBHOOK_VENUES; i++) secrets.add(WebhookSecret.generate());
        List<String> passwords = new ArrayList<>();
        Random random = new Random(7);
        for (int d = 0; d < GAT_DEVICES; d++) passwords.add("viid-" + Long.toHexString(random.nextLong()));
        WebhookSecret gatewaySecret = WebhookSecret.generate();
        char[] officerPassword = officerPassword();
        RegulatorConfig config = RegulatorConfig.parse(config(work.resolve("data"), port, secrets, passwords, gatewaySecret,
                Console.hashPassword(officerPassword)), work);
        long start = System.nanoTime();
        RetryConfig retry = RetryConfig.custom().initialInterval(Duration.ofMillis(50)).maxInterval(Duration.ofSeconds(1)).build();
        try (RegulatorService service = RegulatorService.start(config)) {
            err.println("demo: regulator on " + service.uri() + " with " + WEBHOOK_VENUES + " webhook venues and "
                    + GAT_DEVICES + " GA/T 1400 cameras; data in " + config.dataDir());
            List<WebhookSink> sinks = new ArrayList<>();
            List<Gat1400Sink> cameras = new ArrayList<>();
            int sent = 0;
            int resent = 0;
            int forgedRefused = 0;
            try {
                for (int i = 0; i < WEBHOOK_VENUES; i++) {
                    sinks.add(WebhookSink.custom().endpoint(service.webhookUri(venueId(i))).secret(secrets.get(i))
                            .outboxDir(work.resolve("gateway-" + i)).retry(retry).build());
                }
                for (int d = 0; d < GAT_DEVICES; d++) {
                    cameras.add(Gat1400Sink.custom().endpoint(service.uri()).deviceId(deviceId(d)).password(passwords.get(d))
                            .outboxDir(work.resolve("camera-" + d)).retry(retry).keepaliveInterval(Duration.ofSeconds(20)).build());
                }
                Instant now = Instant.now();
                for (int n = 0; n < ALERTS_PER_VENUE; n++) {
                    for (int i = 0; i < WEBHOOK_VENUES; i++) {
                        Alert a = alert("demo-" + i + "-" + n, venueId(i), n % 3 == 0 ? AlertType.CHECK_ID_UNRESOLVED : AlertType.MINOR_ENTRY,
                                now.minusSeconds(n * 7L), random);
                        sinks.get(i).send(a);
                        sent++;
                        if (n % 2 == 0) {
                            sinks.get(i).send(a); // the same alert again: a gateway re-sending after a restart
                            resent++;
                        }
                    }
                    for (int d = 0; d < GAT_DEVICES; d++) {
                        // one shot second per face: a FaceID is the device, the second and a 5-digit sequence
                        cameras.get(d).send(alert("cam-" + d + "-" + n, venueId(WEBHOOK_VENUES + d), AlertType.MINOR_ENTRY,
                                now.minusSeconds(n * 11L + d), random));
                        sent++;
                    }
                }
                forgedRefused = forge(service, secrets, now);
                long deadline = System.nanoTime() + Duration.ofSeconds(Math.max(30, seconds)).toNanos();
                while (System.nanoTime() < deadline && !(allDelivered(sinks, cameras) && service.store().count() >= sent)) {
                    Thread.sleep(100);
                }
            } finally {
                sinks.forEach(WebhookSink::close);
                cameras.forEach(Gat1400Sink::close);
            }
            long stored = service.store().count();
            ObjectNode summary = JSON.createObjectNode();
            summary.put("event", "regulator-demo-summary");
            summary.put("sent", sent);
            summary.put("stored", stored);
            summary.put("duplicates_sent", resent);
            summary.put("duplicates_dropped", service.metrics().duplicatesCount());
            summary.put("forged_sent", FORGED);
            summary.put("rejected", service.metrics().rejectedTotal());
            summary.put("lost", Math.max(0, sent - stored));
            summary.put("webhook_venues", WEBHOOK_VENUES);
            summary.put("gat1400_devices", GAT_DEVICES);
            summary.put("seconds", Math.round((System.nanoTime() - start) / 1e8) / 10.0);
            summary.put("console", service.consoleUri().toString());
            out.println(summary);
            // the login goes to the terminal only: the demo's config lives in memory and its folder is deleted at exit
            out.println("console: " + service.consoleUri() + " (log in as " + OFFICER + " / " + new String(officerPassword)
                    + " while the demo runs; --seconds N keeps it up)");
            out.println("gateway demo against it, while it runs: java -jar entryguard.jar gateway --demo --regulator "
                    + service.webhookUri(GATEWAY_DEMO_VENUE) + " --regulator-secret " + gatewaySecret.reveal());
            out.flush();
            long remaining = Duration.ofSeconds(seconds).toNanos() - (System.nanoTime() - start);
            if (remaining > 0) Thread.sleep(remaining / 1_000_000);
            return sent == stored && forgedRefused == FORGED ? 0 : 1;
        }
    }

    /** 16 URL-safe characters from 96 random bits: a fresh password for each demo run. */
    private static char[] officerPassword() {
        byte[] bytes = new byte[12];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).toCharArray();
    }

    private static Alert alert(String id, String venueId, AlertType type, Instant at, Random random) {
        double low = 12 + random.nextInt(4);
        Alert.Builder b = Alert.custom().id(id).type(type).venue(new Venue(venueId, "Demo " + venueId, "KTV", "DEMO-LICENCE", "1 Demo Road"))
                .cameraId("door-1").time(at, ZoneId.of("Asia/Shanghai")).ageInterval(low, low + 3).estimatedAge(low + 1.5)
                .ruleApplied("未成年人保护法 第58条: no minors in KTVs");
        b.decision(type == AlertType.CHECK_ID_UNRESOLVED ? "CHECK_ID" : "MINOR");
        return b.build();
    }

    /** Requests an attacker would send; each must be refused. Returns how many were. */
    private static int forge(RegulatorService service, List<WebhookSecret> secrets, Instant now) {
        HttpClient http = HttpClient.newHttpClient();
        int refused = 0;
        Random r = new Random(11);
        for (int k = 0; k < FORGED; k++) {
            String venue = venueId(k % WEBHOOK_VENUES);
            Alert a = alert("forged-" + k, venue, AlertType.MINOR_ENTRY, now, r);
            byte[] body = a.toJson();
            long ts = now.getEpochSecond();
            WebhookSecret key = switch (k % 3) {
                case 0 -> WebhookSecret.generate();                        // a guessed secret
                case 1 -> secrets.get((k + 1) % WEBHOOK_VENUES);           // another venue's secret
                default -> secrets.get(k % WEBHOOK_VENUES);                // the right secret, but a replay from an hour ago
            };
            if (k % 3 == 2) ts -= 3600;
            HttpRequest req = HttpRequest.newBuilder(service.webhookUri(venue)).POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .header("webhook-id", a.id()).header("webhook-timestamp", Long.toString(ts))
                    .header("webhook-signature", WebhookSigner.of(key).signature(a.id(), ts, body)).build();
            try {
                HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
                if (res.statusCode() == 401) refused++;
            } catch (IOException e) {
                // counted as not refused: the summary's exit status shows it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return refused;
    }

    private static boolean allDelivered(List<WebhookSink> sinks, List<Gat1400Sink> cameras) {
        for (WebhookSink s : sinks) if (!quiet(s.metrics())) return false;
        for (Gat1400Sink c : cameras) if (!quiet(c.metrics())) return false;
        return true;
    }

    private static boolean quiet(DeliveryMetrics m) { return m.queued() == 0 && m.inFlight() == 0; }
}
