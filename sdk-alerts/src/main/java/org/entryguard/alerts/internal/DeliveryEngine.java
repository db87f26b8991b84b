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
 * 2xx acknowledges; 410 disables delivery to this endpoint (alerts stay queued; visible in {@link #metrics()});
 * anything else, or an I/O failure, retries with backoff and jitter until the horizon, then the alert is written
 * to the dead-letter file and acknowledged.
 *
 * <p>After an outage the backlog drains at the receiver's pace, not on each alert's own backoff timer: the first
 * success wakes every alert waiting for a retry (they then go out {@code maxInFlight} at a time), and while alerts
 * wait, one of them is tried at least every {@code probeInterval} so a returning receiver is noticed quickly.
 * Failures are logged, at most one line per {@link #LOG_EVERY} with the count of the others.
 *
 * <p>When the outbox cannot take an alert (disk full, budget reached, I/O error), {@link #enqueue} keeps it in a
 * bounded in-memory emergency queue that is retried into the outbox every second; when that queue is full the
 * oldest alert that is not a {@code MINOR_ENTRY} is the one dropped (counted as lost, logged), and a
 * {@code MINOR_ENTRY} is never dropped: if nothing else can make room, {@code enqueue} throws and the caller keeps it.
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

    /** At most one failure log line per this interval (the others are counted in the next line). */
    static final Duration LOG_EVERY = Duration.ofSeconds(30);
    private final java.util.concurrent.ConcurrentHashMap<Item, java.util.concurrent.ScheduledFuture<?>> waiting =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final Duration probeInterval;
    private final AtomicLong lastAttemptAt = new AtomicLong();
    /** The receiver asked (Retry-After) not to be called before this time: the probe respects it too. */
    private final AtomicLong pauseUntil = new AtomicLong();
    private final AtomicLong failuresSinceLog = new AtomicLong();
    private final AtomicLong lastFailureLogAt = new AtomicLong(Long.MIN_VALUE / 2);
    private final java.util.ArrayDeque<Pending> emergency = new java.util.ArrayDeque<>(); // guarded by itself
    private volatile int emergencyCapacity;
    private final AtomicLong lost = new AtomicLong();
    private final AtomicLong emergencyTotal = new AtomicLong();
    private volatile String lastAppendError;

    /** An alert the outbox could not take yet. */
    private record Pending(byte[] json, String alertId, boolean minorEntry, long enqueuedAt) { }

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
        // a returning receiver is noticed within this long, whatever the individual backoffs are
        // (one request per 2 s to a dead receiver at most, and only when nothing else was tried meanwhile)
        this.probeInterval = retry.maxInterval().compareTo(Duration.ofSeconds(2)) < 0 ? retry.maxInterval() : Duration.ofSeconds(2);
        this.emergencyCapacity = EMERGENCY_CAPACITY;
        long probeMs = Math.max(50, probeInterval.toMillis());
        executor.scheduleWithFixedDelay(this::probe, probeMs, probeMs, TimeUnit.MILLISECONDS);
        executor.scheduleWithFixedDelay(this::drainEmergency, 1000, 1000, TimeUnit.MILLISECONDS);
    }

    /** Alerts held in memory at most while the outbox cannot write (≈ 1 KiB each), by default. */
    public static final int EMERGENCY_CAPACITY = 10_000;

    /** Sets how many alerts the emergency queue holds (at least 1). */
    public void setEmergencyCapacity(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("emergency queue capacity " + capacity + " must be at least 1");
        this.emergencyCapacity = capacity;
    }

    /**
     * Queues an alert durably, or, when the outbox cannot write, in the bounded emergency queue (see the class
     * comment). Returns true when the alert is on disk, false when it is held in memory for now.
     *
     * @throws org.entryguard.alerts.OutboxFullException when the emergency queue is full of MINOR_ENTRY alerts
     *         (this one was not queued; the caller still has it)
     */
    public boolean enqueue(byte[] json, String alertId, boolean minorEntry) {
        if (emergencyQueued() == 0) { // the normal path, outside the lock so that concurrent senders share an fsync
            try {
                long now = clock.millis();
                long seq = outbox.append(json);
                submit(seq, now, alertId);
                return true;
            } catch (RuntimeException e) {
                lastAppendError = e.getMessage();
                LOG.error("outbox cannot take alert {} ({}); holding it in memory and retrying every second", alertId, e.getMessage());
            }
        }
        synchronized (emergency) {
            if (emergency.size() >= emergencyCapacity) {
                Pending victim = null;
                for (Pending p : emergency) {
                    if (!p.minorEntry()) {
                        victim = p;
                        break;
                    }
                }
                if (victim == null && minorEntry) {
                    throw new org.entryguard.alerts.OutboxFullException("outbox cannot write (" + lastAppendError + ") and "
                            + emergencyCapacity + " MINOR_ENTRY alerts already wait in memory: alert " + alertId + " was NOT queued");
                }
                if (victim == null) {
                    victim = new Pending(json, alertId, false, clock.millis()); // the newcomer is the least important
                } else {
                    emergency.remove(victim);
                    emergency.add(new Pending(json, alertId, minorEntry, clock.millis()));
                }
                lost.incrementAndGet();
                LOG.error("ALERT LOST: {} (not a MINOR_ENTRY) dropped: the outbox cannot write ({}) and the in-memory emergency"
                        + " queue is full ({} alerts)", victim.alertId(), lastAppendError, emergencyCapacity);
                return false;
            }
            emergency.add(new Pending(json, alertId, minorEntry, clock.millis()));
            emergencyTotal.incrementAndGet();
            return false;
        }
    }

    /** Moves what the emergency queue holds into the outbox, oldest first, as long as the outbox takes it. */
    void drainEmergency() {
        if (closed) return;
        synchronized (emergency) {
            Pending p;
            while ((p = emergency.peek()) != null) {
                try {
                    long seq = outbox.append(p.json());
                    emergency.poll();
                    submit(seq, p.enqueuedAt(), p.alertId());
                } catch (RuntimeException e) {
                    lastAppendError = e.getMessage();
                    return;
                }
            }
        }
    }

    /** Alerts held in memory because the outbox could not write them yet. */
    public int emergencyQueued() {
        synchronized (emergency) {
            return emergency.size();
        }
    }

    /** Why the outbox last refused an alert, or null. */
    public String lastAppendError() { return emergencyQueued() > 0 ? lastAppendError : null; }

    /** Pulls one waiting alert forward when nothing was tried for a probe interval (a returning receiver is noticed). */
    private void probe() {
        if (closed || disabled.get() || waiting.isEmpty()) return;
        if (clock.millis() < pauseUntil.get()) return;
        if (clock.millis() - lastAttemptAt.get() < probeInterval.toMillis()) return;
        Item oldest = null;
        for (Item i : waiting.keySet()) {
            if (oldest == null || i.seq < oldest.seq) oldest = i;
        }
        if (oldest != null) wake(oldest);
    }

    /** The receiver took an alert: everything waiting on a backoff timer goes now (maxInFlight at a time). */
    private void wakeAll() {
        for (Item i : new ArrayList<>(waiting.keySet())) wake(i);
    }

    private void wake(Item item) {
        java.util.concurrent.ScheduledFuture<?> f = waiting.remove(item);
        if (f != null && f.cancel(false)) {
            queued.decrementAndGet();
            item.attempts = 0; // its backoff starts again: the receiver is back
            schedule(item, Duration.ZERO);
        }
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
            java.util.concurrent.ScheduledFuture<?> f = executor.schedule(() -> {
                waiting.remove(item);
                attempt(item);
            }, delay.toMillis(), TimeUnit.MILLISECONDS);
            if (!delay.isZero()) waiting.put(item, f);
            if (f.isDone()) waiting.remove(item);
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
        lastAttemptAt.set(clock.millis());
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
                    if (failuresSinceLog.getAndSet(0) > 0 || !waiting.isEmpty()) {
                        if (!waiting.isEmpty()) LOG.info("receiver is taking alerts again: sending the {} waiting now", waiting.size());
                        wakeAll();
                    }
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
                case REFUSED -> {
                    if (item.attempts >= ResponseClassifier.REFUSED_ATTEMPTS) {
                        deadLetter(item, rec.payload(), res.status(), verdict.detail() + " (" + item.attempts + " attempts)");
                    } else {
                        failed(item, rec.payload(), res.status(), res.header("retry-after"), verdict.detail());
                    }
                }
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
        logFailure(item, status, why);
        Duration delay = retry.delayFor(item.attempts, ThreadLocalRandom.current().nextDouble());
        Duration asked = retryAfter(retryAfter);
        if (asked != null && asked.compareTo(delay) > 0) delay = asked.compareTo(retry.maxInterval()) > 0 ? retry.maxInterval() : asked;
        if (asked != null) {
            long until = clock.millis() + Math.min(asked.toMillis(), retry.maxInterval().toMillis());
            pauseUntil.accumulateAndGet(until, Math::max);
        }
        long deadline = item.enqueuedAt + retry.maxDuration().toMillis();
        if (clock.millis() + delay.toMillis() > deadline) {
            deadLetter(item, payload, status, why);
            return;
        }
        retried.incrementAndGet();
        emit(DeliveryEvent.Type.RETRY_SCHEDULED, item, status, delay, why);
        schedule(item, delay);
    }

    /** Connection refused, 5xx, TLS failures...: one WARN line per {@link #LOG_EVERY}, with how many it stands for. */
    private void logFailure(Item item, int status, String why) {
        long n = failuresSinceLog.incrementAndGet();
        long now = clock.millis();
        long last = lastFailureLogAt.get();
        if (now - last >= LOG_EVERY.toMillis() && lastFailureLogAt.compareAndSet(last, now)) {
            LOG.warn("delivery failing: alert {} attempt {}: {}{} ({} failed attempts since the last such line; {} alerts pending)",
                    item.alertId, item.attempts, status == 0 ? "" : "HTTP " + status + ": ", why, n, outbox.pendingCount());
        }
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
        return new DeliveryMetrics(queued.get(), inFlight.get(), delivered.get(), retried.get(), dead.get(),
                emergencyQueued(), lost.get(), disabled.get() ? 1 : 0);
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
