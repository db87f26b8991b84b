package org.entryguard.alerts;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP POST about to be sent: immutable; derive a changed copy with {@link #from(DeliveryRequest)}. Header names
 * are lower-case (HTTP header names are case-insensitive; Standard Webhooks writes them lower-case).
 */
public final class DeliveryRequest {
    private final URI uri;
    private final Map<String, String> headers;
    private final byte[] body;

    private DeliveryRequest(Builder b) {
        this.uri = Objects.requireNonNull(b.uri, "uri");
        this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(b.headers));
        this.body = Objects.requireNonNull(b.body, "body");
    }

    /** A new builder. */
    public static Builder custom() { return new Builder(); }

    /** A builder with {@code request}'s values, to derive a changed copy. */
    public static Builder from(DeliveryRequest request) {
        Objects.requireNonNull(request, "request");
        Builder b = new Builder();
        b.uri = request.uri;
        b.headers.putAll(request.headers);
        b.body = request.body;
        return b;
    }

    /** Where it goes. */
    public URI uri() { return uri; }
    /** All headers, lower-case names. */
    public Map<String, String> headers() { return headers; }
    /** One header, or null. */
    public String header(String name) { return headers.get(name.toLowerCase(Locale.ROOT)); }
    /** The body; do not modify the returned array (it is shared to avoid copying alerts on every attempt). */
    public byte[] body() { return body; }

    @Override
    public String toString() { return "POST " + uri + " " + body.length + " bytes"; }

    /** Collects a request's values. */
    public static final class Builder {
        private URI uri;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private byte[] body = new byte[0];

        private Builder() { }

        /** Sets the target. */
        public Builder uri(URI uri) { this.uri = uri; return this; }
        /** Sets (replaces) a header. */
        public Builder header(String name, String value) {
            headers.put(name.toLowerCase(Locale.ROOT), Objects.requireNonNull(value, "value"));
            return this;
        }
        /** Removes a header. */
        public Builder removeHeader(String name) { headers.remove(name.toLowerCase(Locale.ROOT)); return this; }
        /** Sets the body. */
        public Builder body(byte[] body) { this.body = Objects.requireNonNull(body, "body"); return this; }
        /** Builds the request. */
        public DeliveryRequest build() { return new DeliveryRequest(this); }
    }
}
