package org.entryguard.camera.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.entryguard.camera.CameraConfig;
import org.entryguard.camera.SourceProblem;
import org.junit.jupiter.api.Test;

class FailureDiagnosisTest {
    private static final CameraConfig CAM = CameraConfig.custom("rtsp://admin:pw@10.1.1.5:554/live").build();

    private static FailureDiagnosis open(int code, String log) {
        return open(CAM, code, log);
    }

    private static FailureDiagnosis open(CameraConfig c, int code, String log) {
        Exception e = new Exception("avformat_open_input() error " + code + ": Could not open input \"" + c.url() + "\".");
        return FailureDiagnosis.ofOpen(e, log, c, 12);
    }

    @Test
    void knownErrorCodes() {
        assertEquals(-875574520, FailureDiagnosis.AVERROR_HTTP_NOT_FOUND, "matches what FFmpeg 8 returns");
        assertEquals(-1094995529, FailureDiagnosis.AVERROR_INVALIDDATA);
        assertEquals(-1330794744, FailureDiagnosis.AVERROR_PROTOCOL_NOT_FOUND);
        assertEquals(SourceProblem.CONNECTION_REFUSED, open(-111, null).problem());
        assertEquals(SourceProblem.TIMED_OUT, open(-110, null).problem());
        assertEquals(SourceProblem.HOST_UNREACHABLE,
                open(-5, "Failed to resolve hostname nope.invalid: Name or service not known").problem());
        assertEquals(SourceProblem.NOT_FOUND, open(FailureDiagnosis.AVERROR_HTTP_NOT_FOUND, null).problem());
        assertEquals(SourceProblem.UNAUTHORIZED, open(FailureDiagnosis.AVERROR_HTTP_UNAUTHORIZED, null).problem());
        assertEquals(SourceProblem.INVALID_DATA, open(FailureDiagnosis.AVERROR_INVALIDDATA, null).problem());
        assertEquals(SourceProblem.BAD_URL, open(FailureDiagnosis.AVERROR_PROTOCOL_NOT_FOUND, null).problem());
        assertEquals(SourceProblem.FILE_NOT_FOUND, open(CameraConfig.custom("/no/such.mp4").build(), -2, null).problem());
        assertEquals(SourceProblem.IO_ERROR, open(-12345, null).problem());
    }

    @Test
    void reasonNamesProblemAndFixWithoutThePassword() {
        FailureDiagnosis d = open(FailureDiagnosis.AVERROR_HTTP_NOT_FOUND, "method DESCRIBE failed: 404 Not Found");
        assertTrue(d.reason().contains("404"), d.reason());
        assertTrue(d.reason().contains("/live"), d.reason());
        assertTrue(d.reason().contains("Fix: "), d.reason());
        assertFalse(d.reason().contains(":pw@"), d.reason());
        d = FailureDiagnosis.ofOpen(new Exception("weird " + CAM.url()), null, CAM, 1);
        assertFalse(d.reason().contains(":pw@"), d.reason());
    }

    @Test
    void permanentProblemsAreConfigErrors() {
        assertTrue(SourceProblem.NOT_FOUND.isPermanent());
        assertTrue(SourceProblem.UNAUTHORIZED.isPermanent());
        assertFalse(SourceProblem.CONNECTION_REFUSED.isPermanent(), "cameras reboot: keep trying");
        assertFalse(SourceProblem.TIMED_OUT.isPermanent());
    }
}
