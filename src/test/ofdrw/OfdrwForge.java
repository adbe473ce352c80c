import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1UTCTime;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERGeneralizedTime;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampTokenGenerator;
import org.ofdrw.gm.ses.v1.SES_ESPictrueInfo;
import org.ofdrw.gm.ses.v1.SES_Header;
import org.ofdrw.gm.ses.v1.SES_SignInfo;
import org.ofdrw.gm.ses.v4.CertInfoList;
import org.ofdrw.gm.ses.v4.SES_CertList;
import org.ofdrw.gm.ses.v4.SES_ESPropertyInfo;
import org.ofdrw.gm.ses.v4.SES_SealInfo;
import org.ofdrw.gm.ses.v4.SESeal;
import org.ofdrw.reader.OFDReader;
import org.ofdrw.sign.ExtendSignatureContainer;
import org.ofdrw.sign.NumberFormatAtomicSignID;
import org.ofdrw.sign.OFDSigner;
import org.ofdrw.sign.SignIDProvider;
import org.ofdrw.sign.SignMode;
import org.ofdrw.sign.StandFormatAtomicSignID;
import org.ofdrw.sign.signContainer.DigitalSignContainer;
import org.ofdrw.sign.signContainer.GBT35275DSContainer;
import org.ofdrw.sign.signContainer.GBT35275PKCS9DSContainer;
import org.ofdrw.sign.signContainer.SESV1Container;
import org.ofdrw.sign.signContainer.SESV4Container;
import org.ofdrw.sign.stamppos.NormalStampPos;
import org.ofdrw.sign.timestamp.TimeStampHook;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Security;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Makes OFD signature test cases with ofdrw 2.3.3's own signing containers, for a differential suite
 * of OFD signature verification (SealGate against ofdrw, see OfdrwVerify.java --batch). Run in its own JVM
 * (ofdrw's BouncyCastle 1.68 clashes with the project's):
 *
 * <pre>java -cp 'target/ofdrw/*' src/test/ofdrw/OfdrwForge.java &lt;outDir&gt; &lt;seed&gt; &lt;documents&gt;</pre>
 *
 * Writes into outDir:
 * <ul>
 * <li>root.pem — the root of a throw-away SM2 PKI made at run time (valid from now-1 day to now+2 years):
 *     the root CA, a signer certificate and a seal maker certificate it issued.</li>
 * <li>tsa.pem — a self-signed SM2 time-stamping authority, run in-process through ofdrw's TimeStampHook
 *     to time-stamp the signature value of "v4ts" seals (RFC 3161, SM3 imprint).</li>
 * <li>cases/NNNN-containers-namespace-mode-tampering.ofd — for each of {@code documents} base documents
 *     (small OFD packages built here, 1–3 pages) signed 1–3 times in sequence by ofdrw's OFDSigner with
 *     containers picked from SESV4Container (V4 seal, sometimes time-stamped: "v4ts"), SESV1Container
 *     (V1 seal), GBT35275DSContainer, GBT35275PKCS9DSContainer and DigitalSignContainer (bare SM2 value),
 *     the last one ContinueSign or WholeProtected (Signatures.xml protected): the intact document, the
 *     same document with the OFD namespace of Suwell's products (http://www.ofdspec.org, rewritten in the
 *     base document before signing so the signatures hold; ofdrw rewrites OFD.xml in the 2016 namespace
 *     when it adds the Signatures entry), and tampered copies of both (kinds in
 *     {@link Tamper}). Existing *.ofd files in cases/ are deleted first.</li>
 * <li>cases.tsv — file, containers (in signing order), namespace (ns2016 / nssuwell), mode (whole: the
 *     last signature protects Signatures.xml; continue: none does), tampering ("intact" or a {@link Tamper}
 *     label), target (the 1-based signature the tampering aimed at, "-" for the package), detail.</li>
 * </ul>
 * Every choice comes from the seed (java.util.Random); key material, signing times and the SM2 signature
 * values differ from run to run.
 */
public class OfdrwForge {

    static final String NS_2016 = "http://www.ofdspec.org/2016";
    static final String NS_SUWELL = "http://www.ofdspec.org";
    static final int TAMPERINGS_PER_DOCUMENT = 3;
    static final String BC = BouncyCastleProvider.PROVIDER_NAME;

    /** The signing containers of ofdrw this generator uses; label is the name used in case file names. */
    enum Container {
        V4("v4", true), V4TS("v4ts", true), V1("v1", true),
        GBT35275("gbt35275", false), PKCS9("pkcs9", false), DIGITAL("digital", false);

        final String label;
        final boolean seal;

        Container(String label, boolean seal) {
            this.label = label;
            this.seal = seal;
        }

        /** Same ofdrw container class: a time-stamped V4 signed value can be grafted onto a plain V4 signature. */
        String family() {
            return this == V4TS ? V4.label : label;
        }
    }

    /** The tamperings; each case applies one to a signed document. */
    enum Tamper {
        PAGE_CHANGED("page-changed"),
        FILE_ADDED("file-added"),
        PROTECTED_FILE_REMOVED("protected-file-removed"),
        REFERENCE_REMOVED("reference-removed"),
        REFERENCE_DUPLICATED("reference-duplicated"),
        CHECKVALUE_ALTERED("checkvalue-altered"),
        SEAL_REPLACED("seal-replaced"),
        SIGNEDVALUE_TRUNCATED("signedvalue-truncated"),
        SIGNEDVALUE_BYTE_FLIPPED("signedvalue-byte-flipped"),
        SIGNEDVALUES_SWAPPED("signedvalues-swapped"),
        SIGNEDVALUE_GRAFTED("signedvalue-grafted"),
        SIGNATURES_ENTRY_REMOVED("signatures-entry-removed");

        final String label;

        Tamper(String label) {
            this.label = label;
        }
    }

    /** The throw-away PKI: the signer's key and certificate, the root that issued it, the time-stamping authority. */
    record Pki(KeyPair signer, X509Certificate signerCert, X509Certificate rootCert, X509Certificate tsaCert) {
    }

    /** One signature of a document's plan: container, stamp position and (for V4 time-stamps) the request nonce. */
    record Step(Container container, int page, double x, double y, double size, long nonce) {
    }

    /** A document signed by ofdrw: its plan, namespace and the package ofdrw wrote. */
    record Signed(int document, String namespace, List<Step> steps, boolean whole, byte[] ofd) {
        String containers() {
            return steps.stream().map(s -> s.container().label).collect(Collectors.joining("+"));
        }

        String namespaceLabel() {
            return NS_2016.equals(namespace) ? "ns2016" : "nssuwell";
        }

        String mode() {
            return whole ? "whole" : "continue";
        }
    }

    /** Where one signature's files are in a package (zip entry names). */
    record SigFiles(String id, String signatureXml, String signedValue, String seal) {
    }

    final Random rnd;
    final Pki pki;
    final SESeal sealV4;
    final org.ofdrw.gm.ses.v1.SESeal sealV1;
    /** A second V4 seal (other ID and picture, same signer) to swap in for a signature's Seal.esl. */
    final SESeal otherSealV4;
    final TimeStampTokenGenerator tsa;
    final AtomicLong tsaSerial = new AtomicLong(1);

    OfdrwForge(long seed) throws Exception {
        rnd = new Random(seed);
        Instant now = Instant.now();
        Date from = Date.from(now.minus(Duration.ofDays(1)));
        Date to = Date.from(now.plus(Duration.ofDays(730)));
        KeyPair rootKey = sm2KeyPair();
        X500Name rootName = new X500Name("CN=OfdrwForge Test Root,O=OfdrwForge,C=CN");
        X509Certificate root = certificate(rootName, rootKey.getPublic(), rootName, rootKey.getPrivate(), null,
                from, to, true, KeyUsage.keyCertSign | KeyUsage.cRLSign, null);
        KeyPair signer = sm2KeyPair();
        X509Certificate signerCert = certificate(new X500Name("CN=OfdrwForge Signer,O=OfdrwForge,C=CN"),
                signer.getPublic(), rootName, rootKey.getPrivate(), root, from, to, false,
                KeyUsage.digitalSignature | KeyUsage.nonRepudiation, null);
        KeyPair maker = sm2KeyPair();
        X509Certificate makerCert = certificate(new X500Name("CN=OfdrwForge Seal Maker,O=OfdrwForge,C=CN"),
                maker.getPublic(), rootName, rootKey.getPrivate(), root, from, to, false,
                KeyUsage.digitalSignature | KeyUsage.nonRepudiation, null);
        sealV4 = sealV4("forge-seal-v4-" + rnd.nextInt(1_000_000), "OfdrwForge 测试专用章", signerCert, maker.getPrivate(),
                makerCert, now, from, to);
        sealV1 = sealV1("forge-seal-v1-" + rnd.nextInt(1_000_000), "OfdrwForge 合同专用章", signerCert, maker.getPrivate(),
                makerCert, now, from, to);
        otherSealV4 = sealV4("forge-seal-v4-" + rnd.nextInt(1_000_000), "OfdrwForge 另一枚章", signerCert,
                maker.getPrivate(), makerCert, now, from, to);

        KeyPair tsaKey = sm2KeyPair();
        X500Name tsaName = new X500Name("CN=OfdrwForge TSA,O=OfdrwForge,C=CN");
        X509Certificate tsaCert = certificate(tsaName, tsaKey.getPublic(), tsaName, tsaKey.getPrivate(), null, from, to,
                false, KeyUsage.digitalSignature | KeyUsage.nonRepudiation, KeyPurposeId.id_kp_timeStamping);
        pki = new Pki(signer, signerCert, root, tsaCert);
        DigestCalculatorProvider digests = new JcaDigestCalculatorProviderBuilder().setProvider(BC).build();
        tsa = new TimeStampTokenGenerator(
                new JcaSignerInfoGeneratorBuilder(digests)
                        .build(new JcaContentSignerBuilder("SM3withSM2").setProvider(BC).build(tsaKey.getPrivate()), tsaCert),
                digests.get(new AlgorithmIdentifier(GMObjectIdentifiers.sm3)),
                new ASN1ObjectIdentifier("1.2.3.4.1")); // a test TSA policy; nothing checks it
        tsa.addCertificates(new JcaCertStore(List.of(tsaCert)));
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: java -cp 'target/ofdrw/*' OfdrwForge.java <outDir> <seed> <documents>");
            System.exit(2);
        }
        long started = System.nanoTime();
        // the seal picture is drawn with java.awt; no display on build machines
        System.setProperty("java.awt.headless", "true");
        Security.addProvider(new BouncyCastleProvider());
        Path outDir = Paths.get(args[0]);
        int documents = Integer.parseInt(args[2]);
        OfdrwForge forge = new OfdrwForge(Long.parseLong(args[1]));

        Files.createDirectories(outDir);
        writePem(outDir.resolve("root.pem"), forge.pki.rootCert());
        writePem(outDir.resolve("tsa.pem"), forge.pki.tsaCert());
        Path cases = outDir.resolve("cases");
        Files.createDirectories(cases);
        try (DirectoryStream<Path> old = Files.newDirectoryStream(cases, "*.ofd")) {
            for (Path p : old) {
                Files.delete(p);
            }
        }

        List<Signed> signed = new ArrayList<>();
        for (int d = 0; d < documents; d++) {
            signed.addAll(forge.signDocument(d));
        }
        long signedAt = System.nanoTime();

        int count = 0;
        try (PrintWriter tsv = new PrintWriter(new OutputStreamWriter(
                Files.newOutputStream(outDir.resolve("cases.tsv")), StandardCharsets.UTF_8))) {
            tsv.println("file\tcontainers\tnamespace\tmode\ttampering\ttarget\tdetail");
            LinkedList<Tamper> deck = new LinkedList<>();
            for (Signed s : signed) {
                count = forge.write(cases, tsv, count, s, "intact", "-", "ofdrw's output as written", s.ofd());
                for (Tamper t : forge.deal(deck, s, signed)) {
                    Map<String, byte[]> pkg = unzip(s.ofd());
                    // a Random per case keeps each case's choices independent of the lengths of other cases' data
                    Random r = new Random(forge.rnd.nextLong());
                    String[] targetAndDetail = forge.tamper(t, s, pkg, r, signed);
                    count = forge.write(cases, tsv, count, s, t.label, targetAndDetail[0], targetAndDetail[1], zip(pkg));
                }
            }
        }
        long done = System.nanoTime();
        System.out.printf("%d signed documents (%d base documents x 2 namespaces), %d case files in %s%n",
                signed.size(), documents, count, cases);
        System.out.printf("time: %.1f s (PKI, seals and signing %.1f s, tampering and writing %.1f s)%n",
                (done - started) / 1e9, (signedAt - started) / 1e9, (done - signedAt) / 1e9);
    }

    // ---------------------------------------------------------------- PKI, seals, time-stamps

    static void writePem(Path file, X509Certificate cert) throws IOException {
        try (Writer w = Files.newBufferedWriter(file); JcaPEMWriter pem = new JcaPEMWriter(w)) {
            pem.writeObject(cert);
        }
    }

    static KeyPair sm2KeyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", BC);
        g.initialize(new ECGenParameterSpec("sm2p256v1"));
        return g.generateKeyPair();
    }

    /** An SM3withSM2 certificate; {@code issuerCert} null means self-signed. */
    X509Certificate certificate(X500Name subject, PublicKey key, X500Name issuer, PrivateKey issuerKey,
                                X509Certificate issuerCert, Date from, Date to, boolean ca, int keyUsage,
                                KeyPurposeId eku) throws Exception {
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(1 + rnd.nextInt(Integer.MAX_VALUE)),
                from, to, subject, key);
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
        b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key));
        if (issuerCert != null) {
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(issuerCert));
        }
        if (eku != null) {
            // RFC 3161: a TSA certificate carries exactly this critical extended key usage
            b.addExtension(Extension.extendedKeyUsage, true, new ExtendedKeyUsage(eku));
        }
        return new JcaX509CertificateConverter().setProvider(BC)
                .getCertificate(b.build(new JcaContentSignerBuilder("SM3withSM2").setProvider(BC).build(issuerKey)));
    }

    static byte[] sm2Sign(PrivateKey key, byte[] data) throws GeneralSecurityException {
        Signature s = Signature.getInstance("SM3withSM2", BC);
        s.initSign(key);
        s.update(data);
        return s.sign();
    }

    /**
     * GB/T 38540 seal: SES_SealInfo (header ES/4, ID, property listing the signer's certificate, PNG picture)
     * signed by the maker over its DER — the reading SealGate and ofdrw's samples share.
     */
    SESeal sealV4(String id, String name, X509Certificate allowed, PrivateKey makerKey, X509Certificate maker,
                  Instant created, Date from, Date to) throws Exception {
        SES_ESPropertyInfo property = new SES_ESPropertyInfo(new ASN1Integer(1), new DERUTF8String(name),
                SES_ESPropertyInfo.CertListType,
                new SES_CertList(new CertInfoList(new ASN1OctetString[]{new DEROctetString(allowed.getEncoded())})),
                new DERGeneralizedTime(Date.from(created)), new DERGeneralizedTime(from), new DERGeneralizedTime(to));
        SES_SealInfo info = new SES_SealInfo(new SES_Header(SES_Header.V4, new DERIA5String("OfdrwForge")),
                new DERIA5String(id), property, picture(), null);
        return new SESeal(info, new DEROctetString(maker.getEncoded()), GMObjectIdentifiers.sm2sign_with_sm3,
                new DERBitString(sm2Sign(makerKey, info.getEncoded("DER"))));
    }

    /**
     * GM/T 0031 seal: the same information with UTCTime dates and a plain certificate list; the maker
     * signs SEQUENCE { eSealInfo, cert, signatureAlgorithm }.
     */
    org.ofdrw.gm.ses.v1.SESeal sealV1(String id, String name, X509Certificate allowed, PrivateKey makerKey,
                                      X509Certificate maker, Instant created, Date from, Date to) throws Exception {
        org.ofdrw.gm.ses.v1.SES_ESPropertyInfo property = new org.ofdrw.gm.ses.v1.SES_ESPropertyInfo(
                new ASN1Integer(1), new DERUTF8String(name), new DERSequence(new DEROctetString(allowed.getEncoded())),
                new ASN1UTCTime(Date.from(created)), new ASN1UTCTime(from), new ASN1UTCTime(to));
        org.ofdrw.gm.ses.v1.SES_SealInfo info = new org.ofdrw.gm.ses.v1.SES_SealInfo(
                new SES_Header(new ASN1Integer(1), new DERIA5String("OfdrwForge")), new DERIA5String(id), property,
                picture(), null);
        DEROctetString makerCert = new DEROctetString(maker.getEncoded());
        byte[] tbs = new DERSequence(new ASN1Encodable[]{info, makerCert, GMObjectIdentifiers.sm2sign_with_sm3})
                .getEncoded("DER");
        return new org.ofdrw.gm.ses.v1.SESeal(info, new SES_SignInfo(makerCert, GMObjectIdentifiers.sm2sign_with_sm3,
                new DERBitString(sm2Sign(makerKey, tbs))));
    }

    /** A small round red stamp picture (PNG, 40 mm on the page); its shades come from the seed. */
    SES_ESPictrueInfo picture() throws IOException {
        int px = 120;
        BufferedImage img = new BufferedImage(px, px, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(180 + rnd.nextInt(76), rnd.nextInt(40), rnd.nextInt(40)));
        g.setStroke(new BasicStroke(6 + rnd.nextInt(4)));
        g.drawOval(6, 6, px - 12, px - 12);
        Polygon star = new Polygon();
        for (int i = 0; i < 10; i++) {
            double r = i % 2 == 0 ? 28 : 11;
            double a = Math.PI / 5 * i - Math.PI / 2;
            star.addPoint((int) Math.round(px / 2.0 + r * Math.cos(a)), (int) Math.round(px / 2.0 + r * Math.sin(a)));
        }
        g.fillPolygon(star);
        g.dispose();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(img, "png", png);
        return new SES_ESPictrueInfo(new DERIA5String("PNG"), new DEROctetString(png.toByteArray()),
                new ASN1Integer(40), new ASN1Integer(40));
    }

    /** RFC 3161 token over the SM3 digest of the seal's signature value, issued in-process. */
    TimeStampHook timeStamp(long nonce) {
        return signatureValue -> {
            try {
                byte[] imprint = MessageDigest.getInstance("SM3", BC).digest(signatureValue);
                TimeStampRequestGenerator rq = new TimeStampRequestGenerator();
                rq.setCertReq(true);
                TimeStampRequest request = rq.generate(GMObjectIdentifiers.sm3, imprint, BigInteger.valueOf(nonce));
                return tsa.generate(request, BigInteger.valueOf(tsaSerial.getAndIncrement()), new Date()).getEncoded();
            } catch (Exception e) {
                throw new IllegalStateException("in-process time-stamp failed", e);
            }
        };
    }

    // ---------------------------------------------------------------- base documents and signing

    static final String[] WORDS = {"contract", "party", "seal", "amount", "invoice", "delivery", "payment",
            "clause", "signature", "witness", "term", "notice", "goods", "price", "date", "agreement"};

    /** A minimal OFD package (entry name to bytes) in namespace {@code ns}; the same seed state gives the same document. */
    static Map<String, byte[]> baseDocument(Random r, int document, String ns) {
        int pages = 1 + r.nextInt(3);
        int[][] boxes = {{210, 297}, {148, 210}, {216, 279}};
        int[] box = boxes[r.nextInt(boxes.length)];
        String head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";
        Map<String, byte[]> pkg = new LinkedHashMap<>();
        String docId = String.format("%016x%016x", r.nextLong(), r.nextLong());
        pkg.put("OFD.xml", utf8(head + "<ofd:OFD xmlns:ofd=\"" + ns + "\" Version=\"1.0\" DocType=\"OFD\"><ofd:DocBody>"
                + "<ofd:DocInfo><ofd:DocID>" + docId + "</ofd:DocID><ofd:Title>Forge document " + document
                + "</ofd:Title><ofd:Creator>OfdrwForge</ofd:Creator><ofd:CreationDate>2024-0" + (1 + r.nextInt(9))
                + "-1" + r.nextInt(10) + "</ofd:CreationDate></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>"
                + "</ofd:DocBody></ofd:OFD>"));
        // IDs: 1 the font, then per page its Page, Layer and TextObject
        StringBuilder pageList = new StringBuilder();
        int id = 2;
        List<String> contents = new ArrayList<>();
        for (int p = 0; p < pages; p++) {
            int pageId = id++;
            int layerId = id++;
            int textId = id++;
            pageList.append("<ofd:Page ID=\"").append(pageId).append("\" BaseLoc=\"Pages/Page_").append(p)
                    .append("/Content.xml\"/>");
            StringBuilder text = new StringBuilder();
            int words = 3 + r.nextInt(6);
            for (int w = 0; w < words; w++) {
                text.append(w == 0 ? "" : " ").append(WORDS[r.nextInt(WORDS.length)]);
            }
            int y = 20 + r.nextInt(100);
            contents.add(head + "<ofd:Page xmlns:ofd=\"" + ns + "\"><ofd:Content><ofd:Layer ID=\"" + layerId + "\">"
                    + "<ofd:TextObject ID=\"" + textId + "\" Boundary=\"20 " + y + " " + (box[0] - 40) + " 10\" Font=\"1\" Size=\"4.2\">"
                    + "<ofd:FillColor Value=\"0 0 0\"/><ofd:TextCode X=\"0\" Y=\"5\">" + text + "</ofd:TextCode>"
                    + "</ofd:TextObject></ofd:Layer></ofd:Content></ofd:Page>");
        }
        pkg.put("Doc_0/Document.xml", utf8(head + "<ofd:Document xmlns:ofd=\"" + ns + "\"><ofd:CommonData>"
                + "<ofd:MaxUnitID>" + (id - 1) + "</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 " + box[0] + " " + box[1]
                + "</ofd:PhysicalBox></ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData>"
                + "<ofd:Pages>" + pageList + "</ofd:Pages></ofd:Document>"));
        pkg.put("Doc_0/PublicRes.xml", utf8(head + "<ofd:Res xmlns:ofd=\"" + ns + "\" BaseLoc=\"Res\"><ofd:Fonts>"
                + "<ofd:Font ID=\"1\" FontName=\"SimSun\" FamilyName=\"SimSun\"/></ofd:Fonts></ofd:Res>"));
        for (int p = 0; p < pages; p++) {
            pkg.put("Doc_0/Pages/Page_" + p + "/Content.xml", utf8(contents.get(p)));
        }
        return pkg;
    }

    /**
     * Suwell's products write the OFD namespace without the year; done on the unsigned document only.
     * ofdrw keeps it in the files it only reads, but writes OFD.xml (to list Signatures.xml) and its own
     * signature files in the 2016 namespace.
     */
    static Map<String, byte[]> toSuwellNamespace(Map<String, byte[]> pkg) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        pkg.forEach((name, data) -> out.put(name, name.endsWith(".xml")
                ? utf8(new String(data, StandardCharsets.UTF_8).replace(NS_2016, NS_SUWELL)) : data));
        return out;
    }

    /** Plans one base document's signatures and signs it in both namespaces. */
    List<Signed> signDocument(int d) throws Exception {
        Random r = new Random(rnd.nextLong());
        Map<String, byte[]> base = baseDocument(r, d, NS_2016);
        int pages = (int) base.keySet().stream().filter(n -> n.endsWith("/Content.xml")).count();
        Container[] all = Container.values();
        List<Step> steps = new ArrayList<>();
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
            steps.add(new Step(all[r.nextInt(all.length)], 1 + r.nextInt(pages), 10 + r.nextInt(120), 10 + r.nextInt(150),
                    30 + r.nextInt(13), r.nextLong() & Long.MAX_VALUE));
        }
        // ofdrw refuses to sign after a signature that protects Signatures.xml: only the last can be WholeProtected
        boolean whole = r.nextBoolean();
        boolean standIds = r.nextBoolean();
        List<Signed> out = new ArrayList<>();
        for (String ns : List.of(NS_2016, NS_SUWELL)) {
            byte[] ofd = zip(ns.equals(NS_2016) ? base : toSuwellNamespace(base));
            try (OFDReader check = new OFDReader(new ByteArrayInputStream(ofd))) {
                if (check.getNumberOfPages() != pages) {
                    throw new IllegalStateException("ofdrw reads " + check.getNumberOfPages() + " pages, not " + pages);
                }
            }
            for (int i = 0; i < n; i++) {
                boolean last = i == n - 1;
                ofd = sign(ofd, steps.get(i), last && whole ? SignMode.WholeProtected : SignMode.ContinueSign, standIds);
            }
            out.add(new Signed(d, ns, steps, whole, ofd));
        }
        return out;
    }

    /** One more signature by ofdrw's OFDSigner over the package {@code ofd}. */
    byte[] sign(byte[] ofd, Step step, SignMode mode, boolean standIds) throws Exception {
        SignIDProvider ids = standIds ? new StandFormatAtomicSignID() : new NumberFormatAtomicSignID();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OFDReader reader = new OFDReader(new ByteArrayInputStream(ofd));
        try {
            OFDSigner signer = new OFDSigner(reader, out, ids);
            signer.setSignMode(mode);
            signer.setSignContainer(container(step));
            signer.addApPos(new NormalStampPos(step.page(), step.x(), step.y(), step.size(), step.size()));
            signer.exeSign();
            // packs the signed package into out, then closes the reader
            signer.close();
        } catch (Exception e) {
            reader.close();
            throw e;
        }
        return out.toByteArray();
    }

    @SuppressWarnings("deprecation") // DigitalSignContainer: ofdrw deprecates the bare SM2 value, documents still carry it
    ExtendSignatureContainer container(Step step) throws Exception {
        PrivateKey key = pki.signer().getPrivate();
        X509Certificate cert = pki.signerCert();
        return switch (step.container()) {
            case V4 -> new SESV4Container(key, sealV4, cert);
            case V4TS -> new SESV4Container(key, sealV4, cert, timeStamp(step.nonce()));
            case V1 -> new SESV1Container(key, sealV1, cert);
            case GBT35275 -> new GBT35275DSContainer(cert, key);
            case PKCS9 -> new GBT35275PKCS9DSContainer(cert, key);
            case DIGITAL -> new DigitalSignContainer(key);
        };
    }

    // ---------------------------------------------------------------- tampering

    /**
     * The next tamperings for {@code s}, dealt from a shuffled deck of all kinds so that every kind
     * turns up within a few documents; a kind that does not fit this document (swapping needs two
     * signatures, a seal needs a Seal signature) waits in the deck for the next one.
     */
    List<Tamper> deal(LinkedList<Tamper> deck, Signed s, List<Signed> all) {
        List<Tamper> hand = new ArrayList<>();
        Set<Tamper> fits = EnumSet.allOf(Tamper.class);
        if (s.steps().size() < 2) {
            fits.remove(Tamper.SIGNEDVALUES_SWAPPED);
        }
        if (s.steps().stream().noneMatch(st -> st.container().seal)) {
            fits.remove(Tamper.SEAL_REPLACED);
        }
        if (s.steps().stream().allMatch(st -> donors(s, st.container(), all).isEmpty())) {
            fits.remove(Tamper.SIGNEDVALUE_GRAFTED);
        }
        // with a whole shuffled set in the deck, every kind that fits is there to be dealt
        if (deck.size() < Tamper.values().length) {
            List<Tamper> fresh = new ArrayList<>(List.of(Tamper.values()));
            Collections.shuffle(fresh, rnd);
            deck.addAll(fresh);
        }
        for (var it = deck.iterator(); it.hasNext() && hand.size() < TAMPERINGS_PER_DOCUMENT; ) {
            Tamper t = it.next();
            if (fits.contains(t) && !hand.contains(t)) {
                hand.add(t);
                it.remove();
            }
        }
        return hand;
    }

    /** Signatures of the same container family in other base documents, as (document, signature index). */
    static List<int[]> donors(Signed s, Container c, List<Signed> all) {
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            Signed o = all.get(i);
            for (int k = 0; k < o.steps().size(); k++) {
                if (o.document() != s.document() && o.steps().get(k).container().family().equals(c.family())) {
                    out.add(new int[]{i, k});
                }
            }
        }
        return out;
    }

    /** Applies {@code t} to the unzipped package; returns {target, detail} for the manifest. */
    String[] tamper(Tamper t, Signed s, Map<String, byte[]> pkg, Random r, List<Signed> all) throws Exception {
        List<SigFiles> sigs = signatures(pkg);
        int n = sigs.size();
        List<String> pages = pkg.keySet().stream().filter(k -> k.matches("Doc_0/Pages/Page_\\d+/Content\\.xml")).toList();
        switch (t) {
            case PAGE_CHANGED -> {
                String page = pages.get(index(r, pages.size()));
                String xml = text(pkg.get(page));
                if (r.nextBoolean()) {
                    pkg.put(page, utf8(xml + "<!-- edited after signing -->\n"));
                    return new String[]{"-", page + ": comment appended"};
                }
                // one letter of the page's text, so the XML stays well-formed and only the bytes differ
                int start = xml.indexOf('>', xml.indexOf("<ofd:TextCode")) + 1;
                int end = xml.indexOf("</ofd:TextCode>");
                List<Integer> letters = new ArrayList<>();
                for (int i = start; i < end; i++) {
                    if (Character.isLetter(xml.charAt(i))) {
                        letters.add(i);
                    }
                }
                int at = letters.get(index(r, letters.size()));
                char was = xml.charAt(at);
                char now = was == 'x' ? 'y' : 'x';
                pkg.put(page, utf8(xml.substring(0, at) + now + xml.substring(at + 1)));
                return new String[]{"-", page + ": text '" + was + "' -> '" + now + "' at char " + at};
            }
            case FILE_ADDED -> {
                String[][] extra = {
                        {"Doc_0/Res/note.txt", "added after signing\n"},
                        {"Doc_0/Pages/Page_0/Annotation.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ofd:PageAnnot xmlns:ofd=\"" + s.namespace() + "\"/>"},
                        {"Doc_0/Attachs/payload.bin", "\u0000\u0001binary\u0002"}};
                String[] e = extra[r.nextInt(extra.length)];
                pkg.put(e[0], utf8(e[1]));
                return new String[]{"-", e[0] + " added"};
            }
            case PROTECTED_FILE_REMOVED -> {
                List<String> candidates = new ArrayList<>(pages);
                candidates.add("Doc_0/PublicRes.xml");
                String gone = candidates.get(index(r, candidates.size()));
                pkg.remove(gone);
                return new String[]{"-", gone + " removed"};
            }
            case REFERENCE_REMOVED, REFERENCE_DUPLICATED, CHECKVALUE_ALTERED -> {
                int k = index(r, n);
                SigFiles sig = sigs.get(k);
                String xml = text(pkg.get(sig.signatureXml()));
                Matcher m = Pattern.compile("<ofd:Reference\\b.*?</ofd:Reference>", Pattern.DOTALL).matcher(xml);
                List<int[]> refs = new ArrayList<>();
                while (m.find()) {
                    refs.add(new int[]{m.start(), m.end()});
                }
                int[] ref = refs.get(index(r, refs.size()));
                String element = xml.substring(ref[0], ref[1]);
                String file = element.replaceAll("(?s).*FileRef=\"([^\"]*)\".*", "$1");
                String changed;
                String detail;
                if (t == Tamper.REFERENCE_REMOVED) {
                    changed = xml.substring(0, ref[0]) + xml.substring(ref[1]);
                    detail = "Reference to " + file + " removed";
                } else if (t == Tamper.REFERENCE_DUPLICATED) {
                    changed = xml.substring(0, ref[1]) + element + xml.substring(ref[1]);
                    detail = "Reference to " + file + " duplicated";
                } else {
                    Matcher cv = Pattern.compile("<ofd:CheckValue>([^<]*)</ofd:CheckValue>").matcher(element);
                    cv.find();
                    byte[] digest = Base64.getDecoder().decode(cv.group(1).trim());
                    digest[index(r, digest.length)] ^= (byte) (1 << r.nextInt(8));
                    String altered = element.substring(0, cv.start(1)) + Base64.getEncoder().encodeToString(digest)
                            + element.substring(cv.end(1));
                    changed = xml.substring(0, ref[0]) + altered + xml.substring(ref[1]);
                    detail = "CheckValue of " + file + " altered (one bit)";
                }
                pkg.put(sig.signatureXml(), utf8(changed));
                return new String[]{String.valueOf(k + 1), sig.signatureXml() + ": " + detail};
            }
            case SEAL_REPLACED -> {
                List<Integer> seals = new ArrayList<>();
                for (int k = 0; k < n; k++) {
                    if (s.steps().get(k).container().seal && sigs.get(k).seal() != null) {
                        seals.add(k);
                    }
                }
                int k = seals.get(index(r, seals.size()));
                boolean v1 = s.steps().get(k).container() == Container.V1;
                byte[] replacement;
                String what;
                if (r.nextBoolean()) {
                    replacement = otherSealV4.getEncoded("DER");
                    what = "another V4 seal";
                } else if (v1) {
                    replacement = sealV4.getEncoded("DER");
                    what = "the V4 seal";
                } else {
                    replacement = sealV1.getEncoded("DER");
                    what = "the V1 seal";
                }
                pkg.put(sigs.get(k).seal(), replacement);
                return new String[]{String.valueOf(k + 1), sigs.get(k).seal() + " replaced with " + what};
            }
            case SIGNEDVALUE_TRUNCATED -> {
                int k = index(r, n);
                byte[] v = pkg.get(sigs.get(k).signedValue());
                int keep = r.nextBoolean() ? v.length - 1 : index(r, v.length);
                pkg.put(sigs.get(k).signedValue(), Arrays.copyOf(v, keep));
                return new String[]{String.valueOf(k + 1), sigs.get(k).signedValue() + " truncated from " + v.length + " to " + keep + " bytes"};
            }
            case SIGNEDVALUE_BYTE_FLIPPED -> {
                int k = index(r, n);
                byte[] v = pkg.get(sigs.get(k).signedValue()).clone();
                int at = index(r, v.length);
                int mask = 1 + r.nextInt(255);
                v[at] ^= (byte) mask;
                pkg.put(sigs.get(k).signedValue(), v);
                return new String[]{String.valueOf(k + 1), sigs.get(k).signedValue() + ": byte " + at + " of " + v.length + " xor 0x" + Integer.toHexString(mask)};
            }
            case SIGNEDVALUES_SWAPPED -> {
                byte[] first = pkg.get(sigs.get(0).signedValue());
                pkg.put(sigs.get(0).signedValue(), pkg.get(sigs.get(1).signedValue()));
                pkg.put(sigs.get(1).signedValue(), first);
                return new String[]{"1,2", sigs.get(0).signedValue() + " and " + sigs.get(1).signedValue() + " swapped"};
            }
            case SIGNEDVALUE_GRAFTED -> {
                List<Integer> targets = new ArrayList<>();
                for (int k = 0; k < n; k++) {
                    if (!donors(s, s.steps().get(k).container(), all).isEmpty()) {
                        targets.add(k);
                    }
                }
                int k = targets.get(index(r, targets.size()));
                List<int[]> donors = donors(s, s.steps().get(k).container(), all);
                int[] donor = donors.get(index(r, donors.size()));
                Signed from = all.get(donor[0]);
                Map<String, byte[]> fromPkg = unzip(from.ofd());
                SigFiles fromSig = signatures(fromPkg).get(donor[1]);
                pkg.put(sigs.get(k).signedValue(), fromPkg.get(fromSig.signedValue()));
                return new String[]{String.valueOf(k + 1), sigs.get(k).signedValue() + " replaced with signature "
                        + (donor[1] + 1) + " (" + from.steps().get(donor[1]).container().label + ") of document "
                        + from.document() + " " + from.namespaceLabel()};
            }
            case SIGNATURES_ENTRY_REMOVED -> {
                String path = signaturesPath(pkg);
                String xml = text(pkg.get(path));
                Matcher m = Pattern.compile("<ofd:Signature\\b[^>]*?(/>|>.*?</ofd:Signature>)", Pattern.DOTALL).matcher(xml);
                List<int[]> entries = new ArrayList<>();
                while (m.find()) {
                    entries.add(new int[]{m.start(), m.end()});
                }
                int k = index(r, entries.size());
                pkg.put(path, utf8(xml.substring(0, entries.get(k)[0]) + xml.substring(entries.get(k)[1])));
                return new String[]{String.valueOf(k + 1), path + ": entry of signature " + sigs.get(k).id() + " removed"};
            }
        }
        throw new IllegalArgumentException(t.name());
    }

    /** An index below {@code bound} using a fixed number of draws, whatever {@code bound} is (it varies with signature lengths). */
    static int index(Random r, int bound) {
        return (int) (r.nextDouble() * bound);
    }

    static String signaturesPath(Map<String, byte[]> pkg) {
        Matcher m = Pattern.compile("<ofd:Signatures>\\s*([^<\\s]+)\\s*</ofd:Signatures>").matcher(text(pkg.get("OFD.xml")));
        if (!m.find()) {
            throw new IllegalStateException("OFD.xml lists no Signatures.xml");
        }
        return m.group(1).replaceFirst("^/", "");
    }

    /** The signatures listed in Signatures.xml, in order, with their files resolved to entry names. */
    static List<SigFiles> signatures(Map<String, byte[]> pkg) {
        String list = signaturesPath(pkg);
        Matcher m = Pattern.compile("<ofd:Signature\\b([^>]*?)/?>").matcher(text(pkg.get(list)));
        List<SigFiles> out = new ArrayList<>();
        while (m.find()) {
            String attrs = m.group(1);
            String xmlPath = resolve(list, attribute(attrs, "BaseLoc"));
            String xml = text(pkg.get(xmlPath));
            String value = element(xml, "SignedValue");
            Matcher seal = Pattern.compile("<ofd:Seal>\\s*<ofd:BaseLoc>\\s*([^<\\s]+)").matcher(xml);
            out.add(new SigFiles(attribute(attrs, "ID"), xmlPath, resolve(xmlPath, value),
                    seal.find() ? resolve(xmlPath, seal.group(1)) : null));
        }
        return out;
    }

    static String attribute(String attrs, String name) {
        Matcher m = Pattern.compile("\\b" + name + "=\"([^\"]*)\"").matcher(attrs);
        return m.find() ? m.group(1) : null;
    }

    static String element(String xml, String name) {
        Matcher m = Pattern.compile("<ofd:" + name + ">\\s*([^<\\s]+)").matcher(xml);
        return m.find() ? m.group(1) : null;
    }

    /** An OFD location: absolute from the package root, or relative to the referring file's folder. */
    static String resolve(String from, String loc) {
        if (loc.startsWith("/")) {
            return loc.substring(1);
        }
        int slash = from.lastIndexOf('/');
        return slash < 0 ? loc : from.substring(0, slash + 1) + loc;
    }

    // ---------------------------------------------------------------- output and zip helpers

    int write(Path cases, PrintWriter tsv, int count, Signed s, String tampering, String target, String detail,
              byte[] ofd) throws IOException {
        String file = String.format("%04d-%s-%s-%s-%s.ofd", count + 1, s.containers(), s.namespaceLabel(), s.mode(), tampering);
        Files.write(cases.resolve(file), ofd);
        tsv.println(String.join("\t", file, s.containers(), s.namespaceLabel(), s.mode(), tampering, target, detail));
        return count + 1;
    }

    static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                out.put(e.getName(), in.readAllBytes());
            }
        }
        return out;
    }

    /** Entries in the map's order, with a fixed time so equal inputs give equal packages. */
    static byte[] zip(Map<String, byte[]> pkg) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : pkg.entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey());
                entry.setTime(1_700_000_000_000L);
                z.putNextEntry(entry);
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
