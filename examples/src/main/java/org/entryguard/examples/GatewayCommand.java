package org.entryguard.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.entryguard.alerts.Alert;
import org.entryguard.alerts.ReceiverServer;
import org.entryguard.alerts.WebhookReceiver;
import org.entryguard.alerts.WebhookSecret;
import org.entryguard.camera.CameraStats;
import org.entryguard.camera.SourceState;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code gateway --config FILE} runs the cameras of a venue until SIGTERM; {@code gateway --demo} runs the whole
 * flow on the bundled clip with a local regulator-side receiver, then exits.
 */
final class GatewayCommand {
    static final String DEMO_CLIP = "/org/entryguard/examples/samples/door-approach.mp4";

    private GatewayCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws InterruptedException {
        boolean demo = List.of(args).contains("--demo");
        Options o = Options.parse(List.of(args).stream().filter(a -> !a.equals("--demo")).toArray(String[]::new),
                Set.of("config", "seconds", "work-dir", "regulator", "regulator-secret"));
        int seconds = o.intValue("seconds", 0, 0, Integer.MAX_VALUE);
        Path workDir = o.value("work-dir", null) != null ? Path.of(o.value("work-dir", null)) : demo ? defaultDemoDir() : Path.of(".");
        String regulator = o.value("regulator", null);
        String regulatorSecret = o.value("regulator-secret", null);
        if ((regulator == null) != (regulatorSecret == null)) {
            throw new UsageException("--regulator URL and --regulator-secret whsec_... go together (entryguard regulator --demo prints both)");
        }
        if (regulator != null && !demo) {
            throw new UsageException("--regulator is for --demo; a real gateway lists the regulator under alerts.webhooks in its config");
        }
        if (regulator != null) {
            if (!regulator.matches("https?://[A-Za-z0-9.:\\[\\]_/-]+")) throw new UsageException("--regulator '" + regulator + "' is not an http(s) URL");
            try {
                org.entryguard.alerts.WebhookSecret.parse(regulatorSecret);
            } catch (org.entryguard.core.EntryGuardException e) {
                throw new UsageException("--regulator-secret: " + e.getMessage());
            }
        }
        if (demo) {
            return demo(workDir, out, err, regulator, regulatorSecret);
        }
        String file = o.value("config", null);
        if (file == null) {
            throw new UsageException("gateway needs --config FILE (see examples/gateway.example.json) or --demo");
        }
        GatewayConfig config = GatewayConfig.read(Path.of(file));
        Path base = Path.of(file).toAbsolutePath().getParent();
        Gateway gateway = new Gateway(config, base, out, err);
        CountDownLatch stop = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            err.println("gateway: stopping (signal)");
            gateway.close();
            stop.countDown();
        }, "entryguard-gateway-shutdown");
        try {
            gateway.start();
        } catch (RuntimeException e) {
            // e.g. http.port in use: stop everything, so no half-started process keeps the outbox lock
            gateway.close();
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(hook);
        onHangUp(() -> {
            try {
                gateway.reload(GatewayConfig.read(Path.of(file)));
            } catch (RuntimeException e) { // a bad edit must not stop the venue: keep running as configured
                err.println("config: not reloaded, still running the previous configuration: " + e.getMessage());
            }
        });
        err.println("gateway: running " + config.cameras().size() + " camera(s) for venue " + config.venue().id()
                + (seconds > 0 ? " for " + seconds + " s" : "; stop with Ctrl-C or SIGTERM"));
        if (seconds > 0) {
            stop.await(seconds, TimeUnit.SECONDS);
        } else {
            stop.await();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            return 0;
        }
        gateway.close();
        return 0;
    }

    /**
     * Where the demo works unless {@code --work-dir} says otherwise: {@code ~/.entryguard/demo} (0700), not the shared
     * /tmp, because its outbox holds (demo) alerts about people at a door; the demo removes its folder when it ends.
     */
    static Path defaultDemoDir() {
        return Path.of(System.getProperty("user.home"), ".entryguard", "demo");
    }

    /**
     * The demo: the bundled clip (public-domain NASA portrait walking up to the door) through a KTV gateway
     * whose challenge age is raised to 35 so this adult is asked for ID; nobody resolves the check, so after
     * 2 s a CHECK_ID_UNRESOLVED alert is signed, queued durably and delivered to a local receiver, which
     * verifies it and prints it.
     */
    static int demo(Path workDir, PrintStream out, PrintStream err) throws InterruptedException {
        return demo(workDir, out, err, null, null);
    }

    /**
     * Creates the work folder as 0700 when missing (the demo's outbox and clip say a minor was at a door); an
     * existing folder (maybe shared, e.g. /tmp) is left as it is. Without POSIX permissions (Windows) the
     * platform's defaults apply.
     */
    static void createOwnerOnlyIfMissing(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createDirectories(dir);
            return;
        }
        Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rwx------");
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(ownerOnly));
        Files.setPosixFilePermissions(dir, ownerOnly); // the umask may have taken bits off at creation
    }

    /** The demo, its alerts also sent to a running {@code entryguard regulator} when {@code regulator} is set. */
    static int demo(Path workDir, PrintStream out, PrintStream err, String regulator, String regulatorSecret) throws InterruptedException {
        Path dir;
        try {
            createOwnerOnlyIfMissing(workDir.toAbsolutePath());
            dir = Files.createTempDirectory(workDir, "entryguard-demo-"); // 0700 on POSIX
            try (InputStream in = GatewayCommand.class.getResourceAsStream(DEMO_CLIP)) {
                if (in == null) {
                    err.println("error: the demo clip " + DEMO_CLIP + " is missing from the jar; rebuild it");
                    return 1;
                }
                Files.copy(in, dir.resolve("door-approach.mp4"), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            err.println("error: cannot prepare the demo in " + workDir + ": " + e.getMessage());
            return 1;
        }
        WebhookSecret secret = WebhookSecret.generate();
        List<Alert> received = new CopyOnWriteArrayList<>();
        ObjectMapper json = new ObjectMapper();
        WebhookReceiver receiver = WebhookReceiver.custom().secret(secret).handler(a -> {
            received.add(a);
            ObjectNode line = json.createObjectNode();
            line.put("event", "alert-received-by-regulator");
            line.set("alert", json.readTree(a.toJson()));
            out.println(line);
        }).build();
        try {
            return runDemo(dir, secret, receiver, received, out, err, regulator, regulatorSecret);
        } finally {
            deleteTree(dir); // nothing of the demo stays on disk: its alerts were delivered or are of no use
        }
    }

    private static void deleteTree(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort: the folder is owner-only anyway
                }
            });
        } catch (IOException e) {
            // already gone
        }
    }

    /**
     * Runs {@code action} on SIGHUP (the operator's "reload the config"), where the JVM lets us catch it.
     *
     * @return what undoes it (puts the previous handler back)
     */
    static Runnable onHangUp(Runnable action) {
        try {
            sun.misc.SignalHandler before = sun.misc.Signal.handle(new sun.misc.Signal("HUP"), sig -> action.run());
            return () -> sun.misc.Signal.handle(new sun.misc.Signal("HUP"), before);
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            return () -> { }; // no SIGHUP on this platform (or the JVM reserves it, -Xrs): reload by restarting
        }
    }

    /**
     * What a member of staff does at the station: door-1's open check, answered "ID verified: adult" through the
     * staff station's HTTP API (the page's buttons post the same). False while there is nothing to answer yet.
     */
    private static boolean answerAtTheStation(Gateway gateway, String password, PrintStream out, PrintStream err) {
        var open = gateway.ledger().pending().stream().filter(o -> o.decision().cameraId().equals("door-1")).findFirst();
        if (open.isEmpty()) {
            return false;
        }
        String visit = open.get().visitId();
        try {
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            String auth = java.util.Base64.getEncoder().encodeToString(("staff-demo:" + password).getBytes(StandardCharsets.UTF_8));
            var res = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + gateway.staffPort()
                    + "/staff/api/checks/" + visit + "/result")).header("Authorization", "Basic " + auth)
                    .header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"result\": \"ID_VERIFIED_ADULT\"}")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            err.println("demo: staff-demo answered " + visit + " at the staff station: " + res.statusCode() + " " + res.body());
            out.println("{\"event\":\"resolved-at-staff-station\",\"visit\":\"" + visit + "\",\"result\":\"ID_VERIFIED_ADULT\","
                    + "\"staff\":\"staff-demo\",\"status\":" + res.statusCode() + "}");
            return true;
        } catch (java.io.IOException e) {
            err.println("demo: the staff station did not answer: " + e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private static int runDemo(Path dir, WebhookSecret secret, WebhookReceiver receiver, List<Alert> received,
                               PrintStream out, PrintStream err, String regulator, String regulatorSecret) throws InterruptedException {
        String second = regulator == null ? "" : ", {\"url\": \"" + regulator + "\", \"secret\": \"" + regulatorSecret + "\"}";
        byte[] pw = new byte[12];
        new java.security.SecureRandom().nextBytes(pw);
        String staffPassword = java.util.HexFormat.of().formatHex(pw); // this run only
        try (ReceiverServer server = receiver.bind(new InetSocketAddress("127.0.0.1", 0), null)) {
            String config = """
                    {
                      "venue": {"id": "DEMO-KTV-0001", "name": "Demo KTV", "type": "KTV", "licence": "DEMO-LICENCE",
                                "address": "1 Demo Road", "zone": "Asia/Shanghai"},
                      "rules": {"challengeAge": 35},
                      "cameras": [{"id": "door-1", "url": "%1$s", "targetFps": 10},
                                  {"id": "door-2", "url": "%1$s", "targetFps": 10}],
                      "alerts": {"outboxDir": "outbox", "idCheckDeadlineSeconds": 4,
                                 "webhooks": [{"url": "http://127.0.0.1:%2$d/alerts", "secret": "%3$s"}%5$s]},
                      "http": {"port": 0, "staffPort": 0},
                      "staff": {"users": [{"id": "staff-demo", "password": "%4$s"}]},
                      "statusIntervalSeconds": 2
                    }
                    """.formatted(dir.resolve("door-approach.mp4").toString().replace("\\", "\\\\"),
                    server.address().getPort(), secret.reveal(), staffPassword, second);
            err.println("demo: KTV venue with two doors, challenge age raised to 35 so the adult in the sample is challenged "
                    + "at both; the demo answers door-1's check at the staff station and leaves door-2's to expire; "
                    + "receiver on 127.0.0.1:" + server.address().getPort());
            GatewayConfig cfg = GatewayConfig.parse(config, "demo config");
            try (Gateway gateway = new Gateway(cfg, dir, out, err)) {
                gateway.start();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                boolean answered = false;
                while (System.nanoTime() < deadline) {
                    if (!answered) {
                        answered = answerAtTheStation(gateway, staffPassword, out, err);
                    }
                    boolean ended = gateway.cameraStats().stream()
                            .allMatch(s -> s.state() == SourceState.ENDED || s.state() == SourceState.FAILED);
                    boolean quiet = gateway.deliveryMetrics().queued() == 0 && gateway.deliveryMetrics().inFlight() == 0;
                    boolean unresolvedSeen = received.stream().anyMatch(a -> a.type().name().equals("CHECK_ID_UNRESOLVED"));
                    if (ended && quiet && answered && (unresolvedSeen || gateway.decisionCount() == 0
                            || gateway.ledger().pending().isEmpty())) {
                        break;
                    }
                    Thread.sleep(200);
                }
                String metrics = gateway.metrics();
                for (CameraStats s : gateway.cameraStats()) {
                    err.println(s.statusLine());
                }
                err.println("demo: " + gateway.decisionCount() + " decision(s), " + received.size()
                        + " alert(s) verified by the receiver; metrics sample:");
                metrics.lines().filter(l -> l.startsWith("entryguard_decisions_total") || l.startsWith("entryguard_alerts_"))
                        .forEach(err::println);
                return gateway.decisionCount() > 0 && !received.isEmpty() ? 0 : 1;
            }
        }
    }
}
