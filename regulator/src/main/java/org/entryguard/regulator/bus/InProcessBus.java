package org.entryguard.regulator.bus;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bus of a single node: one writer thread drains a bounded queue and stores what it holds in batches (one
 * transaction per batch, up to {@value #MAX_BATCH} alerts), so many concurrent requests share one commit. A
 * request's future completes after its batch committed. A full queue fails the publish at once (the intake answers
 * 503 and the sender retries) instead of growing the heap.
 */
public final class InProcessBus implements AlertBus {
    private static final Logger LOG = LoggerFactory.getLogger(InProcessBus.class);
    static final int MAX_BATCH = 500;

    private record Pending(VerifiedAlert alert, CompletableFuture<Outcome> done) { }

    private final StoreWriter writer;
    private final BlockingQueue<Pending> queue;
    private final Thread thread;
    private volatile boolean closed;

    /** Starts the writer thread. */
    public InProcessBus(StoreWriter writer, int capacity) {
        this.writer = writer;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.thread = new Thread(this::run, "entryguard-regulator-writer");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public CompletableFuture<Outcome> publish(VerifiedAlert alert) {
        CompletableFuture<Outcome> f = new CompletableFuture<>();
        if (closed) {
            f.completeExceptionally(new RejectedExecutionException("the regulator is shutting down"));
        } else if (!queue.offer(new Pending(alert, f))) {
            f.completeExceptionally(new RejectedExecutionException("the write queue is full (" + queue.size()
                    + " alerts waiting for the database)"));
        }
        return f;
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        List<VerifiedAlert> alerts = new ArrayList<>(MAX_BATCH);
        while (!closed || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                for (Pending p : batch) alerts.add(p.alert());
                try {
                    boolean[] fresh = writer.write(alerts);
                    for (int i = 0; i < fresh.length; i++) batch.get(i).done().complete(fresh[i] ? Outcome.STORED : Outcome.DUPLICATE);
                } catch (RuntimeException e) {
                    LOG.error("cannot store {} alerts; their senders get 503 and retry: {}", batch.size(), e.getMessage());
                    for (Pending p : batch) p.done().completeExceptionally(e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } finally {
                batch.clear();
                alerts.clear();
            }
        }
        for (Pending p; (p = queue.poll()) != null; ) {
            p.done().completeExceptionally(new RejectedExecutionException("the regulator shut down before storing it"));
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
