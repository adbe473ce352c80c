package dev.sealgate.identity;

import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;

import dev.sealgate.support.ProblemException;
import dev.sealgate.support.ProblemType;
import io.quarkus.security.identity.SecurityIdentity;

/** Resolves the authenticated caller of the current request into a {@link Principal} and registers it. */
@RequestScoped
public class CallerResolver {

    @Inject
    SecurityIdentity identity;

    @Inject
    JsonWebToken token;

    @Inject
    PrincipalRegistry registry;

    private Principal resolved;

    /** The OAuth client the caller's token was issued to ({@code azp}). */
    public String clientId() {
        Object azp = token.getClaim("azp");
        return azp == null ? null : azp.toString().replace("\"", "");
    }

    public Principal current() {
        if (resolved == null) {
            Map<String, Object> claims = new HashMap<>();
            for (String name : token.getClaimNames()) {
                claims.put(name, token.getClaim(name));
            }
            resolved = Principal.fromClaims(claims, identity.getRoles())
                    .orElseThrow(() -> new ProblemException(ProblemType.FORBIDDEN,
                            "The token carries none of SealGate's roles (citizen, civil-servant, partner, auditor)."));
            registry.register(resolved);
        }
        return resolved;
    }
}
