package org.entryguard.camera;

import java.util.Locale;

/**
 * Per-camera figures of a {@link CameraRunner}. Counters are cumulative since start; latencies cover the
 * last 1024 analysed frames and measure capture (frame decoded) to the end of the {@link FrameHandler} call,
 * in milliseconds (-1 before the first frame).
 *
 * @param cameraId the camera
 * @param state the source's state
 * @param framesIn frames decoded from the stream
 * @param framesSkipped frames skipped to honour the camera's target fps
 * @param framesDropped stale frames replaced before analysis could take them
 * @param framesAnalysed frames handed to the handler
 * @param handlerErrors handler calls that threw
 * @param connects successful opens
 * @param failures failed opens and interruptions
 * @param latencyP50Millis median capture-to-handled latency
 * @param latencyP99Millis 99th percentile
 * @param latencyMaxMillis maximum in the window
 * @param lastFrameAgeMillis time since the last decoded frame, -1 if none
 */
public record CameraStats(String cameraId, SourceState state, long framesIn, long framesSkipped, long framesDropped,
                          long framesAnalysed, long handlerErrors, long connects, long failures,
                          long latencyP50Millis, long latencyP99Millis, long latencyMaxMillis,
                          long lastFrameAgeMillis) {

    /** One status line for periodic logs. */
    public String statusLine() {
        return String.format(Locale.ROOT,
                "%s %s in=%d analysed=%d dropped=%d skipped=%d errors=%d reconnects=%d latency p50=%dms p99=%dms max=%dms last=%dms",
                cameraId, state, framesIn, framesAnalysed, framesDropped, framesSkipped, handlerErrors,
                Math.max(0, connects - 1), latencyP50Millis, latencyP99Millis, latencyMaxMillis, lastFrameAgeMillis);
    }
}
