package dev.sealgate.identity;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.sealgate.support.Problem;

@Path("/api/v1/me")
@Tag(name = "identity", description = "Who the caller is")
public class MeResource {

    @Inject
    CallerResolver caller;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.CITIZEN, Roles.CIVIL_SERVANT, Roles.PARTNER, Roles.AUDITOR })
    @Operation(summary = "Who the token says you are",
            description = "Subject, username, kind, SealGate roles, department (civil servants), partner id (partners) and, for citizens, whether a national ID is bound to the account. The national ID itself is never returned.")
    @APIResponse(responseCode = "200", description = "The caller", content = @Content(schema = @Schema(implementation = Principal.class)))
    @APIResponse(responseCode = "401", description = "No valid token for audience sealgate-api",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "The token carries none of SealGate's roles",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Principal me() {
        return caller.current();
    }
}
