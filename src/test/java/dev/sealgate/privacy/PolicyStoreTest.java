package dev.sealgate.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyStoreTest {

    @Test
    void devPoliciesLoad() {
        Map<String, SharingPolicy> policies = PolicyStore.read(Path.of("privacy-policies"));
        assertEquals(2, policies.size());
        SharingPolicy tax = policies.get("partner-tax-bureau");
        assertEquals("tax-bureau-sharing@2", tax.reference());
        assertTrue(tax.datasets().get("business-licence").get("tax-registration").legalBasis().contains("PIPL"));
    }

    private static String problem(Path dir, String name, String content) throws Exception {
        Files.writeString(dir.resolve(name), content);
        return assertThrows(PolicyStore.PolicyException.class, () -> PolicyStore.read(dir)).getMessage();
    }

    private static final String HEAD = """
            id: p
            version: 1
            partner: partner-x
            datasets:
              residence:
                purposes:
                  survey:
                    legal-basis: "PIPL art. 13"
                    fields:
            """;

    @Test
    void unknownOperatorNamesFileAndLine(@TempDir Path dir) throws Exception {
        String message = problem(dir, "bad.yaml", HEAD + "          - {path: sex, op: keep}\n          - {path: phone, op: hash}\n");
        assertTrue(message.startsWith("Policy bad.yaml, line 11: unknown operator 'hash'"), message);
    }

    @Test
    void maskWithoutLengthsAndMissingLegalBasisAreRefused(@TempDir Path dir) throws Exception {
        assertTrue(problem(dir, "mask.yaml", HEAD + "          - {path: phone, op: mask}\n")
                .contains("mask on 'phone' needs keep-first and/or keep-last"));
        Files.delete(dir.resolve("mask.yaml"));
        String noBasis = problem(dir, "basis.yaml", HEAD.replace("    legal-basis: \"PIPL art. 13\"\n", "")
                + "          - {path: sex, op: keep}\n");
        assertTrue(noBasis.startsWith("Policy basis.yaml, line"), noBasis);
        assertTrue(noBasis.contains("legal-basis"), noBasis);
    }

    @Test
    void yamlSyntaxErrorNamesTheLine(@TempDir Path dir) throws Exception {
        String message = problem(dir, "syntax.yaml", "id: p\nversion: [1\npartner: x\n");
        assertTrue(message.matches("Policy syntax\\.yaml, line \\d+: .*"), message);
    }

    @Test
    void unknownKeysAndBadPathsAreRefused(@TempDir Path dir) throws Exception {
        assertTrue(problem(dir, "key.yaml", HEAD + "          - {path: sex, op: keep, colour: red}\n").contains("line 10"));
        Files.delete(dir.resolve("key.yaml"));
        assertTrue(problem(dir, "path.yaml", HEAD + "          - {path: \"a..b\", op: keep}\n").contains("bad path 'a..b'"));
    }
}
