package org.entryguard.camera.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.OpenCVFrameGrabber;
import org.entryguard.camera.CameraConfig;
import org.entryguard.camera.RtspTransport;

/**
 * Creates a configured JavaCV grabber for a camera: FFmpeg for URLs and files, OpenCV for a device index.
 *
 * <p>The timeout options differ per protocol, and getting them wrong either hangs or breaks the stream:
 * <ul>
 *   <li>RTSP: {@code timeout} = socket I/O timeout in microseconds (FFmpeg 8 ignores the old {@code stimeout});
 *       without it {@code start()} can wait forever on a silent peer.</li>
 *   <li>RTMP: {@code timeout} means "listen for an incoming connection" (seconds) and would turn the client into
 *       a server, so only {@code rw_timeout} is set.</li>
 *   <li>HTTP(S)/MJPEG: both {@code timeout} and {@code rw_timeout}.</li>
 *   <li>Anything else (files, udp, srt...): {@code rw_timeout}.</li>
 * </ul>
 */
public final class GrabberFactory {
    private GrabberFactory() {
    }

    /** A new, not yet started grabber for the camera. */
    public static FrameGrabber create(CameraConfig config) {
        if (config.isDevice()) {
            OpenCVFrameGrabber g = new OpenCVFrameGrabber(config.deviceIndex());
            g.setImageMode(FrameGrabber.ImageMode.COLOR);
            return g;
        }
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(config.url());
        g.setImageMode(FrameGrabber.ImageMode.COLOR);
        g.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
        options(config).forEach(g::setOption);
        g.setVideoOption("threads", Integer.toString(config.decoderThreads()));
        return g;
    }

    /**
     * Starts a grabber without JavaCV's JVM-wide lock. {@code FFmpegFrameGrabber.start()} holds a lock on
     * {@code avcodec.class} through the whole open (connect, RTSP handshake, probing the stream), a relic of FFmpeg
     * before 4.0 whose {@code avcodec_open2} was not thread-safe. With it, N cameras open one after another (about
     * 1.2 s each on loopback RTSP: 32 cameras took 37 s to come up) and one camera hanging in open until its timeout
     * holds every other camera's start and reconnect for that long. FFmpeg 4.0+ (JavaCV 1.5.13 ships 8.0) locks
     * what needs it inside {@code avcodec_open2}; each grabber here is used by one decode thread only.
     */
    public static void start(FrameGrabber grabber) throws FrameGrabber.Exception {
        if (grabber instanceof FFmpegFrameGrabber ff) {
            ff.startUnsafe();
        } else {
            grabber.start();
        }
    }

    /** Releases a grabber without JavaCV's JVM-wide lock (see {@link #start}): a stop never waits for an open. */
    public static void release(FrameGrabber grabber) throws FrameGrabber.Exception {
        if (grabber instanceof FFmpegFrameGrabber ff) {
            ff.releaseUnsafe();
        } else {
            grabber.release();
        }
    }

    /** The FFmpeg format/protocol options for a URL camera (pure; the config's own options win). */
    public static Map<String, String> options(CameraConfig config) {
        Map<String, String> o = new LinkedHashMap<>();
        String timeout = Long.toString(config.socketTimeoutMicros());
        switch (config.scheme()) {
            case "rtsp", "rtsps" -> {
                o.put("timeout", timeout);
                o.put("rtsp_transport", config.transport() == RtspTransport.UDP ? "udp" : "tcp");
                o.put("allowed_media_types", "video");
            }
            case "rtmp", "rtmps", "rtmpt", "rtmpe", "rtmpts", "rtmpte" -> o.put("rw_timeout", timeout);
            case "http", "https" -> {
                o.put("timeout", timeout);
                o.put("rw_timeout", timeout);
            }
            default -> o.put("rw_timeout", timeout);
        }
        o.putAll(config.ffmpegOptions());
        return o;
    }
}
