package dev.sealgate.pki;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.sealgate.audit.Actor;
import dev.sealgate.audit.AuditAction;
import dev.sealgate.audit.AuditLog;
import dev.sealgate.identity.CallerResolver;
import dev.sealgate.identity.Principal;
import dev.sealgate.identity.Roles;
import dev.sealgate.support.ProblemException;
import dev.sealgate.support.ProblemType;

@Path("/api/v1/certificates/{serial}/revocation")
@Tag(name = "pki")
public class CertificateResource {

    @Schema(description = "Why the certificate is revoked")
    public record RevocationRequest(@Schema(description = "RFC 5280 reason", example = "keyCompromise") RevocationReason reason) {
    }

    @Schema(description = "A revoked certificate")
    public record RevocationResult(String serial, String subject, String revokedAt, String reason) {
    }

    @Inject
    CertificateAuthority ca;

    @Inject
    CallerResolver caller;

    @Inject
    AuditLog audit;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.AUDITOR)
    @Transactional
    @Operation(summary = "Revoke a certificate issued by SealGate's CA (auditor)")
    public RevocationResult revoke(@PathParam("serial") String serial, RevocationRequest request) {
        if (request == null || request.reason() == null) {
            throw new ProblemException(ProblemType.INVALID_PARAMETER, "A revocation reason is required.");
        }
        Principal auditor = caller.current();
        boolean wasRevoked = ca.isRevoked(serial);
        IssuedCertificate revoked = ca.revoke(serial, request.reason(), auditor.username());
        audit.record(Actor.of(auditor, caller.clientId()), AuditAction.CERTIFICATE_REVOKE, "certificate", revoked.serial, null,
                wasRevoked ? "already-revoked" : "revoked");
        return new RevocationResult(revoked.serial, revoked.subjectDn, revoked.revokedAt.toString(),
                labelOf(revoked.revocationReason));
    }

    private static String labelOf(Integer code) {
        for (RevocationReason reason : RevocationReason.values()) {
            if (code != null && reason.code() == code) {
                return reason.label();
            }
        }
        return "unspecified";
    }
}
