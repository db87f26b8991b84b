package org.entryguard.alerts;

import java.util.Locale;
import java.util.Map;

/**
 * The receiver's answer to one attempt.
 *
 * @param status  HTTP status code
 * @param headers response headers, lower-case names
 * @param body    response body (capped; receivers answer small)
 */
public record DeliveryResponse(int status, Map<String, String> headers, byte[] body) {

    /** Copies the headers. */
    public DeliveryResponse { headers = Map.copyOf(headers); }

    /** One header, or null. */
    public String header(String name) { return headers.get(name.toLowerCase(Locale.ROOT)); }

    /** Whether the status is 2xx. */
    public boolean successful() { return status >= 200 && status < 300; }
}
