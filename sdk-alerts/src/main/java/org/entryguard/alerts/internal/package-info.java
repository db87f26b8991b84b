/**
 * Implementation details of the alert pipeline: journal segments, record framing, the Netty client and
 * server plumbing. Not API: anything here may change in any release.
 */
package org.entryguard.alerts.internal;
