/**
 * Between the intake and the database: in process on one node, Kafka between the nodes of a city. Either way a
 * sender is answered only once its alert is durable, and the store's one-row-per-id makes redelivery harmless.
 */
package org.entryguard.regulator.bus;
