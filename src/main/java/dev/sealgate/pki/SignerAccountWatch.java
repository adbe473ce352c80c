package dev.sealgate.pki;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

import dev.sealgate.audit.Actor;
import dev.sealgate.audit.AuditAction;
import dev.sealgate.audit.AuditLog;
import dev.sealgate.identity.UserDirectory;
import dev.sealgate.support.ProblemException;

/**
 * Revokes the personal certificates of civil servants whose Keycloak account was disabled or
 * deleted. Keycloak cannot call SealGate without a custom extension, so SealGate asks: every
 * interval it checks the account of each holder of a valid personal certificate.
 */
@ApplicationScoped
public class SignerAccountWatch {

    private static final Logger LOG = Logger.getLogger(SignerAccountWatch.class);

    @Inject
    UserDirectory directory;

    @Inject
    CertificateAuthority ca;

    @Inject
    AuditLog audit;

    @Scheduled(every = "${sealgate.pki.account-check-interval}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void check() {
        List<IssuedCertificate> active = QuarkusTransaction.requiringNew().call(() -> IssuedCertificate.list(
                "kind = ?1 and revokedAt is null and keycloakSubject is not null", IssuedCertificate.Kind.PERSONAL));
        Map<String, List<String>> serialsBySubject = new LinkedHashMap<>();
        for (IssuedCertificate cert : active) {
            serialsBySubject.computeIfAbsent(cert.keycloakSubject, s -> new java.util.ArrayList<>()).add(cert.serial);
        }
        for (Map.Entry<String, List<String>> holder : serialsBySubject.entrySet()) {
            UserDirectory.AccountState state;
            try {
                state = directory.accountState(holder.getKey());
            } catch (ProblemException e) {
                LOG.warn("Keycloak unavailable; signer accounts will be checked again at the next interval");
                return;
            }
            if (state == UserDirectory.AccountState.ENABLED) {
                continue;
            }
            RevocationReason reason = state == UserDirectory.AccountState.DELETED
                    ? RevocationReason.CESSATION_OF_OPERATION : RevocationReason.PRIVILEGE_WITHDRAWN;
            String by = "keycloak-account-" + state.name().toLowerCase();
            for (String serial : holder.getValue()) {
                QuarkusTransaction.requiringNew().run(() -> {
                    IssuedCertificate revoked = ca.revoke(serial, reason, by);
                    audit.record(Actor.system("account-watch"), AuditAction.CERTIFICATE_REVOKE, "certificate", revoked.serial, null,
                            "revoked:" + by);
                });
            }
        }
    }
}
