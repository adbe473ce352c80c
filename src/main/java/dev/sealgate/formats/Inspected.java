package dev.sealgate.formats;

import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.List;

import dev.sealgate.crypto.SignatureFacts;
import dev.sealgate.formats.ofd.OfdCoverage;
import dev.sealgate.formats.ofd.SealFacts;
import dev.sealgate.formats.pades.PdfCoverage;

/**
 * One signature as its format's inspector found it: what cryptography established, and its document
 * context. Every format's inspector hands its signatures to the validator in this one shape.
 */
public record Inspected(SignatureFacts facts, Context context) {

    /** Validation material outside the signature itself: a PDF's DSS dictionary, the PDF byte coverage. */
    public record Context(String format, String field, List<X509Certificate> certificates, List<X509CRL> crls,
            List<byte[]> ocspResponses, PdfCoverage pdf, List<SignatureFacts.TimeStampFacts> archiveTimeStamps,
            List<SignatureFacts.TimeStampFacts> documentTimeStamps, SealFacts seal, OfdCoverage ofd) {

        /**
         * @param archiveTimeStamps  PAdES document time-stamps in a later revision that cover validation data (a DSS
         *                           dictionary): archive time-stamps (EN 319 142-1 5.4)
         * @param documentTimeStamps PAdES document time-stamps in a later revision with no validation data before
         *                           them: they prove the signature existed (B-T), not the validation data
         * @param seal               the electronic seal of an OFD signature, or null
         * @param ofd                what an OFD signature protects of its package, or null
         */
        public Context {
        }

        /** No document-level material: a CMS or JWS signature. */
        public static Context of(String format, String field) {
            return new Context(format, field, List.of(), List.of(), List.of(), null, List.of(), List.of(), null, null);
        }

        /** An OFD signature's context: its electronic seal (null for a signature without one), what it protects. */
        public static Context ofd(String field, SealFacts seal, OfdCoverage coverage) {
            return new Context("OFD", field, List.of(), List.of(), List.of(), null, List.of(), List.of(), seal, coverage);
        }
    }
}
