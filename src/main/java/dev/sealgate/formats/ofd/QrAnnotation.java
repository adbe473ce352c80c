package dev.sealgate.formats.ofd;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.sealgate.formats.QrCode;


/**
 * A QR code beside an OFD seal, as a page annotation (GB/T 33190 §15: {@code Annotations.xml}, a
 * page's {@code Annotation.xml}, an {@code Annot} of type Stamp whose appearance is vector paths):
 * a white square and one path of the dark modules, error correction H. Document.xml gains the
 * annotation list (or the existing list and page file gain an entry) and a raised MaxUnitID.
 */
final class QrAnnotation {


    private QrAnnotation() {
    }

    /**
     * The files to write (new or changed) for a QR code at {@code place} (x, y in millimetres) on the
     * page with ID {@code pageId}; empty when there is no place for it or Document.xml has no MaxUnitID.
     */
    /** @param ns the namespace the document is written in, for the files this adds */
    static Map<String, byte[]> add(Map<String, byte[]> xml, String docRoot, String pageId, double[] place, String text, Instant when,
            String ns) {
        String document = new String(xml.get(docRoot), StandardCharsets.UTF_8);
        Matcher maxUnit = Pattern.compile("(<([\\w.-]+:)?MaxUnitID>)\\s*(\\d{1,9})\\s*(</([\\w.-]+:)?MaxUnitID>)").matcher(document);
        if (place == null || !maxUnit.find()) {
            return Map.of();
        }
        long max = Long.parseLong(maxUnit.group(3));
        long annotId = max + 1;
        document = document.substring(0, maxUnit.start()) + maxUnit.group(1) + (max + 3) + maxUnit.group(4)
                + document.substring(maxUnit.end());
        String docFolder = docRoot.contains("/") ? docRoot.substring(0, docRoot.lastIndexOf('/') + 1) : "";
        Matcher root = Pattern.compile("<([\\w.-]+:)?Document\\b").matcher(document);
        String prefix = root.find() && root.group(1) != null ? root.group(1) : "";

        Map<String, byte[]> out = new LinkedHashMap<>();
        Matcher annotationsRef = Pattern.compile("<([\\w.-]+:)?Annotations>([^<]+)</([\\w.-]+:)?Annotations>").matcher(document);
        String annotationsPath;
        if (annotationsRef.find()) {
            annotationsPath = OfdPackage.resolve(docRoot, annotationsRef.group(2).trim());
        } else {
            annotationsPath = docFolder + "Annots/Annotations.xml";
            String element = "<" + prefix + "Annotations>Annots/Annotations.xml</" + prefix + "Annotations>";
            Matcher after = Pattern.compile("<" + Pattern.quote(prefix) + "(Attachments|CustomTags|Extensions)\\b|</"
                    + Pattern.quote(prefix) + "Document\\s*>").matcher(document);
            if (!after.find()) {
                return Map.of();
            }
            document = document.substring(0, after.start()) + element + document.substring(after.start());
        }
        out.put(docRoot, document.getBytes(StandardCharsets.UTF_8));

        String pageFile;
        byte[] existingList = xml.get(annotationsPath);
        String annotFolder = annotationsPath.contains("/") ? annotationsPath.substring(0, annotationsPath.lastIndexOf('/') + 1) : "";
        if (existingList == null) {
            pageFile = annotFolder + "Page_" + pageId + "/Annotation.xml";
            out.put(annotationsPath, xml("<ofd:Annotations xmlns:ofd=\"" + ns + "\"><ofd:Page PageID=\"" + pageId + "\"><ofd:FileLoc>Page_"
                    + pageId + "/Annotation.xml</ofd:FileLoc></ofd:Page></ofd:Annotations>"));
        } else {
            String list = new String(existingList, StandardCharsets.UTF_8);
            Matcher entry = Pattern.compile("<([\\w.-]+:)?Page\\s+PageID=\"" + Pattern.quote(pageId) + "\"\\s*>\\s*<([\\w.-]+:)?FileLoc>([^<]+)<")
                    .matcher(list);
            if (entry.find()) {
                pageFile = OfdPackage.resolve(annotationsPath, entry.group(3).trim());
            } else {
                Matcher close = Pattern.compile("</([\\w.-]+:)?Annotations\\s*>\\s*$").matcher(list);
                if (!close.find()) {
                    return Map.of();
                }
                String p = close.group(1) == null ? "" : close.group(1);
                pageFile = annotFolder + "Page_" + pageId + "/Annotation.xml";
                list = list.substring(0, close.start()) + "<" + p + "Page PageID=\"" + pageId + "\"><" + p + "FileLoc>Page_" + pageId
                        + "/Annotation.xml</" + p + "FileLoc></" + p + "Page>" + list.substring(close.start());
                out.put(annotationsPath, list.getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] existingPage = xml.get(pageFile);
        if (existingPage == null) {
            out.put(pageFile, xml("<ofd:PageAnnot xmlns:ofd=\"" + ns + "\">" + annot("ofd:", annotId, place, text, when) + "</ofd:PageAnnot>"));
        } else {
            String page = new String(existingPage, StandardCharsets.UTF_8);
            Matcher close = Pattern.compile("</([\\w.-]+:)?PageAnnot\\s*>\\s*$").matcher(page);
            if (!close.find()) {
                return Map.of();
            }
            String p = close.group(1) == null ? "" : close.group(1);
            out.put(pageFile, (page.substring(0, close.start()) + annot(p, annotId, place, text, when) + page.substring(close.start()))
                    .getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    private static String annot(String p, long id, double[] place, String text, Instant when) {
        double size = OfdSigner.QR_MM;
        QrCode code = QrCode.of(text);
        double m = size / (code.size() + 4);
        StringBuilder path = new StringBuilder(code.size() * code.size() * 12);
        code.forEachRun((row, col, length) -> {
            double x = (col + 2) * m;
            double y = (row + 2) * m;
            double w = length * m;
            path.append("M ").append(n(x)).append(' ').append(n(y)).append(" L ").append(n(x + w)).append(' ').append(n(y))
                    .append(" L ").append(n(x + w)).append(' ').append(n(y + m)).append(" L ").append(n(x)).append(' ')
                    .append(n(y + m)).append(" C ");
        });
        String box = "0 0 " + n(size) + " " + n(size);
        return "<" + p + "Annot ID=\"" + id + "\" Type=\"Stamp\" Creator=\"SealGate\" LastModDate=\""
                + DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC).format(when) + "\" ReadOnly=\"true\" Print=\"true\">"
                + "<" + p + "Remark>扫码核验 Scan to verify</" + p + "Remark>"
                + "<" + p + "Appearance Boundary=\"" + n(place[0]) + " " + n(place[1]) + " " + box.substring(4) + "\">"
                + "<" + p + "PathObject ID=\"" + (id + 1) + "\" Boundary=\"" + box + "\" Stroke=\"false\" Fill=\"true\">"
                + "<" + p + "FillColor Value=\"255 255 255\"/><" + p + "AbbreviatedData>M 0 0 L " + n(size) + " 0 L " + n(size) + " "
                + n(size) + " L 0 " + n(size) + " C</" + p + "AbbreviatedData></" + p + "PathObject>"
                + "<" + p + "PathObject ID=\"" + (id + 2) + "\" Boundary=\"" + box + "\" Stroke=\"false\" Fill=\"true\">"
                + "<" + p + "FillColor Value=\"0 0 0\"/><" + p + "AbbreviatedData>" + path.toString().trim() + "</" + p
                + "AbbreviatedData></" + p + "PathObject></" + p + "Appearance></" + p + "Annot>";
    }

    private static String n(double value) {
        return String.format(Locale.ROOT, "%.3f", value).replaceAll("\\.?0+$", "");
    }

    private static byte[] xml(String body) {
        return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + body).getBytes(StandardCharsets.UTF_8);
    }
}
