package org.entryguard.benchmarks;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.entryguard.core.FrameConverter;
import org.entryguard.core.FrameConverter.Layout;
import org.entryguard.core.ImageFrame;
import org.entryguard.core.PixelFormat;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link FrameConverter}: what each input layout costs per frame before the detector sees it, and (with
 * {@code -prof gc}) that the steady state allocates only the {@code ImageFrame} object. {@code BGR} from an
 * array is the wrap-only baseline; {@code BGR_DIRECT} is the one bulk copy out of native memory (JavaCV, OpenCV).
 * Run: {@code java -jar benchmarks/target/benchmarks.jar FrameConversionBenchmark -prof gc}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
public class FrameConversionBenchmark {
    @Param({"1280x720", "1920x1080"})
    public String resolution;

    @Param({"BGR", "BGR_DIRECT", "BGRA", "GREY", "NV12", "NV21", "I420"})
    public String input;

    private final FrameConverter converter = new FrameConverter();
    private byte[] array;
    private ByteBuffer direct;
    private Layout layout;
    private int width;
    private int height;
    private int stride;

    @Setup
    public void setUp() {
        ImageFrame bgr = BenchFrames.frame(resolution, 1);
        width = bgr.width();
        height = bgr.height();
        layout = Layout.valueOf(input.replace("_DIRECT", ""));
        stride = layout == Layout.BGR ? width * 3 : layout == Layout.BGRA ? width * 4 : width;
        array = encode(bgr, layout, stride);
        if (input.endsWith("_DIRECT")) {
            direct = ByteBuffer.allocateDirect(array.length).put(array).flip();
        }
    }

    @Benchmark
    public ImageFrame convert() {
        return direct != null
                ? converter.convert(direct, width, height, stride, layout, 0L, "")
                : converter.convert(array, 0, width, height, stride, layout, 0L, "");
    }

    /** The benchmark picture in {@code layout} (BT.601 limited range for YUV; the content only sets realism). */
    private static byte[] encode(ImageFrame f, Layout layout, int stride) {
        int w = f.width();
        int h = f.height();
        byte[] out = new byte[(int) layout.bytes(w, h, stride)];
        boolean isBgr = f.format() == PixelFormat.BGR;
        int cs = layout == Layout.I420 ? (stride + 1) / 2 : stride;
        int ch = (h + 1) / 2;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int s = y * f.stride() + x * 3;
                int b = f.data()[s + (isBgr ? 0 : 2)] & 0xff;
                int g = f.data()[s + 1] & 0xff;
                int r = f.data()[s + (isBgr ? 2 : 0)] & 0xff;
                switch (layout) {
                    case BGR -> {
                        out[y * stride + x * 3] = (byte) b;
                        out[y * stride + x * 3 + 1] = (byte) g;
                        out[y * stride + x * 3 + 2] = (byte) r;
                    }
                    case BGRA -> {
                        out[y * stride + x * 4] = (byte) b;
                        out[y * stride + x * 4 + 1] = (byte) g;
                        out[y * stride + x * 4 + 2] = (byte) r;
                        out[y * stride + x * 4 + 3] = (byte) 255;
                    }
                    default -> {
                        out[y * stride + x] = (byte) ((66 * r + 129 * g + 25 * b + 128 >> 8) + 16);
                        if (layout != Layout.GREY && (x & 1) == 0 && (y & 1) == 0) {
                            int u = (-38 * r - 74 * g + 112 * b + 128 >> 8) + 128;
                            int v = (112 * r - 94 * g - 18 * b + 128 >> 8) + 128;
                            int c = stride * h;
                            switch (layout) {
                                case NV12 -> {
                                    out[c + (y / 2) * cs + x] = (byte) u;
                                    out[c + (y / 2) * cs + x + 1] = (byte) v;
                                }
                                case NV21 -> {
                                    out[c + (y / 2) * cs + x] = (byte) v;
                                    out[c + (y / 2) * cs + x + 1] = (byte) u;
                                }
                                default -> {
                                    out[c + (y / 2) * cs + x / 2] = (byte) u;
                                    out[c + cs * ch + (y / 2) * cs + x / 2] = (byte) v;
                                }
                            }
                        }
                    }
                }
            }
        }
        return out;
    }
}
