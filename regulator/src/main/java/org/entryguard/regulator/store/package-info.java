/** What the bureau stores: alerts once per id, the officers' handling and its audit trail. */
package org.entryguard.regulator.store;
