package dev.sealgate.verification.gathering;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import dev.sealgate.crypto.CertificatePaths;
import dev.sealgate.crypto.RevocationEvidence;
import dev.sealgate.crypto.SignatureFacts;
import dev.sealgate.formats.Inspected;
import dev.sealgate.pki.CertificateAuthority;
import dev.sealgate.pki.CertificateRegister;
import dev.sealgate.pki.IssuedCertificate;
import dev.sealgate.verification.report.ValidationReport;

/**
 * Gathers what a signature's validation needs from outside it ({@link Gathered}), with all the I/O validation does:
 * revocation data (embedded first, then SealGate's own PKI, the cache, OCSP and CRL), the CA register and the signing
 * layer's records. It asks every question the blocks may ask — for each certificate on the signer's path and on each
 * time-stamp unit's path, and for the responder that signed a revocation answer — whatever the blocks' answers will be.
 */
@ApplicationScoped
public class Gatherer {

    @Inject
    TrustAnchors anchors;

    @Inject
    RevocationSources revocations;

    @Inject
    CertificateRegister register;

    /** SealGate's own CA, whose chain is known to every validation (an OFD signature carries its signer's certificate alone). */
    @Inject
    Instance<CertificateAuthority> ownCa;

    /** The records of signatures SealGate made (the signing layer's), for how each was authorised. */
    @Inject
    Instance<SignatureAuthorisations> authorisations;

    /** Certificates known without the signature carrying them (outside CDI); in CDI, {@link #ownCa}'s chain. */
    private List<X509Certificate> known = List.of();

    Gatherer() {
    }

    /** A gatherer outside CDI (benchmarks, offline validation) that knows {@code known} (a CA chain) besides what signatures carry. */
    public Gatherer(TrustAnchors anchors, RevocationSources revocations, CertificateRegister register, List<X509Certificate> known) {
        this.anchors = anchors;
        this.revocations = revocations;
        this.register = register;
        this.known = List.copyOf(known);
    }

    /** Whether revocation data is only what documents embed. */
    public boolean offline() {
        return revocations.offline();
    }

    public Gathered gather(SignatureFacts facts, Inspected.Context context) {
        ValidationContextInitialisation.Material material = ValidationContextInitialisation.material(facts, context,
                ownCa == null || !ownCa.isResolvable() ? known : ownCa.get().caChain());
        Map<Gathered.Lookup, Optional<RevocationSources.Found>> answers = new LinkedHashMap<>();
        if (judgedFurther(facts, context)) {
            if (facts.signer() != null) {
                path(facts.signer(), material.certificates(), material, answers, false);
            }
            List<SignatureFacts.TimeStampFacts> timeStamps = new ArrayList<>(facts.signatureTimeStamps());
            timeStamps.addAll(facts.archiveTimeStamps());
            timeStamps.addAll(context.archiveTimeStamps());
            timeStamps.addAll(context.documentTimeStamps());
            for (SignatureFacts.TimeStampFacts ts : timeStamps) {
                // the block asks about a time-stamp unit only for a token that matches what it stamped, is signed by it
                // and leads to a trust anchor: a forged token's certificates send no request anywhere
                if (ts.tsa() != null && ts.imprintMatches() && ts.signatureValid()) {
                    List<X509Certificate> pool = new ArrayList<>(material.certificates());
                    ts.certificates().stream().filter(c -> !pool.contains(c)).forEach(pool::add);
                    path(ts.tsa(), pool, material, answers, true);
                }
            }
        }
        IssuedCertificate issued = facts.signer() == null ? null : register.find(CertificateAuthority.hex(facts.signer().getSerialNumber()));
        return new Gathered(material, anchors.all(), answers, issued, authorisation(facts, context, issued));
    }

    /** Nothing gathered but the trust anchors: for a signature judged unreadable, which no block asks anything about. */
    public Gathered nothing() {
        return new Gathered(new ValidationContextInitialisation.Material(List.of(), List.of(), List.of()), anchors.all(), Map.of(),
                null, null);
    }

    /**
     * Whether the blocks go past the checks that need nothing gathered (EN 319 102-1 5.2.7 integrity of a package's
     * protected files, 5.2.2 format checking): a signature failing those is judged without revocation data, and none is
     * fetched for it.
     */
    private static boolean judgedFurther(SignatureFacts facts, Inspected.Context context) {
        return facts.parsed() && context.details().changedContent() == null && context.details().forbiddenChange() == null;
    }

    /** How SealGate's own signature was authorised, when SealGate issued the signer's certificate (the signing layer's records). */
    private ValidationReport.Authorisation authorisation(SignatureFacts facts, Inspected.Context context, IssuedCertificate issued) {
        Instant claimed = context.details().claimedSigningTime(facts.claimedSigningTime());
        if (!Gathered.issuedAs(issued, facts.signer()) || claimed == null || authorisations == null || !authorisations.isResolvable()) {
            return null;
        }
        return authorisations.get().of(facts.signer().getSerialNumber().toString(16), claimed).orElse(null);
    }

    /**
     * The revocation answers for every certificate below the anchor on the path from {@code subject}, and for each
     * delegated responder that signed one of them (looked up under the CA that issued it).
     */
    private void path(X509Certificate subject, List<X509Certificate> pool, ValidationContextInitialisation.Material material,
            Map<Gathered.Lookup, Optional<RevocationSources.Found>> answers, boolean trustedOnly) {
        CertificatePaths.Path path = CertificatePaths.build(subject, pool, anchors.all());
        if (trustedOnly && !path.trusted()) {
            return;
        }
        List<X509Certificate> certs = path.certificates();
        for (int i = 0; i + 1 < certs.size(); i++) {
            Optional<RevocationSources.Found> found = ask(certs.get(i), certs.subList(i + 1, certs.size()), material, answers);
            X509Certificate responder = found.map(f -> f.evidence().signedBy()).orElse(null);
            if (responder != null && !certs.contains(responder) && !RevocationEvidence.noCheck(responder) && !anchors.all().contains(responder)) {
                X509Certificate responderIssuer = CertificatePaths.issuerOf(responder, certs);
                if (responderIssuer != null) {
                    ask(responder, certs.subList(certs.indexOf(responderIssuer), certs.size()), material, answers);
                }
            }
        }
    }

    private Optional<RevocationSources.Found> ask(X509Certificate certificate, List<X509Certificate> authorities,
            ValidationContextInitialisation.Material material, Map<Gathered.Lookup, Optional<RevocationSources.Found>> answers) {
        return answers.computeIfAbsent(new Gathered.Lookup(certificate, authorities),
                lookup -> revocations.find(certificate, authorities, material.ocspResponses(), material.crls()));
    }
}
