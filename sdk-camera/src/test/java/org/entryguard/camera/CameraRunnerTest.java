package org.entryguard.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.entryguard.camera.testing.FakeSource;
import org.entryguard.camera.testing.Threads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CameraRunnerTest {
    @AfterEach
    void noThreadLeft() throws InterruptedException {
        assertEquals(List.of(), Threads.awaitNoEntryguardThreads(5000));
    }

    @Test
    void roundRobinIsFairWhenAnalysisIsTheBottleneck() throws Exception {
        List<String> order = new ArrayList<>();
        CountDownLatch enough = new CountDownLatch(300);
        try (CameraRunner runner = CameraRunner.custom().analysisThreads(1)
                .source(new FakeSource("a")).source(new FakeSource("b")).source(new FakeSource("c"))
                .handler(f -> {
                    synchronized (order) {
                        order.add(f.sourceId());
                    }
                    enough.countDown();
                }).build()) {
            runner.start();
            assertTrue(enough.await(30, TimeUnit.SECONDS));
        }
        // after the first round the order is strictly a,b,c,a,b,c... : no camera is served twice before the others
        List<String> steady = order.subList(3, 300);
        for (int i = 3; i < steady.size(); i++) {
            assertEquals(steady.get(i - 3), steady.get(i), "round robin broken at " + i + ": " + steady.subList(0, i + 1));
        }
    }

    @Test
    void aCameraIsNeverAnalysedOnTwoThreadsAtOnce() throws Exception {
        Map<String, AtomicBoolean> busy = new ConcurrentHashMap<>();
        AtomicInteger overlaps = new AtomicInteger();
        CountDownLatch enough = new CountDownLatch(2000);
        CameraRunner.Builder b = CameraRunner.custom().analysisThreads(4);
        for (int i = 0; i < 3; i++) {
            b.source(new FakeSource("cam" + i));
        }
        try (CameraRunner runner = b.handler(f -> {
            AtomicBoolean flag = busy.computeIfAbsent(f.sourceId(), k -> new AtomicBoolean());
            if (!flag.compareAndSet(false, true)) {
                overlaps.incrementAndGet();
            }
            Thread.onSpinWait();
            flag.set(false);
            enough.countDown();
        }).build()) {
            runner.start();
            assertTrue(enough.await(30, TimeUnit.SECONDS));
        }
        assertEquals(0, overlaps.get());
    }

    @Test
    void handlerErrorsAreCountedAndTheCameraKeepsRunning() throws Exception {
        CountDownLatch enough = new CountDownLatch(50);
        try (CameraRunner runner = CameraRunner.custom().analysisThreads(2).source(new FakeSource("x"))
                .handler(f -> {
                    enough.countDown();
                    throw new IllegalStateException("model exploded");
                }).build()) {
            runner.start();
            assertTrue(enough.await(30, TimeUnit.SECONDS));
            // the latch fires inside the handler, before the runner counts the error: wait for the count to catch up
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            CameraStats s = runner.stats().get(0);
            while (s.handlerErrors() < 50 && System.nanoTime() < deadline) {
                Thread.sleep(5);
                s = runner.stats().get(0);
            }
            assertTrue(s.handlerErrors() >= 50, s.toString());
            assertTrue(s.framesAnalysed() >= 50, s.toString());
            assertTrue(s.latencyP50Millis() >= 0, s.toString());
            System.out.println(s.statusLine());
        }
    }

    @Test
    void builderRejectsMistakes() {
        assertThrows(IllegalStateException.class, () -> CameraRunner.custom().source(new FakeSource("a")).build());
        assertThrows(IllegalStateException.class, () -> CameraRunner.custom().handler(f -> { }).build());
        assertThrows(IllegalArgumentException.class, () -> CameraRunner.custom().handler(f -> { })
                .source(new FakeSource("a")).camera(CameraConfig.custom("x.mp4").id("a").build()).build());
        assertThrows(IllegalArgumentException.class, () -> CameraRunner.custom().analysisThreads(0));
    }

    @Test
    void closeWithoutStartAndTwice() {
        CameraRunner r = CameraRunner.custom().handler(f -> { }).camera(CameraConfig.custom("x.mp4").build()).build();
        r.close();
        r.close();
        r.start();
        assertEquals(SourceState.CLOSED, r.stats().get(0).state());
    }
}
