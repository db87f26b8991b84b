package org.entryguard.regulator.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import org.entryguard.regulator.store.DailyCount;
import org.entryguard.regulator.store.HandlingEntry;
import org.entryguard.regulator.store.StoredAlert;
import org.entryguard.regulator.store.VenueSummary;

/** The console API's JSON shapes; times are ISO-8601 instants, the page formats them in the bureau's zone. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static ObjectNode alert(StoredAlert a) {
        ObjectNode o = object();
        o.put("id", a.id());
        o.put("venueId", a.venueId());
        o.put("venueName", a.venueName());
        o.put("district", a.district());
        o.put("type", a.type());
        o.put("decision", a.decision());
        o.put("rule", a.rule());
        o.put("reason", a.reason());
        o.put("ageLow", a.ageLow());
        o.put("ageHigh", a.ageHigh());
        o.put("occurredAt", time(a.occurredAt()));
        o.put("receivedAt", time(a.receivedAt()));
        o.put("source", a.source());
        o.put("handling", a.handling().name());
        return o;
    }

    static ArrayNode alerts(List<StoredAlert> list) {
        ArrayNode arr = MAPPER.createArrayNode();
        list.forEach(a -> arr.add(alert(a)));
        return arr;
    }

    static ArrayNode history(List<HandlingEntry> list) {
        ArrayNode arr = MAPPER.createArrayNode();
        for (HandlingEntry e : list) {
            ObjectNode o = arr.addObject();
            o.put("state", e.state().name());
            o.put("officer", e.officer());
            o.put("note", e.note());
            o.put("at", time(e.at()));
        }
        return arr;
    }

    static ArrayNode venues(List<VenueSummary> list) {
        ArrayNode arr = MAPPER.createArrayNode();
        for (VenueSummary v : list) {
            ObjectNode o = arr.addObject();
            o.put("venueId", v.venueId());
            o.put("venueName", v.venueName());
            o.put("district", v.district());
            o.put("lastSeen", time(v.lastSeen()));
            o.put("alerts", v.alerts());
        }
        return arr;
    }

    static ArrayNode daily(List<DailyCount> list) {
        ArrayNode arr = MAPPER.createArrayNode();
        for (DailyCount c : list) {
            ObjectNode o = arr.addObject();
            o.put("day", c.day().toString());
            o.put("district", c.district());
            o.put("type", c.type());
            o.put("count", c.count());
        }
        return arr;
    }

    private static String time(Instant t) {
        return t == null ? null : t.toString();
    }
}
