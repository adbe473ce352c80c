package dev.sealgate.web;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/**
 * The public pages' language: Simplified Chinese, or English when the reader asks for it
 * ({@code ?lang=en}, or {@code Accept-Language} preferring English to Chinese); Chinese when the
 * reader names neither. Every word the pages print, in both languages, and dates as each reader
 * writes them (Beijing time for Chinese, UTC for English).
 */
public record Language(boolean chinese) {

    public static final Language ENGLISH = new Language(false);
    public static final Language CHINESE = new Language(true);

    private static final DateTimeFormatter ZH = DateTimeFormatter.ofPattern("uuuu年M月d日 HH:mm:ss（'北京时间'）", Locale.CHINA)
            .withZone(ZoneId.of("Asia/Shanghai"));
    private static final DateTimeFormatter EN = DateTimeFormatter.ofPattern("d MMMM uuuu, HH:mm:ss 'UTC'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    /** {@code ?lang=} first; then the reader's most preferred of Chinese and English; Chinese when neither is named. */
    public static Language choose(String lang, String acceptLanguage) {
        if (lang != null && !lang.isBlank()) {
            return lang.trim().toLowerCase(Locale.ROOT).startsWith("en") ? ENGLISH : CHINESE;
        }
        if (acceptLanguage == null || acceptLanguage.isBlank()) {
            return CHINESE;
        }
        try {
            for (Locale.LanguageRange range : Locale.LanguageRange.parse(acceptLanguage).stream()
                    .sorted((a, b) -> Double.compare(b.getWeight(), a.getWeight())).toList()) {
                String tag = range.getRange().toLowerCase(Locale.ROOT);
                if (tag.startsWith("zh")) {
                    return CHINESE;
                }
                if (tag.startsWith("en")) {
                    return ENGLISH;
                }
            }
        } catch (IllegalArgumentException e) {
            return CHINESE;
        }
        return CHINESE;
    }

    /** The word or sentence for {@code key}. */
    public String get(String key) {
        String[] words = WORDS.get(key);
        if (words == null) {
            throw new IllegalArgumentException("No words for " + key);
        }
        return words[chinese ? 0 : 1];
    }

    /** {@link #get} with {@link String#format} arguments. */
    public String format(String key, Object... arguments) {
        return String.format(Locale.ROOT, get(key), arguments);
    }

    /** The words for {@code key}, or null when there are none. */
    public String find(String key) {
        String[] words = WORDS.get(key);
        return words == null ? null : words[chinese ? 0 : 1];
    }

    /** A signed document's kind ("PDF", "OFD": its format's {@code documentKind}) and page count in words. */
    public String pages(String kind, int count) {
        return format("documentPages", kind, count);
    }

    public String date(Instant instant) {
        return instant == null ? null : (chinese ? ZH : EN).format(instant);
    }

    /** {@code zh} or {@code en}, for links and forms that keep the language. */
    public String code() {
        return chinese ? "zh" : "en";
    }

    private static final Map<String, String[]> WORDS = Map.ofEntries(
            // shared
            Map.entry("htmlLang", new String[] {"zh-CN", "en"}),
            Map.entry("switch", new String[] {"English", "中文"}),
            Map.entry("switchCode", new String[] {"en", "zh"}),
            Map.entry("tooMany", new String[] {"请求过于频繁", "Too many requests"}),
            Map.entry("tooManyDetail", new String[] {"请稍后再试。", "Please try again later."}),
            // the verification page
            Map.entry("verifyTitle", new String[] {"核验已签署的文件", "Verify a signed document"}),
            Map.entry("verifyIntro", new String[] {"上传您从政府部门收到的文件，核验由谁签署、何时签署，以及签署后是否被修改。",
                    "Upload a document you received from a government office to check who signed it, when, and whether it has changed since."}),
            Map.entry("signedFile", new String[] {"已签署的文件", "Signed file"}),
            Map.entry("signedFileHelp", new String[] {"已签署的 PDF、OFD 文件，签名文件（.p7s、.p7m）或 JSON/JWS 文件。",
                    "A signed PDF or OFD, a signature file (.p7s, .p7m) or a JSON/JWS document."}),
            Map.entry("originalFile", new String[] {"原始文件（仅用于单独的 .p7s 签名）", "Original document (only for a separate .p7s signature)"}),
            Map.entry("check", new String[] {"核验", "Check"}),
            Map.entry("resultTitle", new String[] {"核验结果", "Verification result"}),
            Map.entry("noSignature", new String[] {"未发现签名", "No signature found"}),
            Map.entry("noSignatureSummary", new String[] {"该文件不含电子签名，无法确认其出具者。",
                    "This file carries no electronic signature, so nothing about who issued it can be confirmed."}),
            Map.entry("theSignature", new String[] {"该签名", "The signature"}),
            Map.entry("allSignatures", new String[] {"全部 %d 个签名", "All %d signatures"}),
            Map.entry("someSignature", new String[] {"%d 个签名中至少有一个", "At least one of the %d signatures"}),
            Map.entry("summaryValidOne", new String[] {"本 %2$s 文件上的%1$s完好，签署所用证书在签署时有效且可信。",
                    "%1$s on this %2$s document is intact and was made with a certificate that was valid and trusted at the time."}),
            Map.entry("summaryValidMany", new String[] {"本 %2$s 文件上的%1$s均完好，签署所用证书在签署时有效且可信。",
                    "%1$s on this %2$s document are intact and were made with certificates that were valid and trusted at the time."}),
            Map.entry("summaryIndeterminate", new String[] {"%s无法确认。在下述原因解决之前，请勿依赖该文件。",
                    "%s could not be confirmed. Do not rely on the document until the reason below is resolved."}),
            Map.entry("summaryFailed", new String[] {"%s验证失败。请勿依赖该文件。", "%s failed. Do not rely on this document."}),
            Map.entry("signatureNumber", new String[] {"签名 %d：%s", "Signature %d: %s"}),
            Map.entry("signedBy", new String[] {"签署人", "Signed by"}),
            Map.entry("unknown", new String[] {"未知", "unknown"}),
            Map.entry("organisation", new String[] {"单位", "Organisation"}),
            Map.entry("issuedBy", new String[] {"证书颁发者", "Certificate issued by"}),
            Map.entry("signedAt", new String[] {"签署时间", "Signed at"}),
            Map.entry("level", new String[] {"签名级别", "Signature level"}),
            Map.entry("seal", new String[] {"电子印章", "Electronic seal"}),
            Map.entry("sealPicture", new String[] {"印章图片", "The seal's picture"}),
            Map.entry("officialSeal", new String[] {"公章", "official seal"}),
            Map.entry("sealType", new String[] {"印章类型 %d", "seal type %d"}),
            Map.entry("sealDescription", new String[] {"%s（%s，编号 %s%s）", "%s (%s, ID %s%s)"}),
            Map.entry("sealMaker", new String[] {"，制章者 %s", ", made by %s"}),
            Map.entry("problems", new String[] {"问题", "Problems"}),
            Map.entry("notes", new String[] {"提示", "Worth knowing"}),
            Map.entry("provenByTimeStamp", new String[] {"由时间戳证明", "proven by a time-stamp"}),
            Map.entry("claimedBySigner", new String[] {"签署人声明的时间（无时间戳）", "as claimed by the signer (no time-stamp)"}),
            Map.entry("checkedAt", new String[] {"核验时间", "Checked at"}),
            Map.entry("unknownFormat", new String[] {"未知格式", "unknown format"}),
            Map.entry("checkAnother", new String[] {"核验其他文件", "Check another document"}),
            Map.entry("couldNotCheck", new String[] {"无法核验该文件", "The file could not be checked"}),
            Map.entry("tryAgain", new String[] {"重试", "Try again"}),
            Map.entry("noFileChosen", new String[] {"未选择文件", "No file chosen"}),
            Map.entry("noFileChosenDetail", new String[] {"请选择已签署的文件（已签署的 PDF 或 OFD、.p7s/.p7m 签名文件或 JAdES/JWS 文件）后重试。",
                    "Choose the signed file (a signed PDF or OFD, a .p7s/.p7m signature or a JAdES/JWS file) and try again."}),
            Map.entry("verifyFooter", new String[] {"SealGate 使用与合作机构相同的引擎核验签名。您上传的文件核验后即删除，不会保存。",
                    "SealGate checks the signatures with the same engine partner agencies use. Files you upload are checked and then discarded; they are not kept."}),
            // why a signature is not valid, by sub-indication
            Map.entry("HASH_FAILURE", new String[] {"文件在签署后被修改，或不是所签署的文件。",
                    "The document was changed after it was signed, or it is not the document that was signed."}),
            Map.entry("SIG_CRYPTO_FAILURE", new String[] {"签名值已损坏，或并非由签署人的密钥生成。",
                    "The signature value is damaged or was not made with the signer's key."}),
            Map.entry("REVOKED", new String[] {"签署人的证书在签署前已被吊销。", "The signer's certificate had been revoked before the signature was made."}),
            Map.entry("REVOKED_NO_POE", new String[] {"签署人的证书已被吊销，且没有证据表明签名早于吊销。",
                    "The signer's certificate has been revoked and nothing proves the signature was made before that."}),
            Map.entry("REVOKED_CA_NO_POE", new String[] {"签署人上级的某个证书颁发机构已被吊销。", "A certificate authority above the signer has been revoked."}),
            Map.entry("NO_CERTIFICATE_CHAIN_FOUND", new String[] {"签署人的证书无法追溯到本服务信任的证书颁发机构。",
                    "The signer's certificate does not lead to an authority this service trusts."}),
            Map.entry("CERTIFICATE_CHAIN_GENERAL_FAILURE", new String[] {"无法对照其颁发机构核验签署人的证书。",
                    "The signer's certificate could not be checked against its authority."}),
            Map.entry("OUT_OF_BOUNDS_NO_POE", new String[] {"签署人的证书已过期或尚未生效，且没有证据表明签署时间。",
                    "The signer's certificate was expired or not yet valid, and nothing proves when the signature was made."}),
            Map.entry("OUT_OF_BOUNDS_NOT_REVOKED", new String[] {"签署人的证书已过期，且没有证据表明签名是在证书有效期内做出的。",
                    "The signer's certificate has expired, and nothing proves the signature was made while it was valid."}),
            Map.entry("REVOCATION_OUT_OF_BOUNDS_NO_POE", new String[] {"为签署人证书出具吊销信息的证书已过期，且没有证据表明该信息是在其有效期内出具的。",
                    "The certificate that vouched for the signer's revocation status has expired, and nothing proves it did so while valid."}),
            Map.entry("NOT_YET_VALID", new String[] {"时间戳证明签名早于签署人证书的签发时间。",
                    "A time-stamp proves the signature was made before the signer's certificate was issued."}),
            Map.entry("TRY_LATER", new String[] {"目前无法查明签署人的证书是否被吊销，请稍后再试。",
                    "Whether the signer's certificate was revoked could not be found out now. Try again later."}),
            Map.entry("FORMAT_FAILURE", new String[] {"签名格式有误。", "The signature is malformed."}),
            Map.entry("SIGNED_DATA_NOT_FOUND", new String[] {"这是单独的（分离式）签名：请同时上传所签署的文件。",
                    "This is a separate (detached) signature: upload the signed document as well."}),
            Map.entry("NO_SIGNING_CERTIFICATE_FOUND", new String[] {"签名未说明由哪张证书签署。", "The signature does not say which certificate made it."}),
            Map.entry("SIG_CONSTRAINTS_FAILURE", new String[] {"签名不符合核验策略（其级别、算法或印章的约束）。",
                    "The signature does not meet the validation policy (its level, its algorithms or its seal's constraints)."}),
            Map.entry("CRYPTO_CONSTRAINTS_FAILURE_NO_POE", new String[] {"签名使用的算法或密钥长度已不再被接受。",
                    "The signature uses an algorithm or key size that is no longer accepted."}),
            Map.entry("endedWith", new String[] {"核验结果为 %s。", "The check ended with %s."}),
            // the engine's findings (errors and warnings) by code, for readers of Chinese; English readers get the engine's own text
            Map.entry("msg.ALGORITHM_EXPIRED", new String[] {"签名或证书所用的算法在当时已不再被接受。",
                    "An algorithm of the signature or of a certificate was no longer accepted at the time."}),
            Map.entry("msg.DIGEST_NOT_ALLOWED", new String[] {"签名所用的摘要算法不被核验策略接受。",
                    "The signature's digest algorithm is not accepted by the validation policy."}),
            Map.entry("msg.FORMAT_FAILURE", new String[] {"签名格式有误，或文件在签署后被以不允许的方式修改。",
                    "The signature is malformed, or the document was changed after signing in a way that is not allowed."}),
            Map.entry("msg.HASH_FAILURE", new String[] {"文件在签署后被修改，或不是所签署的文件。",
                    "The document was changed after it was signed, or it is not the document that was signed."}),
            Map.entry("msg.KEY_TOO_SHORT", new String[] {"签署人的密钥长度不足。", "The signer's key is too short."}),
            Map.entry("msg.LEVEL_TOO_LOW", new String[] {"签名的级别低于核验策略的要求。", "The signature's level is below what the policy requires."}),
            Map.entry("msg.NO_CERTIFICATE_CHAIN_FOUND", new String[] {"签署人的证书无法追溯到本服务信任的证书颁发机构。",
                    "The signer's certificate does not lead to an authority this service trusts."}),
            Map.entry("msg.NO_SIGNING_CERTIFICATE", new String[] {"签名中没有签署人的证书。", "The signer's certificate is not in the signature."}),
            Map.entry("msg.REVOCATION_NOT_ACCEPTABLE", new String[] {"无法取得可接受的证书吊销信息。",
                    "No acceptable revocation information could be obtained."}),
            Map.entry("msg.REVOCATION_TOO_OLD", new String[] {"证书吊销信息过旧。", "The revocation information is too old."}),
            Map.entry("msg.REVOCATION_UNAVAILABLE", new String[] {"无法取得证书吊销信息。", "No revocation information could be obtained."}),
            Map.entry("msg.REVOCATION_OUT_OF_BOUNDS_NO_POE", new String[] {"出具吊销信息的证书已过期，且没有证据表明该信息是在其有效期内出具的。",
                    "The certificate that signed the revocation information has expired, and nothing proves it did so while valid."}),
            Map.entry("msg.NOT_YET_VALID", new String[] {"时间戳证明签名早于签署人证书的签发时间。",
                    "A time-stamp proves the signature was made before the signer's certificate was issued."}),
            Map.entry("msg.SIGNING_TIME_OUTSIDE_CERTIFICATE", new String[] {"签署人声明的签署时间不在其证书有效期内。",
                    "The signing time the signer states lies outside its certificate's validity."}),
            Map.entry("msg.REVOKED", new String[] {"签署人或其上级颁发机构的证书已被吊销。",
                    "The certificate of the signer or of an authority above it has been revoked."}),
            Map.entry("msg.SEAL_NOT_VALID_AT_SIGNING", new String[] {"签署时电子印章不在有效期内。",
                    "The electronic seal was not valid when the document was sealed."}),
            Map.entry("msg.SIGNED_DATA_NOT_FOUND", new String[] {"这是单独的（分离式）签名：请同时上传所签署的文件。",
                    "This is a separate (detached) signature: upload the signed document as well."}),
            Map.entry("msg.SIGNER_NOT_ALLOWED_BY_SEAL", new String[] {"签署人的证书不在该电子印章允许的证书之列。",
                    "The signer's certificate is not one the electronic seal allows."}),
            Map.entry("msg.SIGNING_CERTIFICATE_MISMATCH", new String[] {"签名所引用的签署证书与签名中的证书不一致。",
                    "The signing certificate the signature names is not the one it carries."}),
            Map.entry("msg.SIG_CRYPTO_FAILURE", new String[] {"签名值已损坏，或并非由签署人的密钥生成。",
                    "The signature value is damaged or was not made with the signer's key."}),
            Map.entry("msg.MODIFIED_AFTER_SIGNING", new String[] {"签署后文件又有修订，改变了页面显示的内容。",
                    "A revision after signing changed what the pages show."}),
            Map.entry("msg.TIMESTAMP_NOT_VALID", new String[] {"某个时间戳无法核验。", "A time-stamp could not be validated."}),
            Map.entry("msg.UNPROTECTED_FILES", new String[] {"OFD 包中有本签名未保护的文件（签署后新增或替换）。",
                    "The OFD package has files this signature does not protect (added or replaced after signing)."}),
            // the citizen's page
            Map.entry("meTitle", new String[] {"谁获取了我的数据", "Who received my data"}),
            Map.entry("signedInAs", new String[] {"当前登录：%s。", "Signed in as %s."}),
            Map.entry("noDisclosures", new String[] {"尚无任何机构通过 SealGate 获取过您的数据。", "No agency has received data about you through SealGate."}),
            Map.entry("disclosure", new String[] {"%1$s，<strong>%2$s</strong> 为 <em>%4$s</em>（案件编号 %5$s）获取了您 <em>%3$s</em> 记录的部分内容，法律依据：%6$s。",
                    "On %1$s, <strong>%2$s</strong> received part of your <em>%3$s</em> record for <em>%4$s</em> (case %5$s), on the legal basis: %6$s."}),
            // the check page of a visible signature's QR code
            Map.entry("checkTitle", new String[] {"签章核验", "Signature check"}),
            Map.entry("sealedByOrg", new String[] {"本文件加盖了以下单位的电子印章", "This document carries the electronic seal of"}),
            Map.entry("signedByOrg", new String[] {"本文件由以下单位的工作人员签署", "This document was signed by a civil servant of"}),
            Map.entry("person", new String[] {"经办人", "Civil servant"}),
            Map.entry("document", new String[] {"文件", "Document"}),
            Map.entry("documentPages", new String[] {"%s 文件，共 %d 页", "%s document, %d page(s)"}),
            Map.entry("sha256", new String[] {"签署后文件的 SHA-256", "SHA-256 of the signed file"}),
            Map.entry("status", new String[] {"证书状态", "Certificate status"}),
            Map.entry("notRevoked", new String[] {"签署证书未被吊销", "The signing certificate has not been revoked"}),
            Map.entry("revoked", new String[] {"签署证书已被吊销，吊销时间：", "The signing certificate was revoked on"}),
            Map.entry("uploadTitle", new String[] {"核对您持有的文件", "Check the file you hold"}),
            Map.entry("uploadHelp", new String[] {"上传您收到的文件（PDF 或 OFD），本页将告诉您它是否就是签署的那份文件。文件核对后即删除，不会保存。",
                    "Upload the file you received (PDF or OFD): this page tells you whether it is exactly the signed document. The file is checked and then discarded, never kept."}),
            Map.entry("choose", new String[] {"选择文件", "Choose the file"}),
            Map.entry("match", new String[] {"一致", "It matches"}),
            Map.entry("matchDetail", new String[] {"您上传的文件与签署的文件完全相同，签名验证有效。",
                    "The file you uploaded is exactly the signed document, and its signature is valid."}),
            Map.entry("matchInvalid", new String[] {"文件相同，但签名现在无法确认", "Same file, but the signature cannot be confirmed now"}),
            Map.entry("matchInvalidDetail", new String[] {"文件与签署的文件相同，验证结果：", "The file is the signed document; the verification says:"}),
            Map.entry("mismatch", new String[] {"不一致", "It does not match"}),
            Map.entry("mismatchDetail", new String[] {"您上传的文件不是这份签署的文件，或在签署后被修改过。请勿依赖该文件。",
                    "The file you uploaded is not the signed document, or it was changed after signing. Do not rely on it."}),
            Map.entry("noFile", new String[] {"未选择文件", "No file chosen"}),
            Map.entry("noFileDetail", new String[] {"请选择您收到的文件后再核对。", "Choose the file you received and try again."}),
            Map.entry("unknownTitle", new String[] {"未找到该核验码", "No signature with this code"}),
            Map.entry("unknownDetail", new String[] {"该核验码不存在或已失效。请确认二维码或网址是否完整。",
                    "This check code does not exist or is no longer valid. Make sure the QR code or address is complete."}),
            Map.entry("checkFooter", new String[] {"SealGate 核验签章时只显示签署信息，不显示文件内容或文件中任何人的个人信息。",
                    "SealGate shows who signed and when, never the document's content or personal data of anyone named in it."}));
}
