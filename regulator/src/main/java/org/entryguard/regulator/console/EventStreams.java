package org.entryguard.regulator.console;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultHttpContent;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.entryguard.regulator.store.AlertFeed;
import org.entryguard.regulator.store.StoredAlert;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans the store's {@link AlertFeed} out to the consoles' event streams. Each alert is encoded once; each stream
 * gets only the districts its officer may see (the server decides, never the page). Recent events stay in a ring so
 * that a browser reconnecting with {@code Last-Event-ID} gets what it missed; when that is no longer possible it
 * gets a {@code reset} event and reloads the list instead. A stream whose socket backs up is closed rather than
 * buffered without bound: its browser reconnects and catches up the same way.
 */
final class EventStreams implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventStreams.class);

    /** One open event stream. {@code district == null}: every district (a city officer). */
    record Stream(Channel channel, String district) {
        boolean sees(StoredAlert a) {
            return district == null || district.equals(a.district());
        }

        void send(String frame) {
            if (!channel.isActive()) {
                return;
            }
            if (!channel.isWritable()) {
                LOG.info("console event stream {} backed up; closing it, the browser reconnects and catches up",
                        channel.id().asShortText());
                channel.close();
                return;
            }
            channel.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer(frame, StandardCharsets.UTF_8)));
        }
    }

    private record Event(long seq, StoredAlert alert, String frame) {
    }

    private final String boot;
    private final int capacity;
    private final Object lock = new Object();
    private final ArrayDeque<Event> ring = new ArrayDeque<>();
    private final Set<Stream> streams = new HashSet<>();
    private final AutoCloseable subscription;
    private long seq;

    EventStreams(AlertFeed feed, int capacity) {
        this.capacity = capacity;
        byte[] b = new byte[6];
        new SecureRandom().nextBytes(b);
        this.boot = java.util.HexFormat.of().formatHex(b);
        this.subscription = feed.subscribe(this::publish);
    }

    /** Called by the feed (on the store's thread): encode once, remember, and queue to every stream that may see it. */
    void publish(StoredAlert a) {
        String data = Json.alert(a).toString();
        synchronized (lock) {
            long n = ++seq;
            Event e = new Event(n, a, "id: " + boot + "-" + n + "\nevent: alert\ndata: " + data + "\n\n");
            if (capacity > 0) {
                if (ring.size() == capacity) {
                    ring.removeFirst();
                }
                ring.addLast(e);
            }
            // writes queued under the lock keep each stream's order equal to the feed's order
            for (Stream s : streams) {
                if (s.sees(a)) {
                    s.send(e.frame);
                }
            }
        }
    }

    /**
     * Starts sending to {@code s}: first what it missed since {@code lastEventId} (or a {@code reset} event when
     * that cannot be told), then live events.
     */
    void attach(Stream s, String lastEventId) {
        synchronized (lock) {
            if (lastEventId != null && !lastEventId.isBlank()) {
                List<Event> missed = missedSince(lastEventId.trim());
                if (missed == null) {
                    s.send("event: reset\ndata: {}\n\n");
                } else {
                    for (Event e : missed) {
                        if (s.sees(e.alert)) {
                            s.send(e.frame);
                        }
                    }
                }
            }
            streams.add(s);
        }
    }

    void detach(Stream s) {
        synchronized (lock) {
            streams.remove(s);
        }
    }

    int streams() {
        synchronized (lock) {
            return streams.size();
        }
    }

    /** The events after {@code id}, or {@code null} when the id is from another run or fell out of the ring. */
    private List<Event> missedSince(String id) {
        int dash = id.lastIndexOf('-');
        if (dash < 0 || !id.substring(0, dash).equals(boot)) {
            return null;
        }
        long last;
        try {
            last = Long.parseLong(id.substring(dash + 1));
        } catch (NumberFormatException e) {
            return null;
        }
        if (last > seq || last < 0) {
            return null;
        }
        long oldest = ring.isEmpty() ? seq + 1 : ring.peekFirst().seq;
        if (last < oldest - 1) {
            return null;
        }
        List<Event> out = new ArrayList<>();
        for (Event e : ring) {
            if (e.seq > last) {
                out.add(e);
            }
        }
        return out;
    }

    @Override
    public void close() {
        try {
            subscription.close();
        } catch (Exception e) {
            LOG.warn("closing the console's feed subscription failed", e);
        }
        List<Stream> open;
        synchronized (lock) {
            open = new ArrayList<>(streams);
            streams.clear();
        }
        open.forEach(s -> s.channel.close());
    }
}
