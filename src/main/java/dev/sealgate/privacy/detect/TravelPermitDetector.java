package dev.sealgate.privacy.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Mainland travel permits for Hong Kong and Macao residents (港澳居民来往内地通行证): {@code H} (Hong
 * Kong) or {@code M} (Macao) and 8 digits, optionally followed by the 2-digit issue count. Upper case; no
 * Latin letter or digit may touch the number on either side.
 */
public final class TravelPermitDetector implements PiiDetector {

    private static final Pattern PERMIT = Pattern.compile(
            "(?<![" + RegexScan.ALNUM + "])[HM][0-9]{8}(?:[0-9]{2})?(?![" + RegexScan.ALNUM + "])");

    @Override
    public Set<PiiType> types() {
        return Set.of(PiiType.TRAVEL_PERMIT);
    }

    @Override
    public List<Finding> detect(String text) {
        List<Finding> out = new ArrayList<>();
        RegexScan.collect(PERMIT, text, RegexScan.firstAlnumRun(text, 9, 11, "HM"), PiiType.TRAVEL_PERMIT, c -> true,
                out);
        return out;
    }
}
