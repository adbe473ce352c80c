package dev.sealgate.signing;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.sealgate.identity.CallerResolver;
import dev.sealgate.identity.Principal;
import dev.sealgate.identity.PrincipalKind;
import dev.sealgate.identity.Roles;
import dev.sealgate.support.Problem;
import dev.sealgate.support.ProblemException;
import dev.sealgate.support.ProblemType;

/** The caller's department's electronic seals (GB/T 38540), for OFD sealing. */
@Path("/api/v1/seals")
@Tag(name = "signing")
public class SealResource {

    @Inject
    ElectronicSeals seals;

    @Inject
    CallerResolver caller;

    @Schema(name = "ElectronicSeal", description = "A department's electronic seal (GB/T 38540 SESeal, version 4)")
    public record SealView(@Schema(description = "The seal ID inside the seal (esID); pass it as seal= when sealing") String id,
            String name, @Schema(description = "Seal type code: 1 official seal (公章)") int type, String department,
            String validFrom, String validTo,
            @Schema(description = "Serial (hex) of the SM2 seal certificate the seal allows") String certificateSerial,
            @Schema(description = "Serial (hex) of the seal maker's certificate") String makerSerial,
            @Schema(description = "Whether OFD sealing uses this seal now") boolean current,
            @Schema(description = "The seal's picture (PNG)") String picture,
            @Schema(description = "The seal itself (DER SESeal, as in Seal.esl)") String seal) {

        static SealView of(ElectronicSeal s, boolean current) {
            return new SealView(s.id, s.name, s.type, s.department, s.validFrom.toString(), s.validTo.toString(), s.certificateSerial,
                    s.makerSerial, current, "/api/v1/seals/" + s.id + "/picture", "/api/v1/seals/" + s.id + "/esl");
        }
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.CIVIL_SERVANT)
    @Operation(summary = "The department's electronic seals", description = "Newest first; the department's first seal is made on "
            + "this call when it has none. 403 no-department-seal when the department has no seal configured.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = SealView.class)))
    @APIResponse(responseCode = "403", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public List<SealView> list() {
        String department = department();
        String current = seals.current(department).seal().id;
        return seals.list(department).stream().map(s -> SealView.of(s, s.id.equals(current))).toList();
    }

    @GET
    @Path("/{id}/picture")
    @Produces({ "image/png", Problem.MEDIA_TYPE })
    @RolesAllowed(Roles.CIVIL_SERVANT)
    @Operation(summary = "A seal's picture", description = "403 for another department's seal, 404 for an unknown one.")
    public Response picture(@PathParam("id") String id) {
        return Response.ok(seals.find(department(), id).picture, "image/png").build();
    }

    @GET
    @Path("/{id}/esl")
    @Produces({ "application/octet-stream", Problem.MEDIA_TYPE })
    @RolesAllowed(Roles.CIVIL_SERVANT)
    @Operation(summary = "A seal as a file (DER SESeal)", description = "403 for another department's seal, 404 for an unknown one.")
    public Response esl(@PathParam("id") String id) {
        ElectronicSeal seal = seals.find(department(), id);
        return Response.ok(seal.der, MediaType.APPLICATION_OCTET_STREAM).header("Content-Disposition",
                "attachment; filename=\"" + seal.id + ".esl\"").build();
    }

    private String department() {
        Principal principal = caller.current();
        if (principal.kind() != PrincipalKind.CIVIL_SERVANT || principal.department() == null) {
            throw new ProblemException(ProblemType.NO_DEPARTMENT_SEAL, "Only a department's civil servants see its seals.");
        }
        return principal.department();
    }
}
