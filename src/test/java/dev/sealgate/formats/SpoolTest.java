package dev.sealgate.formats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;

import org.apache.pdfbox.io.RandomAccessRead;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The signing spool: memory up to its limit, a file past it, the same bytes either way, nothing left after discard. */
class SpoolTest {

    @TempDir
    Path dir;

    @Test
    void smallDocumentsStayInMemoryAndLeaveNoFile() throws IOException {
        byte[] document = random(40_000);
        Spool spool = new Spool(dir, 64 * 1024, plenty());
        writeInPieces(spool, document, 1000);
        spool.close();
        assertTrue(spool.inMemory());
        assertEquals(0, files());
        assertSameBytes(document, spool);
        spool.discard();
    }

    @Test
    void aDocumentPastTheLimitMovesToAFileWhichDiscardRemoves() throws IOException {
        byte[] document = random(300_000);
        Spool spool = new Spool(dir, 64 * 1024, plenty());
        writeInPieces(spool, document, 7_000);
        spool.close();
        assertFalse(spool.inMemory());
        assertEquals(1, files());
        assertSameBytes(document, spool);
        spool.discard();
        assertEquals(0, files());
    }

    @Test
    void exactlyTheLimitStaysInMemoryOneMoreByteDoesNot() throws IOException {
        Spool at = new Spool(dir, 1024, plenty());
        at.write(random(1024));
        at.close();
        assertTrue(at.inMemory());
        Spool over = new Spool(dir, 1024, plenty());
        over.write(random(1024));
        over.write(7);
        over.close();
        assertFalse(over.inMemory());
        assertEquals(1025, over.bytes().length);
        over.discard();
    }

    @Test
    void whenTheSharedBudgetIsSpentDocumentsGoToFilesAndDiscardGivesTheMemoryBack() throws IOException {
        Spool.Budget budget = new Spool.Budget(100_000);
        byte[] document = random(60_000);
        Spool first = new Spool(dir, 1 << 20, budget);
        first.write(document);
        first.close();
        assertTrue(first.inMemory());
        assertTrue(budget.available() < 100_000 - 60_000 + 1);
        // under its own limit, but the budget cannot hold a second one
        Spool second = new Spool(dir, 1 << 20, budget);
        second.write(document);
        second.close();
        assertFalse(second.inMemory());
        assertSameBytes(document, second);
        second.discard();
        first.discard();
        assertEquals(100_000, budget.available());
        Spool third = new Spool(dir, 1 << 20, budget);
        third.write(document);
        assertTrue(third.inMemory());
        third.discard();
        third.discard();
        assertEquals(100_000, budget.available(), "discarding twice gives back once");
        assertEquals(0, files());
    }

    @Test
    void writingAfterCloseFails() throws IOException {
        Spool spool = new Spool(dir, 1024, plenty());
        spool.close();
        assertThrows(IOException.class, () -> spool.write(1));
    }

    private static void writeInPieces(Spool spool, byte[] document, int piece) throws IOException {
        for (int offset = 0; offset < document.length; offset += piece) {
            spool.write(document, offset, Math.min(piece, document.length - offset));
        }
    }

    private static void assertSameBytes(byte[] expected, Spool spool) throws IOException {
        assertArrayEquals(expected, spool.bytes());
        try (InputStream in = spool.open()) {
            assertArrayEquals(expected, in.readAllBytes());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        spool.writeTo(out);
        assertArrayEquals(expected, out.toByteArray());
        try (RandomAccessRead read = spool.randomAccess()) {
            assertEquals(expected.length, read.length());
            byte[] copy = new byte[expected.length];
            int done = 0;
            while (done < copy.length) {
                int n = read.read(copy, done, copy.length - done);
                if (n <= 0) {
                    break;
                }
                done += n;
            }
            assertArrayEquals(expected, copy);
        }
    }

    private static Spool.Budget plenty() {
        return new Spool.Budget(64L << 20);
    }

    private long files() throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.count();
        }
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }
}
