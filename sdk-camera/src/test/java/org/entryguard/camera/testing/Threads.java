package org.entryguard.camera.testing;

import java.util.List;
import java.util.stream.Collectors;

/** Finds the SDK's own threads, to prove shutdown leaks none. */
public final class Threads {
    private Threads() {
    }

    /** Names of live threads whose name starts with "entryguard-". */
    public static List<String> entryguardThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("entryguard-")).sorted().collect(Collectors.toList());
    }

    /** Waits up to the timeout for all SDK threads to exit; returns the ones still alive. */
    public static List<String> awaitNoEntryguardThreads(long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        List<String> alive = entryguardThreads();
        while (!alive.isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
            alive = entryguardThreads();
        }
        return alive;
    }
}
