package dev.sealgate.formats;

import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.List;

import dev.sealgate.crypto.SignatureFacts;

/**
 * One signature as its format's inspector found it: what cryptography established, and its document
 * context. Every format's inspector hands its signatures to the validator in this one shape.
 */
public record Inspected(SignatureFacts facts, Context context) {

    /**
     * Validation material outside the signature itself, and what the format adds.
     *
     * @param certificates       certificates the document carries beside the signature (a PDF's DSS dictionary)
     * @param archiveTimeStamps  time-stamps over the document in a later revision that cover validation data (a PDF's
     *                           document time-stamps after a DSS dictionary): archive time-stamps (EN 319 142-1 5.4)
     * @param documentTimeStamps time-stamps over the document with no validation data before them: they prove the
     *                           signature existed (B-T), not the validation data
     * @param seal               the electronic seal the signature carries, or null
     * @param details            what the format adds to the validation and the report ({@link FormatFindings#NONE} for nothing)
     */
    public record Context(String format, String field, List<X509Certificate> certificates, List<X509CRL> crls,
            List<byte[]> ocspResponses, List<SignatureFacts.TimeStampFacts> archiveTimeStamps,
            List<SignatureFacts.TimeStampFacts> documentTimeStamps, SealFacts seal, FormatFindings details) {

        public Context {
            details = details == null ? FormatFindings.NONE : details;
        }

        /** No document-level material: a CMS or JWS signature. */
        public static Context of(String format, String field) {
            return new Context(format, field, List.of(), List.of(), List.of(), List.of(), List.of(), null, FormatFindings.NONE);
        }
    }
}
