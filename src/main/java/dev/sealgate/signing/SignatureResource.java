package dev.sealgate.signing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Locale;

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

import dev.sealgate.identity.CallerResolver;
import dev.sealgate.identity.Principal;
import dev.sealgate.identity.PrincipalKind;
import dev.sealgate.identity.Roles;
import dev.sealgate.support.Problem;
import dev.sealgate.support.ProblemException;
import dev.sealgate.support.ProblemType;
import dev.sealgate.formats.BaselineLevel;

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
    dev.sealgate.support.RateLimits rateLimits;

    @Inject
    org.eclipse.microprofile.jwt.JsonWebToken token;

    @Inject
    StepUp stepUp;

    @Inject
    SealRequests sealRequests;

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
        SignatureRequest request = withPlacement(parse(format, packaging, level, key, contentType, disposition), appearance, seal, page,
                x, y, width);
        StepUp.Authentication authentication = stepUp.require(token, request.keyKind());
        if (request.keyKind() == SignatureFormat.KeyKind.SEAL && sealRequests.approvalRequired(principal.department())) {
            String options = options(request, appearance, seal, page, x, y, width);
            SealRequest waiting = sealRequests.create(principal, caller.clientId(), request, options, purpose, authentication, body);
            return Response.accepted(SealRequestView.of(waiting)).type(MediaType.APPLICATION_JSON)
                    .location(URI.create("/api/v1/seal-requests/" + waiting.id))
                    .header(dev.sealgate.audit.AuditLog.ENTRY_HEADER, waiting.auditEntryId).build();
        }
        SignedDocument signed = signer.sign(principal, caller.clientId(), request, body, DocumentSigner.Authorisation.of(authentication));
        DocumentSigner.Produced produced = signed.produced();
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
                .type(signed.mediaType()).entity(entity).header(dev.sealgate.audit.AuditLog.ENTRY_HEADER, signed.auditEntry());
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
            rateLimits.charge(dev.sealgate.support.RateLimits.Scope.PARTNER, principal.partnerId());
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
        DocumentSigner.Produced produced = extended.produced();
        Object entity = produced.inMemory() ? bytes(produced) : (StreamingOutput) out -> {
            try {
                produced.writeTo(out);
            } finally {
                produced.discard();
            }
        };
        return Response.ok(entity, produced.mediaType()).header("SealGate-Level", extended.to().label())
                .header("SealGate-Extended-From", extended.from().label())
                .header(dev.sealgate.audit.AuditLog.ENTRY_HEADER, extended.auditEntry()).build();
    }

    private static byte[] bytes(DocumentSigner.Produced produced) {
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
                .header(dev.sealgate.audit.AuditLog.ENTRY_HEADER, record.auditEntryId).build();
    }

    static SignatureRequest parse(String format, String packaging, String level, String key, String contentType,
            String disposition) {
        String media = contentType == null ? "" : contentType.strip().toLowerCase(java.util.Locale.ROOT);
        if (media.startsWith("multipart/") || media.startsWith("application/x-www-form-urlencoded")) {
            // the document is the request body itself; a form's body is read as its parts, and nothing would reach the signer
            throw new ProblemException(ProblemType.UNSUPPORTED_MEDIA_TYPE, "Send the document itself as the request body, with its own"
                    + " Content-Type (e.g. application/pdf, application/json), not as a form.");
        }
        SignatureFormat.Format f = format == null ? byContentType(contentType)
                : parseEnum(SignatureFormat.Format.class, format, "format", "cades, pades, jades or ofd");
        SignatureFormat.Packaging p = packaging == null ? SignatureFormat.defaultPackaging(f)
                : parseEnum(SignatureFormat.Packaging.class, packaging, "packaging", "detached, enveloping or enveloped");
        BaselineLevel l = level == null ? BaselineLevel.B_B : BaselineLevel.of(level);
        if (l == null) {
            throw new ProblemException(ProblemType.UNSUPPORTED_SIGNATURE_PARAMETERS, "level must be B-B, B-T, B-LT or B-LTA.");
        }
        SignatureFormat.KeyKind k = key == null ? SignatureFormat.KeyKind.PERSONAL
                : parseEnum(SignatureFormat.KeyKind.class, key, "key", "personal or seal");
        if (f == SignatureFormat.Format.OFD && l == BaselineLevel.B_T && k != SignatureFormat.KeyKind.SEAL) {
            throw new ProblemException(ProblemType.UNSUPPORTED_SIGNATURE_PARAMETERS,
                    "B-T for OFD is a time-stamped seal (key=seal); a personal OFD signature is B-B.");
        }
        if (f == SignatureFormat.Format.OFD && !SignatureFormat.supported(f, p, l)) {
            throw new ProblemException(ProblemType.UNSUPPORTED_SIGNATURE_PARAMETERS,
                    "An OFD signature is added to the package itself: leave packaging out; level is B-B, or B-T for a time-stamped seal.");
        }
        if (!SignatureFormat.supported(f, p, l)) {
            throw new ProblemException(ProblemType.UNSUPPORTED_SIGNATURE_PARAMETERS, f.name().toLowerCase() + " does not support "
                    + p.name().toLowerCase() + " packaging at level " + l.label() + ".");
        }
        return new SignatureRequest(f, p, l, k, documentName(disposition), contentType);
    }

    /**
     * Where a visible PAdES signature or an OFD seal goes (and which seal): {@code appearance=visible} and
     * {@code width} go with PAdES, {@code seal} with an OFD seal, {@code page}, {@code x}, {@code y} with either.
     */
    static SignatureRequest withPlacement(SignatureRequest request, String appearance, String seal, String page, String x, String y,
            String width) {
        boolean visible = false;
        if (appearance != null) {
            String a = appearance.trim().toLowerCase(Locale.ROOT);
            if (!a.equals("visible") && !a.equals("invisible")) {
                throw new ProblemException(ProblemType.UNSUPPORTED_SIGNATURE_PARAMETERS, "appearance must be visible or invisible.");
            }
            visible = a.equals("visible");
            if (request.format() != SignatureFormat.Format.PADES) {
                throw new ProblemException(ProblemType.UNSUPPORTED_SIGNATURE_PARAMETERS,
                        "appearance goes with format=pades (an OFD seal is always visible; an OFD signature never).");
            }
        }
        boolean ofdSeal = request.format() == SignatureFormat.Format.OFD && request.keyKind() == SignatureFormat.KeyKind.SEAL;
        if ((page != null || x != null || y != null) && !ofdSeal && !visible) {
            throw new ProblemException(ProblemType.UNSUPPORTED_SIGNATURE_PARAMETERS,
                    "page, x and y place a visible signature (format=pades&appearance=visible) or an electronic seal (format=ofd&key=seal).");
        }
        if (seal != null && !ofdSeal) {
            throw new ProblemException(ProblemType.UNSUPPORTED_SIGNATURE_PARAMETERS, "seal chooses an electronic seal: it goes with format=ofd and key=seal.");
        }
        if (width != null && !visible) {
            throw new ProblemException(ProblemType.UNSUPPORTED_SIGNATURE_PARAMETERS, "width goes with format=pades&appearance=visible.");
        }
        Integer pageNumber = page == null ? null : (int) number(page, "page", 1, 100_000);
        Double left = x == null ? null : number(x, "x", 0, 10_000);
        Double top = y == null ? null : number(y, "y", 0, 10_000);
        Double w = width == null ? null : number(width, "width", 20, 300);
        if (pageNumber != null && pageNumber.doubleValue() != Double.parseDouble(page.trim())) {
            throw new ProblemException(ProblemType.INVALID_PARAMETER, "page must be a whole number.");
        }
        if (!visible && !ofdSeal) {
            return request;
        }
        return new SignatureRequest(request.format(), request.packaging(), request.level(), request.keyKind(), request.documentName(),
                request.documentType(), seal == null ? null : seal.trim(),
                new dev.sealgate.formats.ofd.OfdSigner.Placement(pageNumber, left, top),
                visible ? new SignatureRequest.Visible(pageNumber, left, top, w) : null);
    }

    /** The request's resolved format, packaging, level and key, and its placement parameters, as a query string. */
    static String options(SignatureRequest request, String appearance, String seal, String page, String x, String y, String width) {
        java.util.Map<String, String> options = new java.util.LinkedHashMap<>();
        options.put("format", request.format().name().toLowerCase(Locale.ROOT));
        options.put("packaging", request.packaging().name().toLowerCase(Locale.ROOT));
        options.put("level", request.level().label());
        options.put("key", request.keyKind().name().toLowerCase(Locale.ROOT));
        options.put("appearance", appearance);
        options.put("seal", seal);
        options.put("page", page);
        options.put("x", x);
        options.put("y", y);
        options.put("width", width);
        return options.entrySet().stream().filter(e -> e.getValue() != null)
                .map(e -> e.getKey() + "=" + java.net.URLEncoder.encode(e.getValue().trim(), java.nio.charset.StandardCharsets.UTF_8))
                .collect(java.util.stream.Collectors.joining("&"));
    }

    /** The request {@link #options} describe, parsed and checked as when it was made. */
    static SignatureRequest fromOptions(String options, String documentName, String documentType) {
        java.util.Map<String, String> o = new java.util.HashMap<>();
        for (String pair : options.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                o.put(pair.substring(0, eq), java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        SignatureRequest parsed = withPlacement(parse(o.get("format"), o.get("packaging"), o.get("level"), o.get("key"), documentType, null),
                o.get("appearance"), o.get("seal"), o.get("page"), o.get("x"), o.get("y"), o.get("width"));
        return new SignatureRequest(parsed.format(), parsed.packaging(), parsed.level(), parsed.keyKind(), documentName, documentType,
                parsed.sealId(), parsed.placement(), parsed.visible());
    }

    private static double number(String text, String name, double min, double max) {
        double value;
        try {
            value = Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            value = Double.NaN;
        }
        if (!(value >= min && value <= max)) {
            throw new ProblemException(ProblemType.INVALID_PARAMETER, name + " must be a number from " + (long) min + " to " + (long) max + ".");
        }
        return value;
    }

    private static SignatureFormat.Format byContentType(String contentType) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (type.startsWith("application/ofd")) {
            return SignatureFormat.Format.OFD;
        }
        if (type.startsWith("application/pdf")) {
            return SignatureFormat.Format.PADES;
        }
        if (type.startsWith("application/json")) {
            return SignatureFormat.Format.JADES;
        }
        return SignatureFormat.Format.CADES;
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> type, String value, String name, String allowed) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemType.UNSUPPORTED_SIGNATURE_PARAMETERS, name + " must be " + allowed + ".");
        }
    }

    private static String documentName(String disposition) {
        if (disposition == null) {
            return null;
        }
        var matcher = java.util.regex.Pattern.compile("filename=\"?([^\";]+)\"?").matcher(disposition);
        if (!matcher.find()) {
            return null;
        }
        String name = matcher.group(1).replaceAll("[\\p{Cntrl}/\\\\]", "_").trim();
        return name.length() > 255 ? name.substring(0, 255) : name;
    }

}
