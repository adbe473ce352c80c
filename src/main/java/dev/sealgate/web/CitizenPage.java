package dev.sealgate.web;

import java.time.Instant;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.sealgate.identity.ResidentId;
import dev.sealgate.identity.Roles;
import dev.sealgate.privacy.PrivacyGate;
import dev.sealgate.sharing.Disclosure;
import io.quarkus.oidc.IdToken;

/** The citizen's page: who received which of my data, when and why, in plain words. */
@Path("/me")
public class CitizenPage {

    @Inject
    @IdToken
    JsonWebToken idToken;

    @Inject
    JsonWebToken accessToken;

    @Inject
    PrivacyGate gate;

    @GET
    @Produces(MediaType.TEXT_HTML)
    @RolesAllowed(Roles.CITIZEN)
    @Operation(hidden = true)
    public Response page(@jakarta.ws.rs.QueryParam("lang") String lang,
            @jakarta.ws.rs.HeaderParam(jakarta.ws.rs.core.HttpHeaders.ACCEPT_LANGUAGE) String accept) {
        Language t = Language.choose(lang, accept);
        Object claim = accessToken.getClaim("national_id");
        String nationalId = claim == null ? null : claim.toString().replace("\"", "");
        StringBuilder html = new StringBuilder("<!doctype html><html lang=\"" + t.get("htmlLang") + "\"><head><meta charset=\"utf-8\">"
                + "<title>" + t.get("meTitle") + "</title></head><body><main><p class=\"language\"><a href=\"?lang=" + t.get("switchCode")
                + "\" hreflang=\"" + t.get("switchCode") + "\">" + t.get("switch") + "</a></p><h1>" + t.get("meTitle") + "</h1>");
        String name = idToken.getClaim("name") == null ? "" : idToken.getClaim("name").toString().replace("\"", "");
        html.append("<p>").append(t.format("signedInAs", escape(name))).append("</p>");
        List<Disclosure> entries = ResidentId.isValid(nationalId)
                ? Disclosure.visibleTo(gate.subjectKey(nationalId), Instant.now(), 0, 100) : List.of();
        if (entries.isEmpty()) {
            html.append("<p>").append(t.get("noDisclosures")).append("</p>");
        } else {
            html.append("<ul>");
            for (Disclosure d : entries) {
                html.append("<li>").append(t.format("disclosure", escape(t.date(d.releasedAt)), escape(d.recipient), escape(d.dataset),
                        escape(d.purpose), escape(d.caseReference), escape(d.legalBasis))).append("</li>");
            }
            html.append("</ul>");
        }
        html.append("</main></body></html>");
        return Response.ok(html.toString())
                .header("Content-Language", t.get("htmlLang"))
                .header("Vary", "Accept-Language")
                .header("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
                .header("Cache-Control", "no-store").build();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
