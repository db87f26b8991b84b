package org.entryguard.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CameraConfigTest {
    @Test
    void passwordsNeverLeakIntoIdsOrLogs() {
        CameraConfig c = CameraConfig.custom("rtsp://admin:s3cret@10.0.0.21:554/Streaming/Channels/101?tcp").build();
        assertEquals("rtsp://admin:***@10.0.0.21:554/Streaming/Channels/101?tcp", c.redactedUrl());
        assertEquals("10.0.0.21:554/Streaming/Channels/101", c.id());
        assertFalse(c.toString().contains("s3cret"));
        assertEquals("rtsp", c.scheme());
        assertFalse(c.isFile());
    }

    @Test
    void schemes() {
        assertEquals("file", CameraConfig.custom("/videos/door.mp4").build().scheme());
        assertTrue(CameraConfig.custom("/videos/door.mp4").build().isFile());
        assertEquals("http", CameraConfig.custom("HTTP://cam/mjpeg").build().scheme());
        assertEquals("device", CameraConfig.custom(0).build().scheme());
        assertEquals("device-2", CameraConfig.custom(2).build().id());
        assertEquals("device 2", CameraConfig.custom(2).build().redactedUrl());
    }

    @Test
    void socketTimeoutIsReadTimeoutOrHalfTheOpenTimeout() {
        CameraConfig c = CameraConfig.custom("rtsp://h/p").openTimeout(Duration.ofSeconds(10))
                .readTimeout(Duration.ofSeconds(3)).build();
        assertEquals(3_000_000, c.socketTimeoutMicros());
        c = CameraConfig.custom("rtsp://h/p").openTimeout(Duration.ofSeconds(4))
                .readTimeout(Duration.ofSeconds(5)).build();
        assertEquals(2_000_000, c.socketTimeoutMicros(), "JavaCV retries an open once: half each");
    }

    @Test
    void badInputNamesTheFix() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CameraConfig.custom(" "));
        assertTrue(e.getMessage().contains("rtsp://"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CameraConfig.custom("rtsp://h/my cam"));
        assertTrue(e.getMessage().contains("%20"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CameraConfig.custom(-1));
        assertThrows(IllegalArgumentException.class, () -> CameraConfig.custom("x.mp4").targetFps(-1));
        assertThrows(IllegalArgumentException.class, () -> CameraConfig.custom("x.mp4").readTimeout(Duration.ZERO));
    }
}
