package dev.sealgate.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.vertx.core.http.HttpServerRequest;

import dev.sealgate.crypto.DocumentDigest;
import dev.sealgate.formats.DocumentFormats;
import dev.sealgate.formats.SignatureFormat;
import dev.sealgate.pki.CertificateRegister;
import dev.sealgate.pki.IssuedCertificate;
import dev.sealgate.signing.CheckCodes;
import dev.sealgate.signing.SignatureRecord;
import dev.sealgate.support.ProblemException;
import dev.sealgate.support.RateLimits;
import dev.sealgate.support.SigningSettings;
import dev.sealgate.verification.DocumentValidator;
import dev.sealgate.verification.report.Indication;
import dev.sealgate.verification.report.ValidationReport;

/**
 * The page a visible signature's QR code opens ({@code /v/{code}}): public, no login, rate-limited
 * like {@code /verify}. It says which organisation and which civil servant signed what kind of
 * document when, the signed PDF's SHA-256 and page count, and whether the signing certificate has
 * been revoked since — never the document's name or content. The holder of the PDF can upload it:
 * the page says whether it is exactly the signed document (digest and full verification). Chinese
 * unless the reader prefers English ({@code Accept-Language}, or {@code ?lang=}). An unknown code and
 * a malformed one get the same 404 page.
 */
@jakarta.ws.rs.Path("/v/{code}")
public class CheckPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance record(Language t, Facts facts, String action, Upload upload);

        static native TemplateInstance unknown(Language t);

        static native TemplateInstance problem(Language t, String title, String detail);
    }

    /** What the page says about the signature. */
    public record Facts(String organisation, String person, boolean seal, String signedAt, String document, String sha256, String status,
            boolean revoked) {
    }

    /** The outcome of an uploaded copy. */
    public record Upload(boolean matches, String headline, String detail) {
    }

    @Inject
    RateLimits rateLimits;

    @Inject
    CertificateRegister register;

    @Inject
    SigningSettings settings;

    @Inject
    DocumentValidator validator;

    @Inject
    DocumentFormats formats;

    @GET
    @PermitAll
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Response show(@PathParam("code") String code, @QueryParam("lang") String lang,
            @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage, @Context HttpServerRequest request) {
        Language t = Language.choose(lang, acceptLanguage);
        Response refused = refused(t, request);
        SignatureRecord record = refused == null ? find(code) : null;
        if (refused != null || record == null) {
            return refused != null ? refused : page(Response.status(404).entity(Templates.unknown(t).render()), t);
        }
        return page(Response.ok(Templates.record(t, facts(record, t), "/v/" + code, null).render()), t);
    }

    @POST
    @PermitAll
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Response compare(@PathParam("code") String code, @QueryParam("lang") String lang,
            @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage, @RestForm("signed") FileUpload signed,
            @Context HttpServerRequest request) {
        Language t = Language.choose(lang, acceptLanguage);
        Response refused = refused(t, request);
        SignatureRecord record = refused == null ? find(code) : null;
        if (refused != null || record == null) {
            return refused != null ? refused : page(Response.status(404).entity(Templates.unknown(t).render()), t);
        }
        Facts facts = facts(record, t);
        if (signed == null || signed.uploadedFile() == null || signed.size() == 0) {
            return page(Response.status(400).entity(Templates.record(t, facts, "/v/" + code,
                    new Upload(false, t.get("noFile"), t.get("noFileDetail"))).render()), t);
        }
        Upload upload;
        String sha256 = sha256(signed.uploadedFile());
        if (!sha256.equals(record.signedSha256)) {
            upload = new Upload(false, t.get("mismatch"), t.get("mismatchDetail"));
        } else {
            ValidationReport report;
            try {
                report = validator.validate(signed.uploadedFile(), null, null);
            } catch (ProblemException e) {
                return page(Response.status(e.type().status()).entity(Templates.problem(t, e.type().title(), e.getMessage()).render()), t);
            }
            upload = report.indication() == Indication.TOTAL_PASSED ? new Upload(true, t.get("match"), t.get("matchDetail"))
                    : new Upload(false, t.get("matchInvalid"), t.get("matchInvalidDetail") + " " + report.indication()
                            + (report.signatures().isEmpty() || report.signatures().get(0).subIndication() == null ? ""
                                    : " / " + report.signatures().get(0).subIndication()));
        }
        return page(Response.ok(Templates.record(t, facts, "/v/" + code, upload).render()), t);
    }

    /** The rate limit's answer when the address has used its share; null when it may go on. */
    private Response refused(Language t, HttpServerRequest request) {
        try {
            rateLimits.charge(RateLimits.Scope.PUBLIC_VERIFY, request.remoteAddress().hostAddress());
            return null;
        } catch (ProblemException e) {
            return tooMany(t, e);
        }
    }

    /** The record of a well-formed code; null for an unknown or malformed one (answered alike). */
    /**
     * The record for a code. A malformed code is looked up like any other (its hash matches nothing), so
     * that every 404 takes the same path and the same time: one indexed lookup by hash.
     */
    private static SignatureRecord find(String code) {
        boolean wellFormed = CheckCodes.wellFormed(code);
        String probe = wellFormed ? code : "-".repeat(22);
        SignatureRecord record = QuarkusTransaction.requiringNew().call(() -> SignatureRecord.findByCheckCode(probe));
        return wellFormed ? record : null;
    }

    private Facts facts(SignatureRecord record, Language t) {
        String department = record.department;
        String organisation = department == null ? "—"
                : t.chinese() ? settings.seals().names().getOrDefault(department, department)
                        : settings.seals().englishNames().getOrDefault(department, department);
        IssuedCertificate certificate = QuarkusTransaction.requiringNew().call(() -> register.find(record.certificateSerial));
        boolean revoked = certificate != null && certificate.revoked();
        String status = revoked ? t.get("revoked") + " " + t.date(certificate.revokedAt) : t.get("notRevoked");
        return new Facts(organisation, record.signerName == null ? record.signerUsername : record.signerName,
                record.keyKind == SignatureFormat.KeyKind.SEAL, t.date(record.createdAt),
                t.pages(formats.of(record.format).identity().documentKind(), record.pageCount == null ? 0 : record.pageCount),
                record.signedSha256, status, revoked);
    }

    private static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return DocumentDigest.of(in, DocumentDigest.SHA256, null, Long.MAX_VALUE).sha256Hex();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Response tooMany(Language t, ProblemException e) {
        Response.ResponseBuilder response = Response.status(e.type().status())
                .entity(Templates.problem(t, t.get("tooMany"), t.get("tooManyDetail")).render());
        if (e.retryAfterSeconds() != null) {
            response.header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds());
        }
        return page(response, t);
    }

    private static Response page(Response.ResponseBuilder response, Language t) {
        return response.type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .header("Content-Language", t.get("htmlLang"))
                .header(HttpHeaders.VARY, "Accept-Language")
                .header("Content-Security-Policy", VerifyPage.CONTENT_SECURITY_POLICY)
                .header("X-Frame-Options", "DENY")
                .header("Referrer-Policy", "no-referrer")
                .header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }
}
