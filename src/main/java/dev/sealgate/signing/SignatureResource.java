package dev.sealgate.signing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.sealgate.audit.AuditLog;
import dev.sealgate.formats.BaselineLevel;
import dev.sealgate.formats.Produced;
import dev.sealgate.formats.SignatureFormat;
import dev.sealgate.formats.SignatureRequest;
import dev.sealgate.identity.CallerResolver;
import dev.sealgate.identity.Principal;
import dev.sealgate.identity.PrincipalKind;
import dev.sealgate.identity.Roles;
import dev.sealgate.support.Problem;
import dev.sealgate.support.ProblemException;
import dev.sealgate.support.ProblemType;
import dev.sealgate.support.RateLimits;

@Path("/api/v1/signatures")
@Tag(name = "signing", description = "Sign documents with a personal key or the department's seal")
public class SignatureResource {

    @Inject
    DocumentSigner signer;

    @Inject
    CallerResolver caller;

    @Inject
    SignatureExtender extender;

    @Inject
    RateLimits rateLimits;

    @Inject
    org.eclipse.microprofile.jwt.JsonWebToken token;

    @Inject
    StepUp stepUp;

    @Inject
    SealRequests sealRequests;

    @Inject
    RequestParameters parameters;

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces({ "application/pkcs7-signature", "application/pdf", "application/ofd", "application/jose", "application/jose+json",
            MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE })
    @RolesAllowed(Roles.SIGNER)
    @Operation(summary = "Sign a document",
            description = "The body is the document, any content type, streamed. Returns the signature (CAdES detached or enveloping) "
                    + "or the signed document, and a Location header naming the signature record.")
    @APIResponse(responseCode = "201", description = "Signed")
    @APIResponse(responseCode = "202", description = "The department's seal needs its custodian's approval: a seal request was made "
            + "(Location: /api/v1/seal-requests/{id}); the sealed document is fetched from it once approved",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SealRequestView.class)))
    @APIResponse(responseCode = "401", description = "The token is not strong or recent enough to sign (RFC 9470): WWW-Authenticate "
            + "names the acr_values and max_age to log in with",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "400", description = "Empty body or unsupported format/packaging/level",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Not a civil servant with role signer, or no department seal",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "Document larger than the configured maximum",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response sign(
            @Parameter(description = "cades (any file), pades (PDF), jades (JSON) or ofd (OFD, SM2); default: by Content-Type")
            @QueryParam("format") String format,
            @Parameter(description = "detached, enveloping or enveloped; default: detached for CAdES, enveloped for PAdES, enveloping for JAdES")
            @QueryParam("packaging") String packaging,
            @Parameter(description = "B-B, B-T, B-LT or B-LTA (PAdES and CAdES); default B-B") @QueryParam("level") String level,
            @Parameter(description = "personal (default) or seal") @QueryParam("key") String key,
            @Parameter(description = "OFD with key=seal: the ID of the department's electronic seal (GET /api/v1/seals); default its current one")
            @QueryParam("seal") String seal,
            @Parameter(description = "PAdES: visible (a widget with the seal's picture or the signer's name, the signing time and a "
                    + "QR code of the public check address) or invisible (default)") @QueryParam("appearance") String appearance,
            @Parameter(description = "OFD seal or visible PAdES: the page, from 1; default the last page")
            @QueryParam("page") String page,
            @Parameter(description = "OFD seal or visible PAdES: millimetres from the page's left edge; default bottom right")
            @QueryParam("x") String x,
            @Parameter(description = "OFD seal or visible PAdES: millimetres from the page's top edge; default bottom right")
            @QueryParam("y") String y,
            @Parameter(description = "Visible PAdES: the widget's width in millimetres (its height follows); default 67 mm (seal) or 73 mm")
            @QueryParam("width") String width,
            @Parameter(description = "With key=seal where the seal needs approval: what the seal is for (用印事由), shown to the custodian")
            @QueryParam("purpose") String purpose,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @HeaderParam("Content-Disposition") String disposition,
            InputStream body) {
        Principal principal = caller.current();
        if (principal.kind() != PrincipalKind.CIVIL_SERVANT) {
            throw new ProblemException(ProblemType.FORBIDDEN, "Only civil servants with the signer role sign documents.");
        }
        SignatureRequest request = parameters.withPlacement(parameters.parse(format, packaging, level, key, contentType, disposition),
                appearance, seal, page, x, y, width);
        StepUp.Authentication authentication = stepUp.require(token, request.keyKind());
        if (request.keyKind() == SignatureFormat.KeyKind.SEAL && sealRequests.approvalRequired(principal.department())) {
            String options = RequestParameters.options(request, appearance, seal, page, x, y, width);
            SealRequest waiting = sealRequests.create(principal, caller.clientId(), request, options, purpose, authentication, body);
            return Response.accepted(SealRequestView.of(waiting)).type(MediaType.APPLICATION_JSON)
                    .location(URI.create("/api/v1/seal-requests/" + waiting.id))
                    .header(AuditLog.ENTRY_HEADER, waiting.auditEntryId).build();
        }
        SignedDocument signed = signer.sign(principal, caller.clientId(), request, body, DocumentSigner.Authorisation.of(authentication));
        Produced produced = signed.produced();
        Object entity;
        if (produced.inMemory()) {
            // handed over as bytes and the spool freed now: its share of the memory budget must not
            // depend on the response being written (a client may be gone by then)
            entity = bytes(produced);
        } else {
            entity = (StreamingOutput) out -> {
                try {
                    produced.writeTo(out);
                } finally {
                    produced.discard();
                }
            };
        }
        Response.ResponseBuilder response = Response.created(URI.create("/api/v1/signatures/" + signed.record().id))
                .type(signed.mediaType()).entity(entity).header(AuditLog.ENTRY_HEADER, signed.auditEntry());
        if (signed.checkUrl() != null) {
            response.header("SealGate-Check-Url", signed.checkUrl());
        }
        return response.build();
    }

    @POST
    @Path("/extensions")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces({ "application/pkcs7-signature", "application/pdf", Problem.MEDIA_TYPE })
    @RolesAllowed({ Roles.CIVIL_SERVANT, Roles.PARTNER })
    @Operation(summary = "Extend a signature to a higher level",
            description = "Part 'signed': a CAdES signature (detached or enveloping) or a signed PDF, made by SealGate or any other "
                    + "software; part 'original': the document of a detached CAdES signature (needed for B-LTA). The signature must "
                    + "validate under the caller's policy. B-T adds a time-stamp (a document time-stamp for PDF), B-LT the certificates "
                    + "and revocation data, B-LTA an archive time-stamp; B-LTA on a B-LTA adds a further archive time-stamp. "
                    + "Returns the extended signature or PDF; nothing is kept.")
    @APIResponse(responseCode = "200", description = "The extended signature or PDF")
    @APIResponse(responseCode = "400", description = "No level, an unknown level, no 'signed' part, or not a signature",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The signature already has the requested level or a higher one",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "The signature does not validate, or its validation data cannot be obtained",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response extend(
            @Parameter(description = "B-T, B-LT or B-LTA") @QueryParam("level") String level,
            @org.jboss.resteasy.reactive.RestForm("signed") org.jboss.resteasy.reactive.multipart.FileUpload signed,
            @org.jboss.resteasy.reactive.RestForm("original") org.jboss.resteasy.reactive.multipart.FileUpload original) {
        Principal principal = caller.current();
        if (principal.partnerId() != null) {
            rateLimits.charge(RateLimits.Scope.PARTNER, principal.partnerId());
        }
        BaselineLevel target = level == null ? null : BaselineLevel.of(level.trim());
        if (target == null) {
            throw new ProblemException(ProblemType.UNSUPPORTED_SIGNATURE_PARAMETERS, "level must be B-T, B-LT or B-LTA.");
        }
        if (signed == null || signed.uploadedFile() == null) {
            throw new ProblemException(ProblemType.MISSING_PART, "Send the signature or signed PDF as multipart part 'signed'.");
        }
        SignatureExtender.Extended extended = extender.extend(principal, caller.clientId(), signed.uploadedFile(),
                original == null ? null : original.uploadedFile(), target);
        Produced produced = extended.produced();
        Object entity = produced.inMemory() ? bytes(produced) : (StreamingOutput) out -> {
            try {
                produced.writeTo(out);
            } finally {
                produced.discard();
            }
        };
        return Response.ok(entity, produced.mediaType()).header("SealGate-Level", extended.to().label())
                .header("SealGate-Extended-From", extended.from().label())
                .header(AuditLog.ENTRY_HEADER, extended.auditEntry()).build();
    }

    private static byte[] bytes(Produced produced) {
        try {
            return produced.bytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            produced.discard();
        }
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.CITIZEN, Roles.CIVIL_SERVANT, Roles.PARTNER, Roles.AUDITOR })
    @Operation(summary = "A signature record", description = "For the signer and for auditors; anyone else gets 404.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = SignatureView.class)))
    @APIResponse(responseCode = "404", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response get(@PathParam("id") String id) {
        Principal principal = caller.current();
        SignatureRecord record = id.length() == 36 ? SignatureRecord.findById(id) : null;
        boolean allowed = record != null
                && (principal.kind() == PrincipalKind.AUDITOR || principal.subject().equals(record.signerSubject));
        if (!allowed) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No signature record with that id is visible to you.");
        }
        return Response.ok(SignatureView.of(record), MediaType.APPLICATION_JSON)
                .header(AuditLog.ENTRY_HEADER, record.auditEntryId).build();
    }
}
