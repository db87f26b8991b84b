package org.entryguard.camera.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Random;
import org.entryguard.camera.ReconnectPolicy;
import org.junit.jupiter.api.Test;

class ReconnectPolicyTest {
    @Test
    void growsExponentiallyAndCaps() {
        ReconnectPolicy p = new ReconnectPolicy(Duration.ofMillis(500), Duration.ofSeconds(10), 2.0, 0.0, 0);
        assertEquals(500, p.delayMillis(1, 0.7));
        assertEquals(1000, p.delayMillis(2, 0.7));
        assertEquals(2000, p.delayMillis(3, 0.7));
        assertEquals(8000, p.delayMillis(5, 0.7));
        assertEquals(10000, p.delayMillis(6, 0.7));
        assertEquals(10000, p.delayMillis(10_000, 0.7), "no overflow for huge attempt counts");
    }

    @Test
    void jitterOnlyShortensWithinTheFraction() {
        ReconnectPolicy p = ReconnectPolicy.DEFAULT; // 30 % jitter
        Random r = new Random(42);
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 10_000; i++) {
            long d = p.delayMillis(20, r.nextDouble());
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        assertTrue(max <= 10_000, "never above the cap: " + max);
        assertTrue(min >= 7_000, "never below cap*(1-jitter): " + min);
        assertTrue(max - min > 2_000, "jitter actually spreads the delays: " + min + ".." + max);
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class,
                () -> new ReconnectPolicy(Duration.ofSeconds(2), Duration.ofSeconds(1), 2, 0.1, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new ReconnectPolicy(Duration.ofSeconds(1), Duration.ofSeconds(2), 0.5, 0.1, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new ReconnectPolicy(Duration.ofSeconds(1), Duration.ofSeconds(2), 2, 1.5, 0));
        assertThrows(IllegalArgumentException.class, () -> ReconnectPolicy.DEFAULT.withMaxAttempts(-1));
    }
}
