package org.entryguard.regulator;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The service's counters, exposed as Prometheus text on {@code /metrics}: {@code _total} counters and a seconds
 * histogram. Every rejected request is counted under a reason, so an operator sees what senders get wrong without
 * reading logs. Thread-safe.
 */
public final class RegulatorMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ConcurrentMap<String, Counter> rejected = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> accepted = new ConcurrentHashMap<>();
    private final Counter stored;
    private final Counter duplicatesIntake;
    private final Counter duplicatesStore;
    private final Counter imagesDropped;
    private final Counter imagesStored;
    private final Counter adultFaces;
    private final Timer visible;

    /** Registers the meters. */
    public RegulatorMetrics() {
        stored = Counter.builder("regulator_alerts_stored").description("alerts written to the database (one per id)").register(registry);
        duplicatesIntake = Counter.builder("regulator_duplicates_dropped").tag("stage", "intake")
                .description("deliveries of an id already accepted, answered without storing").register(registry);
        duplicatesStore = Counter.builder("regulator_duplicates_dropped").tag("stage", "store")
                .description("deliveries of an id already accepted, answered without storing").register(registry);
        imagesDropped = Counter.builder("regulator_images_dropped").description("face images received but not kept (storeImages is off)").register(registry);
        imagesStored = Counter.builder("regulator_images_stored").description("face images kept (storeImages is on)").register(registry);
        adultFaces = Counter.builder("regulator_gat1400_adult_faces").description("GA/T 1400 faces whose age range is 18 or over: acknowledged, not stored").register(registry);
        visible = Timer.builder("regulator_request_to_visible").description("from a request's arrival to its alert reaching the feed")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
    }

    /** Counts a refused request under {@code reason} (e.g. {@code bad_signature}, {@code rate_limited}). */
    public void rejected(String reason) {
        rejected.computeIfAbsent(reason, r -> Counter.builder("regulator_requests_rejected").tag("reason", r)
                .description("requests refused, by reason; none of them reaches storage").register(registry)).increment();
    }

    /** Counts a request whose alert was handed to the bus, by {@code source} (webhook, gat1400). */
    public void accepted(String source) {
        accepted.computeIfAbsent(source, s -> Counter.builder("regulator_requests_accepted").tag("source", s)
                .description("verified alerts handed on for storage").register(registry)).increment();
    }

    /** An alert was written. */
    public void stored(int n) { stored.increment(n); }

    /** A duplicate was dropped at the intake (recently seen id) or by the store (id already a row). */
    public void duplicate(boolean atIntake) { (atIntake ? duplicatesIntake : duplicatesStore).increment(); }

    /** A received image was dropped (storage off) or stored. */
    public void image(boolean kept) { (kept ? imagesStored : imagesDropped).increment(); }

    /** A GA/T 1400 face judged adult by its own age limits. */
    public void adultFace() { adultFaces.increment(); }

    /** Request arrival to feed, in nanoseconds. */
    public void visible(long nanos) { visible.record(Duration.ofNanos(nanos)); }

    /** Total rejections of one reason so far. */
    public long rejectedCount(String reason) {
        Counter c = rejected.get(reason);
        return c == null ? 0 : (long) c.count();
    }

    /** Total rejections of every reason. */
    public long rejectedTotal() { return rejected.values().stream().mapToLong(c -> (long) c.count()).sum(); }

    /** Alerts stored so far by this node. */
    public long storedCount() { return (long) stored.count(); }

    /** Duplicates dropped so far by this node, both stages. */
    public long duplicatesCount() { return (long) (duplicatesIntake.count() + duplicatesStore.count()); }

    /** The request-to-visible timer (benchmarks read its percentiles). */
    public Timer visibleTimer() { return visible; }

    /** Prometheus text exposition. */
    public String scrape() { return registry.scrape(); }

    /** The registry, for more meters. */
    public PrometheusMeterRegistry registry() { return registry; }
}
