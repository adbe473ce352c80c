package dev.sealgate.formats;

import java.time.Instant;
import java.util.List;

import dev.sealgate.crypto.SignatureFacts;

/**
 * What a format adds to the validation of one of its signatures, beyond {@link SignatureFacts}: the
 * questions the format-free validator asks of every signature, each answered by the format that knows (a PDF's
 * byte coverage, an OFD package's protected files), and what the format adds to the report. The report carries
 * the findings' own properties (JSON fields of the implementing record) beside the core's.
 *
 * <p>A format with nothing to add uses {@link #NONE}.
 */
public interface FormatFindings {

    /** Nothing beyond the signature itself (a CMS or JWS signature). */
    FormatFindings NONE = new FormatFindings() {
    };

    /** A finding with a stable code, for the report. */
    record Note(String code, String text) {
    }

    /**
     * Signed data of the document that no longer is what the signature protects, checked before anything else
     * (EN 319 102-1 5.2.7: integrity of the signed data objects): a {@code HASH_FAILURE} with this text, or null.
     */
    default String changedContent() {
        return null;
    }

    /** A change after signing that the format forbids: a {@code FORMAT_FAILURE} with this text (EN 319 102-1 5.2.2), or null. */
    default String forbiddenChange() {
        return null;
    }

    /**
     * The signing time the signer claims, given what the signature states ({@code inSignature}): by default that; a
     * format that keeps the claim elsewhere (a PDF's /M) answers from there.
     */
    default Instant claimedSigningTime(Instant inSignature) {
        return inSignature;
    }

    /** Whether the document's own time-stamps over the signature (a PDF's document time-stamps) prove it existed. */
    default boolean documentTimeStampsProveExistence() {
        return false;
    }

    /**
     * Whether the AdES rule that the claimed signing time lie within the signer's certificate applies (EU DSS's
     * SigningTimeInCertRange); a format judging its stated time otherwise (a GB/T 38540 seal's) says no.
     */
    default boolean claimedTimeWithinCertificate() {
        return true;
    }

    /** Whether the format has the AdES baseline levels (B-B to B-LTA) a reader should be shown. */
    default boolean baselineLevels() {
        return true;
    }

    /** Warnings about the document around the signature (what it does not protect, later changes). */
    default List<Note> warnings() {
        return List.of();
    }

    /** Lines for the printed report, in English. */
    default List<String> reportLines() {
        return List.of();
    }
}
