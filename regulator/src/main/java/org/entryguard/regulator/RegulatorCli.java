package org.entryguard.regulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.entryguard.core.EntryGuardException;
import org.entryguard.regulator.console.HashPassword;

/**
 * The {@code entryguard regulator} command: {@code --config FILE} runs the service until SIGTERM (or for
 * {@code --seconds N}); {@code --demo} runs the demonstration on a temporary embedded database;
 * {@code hash-password} makes a console officer's {@code passwordHash}.
 */
public final class RegulatorCli {
    /** Usage text, for the command list. */
    public static final String USAGE = """
              regulator --config FILE [--seconds N]   the bureau's service: verified webhook and GA/T 1400 intake, database,
                                               console, /metrics (regulator/README.md describes the file)
              regulator --demo [--seconds N] [--port P]   the service on a temporary embedded database, fed by simulated
                                               venues through the real path; prints a JSON summary, the console URL and
                                               a login for it (valid for this run only)
              regulator hash-password                 reads a console officer's password (no echo) and prints the
                                               passwordHash for console.users in the config
            """;

    private RegulatorCli() { }

    /** Runs the command in its own JVM (the benchmark's kill -9 runs; the product entry point is {@code entryguard regulator}). */
    public static void main(String[] args) throws InterruptedException {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the command.
     *
     * @return 0 on success, 1 on a failed run, 2 on a usage error
     */
    public static int run(String[] args, PrintStream out, PrintStream err) throws InterruptedException {
        return run(args, System.in, out, err);
    }

    /** Runs the command, {@code hash-password} reading the password from {@code in} when there is no terminal. */
    static int run(String[] args, InputStream in, PrintStream out, PrintStream err) throws InterruptedException {
        if (args.length > 0 && args[0].equals("hash-password")) {
            if (args.length > 1) return usage(err, "hash-password takes no options; it reads the password from the terminal or standard input");
            try {
                return HashPassword.run(in, out, err);
            } catch (IOException e) {
                err.println("error: cannot read the password: " + e.getMessage());
                return 1;
            }
        }
        Path config = null;
        boolean demo = false;
        int seconds = -1;
        int port = 8470;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--demo" -> demo = true;
                case "--config", "--seconds", "--port" -> {
                    if (i + 1 >= args.length) return usage(err, a + " needs a value");
                    String v = args[++i];
                    if (a.equals("--config")) {
                        config = Path.of(v);
                    } else {
                        try {
                            int n = Integer.parseInt(v);
                            if (n < 0) return usage(err, a + " " + v + " must not be negative");
                            if (a.equals("--seconds")) seconds = n;
                            else port = n;
                        } catch (NumberFormatException e) {
                            return usage(err, a + " '" + v + "' is not a whole number");
                        }
                    }
                }
                default -> {
                    return usage(err, "unknown option '" + a + "'");
                }
            }
        }
        if (demo == (config != null)) return usage(err, "give either --config FILE or --demo (or hash-password)");
        if (demo) {
            Path work;
            try {
                work = Files.createTempDirectory("entryguard-regulator-demo-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (IOException e) {
                err.println("error: cannot create a temporary folder for the demo: " + e.getMessage());
                return 1;
            }
            try {
                return RegulatorDemo.run(work, port, seconds < 0 ? 10 : seconds, out, err);
            } catch (EntryGuardException e) {
                err.println("error: " + e.getMessage() + (port != 0 ? " (try --port 0 for any free port)" : ""));
                return 1;
            } finally {
                deleteTree(work); // the demo's database holds only simulated alerts: nothing of it stays
            }
        }
        if (!Files.isReadable(config)) {
            err.println("error: config file " + config + " does not exist or cannot be read");
            return 2;
        }
        RegulatorConfig cfg;
        try {
            cfg = RegulatorConfig.load(config);
        } catch (EntryGuardException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        // SIGTERM: wake the main thread, then hold the JVM until the service has drained its queue into the database
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                closed.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "entryguard-regulator-shutdown");
        try (RegulatorService service = RegulatorService.start(cfg)) {
            Runtime.getRuntime().addShutdownHook(hook);
            out.println("{\"event\":\"regulator-started\",\"url\":\"" + service.uri() + "\",\"console\":\"" + service.consoleUri() + "\"}");
            out.flush();
            if (seconds >= 0) stop.await(seconds, TimeUnit.SECONDS);
            else stop.await();
        } catch (EntryGuardException e) {
            err.println("error: " + e.getMessage());
            return 1;
        } finally {
            closed.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException | IllegalArgumentException e) {
                // already shutting down, or never added
            }
        }
        return 0;
    }

    private static int usage(PrintStream err, String problem) {
        err.println("error: " + problem + "\n\nusage:\n" + USAGE);
        return 2;
    }

    private static void deleteTree(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: owner-only temporary folder
        }
    }
}
