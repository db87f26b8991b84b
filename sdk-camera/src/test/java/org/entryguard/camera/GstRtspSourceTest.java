package org.entryguard.camera;

import org.entryguard.camera.testing.GstRtspTestServer;
import org.entryguard.camera.testing.RtspTestServer;
import org.junit.jupiter.api.Tag;

/**
 * Every {@link RtspSourceTest} again against GStreamer's gst-rtsp-server, a server that is not ours. Needs system
 * packages (see {@link GstRtspTestServer}), so it runs only in the {@code gstreamer} profile:
 * {@code mvn -B -ntp -Pgstreamer -pl sdk-camera -am verify} (CI runs it after the main command).
 */
@Tag("gstreamer")
class GstRtspSourceTest extends RtspSourceTest {
    @Override
    RtspTestServer server(String... mounts) throws Exception {
        return GstRtspTestServer.start(mounts);
    }

    @Override
    RtspTestServer serverWithAuth(String user, String password, String... mounts) throws Exception {
        return GstRtspTestServer.startWithAuth(user, password, mounts);
    }
}
