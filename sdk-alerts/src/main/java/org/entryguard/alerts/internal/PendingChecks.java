package org.entryguard.alerts.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.entryguard.core.EntryGuardException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small fsynced journal of ID checks waiting for staff, each with its deadline and the alert to send when it
 * passes, so that a {@code CHECK_ID_UNRESOLVED} alert still goes out after a restart or {@code kill -9} before the
 * deadline (the visit ledger itself lives in memory). One JSON line per event: {@code {"add":id,"due":ms,"alert":{..}}}
 * or {@code {"done":id}}; a torn last line (crash while writing) is ignored. The file is rewritten with only the open
 * checks when it is opened and emptied when none is open; it is 0600. Thread-safe.
 */
public final class PendingChecks {
    private static final Logger LOG = LoggerFactory.getLogger(PendingChecks.class);

    /** One open check. */
    public record Open(String visitId, long dueMillis, byte[] alertJson) { }

    private final Path file;
    private final Map<String, Open> open = new LinkedHashMap<>();

    private PendingChecks(Path file) {
        this.file = file;
    }

    /** Opens (creating 0600, in a 0700 folder if missing) and replays the journal. */
    public static PendingChecks open(Path file) {
        PendingChecks p = new PendingChecks(file);
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) OwnerOnly.createIfMissing(parent);
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    p.replay(line);
                }
            }
            p.rewrite();
        } catch (IOException e) {
            throw new EntryGuardException("cannot open the pending ID-check journal " + file + " (" + e + ")", e);
        }
        if (!p.open.isEmpty()) {
            LOG.info("{} ID check(s) from before the restart are still open; their CHECK_ID_UNRESOLVED alerts go out at their deadlines", p.open.size());
        }
        return p;
    }

    private void replay(String line) {
        if (line.isBlank()) return;
        try {
            JsonNode n = AlertCodec.MAPPER.readTree(line);
            if (n.has("add")) {
                open.put(n.get("add").asText(), new Open(n.get("add").asText(), n.get("due").asLong(),
                        AlertCodec.MAPPER.writeValueAsBytes(n.get("alert"))));
            } else if (n.has("done")) {
                open.remove(n.get("done").asText());
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("pending ID-check journal {}: skipping an unreadable line (torn by a crash?): {}", file, e.getMessage());
        }
    }

    /** Records an open check; returns once it is on disk. */
    public synchronized void add(String visitId, long dueMillis, byte[] alertJson) {
        if (open.containsKey(visitId)) return;
        ObjectNode n = AlertCodec.MAPPER.createObjectNode();
        n.put("add", visitId);
        n.put("due", dueMillis);
        try {
            n.set("alert", AlertCodec.MAPPER.readTree(alertJson));
            append(n);
        } catch (IOException e) {
            // the check still works from memory; only a restart before its deadline would miss it
            LOG.error("cannot journal the ID check of visit {} in {} ({}): its CHECK_ID_UNRESOLVED would be lost by a restart",
                    visitId, file, e.toString());
        }
        open.put(visitId, new Open(visitId, dueMillis, alertJson));
    }

    /** Closes a check (resolved by staff, or its alert was sent). */
    public synchronized void done(String visitId) {
        if (open.remove(visitId) == null) return;
        try {
            if (open.isEmpty()) {
                rewrite(); // nothing open: the file becomes empty (no record of past visits stays on disk)
            } else {
                ObjectNode n = AlertCodec.MAPPER.createObjectNode();
                n.put("done", visitId);
                append(n);
            }
        } catch (IOException e) {
            LOG.warn("cannot journal the end of the ID check of visit {} in {} ({}): it may be reported again after a restart",
                    visitId, file, e.toString());
        }
    }

    /** The open checks, oldest first. */
    public synchronized List<Open> open() {
        return new ArrayList<>(open.values());
    }

    private void append(ObjectNode n) throws IOException {
        byte[] b = AlertCodec.MAPPER.writeValueAsBytes(n);
        try (FileChannel ch = OwnerOnly.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ByteBuffer buf = ByteBuffer.allocate(b.length + 1).put(b).put((byte) '\n').flip();
            while (buf.hasRemaining()) ch.write(buf);
            ch.force(true);
        }
    }

    private void rewrite() throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = OwnerOnly.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            for (Open o : open.values()) {
                ObjectNode n = AlertCodec.MAPPER.createObjectNode();
                n.put("add", o.visitId());
                n.put("due", o.dueMillis());
                n.set("alert", AlertCodec.MAPPER.readTree(o.alertJson()));
                ByteBuffer buf = ByteBuffer.wrap((AlertCodec.MAPPER.writeValueAsString(n) + "\n").getBytes(StandardCharsets.UTF_8));
                while (buf.hasRemaining()) ch.write(buf);
            }
            ch.force(true);
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
