/**
 * The regulator's end of EntryGuard: a service a public-security bureau runs to receive, store and act on
 * venue alerts. Intake, storage and the bus live here; the duty officers' web console lives in
 * {@code org.entryguard.regulator.console}.
 */
package org.entryguard.regulator;
