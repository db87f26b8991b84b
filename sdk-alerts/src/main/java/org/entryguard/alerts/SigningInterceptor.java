package org.entryguard.alerts;

import java.io.IOException;
import java.time.Clock;
import java.util.Objects;

import org.entryguard.core.EntryGuardException;

/**
 * Signs each attempt with Standard Webhooks headers. It signs at send time, not at queue time, because the
 * receiver refuses timestamps older than its window (5 minutes by default) and an alert may wait days in the
 * outbox. The request must already carry {@code webhook-id} (the sink sets it to the alert id).
 */
public final class SigningInterceptor implements Interceptor {
    private final WebhookSigner signer;
    private final Clock clock;

    /** Signs with the signer's secrets, reading the time from {@code clock}. */
    public SigningInterceptor(WebhookSigner signer, Clock clock) {
        this.signer = Objects.requireNonNull(signer, "signer");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public DeliveryResponse intercept(Chain chain) throws IOException {
        DeliveryRequest r = chain.request();
        String id = r.header(WebhookSigner.HEADER_ID);
        if (id == null) {
            throw new EntryGuardException("request has no webhook-id header to sign: set it to the alert id before signing");
        }
        long ts = clock.millis() / 1000;
        return chain.proceed(DeliveryRequest.from(r)
                .header(WebhookSigner.HEADER_TIMESTAMP, Long.toString(ts))
                .header(WebhookSigner.HEADER_SIGNATURE, signer.signature(id, ts, r.body()))
                .build());
    }
}
