package org.entryguard.regulator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.entryguard.alerts.Alert;
import org.entryguard.alerts.AlertType;
import org.entryguard.alerts.RetryConfig;
import org.entryguard.alerts.Venue;
import org.entryguard.alerts.WebhookSecret;

/** Shared by the regulator's tests: configs with venues and devices, alerts, waiting, raw HTTP. */
final class Fixtures {
    static final ObjectMapper JSON = new ObjectMapper();
    static final WebhookSecret SECRET_A = WebhookSecret.generate();
    static final WebhookSecret SECRET_A_NEXT = WebhookSecret.generate();
    static final WebhookSecret SECRET_B = WebhookSecret.generate();
    static final String DEVICE = "31010400001190000001";
    static final String DEVICE_PASSWORD = "viid-s3cret";
    static final RetryConfig FAST = RetryConfig.custom().initialInterval(Duration.ofMillis(20)).maxInterval(Duration.ofMillis(300))
            .maxDuration(Duration.ofMinutes(5)).build();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    private Fixtures() { }

    /** Venue ktv-1 (district 徐汇区, secrets A and A-next: mid-rotation), bar-2 (静安区, secret B), one GA/T 1400 device in ktv-1. */
    static ObjectNode configJson(Path dataDir) {
        ObjectNode root = JSON.createObjectNode();
        root.put("listen", "127.0.0.1:0");
        root.put("dataDir", dataDir.toString());
        ArrayNode venues = root.putArray("venues");
        ObjectNode a = venues.addObject().put("id", "ktv-1").put("name", "星光KTV").put("district", "徐汇区");
        a.putArray("secrets").add(SECRET_A.reveal()).add(SECRET_A_NEXT.reveal());
        ObjectNode b = venues.addObject().put("id", "bar-2").put("name", "夜色酒吧").put("district", "静安区").put("ratePerSecond", 2);
        b.putArray("secrets").add(SECRET_B.reveal());
        root.putObject("gat1400").putArray("devices").addObject().put("deviceId", DEVICE).put("password", DEVICE_PASSWORD).put("venueId", "ktv-1");
        return root;
    }

    static RegulatorConfig config(Path dataDir) { return RegulatorConfig.parse(configJson(dataDir), dataDir); }

    static Venue venue(String id) {
        return new Venue(id, "Venue " + id, "KTV", "91310000MA1FL0XX1X", "上海市徐汇区漕溪北路 88 号");
    }

    static Alert minor(String id, String venueId) {
        return Alert.custom().id(id).type(AlertType.MINOR_ENTRY).venue(venue(venueId)).cameraId("cam-door-1")
                .time(Instant.now(), ZoneId.of("Asia/Shanghai")).decision("MINOR").ageInterval(13.5, 16.0).estimatedAge(14.7)
                .ruleApplied("未成年人保护法 第58条").build();
    }

    static void await(String what, BooleanSupplier done, Supplier<Object> state) {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("timed out waiting for " + what + "; state: " + state.get());
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    static HttpResponse<String> post(URI uri, byte[] body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofByteArray(body)).timeout(Duration.ofSeconds(20));
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(URI uri) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri).GET().timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Logs in to the console at {@code base} as the page does; returns the session cookie ({@code name=value}). */
    static String consoleLogin(URI base, String user, String password) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(base.resolve("/api/console/login")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Origin", base.toString())
                .POST(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode().put("user", user).put("password", password).toString()))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new AssertionError("console login as " + user + " refused: " + r.statusCode() + " " + r.body());
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow(() -> new AssertionError("no session cookie: " + r.headers()));
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    /** A console API call with the session cookie. */
    static HttpResponse<String> consoleGet(URI base, String path, String cookie) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).header("Cookie", cookie).GET().timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
