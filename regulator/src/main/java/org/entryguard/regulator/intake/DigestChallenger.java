package org.entryguard.regulator.intake;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP Digest access authentication, server side (RFC 7616, with RFC 2617's MD5 that GA/T 1400 devices use; SHA-256
 * too): issues challenges with {@code qop="auth"} and checks a request's {@code Authorization} against the
 * device's password. Only qop=auth is accepted: the RFC 2069 form has no client nonce and no nonce count, so a
 * captured answer could be replayed. Stateless; the caller keeps each device's nonce and used nonce counts.
 */
final class DigestChallenger {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The parsed {@code Authorization: Digest ...} parameters, names lower-cased. */
    record Credentials(Map<String, String> params) {
        String get(String name) { return params.get(name); }
    }

    private DigestChallenger() { }

    /** A fresh unguessable nonce. */
    static String newNonce() {
        byte[] n = new byte[16];
        RANDOM.nextBytes(n);
        return HexFormat.of().formatHex(n);
    }

    /** The {@code WWW-Authenticate} value for {@code nonce}. */
    static String challenge(String realm, String nonce) {
        return "Digest realm=\"" + realm + "\", qop=\"auth\", nonce=\"" + nonce + "\", algorithm=MD5";
    }

    /** Parses an Authorization header; null when absent or not Digest. */
    static Credentials parse(String header) {
        if (header == null) return null;
        String h = header.trim();
        if (h.length() < 7 || !h.regionMatches(true, 0, "Digest ", 0, 7)) return null;
        Map<String, String> out = new LinkedHashMap<>();
        String s = h.substring(7);
        int i = 0;
        int n = s.length();
        while (i < n) {
            while (i < n && (s.charAt(i) == ',' || Character.isWhitespace(s.charAt(i)))) i++;
            int eq = s.indexOf('=', i);
            if (eq < 0) break;
            String name = s.substring(i, eq).trim().toLowerCase(Locale.ROOT);
            i = eq + 1;
            while (i < n && Character.isWhitespace(s.charAt(i))) i++;
            StringBuilder v = new StringBuilder();
            if (i < n && s.charAt(i) == '"') {
                i++;
                while (i < n && s.charAt(i) != '"') {
                    if (s.charAt(i) == '\\' && i + 1 < n) i++;
                    v.append(s.charAt(i++));
                }
                i++;
            } else {
                while (i < n && s.charAt(i) != ',') v.append(s.charAt(i++));
            }
            out.put(name, v.toString().trim());
        }
        return new Credentials(out);
    }

    /**
     * Checks credentials: same realm, nonce, URI, qop=auth, and the response hash of the password.
     *
     * @return null when valid, else why not (for the log and the counted reason)
     */
    static String check(Credentials c, String realm, String nonce, String username, String password, String method, String uri) {
        if (!realm.equals(c.get("realm"))) return "realm differs";
        if (!nonce.equals(c.get("nonce"))) return "stale or unknown nonce";
        if (!username.equals(c.get("username"))) return "username differs from the provisioned one";
        if (!uri.equals(c.get("uri"))) return "uri differs from the request's";
        if (!"auth".equals(c.get("qop")) || c.get("nc") == null || c.get("cnonce") == null) return "qop=auth with nc and cnonce required";
        String alg = c.params().getOrDefault("algorithm", "MD5").toUpperCase(Locale.ROOT);
        String java = switch (alg) {
            case "MD5", "MD5-SESS" -> "MD5";
            case "SHA-256", "SHA-256-SESS" -> "SHA-256";
            default -> null;
        };
        if (java == null) return "algorithm " + alg + " is not supported";
        String ha1 = hex(java, username + ":" + realm + ":" + password);
        if (alg.endsWith("-SESS")) ha1 = hex(java, ha1 + ":" + nonce + ":" + c.get("cnonce"));
        String ha2 = hex(java, method + ":" + uri);
        String expected = hex(java, ha1 + ":" + nonce + ":" + c.get("nc") + ":" + c.get("cnonce") + ":auth:" + ha2);
        String given = c.params().getOrDefault("response", "");
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), given.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII))
                ? null : "wrong password (response hash does not match)";
    }

    private static String hex(String alg, String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(alg).digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
