package dev.sealgate.formats.ofd;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.sealgate.formats.FormatFindings;

/**
 * What an OFD package adds to the validation of one of its signatures: the files it protects (GB/T 38540 7.2: each
 * reference's digest is checked before the signature) and those it does not.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "OfdFindings", extensions = @Extension(name = "x-sealgate-format-findings", value = "true"))
public record OfdFindings(@Schema(description = "For OFD: what the signature protects of the package") OfdCoverage ofd)
        implements FormatFindings {

    @Override
    public String changedContent() {
        return ofd == null || ofd.changedFiles() == null ? null : "Files this signature protects changed, are missing, or are not what it signed: "
                + String.join(", ", ofd.changedFiles()) + ".";
    }

    /** An OFD seal's stated time is judged against the seal's own validity and the signer's certificate at the best signature time, as GB/T 38540 verifies it. */
    @Override
    public boolean claimedTimeWithinCertificate() {
        return false;
    }

    /** GB/T 38540 has no AdES levels. */
    @Override
    public boolean baselineLevels() {
        return false;
    }

    @Override
    public List<Note> warnings() {
        return ofd == null || ofd.unprotectedFiles() == null ? List.of() : List.of(new Note("UNPROTECTED_FILES", "Files of the package this"
                + " signature does not protect (added or replaced after signing, or left out by the signer): "
                + String.join(", ", ofd.unprotectedFiles()) + "."));
    }
}
