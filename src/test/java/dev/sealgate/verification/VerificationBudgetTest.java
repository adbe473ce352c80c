package dev.sealgate.verification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.sealgate.support.ProblemException;
import dev.sealgate.support.ProblemType;

/**
 * Documents being verified are read whole, so what they hold together is budgeted: a document that does not fit
 * in what is left is {@code 503 server-busy} (with Retry-After), never an OutOfMemoryError, and its share is never
 * taken; the budget is whole again once the others end.
 */
class VerificationBudgetTest {

    @Test
    void aDocumentThatDoesNotFitInWhatIsLeftIsTurnedAwayAndTakesNothing() throws Exception {
        Path document = Files.createTempFile("sealgate-budget-", ".p7s");
        Files.write(document, new byte[64 * 1024]);
        long whole = DocumentValidator.HELD.available();
        // other verifications in flight hold all but 1 KB
        long others = whole - 1024;
        DocumentValidator.HELD.take(others);
        try {
            ProblemException busy = assertThrows(ProblemException.class,
                    () -> new DocumentValidator().validateUpload(document, null, null, Instant.EPOCH));
            assertEquals(ProblemType.SERVER_BUSY, busy.type());
            assertEquals(5, busy.retryAfterSeconds());
            assertEquals(1024, DocumentValidator.HELD.available(), "a refused document takes nothing");
        } finally {
            DocumentValidator.HELD.giveBack(others);
            Files.delete(document);
        }
        assertEquals(whole, DocumentValidator.HELD.available());
    }

    @Test
    void aDocumentLargerThanTheWholeBudgetIsTooLarge() throws Exception {
        long whole = DocumentValidator.HELD.available();
        Path document = Files.createTempFile("sealgate-budget-", ".p7s");
        try (var file = new java.io.RandomAccessFile(document.toFile(), "rw")) {
            file.setLength(whole + 1); // sparse: nothing is written
        }
        try {
            ProblemException tooLarge = assertThrows(ProblemException.class,
                    () -> new DocumentValidator().validateUpload(document, null, null, Instant.EPOCH));
            assertEquals(ProblemType.PAYLOAD_TOO_LARGE, tooLarge.type());
            assertEquals(whole, DocumentValidator.HELD.available());
        } finally {
            Files.delete(document);
        }
    }
}
