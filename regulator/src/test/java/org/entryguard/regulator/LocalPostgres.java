package org.entryguard.regulator;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for one test class, from the Debian package's binaries ({@code /usr/lib/postgresql/N/bin};
 * CI installs {@code postgresql}): initdb in a temp folder, pg_ctl start on a free loopback port, stop and delete
 * at close. PostgreSQL refuses to run as root, so under root (CI) it runs as {@code nobody} through runuser.
 * {@link #start} returns null with the reason in {@link #unavailable} when no server can be started here.
 */
final class LocalPostgres implements AutoCloseable {
    static String unavailable;

    final Path dir;
    final int port;
    private final Path bin;
    private final boolean asNobody;

    private LocalPostgres(Path dir, int port, Path bin, boolean asNobody) {
        this.dir = dir;
        this.port = port;
        this.bin = bin;
        this.asNobody = asNobody;
    }

    static LocalPostgres start() {
        Path bin = findBin();
        if (bin == null) {
            unavailable = "no PostgreSQL binaries under /usr/lib/postgresql/*/bin (apt-get install postgresql)";
            return null;
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = null;
        try {
            // /tmp, not target/: the unprivileged server user must be able to reach its folder
            dir = Files.createTempDirectory(Path.of("/tmp"), "entryguard-pg-");
            Path data = dir.resolve("data");
            if (root) {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
                UserPrincipal nobody = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
                Files.setOwner(dir, nobody);
            }
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            LocalPostgres pg = new LocalPostgres(dir, port, bin, root);
            pg.run(60, bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync");
            pg.run(60, bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("log").toString(), "-w", "-t", "60",
                    "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off", "start");
            return pg;
        } catch (IOException | RuntimeException e) {
            unavailable = "cannot start PostgreSQL from " + bin + ": " + e.getMessage();
            if (dir != null) delete(dir);
            return null;
        }
    }

    String url() { return "jdbc:postgresql://127.0.0.1:" + port + "/postgres"; }

    /** Starts the server again on the same port and data (after {@link #kill}). */
    void restart() throws IOException {
        run(60, bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l", dir.resolve("log").toString(), "-w", "-t", "60",
                "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off", "start");
    }

    /** Stops the server at once, as a crash would (data stays). */
    void kill() throws IOException { run(60, bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate", "stop"); }

    private void run(int seconds, String... cmd) throws IOException {
        List<String> full = new ArrayList<>();
        if (asNobody) full.addAll(List.of("runuser", "-u", "nobody", "--"));
        full.addAll(List.of(cmd));
        Process p = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(dir.resolve("cmd.log").toFile()).directory(dir.toFile()).start();
        try {
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + " did not finish in " + seconds + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", full) + " exited " + p.exitValue() + ": " + Files.readString(dir.resolve("cmd.log")));
        }
    }

    private static Path findBin() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) return null;
        try (Stream<Path> s = Files.list(root)) {
            return s.map(p -> p.resolve("bin")).filter(p -> Files.isExecutable(p.resolve("pg_ctl")))
                    .max(Comparator.comparing(Path::toString)).orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        try {
            run(60, bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "fast", "stop");
        } catch (IOException e) {
            // already stopped
        }
        delete(dir);
    }

    private static void delete(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a temp folder
        }
    }
}
