package org.entryguard.camera.internal;

import java.util.concurrent.TimeUnit;

/**
 * Newest-frame-wins hand-off between one producer (decode thread) and one consumer, over three pooled
 * buffers (triple buffering): the producer fills its back slot and publishes it as "ready"; if the
 * previous ready slot was never taken it becomes the next back slot and counts as dropped. The consumer
 * swaps the ready slot for the one it held. No allocation after the buffers reach the stream's size.
 */
public final class LatestFrameExchange {
    private final Object lock = new Object();
    private final FrameSlot[] free = new FrameSlot[3];
    private int freeCount;
    private FrameSlot back;
    private FrameSlot ready;
    private FrameSlot front;
    private long sequence;
    private long published;
    private long taken;
    private long dropped;
    private boolean closed;
    private volatile Runnable onPublish = () -> { };

    /** Creates the three slots (empty until the first frame sizes them). */
    public LatestFrameExchange() {
        back = new FrameSlot();
        free[freeCount++] = new FrameSlot();
        free[freeCount++] = new FrameSlot();
    }

    /** The producer's slot to fill; only the producer thread may call this and {@link #publish()}. */
    public FrameSlot writeSlot() {
        synchronized (lock) {
            return back;
        }
    }

    /** Publishes the filled write slot as the newest frame, dropping an untaken older one. */
    public void publish() {
        synchronized (lock) {
            back.sequence = ++sequence;
            FrameSlot old = ready;
            ready = back;
            if (old != null) {
                dropped++;
                back = old;
            } else {
                back = free[--freeCount];
                free[freeCount] = null;
            }
            published++;
            lock.notifyAll();
        }
        onPublish.run();
    }

    /** Runs after every publish, on the producer thread. */
    public void onPublish(Runnable callback) {
        this.onPublish = callback == null ? () -> { } : callback;
    }

    /** The newest untaken slot, or null; the slot handed out before goes back to the pool. */
    public FrameSlot poll() {
        synchronized (lock) {
            return swapLocked();
        }
    }

    /** Waits up to the timeout for a new slot; null on timeout or after {@link #close()}. */
    public FrameSlot take(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        synchronized (lock) {
            while (ready == null && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return swapLocked();
        }
    }

    /** Wakes waiting consumers; later takes return what is left, then null without waiting. */
    public void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
    }

    /** Frames published so far. */
    public long published() {
        synchronized (lock) {
            return published;
        }
    }

    /** Frames handed to the consumer so far. */
    public long taken() {
        synchronized (lock) {
            return taken;
        }
    }

    /** Frames replaced before the consumer took them. */
    public long dropped() {
        synchronized (lock) {
            return dropped;
        }
    }

    private FrameSlot swapLocked() {
        if (ready == null) {
            return null;
        }
        if (front != null) {
            free[freeCount++] = front;
        }
        front = ready;
        ready = null;
        taken++;
        return front;
    }
}
