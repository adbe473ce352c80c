package dev.sealgate.verification.report;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;

import dev.sealgate.formats.BaselineLevel;
import dev.sealgate.formats.FormatFindings;
import dev.sealgate.formats.SealFacts;

/** The answer to a verification request, in the vocabulary of ETSI EN 319 102-1. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "ValidationReport", description = "Validation report: a verdict for the document and one report per signature")
public record ValidationReport(
        @Schema(description = "Worst indication over all signatures: TOTAL_PASSED, INDETERMINATE or TOTAL_FAILED") Indication indication,
        @Schema(description = "CAdES, PAdES, JAdES or OFD, as recognised from the content") String documentFormat,
        @Schema(description = "ISO-8601 time of validation") String validationTime,
        @Schema(description = "The validation policy applied") String policy,
        @Schema(description = "Whether revocation data was fetched online or only embedded data was used") String revocationMode,
        List<SignatureReport> signatures,
        @Schema(description = "Problems with the document as a whole (stable codes)") List<Message> errors) {

    /** The verdict in words, Chinese and English, as the public pages and the PDF report say it. */
    @com.fasterxml.jackson.annotation.JsonProperty("verdict")
    @Schema(description = "The verdict in words, as the public pages and the PDF report say it", example = "有效 / Valid")
    public String verdict() {
        return indication == null ? null : indication.words();
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "SignatureReport")
    public record SignatureReport(
            @Schema(description = "Position of the signature in the document, from 1") int number,
            @Schema(description = "Signature field name (PAdES)") String field,
            Indication indication,
            @Schema(description = "EN 319 102-1 sub-indication when not TOTAL_PASSED") SubIndication subIndication,
            @Schema(description = "CAdES, PAdES, JAdES or OFD") String format,
            @Schema(description = "B-B, B-T, B-LT or B-LTA", implementation = String.class) BaselineLevel level,
            String signatureAlgorithm,
            String digestAlgorithm,
            Signer signer,
            @Schema(description = "Signing time claimed by the signer (not proof)") String claimedSigningTime,
            @Schema(description = "Earliest time the signature provably existed (a valid time-stamp), else the validation time") String bestSignatureTime,
            @Schema(description = "For B-LTA: when the latest archive time-stamp stops proving anything (its TSA certificate"
                    + " expires); add a further archive time-stamp before then") String renewBefore,
            List<TimeStampReport> timestamps,
            @Schema(description = "Signer first, trust anchor last") List<CertificateReport> chain,
            @Schema(description = "For a signature with an electronic seal: the seal, its maker and validity") SealFacts seal,
            @Schema(hidden = true) @JsonUnwrapped FormatFindings details,
            List<Message> errors,
            List<Message> warnings) {

        /** This signature's verdict in words, Chinese and English. */
        @com.fasterxml.jackson.annotation.JsonProperty("verdict")
        @Schema(description = "The signature's verdict in words", example = "有效 / Valid")
        public String verdict() {
            return indication == null ? null : indication.words();
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "Signer")
    public record Signer(String subject, String issuer, String serial,
            @Schema(description = "The Keycloak subject when SealGate issued the certificate") String keycloakSubject,
            @Schema(description = "personal or seal, when SealGate issued the certificate") String keyKind,
            String department,
            @Schema(description = "When SealGate made the signature: how the signer had authenticated, and who approved a seal")
            Authorisation authorisation) {

        public Signer(String subject, String issuer, String serial, String keycloakSubject, String keyKind, String department) {
            this(subject, issuer, serial, keycloakSubject, keyKind, department, null);
        }

        public Signer with(Authorisation authorisation) {
            return new Signer(subject, issuer, serial, keycloakSubject, keyKind, department, authorisation);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "Authorisation", description = "The authentication that authorised a signature SealGate made (RFC 9470 step-up)")
    public record Authorisation(
            @Schema(description = "The signer's acr: 1 a password, 2 a password and a one-time code") String acr,
            @Schema(description = "When the signer had authenticated (auth_time)") String authTime,
            @Schema(description = "For a seal used with approval: the custodian who approved it") String approvedBy,
            String approverAcr,
            String approverAuthTime) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "TimeStampReport")
    public record TimeStampReport(String type, String time, String tsa, Indication indication, SubIndication subIndication) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "CertificateReport")
    public record CertificateReport(String subject, String issuer, String serial, String notBefore, String notAfter,
            boolean trustAnchor, Revocation revocation) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "Revocation")
    public record Revocation(
            @Schema(description = "good, revoked, unknown, not-checked (trust anchor or OCSP no-check) or unavailable") String status,
            @Schema(description = "embedded-ocsp, embedded-crl, ocsp or crl") String source,
            String producedAt, String thisUpdate, String nextUpdate,
            @Schema(description = "Whether the evidence was still current at validation time") Boolean fresh,
            String revokedAt, Integer reason) {
    }

    @Schema(name = "Message")
    public record Message(@Schema(description = "Stable code") String code, String text) {
    }
}
