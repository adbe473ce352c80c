package dev.sealgate.verification;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import io.quarkus.narayana.jta.QuarkusTransaction;

import dev.sealgate.audit.Actor;
import dev.sealgate.audit.AuditAction;
import dev.sealgate.audit.AuditLog;
import dev.sealgate.identity.CallerResolver;
import dev.sealgate.identity.Principal;
import dev.sealgate.identity.Roles;
import dev.sealgate.support.Problem;
import dev.sealgate.support.ProblemException;
import dev.sealgate.support.ProblemType;
import dev.sealgate.support.RateLimits;
import dev.sealgate.verification.report.ReportDocument;
import dev.sealgate.verification.report.ValidationReport;

@Path("/api/v1/verifications")
@Tag(name = "verification", description = "Validate signatures and get an ETSI EN 319 102-1 style report")
public class VerificationResource {

    @Inject
    DocumentValidator validator;

    @Inject
    CallerResolver caller;

    @Inject
    ReportDocument reportDocument;

    @Inject
    RateLimits rateLimits;

    @Inject
    AuditLog audit;

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.PARTNER, Roles.CIVIL_SERVANT, Roles.AUDITOR })
    @Operation(summary = "Validate the signatures of a document",
            description = "Part 'signed': a signed PDF (PAdES), a CMS signature (CAdES detached or enveloping) or a JWS (JAdES compact or JSON). "
                    + "Part 'original': the signed document, for detached signatures.")
    @APIResponse(responseCode = "200", description = "The validation report (also when signatures fail: read 'indication')",
            content = @Content(schema = @Schema(implementation = ValidationReport.class)))
    @APIResponse(responseCode = "400", description = "No 'signed' part, or it is not a signature format SealGate knows",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "429", description = "The partner's rate limit is exhausted; see Retry-After",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ValidationReport verify(@RestForm("signed") FileUpload signed, @RestForm("original") FileUpload original,
            @jakarta.ws.rs.core.Context io.vertx.core.http.HttpServerResponse http) {
        return validate(signed, original, http);
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces("application/pdf")
    @RolesAllowed({ Roles.PARTNER, Roles.CIVIL_SERVANT, Roles.AUDITOR })
    @Operation(summary = "The same validation, as a readable PDF report (Accept: application/pdf)")
    public byte[] verifyAsPdf(@RestForm("signed") FileUpload signed, @RestForm("original") FileUpload original,
            @jakarta.ws.rs.core.Context io.vertx.core.http.HttpServerResponse http) {
        return reportDocument.render(validate(signed, original, http));
    }

    /** The report; the response names the verification's audit entry ({@link AuditLog#ENTRY_HEADER}). */
    private ValidationReport validate(FileUpload signed, FileUpload original, io.vertx.core.http.HttpServerResponse http) {
        Principal principal = caller.current();
        if (principal.partnerId() != null) {
            rateLimits.charge(RateLimits.Scope.PARTNER, principal.partnerId());
        }
        if (signed == null || signed.uploadedFile() == null) {
            throw new ProblemException(ProblemType.MISSING_PART, "Send the signature or signed document as multipart part 'signed'.");
        }
        DocumentValidator.Validated validated = validator.validateUpload(signed.uploadedFile(),
                original == null ? null : original.uploadedFile(), principal.partnerId());
        ValidationReport report = validated.report();
        String digest = validated.sha256();
        String entry = QuarkusTransaction.joiningExisting().call(() -> audit.record(Actor.of(principal, caller.clientId()),
                AuditAction.VERIFICATION_VALIDATE, "document", null, digest, report.indication().name()).id);
        http.putHeader(AuditLog.ENTRY_HEADER, entry);
        return report;
    }
}
