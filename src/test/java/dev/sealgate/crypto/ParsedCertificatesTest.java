package dev.sealgate.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.Test;

/** Certificates met in signatures are parsed once and handed out again; the caller's bytes are not kept. */
class ParsedCertificatesTest {

    private static byte[] root() throws Exception {
        return Pem.certificates(Files.newBufferedReader(Path.of("certs-dev/root-ca.pem"))).get(0).getEncoded();
    }

    @Test
    void theSameEncodingGivesTheSameParsedCertificate() throws Exception {
        byte[] der = root();
        X509Certificate first = ParsedCertificates.of(der);
        assertArrayEquals(der, first.getEncoded());
        assertSame(first, ParsedCertificates.of(der.clone()));
        assertSame(first, ParsedCertificates.of(new X509CertificateHolder(der)));
        // one parsed key object, so BouncyCastle's precomputation for it is kept
        assertSame(first.getPublicKey(), ParsedCertificates.of(der).getPublicKey());
    }

    @Test
    void changingTheCallersArrayAfterwardsChangesNothing() throws Exception {
        byte[] der = root();
        X509Certificate parsed = ParsedCertificates.of(der);
        byte[] original = der.clone();
        der[der.length - 1] ^= 1;
        assertSame(parsed, ParsedCertificates.of(original));
        assertArrayEquals(original, parsed.getEncoded());
    }

    @Test
    void garbageIsRefused() {
        assertThrows(CertificateException.class, () -> ParsedCertificates.of(new byte[] { 0x30, 0x03, 0x02, 0x01, 0x01 }));
    }
}
