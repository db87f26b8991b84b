package org.entryguard.camera;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Soak run for {@code scripts/soak.sh} (not a unit test): N RTSP cameras into a {@link CameraRunner} with a
 * simulated analysis load, printing memory, threads, drops and latency every interval.
 *
 * <p>Usage: {@code Soak <minutes> <intervalSeconds> <targetFps> <analysisMillis> <url>...}
 */
public final class Soak {
    private Soak() {
    }

    /** Entry point. */
    public static void main(String[] args) throws Exception {
        double minutes = Double.parseDouble(args[0]);
        int interval = Integer.parseInt(args[1]);
        double fps = Double.parseDouble(args[2]);
        long workMillis = Long.parseLong(args[3]);
        CameraRunner.Builder b = CameraRunner.custom();
        for (int i = 4; i < args.length; i++) {
            b.camera(CameraConfig.custom(args[i]).id("cam" + (i - 3)).targetFps(fps).build());
        }
        long[] checksum = new long[1];
        b.handler(frame -> {
            // stand-in for inference: read every pixel once, then wait like an accelerator would
            long sum = 0;
            byte[] d = frame.data();
            int n = frame.height() * frame.stride();
            for (int i = 0; i < n; i += 64) {
                sum += d[i];
            }
            checksum[0] += sum;
            if (workMillis > 0) {
                Thread.sleep(workMillis);
            }
        });
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        List<long[]> samples = new ArrayList<>(); // {heapAfterGcMB, rssMB, threads}
        long end = System.nanoTime() + (long) (minutes * 60e9);
        try (CameraRunner runner = b.build()) {
            runner.start();
            System.out.printf(Locale.ROOT, "soak: %d cameras, %.1f min, target %.1f fps, %d ms analysis, %d analysis threads%n",
                    args.length - 4, minutes, fps, workMillis, runner.analysisThreads());
            while (System.nanoTime() < end) {
                Thread.sleep(Math.min(interval * 1000L, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
                System.gc();
                long heap = mem.getHeapMemoryUsage().getUsed() >> 20;
                long rss = rssMb();
                int threads = Thread.activeCount();
                samples.add(new long[] {heap, rss, threads});
                System.out.printf(Locale.ROOT, "t=%4ds heapAfterGC=%dMB rss=%dMB threads=%d%n",
                        samples.size() * interval, heap, rss, threads);
                for (CameraStats s : runner.stats()) {
                    System.out.println("  " + s.statusLine());
                }
            }
            System.out.println("SUMMARY");
            int warm = Math.min(samples.size() - 1, Math.max(1, samples.size() / 5));
            List<long[]> steady = samples.subList(warm, samples.size());
            System.out.printf(Locale.ROOT, "  heap after GC (steady): min=%dMB max=%dMB first=%dMB last=%dMB%n",
                    steady.stream().mapToLong(s -> s[0]).min().orElse(-1), steady.stream().mapToLong(s -> s[0]).max().orElse(-1),
                    steady.get(0)[0], steady.get(steady.size() - 1)[0]);
            System.out.printf(Locale.ROOT, "  rss (steady): min=%dMB max=%dMB first=%dMB last=%dMB%n",
                    steady.stream().mapToLong(s -> s[1]).min().orElse(-1), steady.stream().mapToLong(s -> s[1]).max().orElse(-1),
                    steady.get(0)[1], steady.get(steady.size() - 1)[1]);
            System.out.printf(Locale.ROOT, "  threads: first=%d last=%d max=%d%n", samples.get(0)[2],
                    samples.get(samples.size() - 1)[2], samples.stream().mapToLong(s -> s[2]).max().orElse(-1));
            for (CameraStats s : runner.stats()) {
                System.out.println("  " + s.statusLine());
            }
        }
        Thread.sleep(500);
        System.out.println("  threads after close: " + Thread.activeCount() + " (entryguard-*: "
                + Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("entryguard-")).count() + ")");
    }

    private static long rssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D+", "")) >> 10;
                }
            }
        } catch (Exception e) {
            // not Linux
        }
        return -1;
    }
}
