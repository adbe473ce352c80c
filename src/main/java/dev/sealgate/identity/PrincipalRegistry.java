package dev.sealgate.identity;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Keeps the {@code principal} table in step with the identities that call the API. Writes only
 * when a subject is new or its username, kind or department changed, so a steady caller costs a
 * map lookup. A failed write never fails the caller's request: it is retried on the next one.
 */
@ApplicationScoped
public class PrincipalRegistry {

    private static final Logger LOG = Logger.getLogger(PrincipalRegistry.class);

    private final Map<String, String> recorded = new ConcurrentHashMap<>();

    public void register(Principal principal) {
        if (principal.subject() == null) {
            return;
        }
        String fingerprint = principal.username() + '|' + principal.kind() + '|' + principal.department();
        if (fingerprint.equals(recorded.get(principal.subject()))) {
            return;
        }
        try {
            QuarkusTransaction.requiringNew().run(() -> upsert(principal));
            recorded.put(principal.subject(), fingerprint);
        } catch (RuntimeException e) {
            LOG.warnf("Could not record principal of kind %s: %s", principal.kind().label(), e.getClass().getSimpleName());
        }
    }

    private static void upsert(Principal principal) {
        Instant now = Instant.now();
        KnownPrincipal known = KnownPrincipal.findBySubject(principal.subject());
        if (known == null) {
            known = new KnownPrincipal();
            known.subject = principal.subject();
            known.firstSeen = now;
        } else if (Objects.equals(known.username, principal.username()) && known.kind == principal.kind()
                && Objects.equals(known.department, principal.department())) {
            return;
        }
        known.username = principal.username() == null ? principal.subject() : principal.username();
        known.kind = principal.kind();
        known.department = principal.department();
        known.lastChanged = now;
        known.persist();
    }
}
