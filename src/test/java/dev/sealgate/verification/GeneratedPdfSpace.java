package dev.sealgate.verification;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Calendar;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TimeZone;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationText;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.SignatureOptions;

import dev.sealgate.verification.GeneratedSpace.Made;
import dev.sealgate.verification.GeneratedSpace.Material;
import dev.sealgate.verification.GeneratedSpace.Scenario;

/**
 * PAdES signatures made with PDFBox and BouncyCastle over the PKI axes of {@link GeneratedSpace}, and
 * the axes only a PDF has: how many signatures, what a later revision changes, and a damaged
 * {@code /ByteRange} on the first signature (the gap wider than {@code /Contents}, ranges that overlap,
 * a range past the end of the file, three numbers instead of four, a range not starting at the file's
 * first byte, a gap moved off {@code /Contents} by hand).
 */
final class GeneratedPdfSpace {

    enum Damage { NONE, GAP_WIDER, OVERLAP, OUTSIDE, THREE_NUMBERS, NOT_FROM_START, SHIFTED }
    enum Count { ONE, TWO }
    enum Later { NONE, PAGE_ADDED, ANNOTATION_ADDED, DOCUMENT_TIME_STAMP }
    /** The first signature a certification signature (DocMDP, ISO 32000-1 12.8.2.2) with this permission, or an approval one. */
    enum Mdp { NONE, NO_CHANGES, FORM_FILLING, ANNOTATIONS }

    record PdfScenario(Scenario pki, Count count, Damage damage, Later later, Mdp mdp) {
        static PdfScenario random(Random random) {
            Scenario pki = Scenario.random(random);
            pki = new Scenario(pki.anchor(), pki.signer(), pki.issuer(), pki.revocation(), pki.revocationTime(), pki.status(),
                    pki.caRevocation(), pki.timeStamp(), pki.crypto(), GeneratedSpace.Reference.V2, GeneratedSpace.Tamper.NONE).normalised();
            return new PdfScenario(pki, pick(random, Count.values()), pick(random, Damage.values()), pick(random, Later.values()),
                    pick(random, Mdp.values()));
        }

        @Override
        public String toString() {
            return "PDF " + count + " damage=" + damage + " later=" + later + (mdp == Mdp.NONE ? "" : " docMDP=" + mdp) + " " + pki;
        }
    }

    private static <T> T pick(Random random, T[] values) {
        return random.nextBoolean() ? values[0] : values[random.nextInt(values.length)];
    }

    static Map<PdfScenario, Long> draw(long seed, int count) {
        return GeneratedSpace.draw(seed, count, PdfScenario::random);
    }

    static Made make(PdfScenario s, Random random) throws Exception {
        Material m = GeneratedSpace.material(s.pki(), random);
        byte[] pdf = sign(letter(), s, m, "Approval", GeneratedSpace.SIGNED, s.mdp());
        if (s.count() == Count.TWO) {
            pdf = sign(pdf, s, m, "Countersignature", GeneratedSpace.SIGNED.plusSeconds(3600), Mdp.NONE);
        }
        List<X509Certificate> anchors = new java.util.ArrayList<>(m.anchors());
        if (s.later() == Later.DOCUMENT_TIME_STAMP) {
            List<dev.sealgate.testsupport.GeneratedPki.Issued> tsa = GeneratedSpace.documentTsa(random);
            pdf = documentTimeStamp(pdf, tsa.get(0), tsa.get(1), GeneratedSpace.SIGNED.plusSeconds(7200));
            if (!anchors.contains(tsa.get(1).certificate())) {
                anchors.add(tsa.get(1).certificate());
            }
        } else {
            pdf = later(pdf, s.later());
        }
        pdf = damage(pdf, s.damage());
        return new Made(pdf, anchors);
    }

    static byte[] letter() throws Exception {
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage(PDRectangle.A4);
            document.addPage(page);
            try (PDPageContentStream text = new PDPageContentStream(document, page)) {
                text.beginText();
                text.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                text.newLineAtOffset(72, 720);
                text.showText("Business licence 2026-0042 granted on Sunday");
                text.endText();
            }
            document.save(out);
            return out.toByteArray();
        }
    }

    /** A document time-stamp (ETSI.RFC3161, ETSI EN 319 142-1 5.4) over the whole PDF, from {@code tsa} at {@code at}. */
    private static byte[] documentTimeStamp(byte[] pdf, dev.sealgate.testsupport.GeneratedPki.Issued tsa,
            dev.sealgate.testsupport.GeneratedPki.Issued tsaRoot, java.time.Instant at) throws Exception {
        try (PDDocument document = Loader.loadPDF(pdf); ByteArrayOutputStream out = new ByteArrayOutputStream();
                SignatureOptions options = new SignatureOptions()) {
            PDSignature signature = new PDSignature();
            signature.setType(COSName.getPDFName("DocTimeStamp"));
            signature.setFilter(PDSignature.FILTER_ADOBE_PPKLITE);
            signature.setSubFilter(COSName.getPDFName("ETSI.RFC3161"));
            options.setPreferredSignatureSize(16_000);
            document.addSignature(signature, content -> {
                try {
                    byte[] imprint = java.security.MessageDigest.getInstance("SHA-256").digest(content.readAllBytes());
                    return GeneratedSpace.timeStamp(tsa, tsaRoot, imprint, at).getEncoded();
                } catch (Exception e) {
                    throw new java.io.IOException(e);
                }
            }, options);
            document.saveIncremental(out);
            return out.toByteArray();
        }
    }

    /**
     * Makes the signature a certification signature: a DocMDP signature reference with permission {@code p} (1 no
     * changes, 2 form filling and signing, 3 also annotations) and the catalog's /Perms pointing to it.
     */
    private static void certify(PDDocument document, PDSignature signature, int p) {
        org.apache.pdfbox.cos.COSDictionary parameters = new org.apache.pdfbox.cos.COSDictionary();
        parameters.setItem(COSName.TYPE, COSName.getPDFName("TransformParams"));
        parameters.setInt(COSName.P, p);
        parameters.setName(COSName.V, "1.2");
        org.apache.pdfbox.cos.COSDictionary reference = new org.apache.pdfbox.cos.COSDictionary();
        reference.setItem(COSName.TYPE, COSName.getPDFName("SigRef"));
        reference.setItem(COSName.getPDFName("TransformMethod"), COSName.DOCMDP);
        reference.setItem(COSName.getPDFName("TransformParams"), parameters);
        org.apache.pdfbox.cos.COSArray references = new org.apache.pdfbox.cos.COSArray();
        references.add(reference);
        signature.getCOSObject().setItem(COSName.getPDFName("Reference"), references);
        org.apache.pdfbox.cos.COSDictionary permissions = new org.apache.pdfbox.cos.COSDictionary();
        permissions.setItem(COSName.DOCMDP, signature);
        org.apache.pdfbox.cos.COSDictionary catalog = document.getDocumentCatalog().getCOSObject();
        catalog.setItem(COSName.PERMS, permissions);
        catalog.setNeedToBeUpdated(true);
    }

    private static byte[] sign(byte[] pdf, PdfScenario s, Material m, String name, java.time.Instant at, Mdp mdp) throws Exception {
        try (PDDocument document = Loader.loadPDF(pdf); ByteArrayOutputStream out = new ByteArrayOutputStream();
                SignatureOptions options = new SignatureOptions()) {
            PDSignature signature = new PDSignature();
            signature.setFilter(PDSignature.FILTER_ADOBE_PPKLITE);
            signature.setSubFilter(COSName.getPDFName("ETSI.CAdES.detached"));
            signature.setName(name);
            Calendar when = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
            when.setTime(Date.from(at));
            signature.setSignDate(when);
            options.setPreferredSignatureSize(24_000);
            if (mdp != Mdp.NONE) {
                certify(document, signature, mdp.ordinal());
            }
            document.addSignature(signature, content -> {
                try {
                    return GeneratedSpace.sign(s.pki(), m.signer(), m.digest(), m.carried(), m.crls(), m.ocsps(), m.tsa(), m.tsaRoot(),
                            content.readAllBytes(), false);
                } catch (Exception e) {
                    throw new java.io.IOException(e);
                }
            }, options);
            document.saveIncremental(out);
            return out.toByteArray();
        }
    }

    private static byte[] later(byte[] pdf, Later later) throws Exception {
        if (later == Later.NONE) {
            return pdf;
        }
        try (PDDocument document = Loader.loadPDF(pdf); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            if (later == Later.PAGE_ADDED) {
                PDPage page = new PDPage(PDRectangle.A4);
                document.addPage(page);
                document.getPages().getCOSObject().setNeedToBeUpdated(true);
                page.getCOSObject().setNeedToBeUpdated(true);
            } else {
                PDPage page = document.getPage(0);
                PDAnnotationText note = new PDAnnotationText();
                note.setRectangle(new PDRectangle(400, 700, 20, 20));
                note.setContents("Checked");
                page.getAnnotations().add(note);
                page.getCOSObject().setNeedToBeUpdated(true);
                note.getCOSObject().setNeedToBeUpdated(true);
            }
            document.getDocumentCatalog().getCOSObject().setNeedToBeUpdated(true);
            document.saveIncremental(out);
            return out.toByteArray();
        }
    }

    /** Rewrites the first signature's {@code /ByteRange} in place, padded to its length. */
    static byte[] damage(byte[] pdf, Damage damage) {
        if (damage == Damage.NONE) {
            return pdf;
        }
        String text = new String(pdf, StandardCharsets.ISO_8859_1);
        int start = text.indexOf("/ByteRange");
        int open = text.indexOf('[', start);
        int close = text.indexOf(']', open);
        String[] parts = text.substring(open + 1, close).trim().split("\\s+");
        long a = Long.parseLong(parts[0]);
        long b = Long.parseLong(parts[1]);
        long c = Long.parseLong(parts[2]);
        long d = Long.parseLong(parts[3]);
        List<Long> range = switch (damage) {
            case GAP_WIDER -> List.of(a, b - 20, c, d);
            case OVERLAP -> List.of(a, c + 10, c, d);
            case OUTSIDE -> List.of(a, b, c, d + 5000);
            case THREE_NUMBERS -> List.of(a, b, c);
            case NOT_FROM_START -> List.of(a + 1, b - 1, c, d);
            case SHIFTED -> List.of(a, b + 2, c + 2, d - 2);
            case NONE -> List.of(a, b, c, d);
        };
        StringBuilder replacement = new StringBuilder();
        range.forEach(n -> replacement.append(replacement.isEmpty() ? "" : " ").append(n));
        replacement.append(']');
        int end = close + 1;
        while (end < text.length() && text.charAt(end) == ' ') {
            end++;
        }
        // PDFBox pads the array with spaces after its closing bracket: the rewritten array may use them
        int width = end - open - 1;
        while (replacement.length() < width) {
            replacement.append(' ');
        }
        if (replacement.length() > width) {
            throw new IllegalStateException("no room to rewrite the /ByteRange");
        }
        byte[] out = pdf.clone();
        System.arraycopy(replacement.toString().getBytes(StandardCharsets.ISO_8859_1), 0, out, open + 1, width);
        return out;
    }

    private GeneratedPdfSpace() {
    }
}
