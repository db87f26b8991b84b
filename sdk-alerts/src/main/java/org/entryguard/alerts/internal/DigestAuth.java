package org.entryguard.alerts.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP Digest access authentication, client side (RFC 7616, which keeps RFC 2617's MD5 scheme): parses a
 * {@code WWW-Authenticate: Digest ...} challenge and computes the {@code Authorization} header. Supports
 * {@code qop="auth"} (the RFC 2069 form without qop is refused as a downgrade) with MD5 (the default, what GA/T 1400 view libraries
 * use), MD5-sess, SHA-256 and SHA-256-sess. {@code qop="auth-int"} alone is refused with a clear message.
 */
public final class DigestAuth {
    private static final SecureRandom RANDOM = new SecureRandom();

    private DigestAuth() { }

    /**
     * A parsed challenge.
     *
     * @param realm     protection space, shown to users; part of the hash
     * @param nonce     server nonce
     * @param qop       "auth" when the server offered it, null for the RFC 2069 form
     * @param opaque    echoed back unchanged, or null
     * @param algorithm MD5, MD5-sess, SHA-256 or SHA-256-sess
     * @param stale     the nonce expired but the credentials were fine: retry with the new nonce
     */
    public record Challenge(String realm, String nonce, String qop, String opaque, String algorithm, boolean stale) {

        /**
         * Parses a {@code WWW-Authenticate} value.
         *
         * @throws IllegalArgumentException naming what is missing or unsupported
         */
        public static Challenge parse(String header) {
            if (header == null || header.isBlank()) throw new IllegalArgumentException("no WWW-Authenticate header in the 401 answer");
            String h = header.trim();
            if (!h.regionMatches(true, 0, "Digest", 0, 6)) {
                throw new IllegalArgumentException("WWW-Authenticate '" + abbreviate(h) + "' is not a Digest challenge");
            }
            Map<String, String> p = params(h.substring(6));
            String realm = p.get("realm");
            String nonce = p.get("nonce");
            if (realm == null || nonce == null) {
                throw new IllegalArgumentException("Digest challenge '" + abbreviate(h) + "' lacks realm or nonce");
            }
            String qop = null;
            if (!p.containsKey("qop")) {
                // RFC 2069 Digest (no qop, no cnonce): a man in the middle can strip qop from the challenge to get
                // a response it can replay and attack offline without client nonce; refuse the downgrade
                throw new IllegalArgumentException("Digest challenge '" + abbreviate(h) + "' has no qop (the RFC 2069"
                        + " form): refused as a downgrade; the view library must offer qop=\"auth\" (RFC 7616/2617)");
            }
            for (String q : p.get("qop").split(",")) {
                if (q.trim().equalsIgnoreCase("auth")) qop = "auth";
            }
            if (qop == null) {
                throw new IllegalArgumentException("Digest challenge offers qop=\"" + p.get("qop") + "\" only; qop=auth is supported");
            }
            String alg = p.getOrDefault("algorithm", "MD5");
            javaAlgorithm(alg); // validates
            return new Challenge(realm, nonce, qop, p.get("opaque"), alg, "true".equalsIgnoreCase(p.get("stale")));
        }
    }

    /** Parses comma-separated {@code name=value} / {@code name="quoted value"} pairs; names lower-cased. */
    public static Map<String, String> params(String s) {
        Map<String, String> out = new LinkedHashMap<>();
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
                i++; // closing quote
            } else {
                while (i < n && s.charAt(i) != ',') v.append(s.charAt(i++));
            }
            out.put(name, v.toString().trim());
        }
        return out;
    }

    /**
     * The request digest ({@code response=}) of RFC 7616 section 3.4.1.
     *
     * @param nc     the nonce count as 8 hex digits; ignored without qop
     * @param cnonce the client nonce; ignored without qop unless the algorithm is a -sess one
     */
    public static String response(Challenge c, String username, String password, String method, String uri, String nc, String cnonce) {
        String alg = javaAlgorithm(c.algorithm());
        String ha1 = hex(alg, username + ":" + c.realm() + ":" + password);
        if (c.algorithm().toLowerCase(Locale.ROOT).endsWith("-sess")) ha1 = hex(alg, ha1 + ":" + c.nonce() + ":" + cnonce);
        String ha2 = hex(alg, method + ":" + uri);
        return c.qop() == null
                ? hex(alg, ha1 + ":" + c.nonce() + ":" + ha2)
                : hex(alg, ha1 + ":" + c.nonce() + ":" + nc + ":" + cnonce + ":" + c.qop() + ":" + ha2);
    }

    /** The complete {@code Authorization} header value for one request; {@code nc} counts requests under this nonce. */
    public static String authorization(Challenge c, String username, String password, String method, String uri, long nc) {
        String ncHex = String.format(Locale.ROOT, "%08x", nc);
        byte[] cn = new byte[8];
        RANDOM.nextBytes(cn);
        String cnonce = HexFormat.of().formatHex(cn);
        StringBuilder b = new StringBuilder("Digest username=\"").append(quote(username))
                .append("\", realm=\"").append(quote(c.realm()))
                .append("\", nonce=\"").append(quote(c.nonce()))
                .append("\", uri=\"").append(quote(uri))
                .append("\", response=\"").append(response(c, username, password, method, uri, ncHex, cnonce)).append('"')
                .append(", algorithm=").append(c.algorithm());
        if (c.qop() != null) b.append(", qop=").append(c.qop()).append(", nc=").append(ncHex).append(", cnonce=\"").append(cnonce).append('"');
        if (c.opaque() != null) b.append(", opaque=\"").append(quote(c.opaque())).append('"');
        return b.toString();
    }

    private static String javaAlgorithm(String alg) {
        return switch (alg.toUpperCase(Locale.ROOT)) {
            case "MD5", "MD5-SESS" -> "MD5";
            case "SHA-256", "SHA-256-SESS" -> "SHA-256";
            default -> throw new IllegalArgumentException("Digest algorithm '" + alg + "' is not supported; use MD5 or SHA-256");
        };
    }

    private static String hex(String alg, String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(alg).digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(alg + " is missing from this JVM", e);
        }
    }

    private static String quote(String s) { return s.replace("\\", "\\\\").replace("\"", "\\\""); }

    private static String abbreviate(String s) { return s.length() <= 80 ? s : s.substring(0, 80) + "..."; }
}
