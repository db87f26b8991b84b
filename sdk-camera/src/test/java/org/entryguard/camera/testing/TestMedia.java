package org.entryguard.camera.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.Loader;

/**
 * Test videos generated at test time under target/ from ffmpeg's synthetic {@code testsrc} pattern (nothing
 * copyrighted is committed), with the ffmpeg program JavaCV already ships in its ffmpeg artifact: no system
 * package, so the tests run on a machine with only a JDK and Maven. H.264 comes from that build's OpenH264
 * encoder (it has no libx264).
 */
public final class TestMedia {
    private static final Path DIR = Path.of("target", "test-media");
    private static String ffmpegPath;

    private TestMedia() {
    }

    /** An H.264 MP4 of the testsrc pattern. */
    public static synchronized Path testsrcMp4(int seconds, int fps, int width, int height) {
        Path out = DIR.resolve("testsrc-" + width + "x" + height + "-" + fps + "fps-" + seconds + "s.mp4");
        if (!Files.exists(out)) {
            encode(out, "-f", "lavfi", "-i", "testsrc=size=" + width + "x" + height + ":rate=" + fps,
                    "-t", Integer.toString(seconds), "-c:v", "libopenh264", "-b:v", "1M",
                    "-pix_fmt", "yuv420p", "-g", Integer.toString(fps));
        }
        return out.toAbsolutePath();
    }

    /** An audio-only file (no video track). */
    public static synchronized Path audioOnly() {
        Path out = DIR.resolve("tone.m4a");
        if (!Files.exists(out)) {
            encode(out, "-f", "lavfi", "-i", "sine=frequency=440:duration=1", "-c:a", "aac");
        }
        return out.toAbsolutePath();
    }

    /** JPEG frames of the testsrc pattern (for the MJPEG server), in order. */
    public static synchronized List<byte[]> jpegFrames(int count, int width, int height) {
        Path dir = DIR.resolve("jpeg-" + width + "x" + height + "-" + count);
        try {
            if (!Files.exists(dir.resolve(String.format("f%03d.jpg", count)))) {
                Files.createDirectories(dir);
                run(List.of(ffmpeg(), "-y", "-v", "error", "-f", "lavfi", "-i",
                        "testsrc=size=" + width + "x" + height + ":rate=25", "-frames:v", Integer.toString(count),
                        "-q:v", "5", dir.resolve("f%03d.jpg").toString()));
            }
            List<byte[]> frames = new ArrayList<>();
            for (int i = 1; i <= count; i++) {
                frames.add(Files.readAllBytes(dir.resolve(String.format("f%03d.jpg", i))));
            }
            return frames;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A file of random bytes with a video extension. */
    public static synchronized Path garbageFile() {
        Path out = DIR.resolve("garbage.mp4");
        try {
            Files.createDirectories(DIR);
            byte[] b = new byte[64 * 1024];
            new java.util.Random(3).nextBytes(b);
            Files.write(out, b);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toAbsolutePath();
    }

    private static void encode(Path out, String... args) {
        try {
            Files.createDirectories(out.getParent());
            Path tmp = out.resolveSibling(out.getFileName() + ".tmp" + out.getFileName().toString().replaceAll(".*\\.", "."));
            List<String> cmd = new ArrayList<>(List.of(ffmpeg(), "-y", "-v", "error"));
            cmd.addAll(List.of(args));
            cmd.add(tmp.toString());
            run(cmd);
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The path of JavaCV's ffmpeg program, unpacked (with its libraries) into JavaCPP's cache on first use.
     *
     * @throws IllegalStateException naming the artifact to add when the platform jar is missing
     */
    public static synchronized String ffmpeg() {
        if (ffmpegPath == null) {
            try {
                ffmpegPath = Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);
            } catch (UnsatisfiedLinkError | RuntimeException e) {
                throw new IllegalStateException("Cannot unpack the ffmpeg program JavaCV ships: is"
                        + " org.bytedeco:ffmpeg with classifier " + Loader.getPlatform() + " on the test classpath?", e);
            }
        }
        return ffmpegPath;
    }

    private static void run(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("ffmpeg did not finish in 120 s: " + cmd);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        String output = new String(p.getInputStream().readAllBytes());
        if (p.exitValue() != 0) {
            throw new IllegalStateException("ffmpeg failed (" + p.exitValue() + "): " + cmd + "\n" + output);
        }
    }
}
