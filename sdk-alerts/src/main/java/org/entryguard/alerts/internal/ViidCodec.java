package org.entryguard.alerts.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.entryguard.alerts.Alert;

/**
 * GA/T 1400 (公安视频图像信息应用系统) JSON bodies: {@code RegisterObject}, {@code KeepaliveObject},
 * {@code FaceListObject}, and the {@code ResponseStatusObject} / {@code ResponseStatusListObject} answers.
 * See the module README for the sources the field names and codes come from.
 */
public final class ViidCodec {
    /** The media type GA/T 1400 view libraries expect. */
    public static final String CONTENT_TYPE = "application/VIID+JSON;charset=UTF-8";
    /** GA/T 1400 dateTime without milliseconds, local time of the venue. */
    public static final DateTimeFormatter SHOT_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT);
    /** Type code of an image within a BasicObjectID (SourceID). */
    public static final String IMAGE_TYPE = "02";
    /** Type code of a face within an ImageCntObjectID (FaceID). */
    public static final String FACE_TYPE = "06";

    private ViidCodec() { }

    /**
     * Checks a GB/T 28181-style 20-digit device code.
     *
     * @throws IllegalArgumentException explaining the layout when it is not 20 ASCII digits
     */
    public static String checkDeviceId(String what, String id) {
        String layout = " (GB/T 28181 / GA/T 1400 code: 8-digit centre code = 6-digit administrative division + 2-digit"
                + " unit, 2-digit industry, 3-digit device type, 1-digit network, 6-digit serial; e.g. 31010400001190000001,"
                + " as assigned by the public-security view library)";
        if (id == null || id.isEmpty()) throw new IllegalArgumentException(what + " is missing: it must be a 20-digit code" + layout);
        if (id.length() != 20) {
            throw new IllegalArgumentException(what + " '" + abbreviate(id) + "' has " + id.length() + " characters; it must be exactly 20 digits" + layout);
        }
        for (int i = 0; i < 20; i++) {
            char c = id.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException(what + " '" + id + "' has '" + c + "' at position " + (i + 1) + "; it must be 20 digits 0-9" + layout);
            }
        }
        return id;
    }

    /** {@code {"RegisterObject":{"DeviceID":"..."}}}. */
    public static byte[] register(String deviceId) { return wrap("RegisterObject", deviceId); }

    /** {@code {"KeepaliveObject":{"DeviceID":"..."}}}. */
    public static byte[] keepalive(String deviceId) { return wrap("KeepaliveObject", deviceId); }

    private static byte[] wrap(String name, String deviceId) {
        ObjectNode root = AlertCodec.MAPPER.createObjectNode();
        root.putObject(name).put("DeviceID", deviceId);
        return bytes(root);
    }

    /**
     * The image sequence: 5 digits derived from the alert id, so a retried or re-sent alert keeps its SourceID
     * and FaceID and the view library can deduplicate it.
     */
    static String sequence(String alertId) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(alertId.getBytes(StandardCharsets.UTF_8));
            long v = 0;
            for (int i = 0; i < 8; i++) v = (v << 8) | (h[i] & 0xff);
            return String.format(Locale.ROOT, "%05d", Long.remainderUnsigned(v, 100_000));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SourceID (BasicObjectID, 41): DeviceID(20) + "02" (image) + shot time yyyyMMddHHmmss (14) + sequence (5). */
    public static String sourceId(String deviceId, ZonedDateTime shot, String alertId) {
        return deviceId + IMAGE_TYPE + SHOT_TIME.format(shot) + sequence(alertId);
    }

    /** FaceID (ImageCntObjectID, 48): SourceID(41) + "06" (face) + face sequence within the image (5, "00001"). */
    public static String faceId(String sourceId) { return sourceId + FACE_TYPE + "00001"; }

    /**
     * {@code {"FaceListObject":{"FaceObject":[{...}]}}} for one alert. Fields: FaceID, InfoKind (1 = automatic),
     * SourceID, DeviceID, ShotTime, AgeLowerLimit/AgeUpLimit (floor/ceil of the age interval, when estimated);
     * with {@code undeterminedFlags}, also the IsDriver... IsSuspiciousPerson flags as 2 ("undetermined").
     */
    public static byte[] faces(Alert alert, String deviceId, boolean undeterminedFlags) {
        ObjectNode root = AlertCodec.MAPPER.createObjectNode();
        ArrayNode list = root.putObject("FaceListObject").putArray("FaceObject");
        ObjectNode f = list.addObject();
        String source = sourceId(deviceId, alert.time(), alert.id());
        f.put("FaceID", faceId(source));
        f.put("InfoKind", 1);
        f.put("SourceID", source);
        f.put("DeviceID", deviceId);
        f.put("ShotTime", SHOT_TIME.format(alert.time()));
        if (alert.ageLower() != null) {
            f.put("AgeLowerLimit", (int) Math.floor(alert.ageLower()));
            f.put("AgeUpLimit", (int) Math.ceil(alert.ageUpper()));
        }
        if (undeterminedFlags) {
            for (String flag : List.of("IsDriver", "IsForeigner", "IsSuspectedTerrorist", "IsCriminalInvolved", "IsDetainees",
                    "IsVictim", "IsSuspiciousPerson")) {
                f.put(flag, 2);
            }
        }
        return bytes(root);
    }

    /** One entry of a ResponseStatus answer. */
    public record Status(int code, String text, String id, String requestUrl) {
        /** Human-readable, e.g. {@code StatusCode 2 (Device Busy)}. */
        public String describe() {
            return "StatusCode " + code + " (" + meaning(code) + (text != null && !text.isBlank() && !text.equals(meaning(code)) ? ": " + text : "") + ")";
        }
    }

    /** The standard meaning of a StatusCode (GA/T 1400.3 ResponseStatus, 0..9). */
    public static String meaning(int code) {
        return switch (code) {
            case 0 -> "OK";
            case 1 -> "Other Error";
            case 2 -> "Device Busy";
            case 3 -> "Device Error";
            case 4 -> "Invalid Operation";
            case 5 -> "Invalid XML Format";
            case 6 -> "Invalid XML Content";
            case 7 -> "Invalid JSON Format";
            case 8 -> "Invalid JSON Content";
            case 9 -> "Reboot";
            default -> "unknown code";
        };
    }

    /**
     * Reads {@code ResponseStatusObject} (one object) or {@code ResponseStatusListObject.ResponseStatusObject}
     * (an array, or one object as some servers send).
     *
     * @throws IOException when the body is not such a document
     */
    public static List<Status> statuses(byte[] body) throws IOException {
        if (body == null || body.length == 0) throw new IOException("empty body, expected a GA/T 1400 ResponseStatusObject");
        JsonNode root;
        try {
            root = AlertCodec.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new IOException("body is not JSON, expected a GA/T 1400 ResponseStatusObject: " + abbreviate(new String(body, StandardCharsets.UTF_8)));
        }
        JsonNode node = null;
        if (root != null && root.has("ResponseStatusListObject")) node = root.get("ResponseStatusListObject").get("ResponseStatusObject");
        else if (root != null && root.has("ResponseStatusObject")) node = root.get("ResponseStatusObject");
        if (node == null || node.isNull()) {
            throw new IOException("body has no ResponseStatusObject: " + abbreviate(new String(body, StandardCharsets.UTF_8)));
        }
        List<Status> out = new ArrayList<>();
        if (node.isArray()) node.forEach(n -> out.add(status(n)));
        else out.add(status(node));
        if (out.isEmpty()) throw new IOException("ResponseStatusListObject is empty");
        return out;
    }

    private static Status status(JsonNode n) {
        JsonNode c = n.get("StatusCode");
        int code;
        if (c == null || c.isNull()) code = -1;
        else if (c.isNumber()) code = c.asInt();
        else {
            try {
                code = Integer.parseInt(c.asText().trim());
            } catch (NumberFormatException e) {
                code = -1;
            }
        }
        return new Status(code, text(n, "StatusString"), text(n, "Id"), text(n, "RequestURL"));
    }

    private static String text(JsonNode n, String f) { return n.hasNonNull(f) ? n.get(f).asText() : null; }

    private static byte[] bytes(JsonNode n) {
        try {
            return AlertCodec.MAPPER.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String abbreviate(String s) { return s.length() <= 120 ? s : s.substring(0, 120) + "..."; }
}
