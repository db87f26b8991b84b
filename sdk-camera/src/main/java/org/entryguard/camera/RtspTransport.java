package org.entryguard.camera;

/** How RTSP carries the media packets. */
public enum RtspTransport {
    /** RTP interleaved in the RTSP TCP connection: works through NAT and firewalls, no packet loss. The default. */
    TCP,
    /** RTP over UDP: lower overhead on a clean LAN, but loses packets (smeared frames) and needs open UDP ports. */
    UDP
}
