import java.awt.image.BufferedImage;
import java.io.BufferedOutputStream;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.imageio.ImageIO;

/**
 * Decodes images with javax.imageio.ImageIO -- the decoder the EntryGuard SDK uses -- and writes the
 * raw pixels as binary PPM (P6: "P6\n{width} {height}\n255\n" followed by width*height*3 bytes R,G,B
 * row-major), so that the tfjs reference (reference.mjs) sees exactly the pixels the Java SDK sees.
 *
 * Pixels are read with BufferedImage.getRGB (sRGB, alpha dropped, not premultiplied).
 * Usage: java tools/models/DecodeRgb.java OUT_DIR IMAGE... (writes OUT_DIR/&lt;file name&gt;.ppm and
 * prints "&lt;sha256 of the RGB bytes&gt; &lt;width&gt; &lt;height&gt; &lt;image&gt;" per image).
 */
public class DecodeRgb {
    public static byte[] decode(File f, int[] dims) throws IOException {
        BufferedImage img = ImageIO.read(f);
        if (img == null) {
            throw new IOException("ImageIO cannot decode " + f);
        }
        int w = img.getWidth();
        int h = img.getHeight();
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
        byte[] rgb = new byte[w * h * 3];
        for (int i = 0; i < argb.length; i++) {
            int p = argb[i];
            rgb[3 * i] = (byte) (p >>> 16);
            rgb[3 * i + 1] = (byte) (p >>> 8);
            rgb[3 * i + 2] = (byte) p;
        }
        dims[0] = w;
        dims[1] = h;
        return rgb;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: java DecodeRgb.java OUT_DIR IMAGE...");
            System.exit(2);
        }
        File outDir = new File(args[0]);
        outDir.mkdirs();
        for (int a = 1; a < args.length; a++) {
            File in = new File(args[a]);
            int[] dims = new int[2];
            byte[] rgb = decode(in, dims);
            File out = new File(outDir, in.getName() + ".ppm");
            try (OutputStream os = new BufferedOutputStream(new FileOutputStream(out))) {
                os.write(("P6\n" + dims[0] + " " + dims[1] + "\n255\n").getBytes(StandardCharsets.US_ASCII));
                os.write(rgb);
            }
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(rgb));
            System.out.println(sha + " " + dims[0] + " " + dims[1] + " " + in.getPath());
        }
    }
}
