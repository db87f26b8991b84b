package org.entryguard.alerts;

import java.util.Objects;

/**
 * The venue an alert comes from, as registered with the local public-security bureau.
 *
 * @param id       the integrator's stable venue id
 * @param name     the venue's registered name
 * @param type     the venue type, e.g. {@code KTV}, {@code BAR}, {@code INTERNET_CAFE}, {@code HOTEL}
 * @param licence  the business licence number (营业执照 / 特种行业许可证号)
 * @param address  the street address
 */
public record Venue(String id, String name, String type, String licence, String address) {

    /** Checks that every field is present; a regulator cannot act on an alert without them. */
    public Venue {
        id = Alert.requireText("venue.id", id, 128);
        name = Alert.requireText("venue.name", name, 256);
        type = Alert.requireText("venue.type", type, 64);
        licence = Alert.requireText("venue.licence", licence, 128);
        address = Alert.requireText("venue.address", address, 512);
    }

    @Override
    public String toString() {
        return "Venue[" + Objects.requireNonNull(id) + " " + name + " (" + type + ")]";
    }
}
