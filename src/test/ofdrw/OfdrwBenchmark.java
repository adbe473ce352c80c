package ofdrwbench;

import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERGeneralizedTime;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.ofdrw.gm.ses.v1.SES_ESPictrueInfo;
import org.ofdrw.gm.ses.v1.SES_Header;
import org.ofdrw.gm.ses.v4.CertInfoList;
import org.ofdrw.gm.ses.v4.SES_CertList;
import org.ofdrw.gm.ses.v4.SES_ESPropertyInfo;
import org.ofdrw.gm.ses.v4.SES_SealInfo;
import org.ofdrw.gm.ses.v4.SESeal;
import org.ofdrw.reader.OFDReader;
import org.ofdrw.sign.OFDSigner;
import org.ofdrw.sign.SignMode;
import org.ofdrw.sign.signContainer.SESV4Container;
import org.ofdrw.sign.stamppos.NormalStampPos;
import org.ofdrw.sign.verify.OFDValidator;
import org.ofdrw.sign.verify.container.SESV4ValidateContainer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * ofdrw 2.3.3 doing the work of SealGate's {@code dev.sealgate.bench.OfdBenchmark} (sealGateSeal,
 * sealGateVerify), in its own JVM: ofdrw's class path ({@code target/ofdrw/*}, BouncyCastle jdk15on
 * 1.68) clashes with SealGate's. Compiled and run by {@code bench/ofd-vs-ofdrw.sh}, which also runs
 * SealGate's side and prints both in one table.
 *
 * <p>The package is built as SealGate's benchmark builds it: the one-page OFD of TestOfd.unsigned(1,
 * "营业执照") (2016 namespace, same XML), plus {@code Doc_0/Res/attachment.bin} of size − 2048 random
 * bytes from {@code new Random(size)}, every entry deflated by {@link ZipOutputStream} at its default
 * level. The seal is a GB/T 38540 (V4) seal made in setup with ofdrw-gm's ASN.1 classes: the signer's SM2
 * certificate in its certificate list, a 600 px PNG picture of a round seal (40 mm), signed by the signer's
 * own key as SealGate's benchmark seal is; the signer's certificate is issued by a throw-away SM2 root.
 *
 * <p>{@link #ofdrwSeal}: the package's bytes in memory to the sealed package's bytes in memory, the same
 * ends as SealGate's {@code produce}. Included per operation, because ofdrw works on a directory:
 * {@code new OFDReader(InputStream)} unzips the whole package into a new temporary directory
 * ({@code ofd-tmp-*} under java.io.tmpdir) and parses OFD.xml, Document.xml and the resources;
 * {@code OFDSigner} looks for Signatures.xml, writes OFD.xml again, Seal.esl, Signatures.xml and
 * Signature.xml with the StampAnnot of one {@link NormalStampPos} on page 1 (40 mm at 145, 227: bottom
 * right, where SealGate puts it), and walks the directory for the SM3 digest of every file;
 * {@code SESV4Container.sign}: a new BouncyCastle provider instance, SM2 over TBS_Sign; SignedValue.dat
 * written; {@code OFDSigner.close()} deflates every file of the directory again into the output stream
 * (default level, the random resource and the seal's PNG included) and deletes the temporary directory.
 * SignMode ContinueSign (Signatures.xml not protected, as SealGate leaves it).
 *
 * <p>{@link #ofdrwVerify}: {@code OFDValidator.exeValidate()} with {@code SESV4ValidateContainer} on a
 * sealed package file (SealGate's sealGateVerify also starts from a file). Included per operation:
 * {@code new OFDReader(Path)} unzipping into a new temporary directory and parsing OFD.xml, Document.xml
 * and the resources; two new BouncyCastle provider instances (OFDValidator's and the container's); the
 * SM3 digest of every referenced file; Seal.esl against the seal inside SignedValue.dat; the SM3 digest of
 * Signature.xml against TBS_Sign's; the signer's SM2 signature with the certificate in SES_Signature;
 * deleting the temporary directory on close. Not checked by ofdrw (and checked by SealGate): the seal
 * maker's signature over the seal, the seal's validity and certificate list, any certificate's path to a
 * trust anchor, validity or revocation; nor is a report made.
 *
 * <p>Which package is verified: the one {@link #ofdrwSeal} produced in setup, or with
 * {@code -Dofdrw.bench.sealed=<dir>} the file {@code <dir>/bench-sealed-<size>.ofd} that SealGate's
 * OfdBenchmark wrote (its PKI directory), so both verify the very same bytes. Setup throws unless ofdrw
 * verifies it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class OfdrwBenchmark {

    private static final String NS = "http://www.ofdspec.org/2016";
    /** Where SealGate keeps its seal font, to draw a picture like SealGate's (relative to the repository root). */
    private static final Path SEAL_FONT = Paths.get("src/main/resources/fonts/ARPLUMingCN-GB2312.ttf");

    @Param({"10240", "1048576"})
    public int size;

    private byte[] document;
    private PrivateKey signerKey;
    private X509Certificate signerCert;
    private SESeal seal;
    private Path work;
    /** The sealed package ofdrwVerify checks. */
    private Path sealed;

    @Setup
    public void setUp() throws Exception {
        System.setProperty("java.awt.headless", "true");
        Provider bc = new BouncyCastleProvider();
        Instant now = Instant.now();
        Date from = Date.from(now.minus(Duration.ofDays(1)));
        Date to = Date.from(now.plus(Duration.ofDays(365)));
        KeyPair rootKeys = sm2(bc);
        X500Name rootName = new X500Name("CN=ofdrw bench root,O=SealGate benchmark,C=CN");
        X509Certificate root = certificate(bc, rootName, rootKeys.getPublic(), rootName, rootKeys.getPrivate(), from, to, true);
        KeyPair signer = sm2(bc);
        signerKey = signer.getPrivate();
        signerCert = certificate(bc, new X500Name("CN=ofdrw bench seal,O=SealGate benchmark,C=CN"), signer.getPublic(),
                rootName, rootKeys.getPrivate(), from, to, false);
        signerCert.verify(root.getPublicKey(), bc);
        byte[] png = sealPicture("示范市民政局", 600);
        seal = seal(bc, "OFDRWBENCH", "示范市民政局", png, now, from, to);

        Map<String, byte[]> files = onePageOfd("营业执照");
        byte[] resource = new byte[Math.max(0, size - 2048)];
        new Random(size).nextBytes(resource);
        files.put("Doc_0/Res/attachment.bin", resource);
        document = zip(files);

        work = Files.createTempDirectory("ofdrw-bench-");
        try {
            check(png.length);
        } catch (Exception | Error e) {
            tearDown(); // JMH does not tear down after a failed setup
            throw e;
        }
    }

    /** Seals once, picks the package to verify and verifies it: throws unless ofdrw says it is valid. */
    private void check(int pictureBytes) throws Exception {
        byte[] own = ofdrwSeal();
        Path ownFile = work.resolve("ofdrw-sealed-" + size + ".ofd");
        Files.write(ownFile, own);
        String dir = System.getProperty("ofdrw.bench.sealed");
        sealed = dir == null || dir.isBlank() ? ownFile : Paths.get(dir).resolve("bench-sealed-" + size + ".ofd");
        if (!Files.isRegularFile(sealed)) {
            throw new IllegalStateException("no sealed package " + sealed.toAbsolutePath());
        }
        try {
            ofdrwVerify();
        } catch (Exception e) {
            throw new IllegalStateException("ofdrw does not verify " + sealed.toAbsolutePath(), e);
        }
        System.err.printf("%n[ofdrw bench] size=%d: package %d bytes, seal picture %d bytes, ofdrw's sealed package %d bytes;"
                        + " verifying %s (%d bytes): ofdrw OK%n",
                size, document.length, pictureBytes, own.length, sealed.toAbsolutePath(), Files.size(sealed));
    }

    @TearDown
    public void tearDown() throws IOException {
        if (work != null) {
            try (Stream<Path> all = Files.walk(work)) {
                for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                    Files.deleteIfExists(p);
                }
            }
            work = null;
        }
    }

    /** Seals the package in memory; see the class comment for what ofdrw does on the way. */
    @Benchmark
    public byte[] ofdrwSeal() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream(document.length + 128 * 1024);
        // unzips the package into a new temporary directory
        OFDReader reader = new OFDReader(new ByteArrayInputStream(document));
        try {
            OFDSigner signer = new OFDSigner(reader, out);
            signer.setSignMode(SignMode.ContinueSign);
            signer.setSignContainer(new SESV4Container(signerKey, seal, signerCert));
            signer.addApPos(new NormalStampPos(1, 145, 227, 40, 40));
            signer.exeSign();
            // zips the directory into out and closes the reader (deleting the directory)
            signer.close();
        } finally {
            reader.close(); // a no-op once closed
        }
        return out.toByteArray();
    }

    /** Verifies the sealed package file; throws if ofdrw finds it invalid. */
    @Benchmark
    public boolean ofdrwVerify() throws Exception {
        // unzips the package into a new temporary directory, deleted on close
        try (OFDReader reader = new OFDReader(sealed); OFDValidator validator = new OFDValidator(reader)) {
            validator.setValidator(new SESV4ValidateContainer());
            validator.exeValidate();
        }
        return true;
    }

    // ---- the package: the same files as SealGate's TestOfd.unsigned(1, text) ---------------------

    private static Map<String, byte[]> onePageOfd(String text) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("OFD.xml", xml("<ofd:OFD xmlns:ofd=\"" + NS + "\" Version=\"1.0\" DocType=\"OFD\"><ofd:DocBody><ofd:DocInfo>"
                + "<ofd:DocID>6c2a9a6f3e0b4e0a9d1f7f3c2b1a0e9d</ofd:DocID><ofd:Title>SealGate test</ofd:Title>"
                + "<ofd:CreationDate>2026-12-01</ofd:CreationDate></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>"
                + "</ofd:DocBody></ofd:OFD>"));
        // IDs as TestOfd numbers them for one page: Page 10, MaxUnitID 14, Layer 11, TextObject 12
        files.put("Doc_0/Document.xml", xml("<ofd:Document xmlns:ofd=\"" + NS + "\"><ofd:CommonData><ofd:MaxUnitID>14"
                + "</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>"
                + "<ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData><ofd:Pages>"
                + "<ofd:Page ID=\"10\" BaseLoc=\"Pages/Page_0/Content.xml\"/></ofd:Pages></ofd:Document>"));
        files.put("Doc_0/PublicRes.xml", xml("<ofd:Res xmlns:ofd=\"" + NS + "\" BaseLoc=\"Res\"><ofd:Fonts>"
                + "<ofd:Font ID=\"2\" FontName=\"宋体\" FamilyName=\"宋体\"/></ofd:Fonts></ofd:Res>"));
        files.put("Doc_0/Pages/Page_0/Content.xml", xml("<ofd:Page xmlns:ofd=\"" + NS + "\"><ofd:Content><ofd:Layer ID=\"11\">"
                + "<ofd:TextObject ID=\"12\" Boundary=\"20 20 170 10\" Font=\"2\" Size=\"5\">"
                + "<ofd:TextCode X=\"0\" Y=\"5\">" + text + " 1</ofd:TextCode></ofd:TextObject></ofd:Layer>"
                + "</ofd:Content></ofd:Page>"));
        return files;
    }

    private static byte[] xml(String body) {
        return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + body).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] zip(Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(f.getKey()));
                zip.write(f.getValue());
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    // ---- keys, certificates, the seal ------------------------------------------------------------

    private static KeyPair sm2(Provider bc) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", bc);
        generator.initialize(new ECGenParameterSpec("sm2p256v1"));
        return generator.generateKeyPair();
    }

    private static X509Certificate certificate(Provider bc, X500Name subject, PublicKey key, X500Name issuer, PrivateKey issuerKey,
                                               Date from, Date to, boolean ca) throws Exception {
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
                new BigInteger(63, new java.security.SecureRandom()), from, to, subject, key);
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign
                : KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
        return new JcaX509CertificateConverter().setProvider(bc).getCertificate(
                builder.build(new JcaContentSignerBuilder("SM3withSM2").setProvider(bc).build(issuerKey)));
    }

    /** A V4 seal (official seal, type 1) allowing the signer's certificate, made by the signer's key over SES_SealInfo's DER. */
    private SESeal seal(Provider bc, String vid, String name, byte[] png, Instant created, Date from, Date to) throws Exception {
        SES_ESPropertyInfo property = new SES_ESPropertyInfo(new ASN1Integer(1), new DERUTF8String(name),
                SES_ESPropertyInfo.CertListType,
                new SES_CertList(new CertInfoList(new ASN1OctetString[]{new DEROctetString(signerCert.getEncoded())})),
                new DERGeneralizedTime(Date.from(created)), new DERGeneralizedTime(from), new DERGeneralizedTime(to));
        SES_SealInfo info = new SES_SealInfo(new SES_Header(SES_Header.V4, new DERIA5String(vid)),
                new DERIA5String("ofdrw-bench-" + size), property,
                new SES_ESPictrueInfo(new DERIA5String("PNG"), new DEROctetString(png), new ASN1Integer(40), new ASN1Integer(40)),
                null);
        Signature maker = Signature.getInstance("SM3withSM2", bc);
        maker.initSign(signerKey);
        maker.update(info.getEncoded("DER"));
        return new SESeal(info, new DEROctetString(signerCert.getEncoded()), GMObjectIdentifiers.sm2sign_with_sm3,
                new DERBitString(maker.sign()));
    }

    /**
     * A round red seal of {@code px} × {@code px} on a transparent background, drawn as SealGate's seal
     * picture is drawn (ring, star, the name along the upper arc in SealGate's seal font when the
     * repository's copy is at hand), so that the seal weighs about as much as SealGate's.
     */
    private static byte[] sealPicture(String name, int px) throws Exception {
        Font font;
        if (Files.isRegularFile(SEAL_FONT)) {
            try (InputStream in = Files.newInputStream(SEAL_FONT)) {
                font = Font.createFont(Font.TRUETYPE_FONT, in);
            }
        } else {
            font = new Font(Font.SERIF, Font.PLAIN, 1);
        }
        BufferedImage image = new BufferedImage(px, px, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setColor(new Color(0xE6, 0x00, 0x12));
            double half = px / 2.0;
            double ring = px * 0.03;
            g.setStroke(new BasicStroke((float) ring));
            g.draw(new Ellipse2D.Double(ring / 2 + 1, ring / 2 + 1, px - ring - 2, px - ring - 2));
            Path2D star = new Path2D.Double();
            double outer = half * 0.3;
            double inner = outer * 0.382;
            for (int i = 0; i < 10; i++) {
                double r = i % 2 == 0 ? outer : inner;
                double a = Math.toRadians(-90 + 36 * i);
                double x = half + r * Math.cos(a);
                double y = half + r * Math.sin(a);
                if (i == 0) {
                    star.moveTo(x, y);
                } else {
                    star.lineTo(x, y);
                }
            }
            star.closePath();
            g.fill(star);
            // the name clockwise along the upper arc, each character upright towards the centre
            int[] chars = name.codePoints().toArray();
            double span = Math.min(235, Math.max(90, chars.length * 27.0));
            double step = chars.length > 1 ? span / (chars.length - 1) : 0;
            g.setFont(font.deriveFont((float) (px * 0.17)));
            AffineTransform base = g.getTransform();
            for (int i = 0; i < chars.length; i++) {
                double angle = Math.toRadians(-span / 2 + i * step);
                String ch = new String(Character.toChars(chars[i]));
                g.setTransform(base);
                g.translate(half, half);
                g.rotate(angle);
                g.translate(0, -half * 0.70);
                int w = g.getFontMetrics().stringWidth(ch);
                g.drawString(ch, -w / 2f, g.getFontMetrics().getAscent() / 2.5f);
            }
            g.setTransform(base);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
