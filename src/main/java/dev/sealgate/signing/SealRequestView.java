package dev.sealgate.signing;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "SealRequest", description = "A request to use a department's seal, waiting for or decided by its custodian (用印审批)")
public record SealRequestView(
        String id,
        @Schema(description = "pending, approved (being sealed), signed, rejected or expired") String state,
        String department,
        @Schema(description = "The civil servant who asked") Person requester,
        @Schema(description = "What the seal is for (用印事由)") String purpose,
        Document document,
        @Schema(description = "The signature asked for, e.g. format=pades&packaging=enveloped&level=B-T&key=seal&appearance=visible")
        String options,
        String createdAt,
        @Schema(description = "Undecided by then, the request expires and its document is deleted; a sealed result is kept until then")
        String expiresAt,
        String decidedAt,
        @Schema(description = "The custodian who approved or rejected it") String decidedBy,
        @Schema(description = "Why it was rejected") String reason,
        @Schema(description = "Once signed: the signature record") String signature,
        @Schema(description = "Once signed: where the requester fetches the sealed document") String result,
        @Schema(description = "The audit entry of the latest step taken (made, approved, rejected): whoever took it may ask for its "
                + "proof, GET /api/v1/audit/entries/{auditEntry}/proof") String auditEntry) {

    public record Person(String username, String name) {
    }

    public record Document(String name, String type, long size, String sha256) {
    }

    static SealRequestView of(SealRequest r) {
        boolean signed = r.state == SealRequest.State.SIGNED;
        return new SealRequestView(r.id, r.state.name().toLowerCase(), r.department, new Person(r.requesterUsername, r.requesterName),
                r.purpose, new Document(r.documentName, r.documentType, r.documentSize, r.documentSha256), r.options, r.createdAt.toString(),
                r.expiresAt.toString(), r.decidedAt == null ? null : r.decidedAt.toString(), r.deciderUsername, r.reason,
                signed ? "/api/v1/signatures/" + r.signatureId : null, signed ? "/api/v1/seal-requests/" + r.id + "/document" : null, r.auditEntryId);
    }
}
