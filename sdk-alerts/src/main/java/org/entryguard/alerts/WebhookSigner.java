package org.entryguard.alerts;

import java.util.List;
import java.util.StringJoiner;


/**
 * Signs webhook messages the Standard Webhooks way: {@code webhook-signature: v1,<base64 HMAC-SHA256 of
 * id.timestamp.body>}, one {@code v1,} entry per secret, space separated. Sign with the old and the new secret
 * during a key rotation so receivers on either keep accepting. Immutable and thread-safe.
 */
public final class WebhookSigner {
    /** Header carrying the message id (the alert id). */
    public static final String HEADER_ID = "webhook-id";
    /** Header carrying the signing time in Unix seconds. */
    public static final String HEADER_TIMESTAMP = "webhook-timestamp";
    /** Header carrying the space-separated signatures. */
    public static final String HEADER_SIGNATURE = "webhook-signature";

    private final List<WebhookSecret> secrets;

    private WebhookSigner(List<WebhookSecret> secrets) { this.secrets = secrets; }

    /**
     * A signer that signs with every given secret (usually one; two while rotating).
     *
     * @throws IllegalArgumentException when no secret is given
     */
    public static WebhookSigner of(WebhookSecret... secrets) {
        if (secrets == null || secrets.length == 0) {
            throw new IllegalArgumentException("a webhook signer needs at least one secret: pass WebhookSecret.parse(\"whsec_...\")");
        }
        return new WebhookSigner(List.of(secrets));
    }

    /** The {@code webhook-signature} header value for this message. */
    public String signature(String id, long timestampSeconds, byte[] body) {
        StringJoiner j = new StringJoiner(" ");
        for (WebhookSecret s : secrets) j.add("v1," + Signatures.base64(Signatures.sign(s.key(), id, timestampSeconds, body)));
        return j.toString();
    }
}
