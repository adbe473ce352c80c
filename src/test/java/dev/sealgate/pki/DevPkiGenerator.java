package dev.sealgate.pki;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sealgate.crypto.CertificateBuilder;
import dev.sealgate.crypto.CertificatePurpose;
import dev.sealgate.crypto.CertificateTemplate;
import dev.sealgate.crypto.KeyAlgorithm;
import dev.sealgate.crypto.KeyStoreCustody;
import dev.sealgate.crypto.Pem;

/**
 * Generates the development PKI in {@code certs-dev/} from {@code certs-dev/dev-pki.json}, with
 * validity counted from now. Development only: the keys it writes are published with the code.
 *
 * <pre>./mvnw -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.sealgate.pki.DevPkiGenerator</pre>
 */
public final class DevPkiGenerator {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;
    private final JsonNode spec;
    private final Instant now = Instant.now();
    private KeyStoreCustody store;

    private DevPkiGenerator(Path dir) throws Exception {
        this.dir = dir;
        this.spec = new ObjectMapper().readTree(dir.resolve("dev-pki.json").toFile());
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "certs-dev");
        new DevPkiGenerator(dir).generate();
        System.out.println("Development PKI written to " + dir.toAbsolutePath());
    }

    private void generate() throws Exception {
        JsonNode keyStore = spec.get("keyStore");
        Path p12 = dir.resolve(keyStore.get("file").asText());
        Files.deleteIfExists(p12);
        store = KeyStoreCustody.pkcs12(p12, keyStore.get("password").asText().toCharArray(), false);
        String url = spec.get("publicUrl").asText();

        JsonNode rootSpec = spec.get("rootCa");
        String rootAlias = rootSpec.get("alias").asText();
        PublicKey rootKey = store.generate(rootAlias, algorithm(rootSpec));
        X509Certificate root = CertificateBuilder.issue(template(rootSpec, CertificatePurpose.ROOT_CA, null, null, null),
                rootKey, null, store, rootAlias);
        store.installChain(rootAlias, List.of(root));

        JsonNode caSpec = spec.get("issuingCa");
        String caAlias = caSpec.get("alias").asText();
        X509Certificate ca = issue(caSpec, caAlias, CertificatePurpose.ISSUING_CA, url + "/pki/crl/root", null,
                url + "/pki/ca", List.of(root), rootAlias);

        List<X509Certificate> caChain = List.of(ca, root);
        issue(spec.get("tsa"), spec.get("tsa").get("alias").asText(), CertificatePurpose.TIME_STAMPING,
                url + "/pki/crl", url + "/pki/ocsp", url + "/pki/ca", caChain, caAlias);
        issue(spec.get("ocsp"), spec.get("ocsp").get("alias").asText(), CertificatePurpose.OCSP_SIGNING,
                null, null, url + "/pki/ca", caChain, caAlias);
        for (JsonNode seal : spec.get("seals")) {
            String alias = "seal-" + seal.get("department").asText();
            X509Certificate cert = issue(seal, alias, CertificatePurpose.DOCUMENT_SIGNING, url + "/pki/crl", url + "/pki/ocsp",
                    url + "/pki/ca", caChain, caAlias);
            Files.writeString(dir.resolve(alias + ".pem"), Pem.encode(List.of(cert)));
        }

        Files.writeString(dir.resolve("root-ca.pem"), Pem.encode(List.of(root)));
        Files.writeString(dir.resolve("ca-chain.pem"), Pem.encode(caChain));
        Files.writeString(dir.resolve("tsa.pem"), Pem.encode(store.chain(spec.get("tsa").get("alias").asText()).subList(0, 1)));
        Files.writeString(dir.resolve("ocsp.pem"), Pem.encode(store.chain(spec.get("ocsp").get("alias").asText()).subList(0, 1)));
    }

    private X509Certificate issue(JsonNode node, String alias, CertificatePurpose purpose, String crl, String ocsp,
            String caIssuers, List<X509Certificate> issuerChain, String issuerAlias) {
        PublicKey key = store.generate(alias, algorithm(node));
        X509Certificate cert = CertificateBuilder.issue(template(node, purpose, crl, ocsp, caIssuers), key,
                issuerChain.get(0), store, issuerAlias);
        List<X509Certificate> chain = new java.util.ArrayList<>();
        chain.add(cert);
        chain.addAll(issuerChain);
        store.installChain(alias, chain);
        return cert;
    }

    private CertificateTemplate template(JsonNode node, CertificatePurpose purpose, String crl, String ocsp, String caIssuers) {
        String subject = "CN=" + node.get("cn").asText() + (node.has("department") ? ",OU=" + node.get("department").asText() : "")
                + "," + spec.get("organisation").asText();
        return new CertificateTemplate(subject, new BigInteger(127, RANDOM).add(BigInteger.ONE),
                now.minus(Duration.ofDays(1)), years(node.get("validYears").asInt()), purpose, crl, ocsp, caIssuers);
    }

    private Instant years(int years) {
        return now.atZone(ZoneOffset.UTC).plusYears(years).toInstant();
    }

    private static KeyAlgorithm algorithm(JsonNode node) {
        return KeyAlgorithm.valueOf(node.get("algorithm").asText());
    }
}
