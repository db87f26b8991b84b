package org.entryguard.camera;

/**
 * Counters of one {@link FrameSource} since it started.
 *
 * @param sourceId the camera id
 * @param state current state
 * @param framesDecoded video frames read from the stream ("frames in")
 * @param framesSkipped frames deliberately not converted because of {@link CameraConfig#targetFps()}
 * @param framesPublished frames converted and offered as the newest frame
 * @param framesTaken frames handed to the consumer
 * @param framesDropped frames replaced by a newer one before the consumer took them (stale)
 * @param connects successful opens (1 + reconnects)
 * @param failures failed open attempts and stream interruptions
 * @param lastFrameAgeMillis milliseconds since the last decoded frame, or -1 if none yet
 * @param width current frame width, 0 if unknown
 * @param height current frame height, 0 if unknown
 */
public record SourceStats(String sourceId, SourceState state, long framesDecoded, long framesSkipped,
                          long framesPublished, long framesTaken, long framesDropped, long connects,
                          long failures, long lastFrameAgeMillis, int width, int height) {
}
