package dev.sealgate.testsupport;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log scanner finds what it must find, so a clean scan of the test run means something. */
class LogScanTest {

    private static void scan(Path log, String content) throws Exception {
        Files.writeString(log, "2026-11-25 INFO ok\n" + content + "\n");
        LogScan.main(new String[] { log.toString() });
    }

    @Test
    void findsResidentIdsTokensKeysAndSecrets(@TempDir Path dir) {
        Path log = dir.resolve("run.log");
        assertThrows(IllegalStateException.class, () -> scan(log, "lookup for 11010519491231002X failed"));
        assertThrows(IllegalStateException.class, () -> scan(log, "token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhYmNkZWZnaGlqIn0.c2ln"));
        assertThrows(IllegalStateException.class, () -> scan(log, "-----BEGIN PRIVATE KEY-----"));
        assertThrows(IllegalStateException.class, () -> scan(log, "secret=partner-tax-bureau-dev-secret"));
    }

    @Test
    void leavesOrdinaryLinesAlone(@TempDir Path dir) {
        assertDoesNotThrow(() -> scan(dir.resolve("run.log"), "order 123456789012345678 shipped; serial 6d12bbb91a38f6606c9ca44b53bca6e7"));
    }
}
