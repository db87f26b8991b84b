package org.entryguard.alerts;

import java.net.InetSocketAddress;

/** A running {@link WebhookReceiver} listening on a port. Closing stops it and frees the port. */
public interface ReceiverServer extends AutoCloseable {
    /** The address it listens on (with the real port when bound to port 0). */
    InetSocketAddress address();

    /** Stops accepting, closes connections and releases threads. */
    @Override
    void close();
}
