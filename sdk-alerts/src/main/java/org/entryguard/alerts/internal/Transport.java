package org.entryguard.alerts.internal;

import java.io.IOException;

import org.entryguard.alerts.DeliveryRequest;
import org.entryguard.alerts.DeliveryResponse;

/** The network end of an interceptor chain. */
@FunctionalInterface
public interface Transport {
    /** Sends the request and returns the response. */
    DeliveryResponse execute(DeliveryRequest request) throws IOException;
}
