package org.entryguard.examples;

import java.util.Arrays;
import java.util.Locale;

/**
 * The {@code entryguard} command line: {@code java -jar entryguard.jar <command> [options]}.
 * Commands: {@code check} (age check on photos), {@code evaluate} (accuracy on a labelled folder),
 * {@code gateway} (cameras → decisions → alerts), {@code regulator} (the bureau's alert service). Without {@code ORT_DISABLE_TELEMETRY=1} in its environment it
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
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help") || args[0].equals("help")) {
            System.out.println(usage());
            return args.length == 0 ? 2 : 0;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            return switch (args[0].toLowerCase(Locale.ROOT)) {
                case "check" -> CheckCommand.run(rest, System.out, System.err);
                case "evaluate" -> EvaluateCommand.run(rest, System.out, System.err);
                case "export-crops" -> ExportCropsCommand.run(rest, System.out, System.err);
                case "gateway" -> GatewayCommand.run(rest, System.out, System.err);
                case "regulator" -> org.entryguard.regulator.RegulatorCli.run(rest, System.out, System.err);
                default -> {
                    System.err.println("error: unknown command '" + args[0] + "'\n\n" + usage());
                    yield 2;
                }
            };
        } catch (UsageException e) {
            System.err.println("error: " + e.getMessage() + "\n\n" + usage());
            return 2;
        } catch (org.entryguard.core.EntryGuardException e) {
            // a clear message, and an exit: an exception escaping main would leave non-daemon threads running
            System.err.println("error: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            System.err.println("error: unexpected failure: " + e);
            e.printStackTrace();
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    static String usage() {
        return """
                usage: java -jar entryguard.jar <command> [options]

                commands:
                  check [options] [PHOTO...]       age check on photos (no photo: the bundled sample); one JSON line per face
                      --challenge-age N            estimates under N years get CHECK_ID (default 25)
                      --detector tiny|ssd          face detector (default tiny)
                      --input-size N               TinyFaceDetector input side, multiple of 32 (default 416)
                  evaluate [options] FOLDER        accuracy on a labelled folder (labels.csv with file,age or AGE_*.jpg names)
                      --canvas K                   place each photo on a grey canvas K times its size (default 1: as is)
                      --out DIR                    where report.json, faces.csv and the PNG plots go (default ./evaluation)
                      --challenge-age N            operating point (default 25)
                      --detector tiny|ssd, --input-size N, --limit N (first N photos), --threads N
                      --half all|fit|held-out, --estimator default|face-api, --age-model face-api|door,
                      --calibration bundled|identity|fit|FILE
                      --venue V                    decision rules: ktv (default), bar, internet-cafe, game-arcade, hotel, esports-hotel
                      --sequences                  each photo becomes a synthetic door visit through EntranceGuard (visits.csv)
                      --quality on|off             the quality gate (size, blur, light, pose); a refused photo counts as CHECK_ID
                      --occlusion on|off           the gate's eyes-visible check (sunglasses); --occlusion-threshold T (default 0.39)
                      --synthetic-sunglasses on|T  paint lenses of transmission T (on: 0.15) over every face first
                  export-crops --out DIR [options] FOLDER...   the SDK's own age-network crops of labelled photos, for
                                                training (tools/training); --canvas K (default 3), --detector, --threads
                  gateway --config FILE [--seconds N]   run a venue's cameras: decisions, alerts, /health, /metrics
                  gateway --demo                   the whole flow on the bundled clip with a local alert receiver
                """ + org.entryguard.regulator.RegulatorCli.USAGE;
    }
}
