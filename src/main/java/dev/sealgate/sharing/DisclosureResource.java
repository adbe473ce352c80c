package dev.sealgate.sharing;

import java.time.Instant;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sealgate.audit.AuditEntry;
import dev.sealgate.identity.CallerResolver;
import dev.sealgate.identity.ResidentId;
import dev.sealgate.identity.Roles;
import dev.sealgate.privacy.PrivacyGate;
import dev.sealgate.support.ProblemException;
import dev.sealgate.support.ProblemType;

@Path("/api/v1/me/disclosures")
@Tag(name = "sharing")
public class DisclosureResource {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Schema(name = "DisclosureEntry", description = "Who received which of your data, when and why")
    public record Entry(String recipient, String dataset, String purpose, String legalBasis, String caseReference,
            String policy, JsonNode fieldsReleased, JsonNode fieldsWithheld, String releasedAt,
            @Schema(description = "The audit entry that recorded this release: GET /api/v1/audit/entries/{auditEntry}/proof "
                    + "proves it is in the signed audit log") String auditEntry,
            @Schema(description = "Whether this row still says what the signed audit log recorded: matches, altered (changed after "
                    + "the release was logged: tell the data protection officer), not-logged, or logged-before-details-were-bound "
                    + "(released before the log bound these details: it proves the recipient, time and sealed release only)")
            String auditLog) {
    }

    static String nationalId(JsonWebToken token) {
        Object claim = token.getClaim("national_id");
        return claim == null ? null : claim.toString().replace("\"", "");
    }

    @Inject
    CallerResolver caller;

    @Inject
    JsonWebToken token;

    @Inject
    PrivacyGate gate;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.CITIZEN)
    @Operation(summary = "My disclosure log", description = "Releases of my data to partner agencies, newest first; entries hidden for a lawful enquiry appear once their date has passed.")
    public List<Entry> mine(@QueryParam("page") @DefaultValue("0") int page, @QueryParam("size") @DefaultValue("20") int size) {
        caller.current();
        String nationalId = nationalId(token);
        if (!ResidentId.isValid(nationalId)) {
            throw new ProblemException(ProblemType.FORBIDDEN, "Your account has no national ID bound to it.");
        }
        if (page < 0 || size < 1 || size > 100) {
            throw new ProblemException(ProblemType.INVALID_PARAMETER, "page >= 0 and 1 <= size <= 100.");
        }
        List<Disclosure> visible = Disclosure.visibleTo(gate.subjectKey(nationalId), Instant.now(), page, size);
        java.util.Map<String, AuditEntry> entries = DisclosureAudit.entriesOf(visible);
        return visible.stream().map(d -> {
            try {
                return new Entry(d.recipient, d.dataset, d.purpose, d.legalBasis, d.caseReference, d.policyRef,
                        JSON.readTree(d.fieldsReleased), JSON.readTree(d.fieldsWithheld), d.releasedAt.toString(), d.auditEntryId,
                        DisclosureAudit.match(d, d.auditEntryId == null ? null : entries.get(d.auditEntryId)).value);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }
}
