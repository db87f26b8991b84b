/**
 * Implementation of the law's calendar arithmetic (statutory days by Time4J). Not API: public only so that
 * {@code org.entryguard.core.rules} can use it, and may change without notice.
 */
package org.entryguard.core.rules.internal;
