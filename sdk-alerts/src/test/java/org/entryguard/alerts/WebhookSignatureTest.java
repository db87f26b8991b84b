package org.entryguard.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.entryguard.core.EntryGuardException;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
    // The published example of the Standard Webhooks reference libraries (libraries/go/webhook_test.go,
    // TestWebhookSign, in the standard-webhooks repository); the other language libraries test the same vector.
    static final String SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    static final long SPEC_TS = 1614265330L;
    static final byte[] SPEC_BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    static final String SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private static WebhookVerifier verifierAt(long nowSeconds, WebhookSecret... secrets) {
        WebhookVerifier.Builder b = WebhookVerifier.custom().clock(Clock.fixed(Instant.ofEpochSecond(nowSeconds), ZoneOffset.UTC));
        for (WebhookSecret s : secrets) b.secret(s);
        return b.build();
    }

    @Test
    void signsTheSpecificationsExampleVector() {
        WebhookSigner signer = WebhookSigner.of(WebhookSecret.parse(SPEC_SECRET));
        assertEquals(SPEC_SIGNATURE, signer.signature(SPEC_ID, SPEC_TS, SPEC_BODY));
    }

    @Test
    void verifiesTheSpecificationsExampleVector() {
        assertEquals(SPEC_TS, verifierAt(SPEC_TS + 10, WebhookSecret.parse(SPEC_SECRET))
                .verify(SPEC_ID, Long.toString(SPEC_TS), SPEC_SIGNATURE, SPEC_BODY));
    }

    @Test
    void acceptsAnyOfSeveralSignaturesAndSecretsForRotation() {
        WebhookSecret oldKey = WebhookSecret.parse(SPEC_SECRET);
        WebhookSecret newKey = WebhookSecret.generate();
        String both = WebhookSigner.of(oldKey, newKey).signature(SPEC_ID, SPEC_TS, SPEC_BODY);
        assertEquals(2, both.split(" ").length);
        assertTrue(both.startsWith(SPEC_SIGNATURE + " v1,"));
        verifierAt(SPEC_TS, oldKey).verify(SPEC_ID, "" + SPEC_TS, both, SPEC_BODY);
        verifierAt(SPEC_TS, newKey).verify(SPEC_ID, "" + SPEC_TS, both, SPEC_BODY);
        // Spec example of a multi-signature header with unknown versions and junk around the valid one.
        String mixed = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= "
                + SPEC_SIGNATURE + " v1,!!notbase64";
        verifierAt(SPEC_TS, newKey, oldKey).verify(SPEC_ID, "" + SPEC_TS, mixed, SPEC_BODY);
    }

    @Test
    void refusesTamperingWrongKeysAndMissingHeaders() {
        WebhookVerifier v = verifierAt(SPEC_TS, WebhookSecret.parse(SPEC_SECRET));
        String ts = Long.toString(SPEC_TS);
        assertReason(WebhookVerificationException.Reason.NO_MATCHING_SIGNATURE,
                () -> v.verify(SPEC_ID, ts, SPEC_SIGNATURE, "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8)));
        assertReason(WebhookVerificationException.Reason.NO_MATCHING_SIGNATURE,
                () -> v.verify("msg_other", ts, SPEC_SIGNATURE, SPEC_BODY));
        assertReason(WebhookVerificationException.Reason.NO_MATCHING_SIGNATURE,
                () -> verifierAt(SPEC_TS, WebhookSecret.generate()).verify(SPEC_ID, ts, SPEC_SIGNATURE, SPEC_BODY));
        assertReason(WebhookVerificationException.Reason.NO_MATCHING_SIGNATURE,
                () -> v.verify(SPEC_ID, ts, "v1a," + SPEC_SIGNATURE.substring(3), SPEC_BODY));
        assertReason(WebhookVerificationException.Reason.MISSING_HEADER, () -> v.verify(null, ts, SPEC_SIGNATURE, SPEC_BODY));
        assertReason(WebhookVerificationException.Reason.MISSING_HEADER, () -> v.verify(SPEC_ID, "", SPEC_SIGNATURE, SPEC_BODY));
        assertReason(WebhookVerificationException.Reason.MISSING_HEADER, () -> v.verify(SPEC_ID, ts, null, SPEC_BODY));
        assertReason(WebhookVerificationException.Reason.BAD_TIMESTAMP, () -> v.verify(SPEC_ID, "12:00", SPEC_SIGNATURE, SPEC_BODY));
    }

    @Test
    void refusesTimestampsOutsideTheWindowBothWays() {
        WebhookSecret key = WebhookSecret.parse(SPEC_SECRET);
        long window = WebhookVerifier.DEFAULT_TOLERANCE.toSeconds();
        verifierAt(SPEC_TS + window, key).verify(SPEC_ID, "" + SPEC_TS, SPEC_SIGNATURE, SPEC_BODY);
        verifierAt(SPEC_TS - window, key).verify(SPEC_ID, "" + SPEC_TS, SPEC_SIGNATURE, SPEC_BODY);
        var e = assertReason(WebhookVerificationException.Reason.TIMESTAMP_OUT_OF_WINDOW,
                () -> verifierAt(SPEC_TS + window + 1, key).verify(SPEC_ID, "" + SPEC_TS, SPEC_SIGNATURE, SPEC_BODY));
        assertTrue(e.getMessage().contains("replay"), e.getMessage());
        assertReason(WebhookVerificationException.Reason.TIMESTAMP_OUT_OF_WINDOW,
                () -> verifierAt(SPEC_TS - window - 1, key).verify(SPEC_ID, "" + SPEC_TS, SPEC_SIGNATURE, SPEC_BODY));
        WebhookVerifier wide = WebhookVerifier.custom().secret(key).tolerance(Duration.ofHours(1))
                .clock(Clock.fixed(Instant.ofEpochSecond(SPEC_TS + 3000), ZoneOffset.UTC)).build();
        wide.verify(SPEC_ID, "" + SPEC_TS, SPEC_SIGNATURE, SPEC_BODY);
    }

    @Test
    void secretsAreValidatedAndNeverPrinted() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> WebhookSecret.parse("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
                .getMessage().contains("whsec_"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> WebhookSecret.parse("whsec_c2hvcnQ="))
                .getMessage().contains("24 to 64"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> WebhookSecret.parse("whsec_@@@"))
                .getMessage().contains("not base64"));
        WebhookSecret s = WebhookSecret.parse(SPEC_SECRET);
        assertEquals(SPEC_SECRET, s.reveal());
        assertFalse(s.toString().contains("MfKQ"));
        assertEquals(s.fingerprint(), WebhookSecret.parse(SPEC_SECRET).fingerprint());
        assertThrows(IllegalArgumentException.class, () -> WebhookVerifier.custom().build());
        assertThrows(IllegalArgumentException.class, WebhookSigner::of);
    }

    private static WebhookVerificationException assertReason(WebhookVerificationException.Reason r,
            org.junit.jupiter.api.function.Executable call) {
        WebhookVerificationException e = assertThrows(WebhookVerificationException.class, call);
        assertEquals(r, e.reason(), e.getMessage());
        return e;
    }
}
