package dev.sealgate.sharing;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;

import dev.sealgate.audit.AuditEntry;
import dev.sealgate.checkpoint.ProofAccess;
import dev.sealgate.identity.Principal;
import dev.sealgate.identity.PrincipalKind;
import dev.sealgate.identity.ResidentId;
import dev.sealgate.privacy.PrivacyGate;

/** A citizen may read the audit entry of a release of their data, once the release is visible to them. */
@ApplicationScoped
public class DisclosureProofAccess implements ProofAccess {

    @Inject
    JsonWebToken token;

    @Inject
    PrivacyGate gate;

    @Override
    public boolean mayRead(Principal caller, AuditEntry entry) {
        if (caller.kind() != PrincipalKind.CITIZEN || !"disclosure".equals(entry.objectType) || entry.objectId == null) {
            return false;
        }
        String nationalId = DisclosureResource.nationalId(token);
        if (!ResidentId.isValid(nationalId)) {
            return false;
        }
        Disclosure disclosure = Disclosure.findById(entry.objectId);
        return disclosure != null && disclosure.subjectKey.equals(gate.subjectKey(nationalId))
                && (disclosure.hiddenUntil == null || !disclosure.hiddenUntil.isAfter(Instant.now()));
    }
}
