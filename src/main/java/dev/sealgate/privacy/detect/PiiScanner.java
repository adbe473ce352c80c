package dev.sealgate.privacy.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Finds personal identifiers in a text and replaces them with typed placeholders such as
 * {@code [RESIDENT_ID]} or {@code [MOBILE]}.
 *
 * <h2>Overlaps</h2>
 * Detectors work independently and their candidates may overlap (an e-mail address whose local part is a
 * mobile number, an 18-digit run that is both a resident ID and Luhn-valid). The scanner keeps a set of
 * non-overlapping findings chosen deterministically, one candidate at a time in this order:
 * <ol>
 * <li>the longer span first;</li>
 * <li>at equal length, the more specific type first, in the declaration order of {@link PiiType}
 * (RESIDENT_ID, USCC, BANK_CARD, MOBILE, LANDLINE, PHONE, EMAIL, PASSPORT, TRAVEL_PERMIT,
 * LICENCE_PLATE: the stronger the built-in check, the earlier);</li>
 * <li>then the earlier start.</li>
 * </ol>
 * A candidate is kept if it overlaps no candidate kept before it, otherwise dropped as a whole. The
 * result does not depend on the order of the detectors.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class PiiScanner {

    private static final Comparator<Finding> PRECEDENCE = Comparator.comparingInt(Finding::length).reversed()
            .thenComparing(Finding::type)
            .thenComparingInt(Finding::start);

    private final List<PiiDetector> detectors;

    /** A scanner with every detector of this package. */
    public PiiScanner() {
        this(defaultDetectors());
    }

    /** A scanner with the given detectors only. */
    public PiiScanner(List<? extends PiiDetector> detectors) {
        this.detectors = List.copyOf(detectors);
    }

    /** One instance of each detector of this package. */
    public static List<PiiDetector> defaultDetectors() {
        return List.of(new ResidentIdDetector(), new UnifiedSocialCreditCodeDetector(), new BankCardDetector(),
                new PhoneNumberDetector(), new EmailDetector(), new PassportDetector(), new TravelPermitDetector(),
                new LicencePlateDetector());
    }

    /** The types this scanner can report. */
    public Set<PiiType> types() {
        Set<PiiType> types = EnumSet.noneOf(PiiType.class);
        detectors.forEach(d -> types.addAll(d.types()));
        return types;
    }

    /** The non-overlapping findings in {@code text}, ordered by start. */
    public List<Finding> scan(String text) {
        Objects.requireNonNull(text, "text");
        List<Finding> candidates = new ArrayList<>();
        for (PiiDetector detector : detectors) {
            candidates.addAll(detector.detect(text));
        }
        candidates.sort(PRECEDENCE);
        // Kept findings never overlap, so only the neighbours by start can overlap a candidate.
        TreeMap<Integer, Finding> kept = new TreeMap<>();
        for (Finding candidate : candidates) {
            Map.Entry<Integer, Finding> before = kept.floorEntry(candidate.start());
            Map.Entry<Integer, Finding> after = kept.ceilingEntry(candidate.start());
            if ((before == null || !before.getValue().overlaps(candidate))
                    && (after == null || !after.getValue().overlaps(candidate))) {
                kept.put(candidate.start(), candidate);
            }
        }
        return List.copyOf(kept.values());
    }

    /** {@code text} with each finding of {@link #scan(String)} replaced by its type's placeholder. */
    public String redact(String text) {
        return redact(text, scan(text));
    }

    /**
     * {@code text} with the given findings replaced by their placeholders; the findings must come from
     * {@link #scan(String)} on the same text (non-overlapping, ordered by start).
     */
    public static String redact(String text, List<Finding> findings) {
        StringBuilder out = new StringBuilder(text.length());
        int at = 0;
        for (Finding f : findings) {
            if (f.start() < at || f.end() > text.length()) {
                throw new IllegalArgumentException("findings overlap or lie outside the text: " + f);
            }
            out.append(text, at, f.start()).append(f.type().placeholder());
            at = f.end();
        }
        return out.append(text, at, text.length()).toString();
    }
}
