package org.entryguard.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 16 item 10: bad files given to {@code check}. A truncated JPEG was decoded with its missing part grey and
 * scored; a FIFO named .jpg hung the reader; a 39 999 999×1 PNG under the pixel cap took 755 MB; out-of-memory was
 * reported as "corrupt".
 */
class BadImageInputTest {
    @TempDir
    Path tmp;

    private Path jpeg() throws Exception {
        BufferedImage img = new BufferedImage(640, 480, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < 480; y++) {
            for (int x = 0; x < 640; x++) img.setRGB(x, y, (x * 7 + y * 13) * 0x010101 ^ (x * y));
        }
        Path p = tmp.resolve("photo.jpg");
        ImageIO.write(img, "jpg", p.toFile());
        return p;
    }

    @Test
    void aTruncatedJpegIsRefusedWhenCompletenessIsAskedFor() throws Exception {
        Path full = jpeg();
        byte[] all = Files.readAllBytes(full);
        Path cut = tmp.resolve("cut.jpg");
        Files.write(cut, Arrays.copyOf(all, all.length / 3)); // like 20 KB of 64 KB
        ImageFormatException e = assertThrows(ImageFormatException.class,
                () -> ImageFiles.read(cut, ImageFiles.DEFAULT_MAX_PIXELS, true));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertEquals(640, ImageFiles.read(full, ImageFiles.DEFAULT_MAX_PIXELS, true).width(), "a whole JPEG is fine");
        ImageFiles.read(cut); // the lenient default (evaluate's) still decodes what is there
    }

    @Test
    void aFifoNamedJpgIsRefusedWithoutHanging() throws Exception {
        Path fifo = tmp.resolve("camera.jpg");
        Process p;
        try {
            p = new ProcessBuilder("mkfifo", fifo.toString()).start();
        } catch (java.io.IOException e) {
            assumeTrue(false, "mkfifo not available");
            return;
        }
        assumeTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "mkfifo failed");
        ImageFormatException e = assertTimeoutPreemptively(java.time.Duration.ofSeconds(5),
                () -> assertThrows(ImageFormatException.class, () -> ImageFiles.read(fifo)));
        assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
    }

    /** A PNG whose header says w×h (nothing else needs to be valid: the size is checked before decoding). */
    static byte[] png(int w, int h, byte[] idat) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(out);
        d.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream i = new DataOutputStream(ihdr);
        i.writeInt(w);
        i.writeInt(h);
        i.write(new byte[] {8, 2, 0, 0, 0}); // 8-bit RGB
        chunk(d, "IHDR", ihdr.toByteArray());
        chunk(d, "IDAT", idat);
        chunk(d, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(DataOutputStream d, String type, byte[] data) throws Exception {
        d.writeInt(data.length);
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        d.write(t);
        d.write(data);
        CRC32 c = new CRC32();
        c.update(t);
        c.update(data);
        d.writeInt((int) c.getValue());
    }

    @Test
    void aPictureWithAnAbsurdSideIsRefusedBeforeDecoding() throws Exception {
        Path p = tmp.resolve("line.png");
        Files.write(p, png(39_999_999, 1, new byte[0]));
        long before = usedHeap();
        ImageFormatException e = assertThrows(ImageFormatException.class, () -> ImageFiles.read(p));
        assertTrue(e.getMessage().contains("39999999x1") && e.getMessage().contains("16384"), e.getMessage());
        assertTrue(usedHeap() - before < 64L << 20, "refused from the header, before the decoder allocated its rows");
    }

    private static long usedHeap() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    @Test
    void runningOutOfMemoryIsReportedAsThatNotAsCorrupt() throws Exception {
        // 16000 x 2000 RGB (under both caps) decodes to ~100 MB of raster: a 48 MiB heap cannot hold it
        int w = 16_000;
        int h = 2_000;
        Deflater z = new Deflater(1);
        byte[] row = new byte[1 + w * 3];
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        for (int y = 0; y < h; y++) {
            z.setInput(row);
            while (!z.needsInput()) compressed.write(buf, 0, z.deflate(buf));
        }
        z.finish();
        while (!z.finished()) compressed.write(buf, 0, z.deflate(buf));
        Path p = tmp.resolve("big.png");
        Files.write(p, png(w, h, compressed.toByteArray()));
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx48m",
                "-cp", System.getProperty("java.class.path"), ReadOne.class.getName(), p.toString())
                .redirectErrorStream(true).start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        assertTrue(out.contains("not enough memory") && !out.contains("corrupt"), out);
    }

    /** Child-JVM main: reads one file and prints the error message. */
    public static final class ReadOne {
        private ReadOne() {
        }

        /** Entry point. */
        public static void main(String[] args) {
            try {
                ImageFrame f = ImageFiles.read(Path.of(args[0]));
                System.out.println("read " + f.width() + "x" + f.height());
            } catch (ImageFormatException e) {
                System.out.println(e.getMessage());
            }
        }
    }
}
