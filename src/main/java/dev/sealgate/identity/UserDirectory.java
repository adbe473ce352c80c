package dev.sealgate.identity;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.UserRepresentation;

import dev.sealgate.support.ProblemException;
import dev.sealgate.support.ProblemType;

/** Looks users up in Keycloak through the gateway's own service account. */
@ApplicationScoped
public class UserDirectory {

    private static final Logger LOG = Logger.getLogger(UserDirectory.class);

    @Inject
    Keycloak keycloak;

    @ConfigProperty(name = "sealgate.realm")
    String realm;

    /** Users whose {@code nationalId} attribute equals the given, already validated, ID. */
    public List<DirectoryUser> findByNationalId(String nationalId) {
        try {
            return keycloak.realm(realm).users()
                    .searchByAttributes(0, 10, null, false, "nationalId:" + nationalId)
                    .stream()
                    .filter(u -> hasNationalId(u, nationalId))
                    .map(u -> new DirectoryUser(u.getId(), u.getUsername(), Boolean.TRUE.equals(u.isEnabled())))
                    .toList();
        } catch (ProcessingException | WebApplicationException e) {
            LOG.warnf("Keycloak admin API call failed: %s", e.getClass().getSimpleName());
            throw new ProblemException(ProblemType.IDENTITY_PROVIDER_UNAVAILABLE,
                    "The identity provider did not answer the directory lookup; try again shortly.", 5, e);
        }
    }

    /** Whether a Keycloak user still exists and is enabled. */
    public enum AccountState { ENABLED, DISABLED, DELETED }

    public AccountState accountState(String userId) {
        try {
            UserRepresentation user = keycloak.realm(realm).users().get(userId).toRepresentation();
            return Boolean.TRUE.equals(user.isEnabled()) ? AccountState.ENABLED : AccountState.DISABLED;
        } catch (WebApplicationException e) {
            if (e.getResponse() != null && e.getResponse().getStatus() == 404) {
                return AccountState.DELETED;
            }
            throw new ProblemException(ProblemType.IDENTITY_PROVIDER_UNAVAILABLE,
                    "The identity provider did not answer the account lookup.", 5, e);
        } catch (ProcessingException e) {
            throw new ProblemException(ProblemType.IDENTITY_PROVIDER_UNAVAILABLE,
                    "The identity provider did not answer the account lookup.", 5, e);
        }
    }

    private static boolean hasNationalId(UserRepresentation user, String nationalId) {
        // the admin API's attribute query is not guaranteed to be exact: check the value itself
        return user.getAttributes() != null
                && user.getAttributes().getOrDefault("nationalId", List.of()).contains(nationalId);
    }
}
