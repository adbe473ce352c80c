package dev.sealgate.crypto;

/** A key store or algorithm failure; the message names the store and alias, never key material. */
public class CryptoException extends RuntimeException {

    public CryptoException(String message) {
        super(message);
    }

    public CryptoException(String message, Throwable cause) {
        super(message, cause);
    }
}
