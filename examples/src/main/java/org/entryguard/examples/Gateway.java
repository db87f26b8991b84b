package org.entryguard.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.entryguard.alerts.Alert;
import org.entryguard.alerts.AlertSink;
import org.entryguard.alerts.DecisionAlerts;
import org.entryguard.alerts.DeliveryMetrics;
import org.entryguard.alerts.Venue;
import org.entryguard.alerts.WebhookSecret;
import org.entryguard.alerts.WebhookSink;
import org.entryguard.camera.CameraConfig;
import org.entryguard.camera.CameraRunner;
import org.entryguard.camera.CameraStats;
import org.entryguard.camera.RtspTransport;
import org.entryguard.camera.SourceEvent;
import org.entryguard.camera.SourceState;
import org.entryguard.core.AgeEstimator;
import org.entryguard.core.FaceDetector;
import org.entryguard.core.ImageFrame;
import org.entryguard.core.rules.Decision;
import org.entryguard.core.guard.EntranceGuard;
import org.entryguard.core.guard.EntryDecision;
import org.entryguard.core.guard.EntryListener;
import org.entryguard.core.rules.VenueRules;
import org.entryguard.core.rules.VenueType;
import org.entryguard.core.ledger.VisitLedger;
import org.entryguard.core.ledger.VisitOutcome;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The example gateway: many cameras → one {@link EntranceGuard} per camera (sharing one loaded model) → decisions
 * on stdout as JSON lines → alerts through durable webhook sinks; {@code /health} and {@code /metrics} over
 * Netty; one status line per camera per interval. Start with {@link #start()}, stop with {@link #close()}
 * (also from a SIGTERM hook).
 */
final class Gateway implements AutoCloseable {
    private final GatewayConfig config;
    private final PrintStream out;
    private final PrintStream err;
    private final ObjectMapper json = new ObjectMapper();
    private final VenueRules rules;
    private final VisitLedger ledger = new VisitLedger();
    private final FaceDetector detector;
    private final AgeEstimator estimator;
    private final Map<String, EntranceGuard> guards = new LinkedHashMap<>();
    private final List<FaceDetector> detectors = new ArrayList<>();
    private final List<AgeEstimator> estimators = new ArrayList<>();
    private final List<WebhookSink> sinks = new ArrayList<>();
    private final DecisionAlerts alerts;
    private final CameraRunner runner;
    private final ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "entryguard-gateway-housekeeping");
        t.setDaemon(true);
        return t;
    });
    private final Map<Decision, AtomicLong> decisions = new EnumMap<>(Decision.class);
    private final Set<String> camerasDown = ConcurrentHashMap.newKeySet();
    private final Map<String, SourceState> cameraStates = new ConcurrentHashMap<>();
    private final GatewayMetrics meters;
    private final HolidayNotice holidayNotice;
    private StatusServer status;
    private volatile boolean closed;

    Gateway(GatewayConfig config, Path baseDir, PrintStream out, PrintStream err) {
        this.config = config;
        this.out = out;
        this.err = err;
        for (Decision d : Decision.values()) {
            decisions.put(d, new AtomicLong());
        }
        this.rules = rules(config);
        ZoneId zone = rules.zone();
        GatewayConfig.Venue v = config.venue();
        Venue venue = new Venue(v.id(), orDash(v.name()), v.type(), orDash(v.licence()), orDash(v.address()));

        AlertSink sink = null;
        Path outbox = null;
        if (config.alerts() != null && config.alerts().webhooks() != null && !config.alerts().webhooks().isEmpty()) {
            outbox = baseDir.resolve(config.alerts().outboxDir() == null ? "outbox" : config.alerts().outboxDir());
            int i = 0;
            for (GatewayConfig.Webhook w : config.alerts().webhooks()) {
                Path dir = outbox.resolve("webhook-" + i);
                try {
                    sinks.add(WebhookSink.builder().endpoint(URI.create(w.url())).secret(WebhookSecret.parse(w.secret()))
                            .outboxDir(dir).build());
                } catch (RuntimeException e) {
                    sinks.forEach(WebhookSink::close); // release the outbox locks taken so far
                    throw new UsageException("alerts.webhooks[" + i + "] (outbox " + dir + "): " + e.getMessage());
                }
                i++;
            }
            sink = new FanOutSink(List.copyOf(sinks));
        }
        int deadline = config.alerts() != null && config.alerts().idCheckDeadlineSeconds() != null
                ? config.alerts().idCheckDeadlineSeconds() : 120;
        // open ID checks are journalled beside the outbox: a restart before the deadline still reports them
        this.alerts = sink == null ? null : new DecisionAlerts(sink, venue, zone, Duration.ofSeconds(deadline),
                outbox.resolve("pending-id-checks.jsonl"));

        this.detector = FaceDetector.builder().build();
        this.estimator = AgeEstimator.builder().build();
        CameraRunner.Builder rb = CameraRunner.builder().listener(this::onSourceEvent).handler(this::onFrame);
        if (config.analysisThreads() != null && config.analysisThreads() > 0) {
            rb.analysisThreads(config.analysisThreads());
        }
        for (GatewayConfig.Camera c : config.cameras()) {
            FaceDetector d = detector.newInstance();
            AgeEstimator e = estimator.newInstance();
            detectors.add(d);
            estimators.add(e);
            guards.put(c.id(), EntranceGuard.builder(rules).cameraId(c.id()).detector(d).estimator(e)
                    .ledger(ledger).listener(listener()).build());
            CameraConfig.Builder cb = CameraConfig.builder(c.url()).id(c.id())
                    .targetFps(c.targetFps() == null ? 10 : c.targetFps());
            if (c.transport() != null) {
                cb.transport(RtspTransport.valueOf(c.transport().toUpperCase(Locale.ROOT)));
            }
            if (c.loop() != null) {
                cb.loop(c.loop());
            }
            rb.camera(cb.build());
        }
        this.runner = rb.build();
        this.meters = new GatewayMetrics(List.copyOf(guards.keySet()), runner::stats, this::deliveryMetrics, sinks);
        this.holidayNotice = new HolidayNotice(rules.holidayCalendar(), zone, java.time.Clock.systemUTC());
        meters.flag("entryguard.holiday.notice.missing", "1 while the State Council's holiday notice for next year "
                + "(from 1 December) or this year is not loaded", () -> holidayNotice.missing().isPresent());
    }

    private static VenueRules rules(GatewayConfig config) {
        VenueRules.Builder b = VenueRules.builder(VenueType.valueOf(config.venue().type()));
        if (config.venue().zone() != null) {
            b.zone(ZoneId.of(config.venue().zone()));
        }
        GatewayConfig.Rules r = config.rules();
        if (r != null) {
            if (r.challengeAge() != null) {
                b.challengeAge(r.challengeAge());
            }
            if (r.minorAge() != null) {
                b.minorAge(r.minorAge());
            }
            if (r.minorConfidence() != null) {
                b.minorConfidence(r.minorConfidence());
            }
            if (r.opens() != null && r.closes() != null) {
                b.openingHours(LocalTime.parse(r.opens()), LocalTime.parse(r.closes()));
            }
        }
        return b.build();
    }

    private EntryListener listener() {
        return new EntryListener() {
            @Override
            public void onDecision(EntryDecision d) {
                decisions.get(d.decision()).incrementAndGet();
                meters.decision(d.decision());
                ObjectNode line = json.createObjectNode();
                line.put("event", "decision");
                line.put("camera", d.cameraId());
                line.put("visit", d.visitId());
                line.put("decision", d.decision().name());
                line.put("admitted", d.admitted());
                if (!Float.isNaN(d.age())) {
                    line.put("age", Math.round(d.age() * 10) / 10.0);
                    line.put("lower", Math.round(d.interval().lower() * 10) / 10.0);
                    line.put("upper", Math.round(d.interval().upper() * 10) / 10.0);
                }
                line.put("shots", d.shotsUsed());
                line.put("rule", d.ruleApplied());
                line.put("reason", d.reason());
                out.println(line);
                if (alerts != null) {
                    alerts.onDecision(d);
                }
            }

            @Override
            public void onResolved(VisitOutcome outcome) {
                if (alerts != null) {
                    alerts.onResolved(outcome);
                }
            }

            @Override
            public void onGuardianOverdue(VisitOutcome outcome) {
                if (alerts != null) {
                    alerts.onGuardianOverdue(outcome);
                }
            }
        };
    }

    private void onFrame(ImageFrame frame) {
        EntranceGuard g = guards.get(frame.sourceId());
        if (g != null) {
            long t0 = System.nanoTime();
            g.process(frame);
            meters.frameHandled(frame.sourceId(), System.nanoTime() - t0, frame.timestampMillis());
        }
    }

    private void onSourceEvent(SourceEvent e) {
        cameraStates.put(e.sourceId(), e.state());
        // not printed here: sdk-camera already logs every source event once, at its level (GatewayMetrics has the state)
        boolean down = e.state() == SourceState.STALLED || e.state() == SourceState.FAILED;
        if (down && camerasDown.add(e.sourceId()) && alerts != null && !closed) {
            alerts.cameraDown(e.sourceId(), e.state() + (e.problem() == null ? "" : " " + e.problem()) + ": " + e.reason(),
                    Instant.ofEpochMilli(e.timestampMillis()));
        } else if (e.state() == SourceState.STREAMING) {
            camerasDown.remove(e.sourceId());
        }
    }

    /** Starts the cameras, the status server and the housekeeping (status lines, unresolved ID checks). */
    void start() {
        Integer port = config.http() == null ? Integer.valueOf(-1) : config.http().port();
        if (port != null && port >= 0) {
            status = new StatusServer(new InetSocketAddress("127.0.0.1", port), this::health, this::healthy, this::metrics);
            err.println("status: http://127.0.0.1:" + status.address().getPort() + "/health and /metrics");
        }
        runner.start();
        int every = config.statusIntervalSeconds() != null && config.statusIntervalSeconds() > 0 ? config.statusIntervalSeconds() : 10;
        housekeeping.scheduleAtFixedRate(this::statusLines, every, every, TimeUnit.SECONDS);
        housekeeping.scheduleAtFixedRate(this::checkStaffDeadlines, 1, 1, TimeUnit.SECONDS);
        housekeeping.scheduleAtFixedRate(() -> holidayNotice.logOncePerDay(err), 0, 1, TimeUnit.HOURS);
    }

    private void statusLines() {
        for (CameraStats s : runner.stats()) {
            err.println(s.statusLine());
        }
    }

    /** Housekeeping: overdue guardian workflows and unresolved ID checks become alerts. */
    void checkStaffDeadlines() {
        try {
            ledger.checkOverdue();
            if (alerts != null) {
                alerts.checkUnresolved(ledger, Instant.now());
            }
        } catch (RuntimeException e) {
            err.println("housekeeping: " + e.getMessage());
        }
    }

    /** True while every camera is streaming or a file has ended normally. */
    boolean healthy() {
        return runner.stats().stream().noneMatch(s -> s.state() == SourceState.FAILED || s.state() == SourceState.STALLED);
    }

    String health() {
        ObjectNode h = json.createObjectNode();
        DeliveryMetrics m = deliveryMetrics();
        // alerts held in memory, lost, or an endpoint disabled by 410 make the gateway unhealthy, like a dead camera
        h.put("status", healthy() && m.healthy() ? "ok" : "degraded");
        h.put("venue", config.venue().id());
        holidayNotice.addTo(h);
        ObjectNode cams = h.putObject("cameras");
        for (CameraStats s : runner.stats()) {
            cams.put(s.cameraId(), s.state().name());
        }
        ObjectNode a = h.putObject("alerts");
        a.put("queued", m.queued());
        a.put("inFlight", m.inFlight());
        a.put("delivered", m.delivered());
        a.put("dead", m.dead());
        a.put("inMemory", m.emergency());
        a.put("lost", m.lost());
        ObjectNode eps = a.putObject("endpoints");
        for (WebhookSink s : sinks) {
            eps.put(s.endpoint().toString(), s.deliveryDisabled() ? "DISABLED (410 Gone)" : s.metrics().emergency() > 0 ? "OUTBOX_FULL" : "ok");
        }
        return h.toString();
    }

    /** Prometheus text exposition; names in {@link GatewayMetrics}. */
    String metrics() {
        return meters.scrape();
    }

    DeliveryMetrics deliveryMetrics() {
        return sum(sinks);
    }

    private static DeliveryMetrics sum(List<WebhookSink> sinks) {
        DeliveryMetrics total = new DeliveryMetrics(0, 0, 0, 0, 0);
        for (WebhookSink s : sinks) {
            total = total.plus(s.metrics());
        }
        return total;
    }

    List<CameraStats> cameraStats() {
        return runner.stats();
    }

    VisitLedger ledger() {
        return ledger;
    }

    int statusPort() {
        return status == null ? -1 : status.address().getPort();
    }

    long decisionCount() {
        return decisions.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /** Stops cameras first (no new decisions), then flushes nothing: queued alerts stay in the outbox on disk. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        housekeeping.shutdownNow();
        runner.close();
        guards.values().forEach(EntranceGuard::close);
        detectors.forEach(FaceDetector::close);
        estimators.forEach(AgeEstimator::close);
        detector.close();
        estimator.close();
        sinks.forEach(WebhookSink::close);
        if (status != null) {
            status.close();
        }
        meters.close();
    }

    private static String orDash(String s) {
        return s == null || s.isBlank() ? "-" : s;
    }

    /** Sends every alert to every sink; a failing sink does not stop the others, but the failure is rethrown. */
    private record FanOutSink(List<WebhookSink> sinks) implements AlertSink {
        @Override
        public void send(Alert alert) {
            RuntimeException first = null;
            for (WebhookSink s : sinks) {
                try {
                    s.send(alert);
                } catch (RuntimeException e) {
                    first = first == null ? e : first;
                }
            }
            if (first != null) {
                throw first;
            }
        }

        @Override
        public DeliveryMetrics metrics() {
            return sum(sinks);
        }

        @Override
        public void close() {
            sinks.forEach(WebhookSink::close);
        }
    }
}
