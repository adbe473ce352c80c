package dev.sealgate.verification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERGeneralizedTime;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sealgate.support.ProblemException;
import dev.sealgate.support.ProblemType;
import dev.sealgate.testsupport.TestOfd;
import dev.sealgate.verification.report.Indication;
import dev.sealgate.verification.report.SubIndication;
import dev.sealgate.verification.report.ValidationReport;

/**
 * The seal forms real issuers use, each made here field by field as GB/T 38540 and GM/T 0031 describe
 * it, with its tampered twin: SM2 values as DER {@code SEQUENCE { r, s }} and as 64 bytes {@code r || s},
 * seals listing their signers by certificate or by certificate digest, a GM/T 0031 seal whose list is
 * not a list, the seal maker signing the standard's reading, every {@code CheckMethod} form, relative
 * {@code FileRef}s, Suwell's namespace throughout, and a ZIP whose central directory names another page
 * than its local headers. The signer's self-signed SM2 certificate is the trust anchor, so an intact
 * seal is {@code TOTAL_PASSED} and what decides each verdict is the form alone.
 */
class OfdFormsTest {

    private static final String NS_2016 = "http://www.ofdspec.org/2016";
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static KeyPair key;
    private static X509Certificate certificate;
    private static DocumentValidator validator;
    private static Instant now;

    @TempDir
    Path dir;

    @BeforeAll
    static void signer() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", BC);
        generator.initialize(new ECGenParameterSpec("sm2p256v1"));
        key = generator.generateKeyPair();
        now = Instant.now();
        X500Name name = new X500Name("CN=示范市民政局 印章,O=OFD forms test,C=CN");
        var builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minusSeconds(86_400)),
                Date.from(now.plusSeconds(86_400 * 365)), name, key.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
        certificate = new JcaX509CertificateConverter().setProvider(BC)
                .getCertificate(builder.build(new JcaContentSignerBuilder("SM3withSM2").setProvider(BC).build(key.getPrivate())));
        validator = OfflineValidation.validator(List.of(certificate), now);
    }

    /** How a test seal is made; each field one form. */
    private record Form(int version, boolean rawSignature, boolean certificateDigests, boolean makerSignsStandardReading,
            boolean certificateListIsText, String checkMethod, boolean relativeReferences, String namespace) {

        static Form v4() {
            return new Form(4, false, false, false, false, "SM3", false, NS_2016);
        }

        Form version(int v) {
            return new Form(v, rawSignature, certificateDigests, makerSignsStandardReading, certificateListIsText, checkMethod,
                    relativeReferences, namespace);
        }

        Form raw() {
            return new Form(version, true, certificateDigests, makerSignsStandardReading, certificateListIsText, checkMethod,
                    relativeReferences, namespace);
        }

        Form digests() {
            return new Form(version, rawSignature, true, makerSignsStandardReading, certificateListIsText, checkMethod,
                    relativeReferences, namespace);
        }

        Form standardReading() {
            return new Form(version, rawSignature, certificateDigests, true, certificateListIsText, checkMethod, relativeReferences,
                    namespace);
        }

        Form textList() {
            return new Form(version, rawSignature, certificateDigests, makerSignsStandardReading, true, checkMethod,
                    relativeReferences, namespace);
        }

        /** null: no CheckMethod attribute at all. */
        Form checkMethod(String method) {
            return new Form(version, rawSignature, certificateDigests, makerSignsStandardReading, certificateListIsText, method,
                    relativeReferences, namespace);
        }

        Form relative() {
            return new Form(version, rawSignature, certificateDigests, makerSignsStandardReading, certificateListIsText, checkMethod,
                    true, namespace);
        }

        Form suwell() {
            return new Form(version, rawSignature, certificateDigests, makerSignsStandardReading, certificateListIsText, checkMethod,
                    relativeReferences, "http://www.ofdspec.org");
        }
    }

    @Test
    void aV4SealWithADerValueAndItsTwinWithAFlippedByte() throws Exception {
        assertPassed(Form.v4());
        assertFailed(flipSignature(seal(Form.v4())), SubIndication.SIG_CRYPTO_FAILURE);
    }

    @Test
    void anSm2ValueAsRAndSConcatenatedAndItsTwin() throws Exception {
        assertPassed(Form.v4().raw());
        assertFailed(flipSignature(seal(Form.v4().raw())), SubIndication.SIG_CRYPTO_FAILURE);
        assertPassed(Form.v4().version(1).raw());
    }

    @Test
    void aSealListingItsSignersByCertificateDigest() throws Exception {
        ValidationReport.SignatureReport s = assertPassed(Form.v4().digests());
        assertTrue(s.seal().signerListed());
    }

    @Test
    void aSealMakerSigningEitherReadingOfTheSeal() throws Exception {
        assertTrue(assertPassed(Form.v4().standardReading()).seal().makerSignatureValid());
        assertTrue(assertPassed(Form.v4().version(1).standardReading()).seal().makerSignatureValid());
    }

    @Test
    void aGmT0031SealWhoseCertificateListIsNotAListStillNamesItsSigner() throws Exception {
        ValidationReport.SignatureReport s = verify(seal(Form.v4().version(1).textList())).get(0);
        assertNotEquals(SubIndication.NO_SIGNING_CERTIFICATE_FOUND, s.subIndication(), "the signer's certificate is in TBS_Sign");
        assertEquals(SubIndication.SIG_CONSTRAINTS_FAILURE, s.subIndication(), "a list that lists nobody allows nobody");
        assertFalse(s.seal().signerListed());
        assertTrue(s.seal().makerSignatureValid());
        assertFailed(change(seal(Form.v4().version(1).textList()), "Doc_0/Pages/Page_0/Content.xml"), SubIndication.HASH_FAILURE);
    }

    @Test
    void everyCheckMethodForm() throws Exception {
        assertEquals("SHA-256", ReportParts.ofd(assertPassed(Form.v4().checkMethod("SHA-256"))).checkMethod());
        assertPassed(Form.v4().checkMethod("1.2.156.10197.1.401"));
        // absent: MD5, as GB/T 33190's schema says; MD5 proves nothing today
        ValidationReport.SignatureReport md5 = verify(seal(Form.v4().checkMethod(null))).get(0);
        assertEquals("MD5", ReportParts.ofd(md5).checkMethod());
        assertEquals(Indication.INDETERMINATE, md5.indication(), String.valueOf(md5.errors()));
        assertEquals(SubIndication.CRYPTO_CONSTRAINTS_FAILURE_NO_POE, md5.subIndication(), String.valueOf(md5.errors()));
        assertFailed(change(seal(Form.v4().checkMethod(null)), "Doc_0/Pages/Page_0/Content.xml"), SubIndication.HASH_FAILURE);
        // SM3 digests under no attribute: read as MD5, they do not match
        assertFailed(resign(edit(seal(Form.v4()), "Doc_0/Signs/Sign_0/Signature.xml", xml -> xml.replace(" CheckMethod=\"SM3\"", ""))),
                SubIndication.HASH_FAILURE);
        ValidationReport.SignatureReport unknown = verify(seal(Form.v4().checkMethod("GOST3411"))).get(0);
        assertEquals(Indication.TOTAL_FAILED, unknown.indication());
        assertEquals(SubIndication.FORMAT_FAILURE, unknown.subIndication());
        assertTrue(unknown.errors().get(0).text().contains("GOST3411"), String.valueOf(unknown.errors()));
    }

    @Test
    void referencesRelativeToSignatureXml() throws Exception {
        assertPassed(Form.v4().relative());
        ValidationReport.SignatureReport changed = verify(change(seal(Form.v4().relative()), "Doc_0/Pages/Page_0/Content.xml")).get(0);
        assertEquals(SubIndication.HASH_FAILURE, changed.subIndication());
        assertEquals(List.of("Doc_0/Pages/Page_0/Content.xml"), ReportParts.ofd(changed).changedFiles());
    }

    @Test
    void suwellsNamespaceThroughout() throws Exception {
        byte[] sealed = seal(Form.v4().suwell());
        assertTrue(new String(TestOfd.entries(sealed).get("OFD.xml"), StandardCharsets.UTF_8).contains("\"http://www.ofdspec.org\""));
        assertPassed(Form.v4().suwell());
        assertFailed(change(sealed, "Doc_0/Pages/Page_0/Content.xml"), SubIndication.HASH_FAILURE);
    }

    @Test
    void aChangedFileIsNamedWhateverElseIsMissing() throws Exception {
        // the signed value unreadable, and a page changed: the change is what the report says
        byte[] broken = replace(seal(Form.v4()), "Doc_0/Signs/Sign_0/SignedValue.dat", new byte[] {0x30, 0x03, 0x02, 0x01, 0x01});
        assertFailed(broken, SubIndication.FORMAT_FAILURE);
        ValidationReport.SignatureReport s = verify(change(broken, "Doc_0/Pages/Page_0/Content.xml")).get(0);
        assertEquals(SubIndication.HASH_FAILURE, s.subIndication());
        assertEquals(List.of("Doc_0/Pages/Page_0/Content.xml"), ReportParts.ofd(s).changedFiles());
    }

    @Test
    void aSealFileThatIsNotTheSignedSealIsAChange() throws Exception {
        // Seal.esl left out of the references, then replaced by another seal: the signed value still carries the first
        byte[] sealed = seal(Form.v4());
        byte[] unreferenced = edit(sealed, "Doc_0/Signs/Sign_0/Signature.xml",
                xml -> xml.replaceFirst("<ofd:Reference FileRef=\"/Doc_0/Signs/Sign_0/Seal.esl\"><ofd:CheckValue>[^<]*</ofd:CheckValue></ofd:Reference>", ""));
        byte[] resigned = resign(unreferenced);
        assertPassed(resigned);
        ValidationReport.SignatureReport s = verify(replace(resigned, "Doc_0/Signs/Sign_0/Seal.esl", seal(Form.v4().version(1), true))).get(0);
        assertEquals(SubIndication.HASH_FAILURE, s.subIndication());
        assertEquals(List.of("Doc_0/Signs/Sign_0/Seal.esl"), ReportParts.ofd(s).changedFiles());
    }

    @Test
    void aZipWhoseCentralDirectoryShowsAnotherPageIsRefused() throws Exception {
        byte[] sealed = seal(Form.v4());
        Map<String, byte[]> files = TestOfd.entries(sealed);
        String page = "Doc_0/Pages/Page_0/Content.xml";
        String decoy = "Doc_0/Pages/Page_0/Content.xmX";
        files.put(decoy, new String(files.get(page), StandardCharsets.UTF_8).replace("示范", "伪造").getBytes(StandardCharsets.UTF_8));
        byte[] zip = TestOfd.zip(files);
        assertPassed(zip);
        // the central directory's two names swapped: a reader that follows it sees the forged page under the signed name
        byte[] swapped = swapDirectoryNames(zip, page, decoy);
        ProblemException refused = assertThrows(ProblemException.class, () -> verify(swapped));
        assertEquals(ProblemType.MALFORMED_OFD, refused.type());
        assertTrue(refused.getMessage().contains("central directory"), refused.getMessage());
        // bytes hidden between two entries
        ProblemException hidden = assertThrows(ProblemException.class, () -> verify(withGapBeforeDirectory(zip)));
        assertEquals(ProblemType.MALFORMED_OFD, hidden.type());
    }

    // ---- making the seals ----

    private ValidationReport.SignatureReport assertPassed(Form form) throws Exception {
        return assertPassed(seal(form));
    }

    private ValidationReport.SignatureReport assertPassed(byte[] ofd) throws Exception {
        ValidationReport.SignatureReport s = verify(ofd).get(0);
        assertEquals(Indication.TOTAL_PASSED, s.indication(), s.subIndication() + " " + s.errors());
        return s;
    }

    private void assertFailed(byte[] ofd, SubIndication expected) throws Exception {
        ValidationReport.SignatureReport s = verify(ofd).get(0);
        assertEquals(Indication.TOTAL_FAILED, s.indication(), s.subIndication() + " " + s.errors());
        assertEquals(expected, s.subIndication(), String.valueOf(s.errors()));
    }

    private List<ValidationReport.SignatureReport> verify(byte[] ofd) throws Exception {
        Path file = Files.createTempFile(dir, "form-", ".ofd");
        Files.write(file, ofd);
        return validator.validate(file, null, null, now).signatures();
    }

    private byte[] seal(Form form) throws Exception {
        Map<String, byte[]> files = TestOfd.entries(TestOfd.unsigned(1, "示范市民政局 通知"));
        files.replaceAll((name, bytes) -> new String(bytes, StandardCharsets.UTF_8).replace(NS_2016, form.namespace())
                .getBytes(StandardCharsets.UTF_8));
        files.put("OFD.xml", new String(files.get("OFD.xml"), StandardCharsets.UTF_8)
                .replace("</ofd:DocBody>", "<ofd:Signatures>/Doc_0/Signs/Signatures.xml</ofd:Signatures></ofd:DocBody>")
                .getBytes(StandardCharsets.UTF_8));
        byte[] seal = seal(form, false);
        files.put("Doc_0/Signs/Sign_0/Seal.esl", seal);
        files.put("Doc_0/Signs/Sign_0/Signature.xml", signatureXml(form, files));
        files.put("Doc_0/Signs/Sign_0/SignedValue.dat", sesSignature(form, seal, files.get("Doc_0/Signs/Sign_0/Signature.xml")));
        files.put("Doc_0/Signs/Signatures.xml", xml("<ofd:Signatures xmlns:ofd=\"" + form.namespace() + "\"><ofd:MaxSignId>1</ofd:MaxSignId>"
                + "<ofd:Signature ID=\"1\" Type=\"Seal\" BaseLoc=\"Sign_0/Signature.xml\"/></ofd:Signatures>"));
        return TestOfd.zip(files);
    }

    /** Signature.xml over every file so far but the list, with the form's CheckMethod and paths. */
    private static byte[] signatureXml(Form form, Map<String, byte[]> files) throws Exception {
        String digestName = form.checkMethod() == null ? "MD5" : switch (form.checkMethod()) {
            case "SHA-256" -> "SHA-256";
            case "GOST3411" -> "SHA-256";
            default -> "SM3";
        };
        StringBuilder references = new StringBuilder();
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            String path = file.getKey();
            String ref = !form.relativeReferences() ? "/" + path
                    : path.startsWith("Doc_0/Signs/Sign_0/") ? path.substring("Doc_0/Signs/Sign_0/".length())
                    : path.startsWith("Doc_0/") ? "../../" + path.substring("Doc_0/".length()) : "/" + path;
            references.append("<ofd:Reference FileRef=\"").append(ref).append("\"><ofd:CheckValue>")
                    .append(Base64.getEncoder().encodeToString(MessageDigest.getInstance(digestName, BC).digest(file.getValue())))
                    .append("</ofd:CheckValue></ofd:Reference>");
        }
        return xml("<ofd:Signature xmlns:ofd=\"" + form.namespace() + "\"><ofd:SignedInfo><ofd:Provider ProviderName=\"forms test\"/>"
                + "<ofd:SignatureMethod>1.2.156.10197.1.501</ofd:SignatureMethod>"
                + "<ofd:References" + (form.checkMethod() == null ? "" : " CheckMethod=\"" + form.checkMethod() + "\"") + ">" + references
                + "</ofd:References><ofd:StampAnnot ID=\"1\" PageRef=\"10\" Boundary=\"150 230 40 40\"/>"
                + "<ofd:Seal><ofd:BaseLoc>" + (form.relativeReferences() ? "Seal.esl" : "/Doc_0/Signs/Sign_0/Seal.esl") + "</ofd:BaseLoc></ofd:Seal>"
                + "</ofd:SignedInfo><ofd:SignedValue>" + (form.relativeReferences() ? "SignedValue.dat" : "/Doc_0/Signs/Sign_0/SignedValue.dat")
                + "</ofd:SignedValue></ofd:Signature>");
    }

    /**
     * SESeal: V4 (GB/T 38540: header ES/4, ID, property with certListType 1 (certificates) or 2 (CertDigestObj),
     * picture; maker's cert, algorithm, signature) or V1 (GM/T 0031: property's certList a SEQUENCE OF OCTET
     * STRING, or a text string; signInfo { cert, algorithm, signData }).
     */
    private static byte[] seal(Form form, boolean other) throws Exception {
        byte[] der = certificate.getEncoded();
        ASN1Encodable list = form.certificateListIsText() ? new DERUTF8String("示范市民政局印章证书")
                : form.certificateDigests() ? new DERSequence(new DERSequence(new ASN1Encodable[] {
                    new DERPrintableString("SM3"), new DEROctetString(MessageDigest.getInstance("SM3", BC).digest(der))}))
                : new DERSequence(new DEROctetString(der));
        DERGeneralizedTime from = new DERGeneralizedTime(Date.from(now.minusSeconds(3600)));
        DERGeneralizedTime to = new DERGeneralizedTime(Date.from(now.plusSeconds(86_400 * 30)));
        DERSequence property = form.version() >= 4
                ? new DERSequence(new ASN1Encodable[] {new ASN1Integer(1), new DERUTF8String("示范市民政局"),
                    new ASN1Integer(form.certificateDigests() ? 2 : 1), list, from, from, to})
                : new DERSequence(new ASN1Encodable[] {new ASN1Integer(1), new DERUTF8String("示范市民政局"), list, from, from, to});
        DERSequence info = new DERSequence(new ASN1Encodable[] {
            new DERSequence(new ASN1Encodable[] {new DERIA5String("ES"), new ASN1Integer(form.version()), new DERIA5String("forms")}),
            new DERIA5String(other ? "SEAL-OTHER" : "SEAL-1"), property,
            new DERSequence(new ASN1Encodable[] {new DERIA5String("PNG"), new DEROctetString(new byte[] {(byte) 0x89, 'P', 'N', 'G'}),
                new ASN1Integer(40), new ASN1Integer(40)})});
        DEROctetString cert = new DEROctetString(der);
        org.bouncycastle.asn1.ASN1ObjectIdentifier sm2 = new org.bouncycastle.asn1.ASN1ObjectIdentifier("1.2.156.10197.1.501");
        byte[] makerSigned = form.makerSignsStandardReading() == (form.version() >= 4)
                ? new DERSequence(new ASN1Encodable[] {info, cert, sm2}).getEncoded("DER") : info.getEncoded("DER");
        DERBitString makerSignature = new DERBitString(sign(makerSigned, form.rawSignature()));
        if (form.version() >= 4) {
            return new DERSequence(new ASN1Encodable[] {info, cert, sm2, makerSignature}).getEncoded("DER");
        }
        return new DERSequence(new ASN1Encodable[] {info, new DERSequence(new ASN1Encodable[] {cert, sm2, makerSignature})}).getEncoded("DER");
    }

    /** SES_Signature over Signature.xml: V4 { TBS_Sign, cert, algorithm, signature } or V1 { TBS_Sign (with cert, algorithm), signature }. */
    private static byte[] sesSignature(Form form, byte[] seal, byte[] signatureXml) throws Exception {
        DERBitString hash = new DERBitString(MessageDigest.getInstance("SM3", BC).digest(signatureXml));
        DEROctetString cert = new DEROctetString(certificate.getEncoded());
        org.bouncycastle.asn1.ASN1ObjectIdentifier sm2 = new org.bouncycastle.asn1.ASN1ObjectIdentifier("1.2.156.10197.1.501");
        DERGeneralizedTime time = new DERGeneralizedTime(Date.from(now.minusSeconds(60)));
        DERSequence tbs = form.version() >= 4
                ? new DERSequence(new ASN1Encodable[] {new ASN1Integer(4), ASN1Sequence.getInstance(seal), time, hash,
                    new DERIA5String("/Doc_0/Signs/Sign_0/Signature.xml")})
                : new DERSequence(new ASN1Encodable[] {new ASN1Integer(1), ASN1Sequence.getInstance(seal),
                    new DERBitString(time.getTimeString().getBytes(StandardCharsets.US_ASCII)), hash,
                    new DERIA5String("/Doc_0/Signs/Sign_0/Signature.xml"), cert, sm2});
        DERBitString signature = new DERBitString(sign(tbs.getEncoded("DER"), form.rawSignature()));
        return (form.version() >= 4 ? new DERSequence(new ASN1Encodable[] {tbs, cert, sm2, signature})
                : new DERSequence(new ASN1Encodable[] {tbs, signature})).getEncoded("DER");
    }

    /** SM2 with SM3 by the test key: DER, or r || s in 64 bytes. */
    private static byte[] sign(byte[] data, boolean raw) throws Exception {
        Signature signer = Signature.getInstance("SM3withSM2", BC);
        signer.initSign(key.getPrivate());
        signer.update(data);
        byte[] der = signer.sign();
        if (!raw) {
            return der;
        }
        ASN1Sequence pair = ASN1Sequence.getInstance(der);
        byte[] out = new byte[64];
        for (int i = 0; i < 2; i++) {
            byte[] n = org.bouncycastle.util.BigIntegers.asUnsignedByteArray(32, ASN1Integer.getInstance(pair.getObjectAt(i)).getValue());
            System.arraycopy(n, 0, out, 32 * i, 32);
        }
        return out;
    }

    /** Signature.xml's SignedValue made again over its current bytes (after an edit), as its signer would have. */
    private static byte[] resign(byte[] ofd) throws Exception {
        Map<String, byte[]> files = TestOfd.entries(ofd);
        files.put("Doc_0/Signs/Sign_0/SignedValue.dat", sesSignature(Form.v4(), files.get("Doc_0/Signs/Sign_0/Seal.esl"),
                files.get("Doc_0/Signs/Sign_0/Signature.xml")));
        return TestOfd.zip(files);
    }

    /** The signer's signature value inside SignedValue.dat with one bit flipped. */
    private static byte[] flipSignature(byte[] ofd) throws Exception {
        Map<String, byte[]> files = TestOfd.entries(ofd);
        byte[] value = files.get("Doc_0/Signs/Sign_0/SignedValue.dat").clone();
        value[value.length - 5] ^= 0x01;
        files.put("Doc_0/Signs/Sign_0/SignedValue.dat", value);
        return TestOfd.zip(files);
    }

    private static byte[] change(byte[] ofd, String name) {
        return edit(ofd, name, xml -> xml.replace("通知", "通告"));
    }

    private static byte[] edit(byte[] ofd, String name, UnaryOperator<String> change) {
        Map<String, byte[]> files = TestOfd.entries(ofd);
        String before = new String(files.get(name), StandardCharsets.UTF_8);
        String after = change.apply(before);
        assertNotEquals(before, after, "the edit changed " + name);
        files.put(name, after.getBytes(StandardCharsets.UTF_8));
        return TestOfd.zip(files);
    }

    private static byte[] replace(byte[] ofd, String name, byte[] content) {
        Map<String, byte[]> files = TestOfd.entries(ofd);
        files.put(name, content);
        return TestOfd.zip(files);
    }

    private static byte[] xml(String body) {
        return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + body).getBytes(StandardCharsets.UTF_8);
    }

    /** The ZIP with two names of equal length exchanged in its central directory only (the local headers keep theirs). */
    private static byte[] swapDirectoryNames(byte[] zip, String a, String b) {
        byte[] out = zip.clone();
        int directory = directoryOffset(zip);
        byte[] first = a.getBytes(StandardCharsets.UTF_8);
        byte[] second = b.getBytes(StandardCharsets.UTF_8);
        int at = indexOf(out, first, directory);
        int bt = indexOf(out, second, directory);
        System.arraycopy(second, 0, out, at, second.length);
        System.arraycopy(first, 0, out, bt, first.length);
        return out;
    }

    /** Sixteen bytes inserted before the central directory, its offset moved past them. */
    private static byte[] withGapBeforeDirectory(byte[] zip) {
        int directory = directoryOffset(zip);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(zip, 0, directory);
        out.writeBytes(new byte[16]);
        out.write(zip, directory, zip.length - directory);
        byte[] bytes = out.toByteArray();
        int end = bytes.length - 22;
        int moved = directory + 16;
        bytes[end + 16] = (byte) moved;
        bytes[end + 17] = (byte) (moved >> 8);
        bytes[end + 18] = (byte) (moved >> 16);
        bytes[end + 19] = (byte) (moved >> 24);
        return bytes;
    }

    /** Where the central directory starts (TestOfd.zip writes no archive comment: the end record is the last 22 bytes). */
    private static int directoryOffset(byte[] zip) {
        int end = zip.length - 22;
        return (zip[end + 16] & 0xFF) | (zip[end + 17] & 0xFF) << 8 | (zip[end + 18] & 0xFF) << 16 | (zip[end + 19] & 0xFF) << 24;
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
