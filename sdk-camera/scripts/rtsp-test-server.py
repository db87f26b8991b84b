#!/usr/bin/python3
"""Loopback RTSP server for EntryGuard camera tests and the soak script.

Serves a live, synthetic H.264 stream (GStreamer videotestsrc, nothing copyrighted; or --file F, an MP4) on
rtsp://127.0.0.1:<port>/<mount> for every --mount given. Prints "READY <port>" on stdout
once it accepts connections, and runs until killed.

Needs (Debian 12): python3-gi gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-base
                   gstreamer1.0-plugins-good gstreamer1.0-plugins-ugly
Run it with /usr/bin/python3: a pyenv/venv python usually lacks the 'gi' module.
"""
import argparse
import signal
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402


def file_launch(path):
    # the file's own H.264, not re-encoded: the server costs next to nothing, the clients pay for decoding
    return (
        "( filesrc location=\"{f}\" ! qtdemux ! h264parse config-interval=-1 "
        "! rtph264pay name=pay0 pt=96 config-interval=1 )"
    ).format(f=path.replace('"', ''))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--port", type=int, default=8554)
    p.add_argument("--mount", action="append",
                   help="mount path, e.g. /cam1 (repeatable); default /cam; /cam1=FILE.mp4 serves that file there")
    p.add_argument("--width", type=int, default=320)
    p.add_argument("--height", type=int, default=240)
    p.add_argument("--fps", type=int, default=25)
    p.add_argument("--pattern", default="ball", help="videotestsrc pattern (ball, smpte, ...)")
    p.add_argument("--file", help="serve this H.264 MP4 instead of a test pattern (played in real time, once per client)")
    p.add_argument("--user", help="require RTSP basic auth with this user (and --password)")
    p.add_argument("--password", default="")
    args = p.parse_args()
    mounts = args.mount or ["/cam"]

    Gst.init(None)
    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service(str(args.port))
    launch = (
        "( videotestsrc is-live=true pattern={pattern} "
        "! video/x-raw,width={w},height={h},framerate={fps}/1 "
        "! x264enc tune=zerolatency speed-preset=ultrafast key-int-max={fps} bitrate=512 "
        "! rtph264pay name=pay0 pt=96 config-interval=1 )"
    ).format(pattern=args.pattern, w=args.width, h=args.height, fps=args.fps)
    if args.file:
        launch = file_launch(args.file)
    if args.user:
        auth = GstRtspServer.RTSPAuth()
        token = GstRtspServer.RTSPToken()
        token.set_string(GstRtspServer.RTSP_TOKEN_MEDIA_FACTORY_ROLE, "viewer")
        auth.add_basic(GstRtspServer.RTSPAuth.make_basic(args.user, args.password), token)
        server.set_auth(auth)
    for mount in mounts:
        factory = GstRtspServer.RTSPMediaFactory()
        mount, _, own_file = mount.partition("=")
        factory.set_launch(file_launch(own_file) if own_file else launch)
        factory.set_shared(True)
        if args.user:
            permissions = GstRtspServer.RTSPPermissions()
            permissions.add_role("viewer")
            permissions.add_permission_for_role("viewer", GstRtspServer.RTSP_PERM_MEDIA_FACTORY_ACCESS, True)
            permissions.add_permission_for_role("viewer", GstRtspServer.RTSP_PERM_MEDIA_FACTORY_CONSTRUCT, True)
            factory.set_permissions(permissions)
        server.get_mount_points().add_factory(mount if mount.startswith("/") else "/" + mount, factory)
    if server.attach(None) == 0:
        print("ERROR cannot listen on 127.0.0.1:%d (port in use?)" % args.port, flush=True)
        sys.exit(2)
    loop = GLib.MainLoop()
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGTERM, loop.quit)
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGINT, loop.quit)
    print("READY %d" % args.port, flush=True)
    loop.run()


if __name__ == "__main__":
    main()
