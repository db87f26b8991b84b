package org.entryguard.core;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageFrameTest {

    @Test
    void wrapsWithoutCopying() {
        byte[] px = new byte[4 * 2 * 3];
        ImageFrame f = ImageFrame.of(px, 4, 2, PixelFormat.BGR);
        assertEquals(4, f.width());
        assertEquals(12, f.stride());
        assertTrue(f.data() == px, "the frame must wrap the caller's buffer");
    }

    @Test
    void rejectsBufferTooSmallNamingTheSizes() {
        var e = assertThrows(IllegalArgumentException.class, () -> ImageFrame.of(new byte[10], 4, 2, PixelFormat.RGB));
        assertTrue(e.getMessage().contains("needs 24"), e.getMessage());
    }

    @Test
    void rejectsStrideBelowRowSize() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> ImageFrame.of(new byte[100], 4, 2, 8, PixelFormat.RGB, 0, "cam"));
        assertTrue(e.getMessage().contains("Stride 8"), e.getMessage());
    }

    @Test
    void rejectsEmptyFrame() {
        assertThrows(IllegalArgumentException.class, () -> ImageFrame.of(new byte[0], 0, 0, PixelFormat.RGB));
    }

    @Test
    void paddedRowsAreAccepted() {
        ImageFrame f = ImageFrame.of(new byte[16 * 1 + 12], 4, 2, 16, PixelFormat.RGB, 5, "cam-1");
        assertEquals(16, f.stride());
        assertEquals("cam-1", f.sourceId());
    }
}
