package org.entryguard.camera.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LatestFrameExchangeTest {
    private static void produce(LatestFrameExchange x, int value) {
        FrameSlot s = x.writeSlot();
        s.ensure(2, 2);
        s.data[0] = (byte) value;
        x.publish();
    }

    @Test
    void consumerGetsNewestAndStaleOnesAreCounted() {
        LatestFrameExchange x = new LatestFrameExchange();
        assertNull(x.poll());
        produce(x, 1);
        produce(x, 2);
        produce(x, 3);
        FrameSlot got = x.poll();
        assertEquals(3, got.data[0]);
        assertEquals(3, got.sequence());
        assertEquals(2, x.dropped());
        assertEquals(3, x.published());
        assertEquals(1, x.taken());
        assertNull(x.poll(), "nothing new");
    }

    @Test
    void theSlotHeldByTheConsumerIsNeverWritten() {
        LatestFrameExchange x = new LatestFrameExchange();
        produce(x, 1);
        FrameSlot held = x.poll();
        for (int i = 0; i < 100; i++) {
            assertNotSame(held, x.writeSlot(), "producer must not get the consumer's slot");
            produce(x, 50);
        }
        assertEquals(1, held.data[0], "held frame untouched while producer ran ahead");
    }

    @Test
    void exactlyThreeBuffersAreEverUsed() {
        LatestFrameExchange x = new LatestFrameExchange();
        Set<FrameSlot> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < 1000; i++) {
            seen.add(x.writeSlot());
            produce(x, i);
            if (i % 3 == 0) {
                FrameSlot s = x.poll();
                if (s != null) {
                    seen.add(s);
                }
            }
        }
        assertEquals(3, seen.size());
        FrameSlot s = x.writeSlot();
        byte[] before = s.data;
        s.ensure(2, 2);
        assertSame(before, s.data, "no reallocation at a constant frame size");
    }

    @Test
    void takeWaitsForAFrameAndCloseWakesIt() throws Exception {
        LatestFrameExchange x = new LatestFrameExchange();
        AtomicInteger callbacks = new AtomicInteger();
        x.onPublish(callbacks::incrementAndGet);
        CountDownLatch started = new CountDownLatch(1);
        Thread producer = new Thread(() -> {
            started.countDown();
            produce(x, 9);
        });
        producer.start();
        started.await();
        FrameSlot s = x.take(5, TimeUnit.SECONDS);
        assertEquals(9, s.data[0]);
        producer.join();
        assertEquals(1, callbacks.get());

        Thread closer = new Thread(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            x.close();
        });
        closer.start();
        long t0 = System.nanoTime();
        assertNull(x.take(30, TimeUnit.SECONDS));
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(20), "close wakes take");
        closer.join();
    }

    @Test
    void concurrentProducerAndConsumerKeepCountsConsistent() throws Exception {
        LatestFrameExchange x = new LatestFrameExchange();
        int total = 20_000;
        Thread producer = new Thread(() -> {
            for (int i = 1; i <= total; i++) {
                FrameSlot s = x.writeSlot();
                s.ensure(4, 4);
                s.data[0] = (byte) i;
                s.data[47] = (byte) i; // first and last byte written together
                x.publish();
            }
            x.close();
        });
        producer.start();
        long lastSeq = 0;
        while (true) {
            FrameSlot s = x.take(10, TimeUnit.SECONDS);
            if (s == null) {
                break;
            }
            assertTrue(s.sequence() > lastSeq, "sequence increases");
            assertEquals(s.data[0], s.data[47], "frame not torn");
            lastSeq = s.sequence();
        }
        producer.join();
        assertEquals(total, x.published());
        assertEquals(total, x.taken() + x.dropped(), "every frame either taken or dropped");
    }
}
