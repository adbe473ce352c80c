package dev.sealgate.formats.ofd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.sealgate.support.ProblemException;
import dev.sealgate.support.ProblemType;

/** An OFD file's XML is refused as malformed when it nests deeper than the stated limit; never a stack overflow. */
class OfdXmlLimitsTest {

    private static byte[] nested(int depth) {
        StringBuilder xml = new StringBuilder("<ofd:Page xmlns:ofd=\"http://www.ofdspec.org/2016\">");
        xml.append("<ofd:Content>".repeat(depth)).append("text").append("</ofd:Content>".repeat(depth)).append("</ofd:Page>");
        return xml.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aHundredThousandDeepPageIsMalformedNotAStackOverflow() {
        ProblemException refused = assertThrows(ProblemException.class, () -> OfdPackage.parse("Doc_0/Pages/Page_0/Content.xml",
                nested(100_000)));
        assertEquals(ProblemType.MALFORMED_OFD, refused.type());
        assertTrue(refused.getMessage().contains("Doc_0/Pages/Page_0/Content.xml"), refused.getMessage());
    }

    @Test
    void nestingUpToTheLimitIsRead() {
        assertNotNull(OfdPackage.parse("Doc_0/Pages/Page_0/Content.xml", nested(OfdPackage.MAX_ELEMENT_DEPTH - 1)));
        assertThrows(ProblemException.class, () -> OfdPackage.parse("Doc_0/Pages/Page_0/Content.xml", nested(OfdPackage.MAX_ELEMENT_DEPTH + 1)));
    }
}
