package org.entryguard.alerts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AlertJsonTest {
    private static final ObjectMapper M = new ObjectMapper();

    @Test
    void fullAlertRoundTripsToEqualValueAndBytes() {
        Alert a = TestAlerts.minorEntry("alert-1");
        byte[] json = a.toJson();
        Alert back = Alert.fromJson(json);
        assertEquals(a, back);
        assertArrayEquals(json, back.toJson());
        assertEquals(TestAlerts.TIME, back.time());
        assertEquals("Asia/Shanghai", back.time().getZone().getId());
    }

    @Test
    void writesSchemaVersionAndNoImageByDefault() throws Exception {
        JsonNode n = M.readTree(TestAlerts.minorEntry("a-2").toJson());
        assertEquals(Alert.SCHEMA_VERSION, n.get("schemaVersion").asInt());
        assertEquals("2025-07-19T21:15:03.12+08:00", n.get("time").asText());
        assertFalse(n.has("faceCrop"));
    }

    @Test
    void minimalAndHotelAndCropRoundTrip() {
        Alert down = TestAlerts.cameraDown("down-1");
        assertEquals(down, Alert.fromJson(down.toJson()));
        Alert hotel = Alert.from(TestAlerts.minorEntry("h-1")).type(AlertType.MINOR_AT_HOTEL)
                .guardianState(GuardianState.GUARDIAN_CONTACTED).faceCrop(FaceCrop.ofJpeg(TestAlerts.jpeg(300))).build();
        Alert back = Alert.fromJson(hotel.toJson());
        assertEquals(hotel, back);
        assertEquals(300, back.faceCrop().orElseThrow().size());
        Alert fixedOffset = Alert.from(down).time(TestAlerts.TIME.withZoneSameInstant(ZoneOffset.ofHours(8))).build();
        assertEquals(fixedOffset, Alert.fromJson(fixedOffset.toJson()));
    }

    @Test
    void builderRejectsInconsistentAlertsWithTheFix() {
        var e = assertThrows(AlertFormatException.class, () -> Alert.from(TestAlerts.minorEntry("x"))
                .type(AlertType.MINOR_AT_HOTEL).build());
        assertTrue(e.getMessage().contains("guardianState"), e.getMessage());
        e = assertThrows(AlertFormatException.class, () -> Alert.from(TestAlerts.minorEntry("x")).ageInterval(18, 12).build());
        assertTrue(e.getMessage().contains("swap"), e.getMessage());
        e = assertThrows(AlertFormatException.class, () -> TestAlerts.minorEntry("bad id with spaces"));
        assertTrue(e.getMessage().contains("webhook-id"), e.getMessage());
        e = assertThrows(AlertFormatException.class, () -> FaceCrop.ofJpeg(new byte[] {1, 2, 3, 4}));
        assertTrue(e.getMessage().contains("not a JPEG"), e.getMessage());
        e = assertThrows(AlertFormatException.class, () -> FaceCrop.ofJpeg(TestAlerts.jpeg(FaceCrop.MAX_BYTES + 1)));
        assertTrue(e.getMessage().contains("ceiling"), e.getMessage());
        e = assertThrows(AlertFormatException.class, () -> Alert.custom().type(AlertType.CAMERA_DOWN).build());
        assertTrue(e.getMessage().contains("'venue' is missing"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            not json             | {"id":                                         | not well-formed
            array                | []                                             | must be an object
            trailing garbage     | {"schemaVersion":1} x                          | not well-formed
            no version           | {"id":"a"}                                     | schemaVersion
            newer version        | {"schemaVersion":2}                            | upgrade
            """)
    void rejectsMalformedDocuments(String name, String json, String expected) {
        var e = assertThrows(AlertFormatException.class, () -> Alert.fromJson(json.getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            unknown field      | /extra           | "x"                          | unknown field 'extra'
            missing venue name | /venue/name      | null                         | 'venue.name' is missing
            type not in enum   | /type            | "MINOR_PARTY"                | expected one of
            number as string   | /cameraId        | 42                           | must be a string
            bad time           | /time            | "yesterday"                  | ISO-8601
            offset vs zone     | /time            | "2025-07-19T21:15:03+09:00"  | zone's own offset
            bad zone           | /timeZone        | "Mars/Olympus"               | not a zone id
            keyPeriod string   | /keyPeriod       | "yes"                        | true or false
            age out of range   | /estimatedAge    | 400                          | [0, 150]
            """)
    void rejectsBadFieldsNamingTheField(String name, String pointer, String value, String expected) throws Exception {
        ObjectNode n = (ObjectNode) M.readTree(TestAlerts.minorEntry("f-1").toJson());
        int slash = pointer.lastIndexOf('/');
        ObjectNode parent = (ObjectNode) n.at(pointer.substring(0, slash));
        String field = pointer.substring(slash + 1);
        if (value.equals("null")) parent.remove(field); else parent.set(field, M.readTree(value));
        var e = assertThrows(AlertFormatException.class, () -> Alert.fromJson(M.writeValueAsBytes(n)));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void duplicateKeysAreRefused() {
        String json = new String(TestAlerts.cameraDown("d-1").toJson(), StandardCharsets.UTF_8)
                .replace("{\"schemaVersion\":1,", "{\"schemaVersion\":1,\"id\":\"other\",");
        var e = assertThrows(AlertFormatException.class, () -> Alert.fromJson(json.getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("Duplicate field"), e.getMessage());
    }

    @Test
    void publishedSchemaDescribesExactlyTheWrittenFields() throws Exception {
        JsonNode schema;
        try (InputStream in = Alert.class.getResourceAsStream("alert.schema.json")) {
            schema = M.readTree(in);
        }
        Alert full = Alert.from(TestAlerts.minorEntry("s-1")).type(AlertType.MINOR_AT_HOTEL)
                .guardianState(GuardianState.GUARDIAN_CONFIRMED).faceCrop(FaceCrop.ofJpeg(TestAlerts.jpeg(10))).build();
        JsonNode written = M.readTree(full.toJson());
        assertEquals(names(schema.get("properties")), names(written));
        assertEquals(names(schema.at("/properties/venue/properties")), names(written.get("venue")));
        assertEquals(Alert.SCHEMA_VERSION, schema.at("/properties/schemaVersion/const").asInt());
        for (JsonNode req : schema.get("required")) {
            assertTrue(M.readTree(TestAlerts.cameraDown("m").toJson()).has(req.asText()), "minimal alert lacks " + req);
        }
        Set<String> enumTypes = new HashSet<>();
        schema.at("/properties/type/enum").forEach(t -> enumTypes.add(t.asText()));
        for (AlertType t : AlertType.values()) assertTrue(enumTypes.contains(t.name()), t + " missing from schema");
    }

    private static Set<String> names(JsonNode obj) {
        Set<String> s = new HashSet<>();
        for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) s.add(it.next());
        return s;
    }
}
