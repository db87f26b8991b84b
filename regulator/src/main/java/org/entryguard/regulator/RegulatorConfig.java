package org.entryguard.regulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.entryguard.alerts.WebhookSecret;
import org.entryguard.core.EntryGuardException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The regulator service's settings, read from one JSON file (see the README's "regulator" section). Every
 * setting but the venue list has a default; {@link #parse} names the first wrong field and how to fix it.
 * Immutable.
 *
 * @param host              address to listen on (default {@code 0.0.0.0})
 * @param port              port (default 8470; 0 picks a free one)
 * @param dataDir           where the embedded database and nothing else lives (default {@code ./regulator-data})
 * @param zone              the bureau's time zone, for GA/T 1400 times and daily counts (default Asia/Shanghai)
 * @param database          JDBC settings; {@code null} url means the embedded H2 file database in {@code dataDir}
 * @param kafka             Kafka settings, or {@code null} to run on one node with the in-process bus
 * @param webhook           Standard Webhooks intake settings
 * @param gat1400           GA/T 1400 platform settings
 * @param venues            the venues registered with the bureau, by id
 * @param storeImages       whether face images that senders attach are stored (default false: dropped, counted)
 * @param imageRetention    how long stored images are kept (default 30 days)
 * @param console           the raw {@code console} object, handed to the console unread
 */
public record RegulatorConfig(String host, int port, Path dataDir, ZoneId zone, Database database, Kafka kafka,
                              Webhook webhook, Gat1400 gat1400, Map<String, VenueConfig> venues, boolean storeImages,
                              Duration imageRetention, JsonNode console) {
    private static final Logger LOG = LoggerFactory.getLogger(RegulatorConfig.class);

    /**
     * A venue as the bureau registered it.
     *
     * @param secrets       its webhook secrets: one, or two while rotating (both verify)
     * @param ratePerSecond the most alerts per second accepted from it (token bucket; burst = 2 s worth)
     */
    public record VenueConfig(String id, String name, String district, List<WebhookSecret> secrets, double ratePerSecond) { }

    /** JDBC settings; {@code url == null}: embedded H2 in the data folder. */
    public record Database(String url, String user, String password, int poolSize) { }

    /**
     * Kafka settings.
     *
     * @param role {@code both} (intake and consumer, default), {@code intake} (publish only) or {@code consumer}
     */
    public record Kafka(String bootstrapServers, String topic, String groupId, String role, Map<String, String> extra) {
        /** Whether this node publishes what its intake verified. */
        public boolean intake() { return !"consumer".equals(role); }
        /** Whether this node writes the database from the topic. */
        public boolean consumer() { return !"intake".equals(role); }
    }

    /**
     * Standard Webhooks intake: path prefix, timestamp window, body cap, remembered ids, default rate, and the time a
     * request (of either intake) may take from its first byte to its last.
     */
    public record Webhook(String pathPrefix, Duration tolerance, int maxBodyBytes, int recentIds, double defaultRatePerSecond,
                          Duration requestDeadline) { }

    /**
     * GA/T 1400 platform side.
     *
     * @param sessionTimeout a registration lapses when no request came for this long (default 3 keepalives of 60 s)
     */
    public record Gat1400(String realm, Duration sessionTimeout, Map<String, Device> devices) { }

    /** A GA/T 1400 device (camera, NVR, EntryGuard gateway) the bureau provisioned, and the venue it stands in. */
    public record Device(String deviceId, String username, String password, String venueId) { }

    /** Reads and checks a config file; warns when others may read it (it holds secrets). */
    public static RegulatorConfig load(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new EntryGuardException("cannot read regulator config " + file + ": " + e.getMessage()
                    + " (it must be a JSON object; see the README's regulator section)", e);
        }
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)) {
                LOG.warn("regulator config {} holds venue secrets and passwords but others may read it: chmod 600 {}", file, file);
            }
        } catch (IOException | UnsupportedOperationException e) {
            // not a POSIX file system: nothing to check
        }
        return parse(root, file.toAbsolutePath().getParent());
    }

    /** Parses a config object; relative paths resolve against {@code base}. */
    public static RegulatorConfig parse(JsonNode root, Path base) {
        if (root == null || !root.isObject()) throw bad("the config", "must be a JSON object");
        known(root, "", "listen", "dataDir", "zone", "database", "kafka", "webhook", "venues", "gat1400", "storeImages",
                "imageRetentionDays", "console");
        known(root.path("database"), "database.", "url", "user", "password", "passwordEnv", "poolSize");
        known(root.path("kafka"), "kafka.", "bootstrapServers", "topic", "groupId", "role", "properties");
        known(root.path("webhook"), "webhook.", "pathPrefix", "toleranceSeconds", "maxBodyBytes", "recentIds", "ratePerSecond",
                "requestDeadlineMillis");
        known(root.path("gat1400"), "gat1400.", "realm", "sessionTimeoutSeconds", "devices");
        for (JsonNode v : root.path("venues")) known(v, "venues[].", "id", "name", "district", "secrets", "ratePerSecond");
        for (JsonNode d : root.path("gat1400").path("devices")) known(d, "gat1400.devices[].", "deviceId", "username", "password", "venueId");
        String listen = text(root, "listen", "0.0.0.0:8470");
        int colon = listen.lastIndexOf(':');
        if (colon < 0) throw bad("listen", "'" + listen + "' must be host:port, e.g. 0.0.0.0:8470");
        String host = listen.substring(0, colon);
        int port;
        try {
            port = Integer.parseInt(listen.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw bad("listen", "port in '" + listen + "' is not a number, e.g. 0.0.0.0:8470");
        }
        if (port < 0 || port > 65535) throw bad("listen", "port " + port + " is outside 0..65535");
        Path dataDir = resolve(base, text(root, "dataDir", "regulator-data"));
        ZoneId zone;
        try {
            zone = ZoneId.of(text(root, "zone", "Asia/Shanghai"));
        } catch (RuntimeException e) {
            throw bad("zone", "'" + root.path("zone").asText() + "' is not a time zone, e.g. Asia/Shanghai");
        }

        JsonNode db = root.path("database");
        String password = text(db, "password", null);
        String passwordEnv = text(db, "passwordEnv", null);
        if (passwordEnv != null) {
            password = System.getenv(passwordEnv);
            if (password == null) throw bad("database.passwordEnv", "environment variable " + passwordEnv + " is not set");
        }
        Database database = new Database(text(db, "url", null), text(db, "user", null), password, integer(db, "poolSize", 8, 1, 200));

        Kafka kafka = null;
        JsonNode k = root.path("kafka");
        if (k.isObject() && k.hasNonNull("bootstrapServers")) {
            String role = text(k, "role", "both");
            if (!List.of("both", "intake", "consumer").contains(role)) {
                throw bad("kafka.role", "'" + role + "' must be both, intake or consumer");
            }
            Map<String, String> extra = new LinkedHashMap<>();
            k.path("properties").properties().forEach(e -> extra.put(e.getKey(), e.getValue().asText()));
            kafka = new Kafka(k.get("bootstrapServers").asText(), text(k, "topic", "entryguard-alerts"),
                    text(k, "groupId", "entryguard-regulator"), role, Map.copyOf(extra));
        }

        JsonNode w = root.path("webhook");
        double defaultRate = number(w, "ratePerSecond", 20, 0.01, 100_000);
        Webhook webhook = new Webhook(text(w, "pathPrefix", "/webhooks/"),
                Duration.ofSeconds(integer(w, "toleranceSeconds", 300, 1, 86_400)),
                integer(w, "maxBodyBytes", 512 * 1024, 1024, 16 << 20), integer(w, "recentIds", 100_000, 1, 50_000_000), defaultRate,
                Duration.ofMillis(integer(w, "requestDeadlineMillis", 10_000, 100, 600_000)));
        if (!webhook.pathPrefix().startsWith("/") || !webhook.pathPrefix().endsWith("/")) {
            throw bad("webhook.pathPrefix", "'" + webhook.pathPrefix() + "' must start and end with '/', e.g. /webhooks/");
        }

        Map<String, VenueConfig> venues = new LinkedHashMap<>();
        JsonNode vs = root.path("venues");
        if (!vs.isMissingNode() && !vs.isArray()) throw bad("venues", "must be an array of {id, name, district, secrets}");
        int i = 0;
        for (JsonNode v : vs) {
            String where = "venues[" + i++ + "]";
            String id = text(v, "id", null);
            if (id == null || !id.matches("[A-Za-z0-9_.:-]{1,128}")) {
                throw bad(where + ".id", "'" + id + "' must be 1 to 128 of A-Z a-z 0-9 _ . : - (the gateway's venue id)");
            }
            if (venues.containsKey(id)) throw bad(where + ".id", "venue '" + id + "' is listed twice");
            List<WebhookSecret> secrets = new ArrayList<>();
            for (JsonNode s : v.path("secrets")) {
                try {
                    secrets.add(WebhookSecret.parse(s.asText()));
                } catch (EntryGuardException e) {
                    throw bad(where + ".secrets", e.getMessage());
                }
            }
            if (secrets.size() > 2) throw bad(where + ".secrets", "has " + secrets.size() + " secrets; keep the current one and, while rotating, the next (2 at most)");
            venues.put(id, new VenueConfig(id, text(v, "name", ""), text(v, "district", ""), List.copyOf(secrets),
                    number(v, "ratePerSecond", defaultRate, 0.01, 100_000)));
        }

        JsonNode g = root.path("gat1400");
        Map<String, Device> devices = new LinkedHashMap<>();
        i = 0;
        for (JsonNode d : g.path("devices")) {
            String where = "gat1400.devices[" + i++ + "]";
            String id = text(d, "deviceId", null);
            if (id == null || !id.matches("\\d{20}")) throw bad(where + ".deviceId", "'" + id + "' must be the 20-digit GA/T 1400 DeviceID");
            String pw = text(d, "password", null);
            if (pw == null || pw.isEmpty()) throw bad(where + ".password", "is missing: the Digest password provisioned for " + id);
            String venue = text(d, "venueId", null);
            if (venue == null || !venues.containsKey(venue)) {
                throw bad(where + ".venueId", "'" + venue + "' is not a venue in 'venues': add the venue, then point the device at it");
            }
            devices.put(id, new Device(id, text(d, "username", id), pw, venue));
        }
        Gat1400 gat = new Gat1400(text(g, "realm", "entryguard-viid"),
                Duration.ofSeconds(integer(g, "sessionTimeoutSeconds", 180, 10, 86_400)), Map.copyOf(devices));

        JsonNode console = root.has("console") ? root.get("console") : JsonNodeFactory.instance.objectNode();
        return new RegulatorConfig(host, port, dataDir, zone, database, kafka, webhook, gat, Map.copyOf(venues),
                root.path("storeImages").asBoolean(false),
                Duration.ofDays(integer(root, "imageRetentionDays", 30, 1, 3650)), console);
    }

    /** A copy listening elsewhere (tests, the demo). */
    public RegulatorConfig withListen(String host, int port) {
        return new RegulatorConfig(host, port, dataDir, zone, database, kafka, webhook, gat1400, venues, storeImages, imageRetention, console);
    }

    /** A copy with another Kafka setting ({@code null}: one node, in process). */
    public RegulatorConfig withKafka(Kafka k) {
        return new RegulatorConfig(host, port, dataDir, zone, database, k, webhook, gat1400, venues, storeImages, imageRetention, console);
    }

    /** A copy with another database. */
    public RegulatorConfig withDatabase(Database d) {
        return new RegulatorConfig(host, port, dataDir, zone, d, kafka, webhook, gat1400, venues, storeImages, imageRetention, console);
    }

    /** An empty console object, for configs built in code. */
    public static ObjectNode emptyConsole() { return JsonNodeFactory.instance.objectNode(); }

    private static Path resolve(Path base, String p) {
        Path path = Path.of(p);
        return path.isAbsolute() || base == null ? path : base.resolve(path);
    }

    private static String text(JsonNode n, String field, String dflt) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) return dflt;
        if (!v.isValueNode()) throw bad(field, "must be a string");
        return v.asText();
    }

    private static int integer(JsonNode n, String field, int dflt, int min, int max) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) return dflt;
        if (!v.canConvertToInt() || !v.isIntegralNumber()) throw bad(field, "'" + v + "' must be a whole number in " + min + ".." + max);
        int x = v.asInt();
        if (x < min || x > max) throw bad(field, x + " is outside " + min + ".." + max);
        return x;
    }

    private static double number(JsonNode n, String field, double dflt, double min, double max) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) return dflt;
        if (!v.isNumber()) throw bad(field, "'" + v + "' must be a number in " + min + ".." + max);
        double x = v.asDouble();
        if (x < min || x > max) throw bad(field, x + " is outside " + min + ".." + max);
        return x;
    }

    private static EntryGuardException bad(String field, String why) {
        return new EntryGuardException("regulator config: '" + field + "' " + why);
    }

    /** A misspelt key would silently fall back to a default (e.g. images stored or not): refuse it instead. */
    private static void known(JsonNode n, String prefix, String... keys) {
        if (!n.isObject()) return;
        List<String> allowed = List.of(keys);
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!allowed.contains(k)) throw bad(prefix + k, "is not a setting; " + (prefix.isEmpty() ? "top-level" : prefix) + " keys are " + allowed);
        }
    }
}
