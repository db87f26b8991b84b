package org.entryguard.examples;

import org.entryguard.camera.CameraConfig;
import org.entryguard.camera.Entrance;
import org.entryguard.camera.RtspTransport;
import org.entryguard.core.guard.Door;
import org.entryguard.core.guard.MotionGate;
import org.entryguard.core.rules.HolidayCalendar;
import org.entryguard.core.rules.VenueRules;
import org.entryguard.core.rules.VenueType;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The gateway's config turned into the SDK's objects: the venue's rules and one {@link Entrance} per camera. Every
 * error the SDK raises for a value comes back as a {@link UsageException} naming the value's key path.
 */
final class VenueSettings {
    private VenueSettings() {
    }

    /**
     * The entrances of the config.
     *
     * @param baseDir where relative file names (the calendar file) are resolved; null: do not read files (validation)
     */
    static List<Entrance> entrances(GatewayConfig c, Path baseDir, String name) {
        VenueRules venue = venueRules(c, baseDir, name);
        List<Entrance> out = new ArrayList<>();
        for (int i = 0; i < c.cameras().size(); i++) {
            GatewayConfig.Camera cam = c.cameras().get(i);
            String at = "cameras[" + i + "]";
            VenueRules rules = cam.rules() == null ? venue : override(VenueRules.from(venue), cam.rules(), name, at + ".rules", true);
            CameraConfig.Builder cb = CameraConfig.custom(cam.url()).id(cam.id())
                    .targetFps(cam.targetFps() == null ? 10 : cam.targetFps());
            if (cam.transport() != null) {
                cb.transport(RtspTransport.valueOf(cam.transport().toUpperCase(Locale.ROOT)));
            }
            if (cam.loop() != null) {
                cb.loop(cam.loop());
            }
            Entrance.Builder eb = Entrance.custom(cb.build(), rules);
            if (cam.door() != null) {
                eb.door(door(cam.door(), name, at + ".door"));
            }
            if (cam.detectionRegion() != null) {
                List<Double> r = cam.detectionRegion();
                if (r.size() != 4 || r.contains(null)) {
                    throw bad(name, at + ".detectionRegion", "needs [x, y, width, height], fractions of the frame");
                }
                try {
                    eb.detectionRegion(r.get(0).floatValue(), r.get(1).floatValue(), r.get(2).floatValue(), r.get(3).floatValue());
                } catch (IllegalArgumentException e) {
                    throw bad(name, at + ".detectionRegion", e.getMessage());
                }
            }
            if (cam.motionGate() != null && Boolean.TRUE.equals(cam.motionGate().enabled())) {
                eb.motionGate(motionGate(cam.motionGate(), name, at + ".motionGate"));
            }
            out.add(eb.build());
        }
        return out;
    }

    /** A camera's motion gate (it is on); a bad value names its key. */
    private static MotionGate motionGate(GatewayConfig.MotionGateSpec s, String name, String at) {
        MotionGate.Builder b = MotionGate.custom();
        String key = at;
        try {
            if (s.maxIntervalSeconds() != null) {
                key = at + ".maxIntervalSeconds";
                b.maxInterval(Duration.ofMillis(Math.round(s.maxIntervalSeconds() * 1000)));
            }
            if (s.cellThreshold() != null) {
                key = at + ".cellThreshold";
                b.cellThreshold(s.cellThreshold());
            }
            if (s.minChangedShare() != null) {
                key = at + ".minChangedShare";
                b.minChangedShare(s.minChangedShare().floatValue());
            }
        } catch (IllegalArgumentException e) {
            throw bad(name, key, e.getMessage());
        }
        return b.build();
    }

    /** The venue-wide rules: the venue's type, zone and the top-level overrides. */
    static VenueRules venueRules(GatewayConfig c, Path baseDir, String name) {
        VenueRules.Builder b = VenueRules.custom(VenueType.valueOf(c.venue().type()));
        if (c.venue().zone() != null) {
            b.zone(ZoneId.of(c.venue().zone()));
        }
        GatewayConfig.Rules r = c.rules();
        if (r == null) {
            return b.build();
        }
        if (r.venueType() != null) {
            throw bad(name, "rules.venueType", "is set by venue.type at the top level; use it under a camera's rules");
        }
        if (r.calendarFile() != null && baseDir != null) {
            try {
                b.holidayCalendar(HolidayCalendar.load(baseDir.resolve(r.calendarFile())));
            } catch (RuntimeException e) {
                throw bad(name, "rules.calendarFile", e.getMessage());
            }
        }
        return override(b, r, name, "rules", false);
    }

    private static VenueRules override(VenueRules.Builder b, GatewayConfig.Rules r, String name, String at, boolean perCamera) {
        if (perCamera && r.calendarFile() != null) {
            throw bad(name, at + ".calendarFile", "is venue-wide: set it under the top-level rules");
        }
        if (r.venueType() != null) {
            VenueType t;
            try {
                t = VenueType.valueOf(r.venueType());
            } catch (IllegalArgumentException e) {
                throw bad(name, at + ".venueType", "'" + r.venueType() + "' is not one of " + java.util.Arrays.toString(VenueType.values()));
            }
            VenueRules was = b.build();
            b = VenueRules.custom(t).zone(was.zone()).holidayCalendar(was.holidayCalendar());
        }
        String key = at;
        try {
            key = at + ".challengeAge";
            if (r.challengeAge() != null) {
                b.challengeAge(r.challengeAge());
            }
            key = at + ".minorAge";
            if (r.minorAge() != null) {
                b.minorAge(r.minorAge());
            }
            key = at + ".minorConfidence";
            if (r.minorConfidence() != null) {
                b.minorConfidence(r.minorConfidence());
            }
            key = at + ".opens";
            if (r.opens() != null && r.closes() != null) {
                b.openingHours(LocalTime.parse(r.opens()), LocalTime.parse(r.closes()));
            } else if ((r.opens() == null) != (r.closes() == null)) {
                throw new IllegalArgumentException("opens and closes go together; give both or neither");
            }
            key = at;
            return b.build();
        } catch (RuntimeException e) {
            throw bad(name, key, e.getMessage());
        }
    }

    static Door door(GatewayConfig.DoorSpec d, String name, String at) {
        String type = d.type() == null ? "anywhere" : d.type().toLowerCase(Locale.ROOT);
        try {
            return switch (type) {
                case "anywhere" -> Door.anywhere();
                case "horizontal" -> {
                    if (d.y() == null) {
                        throw new IllegalArgumentException("needs \"y\" (0..1, the line's height) and \"insideBelow\"");
                    }
                    yield Door.horizontalLine(d.y().floatValue(), d.insideBelow() == null || d.insideBelow());
                }
                case "line" -> {
                    List<Double> l = d.line();
                    if (l == null || l.size() != 6 || l.contains(null)) {
                        throw new IllegalArgumentException("needs \"line\": [ax, ay, bx, by, insideX, insideY]");
                    }
                    yield Door.line(l.get(0).floatValue(), l.get(1).floatValue(), l.get(2).floatValue(), l.get(3).floatValue(),
                            l.get(4).floatValue(), l.get(5).floatValue());
                }
                case "region" -> {
                    List<Double> r = d.region();
                    if (r == null || r.size() != 4 || r.contains(null)) {
                        throw new IllegalArgumentException("needs \"region\": [x, y, width, height]");
                    }
                    yield Door.region(r.get(0).floatValue(), r.get(1).floatValue(), r.get(2).floatValue(), r.get(3).floatValue());
                }
                case "approach" -> Door.approach(d.growth() == null ? 1.3f : d.growth().floatValue());
                default -> throw new IllegalArgumentException("type '" + d.type()
                        + "' is not one of anywhere, horizontal, line, region, approach");
            };
        } catch (IllegalArgumentException e) {
            throw bad(name, at, e.getMessage());
        }
    }

    private static UsageException bad(String name, String key, String problem) {
        return new UsageException(name + ": " + key + " " + problem);
    }
}
