package org.entryguard.regulator.console;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PBKDF2-HMAC-SHA256 password hashes in the form {@code pbkdf2-sha256:<iterations>:<salt b64>:<hash b64>}:
 * the JDK's own, so the console needs no crypto library, and the iteration count travels with the hash so it can be
 * raised later without invalidating old ones.
 */
final class Passwords {
    static final String PREFIX = "pbkdf2-sha256";
    /** OWASP's 2023 figure for PBKDF2-HMAC-SHA256. */
    static final int DEFAULT_ITERATIONS = 600_000;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Passwords() {
    }

    static String hash(char[] password, int iterations) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] hash = derive(password, salt, iterations);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return PREFIX + ":" + iterations + ":" + b64.encodeToString(salt) + ":" + b64.encodeToString(hash);
    }

    /** A parsed hash; {@link #matches} takes as long for a wrong password as for a right one. */
    record Hash(int iterations, byte[] salt, byte[] hash) {
        boolean matches(char[] password) {
            return MessageDigest.isEqual(hash, derive(password, salt, iterations));
        }
    }

    /**
     * Parses a stored hash.
     *
     * @throws IllegalArgumentException naming what is wrong (never echoing the hash itself)
     */
    static Hash parse(String text) {
        String[] parts = text.split(":", -1);
        if (parts.length != 4 || !parts[0].equals(PREFIX)) {
            throw new IllegalArgumentException("not a console password hash: expected " + PREFIX
                    + ":<iterations>:<salt>:<hash>; make one with Console.hashPassword");
        }
        int iterations;
        try {
            iterations = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("iteration count is not a number");
        }
        if (iterations < 1_000) {
            throw new IllegalArgumentException("iteration count " + iterations + " is below 1000; hash again with"
                    + " Console.hashPassword");
        }
        try {
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] hash = Base64.getDecoder().decode(parts[3]);
            if (salt.length < 8 || hash.length < 16) {
                throw new IllegalArgumentException("salt or hash too short");
            }
            return new Hash(iterations, salt, hash);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("salt or hash is not valid base64 of the right length");
        }
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 missing from this JDK", e);
        } finally {
            spec.clearPassword();
        }
    }
}
