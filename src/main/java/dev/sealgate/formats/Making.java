package dev.sealgate.formats;

import java.time.Instant;
import java.util.function.Function;

import dev.sealgate.crypto.SignerKey;

/**
 * One signature to make: the request, the key, the electronic seal (the DER {@code SESeal}) for a format that seals
 * with one, the visible mark's content once the signing time is known (null for none), the signing time, and the
 * service's part.
 */
public record Making(SignatureRequest request, SignerKey key, byte[] seal, Function<Instant, Appearance> appearance, Instant now,
        SigningServices services) {
}
