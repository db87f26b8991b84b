package org.entryguard.alerts;

import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.spec.SecretKeySpec;


/**
 * A Standard Webhooks signing secret, written {@code whsec_<base64 of 24 to 64 random bytes>}. The sender and
 * the receiver share it. {@link #toString()} never shows the key.
 */
public final class WebhookSecret {
    private static final String PREFIX = "whsec_";
    private static final int MIN_BYTES = 24;
    private static final int MAX_BYTES = 64;

    private final SecretKeySpec key;
    private final String fingerprint;

    private WebhookSecret(byte[] raw) {
        this.key = new SecretKeySpec(raw, "HmacSHA256");
        // A short non-reversible tag, so logs can say which of two rotated secrets is which.
        this.fingerprint = Signatures.base64(Signatures.hmac(key, "entryguard-fingerprint".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
                .substring(0, 8);
    }

    /**
     * Parses a secret.
     *
     * @throws IllegalArgumentException when the text is not {@code whsec_} + base64 of 24 to 64 bytes
     */
    public static WebhookSecret parse(String text) {
        if (text == null || !text.startsWith(PREFIX)) {
            throw new IllegalArgumentException("webhook secret must start with 'whsec_': copy the whole secret the receiver"
                    + " issued, or create one with WebhookSecret.generate()");
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(text.substring(PREFIX.length()).trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("webhook secret after 'whsec_' is not base64: copy it again without line breaks", e);
        }
        if (raw.length < MIN_BYTES || raw.length > MAX_BYTES) {
            throw new IllegalArgumentException("webhook secret decodes to " + raw.length + " bytes; Standard Webhooks asks for "
                    + MIN_BYTES + " to " + MAX_BYTES + ": create one with WebhookSecret.generate()");
        }
        return new WebhookSecret(raw);
    }

    /** A fresh random 32-byte secret. */
    public static WebhookSecret generate() {
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        return new WebhookSecret(raw);
    }

    /** The secret in its shareable {@code whsec_...} form. Treat the result like a password. */
    public String reveal() { return PREFIX + Base64.getEncoder().encodeToString(key.getEncoded()); }

    SecretKeySpec key() { return key; }

    /** A short tag that identifies the secret without revealing it. */
    public String fingerprint() { return fingerprint; }

    @Override
    public String toString() { return "WebhookSecret[" + fingerprint + "]"; }
}
