package dev.sealgate.sharing;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.sealgate.audit.Actor;
import dev.sealgate.audit.AuditLog;
import dev.sealgate.identity.CallerResolver;
import dev.sealgate.identity.Principal;
import dev.sealgate.identity.Roles;
import dev.sealgate.support.RateLimits;

@Path("/api/v1/shares")
@Tag(name = "sharing")
public class ShareResource {

    /** The response header naming the release's audit entry. */
    public static final String AUDIT_ENTRY = AuditLog.ENTRY_HEADER;


    @Inject
    Releases releases;

    @Inject
    CallerResolver caller;

    @Inject
    RateLimits rateLimits;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({ "application/jose", "application/pkcs7-mime" })
    @RolesAllowed(Roles.PARTNER)
    @Operation(summary = "Receive a citizen record, minimised for the stated purpose and sealed",
            description = "Body: dataset, nationalId, purpose, caseReference. Returns a JAdES (compact JWS, application/jose) sealed by the owning "
                    + "department (CAdES enveloping, application/pkcs7-mime, when the department's seal is SM2), carrying policy id@version, purpose, legal basis, recipient and time. Every release is logged "
                    + "for the citizen. No policy for the purpose → 403; unknown subject → 404; over the partner's rate limit → 429. "
                    + "For a lawful secret enquiry, hiddenUntil (ISO-8601 date or instant) and hiddenReason keep the release out of "
                    + "the citizen's view until that date, if the policy's purpose has a confidentiality clause and within its "
                    + "maximum (else 403 confidentiality-not-allowed or 400). The " + AUDIT_ENTRY + " header names the audit entry of the "
                    + "release: GET /api/v1/audit/entries/{id}/proof proves it is in the signed audit log.")
    public jakarta.ws.rs.core.Response share(Releases.ShareRequest request) {
        Principal partner = caller.current();
        rateLimits.charge(RateLimits.Scope.PARTNER, partner.partnerId());
        Releases.Sealed sealed = releases.release(partner.partnerId(), Actor.of(partner, caller.clientId()), request);
        return jakarta.ws.rs.core.Response.ok(sealed.bytes(), sealed.mediaType()).header(AUDIT_ENTRY, sealed.auditEntry()).build();
    }
}
