package org.entryguard.camera;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How to open one camera: where it is, how long to wait for it, how fast to analyse it and how to
 * reconnect. Immutable; build with {@link #custom(String)} (a URL or file path) or {@link #custom(int)} (a local camera).
 *
 * <pre>{@code
 * CameraConfig door = CameraConfig.custom("rtsp://user:pass@10.0.0.21:554/Streaming/Channels/101")
 *         .id("door-1").transport(RtspTransport.TCP).targetFps(10).build();
 * }</pre>
 *
 * <p>Timeouts: FFmpeg only offers a per-socket-operation timeout; it is set to
 * {@code min(readTimeout, openTimeout / 2)} because JavaCV retries a failed open once. A peer that goes
 * silent is therefore detected within {@code readTimeout}, and a silent peer fails an open within
 * {@code openTimeout}.
 */
public final class CameraConfig {
    private static final Pattern SCHEME = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*)://.*");
    private static final Pattern USER_INFO = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*://)([^/@]*)@");

    private final String id;
    private final String url;
    private final int deviceIndex;
    private final RtspTransport transport;
    private final Duration openTimeout;
    private final Duration readTimeout;
    private final double targetFps;
    private final ReconnectPolicy reconnect;
    private final boolean realtime;
    private final boolean loop;
    private final int decoderThreads;
    private final Map<String, String> ffmpegOptions;

    private CameraConfig(Builder b) {
        this.url = b.url;
        this.deviceIndex = b.deviceIndex;
        this.id = b.id != null ? b.id : (url != null ? defaultId(url) : "device-" + deviceIndex);
        this.transport = b.transport;
        this.openTimeout = b.openTimeout;
        this.readTimeout = b.readTimeout;
        this.targetFps = b.targetFps;
        this.reconnect = b.reconnect;
        this.realtime = b.realtime;
        this.loop = b.loop;
        this.decoderThreads = b.decoderThreads;
        this.ffmpegOptions = Collections.unmodifiableMap(new LinkedHashMap<>(b.ffmpegOptions));
    }

    /** Starts a config for a URL (rtsp://, rtmp://, http(s)://, file:// ...) or a local file path. */
    public static Builder custom(String urlOrPath) {
        Objects.requireNonNull(urlOrPath, "urlOrPath");
        String trimmed = urlOrPath.trim();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("Camera URL is empty: give rtsp://host:554/path, a file path,"
                    + " or use CameraConfig.custom(deviceIndex) for a local camera");
        }
        if (trimmed.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("Camera URL '" + redact(trimmed) + "' contains whitespace:"
                    + " URL-encode spaces as %20");
        }
        return new Builder(trimmed, -1);
    }

    /** Starts a config for a local camera (USB, /dev/videoN) by index. */
    public static Builder custom(int deviceIndex) {
        if (deviceIndex < 0) {
            throw new IllegalArgumentException("Camera device index must be >= 0, got " + deviceIndex
                    + ": use 0 for the first local camera (/dev/video0)");
        }
        return new Builder(null, deviceIndex);
    }

    /** Camera id: used as {@code ImageFrame.sourceId()}, in events, stats and logs. */
    public String id() { return id; }

    /** The URL or path exactly as given (may contain a password: log {@link #redactedUrl()} instead); null for a device. */
    public String url() { return url; }

    /** The URL with any password replaced by ***, or "device N". */
    public String redactedUrl() { return url != null ? redact(url) : "device " + deviceIndex; }

    /** Local device index, or -1 when this is a URL. */
    public int deviceIndex() { return deviceIndex; }

    /** True for a local device index. */
    public boolean isDevice() { return url == null; }

    /** The URL scheme in lower case ("rtsp", "http", "file" for plain paths), or "device". */
    public String scheme() {
        if (url == null) {
            return "device";
        }
        var m = SCHEME.matcher(url);
        return m.matches() ? m.group(1).toLowerCase(java.util.Locale.ROOT) : "file";
    }

    /** True when the source is finite (a file): it can end, play in real time, or loop. */
    public boolean isFile() { return "file".equals(scheme()); }

    /** RTSP transport (ignored for other schemes). */
    public RtspTransport transport() { return transport; }

    /** Longest an open attempt may take before it counts as failed. */
    public Duration openTimeout() { return openTimeout; }

    /** Longest the stream may go without a frame before it counts as stalled. */
    public Duration readTimeout() { return readTimeout; }

    /** Frames per second handed to analysis (0 = every frame). Frames in between are skipped before conversion. */
    public double targetFps() { return targetFps; }

    /** Backoff between open attempts. */
    public ReconnectPolicy reconnect() { return reconnect; }

    /** For files: deliver frames at the file's frame rate, like a camera (default true). */
    public boolean realtime() { return realtime; }

    /** For files: start again at the end instead of ending (default false). */
    public boolean loop() { return loop; }

    /** Decoder threads per camera (default 1: least latency; raise for 4K streams). */
    public int decoderThreads() { return decoderThreads; }

    /** Extra FFmpeg options passed to the demuxer/protocol (override the defaults this SDK sets). */
    public Map<String, String> ffmpegOptions() { return ffmpegOptions; }

    /**
     * The FFmpeg socket timeout in microseconds: {@code min(readTimeout, openTimeout / 2)}, at least 100 ms.
     * Half the open timeout because JavaCV retries a failed open once.
     */
    public long socketTimeoutMicros() {
        long micros = Math.min(readTimeout.toNanos() / 1000, openTimeout.toNanos() / 2000);
        return Math.max(100_000, micros);
    }

    @Override
    public String toString() {
        return "CameraConfig[" + id + " " + redactedUrl() + (isDevice() || !"rtsp".equals(scheme()) ? "" : " " + transport)
                + ", open " + openTimeout.toMillis() + " ms, read " + readTimeout.toMillis() + " ms"
                + (targetFps > 0 ? ", " + targetFps + " fps" : "") + "]";
    }

    static String redact(String url) {
        var m = USER_INFO.matcher(url);
        if (!m.find()) {
            return url;
        }
        String userInfo = m.group(2);
        int colon = userInfo.indexOf(':');
        String user = colon >= 0 ? userInfo.substring(0, colon) : userInfo;
        return m.group(1) + user + ":***@" + url.substring(m.end());
    }

    private static String defaultId(String url) {
        String noQuery = url.replaceFirst("[?#].*$", "");
        String redacted = USER_INFO.matcher(noQuery).replaceFirst("$1");
        return redacted.replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*://", "");
    }

    /** Builder for {@link CameraConfig}; every setting has a working default. */
    public static final class Builder {
        private final String url;
        private final int deviceIndex;
        private String id;
        private RtspTransport transport = RtspTransport.TCP;
        private Duration openTimeout = Duration.ofSeconds(10);
        private Duration readTimeout = Duration.ofSeconds(5);
        private double targetFps;
        private ReconnectPolicy reconnect = ReconnectPolicy.DEFAULT;
        private boolean realtime = true;
        private boolean loop;
        private int decoderThreads = 1;
        private final Map<String, String> ffmpegOptions = new LinkedHashMap<>();

        private Builder(String url, int deviceIndex) {
            this.url = url;
            this.deviceIndex = deviceIndex;
        }

        /** Camera id (default: host and path of the URL without credentials, or "device-N"). */
        public Builder id(String id) {
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("Camera id must not be blank: give a name such as \"door-1\", or leave id unset to derive one from the URL");
            }
            this.id = id;
            return this;
        }

        /** RTSP transport (default TCP). */
        public Builder transport(RtspTransport transport) {
            this.transport = Objects.requireNonNull(transport, "transport");
            return this;
        }

        /** Longest an open attempt may take (default 10 s). */
        public Builder openTimeout(Duration timeout) {
            this.openTimeout = positive(timeout, "openTimeout");
            return this;
        }

        /** Longest the stream may go without a frame before STALLED (default 5 s). */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = positive(timeout, "readTimeout");
            return this;
        }

        /** Frames per second to analyse (default 0 = every frame the camera sends). */
        public Builder targetFps(double fps) {
            if (!(fps >= 0) || Double.isInfinite(fps)) {
                throw new IllegalArgumentException("targetFps must be >= 0 (0 = every frame), got " + fps);
            }
            this.targetFps = fps;
            return this;
        }

        /** Backoff between open attempts (default {@link ReconnectPolicy#DEFAULT}). */
        public Builder reconnect(ReconnectPolicy policy) {
            this.reconnect = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** For files: pace frames at the file's frame rate (default true). */
        public Builder realtime(boolean realtime) {
            this.realtime = realtime;
            return this;
        }

        /** For files: loop at the end (default false). */
        public Builder loop(boolean loop) {
            this.loop = loop;
            return this;
        }

        /** Decoder threads per camera (default 1). */
        public Builder decoderThreads(int threads) {
            if (threads < 1 || threads > 64) {
                throw new IllegalArgumentException("decoderThreads must be in 1..64, got " + threads);
            }
            this.decoderThreads = threads;
            return this;
        }

        /** Adds an FFmpeg option (e.g. "buffer_size", "1048576"); overrides this SDK's defaults. */
        public Builder ffmpegOption(String key, String value) {
            ffmpegOptions.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Builds the immutable config. */
        public CameraConfig build() {
            return new CameraConfig(this);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, got " + d);
            }
            return d;
        }
    }
}
