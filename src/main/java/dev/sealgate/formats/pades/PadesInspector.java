package dev.sealgate.formats.pades;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSObject;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;

import dev.sealgate.crypto.CertificateUrls;
import dev.sealgate.crypto.MalformedSignatureException;
import dev.sealgate.crypto.Pem;
import dev.sealgate.crypto.SignatureFacts;
import dev.sealgate.crypto.TimeStampTokens;
import dev.sealgate.formats.FormatFindings;
import dev.sealgate.formats.Inspected;
import dev.sealgate.formats.cades.CadesInspector;
import dev.sealgate.support.ProblemException;
import dev.sealgate.support.ProblemType;
import dev.sealgate.support.VerificationSettings;

/** Every signature of a PDF: its CMS over the byte ranges, the DSS dictionary, and what came after it. */
@ApplicationScoped
public class PadesInspector {

    private static final byte[] EOF_MARKER = "%%EOF".getBytes(StandardCharsets.US_ASCII);
    private static final String DOCUMENT_TIME_STAMP = "ETSI.RFC3161";

    /** A PAdES document time-stamp: where its /Contents hole starts, and what its token says. */
    /** A document time-stamp; {@code coversValidationData} when a DSS dictionary was in the revisions it covers. */
    private record DocumentTimeStamp(long contentsOffset, SignatureFacts.TimeStampFacts facts, boolean coversValidationData) {
    }

    /**
     * Whether the revisions before the one that starts the time-stamp at {@code contentsOffset} (the
     * bytes up to the last {@code %%EOF} before it) hold a DSS dictionary: read as a PDF of its own.
     */
    private static boolean validationDataBefore(byte[] all, int contentsOffset) {
        int end = -1;
        for (int i = Math.min(contentsOffset, all.length) - EOF_MARKER.length; i >= 0; i--) {
            if (all[i] == '%' && Arrays.equals(all, i, i + EOF_MARKER.length, EOF_MARKER, 0, EOF_MARKER.length)) {
                end = i + EOF_MARKER.length;
                break;
            }
        }
        if (end < 0) {
            return false;
        }
        try (PDDocument before = Loader.loadPDF(Arrays.copyOf(all, end))) {
            COSDictionary dss = before.getDocumentCatalog().getCOSObject().getCOSDictionary(COSName.getPDFName("DSS"));
            return dss != null;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** More objects than any real signed document has: such a file is refused before it is walked. */
    private final int maxObjects;

    @jakarta.inject.Inject
    public PadesInspector(VerificationSettings settings) {
        this.maxObjects = settings.maxPdfObjects();
    }

    /**
     * How many indirect objects the bytes hold, as a parser searching the file would find them: each {@code obj}
     * keyword after a generation number ("12 0 obj"), counted without parsing anything (ISO 32000-1 7.3.10).
     * Objects inside object streams are not counted here; the cross-reference stream that lists them is.
     */
    public static int countObjects(byte[] bytes) {
        int count = 0;
        for (int i = 2; i + 3 <= bytes.length; i++) {
            if (bytes[i] == 'o' && bytes[i + 1] == 'b' && bytes[i + 2] == 'j' && isWhite(bytes[i - 1]) && bytes[i - 2] >= '0' && bytes[i - 2] <= '9'
                    && (i + 3 == bytes.length || !Character.isLetterOrDigit(bytes[i + 3]))) {
                count++;
            }
        }
        return count;
    }

    private static boolean isWhite(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t' || b == '\f' || b == 0;
    }

    /** Outside CDI (benchmarks, offline tests), with the settings' defaults. */
    public PadesInspector() {
        this(VerificationSettings.of(java.util.Map.of()));
    }

    /**
     * Every signature of the PDF in {@code all} with what its validation needs from the document (the
     * DSS dictionary, the bytes it covers, later document time-stamps); document time-stamps are not
     * signatures of their own.
     */
    public List<Inspected> inspect(byte[] all) {
        List<Inspected> inspected = new ArrayList<>();
        // counted in the bytes before the parser sees them: a file without a usable cross-reference table makes the
        // parser search the whole file and keep every object it finds, declared or not
        if (countObjects(all) > maxObjects) {
            throw new ProblemException(ProblemType.PDF_TOO_COMPLEX, "The PDF holds more than " + maxObjects
                    + " objects; it is refused rather than walked.");
        }
        try (PDDocument document = Loader.loadPDF(new org.apache.pdfbox.io.RandomAccessReadBuffer(all))) {
            if (document.getDocument().getXrefTable().size() > maxObjects) {
                throw new ProblemException(ProblemType.PDF_TOO_COMPLEX, "The PDF declares more than " + maxObjects
                        + " objects; it is refused rather than walked.");
            }
            List<X509Certificate> dssCerts = new ArrayList<>();
            List<X509CRL> dssCrls = new ArrayList<>();
            List<byte[]> dssOcsp = new ArrayList<>();
            readDss(document, dssCerts, dssCrls, dssOcsp);
            List<PDSignature> signatures = new ArrayList<>();
            List<DocumentTimeStamp> documentTimeStamps = new ArrayList<>();
            for (PDSignature signature : document.getSignatureDictionaries()) {
                int[] range = signature.getByteRange();
                boolean inFile = wellFormed(range, all.length);
                if (DOCUMENT_TIME_STAMP.equals(signature.getSubFilter()) && inFile) {
                    documentTimeStamps.add(new DocumentTimeStamp(range[1],
                            TimeStampTokens.check(signature.getContents(all), signedContent(all, range)),
                            !dssCerts.isEmpty() || !dssCrls.isEmpty() || !dssOcsp.isEmpty() ? validationDataBefore(all, range[1]) : false));
                } else {
                    signatures.add(signature);
                }
            }
            for (PDSignature signature : signatures) {
                int[] range = signature.getByteRange();
                String subFilter = signature.getSubFilter();
                SignatureFacts facts;
                PdfCoverage coverage = null;
                List<SignatureFacts.TimeStampFacts> archives = List.of();
                List<SignatureFacts.TimeStampFacts> documentLevel = List.of();
                if (!byteRangeValid(signature, range, all)) {
                    facts = SignatureFacts.unparseable("the signature's /ByteRange is not two ranges around exactly its /Contents"
                            + " (missing, not from the file's start, overlapping, outside the file, or moved off the signature value)");
                    coverage = new PdfCoverage(range == null ? List.of() : Arrays.stream(range).mapToObj(n -> (long) n).toList(), 0,
                            all.length, false, 0, false, "The /ByteRange does not delimit this signature's own revision.");
                    try {
                        coverage = coverage.withSignDate(signature.getSignDate());
                    } catch (RuntimeException e) {
                        // a malformed /M states nothing
                    }
                } else {
                    try {
                        byte[] contents = signature.getContents(all);
                        byte[] signedBytes = signedContent(all, range);
                        facts = inspect(contents, signedBytes);
                        if (ADBE_PKCS7_SHA1.equals(subFilter) && facts.parsed() && !Boolean.FALSE.equals(facts.digestMatches())) {
                            // the CMS signs, as its content, the SHA-1 of the byte ranges: that content must be theirs
                            byte[] content = CadesInspector.encapsulatedContent(contents);
                            facts = facts.withDigestMatches(content != null && java.util.Arrays.equals(content, sha1(signedBytes)));
                        }
                        coverage = coverage(all, range);
                        try {
                            coverage = coverage.withSignDate(signature.getSignDate());
                        } catch (RuntimeException e) {
                            // a malformed /M states nothing
                        }
                        long revisionEnd = (long) range[2] + range[3];
                        // a document time-stamp in a later revision covers this signature, and the validation data added
                        // before it if there is any: then it is an archive time-stamp, else it proves only the signature's time
                        archives = documentTimeStamps.stream().filter(ts -> ts.contentsOffset() >= revisionEnd && ts.coversValidationData())
                                .map(DocumentTimeStamp::facts).toList();
                        documentLevel = documentTimeStamps.stream().filter(ts -> ts.contentsOffset() >= revisionEnd && !ts.coversValidationData())
                                .map(DocumentTimeStamp::facts).toList();
                    } catch (IOException | RuntimeException e) {
                        if (e instanceof ProblemException problem) {
                            throw problem;
                        }
                        // this signature's parts cannot be read: it fails, the others are judged
                        facts = SignatureFacts.unparseable("the signature's /Contents or signed revision cannot be read");
                        coverage = null;
                        archives = List.of();
                        documentLevel = List.of();
                    }
                }
                String format = "ETSI.CAdES.detached".equals(subFilter) ? "PAdES" : "PDF (" + subFilter + ")";
                String field = signature.getName();
                inspected.add(new Inspected(facts, new Inspected.Context(format, field, dssCerts, dssCrls,
                        dssOcsp, archives, documentLevel, null, coverage == null ? FormatFindings.NONE : new PdfFindings(coverage))));
            }
        } catch (IOException e) {
            throw new ProblemException(ProblemType.UNRECOGNISED_SIGNATURE, "The PDF could not be read.");
        }
        return inspected;
    }

    private static final String ADBE_PKCS7_SHA1 = "adbe.pkcs7.sha1";

    private static byte[] sha1(byte[] data) {
        try {
            return java.security.MessageDigest.getInstance("SHA-1").digest(data);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A signature field whose contents are not a signature makes that signature fail, not the request. */
    private static SignatureFacts inspect(byte[] contents, byte[] signedBytes) {
        try {
            return CadesInspector.inspect(contents,
                    CadesInspector.DetachedContent.of(() -> new java.io.ByteArrayInputStream(signedBytes)), true);
        } catch (MalformedSignatureException e) {
            return SignatureFacts.unparseable(e.getMessage());
        }
    }

    /**
     * ISO 32000-1 12.8.1 as EU DSS 6.4 checks it (ByteRange, FAIL): four numbers, the first range from the file's
     * first byte, the second after it and inside the file, and between them exactly the {@code /Contents} hexadecimal
     * string of this signature dictionary — anything else signs other bytes than the signature's own revision (a
     * /ByteRange edited by hand, a signature wrapping attack). An invalid one makes that signature FORMAT_FAILURE.
     */
    private static boolean byteRangeValid(PDSignature signature, int[] range, byte[] all) {
        if (!wellFormed(range, all.length) || range[0] != 0 || range[2] - range[1] < 2) {
            return false;
        }
        byte[] declared;
        try {
            declared = signature.getContents();
        } catch (RuntimeException e) {
            return false;
        }
        int from = range[1];
        int to = range[2];
        if (all[from] != '<' || all[to - 1] != '>' || declared == null) {
            return false;
        }
        java.io.ByteArrayOutputStream gap = new java.io.ByteArrayOutputStream();
        int high = -1;
        for (int i = from + 1; i < to - 1; i++) {
            int digit = Character.digit(all[i], 16);
            if (digit < 0) {
                if (Character.isWhitespace(all[i])) {
                    continue;
                }
                return false;
            }
            if (high < 0) {
                high = digit;
            } else {
                gap.write(high << 4 | digit);
                high = -1;
            }
        }
        if (high >= 0) {
            gap.write(high << 4);
        }
        return Arrays.equals(gap.toByteArray(), declared);
    }

    /** Two ranges, in order, not overlapping, inside the file: otherwise the signature covers nothing definite. */
    private static boolean wellFormed(int[] range, long length) {
        return range != null && range.length == 4 && range[0] >= 0 && range[1] >= 0 && range[2] >= 0 && range[3] >= 0
                && (long) range[0] + range[1] <= range[2] && (long) range[2] + range[3] <= length;
    }

    private static byte[] signedContent(byte[] all, int[] range) {
        byte[] out = new byte[range[1] + range[3]];
        System.arraycopy(all, range[0], out, 0, range[1]);
        System.arraycopy(all, range[2], out, range[1], range[3]);
        return out;
    }

    private static PdfCoverage coverage(byte[] all, int[] range) {
        long revisionEnd = (long) range[2] + range[3];
        int later = 0;
        for (int i = (int) revisionEnd; i <= all.length - EOF_MARKER.length; i++) {
            if (all[i] == '%' && Arrays.equals(all, i, i + EOF_MARKER.length, EOF_MARKER, 0, EOF_MARKER.length)) {
                later++;
            }
        }
        boolean whole = revisionEnd == all.length || onlyWhitespace(all, (int) revisionEnd);
        boolean changed = false;
        String forbidden = null;
        if (!whole) {
            try (PDDocument before = Loader.loadPDF(Arrays.copyOf(all, (int) revisionEnd)); PDDocument after = Loader.loadPDF(all)) {
                changed = pagesDiffer(before, after);
                forbidden = forbiddenChange(before, after, range);
            } catch (IOException | RuntimeException e) {
                changed = true;
                forbidden = "The signed revision cannot be read on its own.";
            }
        }
        return new PdfCoverage(List.of((long) range[0], (long) range[1], (long) range[2], (long) range[3]), revisionEnd,
                all.length, whole, whole ? 0 : later, changed, forbidden);
    }

    private static boolean onlyWhitespace(byte[] all, int from) {
        for (int i = from; i < all.length; i++) {
            if (!Character.isWhitespace(all[i])) {
                return false;
            }
        }
        return true;
    }

    /** Whether the pages of the signed revision and of the whole document differ (count or content streams). */
    /**
     * What EU DSS's default policy refuses in a later revision (PdfPageDifference and
     * PdfSignatureDictionary, both FAIL): a different number of pages, or a signature dictionary for
     * this byte range that is not the one the signed revision holds. Null when neither happened.
     */
    private static String forbiddenChange(PDDocument before, PDDocument after, int[] range) throws IOException {
        if (before.getNumberOfPages() != after.getNumberOfPages()) {
            return "A later revision has " + after.getNumberOfPages() + " pages where the signed one has "
                    + before.getNumberOfPages() + ".";
        }
        PDSignature signed = withRange(before, range);
        PDSignature current = withRange(after, range);
        if (signed == null || current == null || !describe(signed.getCOSObject(), 0).equals(describe(current.getCOSObject(), 0))) {
            return "A later revision replaced or altered this signature's dictionary (reason, name, time or other entries).";
        }
        return null;
    }

    private static PDSignature withRange(PDDocument document, int[] range) throws IOException {
        for (PDSignature signature : document.getSignatureDictionaries()) {
            if (Arrays.equals(signature.getByteRange(), range)) {
                return signature;
            }
        }
        return null;
    }

    /** A PDF object written out by value (references followed, depth bounded) to compare two revisions' dictionaries. */
    private static String describe(COSBase base, int depth) {
        COSBase value = base instanceof COSObject object ? object.getObject() : base;
        if (depth > 6 || value == null) {
            return "null";
        }
        if (value instanceof COSString string) {
            return "(" + java.util.HexFormat.of().formatHex(string.getBytes()) + ")";
        }
        if (value instanceof COSArray array) {
            StringBuilder out = new StringBuilder("[");
            for (int i = 0; i < array.size(); i++) {
                out.append(describe(array.get(i), depth + 1)).append(' ');
            }
            return out.append(']').toString();
        }
        if (value instanceof COSDictionary dictionary) {
            StringBuilder out = new StringBuilder("<<");
            dictionary.keySet().stream().map(COSName::getName).sorted().forEach(key -> out.append('/')
                    .append(key).append(' ').append(describe(dictionary.getItem(key), depth + 1)).append(' '));
            return out.append(">>").toString();
        }
        return value.toString();
    }

    private static boolean pagesDiffer(PDDocument before, PDDocument after) throws IOException {
        if (before.getNumberOfPages() != after.getNumberOfPages()) {
            return true;
        }
        for (int i = 0; i < before.getNumberOfPages(); i++) {
            if (!Arrays.equals(pageContent(before.getPage(i)), pageContent(after.getPage(i)))) {
                return true;
            }
        }
        return false;
    }

    private static byte[] pageContent(PDPage page) throws IOException {
        try (InputStream in = page.getContents()) {
            return in.readAllBytes();
        }
    }

    private static void readDss(PDDocument document, List<X509Certificate> certs, List<X509CRL> crls, List<byte[]> ocsp) {
        COSDictionary dss = document.getDocumentCatalog().getCOSObject().getCOSDictionary(COSName.getPDFName("DSS"));
        if (dss == null) {
            return;
        }
        for (byte[] der : streams(dss, "Certs")) {
            try {
                certs.add(Pem.fromDer(der));
            } catch (RuntimeException e) {
                // an unreadable entry is not evidence
            }
        }
        for (byte[] der : streams(dss, "CRLs")) {
            try {
                crls.add(CertificateUrls.parseCrl(der));
            } catch (RuntimeException e) {
                // an unreadable entry is not evidence
            }
        }
        ocsp.addAll(streams(dss, "OCSPs"));
    }

    private static List<byte[]> streams(COSDictionary dss, String key) {
        List<byte[]> out = new ArrayList<>();
        COSBase base = dss.getDictionaryObject(COSName.getPDFName(key));
        if (base instanceof COSArray array) {
            for (int i = 0; i < array.size(); i++) {
                COSBase item = array.getObject(i);
                if (item instanceof COSObject object) {
                    item = object.getObject();
                }
                if (item instanceof COSStream stream) {
                    try (InputStream in = stream.createInputStream()) {
                        out.add(in.readAllBytes());
                    } catch (IOException e) {
                        // unreadable stream: not evidence
                    }
                }
            }
        }
        return out;
    }

}
