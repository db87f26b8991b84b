/**
 * The duty officers' web console: a single page served by the regulator's Netty server, with live alerts over
 * server-sent events, handling with an audit trail, venues and a daily chart. Entry point: {@link
 * org.entryguard.regulator.console.Console}.
 */
package org.entryguard.regulator.console;
