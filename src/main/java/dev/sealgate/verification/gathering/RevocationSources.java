package dev.sealgate.verification.gathering;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

import org.jboss.logging.Logger;

import dev.sealgate.crypto.CertificateStatus;
import dev.sealgate.crypto.CertificateUrls;
import dev.sealgate.crypto.OcspResponses;
import dev.sealgate.crypto.RevocationEvidence;
import dev.sealgate.pki.CertificateAuthority;
import dev.sealgate.pki.CertificateRevoked;
import dev.sealgate.support.VerificationSettings;

/**
 * Revocation evidence for one certificate: what the signature embeds first; then, unless offline,
 * the issuer's OCSP responder (AIA) and its CRL (CDP) over HTTP with short timeouts. Answers from
 * SealGate's own CA and online answers (good or revoked) are cached until their own nextUpdate, at most
 * the configured time, in a bounded cache that a revocation by SealGate's CA empties once committed.
 * Another SealGate instance's revocation is seen when the cached answer expires, as for any OCSP answer.
 */
@ApplicationScoped
public class RevocationSources {

    private static final Logger LOG = Logger.getLogger(RevocationSources.class);
    private static final int CACHE_ENTRIES = 2000;

    @jakarta.inject.Inject
    CertificateAuthority ca;

    @jakarta.inject.Inject
    VerificationSettings settings;

    private boolean offline;
    private Duration timeout;
    private Duration cacheMaxAge;

    @jakarta.annotation.PostConstruct
    void configure() {
        offline = settings.offline();
        timeout = settings.fetchTimeout();
        cacheMaxAge = settings.cacheMaxAge();
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    private final AtomicLong revocations = new AtomicLong();

    private final Map<Key, Cached> cache = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Cached> eldest) {
            return size() > CACHE_ENTRIES;
        }
    };

    /**
     * Evidence with where it came from, and the OCSP response or CRL it was read from (DER), which a
     * signature extended to B-LT embeds; null only where the evidence was made without it (tests).
     */
    public record Found(RevocationEvidence evidence, String source, byte[] encoded) {

        public Found(RevocationEvidence evidence, String source) {
            this(evidence, source, null);
        }

        /** Whether the encoded data is an OCSP response (else a CRL). */
        public boolean ocsp() {
            return evidence.kind() == RevocationEvidence.Kind.OCSP;
        }
    }

    /** A cached answer, good until {@code until} and while no revocation happened since {@code generation}. */
    private record Cached(Found found, Instant until, long generation) {
    }

    /** The issuing certificate itself (not only its name) and the serial number. */
    private record Key(X509Certificate issuer, java.math.BigInteger serial) {
    }

    RevocationSources() {
    }

    /** Revocation sources outside CDI (benchmarks, offline tests), with the settings' defaults. */
    public static RevocationSources standalone(CertificateAuthority ca, boolean offline) {
        RevocationSources sources = new RevocationSources();
        sources.ca = ca;
        sources.settings = VerificationSettings.of(java.util.Map.of("sealgate.verification.offline", Boolean.toString(offline)));
        sources.configure();
        return sources;
    }

    public boolean offline() {
        return offline;
    }

    public Optional<Found> find(X509Certificate cert, X509Certificate issuer, List<byte[]> embeddedOcsp, List<X509CRL> embeddedCrls) {
        return find(cert, List.of(issuer), embeddedOcsp, embeddedCrls);
    }

    /**
     * Revocation evidence for {@code cert}: embedded first, then SealGate's own PKI, the cache, OCSP
     * and CRL distribution points.
     *
     * @param authorities the certificate's issuer, then the CAs above it on its path: an OCSP responder
     *                    certified by any of them may answer (see {@link RevocationEvidence#fromOcsp})
     */
    public Optional<Found> find(X509Certificate cert, List<X509Certificate> authorities, List<byte[]> embeddedOcsp,
            List<X509CRL> embeddedCrls) {
        X509Certificate issuer = authorities.get(0);
        for (byte[] ocsp : embeddedOcsp) {
            RevocationEvidence evidence = RevocationEvidence.fromOcsp(ocsp, cert, authorities);
            if (evidence != null) {
                return Optional.of(new Found(evidence, "embedded-ocsp", ocsp));
            }
        }
        for (X509CRL crl : embeddedCrls) {
            RevocationEvidence evidence = RevocationEvidence.fromCrl(crl, cert, issuer);
            if (evidence != null) {
                return Optional.of(new Found(evidence, "embedded-crl", der(crl)));
            }
        }
        Key key = new Key(issuer, cert.getSerialNumber());
        long generation = revocations.get();
        synchronized (cache) {
            Cached cached = cache.get(key);
            if (cached != null && cached.generation() == generation && Instant.now().isBefore(cached.until())) {
                return Optional.of(cached.found());
            }
        }
        Optional<Found> own = ownPki(cert, issuer);
        Optional<Found> answer = own.isPresent() || offline ? own : ocsp(cert, issuer).or(() -> crl(cert, issuer));
        answer.filter(found -> found.evidence().status().state() != CertificateStatus.State.UNKNOWN).ifPresent(found -> {
            Instant until = Instant.now().plus(cacheMaxAge);
            Instant next = found.evidence().nextUpdate();
            synchronized (cache) {
                cache.put(key, new Cached(found, next != null && next.isBefore(until) ? next : until, generation));
            }
        });
        return answer;
    }

    private static byte[] der(X509CRL crl) {
        try {
            return crl.getEncoded();
        } catch (java.security.cert.CRLException e) {
            return null;
        }
    }

    /** A revocation by SealGate's CA, once committed, makes every cached answer stale. */
    void revoked(@Observes(during = TransactionPhase.AFTER_SUCCESS) CertificateRevoked event) {
        revocations.incrementAndGet();
    }

    /**
     * Certificates of SealGate's own CA are answered in-process by the same OCSP responder and root
     * CRL that the public endpoints serve, whatever base URL they carry.
     */
    private Optional<Found> ownPki(X509Certificate cert, X509Certificate issuer) {
        try {
            CertificateAuthority.OwnRevocation own = ca.ownRevocation(cert, issuer);
            if (own == null) {
                return Optional.empty();
            }
            RevocationEvidence evidence = own.ocsp() ? RevocationEvidence.fromOcsp(own.encoded(), cert, issuer)
                    : RevocationEvidence.fromCrl(CertificateUrls.parseCrl(own.encoded()), cert, issuer);
            return Optional.ofNullable(evidence).map(e -> new Found(e, own.ocsp() ? "ocsp" : "crl", own.encoded()));
        } catch (RuntimeException e) {
            LOG.debugf("Own PKI could not answer: %s", e.getClass().getSimpleName());
        }
        return Optional.empty();
    }

    private Optional<Found> ocsp(X509Certificate cert, X509Certificate issuer) {
        for (String url : CertificateUrls.ocsp(cert)) {
            try {
                HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                        .header("Content-Type", "application/ocsp-request")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(OcspResponses.requestFor(cert, issuer))).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                RevocationEvidence evidence = response.statusCode() == 200
                        ? RevocationEvidence.fromOcsp(response.body(), cert, issuer) : null;
                if (evidence != null) {
                    return Optional.of(new Found(evidence, "ocsp", response.body()));
                }
            } catch (Exception e) {
                LOG.debugf("OCSP responder %s did not answer: %s", url, e.getClass().getSimpleName());
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        return Optional.empty();
    }

    private Optional<Found> crl(X509Certificate cert, X509Certificate issuer) {
        for (String url : CertificateUrls.crl(cert)) {
            try {
                HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() != 200) {
                    continue;
                }
                X509CRL crl = CertificateUrls.parseCrl(response.body());
                RevocationEvidence evidence = RevocationEvidence.fromCrl(crl, cert, issuer);
                if (evidence != null) {
                    return Optional.of(new Found(evidence, "crl", response.body()));
                }
            } catch (Exception e) {
                LOG.debugf("CRL %s not available: %s", url, e.getClass().getSimpleName());
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        return Optional.empty();
    }
}
