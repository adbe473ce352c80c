package dev.sealgate.formats;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;

import dev.sealgate.crypto.DocumentDigest;

/**
 * A signed object, with the document's digest and the signing time: in memory when it is small, in a temporary file
 * otherwise; {@link #discard()} frees either.
 *
 * @param pages     the signed document's page count, for a format with pages (0 otherwise)
 * @param checkable whether it shows the public check address (a QR code) as asked
 */
public record Produced(Spool output, String mediaType, DocumentDigest digest, Instant signedAt, int pages, boolean checkable) {

    public Produced(Spool output, String mediaType, DocumentDigest digest, Instant signedAt) {
        this(output, mediaType, digest, signedAt, 0, false);
    }

    public void writeTo(OutputStream out) throws IOException {
        output.writeTo(out);
    }

    public byte[] bytes() throws IOException {
        return output.bytes();
    }

    /** Whether the signed object is in memory (no temporary file). */
    public boolean inMemory() {
        return output.inMemory();
    }

    /** Removes the temporary file, if there is one. */
    public void discard() {
        output.discard();
    }
}
