package dev.sealgate.privacy.detect;

/**
 * The kinds of personal identifier the scanner finds, each with the typed placeholder that replaces it.
 *
 * <p>The declaration order is the specificity order used to break ties between candidates of the same
 * span length (see {@link PiiScanner}): identifiers with the strongest internal checks come first.
 */
public enum PiiType {

    /** Resident identity number, 18 characters (GB 11643) or 15-digit legacy form: check, date, province. */
    RESIDENT_ID,
    /** Unified social credit code (GB 32100-2015): mod 31 check character. */
    USCC,
    /** Bank card number, 16-19 digits: Luhn. */
    BANK_CARD,
    /** Mainland China mobile number, validated by libphonenumber. */
    MOBILE,
    /** Mainland China fixed-line number, validated by libphonenumber. */
    LANDLINE,
    /** Any other valid phone number: other countries, and Chinese service numbers (400, 800, ...). */
    PHONE,
    /** E-mail address. */
    EMAIL,
    /** Chinese ordinary passport number. */
    PASSPORT,
    /** Mainland travel permit for Hong Kong and Macao residents. */
    TRAVEL_PERMIT,
    /** Mainland China vehicle licence plate. */
    LICENCE_PLATE;

    /** The text that replaces a finding of this type, e.g. {@code [RESIDENT_ID]}. */
    public String placeholder() {
        return "[" + name() + "]";
    }
}
