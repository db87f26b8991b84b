package org.entryguard.regulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.entryguard.alerts.DeliveryEvent;
import org.entryguard.alerts.Gat1400Sink;
import org.entryguard.regulator.store.StoredAlert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The view-library side against its first real client, the SDK's Gat1400Sink, and against hand-written requests
 * for what the sink never does wrong (written from GA/T 1400's Register/Keepalive/UnRegister/Faces and RFC 7616).
 */
class Gat1400IntakeTest {
    static final DateTimeFormatter SHOT = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    @TempDir Path dir;

    Gat1400Sink.Builder sink(RegulatorService s, String password) {
        return Gat1400Sink.custom().endpoint(s.uri()).deviceId(Fixtures.DEVICE).password(password).outboxDir(dir.resolve("outbox"))
                .retry(Fixtures.FAST).keepaliveInterval(Duration.ofMillis(300));
    }

    @Test
    void theSdkSinkRegistersWithDigestKeepsAliveAndItsFacesAreStoredOnceAsAlertsOfItsVenue() {
        try (RegulatorService s = RegulatorService.start(Fixtures.config(dir.resolve("data")))) {
            try (Gat1400Sink sink = sink(s, Fixtures.DEVICE_PASSWORD).build()) {
                // made once: the FaceID holds the shot second, so alerts rebuilt for the re-send could straddle one
                List<org.entryguard.alerts.Alert> alerts = new java.util.ArrayList<>();
                for (int i = 0; i < 10; i++) alerts.add(Fixtures.minor("g-" + i, "ktv-1"));
                for (org.entryguard.alerts.Alert a : alerts) sink.send(a);
                for (org.entryguard.alerts.Alert a : alerts) sink.send(a); // re-sent: same FaceIDs
                Fixtures.await("20 delivered", () -> sink.metrics().delivered() == 20, sink::metrics);
                assertTrue(sink.registered());
                assertTrue(s.gat1400().registered(Fixtures.DEVICE));
                long before = s.metrics().rejectedTotal();
                Fixtures.await("keepalives", () -> s.gat1400().registered(Fixtures.DEVICE), () -> "");
                try {
                    Thread.sleep(1000); // three keepalives pass under the session's digest without a new registration
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                assertTrue(sink.registered(), "keepalives keep the registration");
                assertEquals(before, s.metrics().rejectedTotal());
            }
            assertEquals(10, s.store().count(), "one row per FaceID however often it was pushed");
            StoredAlert a = s.store().find(org.entryguard.regulator.store.AlertFilter.newest(1)).get(0);
            assertEquals("gat1400", a.source());
            assertEquals("ktv-1", a.venueId());
            assertEquals("徐汇区", a.district());
            assertEquals("MINOR_ENTRY", a.type(), "AgeUpLimit 16 < 18");
            assertEquals(13.0, a.ageLow(), "floor of 13.5");
            assertEquals(16.0, a.ageHigh());
            assertTrue(a.id().matches("\\d{48}") && a.id().startsWith(Fixtures.DEVICE), a.id());
        }
    }

    @Test
    void aWrongPasswordNeverRegistersAndNothingIsStored() {
        try (RegulatorService s = RegulatorService.start(Fixtures.config(dir.resolve("data")))) {
            List<DeliveryEvent> events = new CopyOnWriteArrayList<>();
            try (Gat1400Sink sink = sink(s, "not-the-password").listener(events::add).build()) {
                sink.send(Fixtures.minor("w-1", "ktv-1"));
                Fixtures.await("a failed registration", () -> events.stream().anyMatch(e -> e.type() == DeliveryEvent.Type.REGISTRATION_FAILED), () -> events);
                assertFalse(sink.registered());
                assertEquals(1, sink.pendingCount(), "the alert stays in the device's outbox");
            }
            assertFalse(s.gat1400().registered(Fixtures.DEVICE));
            assertEquals(0, s.store().count());
            assertTrue(s.metrics().rejectedCount("digest_failed") >= 1);
        }
    }

    /** A hand-written GA/T 1400 client: challenge, digest, nonce counts. */
    static final class RawDevice {
        final URI base;
        String nonce;
        int nc;

        RawDevice(URI base) { this.base = base; }

        HttpResponse<String> post(String path, String body, int useNc) throws Exception {
            String auth = nonce == null ? null : digest(path, useNc);
            return auth == null
                    ? Fixtures.post(base.resolve(path), body.getBytes(StandardCharsets.UTF_8), "User-Identify", Fixtures.DEVICE, "content-type", "application/VIID+JSON")
                    : Fixtures.post(base.resolve(path), body.getBytes(StandardCharsets.UTF_8), "User-Identify", Fixtures.DEVICE,
                            "content-type", "application/VIID+JSON", "Authorization", auth);
        }

        void register(String password) throws Exception {
            String body = "{\"RegisterObject\":{\"DeviceID\":\"" + Fixtures.DEVICE + "\"}}";
            HttpResponse<String> first = post("/VIID/System/Register", body, 0);
            assertEquals(401, first.statusCode());
            String ch = first.headers().firstValue("www-authenticate").orElseThrow();
            assertTrue(ch.startsWith("Digest ") && ch.contains("qop=\"auth\""), ch);
            nonce = ch.replaceAll(".*nonce=\"([^\"]+)\".*", "$1");
            this.password = password;
            nc = 1;
            HttpResponse<String> second = post("/VIID/System/Register", body, nc);
            assertEquals(200, second.statusCode(), second.body());
            JsonNode st = Fixtures.JSON.readTree(second.body()).get("ResponseStatusObject");
            assertEquals(0, st.get("StatusCode").asInt());
            assertEquals("/VIID/System/Register", st.get("RequestURL").asText());
            assertEquals(Fixtures.DEVICE, st.get("Id").asText());
            assertTrue(st.get("LocalTime").asText().matches("\\d{14}"));
        }

        String password;

        String digest(String uri, int count) throws Exception {
            String ncs = String.format("%08x", count);
            String cnonce = "0a1b2c3d";
            String ha1 = md5(Fixtures.DEVICE + ":entryguard-viid:" + password);
            String ha2 = md5("POST:" + uri);
            String resp = md5(ha1 + ":" + nonce + ":" + ncs + ":" + cnonce + ":auth:" + ha2);
            return "Digest username=\"" + Fixtures.DEVICE + "\", realm=\"entryguard-viid\", nonce=\"" + nonce + "\", uri=\"" + uri
                    + "\", response=\"" + resp + "\", qop=auth, nc=" + ncs + ", cnonce=\"" + cnonce + "\", algorithm=MD5";
        }

        static String md5(String s) throws Exception {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        }
    }

    static String face(String seq, String shot, Integer low, Integer high, String image) {
        String source = Fixtures.DEVICE + "02" + shot + seq;
        ObjectNode root = Fixtures.JSON.createObjectNode();
        ObjectNode f = root.putObject("FaceListObject").putArray("FaceObject").addObject();
        f.put("FaceID", source + "06" + "00001").put("InfoKind", 1).put("SourceID", source).put("DeviceID", Fixtures.DEVICE).put("ShotTime", shot);
        if (low != null) f.put("AgeLowerLimit", low).put("AgeUpLimit", high);
        if (image != null) f.putObject("SubImageList").putArray("SubImageInfoObject").addObject().put("Type", "11").put("Data", image);
        return root.toString();
    }

    @Test
    void handWrittenDeviceCoversAgeRulesImagesReplayUnregisterAndBadInput() throws Exception {
        ObjectNode cfg = Fixtures.configJson(dir.resolve("data"));
        try (RegulatorService s = RegulatorService.start(RegulatorConfig.parse(cfg, dir))) {
            RawDevice d = new RawDevice(s.uri());
            // Faces before registering: a challenge, nothing stored
            String shot = LocalDateTime.now().format(SHOT);
            assertEquals(401, d.post("/VIID/Faces", face("00001", shot, 12, 15, null), 0).statusCode());
            d.register(Fixtures.DEVICE_PASSWORD);
            // the captured Register (nc 1 under this nonce) replayed: refused, the session is not renewed by it
            assertEquals(401, d.post("/VIID/System/Register", "{\"RegisterObject\":{\"DeviceID\":\"" + Fixtures.DEVICE + "\"}}", 1).statusCode());
            assertEquals(1, s.metrics().rejectedCount("digest_replay"));
            d.register(Fixtures.DEVICE_PASSWORD);

            HttpResponse<String> minor = d.post("/VIID/Faces", face("00001", shot, 12, 15, "AAECAw=="), ++d.nc);
            assertEquals(200, minor.statusCode(), minor.body());
            JsonNode st = Fixtures.JSON.readTree(minor.body()).get("ResponseStatusListObject").get("ResponseStatusObject").get(0);
            assertEquals(0, st.get("StatusCode").asInt());
            String minorId = st.get("Id").asText();
            assertEquals("MINOR_ENTRY", s.store().get(minorId).orElseThrow().type());
            assertTrue(s.store().image(minorId).isEmpty(), "storeImages is off: the image is dropped");

            HttpResponse<String> unsure = d.post("/VIID/Faces", face("00002", shot, 16, 22, null), ++d.nc);
            String unsureId = Fixtures.JSON.readTree(unsure.body()).at("/ResponseStatusListObject/ResponseStatusObject/0/Id").asText();
            assertEquals("CHECK_ID_UNRESOLVED", s.store().get(unsureId).orElseThrow().type());

            HttpResponse<String> adult = d.post("/VIID/Faces", face("00003", shot, 25, 35, null), ++d.nc);
            assertEquals(0, Fixtures.JSON.readTree(adult.body()).at("/ResponseStatusListObject/ResponseStatusObject/0/StatusCode").asInt());
            assertEquals(2, s.store().count(), "an adult face is acknowledged but not stored");

            // invalid content: code 8 for that FaceObject, nothing stored
            HttpResponse<String> bad = d.post("/VIID/Faces", face("00004", shot, 15, 12, null), ++d.nc);
            assertEquals(8, Fixtures.JSON.readTree(bad.body()).at("/ResponseStatusListObject/ResponseStatusObject/0/StatusCode").asInt());
            assertTrue(bad.body().contains("above AgeUpLimit"), bad.body());
            // invalid JSON: HTTP 400 with StatusCode 7
            HttpResponse<String> junk = d.post("/VIID/Faces", "{not json", ++d.nc);
            assertEquals(400, junk.statusCode());
            assertEquals(7, Fixtures.JSON.readTree(junk.body()).at("/ResponseStatusObject/StatusCode").asInt());
            // a replayed nonce count: refused with a fresh challenge
            HttpResponse<String> replay = d.post("/VIID/Faces", face("00005", shot, 10, 12, null), d.nc);
            assertEquals(401, replay.statusCode());
            assertEquals(2, s.metrics().rejectedCount("digest_replay"));
            assertEquals(2, s.store().count());

            // register again, keepalive, unregister; afterwards Faces need a new registration
            d.register(Fixtures.DEVICE_PASSWORD);
            String ka = "{\"KeepaliveObject\":{\"DeviceID\":\"" + Fixtures.DEVICE + "\"}}";
            assertEquals(200, d.post("/VIID/System/Keepalive", ka, ++d.nc).statusCode());
            HttpResponse<String> un = d.post("/VIID/System/UnRegister", "{\"UnRegisterObject\":{\"DeviceID\":\"" + Fixtures.DEVICE + "\"}}", ++d.nc);
            assertEquals(200, un.statusCode(), un.body());
            assertFalse(s.gat1400().registered(Fixtures.DEVICE));
            assertEquals(401, d.post("/VIID/System/Keepalive", ka, ++d.nc).statusCode());

            // unknown device
            HttpResponse<String> stranger = Fixtures.post(s.uri().resolve("/VIID/System/Register"),
                    "{\"RegisterObject\":{\"DeviceID\":\"99999999999999999999\"}}".getBytes(), "User-Identify", "99999999999999999999");
            assertEquals(403, stranger.statusCode());
            assertEquals(4, Fixtures.JSON.readTree(stranger.body()).at("/ResponseStatusObject/StatusCode").asInt());
            // the time resource
            JsonNode time = Fixtures.JSON.readTree(Fixtures.get(s.uri().resolve("/VIID/System/Time")).body());
            assertNotNull(time.at("/SystemTimeObject/LocalTime").asText(null));
        }
    }

    @Test
    void imagesAreKeptOnlyWhenTheOperatorTurnsStorageOn() throws Exception {
        ObjectNode cfg = Fixtures.configJson(dir.resolve("data"));
        cfg.put("storeImages", true);
        try (RegulatorService s = RegulatorService.start(RegulatorConfig.parse(cfg, dir))) {
            RawDevice d = new RawDevice(s.uri());
            d.register(Fixtures.DEVICE_PASSWORD);
            String shot = LocalDateTime.now().format(SHOT);
            HttpResponse<String> r = d.post("/VIID/Faces", face("00009", shot, 12, 15, "AAECAw=="), ++d.nc);
            String id = Fixtures.JSON.readTree(r.body()).at("/ResponseStatusListObject/ResponseStatusObject/0/Id").asText();
            Fixtures.await("stored", () -> s.store().get(id).isPresent(), () -> r.body());
            assertEquals(List.of(0, 1, 2, 3), toList(s.store().image(id).orElseThrow()));
            assertEquals(1, s.store().purgeImages(java.time.Instant.now().plusSeconds(1)), "retention removes it");
            assertTrue(s.store().image(id).isEmpty());
        }
    }

    static List<Integer> toList(byte[] b) {
        List<Integer> out = new java.util.ArrayList<>();
        for (byte x : b) out.add((int) x);
        return out;
    }
}
