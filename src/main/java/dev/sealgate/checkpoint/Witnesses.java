package dev.sealgate.checkpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.sealgate.crypto.NoteSignatures;

/** The witnesses whose co-signatures the log accepts ({@code SEALGATE_AUDIT_WITNESSES}: their verifier keys). */
@ApplicationScoped
public class Witnesses {

    private final List<NoteSignatures.Cosigner> known;

    public Witnesses(@ConfigProperty(name = "sealgate.audit.witnesses") Optional<List<String>> vkeys) {
        List<NoteSignatures.Cosigner> parsed = new ArrayList<>();
        for (String vkey : vkeys.orElse(List.of())) {
            if (vkey.isBlank()) {
                continue;
            }
            try {
                parsed.add(NoteSignatures.parseCosignerVkey(vkey));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("SEALGATE_AUDIT_WITNESSES: '" + vkey + "' is not a witness's verifier key ("
                        + e.getMessage() + "); the witness prints its key with 'Witness init'", e);
            }
        }
        this.known = List.copyOf(parsed);
    }

    public List<NoteSignatures.Cosigner> known() {
        return known;
    }

    /** The known witness that signature line {@code name} with key ID {@code keyId} names, if any. */
    public Optional<NoteSignatures.Cosigner> named(String name, int keyId) {
        return known.stream().filter(w -> w.name().equals(name) && w.keyId() == keyId).findFirst();
    }
}
