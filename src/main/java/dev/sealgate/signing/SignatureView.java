package dev.sealgate.signing;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "SignatureRecord", description = "Who signed which document, when, with which key and format")
public record SignatureView(
        String id,
        @Schema(description = "ISO-8601 time the signature was made") String createdAt,
        @Schema(description = "Keycloak subject of the signer") String signerSubject,
        String signerUsername,
        String department,
        @Schema(description = "personal or seal") String key,
        @Schema(description = "Serial number (hex) of the signing certificate") String certificateSerial,
        String signatureAlgorithm,
        @Schema(description = "cades, pades or jades") String format,
        @Schema(description = "detached, enveloping or enveloped") String packaging,
        @Schema(description = "B-B, B-T, B-LT or B-LTA") String level,
        String documentName,
        String documentType,
        long documentSize,
        @Schema(description = "Hex SHA-256 of the signed document") String documentSha256,
        @Schema(description = "The client application (azp) the signer used") String client,
        @Schema(description = "How the signer had authenticated: acr (2 = password and one-time code) and auth_time") Authentication authentication,
        @Schema(description = "For a seal used with approval: the custodian who approved it, and the seal request") Approval approval,
        @Schema(description = "The audit entry that recorded the signature: its signer may ask for the proof, "
                + "GET /api/v1/audit/entries/{auditEntry}/proof") String auditEntry) {

    public record Authentication(String acr, String authTime) {
    }

    public record Approval(String approver, Authentication authentication, String sealRequest) {
    }

    static SignatureView of(SignatureRecord r) {
        return new SignatureView(r.id, r.createdAt.toString(), r.signerSubject, r.signerUsername, r.department,
                r.keyKind.name().toLowerCase(), r.certificateSerial, r.signatureAlgorithm, r.format.name().toLowerCase(),
                r.packaging.name().toLowerCase(), r.level, r.documentName, r.documentType, r.documentSize, r.documentSha256,
                r.clientAzp, r.authAcr == null && r.authTime == null ? null : new Authentication(r.authAcr, text(r.authTime)),
                r.approverUsername == null ? null : new Approval(r.approverUsername, new Authentication(r.approverAcr,
                        text(r.approverAuthTime)), r.sealRequestId), r.auditEntryId);
    }

    private static String text(java.time.Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
