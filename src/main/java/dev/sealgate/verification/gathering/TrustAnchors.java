package dev.sealgate.verification.gathering;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.sealgate.crypto.Pem;
import dev.sealgate.support.VerificationSettings;

/** The certificates a validation may end in: PEM files or directories of PEM files from configuration. */
@ApplicationScoped
public class TrustAnchors {

    private static final Logger LOG = Logger.getLogger(TrustAnchors.class);

    @Inject
    VerificationSettings settings;

    private List<X509Certificate> anchors;

    TrustAnchors() {
    }

    /** Trust anchors outside CDI (benchmarks). */
    public static TrustAnchors of(List<X509Certificate> certificates) {
        TrustAnchors anchors = new TrustAnchors();
        anchors.anchors = List.copyOf(certificates);
        return anchors;
    }

    @PostConstruct
    void load() {
        List<X509Certificate> loaded = new ArrayList<>();
        List<String> locations = settings.trustAnchors().orElseThrow(() -> new IllegalStateException(
                "sealgate.verification.trust-anchors (SEALGATE_TRUST_ANCHORS) is not configured: name the PEM files of the trust anchors."));
        for (String location : locations) {
            Path path = Path.of(location.trim());
            try (Stream<Path> files = Files.isDirectory(path) ? Files.list(path) : Stream.of(path)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".pem") || f.toString().endsWith(".crt")).toList()) {
                    loaded.addAll(Pem.certificates(Files.newBufferedReader(file)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read trust anchors from " + path, e);
            }
        }
        if (loaded.isEmpty()) {
            throw new IllegalStateException("No trust anchors in " + locations);
        }
        anchors = List.copyOf(loaded);
        LOG.infof("%d trust anchor(s) loaded", anchors.size());
    }

    public List<X509Certificate> all() {
        return anchors;
    }
}
