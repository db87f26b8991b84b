package org.entryguard.examples;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The {@code entryguard} command line: {@code java -jar entryguard.jar <command> [options]}.
 * Commands: {@code check} (age check on photos), {@code evaluate} (accuracy on a labelled folder),
 * {@code rules} (what a venue's rules decide at a time, and why), {@code gateway} (cameras → decisions → alerts),
 * {@code regulator} (the bureau's alert service). Without {@code ORT_DISABLE_TELEMETRY=1} in its environment it
 * re-executes itself with it, so that ONNX Runtime's telemetry stays off ({@link TelemetryFreeLaunch}).
 */
public final class Main {
    private Main() {
    }

    /** Entry point; exits with 0 on success, 1 on a failed run, 2 on a usage error. */
    public static void main(String[] args) {
        if (TelemetryFreeLaunch.needed()) {
            // ONNX Runtime's telemetry only stops fully when its variable is set before it loads (OrtTelemetry)
            var status = TelemetryFreeLaunch.relaunch(Main.class.getName(), args);
            if (status.isPresent()) {
                System.exit(status.get());
            }
        }
        System.exit(run(args));
    }

    /** Runs a command and returns the exit status (testable without exiting the JVM). */
    public static int run(String[] args) {
        PrintStream err = System.err;
        try {
            args = logFormat(args);
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
        if (LogLines.format() == LogLines.Format.JSON) {
            err = LogLines.wrap(System.err, "entryguard");
        }
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help") || args[0].equals("help")) {
            System.out.println(usage());
            return args.length == 0 ? 2 : 0;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            return switch (args[0].toLowerCase(Locale.ROOT)) {
                case "check" -> CheckCommand.run(rest, System.out, err);
                case "evaluate" -> EvaluateCommand.run(rest, System.out, err);
                case "export-crops" -> ExportCropsCommand.run(rest, System.out, err);
                case "gateway" -> GatewayCommand.run(rest, System.out, err);
                case "rules" -> RulesCommand.run(rest, System.out, err);
                case "regulator" -> org.entryguard.regulator.RegulatorCli.run(rest, System.out, err);
                default -> {
                    err.println("error: unknown command '" + args[0] + "'\n\n" + usage());
                    yield 2;
                }
            };
        } catch (UsageException e) {
            err.println("error: " + e.getMessage() + "\n\n" + usage());
            return 2;
        } catch (org.entryguard.core.EntryGuardException e) {
            // a clear message, and an exit: an exception escaping main would leave non-daemon threads running
            err.println("error: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            err.println("error: unexpected failure: " + e);
            e.printStackTrace(err);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    /** Takes {@code --log-format text|json} out of the arguments (it may stand anywhere) and applies it. */
    static String[] logFormat(String[] args) {
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--log-format") || args[i].startsWith("--log-format=")) {
                String v = args[i].contains("=") ? args[i].substring(args[i].indexOf('=') + 1)
                        : i + 1 < args.length ? args[++i] : "";
                LogLines.format(LogLines.parse(v));
            } else {
                rest.add(args[i]);
            }
        }
        return rest.toArray(String[]::new);
    }

    static String usage() {
        return """
                usage: java -jar entryguard.jar [--log-format text|json] <command> [options]
                       (from the distribution archive: bin/entryguard <command> [options])

                commands:
                  check [options] [PHOTO...]       age check on photos (no photo: the bundled sample); one JSON line per face
                      --venue V                    the venue's rules decide, as the guard does (default ktv; see rules)
                      --challenge-age N            override the venue's challenge age (default 25)
                      --at TIME                    the time the rules judge (holidays); default now
                      --detector tiny|ssd          face detector (default tiny)
                      --input-size N               TinyFaceDetector input side, multiple of 32 (default 416)
                  evaluate [options] FOLDER        accuracy on a labelled folder (labels.csv with file,age or AGE_*.jpg names)
                      --canvas K                   place each photo on a grey canvas K times its size (default 1: as is)
                      --out DIR                    where report.json, faces.csv and the PNG plots go (default ./evaluation)
                      --challenge-age N            operating point (default 25)
                      --detector tiny|ssd, --input-size N, --limit N (first N photos), --threads N
                      --half all|fit|held-out, --estimator default|face-api, --age-model face-api|door,
                      --calibration bundled|identity|fit|FILE
                      --venue V                    decision rules: ktv (default), bar, internet-cafe, game-arcade, hotel, esports-hotel,
                                                   scripted-entertainment
                      --sequences                  each photo becomes a synthetic door visit through EntranceGuard (visits.csv)
                      --motion-gate on             with --sequences: each visit also through a guard with the motion gate, after
                                                   2 s of empty door; report.json's motion_gate counts visits decided differently
                      --quality on|off             the quality gate (size, blur, light, pose); a refused photo counts as CHECK_ID
                      --occlusion on|off           the gate's eyes-visible check (sunglasses); --occlusion-threshold T (default 0.39)
                      --synthetic-sunglasses on|T  paint lenses of transmission T (on: 0.15) over every face first
                  export-crops --out DIR [options] FOLDER...   the SDK's own age-network crops of labelled photos, for
                                                training (tools/training); --canvas K (default 3), --detector, --threads
                  rules --venue V [--at TIME] [options]   what the rules decide for venue V at TIME and why
                      V: ktv, bar, internet-cafe, arcade (game-arcade), hotel, esports-hotel, scripted-entertainment
                      --at 2027-01-01T15:00+08:00  (or 2027-01-01T15:00 / 2027-01-01 in the venue's zone; default now)
                      --lang zh|en, --json, --calendar FILE (holiday notices), --vacations FILE (city school vacations),
                      --challenge-age N, --zone Z, --age A [--spread S] (judge one estimate; default spread 5.7)
                  gateway --config FILE [--seconds N]   run a venue's cameras: decisions, alerts, /health, /metrics
                  gateway --demo                   the whole flow on the bundled clip with a local alert receiver
                      --regulator URL --regulator-secret S   also send its alerts to a running regulator (regulator --demo prints both)
                """ + org.entryguard.regulator.RegulatorCli.USAGE;
    }
}
