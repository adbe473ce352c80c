package dev.sealgate.privacy;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;

import dev.sealgate.identity.CallerResolver;
import dev.sealgate.identity.Roles;
import dev.sealgate.support.ProblemException;
import dev.sealgate.support.ProblemType;

@Path("/api/v1/privacy/preview")
@Tag(name = "privacy", description = "Policy-driven minimisation of citizen data shared with partners")
public class PreviewResource {

    @Schema(description = "A record and the release to preview")
    public record PreviewRequest(@Schema(description = "Partner client id", example = "partner-tax-bureau") String partner,
            @Schema(example = "business-licence") String dataset,
            @Schema(example = "tax-registration") String purpose,
            @Schema(description = "The record as the department holds it") JsonNode record) {
    }

    @Schema(description = "What would be released, field by field")
    public record Preview(@Schema(description = "Policy id@version") String policy, String legalBasis, JsonNode released,
            List<PrivacyFilter.FieldDecision> fields) {
    }

    @Inject
    PrivacyGate gate;

    @Inject
    CallerResolver caller;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.CIVIL_SERVANT)
    @Operation(summary = "Preview a release", description = "Applies the partner's policy for the purpose to the record without releasing or logging anything.")
    public Preview preview(PreviewRequest request) {
        caller.current();
        if (request == null || request.partner() == null || request.dataset() == null || request.purpose() == null
                || request.record() == null || !request.record().isObject()) {
            throw new ProblemException(ProblemType.INVALID_PARAMETER, "partner, dataset, purpose and a record object are required.");
        }
        PrivacyGate.Release release = gate.filter(request.partner(), request.dataset(), request.purpose(), request.record());
        return new Preview(release.policy().reference(), release.legalBasis(), release.filtered().released(),
                release.filtered().decisions());
    }
}
