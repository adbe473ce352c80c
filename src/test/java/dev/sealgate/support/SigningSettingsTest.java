package dev.sealgate.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.sealgate.crypto.KeyAlgorithm;
import dev.sealgate.crypto.SignatureScheme;

/** The signing settings outside Quarkus (as the benchmarks build them) carry the documented defaults. */
class SigningSettingsTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        SigningSettings settings = SigningSettings.defaults();
        assertEquals(1100L << 20, settings.maxDocumentSize().asLongValue(), "SEALGATE_MAX_DOCUMENT_SIZE, 1100M");
        assertEquals(10L << 20, settings.maxJsonSize().asLongValue());
        assertEquals(4L << 20, settings.inMemoryLimit().asLongValue());
        assertEquals(64L << 20, settings.inMemoryTotal().asLongValue());
        assertEquals(64L << 20, settings.maxCmsExtensionSize().asLongValue());
        assertEquals(Path.of(System.getProperty("java.io.tmpdir")), settings.workDir());
        assertEquals(KeyAlgorithm.EC_P256, settings.personalKeyAlgorithm());
        assertEquals(SignatureScheme.RSA_PKCS1_SHA256, settings.rsaScheme());
        assertEquals("pkcs12", settings.keyStore().type());
    }
}
