package org.entryguard.benchmarks;

import org.entryguard.core.ImageFiles;
import org.entryguard.core.ImageFrame;
import org.entryguard.core.PixelFormat;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The benchmark frames: door-camera-sized scenes composed from the bundled public-domain astronaut portrait
 * ({@code examples/.../samples/astronaut.png}, NASA, public domain), deterministically, in pure Java integer
 * arithmetic (no Java2D scaling, so every JVM produces the same bytes).
 *
 * <ul>
 *   <li>background: the lower band of the photo (suit, flag, helmet; no face) stretched to the frame;</li>
 *   <li>1 face: the portrait's head-and-shoulders square scaled to half the frame height (the face is then
 *       about a quarter of the frame height, as at a door), bottom centre;</li>
 *   <li>5 faces: the same square in a 3 + 2 grid, slightly different sizes, every other one mirrored.</li>
 * </ul>
 *
 * {@code java -cp benchmarks.jar org.entryguard.benchmarks.BenchFrames DIR} writes every frame as PNG plus a
 * {@code manifest.json} (size, face count, SHA-256 of the RGB bytes) for the Node peer, which checks the hash
 * so both sides provably see the same pixels.
 */
public final class BenchFrames {
    /** Resolutions benchmarked (width x height). */
    public static final String[] RESOLUTIONS = {"640x480", "1280x720", "1920x1080"};
    /** Face counts benchmarked. */
    public static final int[] FACES = {0, 1, 5};

    private static final String PHOTO = "/org/entryguard/examples/samples/astronaut.png";
    /** Head-and-shoulders square of the portrait (her face spans about x 170-290, y 40-190). */
    private static final int HEAD_X = 110;
    private static final int HEAD_Y = 0;
    private static final int HEAD_SIDE = 240;
    private static volatile Rgb photo;

    private BenchFrames() {
    }

    /** Packed RGB pixels. */
    record Rgb(byte[] px, int w, int h) { }

    /** The frame for {@code "WxH"} with {@code faces} faces, BGR as a camera (OpenCV) delivers it. */
    public static ImageFrame frame(String resolution, int faces) {
        int[] wh = parse(resolution);
        Rgb rgb = compose(wh[0], wh[1], faces);
        byte[] bgr = rgb.px().clone();
        for (int i = 0; i < bgr.length; i += 3) {
            byte t = bgr[i];
            bgr[i] = bgr[i + 2];
            bgr[i + 2] = t;
        }
        return ImageFrame.of(bgr, rgb.w(), rgb.h(), rgb.w() * 3, PixelFormat.BGR, 0L, "bench-" + resolution + "-" + faces);
    }

    public static int[] parse(String resolution) {
        String[] p = resolution.split("x");
        return new int[] {Integer.parseInt(p[0]), Integer.parseInt(p[1])};
    }

    /** File name of a frame, e.g. {@code 1920x1080_1face.png}. */
    public static String fileName(String resolution, int faces) {
        return resolution + "_" + faces + "face" + (faces == 1 ? "" : "s") + ".png";
    }

    static Rgb photo() {
        Rgb p = photo;
        if (p == null) {
            try (InputStream in = BenchFrames.class.getResourceAsStream(PHOTO)) {
                if (in == null) {
                    throw new IllegalStateException(PHOTO + " is missing from the benchmarks jar (see benchmarks/pom.xml resources)");
                }
                ImageFrame f = ImageFiles.read(in, PHOTO, ImageFiles.DEFAULT_MAX_PIXELS);
                byte[] rgb = new byte[f.width() * f.height() * 3];
                boolean bgr = f.format() == PixelFormat.BGR;
                for (int y = 0; y < f.height(); y++) {
                    for (int x = 0; x < f.width(); x++) {
                        int s = y * f.stride() + x * 3;
                        int d = (y * f.width() + x) * 3;
                        rgb[d] = f.data()[s + (bgr ? 2 : 0)];
                        rgb[d + 1] = f.data()[s + 1];
                        rgb[d + 2] = f.data()[s + (bgr ? 0 : 2)];
                    }
                }
                p = new Rgb(rgb, f.width(), f.height());
                photo = p;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return p;
    }

    static Rgb compose(int w, int h, int faces) {
        Rgb src = photo();
        byte[] dst = new byte[w * h * 3];
        // background: the photo's lower band (y 300..511), no face in it
        blit(src, 0, 300, src.w(), src.h() - 300, dst, w, h, 0, 0, w, h, false);
        if (faces == 1) {
            int s = h / 2;
            blit(src, HEAD_X, HEAD_Y, HEAD_SIDE, HEAD_SIDE, dst, w, h, (w - s) / 2, h - s - h / 10, s, s, false);
        } else if (faces > 1) {
            int cols = (faces + 1) / 2;
            int cellW = w / cols;
            int cellH = h / 2;
            int[] pct = {100, 90, 95, 85, 100, 92, 88, 97};
            for (int i = 0; i < faces; i++) {
                int row = i < cols ? 0 : 1;
                int inRow = row == 0 ? cols : faces - cols;
                int col = row == 0 ? i : i - cols;
                int s = Math.min(cellW, cellH) * 95 / 100 * pct[i % pct.length] / 100;
                int x0 = (w - inRow * cellW) / 2 + col * cellW + (cellW - s) / 2;
                int y0 = row * cellH + (cellH - s) / 2;
                blit(src, HEAD_X, HEAD_Y, HEAD_SIDE, HEAD_SIDE, dst, w, h, x0, y0, s, s, i % 2 == 1);
            }
        }
        return new Rgb(dst, w, h);
    }

    /**
     * Scales the source rectangle onto the destination rectangle with bilinear interpolation in 16.16 fixed
     * point (integer arithmetic: identical bytes on every platform).
     */
    private static void blit(Rgb src, int sx, int sy, int sw, int sh, byte[] dst, int dw, int dh,
                             int dx, int dy, int tw, int th, boolean mirror) {
        byte[] s = src.px();
        int stride = src.w() * 3;
        for (int y = 0; y < th; y++) {
            int ty = dy + y;
            if (ty < 0 || ty >= dh) {
                continue;
            }
            long fy = ((long) (2 * y + 1) * sh << 16) / (2L * th) - (1 << 15); // pixel-centre mapping, 16.16
            if (fy < 0) {
                fy = 0;
            }
            int y0 = (int) (fy >> 16);
            int y1 = Math.min(y0 + 1, sh - 1);
            int wy = (int) (fy & 0xFFFF);
            for (int x = 0; x < tw; x++) {
                int tx = dx + x;
                if (tx < 0 || tx >= dw) {
                    continue;
                }
                int xs = mirror ? tw - 1 - x : x;
                long fx = ((long) (2 * xs + 1) * sw << 16) / (2L * tw) - (1 << 15);
                if (fx < 0) {
                    fx = 0;
                }
                int x0 = (int) (fx >> 16);
                int x1 = Math.min(x0 + 1, sw - 1);
                int wx = (int) (fx & 0xFFFF);
                int o = (ty * dw + tx) * 3;
                for (int c = 0; c < 3; c++) {
                    long a = s[(sy + y0) * stride + (sx + x0) * 3 + c] & 0xFF;
                    long b = s[(sy + y0) * stride + (sx + x1) * 3 + c] & 0xFF;
                    long d = s[(sy + y1) * stride + (sx + x0) * 3 + c] & 0xFF;
                    long e = s[(sy + y1) * stride + (sx + x1) * 3 + c] & 0xFF;
                    long top = a * (65536 - wx) + b * wx;
                    long bot = d * (65536 - wx) + e * wx;
                    long v = (top * (65536 - wy) + bot * wy + (1L << 31)) >> 32;
                    dst[o + c] = (byte) v;
                }
            }
        }
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes every benchmark frame as PNG plus manifest.json into the given folder; with {@code --check} instead
     * runs the SDK on every frame and prints what it finds (the JMH setups insist on the expected face count).
     */
    public static void main(String[] args) throws IOException {
        if (args.length > 0 && args[0].equals("--check")) {
            try (var analyzer = org.entryguard.core.FrameAnalyzer.custom().build()) {
                for (String res : RESOLUTIONS) {
                    for (int faces : FACES) {
                        var found = analyzer.analyze(frame(res, faces));
                        System.out.printf("%-10s %d face(s) expected, %d found%s%n", res, faces, found.size(),
                                found.stream().map(f -> String.format(" [%.0fx%.0f score %.2f age %.1f]", f.face().box().width(),
                                        f.face().box().height(), f.face().score(), f.age() == null ? Float.NaN : f.age().age()))
                                        .reduce("", String::concat));
                    }
                }
            }
            return;
        }
        Path dir = Path.of(args.length > 0 ? args[0] : "benchmarks/results/frames");
        Files.createDirectories(dir);
        List<String> entries = new ArrayList<>();
        for (String res : RESOLUTIONS) {
            for (int faces : FACES) {
                int[] wh = parse(res);
                Rgb rgb = compose(wh[0], wh[1], faces);
                BufferedImage img = new BufferedImage(rgb.w(), rgb.h(), BufferedImage.TYPE_3BYTE_BGR);
                byte[] raster = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
                for (int i = 0; i < raster.length; i += 3) {
                    raster[i] = rgb.px()[i + 2];
                    raster[i + 1] = rgb.px()[i + 1];
                    raster[i + 2] = rgb.px()[i];
                }
                String name = fileName(res, faces);
                ImageIO.write(img, "png", dir.resolve(name).toFile());
                entries.add(String.format("  {\"resolution\": \"%s\", \"width\": %d, \"height\": %d, \"faces\": %d, \"file\": \"%s\", \"rgbSha256\": \"%s\"}",
                        res, rgb.w(), rgb.h(), faces, name, sha256(rgb.px())));
            }
        }
        Files.writeString(dir.resolve("manifest.json"), "{\"source\": \"examples/src/main/resources" + PHOTO
                + " (NASA portrait of Eileen Collins, public domain)\",\n \"frames\": [\n" + String.join(",\n", entries) + "\n ]}\n",
                StandardCharsets.UTF_8);
        System.out.println("wrote " + entries.size() + " frames to " + dir.toAbsolutePath());
    }
}
