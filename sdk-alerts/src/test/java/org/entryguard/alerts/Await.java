package org.entryguard.alerts;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition reached by background threads; the limit only stops a broken test from hanging. */
final class Await {
    private Await() { }

    static void until(String what, BooleanSupplier cond) { until(what, cond, () -> ""); }

    static void until(String what, BooleanSupplier cond, Supplier<?> state) {
        long end = System.nanoTime() + 30_000_000_000L;
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("gave up waiting for: " + what + " " + state.get());
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
