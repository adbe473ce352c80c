package dev.sealgate.identity;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Who a token says the caller is, in SealGate's terms.
 *
 * @param subject    Keycloak subject id ({@code sub})
 * @param username   {@code preferred_username}
 * @param kind       citizen, civil servant, partner or auditor
 * @param roles      the SealGate roles the token carries
 * @param department the department (group attribute), for civil servants
 * @param partnerId  the partner's client id ({@code azp}), for partners
 * @param nationalIdBound for citizens: whether the account carries a national ID
 * @param displayName the person's name as Keycloak has it (for certificates), when the token carries it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "The caller as SealGate sees it")
public record Principal(String subject, String username, PrincipalKind kind, List<String> roles,
        String department, String partnerId, Boolean nationalIdBound, String displayName) {

    /**
     * Maps a verified token's claims and realm roles to a principal, or empty when the token carries
     * none of SealGate's roles. Partners are service accounts and are known by {@code azp}.
     */
    public static Optional<Principal> fromClaims(Map<String, Object> claims, Set<String> realmRoles) {
        List<String> roles = Roles.ALL.stream().filter(realmRoles::contains)
                .sorted(Comparator.naturalOrder()).toList();
        Optional<PrincipalKind> kind = kindOf(realmRoles);
        if (kind.isEmpty()) {
            return Optional.empty();
        }
        String subject = text(claims.get("sub"));
        String username = text(claims.get("preferred_username"));
        return Optional.of(switch (kind.get()) {
            case PARTNER -> new Principal(subject, username, PrincipalKind.PARTNER, roles, null, text(claims.get("azp")), null,
                    null);
            case CITIZEN -> new Principal(subject, username, PrincipalKind.CITIZEN, roles, null, null,
                    text(claims.get("national_id")) != null, text(claims.get("name")));
            default -> new Principal(subject, username, kind.get(), roles, text(claims.get("department")), null, null,
                    text(claims.get("name")));
        });
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    static Optional<PrincipalKind> kindOf(Set<String> realmRoles) {
        if (realmRoles.contains(Roles.PARTNER)) {
            return Optional.of(PrincipalKind.PARTNER);
        }
        if (realmRoles.contains(Roles.AUDITOR)) {
            return Optional.of(PrincipalKind.AUDITOR);
        }
        if (realmRoles.contains(Roles.CIVIL_SERVANT)) {
            return Optional.of(PrincipalKind.CIVIL_SERVANT);
        }
        if (realmRoles.contains(Roles.CITIZEN)) {
            return Optional.of(PrincipalKind.CITIZEN);
        }
        return Optional.empty();
    }

    private static String text(Object claim) {
        if (claim == null) {
            return null;
        }
        String value = claim instanceof jakarta.json.JsonString json ? json.getString() : claim.toString();
        return value.isBlank() ? null : value;
    }
}
