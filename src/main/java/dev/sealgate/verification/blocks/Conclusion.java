package dev.sealgate.verification.blocks;

import dev.sealgate.verification.report.Indication;
import dev.sealgate.verification.report.SubIndication;

/** The outcome of one EN 319 102-1 building block: an indication and, unless it passed, a sub-indication. */
record Conclusion(Indication indication, SubIndication subIndication) {

    static final Conclusion PASSED = new Conclusion(Indication.TOTAL_PASSED, null);

    /** No revocation data for a certificate on the path (what EU DSS 6.4 answers, X.509 certificate validation). */
    static final Conclusion NO_REVOCATION_DATA = new Conclusion(Indication.INDETERMINATE, SubIndication.CERTIFICATE_CHAIN_GENERAL_FAILURE);

    static Conclusion failed(SubIndication subIndication) {
        return new Conclusion(Indication.TOTAL_FAILED, subIndication);
    }

    static Conclusion indeterminate(SubIndication subIndication) {
        return new Conclusion(Indication.INDETERMINATE, subIndication);
    }

    boolean passed() {
        return indication == Indication.TOTAL_PASSED;
    }
}
