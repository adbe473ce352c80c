package dev.sealgate.formats;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.pdfbox.io.RandomAccessRead;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;

/**
 * A document as it arrives: kept in memory while it is no larger than a limit, moved to a temporary
 * file as soon as it grows past it. Small documents (the common case) then cost no file creation,
 * write, read-back and unlink; large ones never sit whole in the heap. The memory comes out of a
 * {@link Budget} shared by all requests, so many requests at once cannot fill the heap: when the
 * budget is spent, spools go to files. Not thread-safe: one request.
 */
public final class Spool extends OutputStream {

    /** Bytes of heap that all spools together may hold. */
    public static final class Budget {
        private final AtomicLong available;

        public Budget(long bytes) {
            this.available = new AtomicLong(bytes);
        }

        public boolean take(long bytes) {
            long now;
            do {
                now = available.get();
                if (now < bytes) {
                    return false;
                }
            } while (!available.compareAndSet(now, now - bytes));
            return true;
        }

        public void giveBack(long bytes) {
            available.addAndGet(bytes);
        }

        public long available() {
            return available.get();
        }
    }

    private final Path directory;
    private final int memoryLimit;
    private final Budget budget;
    private byte[] memory = new byte[0];
    private int count;
    private Path file;
    private OutputStream fileOut;
    private boolean closed;
    /** A file the spool reads but does not own (an upload): never deleted by {@link #discard()}. */
    private boolean borrowed;

    public Spool(Path directory, int memoryLimit, Budget budget) {
        this.directory = directory;
        this.memoryLimit = memoryLimit;
        this.budget = budget;
    }

    /** A finished spool over bytes already in memory (outside any budget: the caller holds them anyway). */
    public static Spool of(byte[] bytes) {
        Spool spool = new Spool(null, bytes.length, null);
        spool.memory = bytes;
        spool.count = bytes.length;
        spool.closed = true;
        return spool;
    }

    /** A finished spool over a file someone else owns and deletes (an uploaded part). */
    public static Spool ofFile(Path file) {
        Spool spool = new Spool(null, 0, null);
        spool.file = file;
        spool.memory = null;
        spool.closed = true;
        spool.borrowed = true;
        return spool;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] { (byte) b }, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("spool closed");
        }
        if (file == null && (long) count + len <= memoryLimit && room(count + len)) {
            System.arraycopy(b, off, memory, count, len);
            count += len;
            return;
        }
        if (file == null) {
            file = Files.createTempFile(directory, "sealgate-doc-", ".bin");
            fileOut = new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024);
            fileOut.write(memory, 0, count);
            release();
        }
        fileOut.write(b, off, len);
    }

    /** Grows the buffer to hold {@code needed} bytes, if the budget allows. */
    private boolean room(int needed) {
        if (needed <= memory.length) {
            return true;
        }
        int size = (int) Math.min(memoryLimit, Math.max(Math.max(2L * memory.length, 8 * 1024), needed));
        if (budget != null && !budget.take(size - memory.length)) {
            return false;
        }
        memory = Arrays.copyOf(memory, size);
        return true;
    }

    private void release() {
        if (budget != null && memory != null) {
            budget.giveBack(memory.length);
        }
        memory = null;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        if (fileOut != null) {
            fileOut.close();
        }
    }

    /** Whether the whole document is in memory. */
    public boolean inMemory() {
        return file == null;
    }

    /** The document's bytes (read back from the file if it went to one). */
    public byte[] bytes() throws IOException {
        if (file != null) {
            return Files.readAllBytes(file);
        }
        return memory.length == count ? memory : Arrays.copyOf(memory, count);
    }

    /** Copies the document to {@code out}. */
    public void writeTo(OutputStream out) throws IOException {
        if (file == null) {
            out.write(memory, 0, count);
        } else {
            Files.copy(file, out);
        }
    }

    public InputStream open() throws IOException {
        return file == null ? new ByteArrayInputStream(memory, 0, count) : Files.newInputStream(file);
    }

    /** For PDFBox: random access over the memory or the file. */
    public RandomAccessRead randomAccess() throws IOException {
        return file == null ? new RandomAccessReadBuffer(bytes()) : new RandomAccessReadBufferedFile(file.toFile());
    }

    /** Removes the file, if the document went to one. */
    public void discard() {
        try {
            close();
        } catch (IOException ignored) {
            // the file is deleted below either way
        }
        if (!borrowed) {
            deleteQuietly(file);
        }
        release();
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temporary file; the OS temp cleaner takes it
            }
        }
    }
}
