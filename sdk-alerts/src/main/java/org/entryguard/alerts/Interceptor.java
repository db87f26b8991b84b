package org.entryguard.alerts;

import java.io.IOException;

/**
 * Observes, changes or short-circuits a delivery attempt (the OkHttp shape): call
 * {@code chain.proceed(request)} to pass the (possibly changed) request on. The sink runs the integrator's
 * interceptors first, then its own {@link SigningInterceptor}, then the network.
 */
@FunctionalInterface
public interface Interceptor {
    /** Handles one attempt. */
    DeliveryResponse intercept(Chain chain) throws IOException;

    /** The rest of the pipeline from this interceptor on. */
    interface Chain {
        /** The request as it stands. */
        DeliveryRequest request();

        /** Passes the request to the next interceptor, or the network, and returns the response. */
        DeliveryResponse proceed(DeliveryRequest request) throws IOException;
    }
}
