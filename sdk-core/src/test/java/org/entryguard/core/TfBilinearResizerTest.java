package org.entryguard.core;

import org.entryguard.core.internal.TfBilinearResizer;
import org.junit.jupiter.api.Test;

import java.nio.FloatBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Hand-computed cases of TF's resizeBilinear (align_corners=false, half_pixel_centers=false). */
class TfBilinearResizerTest {

    @Test
    void upscalesWithAsymmetricCoordinatesLikeTensorflow() {
        // one row, 2 pixels: R = 0 and 100. TF maps out x to in x*0.5: 0, 0.5, 1, 1.5 -> 0, 50, 100, 100 (edge clamp)
        byte[] px = {0, 0, 0, 100, 0, 0};
        ImageFrame f = ImageFrame.of(px, 2, 1, PixelFormat.RGB);
        FloatBuffer out = FloatBuffer.allocate(4 * 1 * 3);
        new TfBilinearResizer().resize(f, 0, 0, 2, 1, 2, 1, 0, 0, 4, 1, out);
        assertEquals(0f, out.get(0));
        assertEquals(50f, out.get(3));
        assertEquals(100f, out.get(6));
        assertEquals(100f, out.get(9), "TF clamps at the last pixel instead of using half-pixel centres");
    }

    @Test
    void padsWithZerosAndSwapsBgr() {
        // 1x1 BGR pixel (B=10,G=20,R=30) on a 2x2 canvas at the top-left: output 2x2 == canvas
        byte[] px = {10, 20, 30};
        ImageFrame f = ImageFrame.of(px, 1, 1, PixelFormat.BGR);
        FloatBuffer out = FloatBuffer.allocate(2 * 2 * 3);
        new TfBilinearResizer().resize(f, 0, 0, 1, 1, 2, 2, 0, 0, 2, 2, out);
        assertEquals(30f, out.get(0), "R first");
        assertEquals(20f, out.get(1));
        assertEquals(10f, out.get(2));
        for (int i = 3; i < 12; i++) {
            assertEquals(0f, out.get(i), "padding is zero at " + i);
        }
    }

    @Test
    void downscaleSamplesEveryOtherPixel() {
        byte[] px = new byte[4 * 3];
        for (int i = 0; i < 4; i++) {
            px[i * 3] = (byte) (i * 10);
        }
        ImageFrame f = ImageFrame.of(px, 4, 1, PixelFormat.RGB);
        FloatBuffer out = FloatBuffer.allocate(2 * 3);
        new TfBilinearResizer().resize(f, 0, 0, 4, 1, 4, 1, 0, 0, 2, 1, out);
        assertEquals(0f, out.get(0));
        assertEquals(20f, out.get(3));
    }
}
