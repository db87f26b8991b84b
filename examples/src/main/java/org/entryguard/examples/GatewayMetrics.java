package org.entryguard.examples;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.entryguard.alerts.DeliveryMetrics;
import org.entryguard.alerts.WebhookSink;
import org.entryguard.camera.CameraStats;
import org.entryguard.camera.SourceState;
import org.entryguard.core.rules.Decision;

import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * The gateway's {@code /metrics} on Micrometer's Prometheus registry, in Prometheus conventions: durations as
 * histograms in seconds, ever-growing counts as counters ending in {@code _total}, states as gauges, build info
 * and JVM metrics. The names are the operator's contract and are listed in the README's gateway section:
 * <ul>
 *   <li>{@code entryguard_build_info{version,java}} 1</li>
 *   <li>{@code entryguard_camera_up{camera}} 1 while streaming</li>
 *   <li>{@code entryguard_frames_in_total}, {@code _analysed_total}, {@code _dropped_total}, {@code _skipped_total},
 *       {@code entryguard_frame_errors_total}, {@code entryguard_camera_connects_total} per camera</li>
 *   <li>{@code entryguard_detector_runs_avoided_total{camera}}: frames the camera's motion gate left unanalysed</li>
 *   <li>{@code entryguard_age_estimates_total}: age estimates made, all cameras</li>
 *   <li>{@code entryguard_frame_latency_seconds{camera}} histogram: capture to decided, per analysed frame</li>
 *   <li>{@code entryguard_frame_analysis_seconds{camera}} histogram: time in the guard</li>
 *   <li>{@code entryguard_decisions_total{decision}}</li>
 *   <li>{@code entryguard_alerts_delivered_total}, {@code _retried_total}, {@code _dead_total}, {@code _lost_total}</li>
 *   <li>{@code entryguard_alerts_outbox{state=queued|in_flight|in_memory}}: alerts waiting, the outbox's size</li>
 *   <li>{@code entryguard_alert_endpoint_disabled{endpoint}} 1 after 410 Gone</li>
 *   <li>{@code entryguard_holiday_notice_missing} 1 from 1 December while next year's holiday notice is not loaded</li>
 *   <li>{@code jvm_*}, {@code process_*}, {@code system_*}: Micrometer's JVM and process binders</li>
 * </ul>
 * Per frame it only records into two pre-registered timers (no allocation, no lookup beyond one map read).
 */
final class GatewayMetrics implements AutoCloseable {
    /** Histogram buckets of the frame timers: a door decision is useful within about a second. */
    private static final Duration[] BUCKETS = {Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(300), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5)};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Supplier<List<CameraStats>> cameras;
    private final List<String> cameraIds;
    private final Supplier<DeliveryMetrics> delivery;
    private final Map<String, Timer> latency = new HashMap<>();
    private final Map<String, Timer> analysis = new HashMap<>();
    private final Map<Decision, Counter> decisions = new EnumMap<>(Decision.class);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    /** One snapshot per scrape: every camera meter reads it instead of asking the runner again. */
    private volatile Map<String, CameraStats> snapshot = Map.of();
    private volatile DeliveryMetrics deliverySnapshot = new DeliveryMetrics(0, 0, 0, 0, 0);

    GatewayMetrics(List<String> cameraIds, Supplier<List<CameraStats>> cameras, Supplier<DeliveryMetrics> delivery,
                   List<WebhookSink> sinks) {
        this.cameras = cameras;
        this.cameraIds = List.copyOf(cameraIds);
        this.delivery = delivery;
        String version = GatewayMetrics.class.getPackage().getImplementationVersion();
        Gauge.builder("entryguard.build.info", () -> 1).description("the running build")
                .tag("version", version == null ? "dev" : version).tag("java", System.getProperty("java.version"))
                .register(registry);
        for (String id : cameraIds) {
            Gauge.builder("entryguard.camera.up", () -> camera(id, s -> s.state() == SourceState.STREAMING ? 1 : 0))
                    .description("1 while the camera is streaming").tag("camera", id).register(registry);
            counter("entryguard.frames.in", "frames decoded", id, CameraStats::framesIn);
            counter("entryguard.frames.analysed", "frames analysed", id, CameraStats::framesAnalysed);
            counter("entryguard.frames.dropped", "stale frames dropped (newest frame wins)", id, CameraStats::framesDropped);
            counter("entryguard.frames.skipped", "frames skipped to keep the target analysis rate", id,
                    CameraStats::framesSkipped);
            counter("entryguard.frame.errors", "frames whose analysis threw", id, CameraStats::handlerErrors);
            counter("entryguard.camera.connects", "successful connections (reconnects + 1)", id, CameraStats::connects);
            latency.put(id, timer("entryguard.frame.latency", "capture to decided, per analysed frame", id));
            analysis.put(id, timer("entryguard.frame.analysis", "time in the guard (detection, age, decision)", id));
        }
        for (Decision d : Decision.values()) {
            decisions.put(d, Counter.builder("entryguard.decisions").description("entrance decisions by type")
                    .tag("decision", d.name()).register(registry));
        }
        alertCounter("delivered", "alerts acknowledged by the receiver", DeliveryMetrics::delivered);
        alertCounter("retried", "failed delivery attempts that were rescheduled", DeliveryMetrics::retried);
        alertCounter("dead", "alerts given up and written to the dead-letter file", DeliveryMetrics::dead);
        alertCounter("lost", "alerts dropped: the outbox could not write and memory was full (an incident)",
                DeliveryMetrics::lost);
        outboxGauge("queued", DeliveryMetrics::queued);
        outboxGauge("in_flight", DeliveryMetrics::inFlight);
        outboxGauge("in_memory", DeliveryMetrics::emergency);
        for (WebhookSink s : sinks) {
            Gauge.builder("entryguard.alert.endpoint.disabled", s, w -> w.deliveryDisabled() ? 1 : 0)
                    .description("1 when the endpoint answered 410 Gone and gets no alerts")
                    .tag("endpoint", s.endpoint().toString()).register(registry);
        }
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /**
     * A per-camera counter read at scrape time from {@code perCamera} (camera id → count), e.g.
     * {@code entryguard_detector_runs_avoided_total{camera}}.
     */
    void cameraCounter(String name, String description, ToLongFunction<String> perCamera) {
        for (String id : cameraIds) {
            // the meter holds its object weakly: hang it on this (held by the gateway), not on the passed lambda
            FunctionCounter.builder(name, this, m -> perCamera.applyAsLong(id)).description(description).tag("camera", id)
                    .register(registry);
        }
    }

    /** A venue-wide counter read at scrape time, e.g. {@code entryguard_age_estimates_total}. */
    void total(String name, String description, java.util.function.LongSupplier count) {
        FunctionCounter.builder(name, this, m -> count.getAsLong()).description(description).register(registry);
    }

    /** A gauge that is 1 while {@code on} says so, e.g. {@code entryguard_holiday_notice_missing}. */
    void flag(String name, String description, Supplier<Boolean> on) {
        Gauge.builder(name, () -> on.get() ? 1 : 0).description(description).register(registry);
    }

    private double camera(String id, ToDoubleFunction<CameraStats> f) {
        CameraStats s = snapshot.get(id);
        return s == null ? Double.NaN : f.applyAsDouble(s);
    }

    private void counter(String name, String help, String camera, ToLongFunction<CameraStats> f) {
        FunctionCounter.builder(name, this, m -> m.camera(camera, s -> f.applyAsLong(s))).description(help)
                .tag("camera", camera).register(registry);
    }

    private Timer timer(String name, String help, String camera) {
        return Timer.builder(name).description(help).tag("camera", camera).serviceLevelObjectives(BUCKETS)
                .register(registry);
    }

    private void alertCounter(String state, String help, ToLongFunction<DeliveryMetrics> f) {
        FunctionCounter.builder("entryguard.alerts." + state, this, m -> f.applyAsLong(m.deliverySnapshot))
                .description(help).register(registry);
    }

    private void outboxGauge(String state, ToLongFunction<DeliveryMetrics> f) {
        Gauge.builder("entryguard.alerts.outbox", this, m -> f.applyAsLong(m.deliverySnapshot))
                .description("alerts not yet delivered, by where they wait").tag("state", state).register(registry);
    }

    /** Per analysed frame: the time in the guard and capture-to-decided (frame timestamps are epoch ms). */
    void frameHandled(String camera, long analysisNanos, long capturedAtMillis) {
        Timer a = analysis.get(camera);
        if (a != null) {
            a.record(analysisNanos, TimeUnit.NANOSECONDS);
            latency.get(camera).record(Math.max(0, System.currentTimeMillis() - capturedAtMillis), TimeUnit.MILLISECONDS);
        }
    }

    /** Per decision. */
    void decision(Decision d) {
        decisions.get(d).increment();
    }

    /** The Prometheus text exposition of everything above. */
    String scrape() {
        Map<String, CameraStats> m = new HashMap<>();
        for (CameraStats s : cameras.get()) {
            m.put(s.cameraId(), s);
        }
        snapshot = m;
        deliverySnapshot = delivery.get();
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
