package dev.sealgate.formats;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.function.Function;

import dev.sealgate.crypto.DocumentDigest;
import dev.sealgate.crypto.SignerKey;

/**
 * One signature to make: the request, the key, the electronic seal (the DER {@code SESeal}) for a format that seals
 * with one, the visible mark's content once the signing time is known (null for none), and the service's part. The
 * signing time is when the document has been read ({@link SigningServices.Read#readAt}).
 */
public record Making(SignatureRequest request, SignerKey key, byte[] seal, Function<Instant, Appearance> appearance,
        SigningServices services) {

    /** What writing a signature into its document gave: the document's pages, whether it shows the check code. */
    public record Written(int pages, boolean checkable) {
    }

    /** Writes the signed document from the document read, signed at {@code now}. */
    @FunctionalInterface
    public interface Envelope {
        Written write(Spool document, Instant now, OutputStream out) throws IOException;
    }

    /**
     * An enveloped signature: the document read once and kept (its SHA-256 for the record; the format hashes its own
     * signed bytes), the signed document written by {@code envelope} into a new spool; the copy of the document is
     * always freed, the output too when writing fails.
     */
    public Produced envelop(InputStream body, String mediaType, Envelope envelope) throws IOException {
        SigningServices.Read read = services.read(body, DocumentDigest.SHA256, true, services.limits().maxDocumentSize().asLongValue(), 0,
                null);
        Spool output = null;
        try {
            output = services.newSpool();
            Written written;
            try (OutputStream out = output) {
                written = envelope.write(read.document(), read.readAt(), out);
            }
            return new Produced(output, mediaType, read.digest(), read.readAt(), written.pages(), written.checkable());
        } catch (IOException | RuntimeException e) {
            if (output != null) {
                output.discard();
            }
            throw e;
        } finally {
            read.document().discard();
        }
    }
}
