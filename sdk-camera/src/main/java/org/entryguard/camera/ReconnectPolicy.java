package org.entryguard.camera;

import java.time.Duration;
import java.util.Objects;

/**
 * Capped exponential backoff with jitter between open attempts.
 *
 * <p>The n-th consecutive failed attempt (n from 1) waits {@code min(maxDelay, initialDelay * multiplier^(n-1))},
 * shortened by a random fraction of up to {@code jitter} so that many cameras that dropped together (a switch
 * reboot) do not all reconnect in the same instant. The count restarts after a frame arrives.
 *
 * @param initialDelay wait after the first failure
 * @param maxDelay the cap
 * @param multiplier growth per failure, at least 1
 * @param jitter fraction in [0, 1] of each delay that is randomised away
 * @param maxAttempts consecutive failed attempts before FAILED; 0 means retry forever (the default:
 *                    cameras come back)
 */
public record ReconnectPolicy(Duration initialDelay, Duration maxDelay, double multiplier, double jitter,
                              int maxAttempts) {

    /** 0.5 s doubling up to 10 s, 30 % jitter, retry forever. */
    public static final ReconnectPolicy DEFAULT =
            new ReconnectPolicy(Duration.ofMillis(500), Duration.ofSeconds(10), 2.0, 0.3, 0);

    /** Validates the values. */
    public ReconnectPolicy {
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("ReconnectPolicy needs 0 <= initialDelay <= maxDelay, got "
                    + initialDelay + " and " + maxDelay);
        }
        if (!(multiplier >= 1.0)) {
            throw new IllegalArgumentException("ReconnectPolicy multiplier must be >= 1, got " + multiplier);
        }
        if (!(jitter >= 0.0 && jitter <= 1.0)) {
            throw new IllegalArgumentException("ReconnectPolicy jitter must be in [0, 1], got " + jitter);
        }
        if (maxAttempts < 0) {
            throw new IllegalArgumentException("ReconnectPolicy maxAttempts must be >= 0 (0 = forever), got "
                    + maxAttempts);
        }
    }

    /** Same policy with another attempt limit (0 = forever). */
    public ReconnectPolicy withMaxAttempts(int maxAttempts) {
        return new ReconnectPolicy(initialDelay, maxDelay, multiplier, jitter, maxAttempts);
    }

    /**
     * The wait after the given consecutive failure.
     *
     * @param failure consecutive failures so far, from 1
     * @param random01 a uniform random number in [0, 1)
     * @return the delay in milliseconds
     */
    public long delayMillis(int failure, double random01) {
        double base = initialDelay.toMillis() * Math.pow(multiplier, Math.max(0, failure - 1));
        double capped = Math.min(maxDelay.toMillis(), base);
        return Math.round(capped * (1.0 - jitter * random01));
    }
}
