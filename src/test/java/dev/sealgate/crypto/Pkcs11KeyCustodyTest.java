package dev.sealgate.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Security;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link KeyStoreCustody} on a PKCS#11 token: a SoftHSM2 token initialised under
 * {@code target/softhsm/} (surefire points {@code SOFTHSM2_CONF} there), opened through SunPKCS11.
 * Skipped when SoftHSM2 is not installed ({@code apt-get install softhsm2}).
 */
class Pkcs11KeyCustodyTest {

    private static final List<String> LIBRARIES = List.of(
            "/usr/lib/softhsm/libsofthsm2.so",
            "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
            "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
            "/usr/lib64/pkcs11/libsofthsm2.so",
            "/usr/local/lib/softhsm/libsofthsm2.so",
            "/opt/homebrew/lib/softhsm/libsofthsm2.so");
    private static final String LABEL = "sealgate-test";
    private static final char[] PIN = "1234".toCharArray();
    private static final byte[] DOCUMENT = "signed attributes of a civil-affairs certificate".getBytes(StandardCharsets.UTF_8);

    private static Path tokenDir;
    private static Path reopenConfig;
    private static KeyStoreCustody token;
    private static KeyStoreCustody pki;
    private static X509Certificate issuingCa;

    /** Why the tests are skipped, or null when SoftHSM2 is installed. */
    private static String skipReason;

    @BeforeAll
    static void initialiseToken() throws Exception {
        Optional<Path> library = LIBRARIES.stream().map(Path::of).filter(Files::isRegularFile).findFirst();
        Optional<Path> util = executable("softhsm2-util");
        if (library.isEmpty()) {
            skipReason = "SoftHSM2 library not found in " + LIBRARIES
                    + ": PKCS#11 tests skipped (install it with: apt-get install softhsm2)";
        } else if (util.isEmpty()) {
            skipReason = "softhsm2-util not on PATH: PKCS#11 tests skipped (install it with: apt-get install softhsm2)";
        }
        if (skipReason != null) {
            System.err.println(Pkcs11KeyCustodyTest.class.getSimpleName() + ": " + skipReason);
            return;
        }

        String conf = System.getenv("SOFTHSM2_CONF");
        assertNotNull(conf, "SOFTHSM2_CONF is not set: run this test through Maven (surefire sets it in pom.xml)");
        Path confFile = Path.of(conf).toAbsolutePath();
        Path home = confFile.getParent();
        // the directory is wiped below: only ever the one under this project's build directory
        assertTrue(home.getFileName().toString().equals("softhsm") && home.startsWith(Path.of("").toAbsolutePath()),
                "SOFTHSM2_CONF=" + conf + " is not under this project's target/softhsm/: refusing to reinitialise it");
        tokenDir = home.resolve("tokens");
        deleteRecursively(home);
        Files.createDirectories(tokenDir);
        Files.writeString(confFile, "directories.tokendir = " + tokenDir + "\nobjectstore.backend = file\nlog.level = ERROR\n"
                + "slots.removable = false\n");

        Process init = new ProcessBuilder(util.get().toString(), "--init-token", "--free", "--label", LABEL,
                "--pin", new String(PIN), "--so-pin", "5678").redirectErrorStream(true).start();
        assertTrue(init.waitFor(60, TimeUnit.SECONDS), "softhsm2-util --init-token did not finish");
        String output = new String(init.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, init.exitValue(), "softhsm2-util --init-token failed: " + output);
        Matcher slot = Pattern.compile("reassigned to slot (\\d+)").matcher(output);
        assertTrue(slot.find(), "No slot in softhsm2-util output: " + output);

        Path config = home.resolve("sunpkcs11.cfg");
        reopenConfig = home.resolve("sunpkcs11-reopen.cfg");
        Files.writeString(config, sunPkcs11Config("SealGateHsmTest", library.get(), slot.group(1)));
        Files.writeString(reopenConfig, sunPkcs11Config("SealGateHsmReopen", library.get(), slot.group(1)));

        token = KeyStoreCustody.pkcs11(config, PIN);
        pki = KeyStoreCustody.pkcs12(Path.of("certs-dev/dev-pki.p12"), "sealgate-dev".toCharArray(), true);
        issuingCa = pki.chain("issuing-ca").get(0);
    }

    @BeforeEach
    void requireSoftHsm() {
        // assumed per test rather than in @BeforeAll, so the reason shows in the test report
        assumeTrue(skipReason == null, skipReason);
    }

    @Test
    void ecP256KeyOnTheTokenIsCertifiedAndSigns() throws Exception {
        X509Certificate cert = generateAndCertify("hsm-ec", KeyAlgorithm.EC_P256, "CN=HSM EC seal,O=SealGate,C=CN");

        assertEquals("EC", cert.getPublicKey().getAlgorithm());
        assertEquals(List.of(cert, issuingCa), token.chain("hsm-ec"));
        assertTrue(verify("SHA256withECDSA", "SunEC", null, cert.getPublicKey(),
                token.sign("hsm-ec", SignatureScheme.ECDSA_SHA256, DOCUMENT)));
        // the same signature from a digest hashed outside the token (CKM_ECDSA)
        assertTrue(verify("SHA256withECDSA", "SunEC", null, cert.getPublicKey(),
                token.signDigest("hsm-ec", SignatureScheme.ECDSA_SHA256, sha256(DOCUMENT))));
    }

    @Test
    void rsa2048KeyOnTheTokenIsCertifiedAndSignsPkcs1AndPss() throws Exception {
        X509Certificate cert = generateAndCertify("hsm-rsa", KeyAlgorithm.RSA_2048, "CN=HSM RSA seal,O=SealGate,C=CN");

        assertEquals("RSA", cert.getPublicKey().getAlgorithm());
        assertTrue(verify("SHA256withRSA", "SunRsaSign", null, cert.getPublicKey(),
                token.sign("hsm-rsa", SignatureScheme.RSA_PKCS1_SHA256, DOCUMENT)));
        // the same signature from a digest hashed outside the token (CKM_RSA_PKCS over the DigestInfo)
        assertTrue(verify("SHA256withRSA", "SunRsaSign", null, cert.getPublicKey(),
                token.signDigest("hsm-rsa", SignatureScheme.RSA_PKCS1_SHA256, sha256(DOCUMENT))));
        PSSParameterSpec pss = new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1);
        assertTrue(verify("RSASSA-PSS", "SunRsaSign", pss, cert.getPublicKey(),
                token.sign("hsm-rsa", SignatureScheme.RSA_PSS_SHA256, DOCUMENT)));
    }

    @Test
    void privateKeysStayOnTheTokenAndSurviveReopening() throws Exception {
        X509Certificate ec = generateAndCertify("hsm-persist-ec", KeyAlgorithm.EC_P256, "CN=HSM persist EC,O=SealGate,C=CN");
        X509Certificate rsa = generateAndCertify("hsm-persist-rsa", KeyAlgorithm.RSA_2048, "CN=HSM persist RSA,O=SealGate,C=CN");

        // a second SunPKCS11 instance (its own provider name, key store and sessions) on the same token
        KeyStoreCustody reopened = KeyStoreCustody.pkcs11(reopenConfig, PIN);
        assertTrue(reopened.aliases().containsAll(List.of("hsm-persist-ec", "hsm-persist-rsa")), reopened.aliases().toString());
        assertEquals(List.of(ec, issuingCa), reopened.chain("hsm-persist-ec"));
        assertEquals(List.of(rsa, issuingCa), reopened.chain("hsm-persist-rsa"));
        assertTrue(verify("SHA256withECDSA", "SunEC", null, ec.getPublicKey(),
                reopened.sign("hsm-persist-ec", SignatureScheme.ECDSA_SHA256, DOCUMENT)));
        assertTrue(verify("SHA256withRSA", "SunRsaSign", null, rsa.getPublicKey(),
                reopened.sign("hsm-persist-rsa", SignatureScheme.RSA_PKCS1_SHA256, DOCUMENT)));

        Provider provider = Security.getProvider("SunPKCS11").configure(reopenConfig.toString());
        KeyStore store = KeyStore.getInstance("PKCS11", provider);
        store.load(null, PIN);
        for (String alias : List.of("hsm-persist-ec", "hsm-persist-rsa")) {
            Key key = store.getKey(alias, PIN);
            assertTrue(key instanceof PrivateKey, alias);
            assertNull(key.getEncoded(), alias + ": private key material must not leave the token");
            String description = key.toString();
            assertTrue(key.getClass().getName().startsWith("sun.security.pkcs11.P11Key"), key.getClass().getName());
            assertTrue(description.contains("token object") && description.contains("sensitive")
                    && description.contains("unextractable"), alias + ": " + description);
        }
        // the objects are on disk in the token directory, labelled with their alias
        for (String alias : List.of("hsm-persist-ec", "hsm-persist-rsa")) {
            assertTrue(tokenObjectFiles().stream().anyMatch(file -> contains(file, alias.getBytes(StandardCharsets.UTF_8))),
                    alias + " is not stored in " + tokenDir);
        }
    }

    @Test
    void sm2AndEd25519CannotBeGeneratedOnTheToken() {
        for (KeyAlgorithm algorithm : List.of(KeyAlgorithm.SM2, KeyAlgorithm.ED25519)) {
            CryptoException e = assertThrows(CryptoException.class, () -> token.generate("hsm-" + algorithm, algorithm));
            assertEquals(algorithm + " keys cannot be generated on this PKCS#11 token", e.getMessage());
            assertTrue(!token.contains("hsm-" + algorithm), algorithm.toString());
        }
    }

    private static X509Certificate generateAndCertify(String alias, KeyAlgorithm algorithm, String subject) throws Exception {
        PublicKey publicKey = token.generate(alias, algorithm);
        assertTrue(token.contains(alias), alias);
        assertTrue(token.chain(alias).get(0).getSubjectX500Principal().getName().contains("provisional"), alias);

        Instant now = Instant.now();
        CertificateTemplate template = new CertificateTemplate(subject, new BigInteger(64, new SecureRandom()).abs(),
                now.minusSeconds(60), now.plus(Duration.ofDays(1)), CertificatePurpose.DOCUMENT_SIGNING, null, null, null);
        X509Certificate cert = CertificateBuilder.issue(template, publicKey, issuingCa, pki, "issuing-ca");
        cert.verify(issuingCa.getPublicKey());
        token.installChain(alias, List.of(cert, issuingCa));
        assertEquals(cert, token.chain(alias).get(0));
        return cert;
    }

    private static byte[] sha256(byte[] data) throws Exception {
        return java.security.MessageDigest.getInstance("SHA-256").digest(data);
    }

    private static boolean verify(String algorithm, String provider, PSSParameterSpec params, PublicKey key, byte[] signature)
            throws Exception {
        Signature verifier = Signature.getInstance(algorithm, provider);
        if (params != null) {
            verifier.setParameter(params);
        }
        verifier.initVerify(key);
        verifier.update(DOCUMENT);
        return verifier.verify(signature);
    }

    private static List<Path> tokenObjectFiles() throws IOException {
        try (Stream<Path> files = Files.walk(tokenDir)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".object")).toList();
        }
    }

    private static boolean contains(Path file, byte[] needle) {
        try {
            String haystack = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            return haystack.contains(new String(needle, StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String sunPkcs11Config(String name, Path library, String slot) {
        return "name = " + name + "\nlibrary = " + library + "\nslot = " + slot + "\n";
    }

    private static Optional<Path> executable(String name) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable)
                .findFirst();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
