package org.entryguard.regulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.entryguard.alerts.Alert;
import org.entryguard.alerts.WebhookSecret;
import org.entryguard.alerts.WebhookSigner;
import org.entryguard.alerts.WebhookSink;
import org.entryguard.regulator.store.AlertFilter;
import org.entryguard.regulator.store.Handling;
import org.entryguard.regulator.store.StoredAlert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real gateways' path: the SDK's WebhookSink posting signed alerts to the running service over HTTP, stored in H2. */
class WebhookIntakeTest {
    @TempDir Path dir;

    WebhookSink.Builder sink(RegulatorService s, String venue, WebhookSecret secret, String outbox) {
        return WebhookSink.custom().endpoint(s.webhookUri(venue)).secret(secret).outboxDir(dir.resolve(outbox)).retry(Fixtures.FAST);
    }

    @Test
    void signedAlertsFromTheSdkSinkAreStoredOnceEachWithVenueDistrictAndReason() throws Exception {
        try (RegulatorService s = RegulatorService.start(Fixtures.config(dir.resolve("data")))) {
            List<StoredAlert> fed = new CopyOnWriteArrayList<>();
            s.feed().subscribe(fed::add);
            try (WebhookSink sink = sink(s, "ktv-1", Fixtures.SECRET_A, "o1").build()) {
                for (int i = 0; i < 20; i++) sink.send(Fixtures.minor("a-" + i, "ktv-1"));
                // at-least-once in: the same alerts again (a gateway restart re-sending its outbox)
                for (int i = 0; i < 20; i++) sink.send(Fixtures.minor("a-" + i, "ktv-1"));
                Fixtures.await("40 delivered", () -> sink.metrics().delivered() == 40, sink::metrics);
            }
            assertEquals(20, s.store().count(), "exactly one row per alert id");
            assertEquals(20, fed.size(), "the feed hears of each stored alert once");
            assertEquals(20, s.metrics().duplicatesCount());
            StoredAlert a = s.store().get("a-3").orElseThrow();
            assertEquals("ktv-1", a.venueId());
            assertEquals("星光KTV", a.venueName(), "the name the bureau registered, not the gateway's");
            assertEquals("徐汇区", a.district());
            assertEquals("MINOR_ENTRY", a.type());
            assertEquals("MINOR", a.decision());
            assertEquals("未成年人保护法 第58条", a.rule());
            assertEquals(13.5, a.ageLow());
            assertEquals(16.0, a.ageHigh());
            assertTrue(a.reason().contains("estimated age 14.7") && a.reason().contains("cam-door-1"), a.reason());
            assertEquals(Handling.NEW, a.handling());
            assertEquals("webhook", a.source());
            // owner-only data folder and files
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("data"))));
            try (var files = Files.list(dir.resolve("data"))) {
                files.filter(Files::isRegularFile).forEach(f -> {
                    try {
                        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), f.toString());
                    } catch (java.io.IOException e) {
                        throw new AssertionError(e);
                    }
                });
            }
        }
    }

    @Test
    void rotationAcceptsBothSecretsOfAVenueAndNeitherOfAnother() throws Exception {
        try (RegulatorService s = RegulatorService.start(Fixtures.config(dir.resolve("data")));
             WebhookSink old = sink(s, "ktv-1", Fixtures.SECRET_A, "o1").build();
             WebhookSink next = sink(s, "ktv-1", Fixtures.SECRET_A_NEXT, "o2").build()) {
            old.send(Fixtures.minor("old-1", "ktv-1"));
            next.send(Fixtures.minor("next-1", "ktv-1"));
            Fixtures.await("both delivered", () -> old.metrics().delivered() == 1 && next.metrics().delivered() == 1, () -> s.metrics().scrape());
            assertTrue(s.store().get("old-1").isPresent());
            assertTrue(s.store().get("next-1").isPresent());
            // bar-2's secret does not open ktv-1's URL
            HttpResponse<String> r = signedPost(s, "ktv-1", Fixtures.SECRET_B, Fixtures.minor("x-1", "ktv-1"), Instant.now().getEpochSecond());
            assertEquals(401, r.statusCode(), r.body());
            assertTrue(r.body().contains("bad_signature"), r.body());
            assertFalse(s.store().get("x-1").isPresent());
        }
    }

    @Test
    void forgedStaleReplayedMalformedAndMisaddressedRequestsGetTheirStatusAndReasonAndAreNeverStored() throws Exception {
        try (RegulatorService s = RegulatorService.start(Fixtures.config(dir.resolve("data")))) {
            long now = Instant.now().getEpochSecond();
            Alert good = Fixtures.minor("good-1", "ktv-1");
            assertEquals(200, signedPost(s, "ktv-1", Fixtures.SECRET_A, good, now).statusCode());

            // replay of the very same signed request inside the window: answered duplicate, not stored again
            HttpResponse<String> replay = signedPost(s, "ktv-1", Fixtures.SECRET_A, good, now);
            assertEquals(200, replay.statusCode());
            assertTrue(replay.body().contains("duplicate"), replay.body());
            // replay outside the window
            assertReject(signedPost(s, "ktv-1", Fixtures.SECRET_A, Fixtures.minor("stale-1", "ktv-1"), now - 3600), 401, "stale_timestamp");
            // forged: signed with a secret nobody issued
            assertReject(signedPost(s, "ktv-1", WebhookSecret.generate(), Fixtures.minor("forged-1", "ktv-1"), now), 401, "bad_signature");
            // body altered after signing
            byte[] body = Fixtures.minor("altered-1", "ktv-1").toJson();
            String sig = WebhookSigner.of(Fixtures.SECRET_A).signature("altered-1", now, body);
            body[body.length - 2] ^= 1;
            assertReject(Fixtures.post(s.webhookUri("ktv-1"), body, "webhook-id", "altered-1", "webhook-timestamp", "" + now,
                    "webhook-signature", sig, "content-type", "application/json"), 401, "bad_signature");
            // headers missing
            assertReject(Fixtures.post(s.webhookUri("ktv-1"), good.toJson(), "content-type", "application/json"), 400, "missing_header");
            // unknown venue
            assertReject(signedPost(s, "nowhere", Fixtures.SECRET_A, Fixtures.minor("nv-1", "nowhere"), now), 404, "unknown_venue");
            // venue A's secret, venue B in the body, posted to A's URL
            assertReject(signedPost(s, "ktv-1", Fixtures.SECRET_A, Fixtures.minor("vm-1", "bar-2"), now), 403, "venue_mismatch");
            // signed garbage
            byte[] junk = "{\"not\":\"an alert\"}".getBytes();
            assertReject(Fixtures.post(s.webhookUri("ktv-1"), junk, "webhook-id", "junk-1", "webhook-timestamp", "" + now,
                    "webhook-signature", WebhookSigner.of(Fixtures.SECRET_A).signature("junk-1", now, junk)), 400, "bad_alert");
            // webhook-id differs from the body's id
            byte[] other = Fixtures.minor("body-id", "ktv-1").toJson();
            assertReject(Fixtures.post(s.webhookUri("ktv-1"), other, "webhook-id", "header-id", "webhook-timestamp", "" + now,
                    "webhook-signature", WebhookSigner.of(Fixtures.SECRET_A).signature("header-id", now, other)), 400, "id_mismatch");
            // not a webhook path at all
            assertReject(Fixtures.post(s.uri().resolve("/admin"), junk), 404, "unknown_path");
            // a body over the cap
            assertEquals(413, Fixtures.post(s.webhookUri("ktv-1"), new byte[5 << 20]).statusCode());

            assertEquals(1, s.store().count(), "only the one good alert is stored");
            assertEquals(1, s.metrics().rejectedCount("stale_timestamp"));
            assertEquals(2, s.metrics().rejectedCount("bad_signature"));
            String metrics = Fixtures.get(s.uri().resolve("/metrics")).body();
            assertTrue(metrics.contains("regulator_requests_rejected_total{reason=\"bad_signature\"} 2.0"), metrics);
            assertTrue(metrics.contains("regulator_request_to_visible_seconds_bucket"), metrics);
        }
    }

    @Test
    void aVenueOverItsRateGets429WithRetryAfterAndTheSinkDeliversEverythingLater() throws Exception {
        try (RegulatorService s = RegulatorService.start(Fixtures.config(dir.resolve("data")))) {
            long now = Instant.now().getEpochSecond();
            int limited = 0;
            for (int i = 0; i < 10; i++) {
                HttpResponse<String> r = signedPost(s, "bar-2", Fixtures.SECRET_B, Fixtures.minor("burst-" + i, "bar-2"), now);
                if (r.statusCode() == 429) {
                    limited++;
                    assertTrue(r.headers().firstValue("retry-after").isPresent());
                }
            }
            assertTrue(limited >= 5, "bar-2 may send 2/s with a burst of 4; " + limited + " of 10 were limited");
            assertEquals(limited, s.metrics().rejectedCount("rate_limited"));
            assertEquals(10 - limited, s.store().find(AlertFilter.newest(100)).size());
            // ktv-1 is not affected by bar-2's flood
            assertEquals(200, signedPost(s, "ktv-1", Fixtures.SECRET_A, Fixtures.minor("calm-1", "ktv-1"), now).statusCode());
        }
    }

    @Test
    void aClientThatDribblesItsRequestIsCutOffAtTheDeadlineAndOthersAreServed() throws Exception {
        var json = Fixtures.configJson(dir.resolve("data"));
        json.putObject("webhook").put("requestDeadlineMillis", 500);
        try (RegulatorService s = RegulatorService.start(RegulatorConfig.parse(json, dir));
             java.net.Socket slow = new java.net.Socket("127.0.0.1", s.uri().getPort())) {
            slow.setSoTimeout(5000);
            var out = slow.getOutputStream();
            out.write("POST /webhooks/ktv-1 HTTP/1.1\r\nHost: x\r\n".getBytes());
            out.flush();
            long t0 = System.nanoTime();
            int read = slow.getInputStream().read(); // the server closes: -1
            long waitedMs = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(-1, read);
            assertTrue(waitedMs < 4000, "closed after the deadline, not the 60 s idle timeout: " + waitedMs + " ms");
            assertEquals(1, s.metrics().rejectedCount("request_timeout"));
            assertEquals(200, signedPost(s, "ktv-1", Fixtures.SECRET_A, Fixtures.minor("after-slow", "ktv-1"), Instant.now().getEpochSecond()).statusCode());
        }
    }

    static HttpResponse<String> signedPost(RegulatorService s, String venuePath, WebhookSecret secret, Alert a, long ts) throws Exception {
        byte[] body = a.toJson();
        return Fixtures.post(s.webhookUri(venuePath), body, "webhook-id", a.id(), "webhook-timestamp", Long.toString(ts),
                "webhook-signature", WebhookSigner.of(secret).signature(a.id(), ts, body), "content-type", "application/json");
    }

    static void assertReject(HttpResponse<String> r, int status, String reason) {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"reason\":\"" + reason + "\""), r.body());
    }
}
