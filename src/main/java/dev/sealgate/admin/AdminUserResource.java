package dev.sealgate.admin;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.narayana.jta.QuarkusTransaction;

import dev.sealgate.audit.Actor;
import dev.sealgate.audit.AuditAction;
import dev.sealgate.audit.AuditLog;
import dev.sealgate.identity.CallerResolver;
import dev.sealgate.identity.DirectoryUser;
import dev.sealgate.identity.Principal;
import dev.sealgate.identity.ResidentId;
import dev.sealgate.identity.Roles;
import dev.sealgate.identity.UserDirectory;
import dev.sealgate.privacy.PrivacyGate;
import dev.sealgate.support.Problem;
import dev.sealgate.support.ProblemException;
import dev.sealgate.support.ProblemType;

@Path("/api/v1/admin/users")
@Tag(name = "identity")
public class AdminUserResource {

    @Inject
    UserDirectory directory;

    @Inject
    CallerResolver caller;

    @Inject
    PrivacyGate gate;

    @Inject
    AuditLog audit;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.AUDITOR)
    @Operation(summary = "Find the Keycloak user bound to a national ID",
            description = "Searches the realm's users by their nationalId attribute through the gateway's service account.")
    @APIResponse(responseCode = "200", description = "The matching users (normally one)",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = DirectoryUser.class)))
    @APIResponse(responseCode = "400", description = "Not a valid 18-character resident ID",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No user carries that national ID",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Keycloak did not answer",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public List<DirectoryUser> findByNationalId(
            @Parameter(description = "18-character resident identity number", required = true)
            @QueryParam("nationalId") String nationalId) {
        Principal auditor = caller.current();
        if (!ResidentId.isValid(nationalId)) {
            throw new ProblemException(ProblemType.INVALID_NATIONAL_ID,
                    "nationalId must be an 18-character resident ID with a valid date and check character.");
        }
        List<DirectoryUser> users = directory.findByNationalId(nationalId.toUpperCase());
        if (users.isEmpty()) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No user carries that national ID.");
        }
        // the citizen is named by the keyed HMAC of the national ID, never the ID itself
        QuarkusTransaction.joiningExisting().run(() -> audit.record(Actor.of(auditor, caller.clientId()),
                AuditAction.ADMIN_USER_LOOKUP, "citizen", gate.subjectKey(nationalId), null, "found"));
        return users;
    }
}
