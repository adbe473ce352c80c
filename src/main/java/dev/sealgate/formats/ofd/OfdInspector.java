package dev.sealgate.formats.ofd;

import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.w3c.dom.Document;
import org.w3c.dom.Element;

import dev.sealgate.crypto.CryptoProviders;
import dev.sealgate.crypto.MalformedSignatureException;
import dev.sealgate.crypto.Names;
import dev.sealgate.crypto.SignatureFacts;
import dev.sealgate.crypto.Sm2Signatures;
import dev.sealgate.crypto.TimeStampTokens;
import dev.sealgate.formats.Inspected;
import dev.sealgate.formats.SealFacts;

/**
 * Every signature of an OFD package (GB/T 33190 {@code Signatures.xml}) as facts for the validator.
 * Integrity first, whatever else is missing: every reference's file is digested with the references'
 * {@code CheckMethod} and compared with its {@code CheckValue}, and a changed, removed or swapped file is
 * named. Then the signed value, by the signature's type: an electronic seal ({@code Type="Seal"}, the
 * default) is a GB/T 38540 / GM/T 0031 {@code SES_Signature} whose {@code dataHash} is the SM3 digest of
 * this {@code Signature.xml}, signed with SM2, carrying the seal that {@code Seal.esl} must equal; an
 * electronic signature ({@code Type="Sign"}) is a GB/T 35275 signed message over this
 * {@code Signature.xml} ({@link GbT35275}), or a bare SM2 value whose certificate travels outside the
 * package and which therefore names no signer.
 */
public final class OfdInspector {

    private OfdInspector() {
    }

    /** Whether the bytes are an OFD package (a ZIP with {@code OFD.xml}). */
    public static boolean isOfd(byte[] bytes) {
        return OfdPackage.looksLikeOfd(bytes);
    }

    public static List<Inspected> inspect(byte[] bytes) {
        try (OfdPackage pkg = OfdPackage.read(bytes)) {
            return inspect(pkg);
        }
    }

    private static List<Inspected> inspect(OfdPackage pkg) {
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
                throw OfdPackage.malformed("OFD.xml names " + OfdPackage.printable(signaturesPath) + ", which the package does not hold");
            }
            for (Element entry : OfdPackage.children(signatures.getDocumentElement(), "Signature")) {
                String location = OfdPackage.resolve(signaturesPath, entry.getAttribute("BaseLoc"));
                // GB/T 33190: Type is Seal when absent
                String type = entry.getAttribute("Type").isBlank() ? "Seal" : entry.getAttribute("Type").trim();
                String field = "Signature " + entry.getAttribute("ID") + " (" + type + ", " + location + ")";
                out.add(signature(pkg, location, signaturesPath, type, field));
            }
        }
        return out;
    }

    /** One signature: its Signature.xml read once, for the references, the signed value and the seal. */
    private static Inspected signature(OfdPackage pkg, String location, String signaturesPath, String type, String field) {
        byte[] signatureXml = pkg.file(location);
        if (signatureXml == null) {
            return unparseable("Signatures.xml names " + OfdPackage.printable(location) + ", which the package does not hold.", field, null);
        }
        Document signature = pkg.xml(location);
        Element signedInfo = OfdPackage.child(signature.getDocumentElement(), "SignedInfo");
        Element valueRef = OfdPackage.child(signature.getDocumentElement(), "SignedValue");
        Element references = signedInfo == null ? null : OfdPackage.child(signedInfo, "References");
        if (valueRef == null || references == null) {
            return unparseable(location + " has no SignedValue or no References.", field, null);
        }
        References checked = references(pkg, references, location, signaturesPath);
        if (checked.method() == null) {
            return unparseable("The references' digest method (CheckMethod) " + printable(references.getAttribute("CheckMethod"))
                    + " is not one the OFD standards name (SM3, SHA-256, SHA-1, MD5): the protected files cannot be checked.",
                    field, checked.coverage(null));
        }
        OfdCoverage coverage = checked.coverage(checked.changed());
        String valuePath = OfdPackage.resolve(location, valueRef.getTextContent());
        byte[] value = pkg.file(valuePath);
        if (value == null) {
            return unparseable("The signed value " + OfdPackage.printable(valueRef.getTextContent().trim()) + " is not in the package.",
                    field, coverage);
        }
        if (type.equals("Sign")) {
            return electronicSignature(value, signatureXml, checked, field);
        }
        if (!type.equals("Seal")) {
            return unparseable("The signature's Type is " + printable(type) + "; GB/T 33190 knows Seal and Sign.", field, coverage);
        }
        SesSignature ses;
        try {
            ses = SesSignature.parse(value);
        } catch (MalformedSignatureException e) {
            return unparseable("An electronic seal (Type=\"Seal\") whose signed value is not an SES_Signature (GB/T 38540 or GM/T 0031).",
                    field, coverage);
        }
        List<String> changed = new ArrayList<>(checked.changed());
        Element sealRef = OfdPackage.child(signedInfo, "Seal");
        Element sealLoc = sealRef == null ? null : OfdPackage.child(sealRef, "BaseLoc");
        if (sealLoc != null && ses.seal() != null) {
            // the seal file shown beside the signature must be the seal it signed (ofdrw's checkSealMatch too)
            String sealPath = OfdPackage.resolve(location, sealLoc.getTextContent());
            byte[] sealFile = pkg.file(sealPath);
            if (sealFile == null || !java.util.Arrays.equals(sealFile, ses.sealDer())) {
                changed.add(sealPath);
            }
        }
        boolean bound = java.util.Arrays.equals(ses.dataHash(), digest("SM3", signatureXml));
        SealFacts seal = ses.seal() == null ? null : sealFacts(ses);
        boolean sealValid = seal == null || seal.makerSignatureValid();
        List<X509Certificate> certificates = new ArrayList<>();
        if (ses.signer() != null) {
            certificates.add(ses.signer());
        }
        if (ses.seal() != null && ses.seal().maker() != null && !certificates.contains(ses.seal().maker())) {
            certificates.add(ses.seal().maker());
        }
        List<SignatureFacts.TimeStampFacts> timeStamps = ses.timeStamp() == null ? List.of()
                : List.of(TimeStampTokens.check(ses.timeStamp(), ses.signature()));
        coverage = checked.coverage(changed);
        return new Inspected(new SignatureFacts(true, null, ses.signer(), algorithmName(ses.algorithm()), checked.method(),
                changed.isEmpty() && bound, ses.signatureValid() && sealValid, null, ses.signingTime(), timeStamps, List.of(),
                certificates, List.of(), List.of()), context(field, seal, coverage));
    }

    /** {@code Type="Sign"}: a GB/T 35275 signed message, or a bare SM2 value. */
    private static Inspected electronicSignature(byte[] value, byte[] signatureXml, References checked, String field) {
        OfdCoverage coverage = checked.coverage(checked.changed());
        if (GbT35275.looksLikeContentInfo(value)) {
            GbT35275.Verified verified = GbT35275.verify(value, signatureXml);
            if (verified.problem() != null) {
                return unparseable(verified.problem(), field, coverage);
            }
            return new Inspected(new SignatureFacts(true, null, verified.signer(), "SM3WITHSM2", checked.method(),
                    checked.changed().isEmpty() && verified.bound(), verified.signatureValid(), null, verified.signingTime(), List.of(),
                    List.of(), verified.certificates(), List.of(), List.of()), context(field, null, coverage));
        }
        if (Sm2Signatures.isBareValue(value)) {
            // a bare signature value (its certificate is kept elsewhere): nothing names the signer, the files are still checked
            return new Inspected(new SignatureFacts(true, null, null, "SM3WITHSM2", checked.method(), checked.changed().isEmpty(), false,
                    null, null, List.of(), List.of(), List.of(), List.of(), List.of()), context(field, null, coverage));
        }
        if (looksLikeSes(value)) {
            return unparseable("An electronic signature (Type=\"Sign\") whose signed value is an electronic seal's SES_Signature;"
                    + " GB/T 33190 and GM/T 0099 make a Sign value a GB/T 35275 signed message.", field, coverage);
        }
        return unparseable("The signed value is neither a GB/T 35275 signed message nor an SM2 signature value.", field, coverage);
    }

    private static boolean looksLikeSes(byte[] value) {
        try {
            SesSignature.parse(value);
            return true;
        } catch (MalformedSignatureException e) {
            return false;
        }
    }

    private static Inspected unparseable(String problem, String field, OfdCoverage coverage) {
        return new Inspected(SignatureFacts.unparseable(problem), context(field, null, coverage));
    }

    /**
     * The references checked: the digest method (null when it is not one SealGate knows), the protected
     * files, those that no longer match, and the package's files left unprotected.
     */
    private record References(String method, int protectedFiles, List<String> changed, List<String> unprotected) {

        OfdCoverage coverage(List<String> changedFiles) {
            return new OfdCoverage(protectedFiles, changedFiles == null || changedFiles.isEmpty() ? null : List.copyOf(changedFiles),
                    unprotected.isEmpty() ? null : unprotected, method);
        }
    }

    /**
     * Every reference's file present and its digest equal to its CheckValue. A {@code FileRef} is a
     * GB/T 33190 {@code ST_Loc}: absolute from the package root, or relative to the file that names it
     * ({@code Signature.xml}). A References element without references protects nothing and is reported
     * as such. Signatures.xml is checked like every other file: a signature that protects it forbids
     * later signatures (ofdrw refuses to add one), so a list that changed after it is a change.
     */
    private static References references(OfdPackage pkg, Element references, String location, String signaturesPath) {
        String method = checkMethod(references.getAttribute("CheckMethod"), references.hasAttribute("CheckMethod"));
        List<Element> list = OfdPackage.children(references, "Reference");
        List<String> changed = new ArrayList<>();
        Set<String> protectedFiles = new HashSet<>();
        if (list.isEmpty()) {
            changed.add("(no Reference: the signature protects no file)");
        }
        for (Element reference : list) {
            String path = OfdPackage.resolve(location, reference.getAttribute("FileRef"));
            protectedFiles.add(path);
            if (method == null) {
                continue;
            }
            byte[] file = pkg.file(path);
            Element check = OfdPackage.child(reference, "CheckValue");
            byte[] expected;
            try {
                expected = check == null ? null : Base64.getMimeDecoder().decode(check.getTextContent().trim());
            } catch (IllegalArgumentException e) {
                expected = null;
            }
            if (file == null || expected == null || !java.util.Arrays.equals(expected, digest(method, file))) {
                changed.add(OfdPackage.printable(path));
            }
        }
        String own = location.contains("/") ? location.substring(0, location.lastIndexOf('/') + 1) : "";
        String signsFolder = signaturesPath.contains("/") ? signaturesPath.substring(0, signaturesPath.lastIndexOf('/') + 1) : "";
        List<String> unprotected = pkg.names().stream()
                .filter(name -> !protectedFiles.contains(name) && !name.equals(signaturesPath) && !name.startsWith(own)
                        && !(name.startsWith(signsFolder) && !signsFolder.isEmpty() && name.substring(signsFolder.length()).contains("/")))
                .toList();
        return new References(method, protectedFiles.size(), changed, unprotected);
    }

    /**
     * The JCA name of a {@code CheckMethod}, by name or OID; null when unknown. GB/T 33190's schema
     * (Signature.xsd) gives the attribute the default MD5, so an absent one is MD5 — which the
     * validator's algorithm table then judges, as it judges SHA-1.
     */
    static String checkMethod(String value, boolean present) {
        if (!present) {
            return "MD5";
        }
        return switch (value.trim().toUpperCase(Locale.ROOT).replace("-", "")) {
            case "SM3", "1.2.156.10197.1.401" -> "SM3";
            case "SHA256", "2.16.840.1.101.3.4.2.1" -> "SHA-256";
            case "SHA1", "1.3.14.3.2.26" -> "SHA-1";
            case "MD5", "1.2.840.113549.2.5" -> "MD5";
            default -> null;
        };
    }

    private static String algorithmName(org.bouncycastle.asn1.ASN1ObjectIdentifier algorithm) {
        return Sm2Signatures.isSm2Algorithm(algorithm) ? "SM3WITHSM2" : algorithm == null ? null : algorithm.getId();
    }

    private static String printable(String text) {
        return "\"" + OfdPackage.printable(text.length() > 64 ? text.substring(0, 64) + "…" : text) + "\"";
    }

    private static byte[] digest(String name, byte[] data) {
        try {
            return MessageDigest.getInstance(name, CryptoProviders.bc()).digest(data);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(name + " is not available", e);
        }
    }

    /** An OFD signature's context: its electronic seal (null for a signature without one), what it protects. */
    private static Inspected.Context context(String field, SealFacts seal, OfdCoverage coverage) {
        return new Inspected.Context("OFD", field, List.of(), List.of(), List.of(), List.of(), List.of(), seal, new OfdFindings(coverage));
    }

    private static final int MAX_PICTURE = 1 << 20;

    /** The seal a GB/T 38540 signature carries, as the report shows it. */
    static SealFacts sealFacts(SesSignature signature) {
        SesSignature.Seal seal = signature.seal();
        java.time.Instant at = signature.signingTime();
        Boolean inValidity = at == null || seal.validFrom() == null || seal.validTo() == null ? null
                : !at.isBefore(seal.validFrom()) && !at.isAfter(seal.validTo());
        return new SealFacts(seal.id(), seal.name(), seal.type(), seal.version(),
                seal.maker() == null ? null : Names.readable(seal.maker().getSubjectX500Principal()),
                seal.validFrom() == null ? null : seal.validFrom().toString(), seal.validTo() == null ? null : seal.validTo().toString(),
                seal.makerSignatureValid(), signature.signer() != null && seal.allows(signature.signer()), inValidity, seal.pictureType(),
                dataUri(seal.pictureType(), seal.picture()));
    }

    private static String dataUri(String type, byte[] picture) {
        if (picture == null || picture.length == 0 || picture.length > MAX_PICTURE) {
            return null;
        }
        String media = switch (type == null ? "" : type.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "png" -> "image/png";
            case "jpg", "jpeg" -> "image/jpeg";
            case "gif" -> "image/gif";
            case "bmp" -> "image/bmp";
            case "svg" -> "image/svg+xml";
            case "ofd" -> "application/ofd";
            default -> "application/octet-stream";
        };
        return "data:" + media + ";base64," + java.util.Base64.getEncoder().encodeToString(picture);
    }
}
