package org.entryguard.regulator.intake;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per key (venue): {@code rate} tokens a second, holding at most two seconds' worth, so a venue
 * may burst after a quiet spell but one misbehaving gateway cannot crowd out a city's others. Thread-safe.
 */
final class RateLimiter {
    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final LongSupplier nanos;

    private static final class Bucket {
        final double rate;
        final double capacity;
        double tokens;
        long last;

        Bucket(double rate, long now) {
            this.rate = rate;
            this.capacity = Math.max(1, rate * 2);
            this.tokens = capacity;
            this.last = now;
        }
    }

    RateLimiter(LongSupplier nanos) { this.nanos = nanos; }

    /**
     * Takes one token of {@code key}'s bucket.
     *
     * @return 0 when allowed, else the whole seconds to wait (at least 1) for the Retry-After header
     */
    long acquire(String key, double ratePerSecond) {
        long now = nanos.getAsLong();
        Bucket b = buckets.computeIfAbsent(key, k -> new Bucket(ratePerSecond, now));
        synchronized (b) {
            b.tokens = Math.min(b.capacity, b.tokens + (now - b.last) / 1e9 * b.rate);
            b.last = now;
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - b.tokens) / b.rate));
        }
    }
}
