package dev.sealgate.formats;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;

import dev.sealgate.crypto.DocumentDigest;
import dev.sealgate.crypto.SignerKey;
import dev.sealgate.crypto.TimeStampSource;
import dev.sealgate.support.ProblemException;
import dev.sealgate.support.SigningSettings;

/**
 * What a format plug-in needs from the service to make or extend a signature, provided by the signing layer: the
 * time-stamp unit, validation data, and memory-bounded spools for the document and what is made of it.
 */
public interface SigningServices {

    /** The time-stamp unit's tokens (RFC 3161). */
    TimeStampSource timeStamps();

    /** The time-stamp unit's certificate and its chain. */
    List<X509Certificate> tsaChain();

    /** What a validator needs for B-LT of a signature made with {@code key}: every certificate up to the root, fresh OCSP answers, the root's CRL. */
    ValidationData validationData(SignerKey key);

    /**
     * For every subject of {@code needs}: the path to a trust anchor and revocation data for each certificate on it below
     * the anchor, or {@code 422 validation-data-unavailable}: a B-LT a validator could not use is not written.
     */
    ValidationData prove(ValidationNeeds needs);

    /** A spool for an intermediate or final object: in memory within the configured limits, else in the work directory. */
    Spool newSpool() throws IOException;

    SigningSettings limits();

    /**
     * The document read once, and its digest; {@code document} null when it was not kept. {@code readAt}, when the last
     * byte arrived, is the signing time: a slow upload does not make the claimed time earlier than the signing.
     */
    record Read(Spool document, DocumentDigest digest, Instant readAt) {
    }

    /**
     * Reads the document to sign once: its digest with {@code digestAlgorithm} (an OID, as {@link DocumentDigest} takes it) and, when
     * {@code keep}, its bytes in a spool held in memory up to {@code inMemory} bytes ({@code <= 0}: the configured
     * limit). More than {@code limit} bytes is {@code tooLarge}; none is {@code 400 empty-document}. Nothing is left
     * behind on failure.
     */
    Read read(InputStream body, ASN1ObjectIdentifier digestAlgorithm, boolean keep, long limit, int inMemory, Supplier<ProblemException> tooLarge)
            throws IOException;

    /** A signature extended in memory, up to the configured size ({@code 413} beyond). */
    byte[] readBounded(Path signed) throws IOException;
}
