package dev.sealgate.formats;

import java.nio.file.Path;

import dev.sealgate.crypto.DocumentDigest;

/**
 * One signature to extend (EN 319 122-1 / 319 142-1 augmentation), already validated: the upload, the detached
 * content (or null), the level it has and the level asked, the upload's digest, and the service's part.
 */
public record Extending(Path signed, Path original, BaselineLevel current, BaselineLevel target, DocumentDigest digest,
        SigningServices services) {
}
