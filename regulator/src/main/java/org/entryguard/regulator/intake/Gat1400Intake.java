package org.entryguard.regulator.intake;

import java.io.IOException;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.netty.handler.codec.http.HttpHeaders;

import org.entryguard.regulator.RegulatorConfig;
import org.entryguard.regulator.RegulatorMetrics;
import org.entryguard.regulator.bus.AlertBus;
import org.entryguard.regulator.bus.VerifiedAlert;
import org.entryguard.regulator.store.Handling;
import org.entryguard.regulator.store.StoredAlert;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The view-library (视图库) side of GA/T 1400 for devices the bureau provisioned: {@code POST /VIID/System/Register}
 * with HTTP Digest (401 challenge, then the hashed password), {@code Keepalive}, {@code UnRegister},
 * {@code GET /VIID/System/Time}, and {@code POST /VIID/Faces} with a {@code FaceListObject}. Every answer is a
 * {@code ResponseStatusObject} (one resource) or {@code ResponseStatusListObject} (one status per FaceObject) with
 * {@code RequestURL}, {@code StatusCode} (0 OK, 4 invalid operation, 7 invalid JSON format, 8 invalid JSON
 * content), {@code StatusString}, {@code Id} and {@code LocalTime}.
 *
 * <p>A registration lives while requests keep coming (keepalives) within the session timeout; each later request
 * carries Digest credentials under the registration's nonce with a nonce count not used before, so a captured
 * request cannot be replayed. Faces need a live registration (401 and a new challenge otherwise: the device
 * registers again, as the standard's devices do).
 *
 * <p>A FaceObject becomes an alert by its own age limits: {@code AgeUpLimit < 18} is a minor ({@code MINOR_ENTRY});
 * a range reaching both sides of 18, or none, asks for an ID check ({@code CHECK_ID_UNRESOLVED}); a range of 18 and
 * over is acknowledged and not stored (nothing to act on, and the bureau keeps no data it does not need).
 * Images in {@code SubImageList} are kept only when the operator enabled {@code storeImages}.
 */
public final class Gat1400Intake {
    private static final Logger LOG = LoggerFactory.getLogger(Gat1400Intake.class);
    static final String REGISTER = "/VIID/System/Register";
    static final String KEEPALIVE = "/VIID/System/Keepalive";
    static final String UNREGISTER = "/VIID/System/UnRegister";
    static final String TIME = "/VIID/System/Time";
    static final String FACES = "/VIID/Faces";
    private static final String CONTENT_TYPE = "application/VIID+JSON;charset=UTF-8";
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT);
    private static final int MAX_FACES = 200;
    private static final int MAX_IMAGE_BYTES = 1 << 20;

    private final RegulatorConfig config;
    private final AlertBus bus;
    private final RegulatorMetrics metrics;
    private final Clock clock;
    private final ConcurrentMap<String, Session> sessions = new ConcurrentHashMap<>();

    /** One device's registration on this node. */
    private static final class Session {
        String nonce;
        boolean registered;
        long lastSeenMillis;
        // nonce counts used under the current nonce; bounded, oldest forgotten first (requests may arrive out of order)
        final LinkedHashSet<String> usedNc = new LinkedHashSet<>();
    }

    /** Serves the devices of {@code config.gat1400()}. */
    public Gat1400Intake(RegulatorConfig config, AlertBus bus, RegulatorMetrics metrics, Clock clock) {
        this.config = config;
        this.bus = bus;
        this.metrics = metrics;
        this.clock = clock;
    }

    boolean matches(String path) { return path.startsWith("/VIID/"); }

    /** Whether the device holds a live registration on this node. */
    public boolean registered(String deviceId) {
        Session s = sessions.get(deviceId);
        if (s == null) return false;
        synchronized (s) {
            return live(s);
        }
    }

    CompletableFuture<Reply> handle(String method, String path, HttpHeaders headers, byte[] body, long arrivedNanos) {
        if (path.equals(TIME)) {
            if (!method.equals("GET")) return done(status(405, path, 4, "use GET for " + TIME, null, "bad_method"));
            ObjectNode root = Reply.JSON.createObjectNode();
            root.putObject("SystemTimeObject").put("VIIDServerID", "entryguard-regulator").put("TimeMode", "2")
                    .put("LocalTime", now()).put("TimeZone", config.zone().getId());
            return done(new Reply(200, CONTENT_TYPE, root.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8), Map.of()));
        }
        if (!List.of(REGISTER, KEEPALIVE, UNREGISTER, FACES).contains(path)) {
            return done(status(404, path, 4, "no such GA/T 1400 resource: this view library serves " + REGISTER + ", " + KEEPALIVE
                    + ", " + UNREGISTER + ", " + TIME + " and " + FACES, null, "unknown_path"));
        }
        if (!method.equals("POST")) return done(status(405, path, 4, "use POST for " + path, null, "bad_method"));
        String facesDevice = null;
        if (path.equals(FACES)) {
            // Faces name their device in a header: authenticate before reading a byte of the body
            facesDevice = headers.get("User-Identify");
            if (facesDevice == null) {
                return done(status(400, FACES, 8, "the User-Identify header (your DeviceID) is missing", null, "missing_header"));
            }
            String refused = authenticate(facesDevice, headers, FACES);
            if (refused != null) return done(challengeOrRefuse(facesDevice, FACES, refused));
        }
        JsonNode root;
        try {
            root = Reply.JSON.readTree(body);
        } catch (IOException e) {
            return done(status(400, path, 7, "body is not JSON: " + WebhookIntake.abbreviate(String.valueOf(e.getMessage()).split("\n")[0]), null, "bad_json"));
        }
        if (root == null || !root.isObject()) return done(status(400, path, 7, "body must be a JSON object", null, "bad_json"));
        return switch (path) {
            case REGISTER -> done(register(root, headers));
            case KEEPALIVE -> done(session(root, headers, "KeepaliveObject", KEEPALIVE, false));
            case UNREGISTER -> done(session(root, headers, "UnRegisterObject", UNREGISTER, true));
            default -> faces(root, facesDevice, arrivedNanos);
        };
    }

    private Reply register(JsonNode root, HttpHeaders headers) {
        String device = root.path("RegisterObject").path("DeviceID").asText(null);
        if (device == null) return status(400, REGISTER, 8, "RegisterObject.DeviceID is missing", null, "bad_content");
        RegulatorConfig.Device d = config.gat1400().devices().get(device);
        if (d == null) {
            return status(403, REGISTER, 4, "DeviceID " + WebhookIntake.abbreviate(device) + " is not provisioned with this view"
                    + " library: ask the bureau to add it with its password and venue", device, "unknown_device");
        }
        String identify = headers.get("User-Identify");
        if (identify != null && !identify.equals(device)) {
            return status(400, REGISTER, 8, "User-Identify " + WebhookIntake.abbreviate(identify) + " differs from DeviceID " + device,
                    device, "identify_mismatch");
        }
        Session s = sessions.computeIfAbsent(device, k -> new Session());
        synchronized (s) {
            DigestChallenger.Credentials c = DigestChallenger.parse(headers.get("Authorization"));
            String why = c == null || s.nonce == null ? "no credentials"
                    : DigestChallenger.check(c, config.gat1400().realm(), s.nonce, d.username(), d.password(), "POST", REGISTER);
            if (why != null) {
                if (c != null) {
                    metrics.rejected("digest_failed");
                    LOG.warn("GA/T 1400 registration of {} refused: {}", device, why);
                }
                return challenge(s, REGISTER, device, c == null ? "authentication required" : "authentication failed: " + why);
            }
            // a captured Register replayed under the same nonce must not renew the session (and with it every old nc)
            if (!s.usedNc.add(c.get("nc"))) {
                metrics.rejected("digest_replay");
                return challenge(s, REGISTER, device, "nonce count " + c.get("nc") + " was used before (a replayed request)");
            }
            s.registered = true;
            s.lastSeenMillis = clock.millis();
        }
        LOG.info("GA/T 1400 device {} registered (venue {})", device, d.venueId());
        return status(200, REGISTER, 0, "OK", device, null);
    }

    /** Keepalive and UnRegister: a live, authenticated registration of the device named in the body. */
    private Reply session(JsonNode root, HttpHeaders headers, String object, String path, boolean unregister) {
        String device = root.path(object).path("DeviceID").asText(null);
        if (device == null) return status(400, path, 8, object + ".DeviceID is missing", null, "bad_content");
        String refused = authenticate(device, headers, path);
        if (refused != null) return challengeOrRefuse(device, path, refused);
        if (unregister) {
            sessions.remove(device);
            LOG.info("GA/T 1400 device {} unregistered", device);
        }
        return status(200, path, 0, "OK", device, null);
    }

    /** Null when {@code device} holds a live registration and this request's credentials are fresh and right. */
    private String authenticate(String device, HttpHeaders headers, String path) {
        RegulatorConfig.Device d = config.gat1400().devices().get(device);
        if (d == null) return "unknown";
        String identify = headers.get("User-Identify");
        if (identify != null && !identify.equals(device)) return "User-Identify " + WebhookIntake.abbreviate(identify) + " differs from DeviceID " + device;
        Session s = sessions.get(device);
        if (s == null) return "not registered";
        synchronized (s) {
            if (!live(s)) return "not registered (or the registration lapsed: no keepalive for " + config.gat1400().sessionTimeout().toSeconds() + " s)";
            DigestChallenger.Credentials c = DigestChallenger.parse(headers.get("Authorization"));
            if (c == null) return "no Digest credentials";
            String why = DigestChallenger.check(c, config.gat1400().realm(), s.nonce, d.username(), d.password(), "POST", path);
            if (why != null) {
                metrics.rejected("digest_failed");
                return why;
            }
            if (!s.usedNc.add(c.get("nc"))) {
                metrics.rejected("digest_replay");
                return "nonce count " + c.get("nc") + " was used before (a replayed request)";
            }
            if (s.usedNc.size() > 4096) s.usedNc.remove(s.usedNc.iterator().next());
            s.lastSeenMillis = clock.millis();
        }
        return null;
    }

    private Reply challengeOrRefuse(String device, String path, String why) {
        if (why.equals("unknown")) {
            return status(403, path, 4, "DeviceID " + WebhookIntake.abbreviate(device) + " is not provisioned with this view library",
                    device, "unknown_device");
        }
        if (why.startsWith("User-Identify")) return status(400, path, 8, why, device, "identify_mismatch");
        Session s = sessions.computeIfAbsent(device, k -> new Session());
        synchronized (s) {
            s.registered = false;
            return challenge(s, path, device, why + ": register again");
        }
    }

    private Reply challenge(Session s, String path, String device, String why) {
        s.nonce = DigestChallenger.newNonce();
        s.usedNc.clear();
        Reply r = status(401, path, 4, why, device, null);
        return new Reply(r.status(), r.contentType(), r.body(),
                Map.of("www-authenticate", DigestChallenger.challenge(config.gat1400().realm(), s.nonce)));
    }

    private boolean live(Session s) {
        return s.registered && clock.millis() - s.lastSeenMillis <= config.gat1400().sessionTimeout().toMillis();
    }

    private CompletableFuture<Reply> faces(JsonNode root, String device, long arrivedNanos) {
        JsonNode list = root.path("FaceListObject").path("FaceObject");
        if (!list.isArray() || list.isEmpty()) {
            return done(status(400, FACES, 8, "FaceListObject.FaceObject must be a non-empty array", device, "bad_content"));
        }
        if (list.size() > MAX_FACES) {
            return done(status(413, FACES, 8, list.size() + " FaceObjects in one request; send at most " + MAX_FACES, device, "too_many_faces"));
        }
        RegulatorConfig.Device d = config.gat1400().devices().get(device);
        RegulatorConfig.VenueConfig venue = config.venues().get(d.venueId());
        ObjectNode answer = Reply.JSON.createObjectNode();
        ArrayNode out = answer.putObject("ResponseStatusListObject").putArray("ResponseStatusObject");
        List<CompletableFuture<AlertBus.Outcome>> pending = new ArrayList<>();
        for (JsonNode f : list) {
            String faceId = f.path("FaceID").asText("");
            String problem = checkFace(f, device);
            if (problem != null) {
                metrics.rejected("bad_face");
                addStatus(out, faceId, 8, problem);
                continue;
            }
            int low = f.has("AgeLowerLimit") ? age(f.get("AgeLowerLimit")) : -1;
            int high = f.has("AgeUpLimit") ? age(f.get("AgeUpLimit")) : -1;
            byte[] image = image(f);
            if (low >= 18) {
                metrics.adultFace();
                if (image != null || hasImage(f)) metrics.image(false);
                addStatus(out, faceId, 0, "OK");
                continue;
            }
            String type;
            String decision;
            if (high >= 0 && high < 18) {
                type = "MINOR_ENTRY";
                decision = "MINOR";
            } else {
                type = "CHECK_ID_UNRESOLVED";
                decision = "CHECK_ID";
            }
            String shot = f.hasNonNull("ShotTime") ? f.get("ShotTime").asText() : f.path("FaceAppearTime").asText();
            var occurred = LocalDateTime.parse(shot, LOCAL).atZone(config.zone()).toInstant();
            String reason = "face captured by GA/T 1400 device " + device
                    + (low >= 0 ? ", age limits " + low + "-" + high : ", no age limits sent: check the ID");
            StoredAlert row = new StoredAlert(faceId, venue.id(), venue.name(), venue.district(), type, decision,
                    "GA/T 1400 FaceObject age limits", reason, low >= 0 ? (double) low : null, high >= 0 ? (double) high : null,
                    occurred, clock.instant(), "gat1400", Handling.NEW);
            if (image == null && hasImage(f)) metrics.image(false);
            metrics.accepted("gat1400");
            pending.add(bus.publish(new VerifiedAlert(row, config.storeImages() ? image : null, "image/jpeg", arrivedNanos)));
            addStatus(out, faceId, 0, "OK");
        }
        return CompletableFuture.allOf(pending.toArray(new CompletableFuture<?>[0])).handle((v, err) -> {
            if (err != null) {
                metrics.rejected("store_unavailable");
                Reply r = status(503, FACES, 2, "the view library cannot store faces right now (" + WebhookIntake.rootMessage(err)
                        + "): resend", device, null);
                return new Reply(r.status(), r.contentType(), r.body(), Map.of("retry-after", "1"));
            }
            return new Reply(200, CONTENT_TYPE, answer.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8), Map.of());
        });
    }

    /** GA/T 1400.3 FaceObject checks for what the platform relies on; null when fine, else StatusString text. */
    private String checkFace(JsonNode f, String device) {
        String faceId = f.path("FaceID").asText("");
        String source = f.path("SourceID").asText("");
        if (!faceId.matches("\\d{48}")) return "FaceID must be 48 digits (SourceID + 06 + 5-digit sequence)";
        if (!source.matches("\\d{41}")) return "SourceID must be 41 digits (DeviceID + 02 + time + sequence)";
        if (!faceId.startsWith(source) || !faceId.startsWith("06", 41)) return "FaceID must be SourceID followed by 06 and the face sequence";
        if (!f.path("DeviceID").asText("").equals(device)) return "DeviceID must be the registered device " + device;
        if (f.has("InfoKind") && !List.of(0, 1, 2).contains(f.get("InfoKind").asInt(-1))) return "InfoKind must be 0, 1 or 2";
        String shot = f.hasNonNull("ShotTime") ? f.get("ShotTime").asText() : f.path("FaceAppearTime").asText(null);
        if (shot == null) return "ShotTime (or FaceAppearTime) is missing";
        try {
            LocalDateTime.parse(shot, LOCAL);
        } catch (DateTimeParseException e) {
            return "ShotTime '" + WebhookIntake.abbreviate(shot) + "' must be yyyyMMddHHmmss";
        }
        boolean hasLow = f.has("AgeLowerLimit");
        boolean hasHigh = f.has("AgeUpLimit");
        if (hasLow != hasHigh) return "send both AgeLowerLimit and AgeUpLimit, or neither";
        if (hasLow) {
            int low = age(f.get("AgeLowerLimit"));
            int high = age(f.get("AgeUpLimit"));
            if (low < 0 || high < 0) return "AgeLowerLimit and AgeUpLimit must be whole years 0..150";
            if (low > high) return "AgeLowerLimit " + low + " is above AgeUpLimit " + high;
        }
        return null;
    }

    private static int age(JsonNode n) {
        int v;
        if (n.isIntegralNumber()) v = n.asInt();
        else if (n.isTextual() && n.asText().matches("\\d{1,3}")) v = Integer.parseInt(n.asText());
        else return -1;
        return v >= 0 && v <= 150 ? v : -1;
    }

    private static boolean hasImage(JsonNode f) {
        return f.path("SubImageList").path("SubImageInfoObject").isArray() && !f.path("SubImageList").path("SubImageInfoObject").isEmpty();
    }

    /** The first attached image's bytes, when storage is on and it decodes within the cap; else null. */
    private byte[] image(JsonNode f) {
        if (!config.storeImages() || !hasImage(f)) return null;
        String data = f.path("SubImageList").path("SubImageInfoObject").get(0).path("Data").asText("");
        if (data.isEmpty() || data.length() > MAX_IMAGE_BYTES * 4 / 3 + 4) return null;
        try {
            return Base64.getMimeDecoder().decode(data);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private void addStatus(ArrayNode out, String id, int code, String text) {
        out.addObject().put("RequestURL", FACES).put("StatusCode", code).put("StatusString", text).put("Id", id).put("LocalTime", now());
    }

    private Reply status(int http, String url, int code, String text, String id, String reason) {
        if (reason != null) metrics.rejected(reason);
        ObjectNode root = Reply.JSON.createObjectNode();
        ObjectNode s = root.putObject("ResponseStatusObject").put("RequestURL", url).put("StatusCode", code).put("StatusString", text);
        if (id != null) s.put("Id", id);
        s.put("LocalTime", now());
        return new Reply(http, CONTENT_TYPE, root.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8), Map.of());
    }

    private String now() { return LocalDateTime.now(clock.withZone(config.zone())).format(LOCAL); }

    private static CompletableFuture<Reply> done(Reply r) { return CompletableFuture.completedFuture(r); }
}
