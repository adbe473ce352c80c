package dev.sealgate.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.sealgate.formats.pades.PadesInspector;
import dev.sealgate.testsupport.TestRealm;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Inputs an independent attack run found holes with: a PDF with more objects than the limit but no usable
 * cross-reference table (so none declared), which made the parser keep every object it searched out until the heap
 * ran out; and a form whose body ends inside a file part, which was left unanswered.
 */
@QuarkusTest
class HostileDocumentsTest {

    /** A PDF of {@code objects} small objects, no xref table, a trailer declaring /Size 3. */
    private static byte[] undeclaredObjects(int objects) {
        ByteArrayOutputStream pdf = new ByteArrayOutputStream();
        pdf.writeBytes("%PDF-1.7\n".getBytes(StandardCharsets.ISO_8859_1));
        for (int i = 1; i <= objects; i++) {
            pdf.writeBytes((i + " 0 obj\n<< /N " + i + " >>\nendobj\n").getBytes(StandardCharsets.ISO_8859_1));
        }
        pdf.writeBytes("trailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n0\n%%EOF\n".getBytes(StandardCharsets.ISO_8859_1));
        return pdf.toByteArray();
    }

    @Test
    void objectsAreCountedInTheBytesNotInWhatThePdfDeclares() {
        byte[] pdf = undeclaredObjects(150_000);
        assertEquals(150_000, PadesInspector.countObjects(pdf));
        // over the test profile's 100 000: refused before the parser searches the file
        String partner = TestRealm.clientToken("partner-tax-bureau", "partner-tax-bureau-dev-secret");
        given().auth().oauth2(partner).multiPart("signed", "many.pdf", pdf, "application/pdf").post("/api/v1/verifications")
                .then().statusCode(400).contentType("application/problem+json").body("type", containsString("pdf-too-complex"));
        // under it, the same broken shape goes to the parser (and is refused for what it is: no document catalog)
        given().auth().oauth2(partner).multiPart("signed", "few.pdf", undeclaredObjects(1_000), "application/pdf").post("/api/v1/verifications")
                .then().statusCode(400).body("type", org.hamcrest.Matchers.not(containsString("pdf-too-complex")));
    }

    @Test
    void aFormThatEndsInsideAFilePartIsABadRequest() throws Exception {
        String partner = TestRealm.clientToken("partner-tax-bureau", "partner-tax-bureau-dev-secret");
        String body = "--b\r\nContent-Disposition: form-data; name=\"signed\"; filename=\"a.p7s\"\r\n\r\nno closing boundary follows";
        try (Socket socket = new Socket("127.0.0.1", 8081)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/verifications HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + partner
                    + "\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                line.append((char) c);
            }
            assertTrue(line.toString().startsWith("HTTP/1.1 400"), "answered, not left waiting: " + line);
        }
    }
}
