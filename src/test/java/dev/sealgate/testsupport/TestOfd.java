package dev.sealgate.testsupport;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/** OFD packages made at test time (GB/T 33190: OFD.xml, Document.xml, one Content.xml per A4 page), and ZIP surgery on them. */
public final class TestOfd {

    private static final String NS = "http://www.ofdspec.org/2016";

    private TestOfd() {
    }

    /** An unsigned OFD of {@code pages} A4 pages, each with one line of text. */
    public static byte[] unsigned(int pages, String text) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("OFD.xml", xml("<ofd:OFD xmlns:ofd=\"" + NS + "\" Version=\"1.0\" DocType=\"OFD\"><ofd:DocBody><ofd:DocInfo>"
                + "<ofd:DocID>6c2a9a6f3e0b4e0a9d1f7f3c2b1a0e9d</ofd:DocID><ofd:Title>SealGate test</ofd:Title>"
                + "<ofd:CreationDate>2026-12-01</ofd:CreationDate></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>"
                + "</ofd:DocBody></ofd:OFD>"));
        StringBuilder list = new StringBuilder();
        int id = 10;
        for (int i = 0; i < pages; i++) {
            list.append("<ofd:Page ID=\"").append(id++).append("\" BaseLoc=\"Pages/Page_").append(i).append("/Content.xml\"/>");
        }
        files.put("Doc_0/Document.xml", xml("<ofd:Document xmlns:ofd=\"" + NS + "\"><ofd:CommonData><ofd:MaxUnitID>" + (id + 3 * pages)
                + "</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>"
                + "<ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData><ofd:Pages>" + list + "</ofd:Pages></ofd:Document>"));
        files.put("Doc_0/PublicRes.xml", xml("<ofd:Res xmlns:ofd=\"" + NS + "\" BaseLoc=\"Res\"><ofd:Fonts>"
                + "<ofd:Font ID=\"2\" FontName=\"宋体\" FamilyName=\"宋体\"/></ofd:Fonts></ofd:Res>"));
        for (int i = 0; i < pages; i++) {
            files.put("Doc_0/Pages/Page_" + i + "/Content.xml", xml("<ofd:Page xmlns:ofd=\"" + NS + "\"><ofd:Content><ofd:Layer ID=\""
                    + (id++) + "\"><ofd:TextObject ID=\"" + (id++) + "\" Boundary=\"20 20 170 10\" Font=\"2\" Size=\"5\">"
                    + "<ofd:TextCode X=\"0\" Y=\"5\">" + text + " " + (i + 1) + "</ofd:TextCode></ofd:TextObject></ofd:Layer>"
                    + "</ofd:Content></ofd:Page>"));
        }
        return zip(files);
    }

    private static byte[] xml(String body) {
        return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + body).getBytes(StandardCharsets.UTF_8);
    }

    /** The package's files, in order. */
    public static Map<String, byte[]> entries(byte[] ofd) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(ofd))) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                out.put(entry.getName(), zip.readAllBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    public static byte[] zip(Map<String, byte[]> files) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(file.getKey()));
                zip.write(file.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A package whose one extra file inflates to {@code megabytes} MB of zeros from a few hundred kB. */
    public static byte[] bomb(int megabytes) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> file : entries(unsigned(1, "bomb")).entrySet()) {
                zip.putNextEntry(new ZipEntry(file.getKey()));
                zip.write(file.getValue());
                zip.closeEntry();
            }
            zip.putNextEntry(new ZipEntry("Doc_0/Res/zeros.bin"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < megabytes; i++) {
                zip.write(zeros);
            }
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A package with {@code count} extra one-byte files. */
    public static byte[] manyFiles(int count) {
        Map<String, byte[]> files = entries(unsigned(1, "many"));
        for (int i = 0; i < count; i++) {
            files.put("Doc_0/Res/f" + i, new byte[] {(byte) i});
        }
        return zip(files);
    }

    /** The package with one file's text changed. */
    public static byte[] edit(byte[] ofd, String name, UnaryOperator<String> change) {
        Map<String, byte[]> files = entries(ofd);
        files.put(name, change.apply(new String(files.get(name), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        return zip(files);
    }
}
