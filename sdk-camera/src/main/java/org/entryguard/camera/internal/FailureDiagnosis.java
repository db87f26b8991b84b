package org.entryguard.camera.internal;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.entryguard.camera.CameraConfig;
import org.entryguard.camera.SourceProblem;

/**
 * Turns what JavaCV/FFmpeg report (an exception with an AVERROR code, plus FFmpeg's last log line) into a
 * {@link SourceProblem} and one sentence naming the problem and the fix.
 *
 * @param problem the classified problem
 * @param reason the sentence for events and logs (no passwords)
 */
public record FailureDiagnosis(SourceProblem problem, String reason) {
    private static final Pattern ERROR_CODE = Pattern.compile("error (-?\\d+)");

    static final int AVERROR_EOF = fferrtag('E', 'O', 'F', ' ');
    static final int AVERROR_INVALIDDATA = fferrtag('I', 'N', 'D', 'A');
    static final int AVERROR_PROTOCOL_NOT_FOUND = fferrtag(0xF8, 'P', 'R', 'O');
    static final int AVERROR_DEMUXER_NOT_FOUND = fferrtag(0xF8, 'D', 'E', 'M');
    static final int AVERROR_DECODER_NOT_FOUND = fferrtag(0xF8, 'D', 'E', 'C');
    static final int AVERROR_STREAM_NOT_FOUND = fferrtag(0xF8, 'S', 'T', 'R');
    static final int AVERROR_HTTP_BAD_REQUEST = fferrtag(0xF8, '4', '0', '0');
    static final int AVERROR_HTTP_UNAUTHORIZED = fferrtag(0xF8, '4', '0', '1');
    static final int AVERROR_HTTP_FORBIDDEN = fferrtag(0xF8, '4', '0', '3');
    static final int AVERROR_HTTP_NOT_FOUND = fferrtag(0xF8, '4', '0', '4');
    static final int AVERROR_HTTP_OTHER_4XX = fferrtag(0xF8, '4', 'X', 'X');
    static final int AVERROR_HTTP_SERVER_ERROR = fferrtag(0xF8, '5', 'X', 'X');

    /** FFmpeg's FFERRTAG: the negated four-character code. */
    static int fferrtag(int a, int b, int c, int d) {
        return -(a | (b << 8) | (c << 16) | (d << 24));
    }

    /**
     * Diagnoses a failed open.
     *
     * @param error what JavaCV threw
     * @param ffmpegLine FFmpeg's last error line on this thread, or null
     * @param config the camera
     * @param elapsedMillis how long the attempt took
     */
    public static FailureDiagnosis ofOpen(Throwable error, String ffmpegLine, CameraConfig config, long elapsedMillis) {
        String msg = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        String lower = msg.toLowerCase(Locale.ROOT);
        String log = ffmpegLine == null ? "" : ffmpegLine;
        String logLower = log.toLowerCase(Locale.ROOT);
        String where = config.redactedUrl();
        String peer = config.isDevice() ? where : hostPort(config);
        Integer code = errorCode(msg);

        SourceProblem problem;
        String what;
        if (config.isDevice()) {
            problem = SourceProblem.DEVICE_UNAVAILABLE;
            what = "cannot open local camera " + config.deviceIndex() + " (/dev/video" + config.deviceIndex() + ")";
        } else if (lower.contains("codec not found") || lower.contains("avcodec_find_decoder")
                || lower.contains("unsupported video format") || eq(code, AVERROR_DECODER_NOT_FOUND)) {
            problem = SourceProblem.UNSUPPORTED_CODEC;
            what = "the stream's video codec cannot be decoded by the bundled FFmpeg";
        } else if (code == null) {
            problem = SourceProblem.IO_ERROR;
            what = "open failed: " + redactLine(msg, config);
        } else if (code == -111) {
            problem = SourceProblem.CONNECTION_REFUSED;
            what = "connection refused by " + peer;
        } else if (code == -110 || code == -11) {
            problem = SourceProblem.TIMED_OUT;
            what = "no answer from " + peer + " within " + (config.socketTimeoutMicros() / 1000) + " ms";
        } else if (code == -101 || code == -113 || (code == -5 && logLower.contains("resolve"))) {
            problem = SourceProblem.HOST_UNREACHABLE;
            what = logLower.contains("resolve") ? "cannot resolve host name of " + peer : "no route to " + peer;
        } else if (code == -2 || code == -13 || code == -21) {
            if (config.isFile()) {
                problem = SourceProblem.FILE_NOT_FOUND;
                what = code == -13 ? "permission denied reading " + where : "no such file " + where;
            } else {
                problem = SourceProblem.NOT_FOUND;
                what = peer + " has no resource at that path";
            }
        } else if (code == AVERROR_HTTP_NOT_FOUND) {
            problem = SourceProblem.NOT_FOUND;
            what = "server " + peer + " answered 404 Not Found: no stream at path '" + path(config) + "'";
        } else if (code == AVERROR_HTTP_UNAUTHORIZED || code == AVERROR_HTTP_FORBIDDEN) {
            problem = SourceProblem.UNAUTHORIZED;
            what = "server " + peer + " answered " + (code == AVERROR_HTTP_UNAUTHORIZED ? "401 Unauthorized" : "403 Forbidden")
                    + (config.url().contains("@") ? " to the credentials in the URL" : " and the URL has no credentials");
        } else if (code == AVERROR_HTTP_BAD_REQUEST || code == AVERROR_HTTP_OTHER_4XX || code == AVERROR_HTTP_SERVER_ERROR) {
            problem = SourceProblem.SERVER_ERROR;
            what = "server " + peer + " refused the request" + (log.isEmpty() ? "" : " (" + log + ")");
        } else if (code == AVERROR_PROTOCOL_NOT_FOUND || code == AVERROR_DEMUXER_NOT_FOUND) {
            problem = SourceProblem.BAD_URL;
            what = "FFmpeg does not know the protocol '" + config.scheme() + "' of " + where;
        } else if (code == -22) {
            problem = SourceProblem.BAD_URL;
            what = "FFmpeg rejected the URL or an option" + (log.isEmpty() ? "" : " (" + log + ")");
        } else if ((code == AVERROR_INVALIDDATA || code == AVERROR_EOF) && !config.isFile()
                && elapsedMillis * 1000 >= config.socketTimeoutMicros() * 9 / 10) {
            // FFmpeg reports a read timeout during the RTSP/HTTP handshake as invalid data or EOF
            problem = SourceProblem.TIMED_OUT;
            what = peer + " accepted the connection but sent no valid " + config.scheme().toUpperCase(Locale.ROOT)
                    + " answer within " + (config.socketTimeoutMicros() / 1000) + " ms (frozen server, or not a "
                    + config.scheme().toUpperCase(Locale.ROOT) + " port)";
        } else if (code == AVERROR_INVALIDDATA || code == AVERROR_EOF || code == AVERROR_STREAM_NOT_FOUND) {
            problem = config.isFile() && code == AVERROR_INVALIDDATA ? SourceProblem.UNSUPPORTED_CODEC : SourceProblem.INVALID_DATA;
            what = config.isFile()
                    ? "the file is not a video FFmpeg can read"
                    : peer + (code == AVERROR_EOF ? " closed the connection without a valid " : " did not answer as a ")
                        + config.scheme().toUpperCase(Locale.ROOT) + " server";
        } else {
            problem = SourceProblem.IO_ERROR;
            what = "open failed with FFmpeg error " + code;
        }
        String detail = log.isEmpty() || what.contains(log) ? "" : " [FFmpeg: " + redactLine(log, config) + "]";
        String fix = config.isFile() && problem == SourceProblem.UNSUPPORTED_CODEC
                ? "check that the file is a complete video (mp4, mkv, avi...) and not truncated or mislabelled"
                : problem.fix();
        return new FailureDiagnosis(problem, where + ": " + what + " after " + elapsedMillis + " ms" + detail
                + ". Fix: " + fix);
    }

    /** The stream opened but has no video track. */
    public static FailureDiagnosis noVideo(CameraConfig config) {
        return new FailureDiagnosis(SourceProblem.NO_VIDEO, config.redactedUrl()
                + ": opened, but it carries no video track. Fix: " + SourceProblem.NO_VIDEO.fix());
    }

    /** The stream stopped delivering frames. */
    public static FailureDiagnosis stalled(CameraConfig config, long silentMillis, boolean peerClosed, String ffmpegLine) {
        SourceProblem p = peerClosed ? SourceProblem.STREAM_ENDED : SourceProblem.STALLED;
        String what = peerClosed
                ? "the server closed the stream"
                : "no frame for " + silentMillis + " ms (read timeout " + config.readTimeout().toMillis() + " ms)";
        String detail = ffmpegLine == null ? "" : " [FFmpeg: " + redactLine(ffmpegLine, config) + "]";
        return new FailureDiagnosis(p, config.redactedUrl() + ": " + what + detail + ". Fix: " + p.fix());
    }

    /** Reading a frame threw. */
    public static FailureDiagnosis readError(CameraConfig config, Throwable error) {
        return new FailureDiagnosis(SourceProblem.IO_ERROR, config.redactedUrl() + ": reading a frame failed: "
                + redactLine(String.valueOf(error.getMessage()), config) + ". Fix: " + SourceProblem.IO_ERROR.fix());
    }

    static Integer errorCode(String message) {
        Matcher m = ERROR_CODE.matcher(message);
        if (!m.find()) {
            return null;
        }
        try {
            return Integer.valueOf(m.group(1));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean eq(Integer code, int value) {
        return code != null && code == value;
    }

    private static String hostPort(CameraConfig config) {
        try {
            java.net.URI uri = java.net.URI.create(config.url());
            if (uri.getHost() == null) {
                return config.redactedUrl();
            }
            return uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
        } catch (IllegalArgumentException e) {
            return config.redactedUrl();
        }
    }

    private static String path(CameraConfig config) {
        try {
            String p = java.net.URI.create(config.url()).getRawPath();
            return p == null || p.isEmpty() ? "/" : p;
        } catch (IllegalArgumentException e) {
            return "?";
        }
    }

    /** FFmpeg log lines and JavaCV messages can echo the URL with its password. */
    private static String redactLine(String line, CameraConfig config) {
        String url = config.url();
        String clean = line.replaceAll("^\\[[^\\]]*@ 0x[0-9a-fA-F]+\\]\\s*", "");
        return url == null ? clean : clean.replace(url, config.redactedUrl());
    }
}
