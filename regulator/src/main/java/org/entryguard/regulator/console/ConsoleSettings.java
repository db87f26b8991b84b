package org.entryguard.regulator.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code console} settings, checked once at start: an unknown key or a bad value stops the service with the
 * key's path and what to write instead. The format is documented on {@link Console}.
 */
final class ConsoleSettings {
    /** Who may log in: CITY sees every district, DISTRICT only {@link User#district()}. */
    enum Role { CITY, DISTRICT }

    /** One officer's login. */
    record User(String name, String displayName, Role role, String district, Passwords.Hash password) {
    }

    private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    private static final Pattern COOKIE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    static final Set<String> LANGUAGES = Set.of("zh", "en");

    final Map<String, User> users;
    final String defaultLanguage;
    final ZoneId timeZone;
    final String cookieName;
    final boolean cookieSecure;
    final Duration sessionIdle;
    final Duration sessionMax;
    final int loginMaxFailures;
    final Duration loginWindow;
    final Duration heartbeat;
    final int replayEvents;
    final int workerThreads;

    private ConsoleSettings(JsonNode root) {
        String p = "console";
        if (root == null || root.isNull()) {
            root = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        }
        if (!root.isObject()) {
            throw bad(p, "must be a JSON object, e.g. {\"users\": [...]}");
        }
        known(root, p, "users", "defaultLanguage", "timeZone", "session", "loginLimit", "heartbeatSeconds",
                "replayEvents", "workerThreads");
        users = users(root.get("users"), p + ".users");
        defaultLanguage = text(root, p, "defaultLanguage", "zh");
        if (!LANGUAGES.contains(defaultLanguage)) {
            throw bad(p + ".defaultLanguage", "is \"" + defaultLanguage + "\"; use \"zh\" or \"en\"");
        }
        String zone = text(root, p, "timeZone", "Asia/Shanghai");
        try {
            timeZone = ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw bad(p + ".timeZone", "\"" + zone + "\" is not a time zone; use a region id like \"Asia/Shanghai\"");
        }
        JsonNode session = object(root, p, "session");
        String sp = p + ".session";
        known(session, sp, "cookieName", "secure", "idleMinutes", "maxHours");
        cookieName = text(session, sp, "cookieName", "eg_console");
        if (!COOKIE_NAME.matcher(cookieName).matches()) {
            throw bad(sp + ".cookieName", "must be 1-64 letters, digits, '_' or '-'");
        }
        cookieSecure = bool(session, sp, "secure", false);
        sessionIdle = Duration.ofMinutes(integer(session, sp, "idleMinutes", 30, 1, 24 * 60));
        sessionMax = Duration.ofHours(integer(session, sp, "maxHours", 12, 1, 24 * 7));
        JsonNode limit = object(root, p, "loginLimit");
        String lp = p + ".loginLimit";
        known(limit, lp, "maxFailures", "windowSeconds");
        loginMaxFailures = integer(limit, lp, "maxFailures", 5, 1, 1000);
        loginWindow = Duration.ofSeconds(integer(limit, lp, "windowSeconds", 300, 1, 86_400));
        heartbeat = Duration.ofSeconds(integer(root, p, "heartbeatSeconds", 15, 1, 300));
        replayEvents = integer(root, p, "replayEvents", 1000, 0, 100_000);
        workerThreads = integer(root, p, "workerThreads", 4, 1, 64);
    }

    /**
     * Reads and checks the settings.
     *
     * @throws IllegalArgumentException naming the key's path, the problem and the fix
     */
    static ConsoleSettings parse(JsonNode root) {
        return new ConsoleSettings(root);
    }

    private static Map<String, User> users(JsonNode node, String p) {
        if (node == null || node.isNull()) {
            return Map.of(); // the service runs without officers (intake only); Console logs that nobody can log in
        }
        if (!node.isArray()) {
            throw bad(p, "must be an array of {\"name\",\"passwordHash\",\"role\"[,\"district\"]}");
        }
        Map<String, User> out = new LinkedHashMap<>();
        for (int i = 0; i < node.size(); i++) {
            String up = p + "[" + i + "]";
            JsonNode u = node.get(i);
            if (!u.isObject()) {
                throw bad(up, "must be an object");
            }
            known(u, up, "name", "displayName", "passwordHash", "role", "district");
            String name = required(u, up, "name");
            if (!USER_NAME.matcher(name).matches()) {
                throw bad(up + ".name", "must be 1-64 letters, digits, '.', '_', '@' or '-'");
            }
            if (out.containsKey(name)) {
                throw bad(up + ".name", "\"" + name + "\" is listed twice; give each officer one entry");
            }
            Passwords.Hash hash;
            try {
                hash = Passwords.parse(required(u, up, "passwordHash"));
            } catch (IllegalArgumentException e) {
                throw bad(up + ".passwordHash", e.getMessage());
            }
            String roleText = required(u, up, "role");
            Role role;
            try {
                role = Role.valueOf(roleText);
            } catch (IllegalArgumentException e) {
                throw bad(up + ".role", "is \"" + roleText + "\"; use \"CITY\" or \"DISTRICT\"");
            }
            String district = text(u, up, "district", null);
            if (role == Role.DISTRICT && (district == null || district.isBlank())) {
                throw bad(up + ".district", "is required for role DISTRICT (the district this officer may see)");
            }
            if (role == Role.CITY && district != null) {
                throw bad(up + ".district", "must be absent for role CITY (a city officer sees every district);"
                        + " use role DISTRICT to restrict");
            }
            out.put(name, new User(name, text(u, up, "displayName", name), role, district, hash));
        }
        return Map.copyOf(out);
    }

    private static void known(JsonNode node, String p, String... keys) {
        List<String> allowed = List.of(keys);
        List<String> unknown = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!allowed.contains(k)) {
                unknown.add(k);
            }
        }
        if (!unknown.isEmpty()) {
            throw bad(p + "." + unknown.get(0), "unknown key; known keys here: " + String.join(", ", allowed));
        }
    }

    private static JsonNode object(JsonNode node, String p, String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        }
        if (!v.isObject()) {
            throw bad(p + "." + key, "must be an object");
        }
        return v;
    }

    private static String required(JsonNode node, String p, String key) {
        String v = text(node, p, key, null);
        if (v == null || v.isEmpty()) {
            throw bad(p + "." + key, "is required");
        }
        return v;
    }

    private static String text(JsonNode node, String p, String key, String dflt) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isTextual()) {
            throw bad(p + "." + key, "must be a string");
        }
        return v.asText();
    }

    private static boolean bool(JsonNode node, String p, String key, boolean dflt) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isBoolean()) {
            throw bad(p + "." + key, "must be true or false");
        }
        return v.asBoolean();
    }

    private static int integer(JsonNode node, String p, String key, int dflt, int min, int max) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isIntegralNumber() || v.asLong() < min || v.asLong() > max) {
            throw bad(p + "." + key, "must be a whole number from " + min + " to " + max);
        }
        return v.asInt();
    }

    private static IllegalArgumentException bad(String path, String problem) {
        return new IllegalArgumentException(path + ": " + problem);
    }
}
