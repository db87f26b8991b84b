package org.entryguard.camera.internal;

import org.bytedeco.ffmpeg.avutil.LogCallback;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes FFmpeg's own log lines (errors only) away from stderr and remembers the last one per thread, so a
 * failed open can be explained ("method DESCRIBE failed: 401 Unauthorized") instead of just "error -5".
 * Lines go to SLF4J at DEBUG. Process-wide: installed once, the first time a source starts.
 */
public final class FfmpegLog {
    private static final Logger LOG = LoggerFactory.getLogger("org.entryguard.camera.ffmpeg");
    private static final ThreadLocal<String> LAST_ERROR = new ThreadLocal<>();
    private static volatile Callback callback;

    private FfmpegLog() {
    }

    /** Installs the callback and sets FFmpeg's level to errors; idempotent. */
    public static void install() {
        if (callback != null) {
            return;
        }
        synchronized (FfmpegLog.class) {
            if (callback == null) {
                Callback cb = new Callback();
                avutil.av_log_set_level(avutil.AV_LOG_ERROR);
                avutil.setLogCallback(cb);
                callback = cb; // strong reference: the native side only holds a pointer
            }
        }
    }

    /** Forgets the calling thread's last error (call before an open attempt). */
    public static void clear() {
        LAST_ERROR.remove();
    }

    /** The last FFmpeg error line logged on the calling thread since {@link #clear()}, or null. */
    public static String lastError() {
        return LAST_ERROR.get();
    }

    private static final class Callback extends LogCallback {
        @Override
        public void call(int level, BytePointer msg) {
            if (level > avutil.AV_LOG_ERROR || msg == null || msg.isNull()) {
                return;
            }
            String line = msg.getString().strip();
            if (line.isEmpty()) {
                return;
            }
            LAST_ERROR.set(line);
            LOG.debug("{}", line);
        }
    }
}
