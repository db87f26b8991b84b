package org.entryguard.camera.testing;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.rtsp.RtspDecoder;
import io.netty.handler.codec.rtsp.RtspEncoder;
import io.netty.handler.codec.rtsp.RtspHeaderNames;
import io.netty.handler.codec.rtsp.RtspMethods;
import io.netty.handler.codec.rtsp.RtspVersions;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real RTSP server inside the test JVM, on Netty's RTSP codec: OPTIONS, DESCRIBE, SETUP (RTP over TCP
 * interleaved or over UDP), PLAY, GET_PARAMETER, TEARDOWN and basic authentication, for any FFmpeg client.
 *
 * <p>The media is real H.264: JavaCV's own ffmpeg program plays a generated {@code testsrc} clip in real time
 * ({@code -re -stream_loop -1 ... -c copy -f rtp}) to a UDP port of this server; its SDP (with the stream's
 * parameter sets) is what DESCRIBE returns, and every RTP packet is relayed to each playing session. All mounts
 * serve the same live stream, as a camera's main and sub streams would. Nothing but the JDK and the test
 * classpath is needed.
 *
 * <p>{@link #kill()} closes the listening socket and every connection (the client sees the peer go away, then
 * "connection refused"); {@link #freeze()} keeps every socket open but stops sending and answering (the client
 * sees silence, and a reconnect that is accepted but never answered), as a hung camera does.
 */
public final class NettyRtspTestServer implements RtspTestServer {
    private static final int WIDTH = 320;
    private static final int HEIGHT = 240;
    private static final int FPS = 25;
    private static final String PUBLIC = "OPTIONS, DESCRIBE, SETUP, PLAY, GET_PARAMETER, TEARDOWN";

    private final int port;
    private final Set<String> mounts;
    private final String authorization;
    private final EventLoopGroup group = new NioEventLoopGroup(2, new DefaultThreadFactory("netty-rtsp-test", true));
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final Set<Session> playing = ConcurrentHashMap.newKeySet();
    private final AtomicLong sessionIds = new AtomicLong(0x5eed0000L);
    private volatile boolean frozen;
    private volatile String sdp;
    private Channel rtpIn;
    private Channel listener;
    private Process ffmpeg;

    private NettyRtspTestServer(int port, Set<String> mounts, String authorization) {
        this.port = port;
        this.mounts = mounts;
        this.authorization = authorization;
    }

    /** Starts a server on a free port; requires basic authentication when {@code user} is not null. */
    static NettyRtspTestServer start(String user, String password, String... mounts)
            throws IOException, InterruptedException {
        Set<String> m = ConcurrentHashMap.newKeySet();
        for (String mount : mounts.length == 0 ? new String[] {"/cam"} : mounts) {
            m.add(mount.startsWith("/") ? mount : "/" + mount);
        }
        String auth = user == null ? null : "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        NettyRtspTestServer s = new NettyRtspTestServer(RtspTestServer.freePort(), m, auth);
        try {
            s.startMedia();
            s.listen();
        } catch (IOException | InterruptedException | RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public synchronized void kill() throws InterruptedException {
        if (listener != null) {
            listener.close().await(5, TimeUnit.SECONDS);
            listener = null;
        }
        connections.close().await(5, TimeUnit.SECONDS);
        for (Session s : playing) {
            s.stop();
        }
        playing.clear();
    }

    @Override
    public void freeze() {
        frozen = true;
    }

    @Override
    public void thaw() {
        frozen = false;
    }

    @Override
    public synchronized void restart() throws IOException, InterruptedException {
        kill();
        listen();
    }

    @Override
    public synchronized void close() throws InterruptedException {
        frozen = false;
        kill();
        if (rtpIn != null) {
            rtpIn.close().await(5, TimeUnit.SECONDS);
        }
        if (ffmpeg != null) {
            ffmpeg.destroyForcibly();
            ffmpeg.waitFor(10, TimeUnit.SECONDS);
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
    }

    /** Binds the UDP port the RTP arrives on, then starts JavaCV's ffmpeg playing the clip to it in real time. */
    private void startMedia() throws IOException, InterruptedException {
        rtpIn = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                .option(ChannelOption.SO_RCVBUF, 1 << 20)
                .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                        relay(packet.content());
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
        int rtpPort = ((InetSocketAddress) rtpIn.localAddress()).getPort();
        Path clip = TestMedia.testsrcMp4(10, FPS, WIDTH, HEIGHT);
        Path dir = clip.getParent();
        Path sdpFile = dir.resolve("rtsp-" + port + ".sdp");
        Files.deleteIfExists(sdpFile);
        // RTCP goes to the RTP port too (the relay drops it), so no second port has to be free
        ffmpeg = new ProcessBuilder(TestMedia.ffmpeg(), "-nostdin", "-v", "error", "-re", "-stream_loop", "-1",
                "-i", clip.toString(), "-an", "-c:v", "copy", "-f", "rtp", "-sdp_file", sdpFile.toString(),
                "rtp://127.0.0.1:" + rtpPort + "?rtcpport=" + rtpPort)
                .redirectErrorStream(true).redirectOutput(dir.resolve("rtsp-" + port + "-ffmpeg.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (Files.exists(sdpFile) && Files.readString(sdpFile).contains("a=rtpmap")) {
                sdp = describe(Files.readString(sdpFile));
                return;
            }
            if (!ffmpeg.isAlive()) {
                throw new IllegalStateException("ffmpeg stopped (exit " + ffmpeg.exitValue() + "), see "
                        + dir.resolve("rtsp-" + port + "-ffmpeg.log"));
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("ffmpeg wrote no SDP within 20 s: " + sdpFile);
    }

    /** The session description clients get: ffmpeg's media lines, a control URL, no fixed address or port. */
    private static String describe(String ffmpegSdp) {
        StringBuilder b = new StringBuilder("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=EntryGuard test stream\r\n"
                + "c=IN IP4 0.0.0.0\r\nt=0 0\r\na=control:*\r\na=range:npt=now-\r\n");
        boolean media = false;
        for (String line : ffmpegSdp.split("\r?\n")) {
            if (line.startsWith("m=")) {
                media = true;
                b.append(line.replaceFirst("^m=video \\d+", "m=video 0")).append("\r\n");
                b.append("a=control:trackID=0\r\n");
            } else if (media && (line.startsWith("a=") || line.startsWith("b="))) {
                b.append(line).append("\r\n");
            }
        }
        return b.toString();
    }

    private void listen() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) { // the port may linger briefly after a kill
            try {
                listener = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                        .option(ChannelOption.SO_REUSEADDR, true)
                        .childHandler(new ChannelInitializer<SocketChannel>() {
                            @Override
                            protected void initChannel(SocketChannel ch) {
                                connections.add(ch);
                                // writes through "raw" skip the RTSP encoder: the interleaved RTP frames
                                ch.pipeline().addLast("raw", new ChannelOutboundHandlerAdapter())
                                        .addLast(new InterleavedFrameSplitter())
                                        .addLast(new RtspDecoder())
                                        .addLast(new RtspEncoder())
                                        .addLast(new HttpObjectAggregator(64 * 1024))
                                        .addLast(new RequestHandler());
                            }
                        })
                        .bind(new InetSocketAddress("127.0.0.1", port)).sync().channel();
                return;
            } catch (Exception e) {
                if (!(e instanceof BindException) || System.nanoTime() > deadline) {
                    throw new IOException("Cannot listen on 127.0.0.1:" + port, e);
                }
                Thread.sleep(200);
            }
        }
    }

    private void relay(ByteBuf rtp) {
        if (frozen || rtp.readableBytes() < 12) {
            return;
        }
        int payloadType = rtp.getUnsignedByte(rtp.readerIndex() + 1);
        if (payloadType >= 200 && payloadType <= 204) {
            return; // RTCP from ffmpeg: the relay's clients get the RTP only
        }
        for (Session s : playing) {
            s.send(rtp);
        }
    }

    /** One client's RTP destination: its TCP connection (interleaved channel) or its UDP port. */
    private final class Session {
        final String id = Long.toHexString(sessionIds.incrementAndGet());
        final ChannelHandlerContext rtsp;
        int interleavedChannel = -1;
        InetSocketAddress udpClient;
        Channel udpOut;

        Session(ChannelHandlerContext rtsp) {
            this.rtsp = rtsp;
        }

        void send(ByteBuf rtp) {
            if (udpOut != null) {
                udpOut.writeAndFlush(new DatagramPacket(rtp.retainedDuplicate(), udpClient));
            } else if (rtsp.channel().isWritable()) { // a live camera drops what a slow client cannot take
                int n = rtp.readableBytes();
                ByteBuf frame = rtsp.alloc().buffer(4 + n).writeByte('$').writeByte(interleavedChannel).writeShort(n)
                        .writeBytes(rtp, rtp.readerIndex(), n);
                rtsp.pipeline().context("raw").writeAndFlush(frame);
            }
        }

        void stop() {
            playing.remove(this);
            if (udpOut != null) {
                udpOut.close();
            }
        }
    }

    /**
     * Splits the TCP byte stream into whole RTSP requests for the codec and drops interleaved binary frames the
     * client sends ({@code $}, channel, 16-bit length: its RTCP receiver reports), which the RTSP decoder cannot
     * read.
     */
    private static final class InterleavedFrameSplitter extends ByteToMessageDecoder {
        private static final ByteBuf END_OF_HEADERS = Unpooled.copiedBuffer("\r\n\r\n", StandardCharsets.US_ASCII);
        private static final Pattern CONTENT_LENGTH = Pattern.compile("(?im)^content-length:\\s*(\\d+)");

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            while (in.isReadable()) {
                int start = in.readerIndex();
                if (in.getByte(start) == '$') {
                    if (in.readableBytes() < 4 || in.readableBytes() < 4 + in.getUnsignedShort(start + 2)) {
                        return;
                    }
                    in.skipBytes(4 + in.getUnsignedShort(start + 2));
                    continue;
                }
                int end = ByteBufUtil.indexOf(END_OF_HEADERS.duplicate(), in);
                if (end < 0) {
                    return;
                }
                Matcher m = CONTENT_LENGTH.matcher(in.toString(start, end - start, StandardCharsets.US_ASCII));
                int total = end + 4 - start + (m.find() ? Integer.parseInt(m.group(1)) : 0);
                if (in.readableBytes() < total) {
                    return;
                }
                out.add(in.readRetainedSlice(total));
            }
        }
    }

    private final class RequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
        private Session session;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) throws Exception {
            if (frozen) {
                return; // a hung camera: the connection is open, nobody answers
            }
            String cseq = req.headers().get(RtspHeaderNames.CSEQ, "0");
            if (authorization != null && !authorization.equals(req.headers().get(RtspHeaderNames.AUTHORIZATION))) {
                FullHttpResponse r = response(HttpResponseStatus.UNAUTHORIZED, cseq);
                r.headers().set(RtspHeaderNames.WWW_AUTHENTICATE, "Basic realm=\"EntryGuard test\"");
                ctx.writeAndFlush(r);
                return;
            }
            String path = URI.create(req.uri()).getPath();
            if (RtspMethods.OPTIONS.equals(req.method()) || RtspMethods.GET_PARAMETER.equals(req.method())) {
                FullHttpResponse r = response(HttpResponseStatus.OK, cseq);
                r.headers().set(RtspHeaderNames.PUBLIC, PUBLIC);
                withSession(r);
                ctx.writeAndFlush(r);
            } else if (RtspMethods.DESCRIBE.equals(req.method())) {
                if (!mounts.contains(stripSlash(path))) {
                    ctx.writeAndFlush(response(HttpResponseStatus.NOT_FOUND, cseq));
                    return;
                }
                FullHttpResponse r = response(HttpResponseStatus.OK, cseq,
                        Unpooled.copiedBuffer(sdp, StandardCharsets.US_ASCII));
                r.headers().set(RtspHeaderNames.CONTENT_TYPE, "application/sdp");
                r.headers().set(RtspHeaderNames.CONTENT_BASE, url(stripSlash(path)) + "/");
                ctx.writeAndFlush(r);
            } else if (RtspMethods.SETUP.equals(req.method())) {
                setup(ctx, req, path, cseq);
            } else if (RtspMethods.PLAY.equals(req.method()) && session != null) {
                FullHttpResponse r = response(HttpResponseStatus.OK, cseq);
                r.headers().set(RtspHeaderNames.RANGE, "npt=0.000-");
                withSession(r);
                ctx.writeAndFlush(r);
                playing.add(session);
            } else if (RtspMethods.TEARDOWN.equals(req.method())) {
                if (session != null) {
                    session.stop();
                }
                FullHttpResponse r = response(HttpResponseStatus.OK, cseq);
                withSession(r);
                ctx.writeAndFlush(r);
                session = null;
            } else {
                ctx.writeAndFlush(response(HttpResponseStatus.METHOD_NOT_ALLOWED, cseq));
            }
        }

        private void setup(ChannelHandlerContext ctx, FullHttpRequest req, String path, String cseq)
                throws InterruptedException {
            int slash = path.lastIndexOf('/');
            if (slash <= 0 || !mounts.contains(path.substring(0, slash)) || !path.endsWith("/trackID=0")) {
                ctx.writeAndFlush(response(HttpResponseStatus.NOT_FOUND, cseq));
                return;
            }
            String transport = req.headers().get(RtspHeaderNames.TRANSPORT, "");
            Session s = new Session(ctx);
            String reply;
            Matcher interleaved = Pattern.compile("interleaved=(\\d+)-(\\d+)").matcher(transport);
            Matcher clientPort = Pattern.compile("client_port=(\\d+)-(\\d+)").matcher(transport);
            if (transport.contains("/TCP") && interleaved.find()) {
                s.interleavedChannel = Integer.parseInt(interleaved.group(1));
                reply = "RTP/AVP/TCP;unicast;interleaved=" + interleaved.group(1) + "-" + interleaved.group(2);
            } else if (clientPort.find()) {
                s.udpClient = new InetSocketAddress("127.0.0.1", Integer.parseInt(clientPort.group(1)));
                s.udpOut = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                        .handler(new ChannelOutboundHandlerAdapter())
                        .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
                int out = ((InetSocketAddress) s.udpOut.localAddress()).getPort();
                reply = "RTP/AVP;unicast;client_port=" + clientPort.group(1) + "-" + clientPort.group(2)
                        + ";server_port=" + out + "-" + (out + 1);
            } else {
                ctx.writeAndFlush(response(HttpResponseStatus.valueOf(461, "Unsupported Transport"), cseq));
                return;
            }
            if (session != null) {
                session.stop();
            }
            session = s;
            FullHttpResponse r = response(HttpResponseStatus.OK, cseq);
            r.headers().set(RtspHeaderNames.TRANSPORT, reply);
            withSession(r);
            ctx.writeAndFlush(r);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (session != null) {
                session.stop();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }

        private void withSession(FullHttpResponse r) {
            if (session != null) {
                r.headers().set(RtspHeaderNames.SESSION, session.id + ";timeout=60");
            }
        }
    }

    private static String stripSlash(String path) {
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static FullHttpResponse response(HttpResponseStatus status, String cseq) {
        return response(status, cseq, Unpooled.EMPTY_BUFFER);
    }

    private static FullHttpResponse response(HttpResponseStatus status, String cseq, ByteBuf body) {
        FullHttpResponse r = new DefaultFullHttpResponse(RtspVersions.RTSP_1_0, status, body);
        r.headers().set(RtspHeaderNames.CSEQ, cseq);
        r.headers().set(RtspHeaderNames.SERVER, "EntryGuard-test");
        r.headers().setInt(RtspHeaderNames.CONTENT_LENGTH, body.readableBytes());
        return r;
    }

    /** For failure messages: what this server serves. */
    @Override
    public String toString() {
        return "NettyRtspTestServer[" + url("") + " " + new ArrayList<>(mounts) + "]";
    }
}
