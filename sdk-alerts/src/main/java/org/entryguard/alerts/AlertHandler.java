package org.entryguard.alerts;

/**
 * Receives alerts that passed verification, once per id. Throwing makes the receiver answer 500, so the sender
 * retries and the alert is offered again; return normally only once the alert is stored.
 */
@FunctionalInterface
public interface AlertHandler {
    /** One verified, first-seen alert. Called on a receiver worker thread; may block briefly (e.g. a database insert). */
    void onAlert(Alert alert) throws Exception;
}
