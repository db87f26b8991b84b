package org.entryguard.alerts;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 over the Standard Webhooks signed content {@code id.timestamp.body}. */
final class Signatures {
    private Signatures() { }

    static byte[] sign(SecretKeySpec key, String id, long timestamp, byte[] body) {
        Mac mac = mac(key);
        mac.update(id.getBytes(StandardCharsets.UTF_8));
        mac.update((byte) '.');
        mac.update(Long.toString(timestamp).getBytes(StandardCharsets.US_ASCII));
        mac.update((byte) '.');
        mac.update(body);
        return mac.doFinal();
    }

    static byte[] hmac(SecretKeySpec key, byte[] data) { return mac(key).doFinal(data); }

    static String base64(byte[] b) { return Base64.getEncoder().encodeToString(b); }

    private static Mac mac(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }
}
