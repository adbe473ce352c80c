package dev.sealgate.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;

import dev.sealgate.support.DeniedAttempt;

/**
 * Writes a refused request (401 or 403), as the problem mapping announces it, to the audit log in a
 * transaction of its own: the action it attempted did not happen, but the attempt did.
 */
@ApplicationScoped
public class DeniedAttempts {

    private static final Logger LOG = Logger.getLogger(DeniedAttempts.class);

    @Inject
    AuditLog audit;

    void record(@Observes DeniedAttempt attempt) {
        Actor actor = attempt.anonymous() ? Actor.anonymous() : new Actor(attempt.subject(), attempt.username(), attempt.client());
        try {
            QuarkusTransaction.requiringNew().run(() -> audit.recordDenied(actor, attempt.action()));
        } catch (RuntimeException e) {
            LOG.warnf("A denied attempt (%s) could not be written to the audit log: %s", attempt.action(), e.getClass().getName());
        }
    }
}
