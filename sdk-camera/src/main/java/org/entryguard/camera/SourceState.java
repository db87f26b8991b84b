package org.entryguard.camera;

/**
 * Where a {@link FrameSource} stands. Every change is reported to the {@link SourceListener} as a
 * {@link SourceEvent} with a reason.
 *
 * <pre>
 *  CONNECTING ──first frame──► STREAMING ──no frame within readTimeout──► STALLED
 *      ▲ │                          ▲                                        │
 *      │ └──open failed──► RECONNECTING ◄────────────────────────────────────┘
 *      └──backoff elapsed────────┘   │ permanent problem or attempts used up
 *                                    ▼
 *                                  FAILED        (ENDED: a file reached its end; CLOSED: close() was called)
 * </pre>
 */
public enum SourceState {
    /** Opening the stream (first attempt, or again after a backoff). No frames yet. */
    CONNECTING,
    /** Frames are arriving. */
    STREAMING,
    /** The stream was open but no frame arrived within the read timeout, or the peer closed it. */
    STALLED,
    /** Waiting out the backoff before the next open attempt; the event says why and when. */
    RECONNECTING,
    /** Gave up: a problem retrying cannot fix (wrong path, bad credentials, no video...) or attempts used up. */
    FAILED,
    /** A finite source (a file) reached its end and looping is off. */
    ENDED,
    /** {@link FrameSource#close()} was called. */
    CLOSED;

    /** True for the states a source never leaves: FAILED, ENDED, CLOSED. */
    public boolean isTerminal() {
        return this == FAILED || this == ENDED || this == CLOSED;
    }
}
