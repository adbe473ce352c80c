package dev.sealgate.verification.blocks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.sealgate.crypto.SignatureFacts;
import dev.sealgate.formats.Inspected;
import dev.sealgate.verification.gathering.ValidationContextInitialisation;
import dev.sealgate.verification.report.ValidationReport.TimeStampReport;

/**
 * EN 319 102-1 5.6.2.3, proof of existence from time-stamps: each valid signature time-stamp proves the
 * signature existed at its time (the earliest is the best signature time); archive time-stamps are
 * taken latest first, so that a valid later one proves an earlier one (and the signature time-stamps
 * it covers) existed while its TSA certificate was still valid.
 */
final class PoeExtraction {

    /**
     * The time-stamps' reports (signature time-stamps, then archive time-stamps), the earliest proof of
     * the signature's existence, and the earliest valid archive time-stamp (proof that the validation
     * data it covers existed then), null when none holds; and when the latest valid archive
     * time-stamp's TSA certificate expires (after which a new one cannot rest on it).
     */
    record Proofs(List<TimeStampReport> timeStamps, Instant signatureExistedAt, Instant archivedAt, Instant renewBefore) {
        boolean archived() {
            return archivedAt != null;
        }
    }

    private PoeExtraction() {
    }

    static Proofs extract(SignatureFacts facts, Inspected.Context context, ValidationContextInitialisation.Material material,
            TimeStampValidation timeStamps, Instant validationTime, AlgorithmExpiry algorithms, Findings findings) {
        boolean archived = false;
        Instant archiveProof = null;
        Instant renewBefore = null;
        List<SignatureFacts.TimeStampFacts> archives = new ArrayList<>(facts.archiveTimeStamps());
        archives.addAll(context.archiveTimeStamps());
        archives.sort(Comparator.comparing(SignatureFacts.TimeStampFacts::genTime,
                Comparator.nullsFirst(Comparator.<Instant>naturalOrder())).reversed());
        List<TimeStampReport> archiveReports = new ArrayList<>();
        for (SignatureFacts.TimeStampFacts ts : archives) {
            TimeStampReport report = timeStamps.validate("ARCHIVE_TIMESTAMP", ts, material, validationTime, archiveProof);
            archiveReports.add(0, report);
            if (report.subIndication() == null) {
                if (!archived && ts.tsa() != null) {
                    // the latest valid archive time-stamp proves nothing once its unit's certificate or its algorithms expire
                    renewBefore = AlgorithmExpiry.earlier(ts.tsa().getNotAfter().toInstant(),
                            algorithms.earliest(ts.digestAlgorithm(), ts.tsa().getPublicKey(), ts.tsa().getSigAlgName()));
                }
                archived = true;
                archiveProof = ts.genTime();
            } else {
                findings.warning("TIMESTAMP_NOT_VALID", "An archive (document) time-stamp could not be validated: " + report.subIndication());
            }
        }
        List<TimeStampReport> reports = new ArrayList<>();
        Instant proofOfExistence = null;
        List<SignatureFacts.TimeStampFacts> signatureLevel = new ArrayList<>(facts.signatureTimeStamps());
        signatureLevel.addAll(context.documentTimeStamps());
        for (int i = 0; i < signatureLevel.size(); i++) {
            SignatureFacts.TimeStampFacts ts = signatureLevel.get(i);
            boolean ofTheDocument = i >= facts.signatureTimeStamps().size();
            TimeStampReport report = timeStamps.validate(ofTheDocument ? "DOCUMENT_TIMESTAMP" : "SIGNATURE_TIMESTAMP", ts, material,
                    validationTime, archiveProof);
            reports.add(report);
            boolean valid = report.subIndication() == null;
            if (valid && (proofOfExistence == null || ts.genTime().isBefore(proofOfExistence))) {
                proofOfExistence = ts.genTime();
            } else if (!valid) {
                findings.warning("TIMESTAMP_NOT_VALID", "A " + (ofTheDocument ? "document" : "signature")
                        + " time-stamp could not be validated: " + report.subIndication());
            }
        }
        if (proofOfExistence == null && archived && context.details().documentTimeStampsProveExistence()) {
            // a signature without a time-stamp of its own (in a PDF): the earliest valid time-stamp over the document proves it existed
            proofOfExistence = archiveProof;
        }
        reports.addAll(archiveReports);
        return new Proofs(reports, proofOfExistence, archived ? archiveProof : null, renewBefore);
    }
}
