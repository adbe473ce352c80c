package dev.sealgate.formats.ofd;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Document;

import dev.sealgate.formats.Spool;
import dev.sealgate.support.ProblemException;
import dev.sealgate.support.ProblemType;

/**
 * An OFD package (GB/T 33190: a ZIP of XML and resources) read as untrusted input: entry names that
 * climb out of the package, absolute names or duplicates, more entries or more uncompressed bytes than
 * the bounds (a ZIP bomb), and XML with a document type (external entities, entity expansion) are
 * refused with {@code malformed-ofd} before anything is interpreted.
 */
final class OfdPackage implements AutoCloseable {

    static final int MAX_ENTRIES = 10_000;
    /** What one package may inflate to. */
    static final long MAX_UNCOMPRESSED = 128L << 20;
    /**
     * What all packages read at once may hold inflated: a quarter of the heap, at most 192 MB (while an entry is
     * copied out of its buffer it takes up to twice its size more, for a moment). A package is
     * charged as it inflates, whatever its entries declare, and gives it back when its reader is done; a
     * package that finds the budget spent is refused with {@code 503 server-busy}, not an OutOfMemoryError.
     */
    static final Spool.Budget INFLATED = new Spool.Budget(
            Math.min(192L << 20, Runtime.getRuntime().maxMemory() / 4));

    private final Map<String, byte[]> files;
    private long charged;

    private OfdPackage(Map<String, byte[]> files, long charged) {
        this.files = files;
        this.charged = charged;
    }

    /** Gives the inflated bytes' share of {@link #INFLATED} back. */
    @Override
    public void close() {
        INFLATED.giveBack(charged);
        charged = 0;
    }

    /** Whether the bytes start as a ZIP whose first entries include {@code OFD.xml}. */
    static boolean looksLikeOfd(byte[] bytes) {
        if (bytes.length < 4 || bytes[0] != 'P' || bytes[1] != 'K' || bytes[2] != 3 || bytes[3] != 4) {
            return false;
        }
        // the first 64 local headers' names, stepping over each entry's compressed data (nothing is inflated:
        // an entry that inflates to gigabytes is not read to find the name behind it)
        java.nio.ByteBuffer zip = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        long at = 0;
        for (int i = 0; i < 64 && at + 30 <= bytes.length; i++) {
            int offset = (int) at;
            if (zip.getInt(offset) != 0x04034b50) {
                return false;
            }
            int flags = Short.toUnsignedInt(zip.getShort(offset + 6));
            long compressed = Integer.toUnsignedLong(zip.getInt(offset + 18));
            int nameLength = Short.toUnsignedInt(zip.getShort(offset + 26));
            int extraLength = Short.toUnsignedInt(zip.getShort(offset + 28));
            if (offset + 30L + nameLength > bytes.length) {
                return false;
            }
            String name = new String(bytes, offset + 30, nameLength,
                    (flags & 0x800) != 0 ? java.nio.charset.StandardCharsets.UTF_8 : java.nio.charset.StandardCharsets.ISO_8859_1);
            if (strip(name).equals("OFD.xml")) {
                return true;
            }
            if ((flags & 0x08) != 0) {
                // sizes after the data (a data descriptor): the central directory tells the rest
                try {
                    return ZipLayout.check(new org.apache.pdfbox.io.RandomAccessReadBuffer(bytes)).containsKey("OFD.xml");
                } catch (RuntimeException e) {
                    return false;
                }
            }
            at = offset + 30L + nameLength + extraLength + compressed;
        }
        return false;
    }

    private static void charge(long bytes, long[] charged) {
        if (!INFLATED.take(bytes)) {
            throw new ProblemException(ProblemType.SERVER_BUSY, "Too many OFD packages are being read at once; retry shortly.", 5, null);
        }
        charged[0] += bytes;
    }

    static OfdPackage read(byte[] bytes) {
        long[] charged = {0};
        try {
            return read(bytes, charged);
        } catch (RuntimeException e) {
            INFLATED.giveBack(charged[0]);
            throw e;
        }
    }

    private static OfdPackage read(byte[] bytes, long[] charged) {
        Map<String, ZipLayout.Entry> directory = ZipLayout.check(new org.apache.pdfbox.io.RandomAccessReadBuffer(bytes));
        Map<String, byte[]> files = new LinkedHashMap<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        long total = 0;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            ZipEntry entry;
            byte[] buffer = new byte[64 * 1024];
            while ((entry = zip.getNextEntry()) != null) {
                String name = checkName(entry.getName());
                seen.add(name);
                if (entry.isDirectory()) {
                    continue;
                }
                if (files.size() >= MAX_ENTRIES) {
                    throw malformed("more than " + MAX_ENTRIES + " files");
                }
                // the entry is inflated into one array of the size the central directory states (which it must match,
                // ZipLayout.agrees): the budget is charged exactly what is allocated, nothing grows or is copied, a size
                // over the package's limit is refused before inflating, and one byte more than stated stops the inflation
                ZipLayout.Entry listed = directory.get(name);
                long declared = listed == null ? 0 : listed.size();
                if (declared < 0 || total + declared > MAX_UNCOMPRESSED) {
                    throw malformed("more than " + MAX_UNCOMPRESSED + " bytes uncompressed");
                }
                charge(declared, charged);
                byte[] out = new byte[(int) declared];
                int size = 0;
                int n;
                while ((n = zip.read(buffer)) > 0) {
                    if (size + n > out.length) {
                        throw malformed(printable(name) + " inflates to more than its directory entry states");
                    }
                    System.arraycopy(buffer, 0, out, size, n);
                    size += n;
                }
                total += size;
                if (size != out.length) {
                    throw malformed("the local headers and the central directory disagree at " + printable(name));
                }
                ZipLayout.agrees(directory, entry, out.length);
                if (files.put(name, out) != null) {
                    throw malformed("two entries named " + printable(name));
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            throw malformed("the ZIP cannot be read");
        }
        if (!seen.equals(directory.keySet())) {
            throw malformed("the local headers and the central directory name different files");
        }
        if (!files.containsKey("OFD.xml")) {
            throw malformed("no OFD.xml at the root of the package");
        }
        return new OfdPackage(files, charged[0]);
    }

    /** GB/T 33190-2016's namespace, which SealGate writes. */
    static final String NS = "http://www.ofdspec.org/2016";
    /**
     * The namespaces an OFD file's elements may be in: GB/T 33190's, the one Suwell's SDK (and the OFD
     * files of many invoices and licences made with it) writes, or none.
     */
    private static final java.util.Set<String> NAMESPACES = java.util.Set.of(NS, "http://www.ofdspec.org");

    /** The namespace the document's root element is in, for new files that join it; GB/T 33190's when it has none. */
    static String namespaceOf(Document document) {
        String ns = document.getDocumentElement().getNamespaceURI();
        return ns != null && NAMESPACES.contains(ns) ? ns : NS;
    }

    /** The child elements of {@code parent} with this local name, in an OFD namespace or none. */
    static java.util.List<org.w3c.dom.Element> children(org.w3c.dom.Element parent, String localName) {
        java.util.List<org.w3c.dom.Element> out = new java.util.ArrayList<>();
        org.w3c.dom.NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof org.w3c.dom.Element element && localName.equals(element.getLocalName())
                    && (element.getNamespaceURI() == null || NAMESPACES.contains(element.getNamespaceURI()))) {
                out.add(element);
            }
        }
        return out;
    }

    /** The first such child; null when there is none. */
    static org.w3c.dom.Element child(org.w3c.dom.Element parent, String localName) {
        java.util.List<org.w3c.dom.Element> found = children(parent, localName);
        return found.isEmpty() ? null : found.get(0);
    }

    /** An entry's name, refused when it is absolute or climbs out of the package. */
    static String checkName(String name) {
        if (name.startsWith("/") || name.contains("\\") || name.contains(":") || ("/" + name + "/").contains("/../")
                || ("/" + name + "/").contains("/./")) {
            throw malformed("an entry name leaves the package: " + printable(name));
        }
        return name;
    }

    static String printable(String name) {
        return name.replaceAll("[^\\x20-\\x7e]", "?");
    }

    /** The paths of the package's files. */
    java.util.Set<String> names() {
        return files.keySet();
    }

    /** A file by its path in the package ({@code /Doc_0/Document.xml} or relative to the root); null when absent. */
    byte[] file(String path) {
        return files.get(strip(path));
    }

    /** A path given relative to {@code base}'s folder, or absolute within the package. */
    static String resolve(String base, String path) {
        String p = path.trim();
        if (p.startsWith("/")) {
            return normalise(strip(p));
        }
        String folder = base.contains("/") ? base.substring(0, base.lastIndexOf('/') + 1) : "";
        return normalise(folder + p);
    }

    /** {@code .} and {@code ..} segments taken out (GB/T 33190 ST_Loc); a path that climbs above the root names no file. */
    private static String normalise(String path) {
        if (!path.contains("./")) {
            return path;
        }
        java.util.Deque<String> segments = new java.util.ArrayDeque<>();
        for (String segment : path.split("/", -1)) {
            if (segment.equals("..")) {
                if (segments.isEmpty()) {
                    return "../" + path;
                }
                segments.removeLast();
            } else if (!segment.equals(".")) {
                segments.addLast(segment);
            }
        }
        return String.join("/", segments);
    }

    /** An XML file of the package, parsed without DTDs or external entities; null when absent. */
    Document xml(String path) {
        byte[] bytes = file(path);
        if (bytes == null) {
            return null;
        }
        return parse(strip(path), bytes);
    }

    /** How deep an OFD file's elements may nest. */
    static final int MAX_ELEMENT_DEPTH = 256;

    /** XML parsed without DTDs or external entities, at most {@value #MAX_ELEMENT_DEPTH} elements deep; {@code malformed-ofd} naming {@code path} otherwise. */
    static Document parse(String path, byte[] bytes) {
        try (InputStream in = new ByteArrayInputStream(bytes)) {
            return builder().parse(in);
        } catch (Exception e) {
            throw malformed(path + " is not well-formed XML without a document type");
        }
    }

    private static DocumentBuilder builder() throws ParserConfigurationException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        // the JDK's own limit on nesting (jdk.xml.maxElementDepth, unlimited by default even under secure processing):
        // an OFD nests a few dozen deep; a 100 000-deep file would overflow the stack of whatever walks it
        factory.setAttribute("http://www.oracle.com/xml/jaxp/properties/maxElementDepth", Integer.toString(MAX_ELEMENT_DEPTH));
        DocumentBuilder builder = factory.newDocumentBuilder();
        // a malformed file is refused with a problem; the parser is not to print it on stderr as well
        builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler() {
            @Override
            public void fatalError(org.xml.sax.SAXParseException e) throws org.xml.sax.SAXException {
                throw e;
            }
        });
        return builder;
    }

    static String strip(String path) {
        String p = path.trim();
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        return p;
    }

    static ProblemException malformed(String why) {
        return new ProblemException(ProblemType.MALFORMED_OFD, "The OFD package is refused: " + why + ".");
    }
}
