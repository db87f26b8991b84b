/**
 * Implementation of the decision pipeline (tracker, quality scorer, fusion, appearance signature). Not API:
 * classes here are public only so that {@code org.entryguard.core.guard} can use them, and may change
 * without notice.
 */
package org.entryguard.core.guard.internal;
