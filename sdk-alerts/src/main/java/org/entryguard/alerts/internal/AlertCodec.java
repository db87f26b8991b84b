package org.entryguard.alerts.internal;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Iterator;
import java.util.Set;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.entryguard.alerts.Alert;
import org.entryguard.alerts.AlertFormatException;
import org.entryguard.alerts.AlertType;
import org.entryguard.alerts.FaceCrop;
import org.entryguard.alerts.GuardianState;
import org.entryguard.alerts.Venue;

/**
 * Alert ⇄ JSON by hand over Jackson's tree model: explicit field names keep the wire format independent of
 * Java names, and every rejection names the field at fault. Strict: unknown fields are refused, because a new
 * field means a new schema version.
 */
public final class AlertCodec {
    /** Shared, thread-safe; duplicate keys refused (two "id"s would let a forger smuggle one past a reader). */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    static {
        // Alerts are small; a deep or huge document is an attack, not an alert.
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(16).maxStringLength(512 * 1024).maxNumberLength(32).build());
    }

    private static final Set<String> TOP = Set.of("schemaVersion", "id", "type", "venue", "cameraId", "time",
            "timeZone", "decision", "ageInterval", "estimatedAge", "ruleApplied", "keyPeriod", "guardianState", "faceCrop");
    private static final Set<String> VENUE = Set.of("id", "name", "type", "licence", "address");
    private static final Set<String> INTERVAL = Set.of("lower", "upper");
    private static final Set<String> CROP = Set.of("format", "data");

    private AlertCodec() { }

    /** Writes the alert; field order is fixed so equal alerts give equal bytes. */
    public static byte[] write(Alert a) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("schemaVersion", Alert.SCHEMA_VERSION);
        n.put("id", a.id());
        n.put("type", a.type().name());
        ObjectNode v = n.putObject("venue");
        v.put("id", a.venue().id());
        v.put("name", a.venue().name());
        v.put("type", a.venue().type());
        v.put("licence", a.venue().licence());
        v.put("address", a.venue().address());
        n.put("cameraId", a.cameraId());
        n.put("time", a.time().toOffsetDateTime().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        n.put("timeZone", a.time().getZone().getId());
        a.decision().ifPresent(d -> n.put("decision", d));
        if (a.ageLower() != null) {
            ObjectNode i = n.putObject("ageInterval");
            i.put("lower", a.ageLower());
            i.put("upper", a.ageUpper());
        }
        if (a.estimatedAge() != null) n.put("estimatedAge", a.estimatedAge());
        a.ruleApplied().ifPresent(r -> n.put("ruleApplied", r));
        n.put("keyPeriod", a.keyPeriod());
        a.guardianState().ifPresent(g -> n.put("guardianState", g.name()));
        a.faceCrop().ifPresent(c -> {
            ObjectNode f = n.putObject("faceCrop");
            f.put("format", "jpeg");
            f.put("data", Base64.getEncoder().encodeToString(c.jpeg()));
        });
        try {
            return MAPPER.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new IllegalStateException("writing a tree to bytes cannot fail", e);
        }
    }

    /** Reads and validates an alert. */
    public static Alert read(byte[] json) {
        if (json == null || json.length == 0) {
            throw new AlertFormatException("alert JSON is empty: send the alert document as the request body");
        }
        JsonNode root;
        try (JsonParser p = MAPPER.createParser(json)) {
            root = MAPPER.readTree(p);
        } catch (IOException e) {
            throw new AlertFormatException("alert JSON is not well-formed (" + firstLine(e.getMessage())
                    + "): send a single JSON object as written by Alert.toJson()", e);
        }
        if (root == null || !root.isObject()) {
            throw new AlertFormatException("alert JSON must be an object, got " + (root == null ? "nothing" : root.getNodeType())
                    + ": send a single JSON object");
        }
        JsonNode sv = root.get("schemaVersion");
        if (sv == null || !sv.isIntegralNumber()) {
            throw new AlertFormatException("alert JSON has no integer 'schemaVersion': it must say which schema it follows ("
                    + Alert.SCHEMA_VERSION + " for this SDK)");
        }
        if (sv.asInt() > Alert.SCHEMA_VERSION || sv.asInt() < 1) {
            throw new AlertFormatException("alert JSON has schemaVersion " + sv.asText() + " but this SDK reads up to "
                    + Alert.SCHEMA_VERSION + ": upgrade entryguard sdk-alerts on the reading side");
        }
        unknown("", root, TOP);
        Alert.Builder b = Alert.custom()
                .id(text(root, "id", true))
                .type(enumValue(AlertType.class, root, "type", true))
                .venue(venue(root))
                .cameraId(text(root, "cameraId", true))
                .time(time(root))
                .decision(text(root, "decision", false))
                .ruleApplied(text(root, "ruleApplied", false))
                .guardianState(enumValue(GuardianState.class, root, "guardianState", false));
        JsonNode kp = root.get("keyPeriod");
        if (kp == null || !kp.isBoolean()) {
            throw new AlertFormatException("alert JSON field 'keyPeriod' must be true or false");
        }
        b.keyPeriod(kp.booleanValue());
        JsonNode iv = root.get("ageInterval");
        if (iv != null) {
            if (!iv.isObject()) throw new AlertFormatException("alert JSON field 'ageInterval' must be an object {lower, upper}");
            unknown("ageInterval.", iv, INTERVAL);
            b.ageInterval(number(iv, "ageInterval.lower", "lower"), number(iv, "ageInterval.upper", "upper"));
        }
        if (root.has("estimatedAge")) b.estimatedAge(number(root, "estimatedAge", "estimatedAge"));
        JsonNode crop = root.get("faceCrop");
        if (crop != null) {
            if (!crop.isObject()) throw new AlertFormatException("alert JSON field 'faceCrop' must be an object {format, data}");
            unknown("faceCrop.", crop, CROP);
            if (!"jpeg".equals(text(crop, "format", true))) {
                throw new AlertFormatException("alert JSON field 'faceCrop.format' must be \"jpeg\"");
            }
            byte[] data;
            try {
                data = Base64.getDecoder().decode(text(crop, "data", true));
            } catch (IllegalArgumentException e) {
                throw new AlertFormatException("alert JSON field 'faceCrop.data' is not base64: encode the JPEG with standard base64", e);
            }
            b.faceCrop(FaceCrop.ofJpeg(data));
        }
        return b.build();
    }

    private static Venue venue(JsonNode root) {
        JsonNode v = root.get("venue");
        if (v == null || !v.isObject()) {
            throw new AlertFormatException("alert JSON field 'venue' is missing or not an object: it needs id, name, type, licence, address");
        }
        unknown("venue.", v, VENUE);
        return new Venue(text(v, "id", true, "venue.id"), text(v, "name", true, "venue.name"), text(v, "type", true, "venue.type"),
                text(v, "licence", true, "venue.licence"), text(v, "address", true, "venue.address"));
    }

    private static ZonedDateTime time(JsonNode root) {
        String t = text(root, "time", true);
        String z = text(root, "timeZone", true);
        OffsetDateTime odt;
        ZoneId zone;
        try {
            odt = OffsetDateTime.parse(t, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeException e) {
            throw new AlertFormatException("alert JSON field 'time' is '" + t + "', not an ISO-8601 time with offset:"
                    + " write e.g. 2025-03-01T21:15:03+08:00", e);
        }
        try {
            zone = ZoneId.of(z);
        } catch (DateTimeException e) {
            throw new AlertFormatException("alert JSON field 'timeZone' is '" + z + "', not a zone id: write e.g. Asia/Shanghai", e);
        }
        ZonedDateTime zdt = odt.atZoneSameInstant(zone);
        if (!zdt.getOffset().equals(odt.getOffset())) {
            throw new AlertFormatException("alert JSON 'time' has offset " + odt.getOffset() + " but zone " + z + " was at "
                    + zdt.getOffset() + " then: write the time with the zone's own offset");
        }
        return zdt;
    }

    private static void unknown(String prefix, JsonNode obj, Set<String> known) {
        for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f)) {
                throw new AlertFormatException("alert JSON has unknown field '" + prefix + f + "': schema version "
                        + Alert.SCHEMA_VERSION + " allows only " + known.stream().sorted().toList());
            }
        }
    }

    private static String text(JsonNode obj, String field, boolean required) { return text(obj, field, required, field); }

    private static String text(JsonNode obj, String field, boolean required, String path) {
        JsonNode n = obj.get(field);
        if (n == null || n.isNull()) {
            if (required) throw new AlertFormatException("alert JSON field '" + path + "' is missing: it is required");
            return null;
        }
        if (!n.isTextual()) throw new AlertFormatException("alert JSON field '" + path + "' must be a string, got " + n.getNodeType());
        return n.textValue();
    }

    private static double number(JsonNode obj, String path, String field) {
        JsonNode n = obj.get(field);
        if (n == null || !n.isNumber()) throw new AlertFormatException("alert JSON field '" + path + "' must be a number of years");
        return n.doubleValue();
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, JsonNode obj, String field, boolean required) {
        String s = text(obj, field, required);
        if (s == null) return null;
        try {
            return Enum.valueOf(type, s);
        } catch (IllegalArgumentException e) {
            throw new AlertFormatException("alert JSON field '" + field + "' is '" + s + "': expected one of "
                    + java.util.Arrays.toString(type.getEnumConstants()), e);
        }
    }

    private static String firstLine(String s) {
        if (s == null) return "no detail";
        int i = s.indexOf('\n');
        return i < 0 ? s : s.substring(0, i);
    }
}
