package org.entryguard.camera.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

/** A TCP server on loopback that misbehaves: says nothing, or sends random bytes and then goes silent. */
public final class RawTcpServer implements AutoCloseable {
    private final ServerSocket server;
    private final List<Socket> clients = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    private RawTcpServer(int garbageBytes) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            try {
                while (!server.isClosed()) {
                    Socket s = server.accept();
                    clients.add(s);
                    if (garbageBytes > 0) {
                        byte[] b = new byte[garbageBytes];
                        new Random(1).nextBytes(b);
                        OutputStream o = s.getOutputStream();
                        o.write(b);
                        o.flush();
                    }
                }
            } catch (IOException ignored) {
                // closed
            }
        }, "raw-tcp-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Accepts connections and never sends a byte. */
    public static RawTcpServer silent() throws IOException {
        return new RawTcpServer(0);
    }

    /** Sends this many random bytes on each connection, then stays silent with the connection open. */
    public static RawTcpServer garbage(int bytes) throws IOException {
        return new RawTcpServer(bytes);
    }

    /** The port. */
    public int port() {
        return server.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : clients) {
            s.close();
        }
    }
}
