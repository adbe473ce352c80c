package dev.sealgate.formats.ofd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;

import org.apache.pdfbox.io.RandomAccessRead;

import dev.sealgate.support.ProblemException;

/**
 * The two tables of contents of a ZIP package made to agree before anything in it is read. A ZIP names
 * its files twice: a local header before each file's data, and the central directory at the end.
 * Readers differ in which they follow (SealGate's streaming reader the local headers, ofdrw and most
 * OFD viewers the central directory), so a package whose two disagree can show a verifier one page and
 * a reader another. Here every central-directory entry must point at a local header of the same name,
 * method, CRC and sizes, the local entries must follow one another with no gap from offset 0 to the
 * central directory, and the directory must end where its end record says: a package for which this
 * holds shows every reader the same files (APPNOTE.TXT 4.3). ZIP64, multi-disk and encrypted entries,
 * which no OFD needs, are refused.
 */
final class ZipLayout {

    private static final int LOCAL = 0x04034b50;
    private static final int CENTRAL = 0x02014b50;
    private static final int END = 0x06054b50;
    private static final int DESCRIPTOR = 0x08074b50;

    /** What the central directory says of one file. */
    record Entry(String name, int method, long crc, long compressedSize, long size, long offset, int flags) {
    }

    private ZipLayout() {
    }

    /** The central directory's entries by name, after checking that the local headers agree with it. */
    static Map<String, Entry> check(RandomAccessRead in) {
        try {
            return read(in);
        } catch (ProblemException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw OfdPackage.malformed("the ZIP's directory cannot be read");
        }
    }

    private static Map<String, Entry> read(RandomAccessRead in) throws IOException {
        long length = in.length();
        int tail = (int) Math.min(length, 22 + 0xFFFF);
        ByteBuffer end = bytes(in, length - tail, tail);
        int at = -1;
        for (int i = tail - 22; i >= 0; i--) {
            // the end record, and its comment reaching exactly to the end of the file
            if (end.getInt(i) == END && i + 22 + u16(end, i + 20) == tail) {
                at = i;
                break;
            }
        }
        if (at < 0) {
            throw OfdPackage.malformed("no end of central directory record");
        }
        int disk = u16(end, at + 4);
        int directoryDisk = u16(end, at + 6);
        int entriesHere = u16(end, at + 8);
        int entries = u16(end, at + 10);
        long directorySize = u32(end, at + 12);
        long directoryOffset = u32(end, at + 16);
        long endOffset = length - tail + at;
        if (disk != 0 || directoryDisk != 0 || entriesHere != entries) {
            throw OfdPackage.malformed("a ZIP spanning several disks");
        }
        if (entries == 0xFFFF || directorySize == 0xFFFFFFFFL || directoryOffset == 0xFFFFFFFFL) {
            throw OfdPackage.malformed("a ZIP64 package (no OFD package needs one)");
        }
        if (directoryOffset + directorySize != endOffset) {
            throw OfdPackage.malformed("the central directory does not end where its end record says");
        }
        ByteBuffer directory = bytes(in, directoryOffset, (int) directorySize);
        List<Entry> list = new ArrayList<>();
        int p = 0;
        for (int i = 0; i < entries; i++) {
            if (directory.getInt(p) != CENTRAL) {
                throw OfdPackage.malformed("a damaged central directory");
            }
            int flags = u16(directory, p + 8);
            int nameLength = u16(directory, p + 28);
            String name = name(directory, p + 46, nameLength);
            list.add(new Entry(name, u16(directory, p + 10), u32(directory, p + 16), u32(directory, p + 20), u32(directory, p + 24),
                    u32(directory, p + 42), flags));
            p += 46 + nameLength + u16(directory, p + 30) + u16(directory, p + 32);
        }
        if (p != directorySize) {
            throw OfdPackage.malformed("the central directory holds more than its end record counts");
        }
        list.sort(Comparator.comparingLong(Entry::offset));
        Map<String, Entry> byName = new LinkedHashMap<>();
        long next = 0;
        for (Entry entry : list) {
            if (entry.offset() != next) {
                throw OfdPackage.malformed("the local headers and the central directory disagree at " + OfdPackage.printable(entry.name())
                        + " (bytes no directory entry accounts for)");
            }
            if ((entry.flags() & 1) != 0) {
                throw OfdPackage.malformed("an encrypted entry");
            }
            ByteBuffer local = bytes(in, entry.offset(), 30);
            int nameLength = u16(local, 26);
            int extraLength = u16(local, 28);
            String localName = name(bytes(in, entry.offset() + 30, nameLength), 0, nameLength);
            boolean described = (u16(local, 6) & 8) != 0;
            if (local.getInt(0) != LOCAL || !localName.equals(entry.name()) || u16(local, 8) != entry.method()
                    || !described && (u32(local, 14) != entry.crc() || u32(local, 18) != entry.compressedSize()
                            || u32(local, 22) != entry.size())) {
                throw OfdPackage.malformed("the local header of " + OfdPackage.printable(entry.name())
                        + " and the central directory disagree");
            }
            next = entry.offset() + 30 + nameLength + extraLength + entry.compressedSize();
            if (described) {
                // data descriptor: crc, sizes, with or without its signature
                ByteBuffer descriptor = bytes(in, next, (int) Math.min(16, directoryOffset - next));
                int skip = descriptor.remaining() >= 16 && descriptor.getInt(0) == DESCRIPTOR ? 4 : 0;
                if (u32(descriptor, skip) != entry.crc() || u32(descriptor, skip + 4) != entry.compressedSize()
                        || u32(descriptor, skip + 8) != entry.size()) {
                    throw OfdPackage.malformed("the data descriptor of " + OfdPackage.printable(entry.name())
                            + " and the central directory disagree");
                }
                next += skip + 12;
            }
            if (byName.put(entry.name(), entry) != null) {
                throw OfdPackage.malformed("two entries named " + OfdPackage.printable(entry.name()));
            }
        }
        if (next != directoryOffset) {
            throw OfdPackage.malformed("bytes between the last file and the central directory that no entry accounts for");
        }
        return byName;
    }

    /**
     * Whether what the streaming reader found for an entry is what the central directory says of it
     * (read after its data, so sizes and CRC from a data descriptor are known).
     */
    static void agrees(Map<String, Entry> directory, ZipEntry read, long size) {
        Entry entry = directory.get(read.getName());
        if (entry == null || entry.size() != size || entry.crc() != read.getCrc()
                || read.getCompressedSize() >= 0 && entry.compressedSize() != read.getCompressedSize()) {
            throw OfdPackage.malformed("the local headers and the central directory disagree at " + OfdPackage.printable(read.getName()));
        }
    }

    /** A name as java.util.zip reads it (UTF-8, with or without general purpose bit 11), so both readings name alike. */
    private static String name(ByteBuffer buffer, int offset, int length) {
        byte[] raw = new byte[length];
        buffer.get(offset, raw);
        return new String(raw, StandardCharsets.UTF_8);
    }

    private static ByteBuffer bytes(RandomAccessRead in, long position, int length) throws IOException {
        if (position < 0 || length < 0 || position + length > in.length()) {
            throw new IOException("outside the file");
        }
        byte[] out = new byte[length];
        in.seek(position);
        int done = 0;
        while (done < length) {
            int n = in.read(out, done, length - done);
            if (n <= 0) {
                throw new IOException("short read");
            }
            done += n;
        }
        return ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static int u16(ByteBuffer buffer, int offset) {
        return buffer.getShort(offset) & 0xFFFF;
    }

    private static long u32(ByteBuffer buffer, int offset) {
        return buffer.getInt(offset) & 0xFFFFFFFFL;
    }
}
