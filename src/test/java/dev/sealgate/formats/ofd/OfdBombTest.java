package dev.sealgate.formats.ofd;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.sealgate.testsupport.TestRealm;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * Zip bombs do not exhaust the heap: OFD packages whose page (placed before OFD.xml) inflates to a
 * gigabyte, four at once on the API and four on the public page, are refused as malformed (over the
 * 128 MB a package may inflate to) or told to come back (the budget all packages share is spent) —
 * never a 500, never an OutOfMemoryError in the log; and finding OFD.xml behind the page inflates nothing.
 */
@QuarkusTest
class OfdBombTest {

    private static byte[] bomb;

    /** A package whose first entry inflates to {@code megabytes} of zeros, then a minimal OFD.xml. */
    static byte[] bomb(int megabytes) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.setLevel(Deflater.BEST_COMPRESSION);
            zip.putNextEntry(new ZipEntry("Doc_0/Pages/Page_0/Content.xml"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < megabytes; i++) {
                zip.write(zeros);
            }
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("OFD.xml"));
            zip.write(("<ofd:OFD xmlns:ofd=\"http://www.ofdspec.org/2016\" Version=\"1.0\" DocType=\"OFD\"><ofd:DocBody>"
                    + "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>").getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    @BeforeAll
    static void make() throws IOException {
        bomb = bomb(1024);
    }

    @Test
    void theOfdBehindAGigabytePageIsFoundWithoutInflatingIt() {
        assertTrue(bomb.length < 4 << 20, "the bomb is small: " + bomb.length);
        assertTrue(OfdPackage.looksLikeOfd(bomb), "recognised as OFD by its local headers alone");
    }

    private static long errorsInLog(String what) throws IOException {
        try (var lines = Files.lines(Path.of("target", "quarkus-test.log"), StandardCharsets.UTF_8)) {
            return lines.filter(line -> line.contains(what)).count();
        }
    }

    @Test
    void concurrentBombsOnTheApiAndThePublicPageAreRefusedNotFatal() throws Exception {
        long oomBefore = errorsInLog("OutOfMemoryError");
        String token = TestRealm.clientToken("partner-tax-bureau", "partner-tax-bureau-dev-secret");
        List<CompletableFuture<Response>> answers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int n = i;
            answers.add(CompletableFuture.supplyAsync(() -> given().auth().oauth2(token).header("X-Forwarded-For", "192.0.2." + (30 + n))
                    .multiPart("signed", "bomb.ofd", bomb, "application/ofd").post("/api/v1/verifications")));
            answers.add(CompletableFuture.supplyAsync(() -> given().header("X-Forwarded-For", "192.0.2." + (40 + n))
                    .multiPart("signed", "bomb.ofd", bomb, "application/ofd").post("/verify")));
        }
        for (CompletableFuture<Response> answer : answers) {
            Response response = answer.get(5, TimeUnit.MINUTES);
            int status = response.statusCode();
            assertTrue(status == 400 || status == 503, "a bomb is refused, not fatal: " + status + " " + response.asString());
            String body = response.asString();
            assertTrue(body.contains("malformed-ofd") || body.contains("server-busy"), body);
            assertFalse(body.contains("Exception"), body);
        }
        assertEquals(oomBefore, errorsInLog("OutOfMemoryError"), "no OutOfMemoryError in the log");
        // and the budget is whole again: a bomb alone is malformed (over the package's limit), not busy
        given().auth().oauth2(token).header("X-Forwarded-For", "192.0.2.50").multiPart("signed", "bomb.ofd", bomb, "application/ofd")
                .post("/api/v1/verifications").then().statusCode(400).body("type", org.hamcrest.Matchers.equalTo("urn:sealgate:problem:malformed-ofd"));
        assertEquals(OfdPackage.INFLATED.available(), Math.min(192L << 20, Runtime.getRuntime().maxMemory() / 4),
                "every package gave its share back");
    }
}
