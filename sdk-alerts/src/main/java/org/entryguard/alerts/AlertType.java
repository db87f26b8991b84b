package org.entryguard.alerts;

/** What happened at the venue. The JSON carries the constant's name. */
public enum AlertType {
    /** A person judged to be a minor entered a venue that minors may not enter (KTV, bar, internet café...). */
    MINOR_ENTRY,
    /** A minor checking in at a hotel; carries the guardian workflow state the hotel rules require. */
    MINOR_AT_HOTEL,
    /** Staff were asked to check an ID and the check was not resolved in time. */
    CHECK_ID_UNRESOLVED,
    /** A camera stopped delivering frames, so entrances are not being checked. */
    CAMERA_DOWN
}
