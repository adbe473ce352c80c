package dev.sealgate.verification.blocks;

import dev.sealgate.crypto.SignatureFacts;
import dev.sealgate.formats.Inspected;
import dev.sealgate.verification.report.SubIndication;

/**
 * EN 319 102-1 5.2.2, format checking: the signature can be read as its format requires, and for a
 * PDF, no later revision made a change that no revision may make (pages added or removed, the
 * signature dictionary altered: EU DSS's PdfPageDifference and PdfSignatureDictionary).
 */
final class FormatChecking {

    private FormatChecking() {
    }

    static Conclusion check(SignatureFacts facts, Inspected.Context context, Findings findings) {
        if (!facts.parsed()) {
            findings.error("FORMAT_FAILURE", facts.formatProblem());
            return Conclusion.failed(SubIndication.FORMAT_FAILURE);
        }
        if (context.details().forbiddenChange() != null) {
            findings.error("FORMAT_FAILURE", context.details().forbiddenChange());
            return Conclusion.failed(SubIndication.FORMAT_FAILURE);
        }
        return Conclusion.PASSED;
    }
}
