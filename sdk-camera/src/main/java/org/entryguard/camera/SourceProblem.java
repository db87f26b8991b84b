package org.entryguard.camera;

/**
 * What went wrong with a source, in the integrator's terms, with the usual fix. Carried by every
 * {@link SourceEvent} that reports a failure.
 */
public enum SourceProblem {
    /** Nothing listens on that host and port. */
    CONNECTION_REFUSED(false, "check that the camera is powered and that the port is right (RTSP default 554)"),
    /** No answer within the timeout: host unreachable, firewalled, or the peer went silent. */
    TIMED_OUT(false, "check that the host is reachable from this machine (ping, firewall, VLAN);"
            + " raise openTimeout/readTimeout only if the link is known to be slow"),
    /** The host name does not resolve, or there is no route to the host. */
    HOST_UNREACHABLE(false, "check the host name (or use the camera's IP address) and the network route to it"),
    /** The server exists but has no stream at that path (RTSP/HTTP 404). */
    NOT_FOUND(true, "fix the stream path in the URL (Hikvision: /Streaming/Channels/101,"
            + " Dahua: /cam/realmonitor?channel=1&subtype=0; see the camera's manual)"),
    /** The server wants other credentials (RTSP/HTTP 401 or 403). */
    UNAUTHORIZED(true, "put the right user and password in the URL (rtsp://user:password@host/path)"
            + " and check that this user may view the stream; URL-encode special characters"),
    /** The peer answered with something that is not the expected protocol or media. */
    INVALID_DATA(false, "check the scheme and port: the peer does not speak this protocol"
            + " (e.g. an HTTP or telnet port given as RTSP)"),
    /** The server answered with another error status (4xx/5xx). */
    SERVER_ERROR(false, "check the camera/NVR status page; the server reported an error"),
    /** The URL's protocol is unknown to FFmpeg, or the URL is malformed. */
    BAD_URL(true, "use rtsp://, rtmp://, http(s)://, a file path, or a device index"),
    /** A file source does not exist or cannot be read. */
    FILE_NOT_FOUND(true, "check the file path and that this process may read it"),
    /** The stream opened but has no video track. */
    NO_VIDEO(true, "point the URL at a video stream (some cameras expose audio-only or metadata tracks)"),
    /** The video codec cannot be decoded by the bundled FFmpeg. */
    UNSUPPORTED_CODEC(true, "switch the camera's encoder to H.264 (or H.265/MJPEG) in its settings"),
    /** The stream was open and then delivered no frame within the read timeout. */
    STALLED(false, "check the camera and the network; reconnecting automatically"),
    /** The server closed the stream (camera reboot, server restart, session limit). */
    STREAM_ENDED(false, "reconnecting automatically; if it repeats, check the camera's session limit and logs"),
    /** A local camera (device index) cannot be opened. */
    DEVICE_UNAVAILABLE(false, "check that the camera is plugged in, not used by another program,"
            + " and that this user may open /dev/video* (group 'video')"),
    /** Any other input/output error. */
    IO_ERROR(false, "see the cause; reconnecting automatically");

    private final boolean permanent;
    private final String fix;

    SourceProblem(boolean permanent, String fix) {
        this.permanent = permanent;
        this.fix = fix;
    }

    /** True when retrying cannot help (a configuration error): the source goes to FAILED at once. */
    public boolean isPermanent() {
        return permanent;
    }

    /** The usual fix, one sentence, for logs and operator screens. */
    public String fix() {
        return fix;
    }
}
