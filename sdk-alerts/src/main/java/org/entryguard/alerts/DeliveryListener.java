package org.entryguard.alerts;

/** Receives {@link DeliveryEvent}s. Called on delivery threads: return quickly and do not throw. */
@FunctionalInterface
public interface DeliveryListener {
    /** One event. */
    void onEvent(DeliveryEvent event);
}
