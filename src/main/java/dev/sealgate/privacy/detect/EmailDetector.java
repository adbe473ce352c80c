package dev.sealgate.privacy.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * E-mail addresses, a pragmatic subset of RFC 5322 {@code addr-spec}:
 * <ul>
 * <li>local part: a dot-atom of ASCII letters, digits and {@code !#$%&*+/=?^_{|}~-} (RFC 5322 atext
 * without the apostrophe and the back-tick, which in running text quote the address rather than belong
 * to it), no leading, trailing or doubled dot, at most 64 characters;</li>
 * <li>domain: two or more LDH labels (letters, digits, inner hyphens, at most 63 characters each)
 * ending in an alphabetic top-level label of two or more letters or an {@code xn--} label;</li>
 * <li>not supported: quoted local parts, comments, IP-literal domains, non-ASCII addresses.</li>
 * </ul>
 * The address may be glued to Chinese text on either side ("邮箱zhang@example.com联系"); a sentence's
 * final full stop is not taken into the domain.
 */
public final class EmailDetector implements PiiDetector {

    private static final String ATEXT = "A-Za-z0-9!#$%&*+/=?^_{|}~\\-";
    private static final String ATOM = "[" + ATEXT + "]+";
    private static final String LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
    private static final String TOP = "(?:[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})";
    private static final Pattern ADDRESS = Pattern.compile("(?<![" + ATEXT + ".])" + ATOM + "(?:\\." + ATOM + ")*@(?:"
            + LABEL + "\\.)+" + TOP + "(?![A-Za-z0-9-])(?!\\.[A-Za-z0-9])");

    @Override
    public Set<PiiType> types() {
        return Set.of(PiiType.EMAIL);
    }

    @Override
    public List<Finding> detect(String text) {
        List<Finding> out = new ArrayList<>();
        RegexScan.collect(ADDRESS, text, text.indexOf('@') < 0 ? -1 : 0, PiiType.EMAIL, EmailDetector::withinLimits,
                out);
        return out;
    }

    private static boolean withinLimits(String address) {
        return address.length() <= 254 && address.indexOf('@') <= 64;
    }
}
