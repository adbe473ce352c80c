package dev.sealgate.crypto;

/**
 * What was sent is not a signature at all (not a CMS SignedData, no signer, not a JWS, {@code alg: none}),
 * as opposed to a signature that is damaged inside, which validation reports. The message is safe to
 * show to the caller.
 */
public class MalformedSignatureException extends RuntimeException {

    public MalformedSignatureException(String message) {
        super(message);
    }
}
