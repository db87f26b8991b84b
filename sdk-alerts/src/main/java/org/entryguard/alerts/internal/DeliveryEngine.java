package org.entryguard.alerts.internal;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.entryguard.alerts.Alert;
import org.entryguard.alerts.DeliveryEvent;
import org.entryguard.alerts.DeliveryListener;
import org.entryguard.alerts.DeliveryMetrics;
import org.entryguard.alerts.DeliveryRequest;
import org.entryguard.alerts.DeliveryResponse;
import org.entryguard.alerts.Interceptor;
import org.entryguard.alerts.Outbox;
import org.entryguard.alerts.OutboxRecord;
import org.entryguard.alerts.RetryConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers what is in an outbox: one scheduled task per alert, at most {@code maxInFlight} attempts at a time.
 * 2xx acknowledges; 410 disables delivery (alerts stay queued); anything else, or an I/O failure, retries with
 * backoff and jitter until the horizon, then the alert is written to the dead-letter file and acknowledged.
 */
public final class DeliveryEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryEngine.class);

    private final Outbox outbox;
    private final BiFunction<Alert, byte[], DeliveryRequest> requests;
    private final List<Interceptor> interceptors;
    private final Transport transport;
    private final RetryConfig retry;
    private final DeadLetterFile deadLetters;
    private final DeliveryListener listener;
    private final Clock clock;
    private final ResponseClassifier classifier;
    private final ScheduledThreadPoolExecutor executor;
    private final AtomicBoolean disabled = new AtomicBoolean();
    private final ConcurrentLinkedQueue<Item> parked = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong dead = new AtomicLong();
    private volatile boolean closed;

    /** One alert on its way. Attempts restart from 0 after a process restart; the horizon does not. */
    private static final class Item {
        final long seq;
        final long enqueuedAt;
        String alertId;
        int attempts;

        Item(long seq, long enqueuedAt, String alertId) {
            this.seq = seq;
            this.enqueuedAt = enqueuedAt;
            this.alertId = alertId;
        }
    }

    public DeliveryEngine(Outbox outbox, BiFunction<Alert, byte[], DeliveryRequest> requests, List<Interceptor> interceptors,
            Transport transport, RetryConfig retry, DeadLetterFile deadLetters, DeliveryListener listener, Clock clock,
            int maxInFlight, String threadName) {
        this(outbox, requests, interceptors, transport, ResponseClassifier.WEBHOOK, retry, deadLetters, listener, clock,
                maxInFlight, threadName);
    }

    public DeliveryEngine(Outbox outbox, BiFunction<Alert, byte[], DeliveryRequest> requests, List<Interceptor> interceptors,
            Transport transport, ResponseClassifier classifier, RetryConfig retry, DeadLetterFile deadLetters,
            DeliveryListener listener, Clock clock, int maxInFlight, String threadName) {
        this.classifier = classifier;
        this.outbox = outbox;
        this.requests = requests;
        this.interceptors = List.copyOf(interceptors);
        this.transport = transport;
        this.retry = retry;
        this.deadLetters = deadLetters;
        this.listener = listener;
        this.clock = clock;
        AtomicInteger n = new AtomicInteger();
        this.executor = new ScheduledThreadPoolExecutor(maxInFlight, r -> {
            Thread t = new Thread(r, threadName + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
    }

    /** Schedules everything the outbox holds from before (after a restart). */
    public void start() {
        for (long seq : outbox.pendingSequences()) {
            OutboxRecord r;
            try {
                r = outbox.read(seq);
            } catch (RuntimeException e) {
                LOG.error("outbox record {} unreadable; it stays on disk and is quarantined at the next start: {}", seq, e.getMessage());
                continue;
            }
            if (r == null) continue;
            String id = "seq-" + seq;
            try {
                id = Alert.fromJson(r.payload()).id();
            } catch (RuntimeException e) {
                // handled at the attempt: it is dead-lettered there with the reason
            }
            submit(seq, r.enqueuedAtMillis(), id);
        }
    }

    /** Schedules a freshly queued alert for an immediate first attempt. */
    public void submit(long seq, long enqueuedAt, String alertId) {
        Item item = new Item(seq, enqueuedAt, alertId);
        emit(DeliveryEvent.Type.QUEUED, item, 0, Duration.ZERO, "queued");
        schedule(item, Duration.ZERO);
    }

    private void schedule(Item item, Duration delay) {
        queued.incrementAndGet();
        try {
            executor.schedule(() -> attempt(item), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            queued.decrementAndGet(); // closing: the alert stays in the outbox for the next start
        }
    }

    private void attempt(Item item) {
        queued.decrementAndGet();
        if (closed) return;
        if (disabled.get()) {
            parked.add(item);
            queued.incrementAndGet();
            return;
        }
        inFlight.incrementAndGet();
        try {
            OutboxRecord rec = outbox.read(item.seq);
            if (rec == null) return; // acknowledged meanwhile
            Alert alert;
            try {
                alert = Alert.fromJson(rec.payload());
                item.alertId = alert.id();
            } catch (RuntimeException e) {
                deadLetter(item, rec.payload(), 0, "stored alert no longer parses: " + e.getMessage());
                return;
            }
            item.attempts++;
            DeliveryResponse res;
            try {
                DeliveryRequest first = requests.apply(alert, rec.payload());
                res = new RealChain(0, first).proceed(first);
            } catch (IOException | RuntimeException e) {
                if (closed) return;
                failed(item, rec.payload(), 0, null, e.toString());
                return;
            }
            ResponseClassifier.Verdict verdict = classifier.classify(res);
            switch (verdict.kind()) {
                case DELIVERED -> {
                    outbox.acknowledge(item.seq);
                    delivered.incrementAndGet();
                    emit(DeliveryEvent.Type.DELIVERED, item, res.status(), Duration.ZERO, verdict.detail());
                }
                case DISABLE -> {
                    if (disabled.compareAndSet(false, true)) {
                        LOG.error("receiver answered {} for alert {}: delivery to it is disabled; {} alerts stay queued"
                                + " on disk until resumeDelivery() or a restart", verdict.detail(), item.alertId, outbox.pendingCount());
                    }
                    parked.add(item);
                    queued.incrementAndGet();
                    emit(DeliveryEvent.Type.ENDPOINT_DISABLED, item, res.status(), Duration.ZERO, verdict.detail());
                }
                case REJECT -> deadLetter(item, rec.payload(), res.status(), verdict.detail());
                case RETRY -> failed(item, rec.payload(), res.status(), res.header("retry-after"), verdict.detail());
            }
        } catch (RuntimeException e) {
            LOG.error("delivery of outbox record {} failed unexpectedly; it stays queued: {}", item.seq, e.toString());
            if (!closed) schedule(item, retry.maxInterval());
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private void failed(Item item, byte[] payload, int status, String retryAfter, String why) {
        Duration delay = retry.delayFor(item.attempts, ThreadLocalRandom.current().nextDouble());
        Duration asked = retryAfter(retryAfter);
        if (asked != null && asked.compareTo(delay) > 0) delay = asked.compareTo(retry.maxInterval()) > 0 ? retry.maxInterval() : asked;
        long deadline = item.enqueuedAt + retry.maxDuration().toMillis();
        if (clock.millis() + delay.toMillis() > deadline) {
            deadLetter(item, payload, status, why);
            return;
        }
        retried.incrementAndGet();
        emit(DeliveryEvent.Type.RETRY_SCHEDULED, item, status, delay, why);
        schedule(item, delay);
    }

    /** Retry-After as delta-seconds or an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(String v) {
        if (v == null || v.isBlank()) return null;
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(v.trim())));
        } catch (NumberFormatException e) {
            try {
                Instant at = ZonedDateTime.parse(v.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return Duration.ofMillis(Math.max(0, at.toEpochMilli() - System.currentTimeMillis()));
            } catch (java.time.DateTimeException e2) {
                return null;
            }
        }
    }

    private void deadLetter(Item item, byte[] payload, int status, String why) {
        ObjectNode line = AlertCodec.MAPPER.createObjectNode();
        line.put("alertId", item.alertId);
        line.put("sequence", item.seq);
        line.put("queuedAt", Instant.ofEpochMilli(item.enqueuedAt).toString());
        line.put("deadAt", clock.instant().toString());
        line.put("attempts", item.attempts);
        line.put("lastStatus", status);
        line.put("lastError", why);
        try {
            line.set("alert", AlertCodec.MAPPER.readTree(payload));
        } catch (IOException e) {
            line.put("alertBase64", java.util.Base64.getEncoder().encodeToString(payload));
        }
        try {
            deadLetters.append(line);
        } catch (IOException e) {
            // Never acknowledge what could not be written elsewhere: keep it queued and try again later.
            LOG.error("cannot write dead-letter file {} ({}); alert {} stays queued", deadLetters.path(), e.toString(), item.alertId);
            schedule(item, retry.maxInterval());
            return;
        }
        outbox.acknowledge(item.seq);
        dead.incrementAndGet();
        LOG.error("alert {} dead-lettered to {} after {} attempts: {}", item.alertId, deadLetters.path(), item.attempts, why);
        emit(DeliveryEvent.Type.DEAD_LETTERED, item, status, Duration.ZERO, why + "; written to " + deadLetters.path());
    }

    /** Re-enables delivery after a 410 and reschedules the parked alerts. */
    public void resume() {
        if (!disabled.compareAndSet(true, false)) return;
        Item i;
        List<Item> again = new ArrayList<>();
        while ((i = parked.poll()) != null) {
            queued.decrementAndGet();
            again.add(i);
        }
        for (Item it : again) schedule(it, Duration.ZERO);
    }

    /** Whether a 410 disabled delivery. */
    public boolean disabled() { return disabled.get(); }

    /** Counter snapshot. */
    public DeliveryMetrics metrics() {
        return new DeliveryMetrics(queued.get(), inFlight.get(), delivered.get(), retried.get(), dead.get());
    }

    private void emit(DeliveryEvent.Type type, Item item, int status, Duration next, String detail) {
        if (listener == null) return;
        try {
            listener.onEvent(new DeliveryEvent(type, item.alertId, item.seq, item.attempts, status, next, detail, clock.instant()));
        } catch (RuntimeException e) {
            LOG.warn("delivery listener threw on {}; ignored", type, e);
        }
    }

    @Override
    public void close() {
        closed = true;
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Interceptor i of the list, then the transport. */
    private final class RealChain implements Interceptor.Chain {
        private final int index;
        private final DeliveryRequest request;

        RealChain(int index, DeliveryRequest request) {
            this.index = index;
            this.request = request;
        }

        @Override
        public DeliveryRequest request() { return request; }

        @Override
        public DeliveryResponse proceed(DeliveryRequest r) throws IOException {
            DeliveryRequest req = java.util.Objects.requireNonNull(r, "an interceptor passed a null request to proceed()");
            if (index == interceptors.size()) return transport.execute(req);
            DeliveryResponse res = interceptors.get(index).intercept(new RealChain(index + 1, req));
            if (res == null) throw new IllegalStateException("interceptor " + interceptors.get(index) + " returned no response");
            return res;
        }
    }
}
