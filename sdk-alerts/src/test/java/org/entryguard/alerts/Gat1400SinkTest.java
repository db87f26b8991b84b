package org.entryguard.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.entryguard.alerts.internal.DigestAuth;
import org.entryguard.alerts.internal.ViidCodec;
import org.entryguard.core.EntryGuardException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Gat1400SinkTest {
    static final String DEVICE = "31010400001190000001";
    static final String PASSWORD = "s3cret-viid";

    @TempDir Path dir;
    final List<DeliveryEvent> events = new CopyOnWriteArrayList<>();

    Gat1400Sink.Builder sink(URI endpoint) {
        return Gat1400Sink.custom().endpoint(endpoint).deviceId(DEVICE).password(PASSWORD).outboxDir(dir.resolve("outbox"))
                .retry(WebhookSinkTest.FAST).keepaliveInterval(Duration.ofHours(1)).listener(events::add);
    }

    long count(DeliveryEvent.Type t) { return events.stream().filter(e -> e.type() == t).count(); }

    @Test
    void registersWithDigestThenPostsFaceObjectsTheViewLibraryAccepts() {
        try (ViidTestServer server = new ViidTestServer(DEVICE, PASSWORD);
             Gat1400Sink sink = sink(server.uri()).build()) {
            for (int i = 0; i < 5; i++) sink.send(TestAlerts.minorEntry("g-" + i));
            Await.until("5 delivered", () -> sink.metrics().delivered() == 5, sink::metrics);
            assertEquals(5, server.faces.size());
            server.faces.values().forEach(n -> assertEquals(1, n.get()));
            assertEquals(1, server.registrations.get(), "registered once, then reused the session");
            assertTrue(sink.registered());
            assertEquals(1, count(DeliveryEvent.Type.REGISTERED));

            // The handshake: Register without credentials -> 401 Digest challenge -> Register with Authorization -> 200.
            List<ViidTestServer.Seen> reg = server.seen.stream().filter(s -> s.path().equals("/VIID/System/Register")).toList();
            assertEquals(401, reg.get(0).status());
            assertNull(reg.get(0).headers().get("authorization"));
            assertEquals(200, reg.get(1).status());
            String auth = reg.get(1).headers().get("authorization");
            assertTrue(auth.startsWith("Digest username=\"" + DEVICE + "\""), auth);
            assertTrue(auth.contains("qop=auth") && auth.contains("nc=00000001") && auth.contains("cnonce=") && auth.contains("uri=\"/VIID/System/Register\""), auth);
            assertEquals("{\"RegisterObject\":{\"DeviceID\":\"" + DEVICE + "\"}}", reg.get(1).body());

            ViidTestServer.Seen faces = server.seen.stream().filter(s -> s.path().equals("/VIID/Faces")).findFirst().orElseThrow();
            assertEquals("application/VIID+JSON;charset=UTF-8", faces.headers().get("content-type"));
            assertEquals(DEVICE, faces.headers().get("user-identify"));
            assertTrue(faces.headers().get("authorization").contains("uri=\"/VIID/Faces\""));

            JsonNode f = server.faceObjects.stream().filter(n -> n.get("FaceID").asText().equals(faceIdOf("g-0"))).findFirst().orElseThrow();
            assertEquals(1, f.get("InfoKind").asInt());
            assertEquals(DEVICE, f.get("DeviceID").asText());
            assertEquals("20250719211503", f.get("ShotTime").asText(), "local time of the venue, yyyyMMddHHmmss");
            assertEquals(13, f.get("AgeLowerLimit").asInt(), "floor(13.5)");
            assertEquals(16, f.get("AgeUpLimit").asInt(), "ceil(16.0)");
            assertEquals(48, f.get("FaceID").asText().length());
            assertEquals(41, f.get("SourceID").asText().length());
            assertTrue(f.get("SourceID").asText().startsWith(DEVICE + "02" + "20250719211503"));
            assertEquals(f.get("SourceID").asText() + "0600001", f.get("FaceID").asText());
            assertFalse(f.has("IsSuspectedTerrorist"), "flags an age check knows nothing about are left out by default");
            assertEquals(0, sink.pendingCount());
        }
    }

    static String faceIdOf(String alertId) {
        return ViidCodec.faceId(ViidCodec.sourceId(DEVICE, TestAlerts.TIME, alertId));
    }

    @Test
    void theSameAlertKeepsItsFaceIdSoTheViewLibraryCanDeduplicate() {
        assertEquals(faceIdOf("same"), faceIdOf("same"));
        assertFalse(faceIdOf("same").equals(faceIdOf("other")));
        assertTrue(faceIdOf("x").matches("\\d{48}"));
    }

    @Test
    void serverRestartForgetsTheRegistrationAndTheSinkRegistersAgain() {
        try (ViidTestServer server = new ViidTestServer(DEVICE, PASSWORD);
             Gat1400Sink sink = sink(server.uri()).build()) {
            sink.send(TestAlerts.minorEntry("before"));
            Await.until("first delivered", () -> sink.metrics().delivered() == 1, sink::metrics);
            server.restart();
            int restartedAt = server.seen.size();
            sink.send(TestAlerts.minorEntry("after"));
            Await.until("second delivered", () -> sink.metrics().delivered() == 2, sink::metrics);
            assertEquals(2, server.registrations.get(), "registered again after the restart");
            assertEquals(Map.of(faceIdOf("before"), 1, faceIdOf("after"), 1),
                    Map.copyOf(server.faces.entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get()))));
            // Depending on timing the sink either learns of the restart from a 401 on Faces, or from the dropped
            // keep-alive connection; either way the restarted server must see a successful Register before it
            // accepts a Faces request.
            var after = server.seen.subList(restartedAt, server.seen.size());
            int register = -1;
            int faces = -1;
            for (int i = 0; i < after.size(); i++) {
                var s = after.get(i);
                if (register < 0 && s.path().equals("/VIID/System/Register") && s.status() == 200) register = i;
                if (faces < 0 && s.path().equals("/VIID/Faces") && s.status() == 200) faces = i;
            }
            assertTrue(register >= 0 && faces > register, "Register must succeed before Faces after a restart: " + after);
        }
    }

    @Test
    void keepalivesRunPeriodicallyAndAFailedOneRegistersAgain() {
        try (ViidTestServer server = new ViidTestServer(DEVICE, PASSWORD);
             Gat1400Sink sink = sink(server.uri()).keepaliveInterval(Duration.ofMillis(100)).build()) {
            Await.until("keepalives", () -> server.keepalives.get() >= 3, () -> server.seen);
            assertEquals(1, server.registrations.get());
            ViidTestServer.Seen k = server.seen.stream().filter(s -> s.path().equals("/VIID/System/Keepalive")).findFirst().orElseThrow();
            assertEquals("{\"KeepaliveObject\":{\"DeviceID\":\"" + DEVICE + "\"}}", k.body());
            server.restart();
            Await.until("registered again by the keepalive", () -> server.registrations.get() == 2, () -> events);
            assertTrue(count(DeliveryEvent.Type.KEEPALIVE_FAILED) >= 1);
            DeliveryEvent e = events.stream().filter(x -> x.type() == DeliveryEvent.Type.KEEPALIVE_FAILED).findFirst().orElseThrow();
            assertNull(e.alertId());
            assertEquals(-1, e.sequence());
        }
    }

    @Test
    void aWrongPasswordIsReportedClearlyAndAlertsStayInTheOutbox() {
        try (ViidTestServer server = new ViidTestServer(DEVICE, "the-real-password")) {
            try (Gat1400Sink sink = sink(server.uri()).build()) {
                sink.send(TestAlerts.minorEntry("w-1"));
                sink.send(TestAlerts.minorEntry("w-2"));
                Await.until("registration failed", () -> count(DeliveryEvent.Type.REGISTRATION_FAILED) >= 1, () -> events);
                Await.until("retries scheduled", () -> sink.metrics().retried() >= 2, sink::metrics);
                DeliveryEvent failed = events.stream().filter(e -> e.type() == DeliveryEvent.Type.REGISTRATION_FAILED).findFirst().orElseThrow();
                assertTrue(failed.detail().contains("refused the credentials") && failed.detail().contains("password")
                        && failed.detail().contains(DEVICE), failed.detail());
                assertTrue(events.stream().anyMatch(e -> e.type() == DeliveryEvent.Type.RETRY_SCHEDULED && e.detail().contains("credentials")),
                        "the per-alert retry says why too: " + events);
                assertEquals(2, sink.pendingCount());
                assertEquals(0, sink.metrics().delivered());
                assertFalse(sink.registered());
                assertTrue(server.faces.isEmpty());
            }
            // Fixed password: the queued alerts go out after a restart of the sink.
            try (Gat1400Sink sink = sink(server.uri()).password("the-real-password").build()) {
                Await.until("delivered after the fix", () -> sink.metrics().delivered() == 2, sink::metrics);
                assertEquals(2, server.faces.size());
            }
        }
    }

    @Test
    void statusCodesRetryOrDeadLetterAsDocumented() throws Exception {
        try (ViidTestServer server = new ViidTestServer(DEVICE, PASSWORD);
             Gat1400Sink sink = sink(server.uri()).maxInFlight(1).build()) {
            server.faceStatusScript.add(2); // Device Busy: retry
            server.faceStatusScript.add(9); // Reboot: retry
            sink.send(TestAlerts.minorEntry("busy"));
            Await.until("delivered after busy/reboot", () -> sink.metrics().delivered() == 1, sink::metrics);
            assertEquals(2, sink.metrics().retried());
            assertTrue(events.stream().anyMatch(e -> e.type() == DeliveryEvent.Type.RETRY_SCHEDULED && e.detail().contains("StatusCode 2 (Device Busy")));

            // issue 16 item 4: one StatusCode 7 no longer dead-letters at once; it is retried
            server.faceStatusScript.add(7);
            sink.send(TestAlerts.minorEntry("seven-once"));
            Await.until("delivered after one StatusCode 7", () -> sink.metrics().delivered() == 2, sink::metrics);
            assertEquals(0, sink.metrics().dead());

            // Invalid JSON Content every time: dead-lettered after REFUSED_ATTEMPTS answers
            for (int i = 0; i < 5; i++) server.faceStatusScript.add(8);
            sink.send(TestAlerts.minorEntry("invalid"));
            Await.until("dead-lettered", () -> sink.metrics().dead() == 1, sink::metrics);
            assertEquals(0, sink.pendingCount());
            List<String> lines = Files.readAllLines(dir.resolve("outbox/dead-letter.jsonl"));
            assertEquals(1, lines.size());
            JsonNode n = new ObjectMapper().readTree(lines.get(0));
            assertEquals("invalid", n.get("alertId").asText());
            assertTrue(n.get("lastError").asText().contains("StatusCode 8 (Invalid JSON Content"), n.toString());
            assertEquals(TestAlerts.minorEntry("invalid"), Alert.fromJson(new ObjectMapper().writeValueAsBytes(n.get("alert"))));
        }
    }

    @Test
    void aViewLibraryThatAnswers401ToEveryFacesGetsNoRegisterStorm() throws Exception {
        RetryConfig retry = RetryConfig.custom().initialInterval(Duration.ofMillis(500)).maxInterval(Duration.ofSeconds(30))
                .maxDuration(Duration.ofHours(1)).build();
        try (ViidTestServer server = new ViidTestServer(DEVICE, PASSWORD)) {
            server.facesAlways401 = true;
            try (Gat1400Sink sink = sink(server.uri()).retry(retry).build()) {
                for (int i = 0; i < 20; i++) sink.send(TestAlerts.minorEntry("storm-" + i));
                Thread.sleep(6_000);
                long register = server.seen.stream().filter(x -> x.path().equals("/VIID/System/Register")).count();
                long faces = server.seen.stream().filter(x -> x.path().equals("/VIID/Faces")).count();
                System.out.println("GAT1400 401-storm: 20 alerts, 6 s: " + register + " Register + " + faces + " Faces requests");
                // before the fix: every attempt of every alert registered twice (hundreds in 6 s); now the registration
                // backoff doubles from 0.5 s: about 5 rounds of (challenge + answer) x 2 and 2 Faces
                assertTrue(register <= 30, register + " Register requests");
                assertTrue(faces <= 20, faces + " Faces requests");
                assertEquals(20, sink.pendingCount(), "alerts kept");
            }
        }
    }

    @Test
    void aDigestChallengeWithoutQopIsRefusedAsADowngrade() throws Exception {
        try (ViidTestServer server = new ViidTestServer(DEVICE, PASSWORD)) {
            server.challengeWithoutQop = true;
            try (Gat1400Sink sink = sink(server.uri()).build()) {
                sink.send(TestAlerts.minorEntry("downgrade"));
                Await.until("registration refused", () -> events.stream().anyMatch(e -> e.type() == DeliveryEvent.Type.REGISTRATION_FAILED), () -> events);
                String why = events.stream().filter(e -> e.type() == DeliveryEvent.Type.REGISTRATION_FAILED).findFirst().orElseThrow().detail();
                assertTrue(why.contains("no qop") && why.contains("downgrade"), why);
                assertTrue(server.seen.stream().noneMatch(x -> x.headers().containsKey("authorization")),
                        "no Digest answer was computed for the downgraded challenge");
                assertEquals(0, server.registrations.get());
            }
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DigestAuth.Challenge.parse("Digest realm=\"r\", nonce=\"n\""));
        assertTrue(e.getMessage().contains("RFC 2069"), e.getMessage());
    }

    @Test
    void undeterminedFlagsAreSentOnlyWhenAskedFor() throws Exception {
        JsonNode f = new ObjectMapper().readTree(ViidCodec.faces(TestAlerts.minorEntry("u"), DEVICE, true))
                .get("FaceListObject").get("FaceObject").get(0);
        assertEquals(2, f.get("IsSuspectedTerrorist").asInt());
        assertEquals(2, f.get("IsSuspiciousPerson").asInt());
        JsonNode none = new ObjectMapper().readTree(ViidCodec.faces(Alert.from(TestAlerts.cameraDown("c")).type(AlertType.CHECK_ID_UNRESOLVED).build(), DEVICE, false))
                .get("FaceListObject").get("FaceObject").get(0);
        assertFalse(none.has("AgeLowerLimit"), "no age estimated: no age limits");
    }

    @Test
    void cameraDownAndBadDeviceIdsAreRefusedWithAReason() {
        try (ViidTestServer server = new ViidTestServer(DEVICE, PASSWORD);
             Gat1400Sink sink = sink(server.uri()).build()) {
            String m = assertThrows(EntryGuardException.class, () -> sink.send(TestAlerts.cameraDown("cd"))).getMessage();
            assertTrue(m.contains("CAMERA_DOWN") && m.contains("WebhookSink"), m);
            assertEquals(0, sink.pendingCount());
        }
        String m = assertThrows(IllegalArgumentException.class, () -> sink(URI.create("http://x")).deviceId("3101040000119").build()).getMessage();
        assertTrue(m.contains("13 characters") && m.contains("20 digits") && m.contains("administrative division"), m);
        m = assertThrows(IllegalArgumentException.class, () -> sink(URI.create("http://x")).deviceId("3101040000119000000A").build()).getMessage();
        assertTrue(m.contains("'A' at position 20"), m);
        m = assertThrows(IllegalArgumentException.class, () -> sink(URI.create("http://x")).password(null).build()).getMessage();
        assertTrue(m.contains("password"), m);
        m = assertThrows(IllegalArgumentException.class, () -> Gat1400Sink.custom().deviceId(DEVICE).build()).getMessage();
        assertTrue(m.contains("view library"), m);
    }

    @Test
    void sharedDeliverySettingsAreCheckedWithTheSinksName() {
        // the outbox/timeout/in-flight checks are shared with WebhookSink (DeliverySettings); each names its sink
        String m = assertThrows(IllegalArgumentException.class, () -> sink(URI.create("http://x")).outboxDir(null).build()).getMessage();
        assertTrue(m.startsWith("GA/T 1400 sink needs an outbox folder"), m);
        m = assertThrows(IllegalArgumentException.class, () -> sink(URI.create("http://x")).maxInFlight(0).build()).getMessage();
        assertTrue(m.contains("maxInFlight 0 must be in 1..64"), m);
        m = assertThrows(IllegalArgumentException.class, () -> sink(URI.create("http://x")).readTimeout(Duration.ZERO).build()).getMessage();
        assertTrue(m.contains("readTimeout must be a positive duration"), m);
        m = assertThrows(IllegalArgumentException.class, () -> sink(URI.create("http://x")).keepaliveInterval(Duration.ofSeconds(-1)).build())
                .getMessage();
        assertTrue(m.contains("keepaliveInterval must be a positive duration"), m);
        m = assertThrows(IllegalArgumentException.class, () -> WebhookSink.custom().endpoint(URI.create("http://x"))
                .secret(WebhookSecret.generate()).build()).getMessage();
        assertTrue(m.startsWith("webhook sink needs an outbox folder"), m);
        m = assertThrows(IllegalArgumentException.class, () -> WebhookSink.custom().endpoint(URI.create("http://x"))
                .secret(WebhookSecret.generate()).outboxDir(dir.resolve("w")).connectTimeout(Duration.ofMillis(-5)).build()).getMessage();
        assertTrue(m.contains("connectTimeout must be a positive duration"), m);
    }

    @Test
    void digestMatchesTheRfc2617Example() {
        // RFC 2617 section 3.5: the request digest for Mufasa / "Circle Of Life" is 6629fae49393a05397450978507c4ef1.
        DigestAuth.Challenge c = DigestAuth.Challenge.parse("Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\","
                + " nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"");
        assertEquals("auth", c.qop());
        assertEquals("5ccc069c403ebaf9f0171e9517f40e41", c.opaque());
        assertEquals("6629fae49393a05397450978507c4ef1",
                DigestAuth.response(c, "Mufasa", "Circle Of Life", "GET", "/dir/index.html", "00000001", "0a4f113b"));
        String m = assertThrows(IllegalArgumentException.class, () -> DigestAuth.Challenge.parse("Basic realm=\"x\"")).getMessage();
        assertTrue(m.contains("not a Digest challenge"), m);
    }

    @Test
    void responseStatusListsAndSingleObjectsAreRead() throws Exception {
        List<ViidCodec.Status> s = ViidCodec.statuses(("{\"ResponseStatusListObject\":{\"ResponseStatusObject\":[{\"RequestURL\":\"/VIID/Faces\","
                + "\"StatusCode\":\"0\",\"StatusString\":\"OK\",\"Id\":\"1\"},{\"StatusCode\":4,\"StatusString\":\"bad\"}]}}").getBytes());
        assertEquals(0, s.get(0).code());
        assertEquals(4, s.get(1).code());
        assertEquals("StatusCode 4 (Invalid Operation: bad)", s.get(1).describe());
        assertEquals(2, ViidCodec.statuses("{\"ResponseStatusObject\":{\"StatusCode\":\"2\"}}".getBytes()).get(0).code());
        assertThrows(java.io.IOException.class, () -> ViidCodec.statuses("<html>".getBytes()));
    }
}
