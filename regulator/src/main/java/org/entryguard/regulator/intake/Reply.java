package org.entryguard.regulator.intake;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One HTTP answer of the intake.
 *
 * @param status      HTTP status
 * @param contentType media type of {@code body}
 * @param body        the body
 * @param headers     extra headers (Retry-After, WWW-Authenticate)
 */
public record Reply(int status, String contentType, byte[] body, Map<String, String> headers) {
    static final ObjectMapper JSON = new ObjectMapper();

    /** {@code {"status": word}} with HTTP 200. */
    static Reply ok(String word) {
        return json(200, JSON.createObjectNode().put("status", word), Map.of());
    }

    /** {@code {"status":"rejected","reason":...,"error":...}}: the reason is the metric's, the error says what to fix. */
    static Reply rejected(int status, String reason, String error, Map<String, String> headers) {
        return json(status, JSON.createObjectNode().put("status", "rejected").put("reason", reason).put("error", error), headers);
    }

    static Reply json(int status, ObjectNode body, Map<String, String> headers) {
        return new Reply(status, "application/json", body.toString().getBytes(StandardCharsets.UTF_8), headers);
    }

    /** Plain text. */
    static Reply text(int status, String text) {
        return new Reply(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8), Map.of());
    }
}
