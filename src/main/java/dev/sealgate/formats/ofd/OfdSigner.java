package dev.sealgate.formats.ofd;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import dev.sealgate.crypto.CryptoProviders;
import dev.sealgate.crypto.SignatureScheme;
import dev.sealgate.crypto.SignerKey;
import dev.sealgate.crypto.TimeStampSource;
import dev.sealgate.crypto.TimeStampTokens;
import dev.sealgate.formats.SesSeal;
import dev.sealgate.formats.Spool;
import dev.sealgate.support.ProblemException;
import dev.sealgate.support.ProblemType;

/**
 * Seals or signs an OFD document (GB/T 33190 signatures, GB/T 38540 {@code SES_Signature} version 4):
 * adds {@code Sign_N/Signature.xml} whose References carry the SM3 digest of every file of the package
 * (OFD.xml, Document.xml, each page and resource, and earlier signatures' files, which a second seal so
 * protects), the seal ({@code Seal.esl}) and a {@code StampAnnot} placing its picture, and
 * {@code SignedValue.dat}: the signer's SM2 signature over {@code TBS_Sign}, which states the SM3
 * digest of {@code Signature.xml}. The signature list ({@code Signatures.xml}) is the one file left out
 * of the References, so later signatures can add themselves to it. The package is read twice from the
 * spool, streaming: once for the digests (XML files kept, binaries only hashed), once to copy it out.
 */
public final class OfdSigner {

    /** XML files (the only ones read whole) larger than this are refused. */
    static final int MAX_XML = 16 << 20;

    private static final DateTimeFormatter SIGNATURE_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    /**
     * Where the seal's picture goes.
     *
     * @param page 1-based page number, null for the last page
     * @param x    millimetres from the page's left edge to the picture's, null for the default (bottom right)
     * @param y    millimetres from the page's top edge to the picture's
     */
    public record Placement(Integer page, Double x, Double y) {
        public static final Placement DEFAULT = new Placement(null, null, null);
    }

    /**
     * @param seal   the DER {@code SESeal} to seal with, or null for an electronic signature ({@code Type="Sign"})
     * @param sizeMm     the seal picture's size on the page
     * @param timeStamps for a seal, the TSA that time-stamps the signature value (GB/T 38540 {@code timeStamp}); null for none
     * @param qrText     for a seal, the check address a QR code beside it carries; null for none
     */
    public record Request(SignerKey key, byte[] seal, int sizeMm, Placement placement, Instant signingTime,
            TimeStampSource timeStamps, String qrText) {

        public Request(SignerKey key, byte[] seal, int sizeMm, Placement placement, Instant signingTime,
                TimeStampSource timeStamps) {
            this(key, seal, sizeMm, placement, signingTime, timeStamps, null);
        }
    }

    /**
     * What was signed: where the signature is, which page carries the seal, the package's pages, and
     * whether a QR code was placed beside the seal (only on a document no one has signed before: adding
     * it changes Document.xml, which earlier signatures protect).
     */
    public record Result(String signatureXml, int page, int protectedFiles, int pages, boolean qrCode) {
    }

    /** The QR code's side, in millimetres. */
    static final double QR_MM = 20;

    private OfdSigner() {
    }

    public static Result sign(Spool document, Request request, OutputStream out) throws IOException {
        if (request.key().scheme() != SignatureScheme.SM2_SM3) {
            throw new IllegalArgumentException("OFD signatures are SM2");
        }
        Scan scan = scan(document);
        byte[] ofdXml = scan.xml.get("OFD.xml");
        if (ofdXml == null) {
            throw OfdPackage.malformed("no OFD.xml at the root of the package");
        }
        Document ofd = OfdPackage.parse("OFD.xml", ofdXml);
        // new files are written in the namespace the document uses (GB/T 33190's, or the one Suwell's SDK writes)
        String ns = OfdPackage.namespaceOf(ofd);
        Element body = OfdPackage.child(ofd.getDocumentElement(), "DocBody");
        Element docRootRef = body == null ? null : OfdPackage.child(body, "DocRoot");
        if (docRootRef == null) {
            throw OfdPackage.malformed("OFD.xml names no document (DocBody/DocRoot)");
        }
        String docRoot = OfdPackage.resolve("OFD.xml", docRootRef.getTextContent());
        String docFolder = docRoot.contains("/") ? docRoot.substring(0, docRoot.lastIndexOf('/') + 1) : "";
        byte[] documentXml = scan.xml.get(docRoot);
        if (documentXml == null) {
            throw OfdPackage.malformed("OFD.xml names " + OfdPackage.printable(docRoot) + ", which the package does not hold");
        }
        Page page = page(OfdPackage.parse(docRoot, documentXml), docRoot, scan, request.placement(), request.sizeMm());

        // the signature list: the document's own, or a new one in Signs/
        Element signaturesRef = OfdPackage.child(body, "Signatures");
        String signaturesPath = signaturesRef == null ? docFolder + "Signs/Signatures.xml"
                : OfdPackage.resolve("OFD.xml", signaturesRef.getTextContent());
        byte[] newOfdXml = signaturesRef == null ? withSignaturesReference(ofdXml, "/" + signaturesPath) : ofdXml;
        byte[] oldList = signaturesRef == null ? null : scan.xml.get(signaturesPath);
        if (signaturesRef != null && oldList == null) {
            throw OfdPackage.malformed("OFD.xml names " + OfdPackage.printable(signaturesPath) + ", which the package does not hold");
        }
        String signsFolder = signaturesPath.contains("/") ? signaturesPath.substring(0, signaturesPath.lastIndexOf('/') + 1) : "";
        int n = 0;
        while (scan.folderUsed(signsFolder + "Sign_" + n + "/")) {
            n++;
        }
        String folder = signsFolder + "Sign_" + n + "/";
        String signatureXmlPath = folder + "Signature.xml";
        String valuePath = folder + "SignedValue.dat";
        String sealPath = folder + "Seal.esl";
        Document oldListXml = oldList == null ? null : OfdPackage.parse(signaturesPath, oldList);
        if (oldListXml != null) {
            refuseWhenLocked(oldListXml, signaturesPath, scan);
        }
        int id = oldListXml == null ? 1 : maxSignId(oldListXml) + 1;
        boolean seal = request.seal() != null;
        byte[] newList = signatureList(oldList, id, seal ? "Seal" : "Sign", "/" + signatureXmlPath, ns);

        // a QR code beside the seal, as a page annotation, on a document no one has signed yet
        Map<String, byte[]> annotated = seal && request.qrText() != null && oldList == null
                ? QrAnnotation.add(scan.xml, docRoot, page.id, qrPlace(page, request.sizeMm()), request.qrText(), request.signingTime(), ns)
                : Map.of();

        // References: every file of the signed package but the list and this signature's Signature.xml and value
        TreeMap<String, byte[]> digests = new TreeMap<>(scan.digests);
        digests.put("OFD.xml", sm3(newOfdXml));
        annotated.forEach((name, bytes) -> digests.put(name, sm3(bytes)));
        digests.remove(signaturesPath);
        if (seal) {
            digests.put(sealPath, sm3(request.seal()));
        }
        StringBuilder xml = new StringBuilder(256 + digests.size() * 120);
        xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ofd:Signature xmlns:ofd=\"").append(ns).append("\">")
                .append("<ofd:SignedInfo>")
                .append("<ofd:Provider ProviderName=\"SealGate\" Version=\"1.0\" Company=\"SealGate\"/>")
                .append("<ofd:SignatureMethod>").append(request.key().scheme().identifier().getAlgorithm().getId())
                .append("</ofd:SignatureMethod>")
                .append("<ofd:SignatureDateTime>").append(SIGNATURE_TIME.format(request.signingTime())).append("</ofd:SignatureDateTime>")
                .append("<ofd:References CheckMethod=\"1.2.156.10197.1.401\">");
        Base64.Encoder base64 = Base64.getEncoder();
        for (Map.Entry<String, byte[]> file : digests.entrySet()) {
            xml.append("<ofd:Reference FileRef=\"/").append(attribute(file.getKey())).append("\"><ofd:CheckValue>")
                    .append(base64.encodeToString(file.getValue())).append("</ofd:CheckValue></ofd:Reference>");
        }
        xml.append("</ofd:References>");
        if (seal) {
            xml.append("<ofd:StampAnnot ID=\"1\" PageRef=\"").append(attribute(page.id)).append("\" Boundary=\"")
                    .append(mm(page.x)).append(' ').append(mm(page.y)).append(' ').append(request.sizeMm()).append(' ')
                    .append(request.sizeMm()).append("\"/>")
                    .append("<ofd:Seal><ofd:BaseLoc>/").append(attribute(sealPath)).append("</ofd:BaseLoc></ofd:Seal>");
        }
        xml.append("</ofd:SignedInfo><ofd:SignedValue>/").append(attribute(valuePath)).append("</ofd:SignedValue></ofd:Signature>");
        byte[] signatureXml = xml.toString().getBytes(StandardCharsets.UTF_8);
        byte[] value = seal ? sesSignature(request, signatureXml, "/" + signatureXmlPath)
                : GbT35275.sign(request.key(), signatureXml);

        Map<String, byte[]> replaced = new LinkedHashMap<>();
        replaced.put("OFD.xml", newOfdXml);
        replaced.put(signaturesPath, newList);
        Map<String, byte[]> added = new LinkedHashMap<>();
        annotated.forEach((name, bytes) -> (scan.digests.containsKey(name) ? replaced : added).put(name, bytes));
        if (oldList == null) {
            added.put(signaturesPath, newList);
        }
        if (seal) {
            added.put(sealPath, request.seal());
        }
        added.put(signatureXmlPath, signatureXml);
        added.put(valuePath, value);
        copy(document, scan, replaced, added, out);
        return new Result("/" + signatureXmlPath, page.number, digests.size(), page.pages, !annotated.isEmpty());
    }

    /** TBS_Sign (version 4) signed by the key: the SES_Signature's DER. */
    private static byte[] sesSignature(Request request, byte[] signatureXml, String propertyInfo) throws IOException {
        ASN1EncodableVector tbs = new ASN1EncodableVector();
        tbs.add(new ASN1Integer(4));
        tbs.add(ASN1Primitive.fromByteArray(request.seal()));
        tbs.add(SesSeal.time(request.signingTime()));
        tbs.add(new DERBitString(sm3(signatureXml)));
        tbs.add(new DERIA5String(propertyInfo));
        DERSequence toSign = new DERSequence(tbs);
        SignerKey key = request.key();
        byte[] signature = key.custody().sign(key.alias(), key.scheme(), toSign.getEncoded(ASN1Encoding.DER));
        ASN1EncodableVector ses = new ASN1EncodableVector();
        ses.add(toSign);
        try {
            ses.add(new DEROctetString(key.certificate().getEncoded()));
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalArgumentException("The signer's certificate cannot be encoded", e);
        }
        ses.add(key.scheme().identifier().getAlgorithm());
        ses.add(new DERBitString(signature));
        if (request.timeStamps() != null) {
            byte[] token = TimeStampTokens.request(signature, request.timeStamps()).getEncoded();
            ses.add(new org.bouncycastle.asn1.DERTaggedObject(true, 0, new DERBitString(token)));
        }
        return new DERSequence(ses).getEncoded(ASN1Encoding.DER);
    }

    /** The page the seal goes on, and where: its ID, number and the picture's top-left corner in millimetres. */
    private record Page(String id, int number, double x, double y, double width, double height, int pages) {
    }

    /** Where the QR code goes: left of the seal, else right of it, else below; null when none fits on the page. */
    private static double[] qrPlace(Page page, int sealMm) {
        double gap = 3;
        double top = page.y + (sealMm - QR_MM);
        double[][] candidates = {
            {page.x - gap - QR_MM, top}, {page.x + sealMm + gap, top}, {page.x + (sealMm - QR_MM) / 2, page.y + sealMm + gap}};
        for (double[] c : candidates) {
            if (c[0] >= 0 && c[1] >= 0 && c[0] + QR_MM <= page.width && c[1] + QR_MM <= page.height) {
                return c;
            }
        }
        return null;
    }

    private static Page page(Document document, String docRoot, Scan scan, Placement placement, int sizeMm) {
        Element root = document.getDocumentElement();
        Element pages = OfdPackage.child(root, "Pages");
        List<Element> list = pages == null ? List.of() : OfdPackage.children(pages, "Page");
        if (list.isEmpty()) {
            throw OfdPackage.malformed(OfdPackage.printable(docRoot) + " lists no pages");
        }
        int number = placement.page() == null ? list.size() : placement.page();
        if (number < 1 || number > list.size()) {
            throw new ProblemException(ProblemType.INVALID_PARAMETER,
                    "page must be between 1 and " + list.size() + ", the document's number of pages.");
        }
        Element chosen = list.get(number - 1);
        double[] box = box(OfdPackage.child(root, "CommonData"), "PageArea");
        byte[] content = scan.xml.get(OfdPackage.resolve(docRoot, chosen.getAttribute("BaseLoc")));
        if (content != null) {
            double[] own = box(OfdPackage.parse("page " + number, content).getDocumentElement(), "Area");
            if (own != null) {
                box = own;
            }
        }
        if (box == null) {
            box = new double[] {0, 0, 210, 297};
        }
        double width = box[2];
        double height = box[3];
        double size = sizeMm;
        // bottom right by default: a seal's width from the right edge and from the bottom
        double x = placement.x() == null ? width - size - Math.min(25, width / 8) : placement.x();
        double y = placement.y() == null ? height - size - Math.min(30, height / 8) : placement.y();
        if (x < 0 || y < 0 || x + size > width || y + size > height || Double.isNaN(x) || Double.isNaN(y)) {
            throw new ProblemException(ProblemType.INVALID_PARAMETER, String.format(Locale.ROOT,
                    "The seal (%d mm) at x=%s, y=%s mm does not fit on page %d (%s × %s mm).", sizeMm, mm(x), mm(y), number,
                    mm(width), mm(height)));
        }
        return new Page(chosen.getAttribute("ID"), number, x, y, width, height, list.size());
    }

    /** PhysicalBox of the named area under {@code parent}: x, y, width, height in millimetres; null when absent. */
    private static double[] box(Element parent, String area) {
        Element a = parent == null ? null : OfdPackage.child(parent, area);
        Element physical = a == null ? null : OfdPackage.child(a, "PhysicalBox");
        if (physical == null) {
            return null;
        }
        String[] parts = physical.getTextContent().trim().split("\\s+");
        if (parts.length != 4) {
            return null;
        }
        try {
            double[] out = new double[4];
            for (int i = 0; i < 4; i++) {
                out[i] = Double.parseDouble(parts[i]);
            }
            return out[2] > 0 && out[3] > 0 ? out : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String mm(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.2f", value);
    }

    /** OFD.xml with a Signatures element closing its first DocBody, in the prefix the document uses. */
    private static byte[] withSignaturesReference(byte[] ofdXml, String path) {
        String text = new String(ofdXml, StandardCharsets.UTF_8);
        Matcher close = Pattern.compile("</([\\w.-]+:)?DocBody\\s*>").matcher(text);
        if (!close.find()) {
            throw OfdPackage.malformed("OFD.xml has no DocBody");
        }
        String prefix = close.group(1) == null ? "" : close.group(1);
        String element = "<" + prefix + "Signatures>" + attribute(path) + "</" + prefix + "Signatures>";
        return (text.substring(0, close.start()) + element + text.substring(close.start())).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A signature whose references protect the list of signatures closes the document: any signature added
     * after it changes that list and breaks it (ofdrw's OFDSigner refuses too). Sealing such a document is
     * refused, so every earlier signature keeps the verdict it had.
     */
    private static void refuseWhenLocked(Document list, String signaturesPath, Scan scan) {
        for (Element entry : OfdPackage.children(list.getDocumentElement(), "Signature")) {
            String location = OfdPackage.resolve(signaturesPath, entry.getAttribute("BaseLoc"));
            byte[] xml = scan.xml.get(location);
            Element signedInfo = xml == null ? null : OfdPackage.child(OfdPackage.parse(location, xml).getDocumentElement(), "SignedInfo");
            Element references = signedInfo == null ? null : OfdPackage.child(signedInfo, "References");
            if (references == null) {
                continue;
            }
            for (Element reference : OfdPackage.children(references, "Reference")) {
                if (OfdPackage.resolve(location, reference.getAttribute("FileRef")).equals(signaturesPath)) {
                    throw new ProblemException(ProblemType.DOCUMENT_LOCKED, "Signature " + OfdPackage.printable(entry.getAttribute("ID"))
                            + " protects the list of signatures (" + OfdPackage.printable(signaturesPath) + "): it allows no later"
                            + " signature, and adding one would break it.");
                }
            }
        }
    }

    private static int maxSignId(Document list) {
        int max = 0;
        Element root = list.getDocumentElement();
        Element declared = OfdPackage.child(root, "MaxSignId");
        if (declared != null) {
            max = number(declared.getTextContent());
        }
        for (Element signature : OfdPackage.children(root, "Signature")) {
            max = Math.max(max, number(signature.getAttribute("ID")));
        }
        return max;
    }

    private static int number(String text) {
        Matcher digits = Pattern.compile("(\\d{1,9})\\s*$").matcher(text.trim());
        return digits.find() ? Integer.parseInt(digits.group(1)) : 0;
    }

    /** The signature list with this signature's entry appended (and MaxSignId raised), or a new list. */
    private static byte[] signatureList(byte[] old, int id, String type, String baseLoc, String ns) {
        if (old == null) {
            return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ofd:Signatures xmlns:ofd=\"" + ns + "\"><ofd:MaxSignId>" + id
                    + "</ofd:MaxSignId>" + entry("ofd:", id, type, baseLoc) + "</ofd:Signatures>").getBytes(StandardCharsets.UTF_8);
        }
        String text = new String(old, StandardCharsets.UTF_8);
        Matcher max = Pattern.compile("(<([\\w.-]+:)?MaxSignId>)[^<]*(</([\\w.-]+:)?MaxSignId>)").matcher(text);
        if (max.find()) {
            text = text.substring(0, max.start()) + max.group(1) + id + max.group(3) + text.substring(max.end());
        }
        Matcher close = Pattern.compile("</([\\w.-]+:)?Signatures\\s*>\\s*$").matcher(text);
        if (!close.find()) {
            throw OfdPackage.malformed("Signatures.xml does not end with its Signatures element");
        }
        String prefix = close.group(1) == null ? "" : close.group(1);
        return (text.substring(0, close.start()) + entry(prefix, id, type, baseLoc) + text.substring(close.start()))
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String entry(String prefix, int id, String type, String baseLoc) {
        return "<" + prefix + "Signature ID=\"" + id + "\" Type=\"" + type + "\" BaseLoc=\"" + attribute(baseLoc) + "\"/>";
    }

    private static String attribute(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    static byte[] sm3(byte[] data) {
        return sm3().digest(data);
    }

    private static MessageDigest sm3() {
        try {
            return MessageDigest.getInstance("SM3", CryptoProviders.bc());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The package's files: each one's SM3 digest, the XML files' bytes, the folders in use. */
    private static final class Scan {
        final Map<String, byte[]> digests = new LinkedHashMap<>();
        final Map<String, byte[]> xml = new LinkedHashMap<>();
        /** Files the package stores uncompressed (a picture, a font): their CRC-32 and size, to store them so again. */
        final Map<String, long[]> stored = new java.util.HashMap<>();

        boolean folderUsed(String folder) {
            return digests.keySet().stream().anyMatch(name -> name.startsWith(folder));
        }
    }

    private static Scan scan(Spool document) throws IOException {
        Scan scan = new Scan();
        Map<String, ZipLayout.Entry> directory;
        try (org.apache.pdfbox.io.RandomAccessRead in = document.randomAccess()) {
            directory = ZipLayout.check(in);
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        try (ZipInputStream zip = new ZipInputStream(new BufferedInputStream(document.open(), 64 * 1024))) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                String name = OfdPackage.checkName(entry.getName());
                seen.add(name);
                if (entry.isDirectory()) {
                    continue;
                }
                if (scan.digests.size() >= OfdPackage.MAX_ENTRIES) {
                    throw OfdPackage.malformed("more than " + OfdPackage.MAX_ENTRIES + " files");
                }
                boolean isXml = name.toLowerCase(Locale.ROOT).endsWith(".xml");
                MessageDigest digest = sm3();
                ByteArrayOutputStream kept = isXml ? new ByteArrayOutputStream() : null;
                java.util.zip.CRC32 crc = entry.getMethod() == ZipEntry.STORED ? new java.util.zip.CRC32() : null;
                long size = 0;
                int n;
                while ((n = zip.read(buffer)) > 0) {
                    total += n;
                    size += n;
                    if (crc != null) {
                        crc.update(buffer, 0, n);
                    }
                    if (total > OfdPackage.MAX_UNCOMPRESSED) {
                        throw OfdPackage.malformed("more than " + OfdPackage.MAX_UNCOMPRESSED + " bytes uncompressed");
                    }
                    digest.update(buffer, 0, n);
                    if (kept != null) {
                        if (kept.size() + n > MAX_XML) {
                            throw OfdPackage.malformed(OfdPackage.printable(name) + " is larger than " + MAX_XML + " bytes");
                        }
                        kept.write(buffer, 0, n);
                    }
                }
                ZipLayout.agrees(directory, entry, size);
                if (scan.digests.put(name, digest.digest()) != null) {
                    throw OfdPackage.malformed("two entries named " + OfdPackage.printable(name));
                }
                if (kept != null) {
                    scan.xml.put(name, kept.toByteArray());
                }
                if (crc != null) {
                    scan.stored.put(name, new long[] {crc.getValue(), size});
                }
            }
        } catch (java.util.zip.ZipException | IllegalArgumentException e) {
            throw OfdPackage.malformed("the ZIP cannot be read");
        }
        if (scan.digests.isEmpty()) {
            throw OfdPackage.malformed("not a ZIP package");
        }
        if (!seen.equals(directory.keySet())) {
            throw OfdPackage.malformed("the local headers and the central directory name different files");
        }
        return scan;
    }

    /**
     * The package again, with {@code replaced} files in place of theirs and {@code added} files at the
     * end. Files the package stored uncompressed stay so, as do the seal and the signed value (a PNG and
     * DER around it: deflating them gains nothing); the rest is deflated at the fastest level.
     */
    private static void copy(Spool document, Scan scan, Map<String, byte[]> replaced, Map<String, byte[]> added, OutputStream out)
            throws IOException {
        ZipOutputStream zipOut = new ZipOutputStream(new NonClosing(out), StandardCharsets.UTF_8);
        zipOut.setLevel(java.util.zip.Deflater.BEST_SPEED);
        byte[] buffer = new byte[64 * 1024];
        try (ZipInputStream zip = new ZipInputStream(new BufferedInputStream(document.open(), 64 * 1024))) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                if (entry.isDirectory()) {
                    continue;
                }
                String name = entry.getName();
                byte[] replacement = replaced.get(name);
                long[] stored = replacement == null ? scan.stored.get(name) : null;
                zipOut.putNextEntry(stored == null ? new ZipEntry(name) : storedEntry(name, stored[0], stored[1]));
                if (replacement != null) {
                    zipOut.write(replacement);
                } else {
                    int n;
                    while ((n = zip.read(buffer)) > 0) {
                        zipOut.write(buffer, 0, n);
                    }
                }
                zipOut.closeEntry();
            }
        }
        for (Map.Entry<String, byte[]> file : added.entrySet()) {
            boolean binary = !file.getKey().endsWith(".xml");
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(file.getValue());
            zipOut.putNextEntry(binary ? storedEntry(file.getKey(), crc.getValue(), file.getValue().length) : new ZipEntry(file.getKey()));
            zipOut.write(file.getValue());
            zipOut.closeEntry();
        }
        zipOut.finish();
        zipOut.flush();
    }

    private static ZipEntry storedEntry(String name, long crc, long size) {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setCrc(crc);
        entry.setSize(size);
        entry.setCompressedSize(size);
        return entry;
    }

    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

}
