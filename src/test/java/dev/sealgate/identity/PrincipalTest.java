package dev.sealgate.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Fast unit tier: the mapping from verified claims to a principal. */
class PrincipalTest {

    @Test
    void partnerRoleWinsAndIsIdentifiedByAzp() {
        Principal p = Principal.fromClaims(Map.of("sub", "s", "azp", "partner-tax-bureau",
                "preferred_username", "service-account-partner-tax-bureau"), Set.of("partner", "default-roles-egov")).orElseThrow();
        assertEquals(PrincipalKind.PARTNER, p.kind());
        assertEquals("partner-tax-bureau", p.partnerId());
        assertEquals(List.of("partner"), p.roles());
        assertNull(p.nationalIdBound());
    }

    @Test
    void auditorBeforeCivilServantBeforeCitizen() {
        assertEquals(PrincipalKind.AUDITOR, Principal.fromClaims(Map.of("sub", "s"),
                Set.of("auditor", "civil-servant", "citizen")).orElseThrow().kind());
        assertEquals(PrincipalKind.CIVIL_SERVANT, Principal.fromClaims(Map.of("sub", "s", "department", "tax"),
                Set.of("civil-servant", "citizen")).orElseThrow().kind());
    }

    @Test
    void citizenNationalIdIsReportedOnlyAsBound() {
        Principal bound = Principal.fromClaims(Map.of("sub", "s", "national_id", "11010519491231002X"), Set.of("citizen")).orElseThrow();
        assertTrue(bound.nationalIdBound());
        assertFalse(bound.toString().contains("11010519491231002X"));
        assertFalse(Principal.fromClaims(Map.of("sub", "s", "national_id", " "), Set.of("citizen")).orElseThrow().nationalIdBound());
    }

    @Test
    void noSealgateRoleMeansNoPrincipal() {
        assertTrue(Principal.fromClaims(Map.of("sub", "s"), Set.of("offline_access", "uma_authorization")).isEmpty());
    }
}
