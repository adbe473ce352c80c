package dev.sealgate.formats.ofd;

import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import org.w3c.dom.Document;
import org.w3c.dom.Element;

import dev.sealgate.crypto.CryptoProviders;
import dev.sealgate.crypto.MalformedSignatureException;
import dev.sealgate.crypto.SignatureFacts;
import dev.sealgate.formats.Inspected;

/**
 * Every signature of an OFD package (GB/T 33190 {@code Signatures.xml}), electronic seals
 * ({@code Type="Seal"}, GB/T 38540 / GM/T 0031) and electronic signatures ({@code Type="Sign"}), as
 * facts for the validator: each protected file's digest recomputed against its {@code CheckValue}, the
 * {@code SES_Signature}'s digest of {@code Signature.xml} and its SM2 signature, the seal maker's
 * signature over the seal. A signature value that is not an {@code SES_Signature} (a bare SM2 value,
 * whose certificate travels outside the package) has no signing certificate to report.
 */
public final class OfdInspector {


    private OfdInspector() {
    }

    /** Whether the bytes are an OFD package (a ZIP with {@code OFD.xml}). */
    public static boolean isOfd(byte[] bytes) {
        return OfdPackage.looksLikeOfd(bytes);
    }

    public static List<Inspected> inspect(byte[] bytes) {
        OfdPackage pkg = OfdPackage.read(bytes);
        Document ofd = pkg.xml("OFD.xml");
        List<Inspected> out = new ArrayList<>();
        for (Element body : OfdPackage.children(ofd.getDocumentElement(), "DocBody")) {
            Element signaturesRef = OfdPackage.child(body, "Signatures");
            if (signaturesRef == null) {
                continue;
            }
            String signaturesPath = OfdPackage.resolve("OFD.xml", signaturesRef.getTextContent());
            Document signatures = pkg.xml(signaturesPath);
            if (signatures == null) {
                throw OfdPackage.malformed("OFD.xml names " + signaturesPath + ", which the package does not hold");
            }
            for (Element entry : OfdPackage.children(signatures.getDocumentElement(), "Signature")) {
                String location = OfdPackage.resolve(signaturesPath, entry.getAttribute("BaseLoc"));
                String field = "Signature " + entry.getAttribute("ID") + " (" + (entry.getAttribute("Type").isEmpty() ? "Seal"
                        : entry.getAttribute("Type")) + ", " + location + ")";
                out.add(signature(pkg, location, signaturesPath, entry.getAttribute("BaseLoc"), field));
            }
        }
        return out;
    }

    /** One signature: its Signature.xml read once, for the facts, the seal and what it protects. */
    private static Inspected signature(OfdPackage pkg, String location, String signaturesPath, String baseLoc, String field) {
        byte[] signatureXml = pkg.file(location);
        Document signature = pkg.xml(location);
        if (signature == null) {
            return new Inspected(SignatureFacts.unparseable("Signatures.xml names " + location + ", which the package does not hold."),
                    Inspected.Context.ofd(field, null, null));
        }
        Element signedInfo = OfdPackage.child(signature.getDocumentElement(), "SignedInfo");
        Element valueRef = OfdPackage.child(signature.getDocumentElement(), "SignedValue");
        Element references = signedInfo == null ? null : OfdPackage.child(signedInfo, "References");
        if (valueRef == null || references == null) {
            return new Inspected(SignatureFacts.unparseable(location + " has no SignedValue or no References."),
                    Inspected.Context.ofd(field, null, null));
        }
        OfdCoverage coverage = coverage(pkg, references, location, signaturesPath);
        boolean referencesMatch = referencesMatch(pkg, references, signaturesPath, baseLoc);
        byte[] value = pkg.file(OfdPackage.resolve(location, valueRef.getTextContent()));
        if (value == null) {
            return new Inspected(SignatureFacts.unparseable("The signed value " + valueRef.getTextContent().trim()
                    + " is not in the package."), Inspected.Context.ofd(field, null, coverage));
        }
        SesSignature ses;
        try {
            ses = SesSignature.parse(value);
        } catch (MalformedSignatureException e) {
            org.bouncycastle.cms.CMSSignedData cms = GbT35275.parse(value, signatureXml);
            if (cms != null) {
                // an electronic signature as a GB/T 35275 signed message over Signature.xml
                GbT35275.Verified verified = GbT35275.verify(cms, signatureXml);
                List<X509Certificate> carried = verified == null ? null : certificates(cms);
                if (verified == null || carried == null) {
                    return new Inspected(SignatureFacts.unparseable("The signed value is a damaged GB/T 35275 signed message."),
                            Inspected.Context.ofd(field, null, coverage));
                }
                return new Inspected(new SignatureFacts(true, null, verified.signer(), "SM3WITHSM2", "SM3",
                        referencesMatch && verified.intact(), verified.signatureValid(), null, verified.signingTime(), List.of(),
                        List.of(), carried, List.of(), List.of()), Inspected.Context.ofd(field, null, coverage));
            }
            // a bare signature value (an electronic signature whose certificate is kept elsewhere): nothing names the signer
            return new Inspected(new SignatureFacts(true, null, null, "SM3WITHSM2", "SM3", referencesMatch, false, null, null,
                    List.of(), List.of(), List.of(), List.of(), List.of()), Inspected.Context.ofd(field, null, coverage));
        }
        boolean dataHashMatches = java.util.Arrays.equals(ses.dataHash(), sm3(signatureXml));
        SealFacts seal = ses.seal() == null ? null : SealFacts.of(ses);
        boolean sealValid = seal == null || seal.makerSignatureValid();
        List<X509Certificate> certificates = new ArrayList<>();
        if (ses.signer() != null) {
            certificates.add(ses.signer());
        }
        if (ses.seal() != null && ses.seal().maker() != null && !certificates.contains(ses.seal().maker())) {
            certificates.add(ses.seal().maker());
        }
        List<SignatureFacts.TimeStampFacts> timeStamps = ses.timeStamp() == null ? List.of()
                : List.of(dev.sealgate.crypto.TimeStampTokens.check(ses.timeStamp(), ses.signature()));
        return new Inspected(new SignatureFacts(true, null, ses.signer(), "SM3WITHSM2", "SM3", referencesMatch && dataHashMatches,
                ses.signatureValid() && sealValid, null, ses.signingTime(), timeStamps, List.of(), certificates, List.of(), List.of()),
                Inspected.Context.ofd(field, seal, coverage));
    }

    /**
     * Every reference's file present and its digest (SM3 unless the References name another) equal to
     * its CheckValue. The list of signatures itself is the one file a later signature must change (it
     * adds its own entry): when it no longer matches, it is compared as it stood when this signature was
     * made — the list up to this signature's entry (and the MaxSignId after it), later entries cut off.
     */
    private static boolean referencesMatch(OfdPackage pkg, Element references, String signaturesPath, String baseLoc) {
        String method = references.getAttribute("CheckMethod").trim().toUpperCase(Locale.ROOT);
        List<Element> list = OfdPackage.children(references, "Reference");
        if (list.isEmpty()) {
            return false;
        }
        for (Element reference : list) {
            byte[] file = pkg.file(reference.getAttribute("FileRef"));
            Element check = OfdPackage.child(reference, "CheckValue");
            if (file == null || check == null) {
                return false;
            }
            byte[] expected;
            try {
                expected = Base64.getDecoder().decode(check.getTextContent().trim());
            } catch (IllegalArgumentException e) {
                return false;
            }
            if (!java.util.Arrays.equals(expected, digest(method, file))) {
                boolean isList = OfdPackage.resolve("OFD.xml", reference.getAttribute("FileRef")).equals(signaturesPath);
                byte[] earlier = isList ? listBeforeLaterSignatures(file, baseLoc) : null;
                if (earlier == null || !java.util.Arrays.equals(expected, digest(method, earlier))) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * The files of the package this signature's references protect, and those it does not: its own
     * folder (Signature.xml, the signed value), the signature list and the other signatures' folders
     * aside, an unprotected file was added or replaced after signing without this signature saying so.
     */
    private static OfdCoverage coverage(OfdPackage pkg, Element references, String location, String signaturesPath) {
        java.util.Set<String> protectedFiles = new java.util.HashSet<>();
        for (Element reference : OfdPackage.children(references, "Reference")) {
            protectedFiles.add(OfdPackage.resolve("OFD.xml", reference.getAttribute("FileRef")));
        }
        String own = location.contains("/") ? location.substring(0, location.lastIndexOf('/') + 1) : "";
        String signsFolder = signaturesPath.contains("/") ? signaturesPath.substring(0, signaturesPath.lastIndexOf('/') + 1) : "";
        List<String> unprotected = pkg.names().stream()
                .filter(name -> !protectedFiles.contains(name) && !name.equals(signaturesPath) && !name.startsWith(own)
                        && !(name.startsWith(signsFolder) && !signsFolder.isEmpty() && name.substring(signsFolder.length()).contains("/")))
                .toList();
        return new OfdCoverage(protectedFiles.size(), unprotected.isEmpty() ? null : unprotected);
    }

    /** Signatures.xml as it stood when the signature at {@code baseLoc} was added; null when it cannot be told. */
    private static byte[] listBeforeLaterSignatures(byte[] list, String baseLoc) {
        String text = new String(list, java.nio.charset.StandardCharsets.UTF_8);
        java.util.regex.Matcher entry = java.util.regex.Pattern.compile("<([\\w.-]+:)?Signature\\b[^>]*\\bBaseLoc=\""
                + java.util.regex.Pattern.quote(baseLoc) + "\"[^>]*/>").matcher(text);
        int close = text.lastIndexOf("</");
        if (!entry.find() || close < entry.end()) {
            return null;
        }
        int end = entry.end();
        java.util.regex.Matcher max = java.util.regex.Pattern.compile("\\G\\s*<([\\w.-]+:)?MaxSignId>[^<]*</([\\w.-]+:)?MaxSignId>")
                .matcher(text);
        if (max.find(end)) {
            end = max.end();
        }
        if (end == close) {
            return null;
        }
        return (text.substring(0, end) + text.substring(close)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static List<X509Certificate> certificates(org.bouncycastle.cms.CMSSignedData cms) {
        try {
            return dev.sealgate.crypto.CmsVerifiers.certificates(cms);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static byte[] digest(String method, byte[] data) {
        try {
            String name = method.isEmpty() || method.equals("SM3") || method.equals("1.2.156.10197.1.401") ? "SM3"
                    : method.equals("SHA256") || method.equals("SHA-256") || method.equals("2.16.840.1.101.3.4.2.1") ? "SHA-256"
                    : null;
            return name == null ? new byte[0] : MessageDigest.getInstance(name, CryptoProviders.bc()).digest(data);
        } catch (java.security.GeneralSecurityException e) {
            return new byte[0];
        }
    }

    private static byte[] sm3(byte[] data) {
        return digest("SM3", data);
    }

}
