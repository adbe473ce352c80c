package dev.sealgate.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.sealgate.crypto.KeyStoreCustody;
import dev.sealgate.crypto.Pem;
import dev.sealgate.crypto.SignatureScheme;

/** The committed dev PKI is complete, chains to the root, and has years of validity left. */
class DevPkiTest {

    private final KeyStoreCustody store = KeyStoreCustody.pkcs12(Path.of("certs-dev/dev-pki.p12"),
            "sealgate-dev".toCharArray(), true);

    @Test
    void everyKeyIsThereWithAChainToTheRoot() throws Exception {
        X509Certificate root = Pem.certificates(new StringReader(Files.readString(Path.of("certs-dev/root-ca.pem")))).get(0);
        assertEquals(List.of("issuing-ca", "ocsp", "root-ca", "seal-civil-affairs", "seal-health", "seal-tax", "tsa"),
                store.aliases());
        for (String alias : store.aliases()) {
            List<X509Certificate> chain = store.chain(alias);
            assertEquals(root, chain.get(chain.size() - 1), alias);
            for (int i = 0; i < chain.size(); i++) {
                X509Certificate issuer = i + 1 < chain.size() ? chain.get(i + 1) : root;
                chain.get(i).verify(issuer.getPublicKey(), "BC");
            }
        }
    }

    @Test
    void atLeastTwoYearsOfValidityRemain() {
        Instant inTwoYears = Instant.now().atZone(ZoneOffset.UTC).plusYears(2).toInstant();
        for (String alias : store.aliases()) {
            for (X509Certificate cert : store.chain(alias)) {
                assertTrue(cert.getNotAfter().toInstant().isAfter(inTwoYears),
                        alias + ": regenerate certs-dev (see certs-dev/README.md)");
            }
        }
    }

    @Test
    void sealsCoverEcdsaRsaAndSm2() {
        assertEquals(SignatureScheme.ECDSA_SHA256, SignatureScheme.forKey(store.chain("seal-civil-affairs").get(0).getPublicKey()));
        assertEquals(SignatureScheme.RSA_PKCS1_SHA256, SignatureScheme.forKey(store.chain("seal-tax").get(0).getPublicKey()));
        assertEquals(SignatureScheme.SM2_SM3, SignatureScheme.forKey(store.chain("seal-health").get(0).getPublicKey()));
    }

    @Test
    void eachSealSignsAndVerifiesWithItsScheme() throws Exception {
        for (String alias : List.of("seal-civil-affairs", "seal-tax", "seal-health")) {
            X509Certificate cert = store.chain(alias).get(0);
            SignatureScheme scheme = SignatureScheme.forKey(cert.getPublicKey());
            byte[] data = ("to be signed by " + alias).getBytes();
            byte[] signature = store.sign(alias, scheme, data);
            java.security.Signature verifier = java.security.Signature.getInstance(scheme.jcaName(), "BC");
            verifier.initVerify(cert.getPublicKey());
            verifier.update(data);
            assertTrue(verifier.verify(signature), alias);
        }
    }
}
