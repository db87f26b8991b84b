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
 * @param http status endpoint (optional; port 0 picks a free port, -1 disables it)
 * @param analysisThreads inference threads shared by all cameras (0: one per core)
 * @param statusIntervalSeconds how often each camera prints its status line
 */
record GatewayConfig(Venue venue, Rules rules, List<Camera> cameras, Alerts alerts, Http http, Integer analysisThreads,
                     Integer statusIntervalSeconds) {

    /** The venue. {@code type} is one of KTV, BAR, INTERNET_CAFE, GAME_ARCADE, HOTEL, ESPORTS_HOTEL. */
    record Venue(String id, String name, String type, String licence, String address, String zone) {
    }

    /** Rule overrides; null fields keep the venue type's defaults. */
    record Rules(Integer challengeAge, Integer minorAge, Double minorConfidence, String opens, String closes) {
    }

    /** One camera: an RTSP/RTMP/HTTP URL or a file path, and how often to analyse it. */
    record Camera(String id, String url, String transport, Double targetFps, Boolean loop) {
    }

    /** Alert delivery: a durable outbox folder and webhook endpoints. */
    record Alerts(String outboxDir, List<Webhook> webhooks, Integer idCheckDeadlineSeconds) {
    }

    /** One webhook endpoint and its Standard Webhooks secret ({@code whsec_...}). */
    record Webhook(String url, String secret) {
    }

    /** The /health and /metrics server. */
    record Http(Integer port) {
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
            org.entryguard.core.decision.VenueType.valueOf(venue.type());
        } catch (IllegalArgumentException e) {
            throw new UsageException(name + ": venue.type '" + venue.type() + "' is not one of "
                    + java.util.Arrays.toString(org.entryguard.core.decision.VenueType.values()));
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
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
