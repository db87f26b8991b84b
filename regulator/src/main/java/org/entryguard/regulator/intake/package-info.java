/**
 * What senders reach: signed Standard Webhooks from EntryGuard gateways (one URL and secret per venue) and the
 * GA/T 1400 view-library resources for cameras and NVRs. Every request is verified here; what fails never reaches
 * the bus, and is answered with its status and counted under its reason.
 */
package org.entryguard.regulator.intake;
