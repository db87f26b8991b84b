package org.entryguard.examples;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.core.JsonProcessingException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * The gateway's configuration file (JSON): the venue, its cameras, rule overrides, alert sinks and the status
 * port. Unknown keys are errors (a typo must not silently fall back to a default). See
 * {@code examples/gateway.example.json}.
 *
 * @param venue the venue as registered with the public-security bureau
 * @param rules overrides of the venue type's default rules (optional)
 * @param cameras the entrance cameras (at least one)
 * @param alerts where alerts go (optional: without sinks decisions are only logged)
 * @param http status endpoint and staff station (optional; port 0 picks a free port, -1 disables it)
 * @param staff who may log in to the staff station (optional: without users the station is off)
 * @param idCardReaders ID-card readers at the doors, found by {@code type} through the service loader (optional)
 * @param analysisThreads analysis threads shared by all cameras (optional; 0 or absent: one per core)
 * @param statusIntervalSeconds how often each camera prints its status line
 */
record GatewayConfig(Venue venue, Rules rules, List<Camera> cameras, Alerts alerts, Http http, Staff staff,
                     List<IdCardReaderSpec> idCardReaders, Integer analysisThreads, Integer statusIntervalSeconds) {

    /** The venue. {@code type} is one of KTV, BAR, INTERNET_CAFE, GAME_ARCADE, HOTEL, ESPORTS_HOTEL. */
    record Venue(String id, String name, String type, String licence, String address, String zone) {
    }

    /**
     * Rule overrides; null fields keep the defaults. At the top level they apply to every camera (venueType there is
     * the venue's own); under a camera they override the venue's rules at that door (e.g. the e-sports rooms of a
     * hotel: {@code "venueType": "ESPORTS_HOTEL"}). {@code calendarFile}: the State Council's holiday notice as a data
     * file (see HolidayCalendar), venue-wide only.
     */
    record Rules(String venueType, Integer challengeAge, Integer minorAge, Double minorConfidence, String opens,
                 String closes, String calendarFile) {
    }

    /**
     * One camera: an RTSP/RTMP/HTTP URL or a file path, how often to analyse it, where its door is, where to look for
     * faces ({@code [x, y, width, height]}, fractions of the frame) and the rules at its door.
     */
    record Camera(String id, String url, String transport, Double targetFps, Boolean loop, DoorSpec door,
                  List<Double> detectionRegion, Rules rules, MotionGateSpec motionGate) {
    }

    /**
     * Analyse a frame only when the door region changed, a face is followed, or {@code maxIntervalSeconds} passed
     * (default off; when on, the unset fields keep the SDK's defaults: 2 s, 12 grey levels, 0.002 of the cells).
     */
    record MotionGateSpec(Boolean enabled, Double maxIntervalSeconds, Integer cellThreshold, Double minChangedShare) {
    }

    /**
     * Where inside is: {@code {"type": "anywhere"}} (default), {@code {"type": "horizontal", "y": 0.5,
     * "insideBelow": true}}, {@code {"type": "line", "line": [ax, ay, bx, by, insideX, insideY]}},
     * {@code {"type": "region", "region": [x, y, width, height]}} or {@code {"type": "approach", "growth": 1.3}}.
     */
    record DoorSpec(String type, Double y, Boolean insideBelow, List<Double> line, List<Double> region, Double growth) {
    }

    /** Alert delivery: a durable outbox folder, webhook endpoints, a GA/T 1400 view library. */
    record Alerts(String outboxDir, List<Webhook> webhooks, Integer idCheckDeadlineSeconds, Gat1400 gat1400) {
    }

    /** A GA/T 1400 view library (公安视图库): its address, this device's 20-digit id and the Digest credentials. */
    record Gat1400(String url, String deviceId, String username, String password) {
    }

    /**
     * An ID-card reader at a door: its kind (an {@code IdCardReader.Provider} on the class path), its id, the camera
     * whose checks it answers, and the kind's own settings.
     */
    record IdCardReaderSpec(String type, String id, String camera, java.util.Map<String, String> settings) {
    }

    /** Staff-station users. */
    record Staff(List<StaffUser> users) {
    }

    /** One staff login: the id that goes into the ledger with each result, and a password of at least 8 characters. */
    record StaffUser(String id, String password) {
    }

    /** One webhook endpoint and its Standard Webhooks secret ({@code whsec_...}). */
    record Webhook(String url, String secret) {
    }

    /**
     * The servers: /health and /metrics on {@code port}, the staff station on {@code staffPort} (0: any free port;
     * absent or -1: off; it needs staff users), both on {@code bind} (default 127.0.0.1; "0.0.0.0" for the LAN).
     */
    record Http(Integer port, String bind, Integer staffPort) {
    }

    static GatewayConfig read(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (NoSuchFileException e) {
            throw new UsageException("config file " + file + " does not exist; see examples/gateway.example.json");
        } catch (IOException e) {
            throw new UsageException("cannot read config file " + file + ": " + e.getMessage());
        }
    }

    static GatewayConfig parse(String json, String name) {
        ObjectMapper m = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        GatewayConfig c;
        try {
            c = m.readValue(json, GatewayConfig.class);
        } catch (UnrecognizedPropertyException e) {
            throw new UsageException(name + ": unknown key '" + e.getPropertyName() + "' at " + path(e)
                    + "; known keys there: " + e.getKnownPropertyIds());
        } catch (InvalidFormatException e) {
            throw new UsageException(name + ": value " + e.getValue() + " at " + path(e) + " is not a valid "
                    + e.getTargetType().getSimpleName());
        } catch (JsonProcessingException e) {
            throw new UsageException(name + " is not valid JSON: " + e.getOriginalMessage() + " (line "
                    + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ")");
        }
        if (c == null) {
            throw new UsageException(name + ": the configuration is JSON null; expected an object with 'venue' and 'cameras'");
        }
        c.validate(name);
        return c;
    }

    private static String path(JsonProcessingException e) {
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException jm) {
            StringBuilder sb = new StringBuilder();
            for (var ref : jm.getPath()) {
                sb.append(ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]");
            }
            return sb.length() == 0 ? "the top level" : sb.substring(sb.charAt(0) == '.' ? 1 : 0);
        }
        return "?";
    }

    private void validate(String name) {
        if (venue == null || blank(venue.id()) || blank(venue.type())) {
            throw new UsageException(name + ": 'venue' with at least 'id' and 'type' is required");
        }
        try {
            org.entryguard.core.rules.VenueType.valueOf(venue.type());
        } catch (IllegalArgumentException e) {
            throw new UsageException(name + ": venue.type '" + venue.type() + "' is not one of "
                    + java.util.Arrays.toString(org.entryguard.core.rules.VenueType.values()));
        }
        if (cameras == null || cameras.isEmpty()) {
            throw new UsageException(name + ": 'cameras' must list at least one camera");
        }
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (int i = 0; i < cameras.size(); i++) {
            Camera cam = cameras.get(i);
            if (cam == null || blank(cam.id()) || blank(cam.url())) {
                throw new UsageException(name + ": cameras[" + i + "] needs an 'id' and a 'url'");
            }
            if (!ids.add(cam.id())) {
                throw new UsageException(name + ": camera id '" + cam.id() + "' appears twice");
            }
        }
        if (alerts != null && alerts.webhooks() != null) {
            for (Webhook w : alerts.webhooks()) {
                if (w == null || blank(w.url()) || blank(w.secret())) {
                    throw new UsageException(name + ": each alerts.webhooks entry needs 'url' and 'secret' (whsec_...)");
                }
            }
        }
        validateValues(name);
    }

    /**
     * Every value's range and form, each error naming the key's path (issue 16 item 12: bad values used to end in a
     * stack trace from deep inside the gateway, and negative deadlines and intervals were accepted).
     */
    private void validateValues(String name) {
        if (venue.zone() != null) {
            try {
                java.time.ZoneId.of(venue.zone());
            } catch (java.time.DateTimeException e) {
                throw bad(name, "venue.zone", venue.zone(), "a time zone such as \"Asia/Shanghai\"");
            }
        }
        if (rules != null) {
            range(name, "rules.challengeAge", rules.challengeAge(), 1, 60);
            range(name, "rules.minorAge", rules.minorAge(), 1, 30);
            if (rules.minorConfidence() != null && !(rules.minorConfidence() > 0.5 && rules.minorConfidence() < 1)) {
                throw bad(name, "rules.minorConfidence", rules.minorConfidence(), "a probability in (0.5, 1), e.g. 0.8");
            }
            time(name, "rules.opens", rules.opens());
            time(name, "rules.closes", rules.closes());
            if ((rules.opens() == null) != (rules.closes() == null)) {
                throw new UsageException(name + ": rules.opens and rules.closes go together; give both or neither");
            }
            if (rules.opens() != null && rules.opens().equals(rules.closes())) {
                throw new UsageException(name + ": rules.opens and rules.closes are both " + rules.opens()
                        + "; leave both out for a venue open around the clock");
            }
            if (rules.challengeAge() != null && rules.minorAge() != null && rules.challengeAge() < rules.minorAge()) {
                throw new UsageException(name + ": rules.challengeAge " + rules.challengeAge() + " is below rules.minorAge "
                        + rules.minorAge());
            }
        }
        for (int i = 0; i < cameras.size(); i++) {
            Camera cam = cameras.get(i);
            String at = "cameras[" + i + "]";
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*)://").matcher(cam.url());
            if (m.find() && !java.util.Set.of("rtsp", "rtsps", "rtmp", "rtmps", "http", "https", "file")
                    .contains(m.group(1).toLowerCase(java.util.Locale.ROOT))) {
                // the URL itself may hold a password: name the scheme only
                throw new UsageException(name + ": " + at + ".url has the scheme '" + m.group(1) + "'; expected rtsp, rtsps,"
                        + " rtmp, http(s), file, or a plain file path");
            }
            if (cam.targetFps() != null && !(cam.targetFps() > 0 && cam.targetFps() <= 120)) {
                throw bad(name, at + ".targetFps", cam.targetFps(), "frames per second in (0, 120], e.g. 10");
            }
            if (cam.transport() != null && !java.util.Set.of("TCP", "UDP").contains(cam.transport().toUpperCase(java.util.Locale.ROOT))) {
                throw bad(name, at + ".transport", cam.transport(), "TCP or UDP");
            }
        }
        if (alerts != null) {
            range(name, "alerts.idCheckDeadlineSeconds", alerts.idCheckDeadlineSeconds(), 1, 86_400);
            if (alerts.outboxDir() != null && alerts.outboxDir().isBlank()) {
                throw new UsageException(name + ": alerts.outboxDir is empty; give a folder, e.g. \"outbox\"");
            }
            if (alerts.webhooks() != null) {
                for (int i = 0; i < alerts.webhooks().size(); i++) {
                    Webhook w = alerts.webhooks().get(i);
                    String at = "alerts.webhooks[" + i + "]";
                    java.net.URI u;
                    try {
                        u = new java.net.URI(w.url());
                    } catch (java.net.URISyntaxException e) {
                        throw new UsageException(name + ": " + at + ".url is not a URL (" + e.getReason() + ")");
                    }
                    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(java.util.Locale.ROOT);
                    if (!scheme.equals("https") && !scheme.equals("http") || u.getHost() == null) {
                        throw new UsageException(name + ": " + at + ".url '" + w.url() + "' must be an http:// or https:// URL with a host");
                    }
                    try {
                        org.entryguard.alerts.WebhookSecret.parse(w.secret());
                    } catch (RuntimeException e) {
                        // never echo the secret itself
                        throw new UsageException(name + ": " + at + ".secret is not a Standard Webhooks secret (whsec_ followed"
                                + " by base64 of 24-64 random bytes): " + e.getMessage().replace(w.secret(), "<secret>"));
                    }
                }
            }
        }
        if (http != null && http.port() != null && (http.port() < -1 || http.port() > 65_535)) {
            throw bad(name, "http.port", http.port(), "a TCP port 1..65535, 0 for any free port, or -1 for none");
        }
        if (http != null && http.staffPort() != null && (http.staffPort() < -1 || http.staffPort() > 65_535)) {
            throw bad(name, "http.staffPort", http.staffPort(), "a TCP port 1..65535, 0 for any free port, or -1 for none");
        }
        if (http != null && http.staffPort() != null && http.staffPort() >= 0
                && (staff == null || staff.users() == null || staff.users().isEmpty())) {
            throw new UsageException(name + ": http.staffPort opens the staff station, which needs staff.users to log in");
        }
        if (http != null && http.bind() != null) {
            try {
                java.net.InetAddress.getByName(http.bind());
            } catch (java.io.IOException e) {
                throw bad(name, "http.bind", "\"" + http.bind() + "\"", "an address of this machine, e.g. \"0.0.0.0\" or \"127.0.0.1\"");
            }
        }
        if (staff != null && staff.users() != null) {
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (int i = 0; i < staff.users().size(); i++) {
                StaffUser u = staff.users().get(i);
                String at = "staff.users[" + i + "]";
                if (u == null || blank(u.id())) {
                    throw new UsageException(name + ": " + at + " needs an 'id'");
                }
                if (u.password() == null || u.password().length() < 8) {
                    throw new UsageException(name + ": " + at + ".password must have at least 8 characters");
                }
                if (!seen.add(u.id())) {
                    throw new UsageException(name + ": staff id '" + u.id() + "' appears twice");
                }
            }
        }
        if (alerts != null && alerts.gat1400() != null) {
            Gat1400 g = alerts.gat1400();
            if (blank(g.url()) || blank(g.deviceId()) || g.password() == null) {
                throw new UsageException(name + ": alerts.gat1400 needs 'url', 'deviceId' and 'password'");
            }
        }
        if (idCardReaders != null) {
            java.util.Set<String> ids = new java.util.HashSet<>();
            cameras.forEach(c -> ids.add(c.id()));
            for (int i = 0; i < idCardReaders.size(); i++) {
                IdCardReaderSpec r = idCardReaders.get(i);
                String at = "idCardReaders[" + i + "]";
                if (r == null || blank(r.type()) || blank(r.id()) || blank(r.camera())) {
                    throw new UsageException(name + ": " + at + " needs 'type', 'id' and 'camera'");
                }
                if (!ids.contains(r.camera())) {
                    throw new UsageException(name + ": " + at + ".camera '" + r.camera() + "' is not one of the cameras " + ids);
                }
                if (!org.entryguard.core.ledger.IdCardReader.providers().containsKey(r.type())) {
                    throw new UsageException(name + ": " + at + ".type '" + r.type() + "' has no reader on the class path; known: "
                            + org.entryguard.core.ledger.IdCardReader.providers().keySet() + " (add the reader's jar to lib/)");
                }
            }
        }
        // the SDK's own checks, each error prefixed with its key's path
        VenueSettings.entrances(this, null, name);
        range(name, "analysisThreads", analysisThreads, 0, 256);
        range(name, "statusIntervalSeconds", statusIntervalSeconds, 1, 86_400);
    }

    private static void range(String name, String key, Integer value, int min, int max) {
        if (value != null && (value < min || value > max)) {
            throw bad(name, key, value, "a whole number in " + min + ".." + max);
        }
    }

    private static void time(String name, String key, String value) {
        if (value == null) return;
        try {
            java.time.LocalTime.parse(value);
        } catch (java.time.DateTimeException e) {
            throw bad(name, key, "\"" + value + "\"", "a time of day \"HH:MM\" (00:00..23:59), e.g. \"12:00\"");
        }
    }

    private static UsageException bad(String name, String key, Object value, String expected) {
        return new UsageException(name + ": " + key + " is " + value + "; expected " + expected);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
