package dev.sealgate.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

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

import dev.sealgate.crypto.DocumentDigest;
import dev.sealgate.pki.CertificateRegister;
import dev.sealgate.pki.IssuedCertificate;
import dev.sealgate.signing.CheckCodes;
import dev.sealgate.signing.SignatureFormat;
import dev.sealgate.signing.SignatureRecord;
import dev.sealgate.support.ProblemException;
import dev.sealgate.support.RateLimits;
import dev.sealgate.support.SigningSettings;
import dev.sealgate.verification.DocumentValidator;
import dev.sealgate.verification.Indication;
import dev.sealgate.verification.ValidationReport;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.vertx.core.http.HttpServerRequest;

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
        static native TemplateInstance record(Text t, Facts facts, String action, Upload upload);

        static native TemplateInstance unknown(Text t);

        static native TemplateInstance problem(Text t, String title, String detail);
    }

    /** What the page says about the signature. */
    public record Facts(String organisation, String person, boolean seal, String signedAt, int pages, String sha256, String status,
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

    @GET
    @PermitAll
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Response show(@PathParam("code") String code, @QueryParam("lang") String lang,
            @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage, @Context HttpServerRequest request) {
        Text t = Text.choose(lang, acceptLanguage);
        try {
            rateLimits.charge(RateLimits.Scope.PUBLIC_VERIFY, request.remoteAddress().hostAddress());
        } catch (ProblemException e) {
            return tooMany(t, e);
        }
        SignatureRecord record = find(code);
        if (record == null) {
            return page(Response.status(404).entity(Templates.unknown(t).render()), t);
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
        Text t = Text.choose(lang, acceptLanguage);
        try {
            rateLimits.charge(RateLimits.Scope.PUBLIC_VERIFY, request.remoteAddress().hostAddress());
        } catch (ProblemException e) {
            return tooMany(t, e);
        }
        SignatureRecord record = find(code);
        if (record == null) {
            return page(Response.status(404).entity(Templates.unknown(t).render()), t);
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

    /** The record of a well-formed code; null for an unknown or malformed one (answered alike). */
    private static SignatureRecord find(String code) {
        if (!CheckCodes.wellFormed(code)) {
            return null;
        }
        return QuarkusTransaction.requiringNew().call(() -> SignatureRecord.findByCheckCode(code));
    }

    private Facts facts(SignatureRecord record, Text t) {
        String department = record.department;
        String organisation = department == null ? "—"
                : t.chinese() ? settings.seals().names().getOrDefault(department, department)
                        : settings.seals().englishNames().getOrDefault(department, department);
        IssuedCertificate certificate = QuarkusTransaction.requiringNew().call(() -> register.find(record.certificateSerial));
        boolean revoked = certificate != null && certificate.revoked();
        String status = revoked ? t.get("revoked") + " " + t.date(certificate.revokedAt) : t.get("notRevoked");
        return new Facts(organisation, record.signerName == null ? record.signerUsername : record.signerName,
                record.keyKind == SignatureFormat.KeyKind.SEAL, t.date(record.createdAt), record.pageCount == null ? 0 : record.pageCount,
                record.signedSha256, status, revoked);
    }

    private static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return DocumentDigest.of(in, DocumentDigest.SHA256, null, Long.MAX_VALUE).sha256Hex();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Response tooMany(Text t, ProblemException e) {
        Response.ResponseBuilder response = Response.status(e.type().status())
                .entity(Templates.problem(t, t.get("tooMany"), t.get("tooManyDetail")).render());
        if (e.retryAfterSeconds() != null) {
            response.header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds());
        }
        return page(response, t);
    }

    private static Response page(Response.ResponseBuilder response, Text t) {
        return response.type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .header("Content-Language", t.chinese() ? "zh-CN" : "en")
                .header(HttpHeaders.VARY, "Accept-Language")
                .header("Content-Security-Policy", VerifyPage.CONTENT_SECURITY_POLICY)
                .header("X-Frame-Options", "DENY")
                .header("Referrer-Policy", "no-referrer")
                .header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }

    /** The page's words in Simplified Chinese or English, and dates as each reader writes them. */
    public record Text(boolean chinese) {

        private static final DateTimeFormatter ZH = DateTimeFormatter.ofPattern("uuuu年M月d日 HH:mm:ss（'UTC'xxx）", Locale.CHINA)
                .withZone(java.time.ZoneId.of("Asia/Shanghai"));
        private static final DateTimeFormatter EN = DateTimeFormatter.ofPattern("d MMMM uuuu, HH:mm:ss 'UTC'", Locale.ENGLISH)
                .withZone(java.time.ZoneOffset.UTC);

        private static final java.util.Map<String, String[]> WORDS = java.util.Map.ofEntries(
                java.util.Map.entry("lang", new String[] {"zh-CN", "en"}),
                java.util.Map.entry("title", new String[] {"签章核验", "Signature check"}),
                java.util.Map.entry("switch", new String[] {"English", "中文"}),
                java.util.Map.entry("switchLang", new String[] {"en", "zh"}),
                java.util.Map.entry("sealedBy", new String[] {"本文件加盖了以下单位的电子印章", "This document carries the electronic seal of"}),
                java.util.Map.entry("signedBy", new String[] {"本文件由以下单位的工作人员签署", "This document was signed by a civil servant of"}),
                java.util.Map.entry("organisation", new String[] {"单位", "Organisation"}),
                java.util.Map.entry("person", new String[] {"经办人", "Civil servant"}),
                java.util.Map.entry("signedAt", new String[] {"签署时间", "Signed at"}),
                java.util.Map.entry("document", new String[] {"文件", "Document"}),
                java.util.Map.entry("pdfPages", new String[] {"PDF 文件，共 %d 页", "PDF document, %d page(s)"}),
                java.util.Map.entry("sha256", new String[] {"签署后文件的 SHA-256", "SHA-256 of the signed file"}),
                java.util.Map.entry("status", new String[] {"证书状态", "Certificate status"}),
                java.util.Map.entry("notRevoked", new String[] {"签署证书未被吊销", "The signing certificate has not been revoked"}),
                java.util.Map.entry("revoked", new String[] {"签署证书已被吊销，吊销时间：", "The signing certificate was revoked on"}),
                java.util.Map.entry("uploadTitle", new String[] {"核对您持有的文件", "Check the file you hold"}),
                java.util.Map.entry("uploadHelp", new String[] {"上传您收到的 PDF 文件，本页将告诉您它是否就是签署的那份文件。文件核对后即删除，不会保存。",
                        "Upload the PDF you received: this page tells you whether it is exactly the signed document. The file is checked and then discarded, never kept."}),
                java.util.Map.entry("choose", new String[] {"选择文件", "Choose the file"}),
                java.util.Map.entry("submit", new String[] {"核对", "Check"}),
                java.util.Map.entry("match", new String[] {"一致", "It matches"}),
                java.util.Map.entry("matchDetail", new String[] {"您上传的文件与签署的文件完全相同，签名验证有效。",
                        "The file you uploaded is exactly the signed document, and its signature is valid."}),
                java.util.Map.entry("matchInvalid", new String[] {"文件相同，但签名现在无法确认", "Same file, but the signature cannot be confirmed now"}),
                java.util.Map.entry("matchInvalidDetail", new String[] {"文件与签署的文件相同，验证结果：", "The file is the signed document; the verification says:"}),
                java.util.Map.entry("mismatch", new String[] {"不一致", "It does not match"}),
                java.util.Map.entry("mismatchDetail", new String[] {"您上传的文件不是这份签署的文件，或在签署后被修改过。请勿依赖该文件。",
                        "The file you uploaded is not the signed document, or it was changed after signing. Do not rely on it."}),
                java.util.Map.entry("noFile", new String[] {"未选择文件", "No file chosen"}),
                java.util.Map.entry("noFileDetail", new String[] {"请选择您收到的 PDF 文件后再核对。", "Choose the PDF you received and try again."}),
                java.util.Map.entry("unknownTitle", new String[] {"未找到该核验码", "No signature with this code"}),
                java.util.Map.entry("unknownDetail", new String[] {"该核验码不存在或已失效。请确认二维码或网址是否完整。",
                        "This check code does not exist or is no longer valid. Make sure the QR code or address is complete."}),
                java.util.Map.entry("tooMany", new String[] {"请求过于频繁", "Too many requests"}),
                java.util.Map.entry("tooManyDetail", new String[] {"请稍后再试。", "Please try again later."}),
                java.util.Map.entry("footer", new String[] {"SealGate 核验签章时只显示签署信息，不显示文件内容或文件中任何人的个人信息。",
                        "SealGate shows who signed and when, never the document's content or personal data of anyone named in it."}));

        /** {@code ?lang=} first; then Chinese when the reader prefers it or names neither language. */
        static Text choose(String lang, String acceptLanguage) {
            if (lang != null) {
                return new Text(!lang.trim().toLowerCase(Locale.ROOT).startsWith("en"));
            }
            if (acceptLanguage == null || acceptLanguage.isBlank()) {
                return new Text(true);
            }
            try {
                for (Locale.LanguageRange range : Locale.LanguageRange.parse(acceptLanguage).stream()
                        .sorted((a, b) -> Double.compare(b.getWeight(), a.getWeight())).toList()) {
                    String tag = range.getRange().toLowerCase(Locale.ROOT);
                    if (tag.startsWith("zh")) {
                        return new Text(true);
                    }
                    if (tag.startsWith("en")) {
                        return new Text(false);
                    }
                }
            } catch (IllegalArgumentException e) {
                return new Text(true);
            }
            return new Text(true);
        }

        public String get(String key) {
            return WORDS.get(key)[chinese ? 0 : 1];
        }

        public String pages(int count) {
            return String.format(Locale.ROOT, get("pdfPages"), count);
        }

        public String date(Instant instant) {
            return instant == null ? "—" : (chinese ? ZH : EN).format(instant);
        }
    }
}
