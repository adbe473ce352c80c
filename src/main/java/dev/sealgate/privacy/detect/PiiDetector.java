package dev.sealgate.privacy.detect;

import java.util.List;
import java.util.Set;

/**
 * Finds one family of identifiers in a text. Implementations are stateless and thread-safe; their
 * findings may overlap each other and those of other detectors ({@link PiiScanner} resolves that).
 */
public interface PiiDetector {

    /** The types this detector can report. */
    Set<PiiType> types();

    /** Every candidate in {@code text} that passes this detector's checks, in no particular order. */
    List<Finding> detect(String text);
}
