package dev.sealgate.formats.pades;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.cert.CRLException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Calendar;
import java.util.List;
import java.util.TimeZone;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentCatalog;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.ExternalSigningSupport;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.SignatureOptions;

import dev.sealgate.crypto.CertificateUrls;
import dev.sealgate.crypto.DocumentDigest;
import dev.sealgate.crypto.MalformedSignatureException;
import dev.sealgate.crypto.Pem;
import dev.sealgate.crypto.SignerKey;
import dev.sealgate.crypto.TimeStampSource;
import dev.sealgate.crypto.TimeStampTokens;
import dev.sealgate.formats.Spool;
import dev.sealgate.formats.ValidationNeeds;
import dev.sealgate.formats.cades.CadesExtensions;
import dev.sealgate.formats.cades.CadesSigner;
import dev.sealgate.support.ProblemException;
import dev.sealgate.support.ProblemType;

/**
 * PAdES baseline signatures: an incremental update with an {@code ETSI.CAdES.detached} signature
 * dictionary whose CMS covers the byte ranges (signing time in {@code /M}, not in the CMS); B-LT adds a
 * second incremental update with the document security store (DSS: certificates, OCSP responses, CRLs);
 * B-LTA a third with a document time-stamp over all of it.
 */
public final class PadesSigner {

    /** Room in the CMS beside the certificates: signed attributes, signature value (RSA-4096 is 512 bytes), structure. */
    private static final int SIGNATURE_MARGIN = 2 * 1024;
    /** Room in a time-stamp token beside the TSA's certificates: TSTInfo, attributes, signature value. */
    private static final int TIME_STAMP_MARGIN = 3 * 1024;

    /** Validation material for B-LT. */
    public record ValidationData(List<X509Certificate> certificates, List<byte[]> ocspResponses, List<X509CRL> crls) {
    }

    private PadesSigner() {
    }

    /**
     * Signs the PDF in {@code pdf} into {@code out}; returns the digest of the signed byte ranges.
     *
     * @param tsaChain the certificates a time-stamp token carries (to size the space reserved for it),
     *                 or {@code null} without a time-stamp
     */
    public static DocumentDigest sign(Spool pdf, SignerKey key, Instant now, TimeStampSource timeStamps,
            List<X509Certificate> tsaChain, String signerName, OutputStream out) throws IOException {
        return sign(pdf, key, now, timeStamps, tsaChain, signerName, null, out).digest();
    }

    /** What signing did: the digest of the signed byte ranges and the document's number of pages. */
    public record Signed(DocumentDigest digest, int pages) {
    }

    /** {@link #sign(Spool, SignerKey, Instant, TimeStampSource, List, String, OutputStream)} with a visible appearance, or none (null). */
    public static Signed sign(Spool pdf, SignerKey key, Instant now, TimeStampSource timeStamps,
            List<X509Certificate> tsaChain, String signerName, SignatureAppearance appearance, OutputStream out) throws IOException {
        try (PDDocument document = load(pdf)) {
            if (document.isEncrypted()) {
                throw new ProblemException(ProblemType.ENCRYPTED_PDF,
                        "The PDF is encrypted; SealGate signs only unencrypted PDFs.");
            }
            PDSignature signature = new PDSignature();
            signature.setFilter(PDSignature.FILTER_ADOBE_PPKLITE);
            signature.setSubFilter(COSName.getPDFName("ETSI.CAdES.detached"));
            signature.setName(signerName);
            Calendar signDate = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
            signDate.setTimeInMillis(now.toEpochMilli());
            signature.setSignDate(signDate);
            int pages = document.getNumberOfPages();
            try (SignatureOptions options = new SignatureOptions()) {
                options.setPreferredSignatureSize(signatureSpace(key.chain(), timeStamps == null ? null : tsaChain));
                org.apache.pdfbox.pdmodel.common.PDRectangle widgetRect = null;
                if (appearance != null) {
                    int number = appearance.page() == null ? pages : appearance.page();
                    if (number < 1 || number > pages) {
                        throw new ProblemException(ProblemType.INVALID_PARAMETER,
                                "page must be between 1 and " + pages + ", the document's number of pages.");
                    }
                    org.apache.pdfbox.pdmodel.PDPage page = document.getPage(number - 1);
                    if (page.getRotation() % 360 != 0) {
                        throw new ProblemException(ProblemType.INVALID_PARAMETER, "Page " + number
                                + " is rotated; a visible signature is placed on unrotated pages only.");
                    }
                    org.apache.pdfbox.pdmodel.common.PDRectangle box = page.getCropBox();
                    widgetRect = appearance.rectangle(box, number);
                    options.setPage(number - 1);
                }
                document.addSignature(signature, options);
                if (appearance != null) {
                    // addSignature made the field's widget on that page, invisible: it gets its place and appearance now
                    appearance.applyTo(document, widgetOf(document, signature), widgetRect);
                }
                ExternalSigningSupport external = document.saveIncrementalForExternalSigning(out);
                DocumentDigest digest;
                try (InputStream ranges = external.getContent()) {
                    digest = DocumentDigest.of(ranges, key.scheme().digest(), null, Long.MAX_VALUE);
                }
                byte[] cms = CadesSigner.detached(digest, key, new CadesSigner.Options(now, false, timeStamps));
                external.setSignature(cms);
                return new Signed(digest, pages);
            }
        }
    }

    /** The widget of the signature field whose value is {@code signature}. */
    private static org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationWidget widgetOf(PDDocument document, PDSignature signature) {
        for (org.apache.pdfbox.pdmodel.interactive.form.PDField field : document.getDocumentCatalog().getAcroForm(null).getFieldTree()) {
            if (field instanceof org.apache.pdfbox.pdmodel.interactive.form.PDSignatureField s
                    && s.getCOSObject().getDictionaryObject(COSName.V) == signature.getCOSObject()) {
                return s.getWidgets().get(0);
            }
        }
        throw new IllegalStateException("the signature field PDFBox added is not in the AcroForm");
    }

    /**
     * The bytes reserved for the CMS in {@code /Contents}: what it will carry (the signer's chain
     * without the root, and the time-stamp token with the TSA's chain) plus margins. PDFBox writes the
     * reservation as hex digits one byte at a time, so reserving a flat 24 KB cost more than the
     * signature itself; a CMS that did not fit would fail the request, so the margins are generous.
     */
    public static int signatureSpace(List<X509Certificate> signerChain, List<X509Certificate> tsaChainOrNull) {
        int space = SIGNATURE_MARGIN + encodedLength(signerChain);
        if (tsaChainOrNull != null) {
            space += TIME_STAMP_MARGIN + encodedLength(tsaChainOrNull);
        }
        return space;
    }

    private static int encodedLength(List<X509Certificate> certificates) {
        int length = 0;
        for (X509Certificate certificate : certificates) {
            length += der(certificate).length;
        }
        return length;
    }

    /**
     * Adds the document security store in a further incremental update (B-LT): a new DSS dictionary,
     * or the document's own one with what it lacks appended (each certificate, OCSP response and CRL
     * once; other entries, such as VRI, kept).
     */
    public static void addValidationData(Spool signedPdf, ValidationData data, OutputStream out) throws IOException {
        try (PDDocument document = Loader.loadPDF(signedPdf.randomAccess())) {
            PDDocumentCatalog catalog = document.getDocumentCatalog();
            COSDictionary existing = catalog.getCOSObject().getCOSDictionary(COSName.getPDFName("DSS"));
            COSDictionary dss = existing == null ? new COSDictionary() : existing;
            append(document, dss, "Certs", data.certificates().stream().map(PadesSigner::der).toList());
            append(document, dss, "OCSPs", data.ocspResponses());
            append(document, dss, "CRLs", data.crls().stream().map(PadesSigner::der).toList());
            dss.setNeedToBeUpdated(true);
            catalog.getCOSObject().setItem(COSName.getPDFName("DSS"), dss);
            catalog.getCOSObject().setNeedToBeUpdated(true);
            document.saveIncremental(out);
        }
    }

    private static void append(PDDocument document, COSDictionary dss, String key, List<byte[]> values) throws IOException {
        COSArray array = dss.getDictionaryObject(COSName.getPDFName(key)) instanceof COSArray present ? present : null;
        List<byte[]> known = array == null ? new java.util.ArrayList<>() : new java.util.ArrayList<>(contents(array));
        List<byte[]> missing = new java.util.ArrayList<>();
        for (byte[] value : values) {
            if (known.stream().noneMatch(k -> java.util.Arrays.equals(k, value))) {
                known.add(value);
                missing.add(value);
            }
        }
        if (array == null) {
            dss.setItem(COSName.getPDFName(key), streams(document, missing));
            return;
        }
        for (org.apache.pdfbox.cos.COSBase stream : streams(document, missing)) {
            array.add(stream);
        }
        array.setNeedToBeUpdated(true);
    }

    /** The decoded streams of a DSS array (unreadable entries skipped). */
    private static List<byte[]> contents(COSArray array) {
        List<byte[]> out = new java.util.ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            if (array.getObject(i) instanceof COSStream stream) {
                try (InputStream in = stream.createInputStream()) {
                    out.add(in.readAllBytes());
                } catch (IOException e) {
                    // not evidence
                }
            }
        }
        return out;
    }

    /**
     * What needs validation data in a signed PDF: the signers and time-stamp units of every signature
     * and document time-stamp; with the certificates and revocation values the signatures and the DSS
     * dictionary already hold.
     */
    public static ValidationNeeds material(Spool pdf) throws IOException {
        java.util.Set<X509Certificate> subjects = new java.util.LinkedHashSet<>();
        java.util.Set<X509Certificate> certificates = new java.util.LinkedHashSet<>();
        List<X509CRL> crls = new java.util.ArrayList<>();
        List<byte[]> ocsp = new java.util.ArrayList<>();
        try (PDDocument document = load(pdf)) {
            byte[] all = pdf.bytes();
            for (PDSignature signature : document.getSignatureDictionaries()) {
                byte[] contents;
                try {
                    contents = signature.getContents(all);
                } catch (RuntimeException e) {
                    continue;
                }
                ValidationNeeds found;
                try {
                    found = CadesExtensions.material(CadesExtensions.parse(contents));
                } catch (MalformedSignatureException e) {
                    continue;
                }
                subjects.addAll(found.subjects());
                certificates.addAll(found.certificates());
                crls.addAll(found.crls());
                ocsp.addAll(found.ocspResponses());
            }
            COSDictionary dss = document.getDocumentCatalog().getCOSObject().getCOSDictionary(COSName.getPDFName("DSS"));
            if (dss != null) {
                for (String key : List.of("Certs", "CRLs", "OCSPs")) {
                    if (!(dss.getDictionaryObject(COSName.getPDFName(key)) instanceof COSArray array)) {
                        continue;
                    }
                    for (byte[] value : contents(array)) {
                        try {
                            switch (key) {
                                case "Certs" -> certificates.add(Pem.fromDer(value));
                                case "CRLs" -> crls.add(CertificateUrls.parseCrl(value));
                                default -> ocsp.add(value);
                            }
                        } catch (RuntimeException e) {
                            // an unreadable entry is not evidence
                        }
                    }
                }
            }
        }
        return new ValidationNeeds(List.copyOf(subjects), List.copyOf(certificates), crls, ocsp);
    }

    /**
     * Adds a document time-stamp (B-LTA, ETSI EN 319 142-1 5.4): a further incremental update with an
     * {@code ETSI.RFC3161} signature dictionary of type DocTimeStamp, whose time-stamp token covers the
     * byte ranges of everything before it — the signature and its document security store.
     */
    public static void addDocumentTimeStamp(Spool pdf, TimeStampSource timeStamps, List<X509Certificate> tsaChain, OutputStream out)
            throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf.randomAccess())) {
            PDSignature timeStamp = new PDSignature();
            timeStamp.setType(COSName.DOC_TIME_STAMP);
            timeStamp.setFilter(PDSignature.FILTER_ADOBE_PPKLITE);
            timeStamp.setSubFilter(COSName.getPDFName("ETSI.RFC3161"));
            try (SignatureOptions options = new SignatureOptions()) {
                options.setPreferredSignatureSize(TIME_STAMP_MARGIN + encodedLength(tsaChain));
                document.addSignature(timeStamp, options);
                ExternalSigningSupport external = document.saveIncrementalForExternalSigning(out);
                byte[] digest;
                try (InputStream ranges = external.getContent()) {
                    digest = DocumentDigest.of(ranges, DocumentDigest.SHA256, null, Long.MAX_VALUE).value();
                }
                external.setSignature(TimeStampTokens.requestDigest(digest, timeStamps).getEncoded());
            }
        }
    }

    private static COSArray streams(PDDocument document, List<byte[]> values) throws IOException {
        COSArray array = new COSArray();
        for (byte[] value : values) {
            COSStream stream = document.getDocument().createCOSStream();
            try (OutputStream out = stream.createOutputStream(COSName.FLATE_DECODE)) {
                out.write(value);
            }
            stream.setNeedToBeUpdated(true);
            array.add(stream);
        }
        array.setNeedToBeUpdated(true);
        return array;
    }

    private static PDDocument load(Spool pdf) {
        try {
            return Loader.loadPDF(pdf.randomAccess());
        } catch (org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException e) {
            throw new ProblemException(ProblemType.ENCRYPTED_PDF, "The PDF is encrypted; SealGate signs only unencrypted PDFs.");
        } catch (IOException | RuntimeException e) {
            throw new ProblemException(ProblemType.NOT_A_PDF, "The body is not a readable PDF document.");
        }
    }

    private static byte[] der(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] der(X509CRL crl) {
        try {
            return crl.getEncoded();
        } catch (CRLException e) {
            throw new IllegalStateException(e);
        }
    }
}
