package org.entryguard.alerts.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.entryguard.core.EntryGuardException;

/**
 * Remembers the last {@code capacity} accepted alert ids (least recently seen forgotten first) and which ids
 * are being handled right now, so concurrent retries of one id are not handed on twice.
 *
 * <p>With a store file, every accepted id is appended to it and fsynced before the receiver answers 200, and the
 * file is read back on start: a byte-for-byte replay inside the timestamp window after a receiver restart is still
 * a duplicate, and so is a sender's resend of an alert whose acknowledgement was lost. The file is bounded: when it
 * holds twice {@code capacity} lines it is rewritten with the last {@code capacity} ids (atomically). 0600.
 */
public final class IdTracker {
    /** What {@link #begin} found. */
    public enum State { NEW, DUPLICATE, IN_PROGRESS }

    private final Map<String, Boolean> ids;
    private final int capacity;
    private final Path store;
    private FileChannel channel;
    private long lines;

    public IdTracker(int capacity) {
        this(capacity, null);
    }

    /**
     * @param store file of accepted ids, or null to remember them in memory only
     * @throws EntryGuardException when the store cannot be read or created
     */
    public IdTracker(int capacity, Path store) {
        this.capacity = capacity;
        this.store = store;
        this.ids = new LinkedHashMap<>(1024, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> e) {
                return size() > capacity && e.getValue(); // never forget an id still in progress
            }
        };
        if (store != null) {
            try {
                Path parent = store.toAbsolutePath().getParent();
                if (parent != null) OwnerOnly.createIfMissing(parent);
                if (Files.exists(store)) {
                    for (String line : Files.readAllLines(store, StandardCharsets.UTF_8)) {
                        if (!line.isBlank()) ids.put(line, Boolean.TRUE); // a torn last line is a harmless unknown id
                    }
                }
                compact();
            } catch (IOException e) {
                throw new EntryGuardException("cannot open the receiver's duplicate store " + store + " (" + e + ")", e);
            }
        }
    }

    /** Claims an id for handling. */
    public synchronized State begin(String id) {
        Boolean done = ids.get(id);
        if (done == null) {
            ids.put(id, Boolean.FALSE);
            return State.NEW;
        }
        return done ? State.DUPLICATE : State.IN_PROGRESS;
    }

    /**
     * The handler stored it: remember it as accepted (on disk first, when there is a store).
     *
     * @throws EntryGuardException when the store cannot be written: the caller answers 500 and the sender retries
     */
    public synchronized void done(String id) {
        if (store != null) {
            try {
                ByteBuffer b = ByteBuffer.wrap((id.replace('\n', ' ') + "\n").getBytes(StandardCharsets.UTF_8));
                while (b.hasRemaining()) channel.write(b);
                channel.force(false);
                if (++lines > 2L * capacity) compact();
            } catch (IOException e) {
                throw new EntryGuardException("cannot record accepted id in " + store + " (" + e + ")", e);
            }
        }
        ids.put(id, Boolean.TRUE);
    }

    /** The handler failed: forget the claim so a retry is handled afresh. */
    public synchronized void abandon(String id) { ids.remove(id); }

    /** Rewrites the store with the ids remembered now, and reopens it for appending. */
    private void compact() throws IOException {
        if (channel != null) channel.close();
        List<String> keep = new ArrayList<>();
        ids.forEach((id, done) -> {
            if (done) keep.add(id);
        });
        Path tmp = store.resolveSibling(store.getFileName() + ".tmp");
        try (FileChannel out = OwnerOnly.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.wrap((String.join("\n", keep) + (keep.isEmpty() ? "" : "\n")).getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) out.write(b);
            out.force(true);
        }
        Files.move(tmp, store, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        channel = OwnerOnly.open(store, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        lines = keep.size();
    }
}
