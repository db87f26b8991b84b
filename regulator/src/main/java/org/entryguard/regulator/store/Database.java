package org.entryguard.regulator.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.stream.Stream;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import org.entryguard.core.EntryGuardException;
import org.flywaydb.core.Flyway;

/**
 * A pooled JDBC connection to the bureau's database, migrated to the newest schema on open (Flyway, scripts in
 * {@code org/entryguard/regulator/db}). Two dialects: the embedded H2 file database (the default: no set-up) and
 * PostgreSQL (production). Thread-safe.
 */
public final class Database implements AutoCloseable {
    /** The SQL dialects the store speaks. */
    public enum Dialect { H2, POSTGRESQL }

    private final HikariDataSource pool;
    private final Dialect dialect;
    private final String url;

    private Database(HikariDataSource pool, Dialect dialect, String url) {
        this.pool = pool;
        this.dialect = dialect;
        this.url = url;
    }

    /**
     * Opens the embedded H2 file database {@code alerts} in {@code dir}, creating the folder owner-only (0700) and
     * making the database files owner-only (0600): alerts name venues and carry age estimates of minors.
     */
    public static Database embedded(Path dir, int poolSize) {
        try {
            Files.createDirectories(dir);
            ownerOnly(dir, "rwx------");
        } catch (IOException e) {
            throw new EntryGuardException("cannot create the data folder " + dir + ": " + e.getMessage()
                    + " (set dataDir in the config to a folder this user may write)", e);
        }
        // DB_CLOSE_ON_EXIT=FALSE: the service closes the pool itself, after the last write (a JVM hook could close it first)
        // WRITE_DELAY=0: each commit reaches the file before the sender hears 200, so a killed process loses nothing
        // acknowledged (H2 does not fsync: after a power cut, PostgreSQL is the durable choice)
        String url = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("alerts") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
        Database db = open(url, null, null, poolSize);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) ownerOnly(f, Files.isDirectory(f) ? "rwx------" : "rw-------");
        } catch (IOException e) {
            db.close();
            throw new EntryGuardException("cannot make the database files in " + dir + " owner-only: " + e.getMessage(), e);
        }
        return db;
    }

    /** Opens a database by JDBC URL ({@code jdbc:postgresql://...} or {@code jdbc:h2:...}) and migrates it. */
    public static Database open(String url, String user, String password, int poolSize) {
        Dialect dialect;
        if (url.startsWith("jdbc:postgresql:")) dialect = Dialect.POSTGRESQL;
        else if (url.startsWith("jdbc:h2:")) dialect = Dialect.H2;
        else throw new EntryGuardException("database url '" + url + "' is neither jdbc:postgresql:... nor jdbc:h2:...; those are the two supported");
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(url);
        if (user != null) hc.setUsername(user);
        if (password != null) hc.setPassword(password);
        hc.setMaximumPoolSize(Math.max(2, poolSize)); // Flyway holds two connections on PostgreSQL (lock + migration)
        hc.setPoolName("entryguard-regulator-db");
        hc.setAutoCommit(true);
        // fail fast with the driver's message when the database is unreachable at start
        hc.setInitializationFailTimeout(10_000);
        // a database that went away answers the intake within 5 s (503, the sender retries), not after Hikari's 30 s
        hc.setConnectionTimeout(5_000);
        HikariDataSource ds;
        try {
            ds = new HikariDataSource(hc);
        } catch (RuntimeException e) {
            throw new EntryGuardException("cannot connect to the database " + redact(url) + ": " + rootMessage(e)
                    + " (check database.url, user and password in the config, and that the server runs)", e);
        }
        try {
            Flyway.configure().dataSource(ds).locations("classpath:org/entryguard/regulator/db")
                    .placeholders(Map.of("binary", dialect == Dialect.POSTGRESQL ? "BYTEA" : "VARBINARY(1048576)"))
                    .load().migrate();
        } catch (RuntimeException e) {
            ds.close();
            throw new EntryGuardException("cannot migrate the database " + redact(url) + " to the regulator's schema: " + rootMessage(e), e);
        }
        return new Database(ds, dialect, url);
    }

    /** The pool. */
    public DataSource dataSource() { return pool; }

    /** A pooled connection; close it to return it. */
    public Connection connection() throws SQLException { return pool.getConnection(); }

    /** Which SQL the store writes. */
    public Dialect dialect() { return dialect; }

    /** The JDBC URL without credentials. */
    public String url() { return redact(url); }

    @Override
    public void close() { pool.close(); }

    private static void ownerOnly(Path p, String perms) throws IOException {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
        } catch (UnsupportedOperationException e) {
            // not POSIX (Windows): the folder inherits its parent's ACL
        }
    }

    private static String redact(String url) { return url.replaceAll("(?i)(password=)[^;&]*", "$1***"); }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getMessage();
    }
}
