package org.entryguard.regulator.store;

/** Where a duty officer has taken an alert. {@link #NEW} until someone acts on it. */
public enum Handling {
    NEW, ACKNOWLEDGED, DISPATCHED, CLOSED, FALSE_ALARM
}
