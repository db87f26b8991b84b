package org.entryguard.regulator.console;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Logged-in officers, in memory: a restart logs everyone out, which is the safe side for a console. The cookie
 * carries a random 256-bit token; a separate random CSRF token goes to the page in a response body and must come
 * back in a header on every change.
 */
final class Sessions {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One login. {@code language} is the officer's choice for this session only. */
    static final class Session {
        final String token;
        final String csrf;
        final ConsoleSettings.User user;
        final Instant created;
        volatile Instant lastSeen;
        volatile String language;

        Session(String token, String csrf, ConsoleSettings.User user, Instant now, String language) {
            this.token = token;
            this.csrf = csrf;
            this.user = user;
            this.created = now;
            this.lastSeen = now;
            this.language = language;
        }

        boolean csrfMatches(String header) {
            return header != null && MessageDigest.isEqual(csrf.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                    header.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
    }

    private final Map<String, Session> byToken = new ConcurrentHashMap<>();
    private final Duration idle;
    private final Duration max;
    private final Clock clock;

    Sessions(Duration idle, Duration max, Clock clock) {
        this.idle = idle;
        this.max = max;
        this.clock = clock;
    }

    Session open(ConsoleSettings.User user, String language) {
        purge();
        Session s = new Session(randomToken(), randomToken(), user, clock.instant(), language);
        byToken.put(s.token, s);
        return s;
    }

    /** The live session for a cookie value, touching its idle timer; {@code null} when absent or expired. */
    Session find(String token) {
        if (token == null) {
            return null;
        }
        Session s = byToken.get(token);
        if (s == null) {
            return null;
        }
        if (!alive(s)) {
            byToken.remove(token);
            return null;
        }
        s.lastSeen = clock.instant();
        return s;
    }

    /** Whether {@code s} is still logged in, without touching it (the live stream's heartbeat asks this). */
    boolean alive(Session s) {
        Instant now = clock.instant();
        return byToken.get(s.token) == s && now.isBefore(s.lastSeen.plus(idle)) && now.isBefore(s.created.plus(max));
    }

    void touch(Session s) {
        s.lastSeen = clock.instant();
    }

    void close(Session s) {
        byToken.remove(s.token);
    }

    int size() {
        return byToken.size();
    }

    private void purge() {
        byToken.values().removeIf(s -> {
            Instant now = clock.instant();
            return !now.isBefore(s.lastSeen.plus(idle)) || !now.isBefore(s.created.plus(max));
        });
    }

    private static String randomToken() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
