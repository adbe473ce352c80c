package dev.sealgate.formats;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import dev.sealgate.crypto.MalformedSignatureException;
import dev.sealgate.crypto.SignatureFacts;
import dev.sealgate.support.ProblemException;
import dev.sealgate.support.ProblemType;

/**
 * One signature format as a plug-in: what the format-free core asks of a format, implemented once per format in its
 * own folder under {@code formats} and collected by CDI ({@link DocumentFormats}). Nothing outside the plug-ins
 * chooses by format: a new format is its folder (this interface implemented, as an {@code @ApplicationScoped} bean)
 * and its constant in {@link SignatureFormat.Format} (what the API's {@code format} parameter and a signature record
 * name).
 */
public interface DocumentFormat {

    /**
     * Who a format is.
     *
     * @param id           which format (the API's and the record's name for it)
     * @param name         its name in a validation report (CAdES, PAdES, JAdES, OFD)
     * @param documentKind what its documents are called on a page that counts their pages ("PDF", "OFD")
     * @param describedAs  what its documents are, for the message refusing an unrecognised upload ("a PDF")
     * @param order        where it is tried on an upload (formats' signs are disjoint; the order makes the choice stable)
     */
    record Identity(SignatureFormat.Format id, String name, String documentKind, String describedAs, int order) {
    }

    Identity identity();

    default SignatureFormat.Format id() {
        return identity().id();
    }

    default String name() {
        return identity().name();
    }

    /** Whether {@code document} is of this format, from its first bytes (its content, never a file name or media type). */
    boolean recognises(byte[] document);

    /**
     * Every signature the document carries, each with what its validation needs from the document; a signature
     * that cannot be read is returned as {@link SignatureFacts#unparseable}, not thrown.
     *
     * @param original the signed content of a detached signature, or null
     * @throws MalformedSignatureException when the document as a whole is not readable as this format
     */
    List<Inspected> inspect(byte[] document, Path original) throws MalformedSignatureException;

    /** What parsing {@code document} holds in memory beyond its bytes (a PDF's objects), for the verification budget. */
    default long parsingCost(byte[] document) {
        return 0;
    }

    /** The packaging a request names none of. */
    SignatureFormat.Packaging defaultPackaging();

    /** Whether this format makes signatures in {@code packaging} at {@code level}. */
    boolean makes(SignatureFormat.Packaging packaging, BaselineLevel level);

    /** Which key a signature of this format is made with. */
    enum KeyUse {
        /** The caller's key of the requested kind (personal or the department's seal), whatever its algorithm. */
        CALLERS,
        /** The caller's personal SM2 key (GM/T 0003). */
        PERSONAL_SM2,
        /** The department's electronic seal (GB/T 38540 {@code SESeal}) and the SM2 key whose certificate it lists. */
        ELECTRONIC_SEAL
    }

    /** The key a signature of {@code kind} is made with in this format. */
    default KeyUse keyUse(SignatureFormat.KeyKind kind) {
        return KeyUse.CALLERS;
    }

    /** Whether a request without {@code format} in {@code mediaType} is signed in this format. */
    default boolean signsMediaType(String mediaType) {
        return false;
    }

    /** Whether this format signs any file: it takes what no other format's media type names. */
    default boolean signsAnyFile() {
        return false;
    }

    /**
     * Why this format does not make a signature in {@code packaging} at {@code level} with a key of {@code kind}, for the
     * caller; null when it does.
     */
    default String refusal(SignatureFormat.Packaging packaging, BaselineLevel level, SignatureFormat.KeyKind kind) {
        return makes(packaging, level) ? null : id().name().toLowerCase(Locale.ROOT) + " does not support "
                + packaging.name().toLowerCase(Locale.ROOT) + " packaging at level " + level.label() + ".";
    }

    /** Whether the caller chooses between a visible and an invisible signature ({@code appearance}). */
    default boolean optionallyVisible() {
        return false;
    }

    /** Whether a signature with a key of {@code kind} always shows a mark on a page (an electronic seal's picture). */
    default boolean alwaysVisible(SignatureFormat.KeyKind kind) {
        return false;
    }

    /** Whether the signature shows the public check address as a QR code beside its mark. */
    default boolean showsCheckCode(SignatureRequest request) {
        return false;
    }

    /**
     * Reads the document from {@code body} once and makes the signed object; records nothing. Every spool it made is
     * discarded when it fails.
     */
    Produced make(Making making, InputStream body) throws IOException;

    /**
     * Extends a validated signature of this format to {@code extending.target()}: {@code 400} when the format is not
     * extended.
     */
    default Produced extend(Extending extending) throws IOException, MalformedSignatureException {
        throw new ProblemException(ProblemType.UNSUPPORTED_SIGNATURE_PARAMETERS,
                name() + " signatures cannot be extended.");
    }
}
