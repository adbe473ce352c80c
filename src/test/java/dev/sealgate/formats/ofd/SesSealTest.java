package dev.sealgate.formats.ofd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Electronic seals made by other products ({@code ../shared/data/ofd-samples/*.esl}): both structures read, the makers' signatures verify. */
class SesSealTest {

    private static final Path SAMPLES = Path.of("..", "shared", "data", "ofd-samples");

    @Test
    void sealsOfBothStructuresAreReadAndTheirMakersSignaturesVerify() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(SAMPLES), "../shared/data/ofd-samples is absent here");
        for (String name : new String[] {"UserV1.esl", "UserV4.esl", "UserV5.esl", "UserV5_ts.esl"}) {
            SesSignature.Seal seal = SesSignature.parseSeal(Files.readAllBytes(SAMPLES.resolve(name)));
            assertEquals(name.contains("V1") ? 1 : 4, seal.version() >= 4 ? 4 : 1, name);
            assertFalse(seal.id().isBlank(), name);
            assertTrue(seal.picture().length > 0, name + " carries its picture");
            assertTrue(seal.makerSignatureValid(), name + ": the seal maker's signature verifies");
            for (byte[] reading : seal.signed()) {
                byte[] tampered = reading.clone();
                tampered[tampered.length / 2] ^= 1;
                assertFalse(dev.sealgate.crypto.Sm2Signatures.verifies(seal.maker(), tampered, seal.signature()), name);
            }
        }
    }
}
