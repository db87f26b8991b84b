package org.entryguard.regulator.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Failed-login counting per user name and per client address: after {@code maxFailures} failures inside the window
 * both are refused (even with the right password) until the oldest failure leaves the window. Per address stops one
 * machine guessing many names; per name stops many machines guessing one officer's password.
 */
final class LoginLimiter {
    /** Entries kept at most; beyond it, entries with no failure in the window are dropped first. */
    private static final int MAX_KEYS = 20_000;

    private final int maxFailures;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new HashMap<>();

    LoginLimiter(int maxFailures, Duration window, Clock clock) {
        this.maxFailures = maxFailures;
        this.window = window;
        this.clock = clock;
    }

    /** How long {@code user} from {@code address} must wait, or {@link Duration#ZERO} when it may try now. */
    synchronized Duration retryAfter(String user, String address) {
        Instant now = clock.instant();
        Duration wait = Duration.ZERO;
        for (String key : new String[] {"u:" + user, "a:" + address}) {
            Deque<Instant> q = failures.get(key);
            if (q == null) {
                continue;
            }
            prune(q, now);
            if (q.size() >= maxFailures) {
                Duration w = Duration.between(now, q.peekFirst().plus(window));
                if (w.compareTo(wait) > 0) {
                    wait = w;
                }
            }
        }
        return wait;
    }

    synchronized void failed(String user, String address) {
        Instant now = clock.instant();
        if (failures.size() >= MAX_KEYS) {
            failures.values().removeIf(q -> {
                prune(q, now);
                return q.isEmpty();
            });
        }
        for (String key : new String[] {"u:" + user, "a:" + address}) {
            if (failures.size() >= MAX_KEYS && !failures.containsKey(key)) {
                continue; // still full of live entries: the address key alone keeps limiting
            }
            Deque<Instant> q = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
            q.addLast(now);
            while (q.size() > maxFailures) {
                q.removeFirst();
            }
        }
    }

    /** A right password clears the name's count; the address keeps its count so guessing across names stays slow. */
    synchronized void succeeded(String user) {
        failures.remove("u:" + user);
    }

    private void prune(Deque<Instant> q, Instant now) {
        while (!q.isEmpty() && !q.peekFirst().plus(window).isAfter(now)) {
            q.removeFirst();
        }
    }
}
