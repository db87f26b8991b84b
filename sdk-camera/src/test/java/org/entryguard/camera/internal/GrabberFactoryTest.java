package org.entryguard.camera.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.Map;
import org.entryguard.camera.CameraConfig;
import org.entryguard.camera.RtspTransport;
import org.junit.jupiter.api.Test;

class GrabberFactoryTest {
    private static CameraConfig.Builder cfg(String url) {
        return CameraConfig.custom(url).readTimeout(Duration.ofSeconds(2)).openTimeout(Duration.ofSeconds(10));
    }

    @Test
    void rtspGetsTimeoutInMicrosecondsAndTransport() {
        Map<String, String> o = GrabberFactory.options(cfg("rtsp://h/p").transport(RtspTransport.UDP).build());
        assertEquals("2000000", o.get("timeout"));
        assertEquals("udp", o.get("rtsp_transport"));
        assertFalse(o.containsKey("stimeout"), "FFmpeg 8 ignores stimeout");
        assertEquals("tcp", GrabberFactory.options(cfg("rtsp://h/p").build()).get("rtsp_transport"));
    }

    @Test
    void rtmpMustNotGetTimeoutBecauseItMeansListen() {
        Map<String, String> o = GrabberFactory.options(cfg("rtmp://h/live/cam").build());
        assertFalse(o.containsKey("timeout"));
        assertEquals("2000000", o.get("rw_timeout"));
    }

    @Test
    void httpGetsBoth() {
        Map<String, String> o = GrabberFactory.options(cfg("http://h/mjpeg").build());
        assertEquals("2000000", o.get("timeout"));
        assertEquals("2000000", o.get("rw_timeout"));
    }

    @Test
    void userOptionsWin() {
        Map<String, String> o = GrabberFactory.options(cfg("rtsp://h/p").ffmpegOption("timeout", "1").build());
        assertEquals("1", o.get("timeout"));
    }
}
