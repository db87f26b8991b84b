package org.entryguard.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.entryguard.alerts.Alert;
import org.entryguard.alerts.AlertSink;
import org.entryguard.alerts.DecisionAlerts;
import org.entryguard.alerts.AlertType;
import org.entryguard.alerts.DeliveryMetrics;
import org.entryguard.alerts.Gat1400Sink;
import org.entryguard.alerts.Venue;
import org.entryguard.alerts.WebhookSecret;
import org.entryguard.alerts.WebhookSink;
import org.entryguard.camera.Entrance;
import org.entryguard.camera.EntranceRunner;
import org.entryguard.camera.CameraStats;
import org.entryguard.camera.SourceEvent;
import org.entryguard.camera.SourceState;
import org.entryguard.core.rules.Decision;
import org.entryguard.core.guard.EntranceGuard;
import org.entryguard.core.ledger.EntryDecision;
import org.entryguard.core.ledger.EntryListener;
import org.entryguard.core.rules.VenueRules;
import org.entryguard.core.ledger.VisitLedger;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
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
    private GatewayConfig config;
    private final Path baseDir;
    private final PrintStream out;
    private final PrintStream err;
    private final ObjectMapper json = new ObjectMapper();
    private final VenueRules rules;
    private final List<WebhookSink> sinks = new ArrayList<>();
    private final List<AlertSink> allSinks = new ArrayList<>(); // the webhooks and the GA/T 1400 view library
    private final DecisionAlerts alerts;
    private final EntranceRunner runner;
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
    private StaffStation staffStation;
    private final List<org.entryguard.core.ledger.IdCardReader> readers = new ArrayList<>();
    private volatile boolean closed;

    Gateway(GatewayConfig config, Path baseDir, PrintStream out, PrintStream err) {
        this.config = config;
        this.baseDir = baseDir;
        this.out = out;
        this.err = err;
        for (Decision d : Decision.values()) {
            decisions.put(d, new AtomicLong());
        }
        this.rules = VenueSettings.venueRules(config, baseDir, "config");
        List<Entrance> entrances = VenueSettings.entrances(config, baseDir, "config");
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
                    sinks.add(WebhookSink.custom().endpoint(URI.create(w.url())).secret(WebhookSecret.parse(w.secret()))
                            .outboxDir(dir).build());
                } catch (RuntimeException e) {
                    sinks.forEach(AlertSink::close); // release the outbox locks taken so far
                    throw new UsageException("alerts.webhooks[" + i + "] (outbox " + dir + "): " + e.getMessage());
                }
                i++;
            }
        }
        if (config.alerts() != null && config.alerts().gat1400() != null) {
            GatewayConfig.Gat1400 g = config.alerts().gat1400();
            outbox = outbox != null ? outbox : baseDir.resolve(config.alerts().outboxDir() == null ? "outbox" : config.alerts().outboxDir());
            Path dir = outbox.resolve("gat1400");
            try {
                Gat1400Sink.Builder gb = Gat1400Sink.custom().endpoint(URI.create(g.url())).deviceId(g.deviceId())
                        .password(g.password()).outboxDir(dir);
                if (g.username() != null) {
                    gb.username(g.username());
                }
                allSinks.add(gb.build());
            } catch (RuntimeException e) {
                sinks.forEach(AlertSink::close);
                throw new UsageException("alerts.gat1400 (outbox " + dir + "): " + e.getMessage().replace(g.password(), "<password>"));
            }
        }
        allSinks.addAll(0, sinks);
        if (!allSinks.isEmpty()) {
            sink = new FanOutSink(List.copyOf(allSinks));
        }
        int deadline = config.alerts() != null && config.alerts().idCheckDeadlineSeconds() != null
                ? config.alerts().idCheckDeadlineSeconds() : 120;
        // open ID checks are journalled beside the outbox: a restart before the deadline still reports them
        this.alerts = sink == null ? null : new DecisionAlerts(sink, venue, zone, outbox.resolve("pending-id-checks.jsonl"));
        // the venue runtime: one guard per entrance on shared models, one ledger whose one tick expires ID checks
        // and guardian workflows; the alerts and the decision log hear every door
        EntranceRunner.Builder rb = EntranceRunner.custom().sourceListener(this::onSourceEvent)
                .frameTimer(this::frameHandled)
                .ledger(VisitLedger.custom().idCheckDeadline(Duration.ofSeconds(deadline))).listener(listener());
        if (alerts != null) {
            rb.listener(alerts);
        }
        if (config.analysisThreads() != null && config.analysisThreads() > 0) {
            rb.analysisThreads(config.analysisThreads()); // else one per core, shared by every camera
        }
        entrances.forEach(rb::entrance);
        try {
            this.runner = rb.build();
        } catch (RuntimeException e) {
            allSinks.forEach(AlertSink::close);
            throw e;
        }
        this.meters = new GatewayMetrics(entrances.stream().map(Entrance::id).toList(), runner::stats,
                this::deliveryMetrics, sinks);
        meters.cameraCounter("entryguard.detector.runs.avoided", "frames the motion gate left unanalysed "
                + "(nothing moved at the door, nobody followed)", runner::detectorRunsAvoided);
        meters.total("entryguard.age.estimates", "age estimates made, all cameras (each: landmarks, then the age model)",
                runner::ageEstimates);
        this.holidayNotice = new HolidayNotice(rules.holidayCalendar(), zone, java.time.Clock.systemUTC());
        meters.flag("entryguard.holiday.notice.missing", "1 while the State Council's holiday notice for next year "
                + "(from 1 December) or this year is not loaded", () -> holidayNotice.missing().isPresent());
    }

    /** Each frame's time through its guard, into the latency histogram (cameras start only after the meters exist). */
    private void frameHandled(String camera, long nanos, long frameTimestampMillis) {
        meters.frameHandled(camera, nanos, frameTimestampMillis);
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
                if (d.faceBox() != null) { // where the face was in the frame at the decision: the staff screen's box
                    ArrayNode box = line.putArray("box");
                    box.add(Math.round(d.faceBox().x())).add(Math.round(d.faceBox().y()))
                            .add(Math.round(d.faceBox().width())).add(Math.round(d.faceBox().height()));
                }
                line.put("rule", d.ruleApplied());
                line.put("reason", d.reason());
                out.println(line);
            }
        };
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

    /**
     * Applies a changed config file (SIGHUP): cameras whose settings and rules did not change keep running without
     * losing a frame; changed, added and removed ones are restarted, started and stopped; open ID checks stay in the
     * ledger. Changes to the venue, alerts, http or staff sections need a restart (said in the log).
     *
     * @return the camera ids that were restarted, started or stopped
     * @throws UsageException naming the bad key; the running configuration then stays as it was
     */
    synchronized List<String> reload(GatewayConfig next) {
        List<Entrance> entrances = VenueSettings.entrances(next, baseDir, "config");
        boolean venueSame = java.util.Objects.equals(next.venue(), config.venue())
                && java.util.Objects.equals(next.rules(), config.rules());
        Map<String, GatewayConfig.Camera> before = new java.util.HashMap<>();
        config.cameras().forEach(c -> before.put(c.id(), c));
        Map<String, GatewayConfig.Camera> after = new java.util.HashMap<>();
        next.cameras().forEach(c -> after.put(c.id(), c));
        List<String> touched = runner.replace(entrances,
                (a, b) -> venueSame && java.util.Objects.equals(before.get(a.id()), after.get(b.id())));
        for (String section : List.of("alerts", "http", "staff", "venue")) {
            boolean changed = switch (section) {
                case "alerts" -> !java.util.Objects.equals(next.alerts(), config.alerts());
                case "http" -> !java.util.Objects.equals(next.http(), config.http());
                case "staff" -> !java.util.Objects.equals(next.staff(), config.staff());
                default -> !java.util.Objects.equals(next.venue(), config.venue());
            };
            if (changed) {
                err.println("config: the " + section + " section changed; it takes effect on the next restart");
            }
        }
        config = next;
        err.println("config: reloaded; cameras restarted, started or stopped: " + (touched.isEmpty() ? "none" : touched));
        return touched;
    }

    /** Starts the cameras, the status server and the housekeeping (status lines, unresolved ID checks). */
    void start() {
        Integer port = config.http() == null ? Integer.valueOf(-1) : config.http().port();
        String bind = config.http() == null || config.http().bind() == null ? "127.0.0.1" : config.http().bind();
        if (port != null && port >= 0) {
            status = new StatusServer(new InetSocketAddress(bind, port), this::health, this::healthy, this::metrics);
            err.println("status: http://" + bind + ":" + status.address().getPort() + "/health and /metrics");
        }
        if (config.idCardReaders() != null) {
            var resolver = new org.entryguard.core.ledger.IdCardResolver(runner.ledger(), rules.zone(), 18);
            var providers = org.entryguard.core.ledger.IdCardReader.providers();
            for (int i = 0; i < config.idCardReaders().size(); i++) {
                GatewayConfig.IdCardReaderSpec r = config.idCardReaders().get(i);
                try {
                    var reader = providers.get(r.type()).open(r.id(), r.camera(), r.settings() == null ? Map.of() : r.settings());
                    readers.add(reader);
                    reader.start(resolver);
                } catch (RuntimeException e) {
                    throw new UsageException("idCardReaders[" + i + "] (" + r.type() + "): " + e.getMessage());
                }
            }
        }
        Integer staffPort = config.http() == null ? null : config.http().staffPort();
        if (staffPort != null && staffPort >= 0) {
            Map<String, String> users = new java.util.LinkedHashMap<>();
            config.staff().users().forEach(u -> users.put(u.id(), u.password()));
            staffStation = new StaffStation(new InetSocketAddress(bind, staffPort), runner, users);
            err.println("staff station: http://" + bind + ":" + staffStation.address().getPort() + "/staff");
        }
        runner.start();
        int every = config.statusIntervalSeconds() != null && config.statusIntervalSeconds() > 0 ? config.statusIntervalSeconds() : 10;
        housekeeping.scheduleAtFixedRate(this::statusLines, every, every, TimeUnit.SECONDS);
        housekeeping.scheduleAtFixedRate(() -> holidayNotice.logOncePerDay(err), 0, 1, TimeUnit.HOURS);
    }

    private void statusLines() {
        for (CameraStats s : runner.stats()) {
            err.println(s.statusLine());
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
        return sum(allSinks);
    }

    private static DeliveryMetrics sum(List<? extends AlertSink> sinks) {
        DeliveryMetrics total = new DeliveryMetrics(0, 0, 0, 0, 0);
        for (AlertSink s : sinks) {
            total = total.plus(s.metrics());
        }
        return total;
    }

    List<CameraStats> cameraStats() {
        return runner.stats();
    }

    VisitLedger ledger() {
        return runner.ledger();
    }

    /** The venue runtime (its thumbnails feed the staff station). */
    EntranceRunner runner() {
        return runner;
    }

    int staffPort() {
        return staffStation == null ? -1 : staffStation.address().getPort();
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
        for (var reader : readers) {
            try {
                reader.close();
            } catch (RuntimeException e) {
                err.println("closing an ID-card reader failed: " + e.getMessage());
            }
        }
        runner.close(); // cameras, guards, models and the ledger, in that order
        allSinks.forEach(AlertSink::close);
        if (status != null) {
            status.close();
        }
        if (staffStation != null) {
            staffStation.close();
        }
        meters.close();
    }

    private static String orDash(String s) {
        return s == null || s.isBlank() ? "-" : s;
    }

    /** Sends every alert to every sink; a failing sink does not stop the others, but the failure is rethrown. */
    private record FanOutSink(List<AlertSink> sinks) implements AlertSink {
        @Override
        public void send(Alert alert) {
            RuntimeException first = null;
            for (AlertSink s : sinks) {
                if (s instanceof Gat1400Sink && alert.type() == AlertType.CAMERA_DOWN) {
                    continue; // the view library takes face records only
                }
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
            sinks.forEach(AlertSink::close);
        }
    }
}
