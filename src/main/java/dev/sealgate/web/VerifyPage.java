package dev.sealgate.web;

import java.nio.file.Path;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

import dev.sealgate.support.ProblemException;
import dev.sealgate.support.ProblemType;
import dev.sealgate.verification.DocumentValidator;

/**
 * The public verification page: anyone uploads a signed file (and the original for a detached
 * signature) and reads the verdict in plain words. Plain HTML forms, no script, no login;
 * rate-limited per address. Same engine and default policy as the API.
 */
@jakarta.ws.rs.Path("/verify")
public class VerifyPage {

    /** Scripts, frames, plugins and foreign forms are refused; the page needs only its stylesheet. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'self'; img-src data:; form-action 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'";

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance form(Language t);

        static native TemplateInstance result(Language t, PlainReport report);

        static native TemplateInstance problem(Language t, String title, String detail, String type);
    }

    @Inject
    DocumentValidator validator;


    @GET
    @PermitAll
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Response form(@jakarta.ws.rs.QueryParam("lang") String lang, @jakarta.ws.rs.HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String accept) {
        Language t = Language.choose(lang, accept);
        return page(Response.ok(Templates.form(t).render()), t);
    }

    @POST
    @PermitAll
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Response verify(@RestForm("signed") FileUpload signed, @RestForm("original") FileUpload original,
            @RestForm("lang") String formLang, @jakarta.ws.rs.QueryParam("lang") String lang,
            @jakarta.ws.rs.HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String accept) {
        Language t = Language.choose(lang != null ? lang : formLang, accept);
        try {
            // the rate limit was charged when the request arrived (UploadGate), before its body was read
            Path signedFile = uploaded(signed);
            if (signedFile == null) {
                return page(Response.status(400).entity(Templates.problem(t, t.get("noFileChosen"), t.get("noFileChosenDetail"),
                        "urn:sealgate:problem:missing-part").render()), t);
            }
            PlainReport report = PlainReport.of(validator.validate(signedFile, uploaded(original), null), t);
            return page(Response.ok(Templates.result(t, report).render()), t);
        } catch (ProblemException e) {
            // the problem's detail comes from the engine, in English; the page around it speaks the reader's language
            String title = e.type() == ProblemType.TOO_MANY_REQUESTS ? t.get("tooMany") : e.type().title();
            Response.ResponseBuilder response = Response.status(e.type().status())
                    .entity(Templates.problem(t, title, e.getMessage(), e.type().uri().toString()).render());
            if (e.retryAfterSeconds() != null) {
                response.header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds());
            }
            return page(response, t);
        }
    }

    /** A file input left empty still arrives as a part with no bytes. */
    private static Path uploaded(FileUpload upload) {
        return upload == null || upload.uploadedFile() == null || upload.size() == 0 ? null : upload.uploadedFile();
    }

    private static Response page(Response.ResponseBuilder response, Language t) {
        return response.type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .header("Content-Language", t.get("htmlLang"))
                .header(HttpHeaders.VARY, "Accept-Language")
                .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .header("X-Frame-Options", "DENY")
                .header("Referrer-Policy", "no-referrer")
                .header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }
}
