package dev.sealgate.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.sealgate.identity.ResidentId;

/**
 * Run after the test suite (Maven verify phase): fails the build when SealGate's log of the whole
 * test run contains a resident ID, a bearer token, private key material or a dev password. Prints
 * only the line number and the kind of finding, never the finding itself.
 */
public final class LogScan {

    private static final Pattern DIGITS_18 = Pattern.compile("(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])");
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{10,}\\.eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]+");
    private static final Pattern KEY = Pattern.compile("PRIVATE KEY-----");
    private static final List<String> SECRETS = List.of("sealgate-dev-signers", "partner-tax-bureau-dev-secret",
            "partner-health-commission-dev-secret", "sealgate-gateway-dev-secret", "ZGV2ZWxvcG1lbnQtb25seS1wc2V1ZG9ueW0ta2V5");

    private LogScan() {
    }

    public static void main(String[] args) throws IOException {
        Path log = Path.of(args.length > 0 ? args[0] : "target/quarkus-test.log");
        if (!Files.exists(log)) {
            System.out.println("LogScan: no log at " + log + " (no integration test ran)");
            return;
        }
        List<String> findings = new ArrayList<>();
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher ids = DIGITS_18.matcher(line);
            while (ids.find()) {
                if (ResidentId.isValid(ids.group())) {
                    findings.add("line " + (i + 1) + ": resident ID");
                }
            }
            if (JWT.matcher(line).find()) {
                findings.add("line " + (i + 1) + ": bearer token");
            }
            if (KEY.matcher(line).find()) {
                findings.add("line " + (i + 1) + ": private key material");
            }
            for (String secret : SECRETS) {
                if (line.contains(secret)) {
                    findings.add("line " + (i + 1) + ": secret");
                }
            }
        }
        System.out.println("LogScan: " + lines.size() + " log lines of the test run scanned, " + findings.size() + " findings");
        if (!findings.isEmpty()) {
            findings.stream().limit(20).forEach(f -> System.out.println("  " + f));
            throw new IllegalStateException("LogScan: the test run's log contains personal data, tokens, keys or secrets");
        }
    }
}
