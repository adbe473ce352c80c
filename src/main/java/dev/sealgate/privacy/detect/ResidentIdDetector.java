package dev.sealgate.privacy.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import dev.sealgate.identity.ResidentId;

/**
 * Resident identity numbers: the 18-character form of GB 11643 (17 digits and a check digit or
 * {@code X}) and the 15-digit legacy form, both checked by {@link ResidentId} (province code, real birth
 * date, and for the 18-character form the MOD 11-2 check character).
 *
 * <p>A candidate is a whole run of digits: no digit may stand right before or after it, so an ID is never
 * found inside a longer number such as a 19-digit card. Letters and other characters around it are fine
 * ("身份证号110105...", "ID:110105...").
 */
public final class ResidentIdDetector implements PiiDetector {

    private static final Pattern ID18 = Pattern.compile("(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])");
    private static final Pattern ID15 = Pattern.compile("(?<![0-9])[0-9]{15}(?![0-9])");

    @Override
    public Set<PiiType> types() {
        return Set.of(PiiType.RESIDENT_ID);
    }

    @Override
    public List<Finding> detect(String text) {
        List<Finding> out = new ArrayList<>();
        int from = RegexScan.firstDigitRun(text, 15, Integer.MAX_VALUE);
        RegexScan.collect(ID18, text, from, PiiType.RESIDENT_ID, ResidentId::isValid, out);
        RegexScan.collect(ID15, text, from, PiiType.RESIDENT_ID, ResidentId::isValidLegacy, out);
        return out;
    }
}
