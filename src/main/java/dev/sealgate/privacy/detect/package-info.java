/**
 * Detection of Chinese personal identifiers in free text, for the privacy filter's {@code redact-pii}
 * operator: resident IDs, unified social credit codes, bank cards, phone numbers (libphonenumber),
 * e-mail addresses, passports, Mainland travel permits and licence plates.
 *
 * <p>Each detector is a plain class named by what it detects; {@link PiiScanner}
 * runs them, resolves overlapping candidates deterministically and redacts the text with typed
 * placeholders. Detectors look at character boundaries: a numeric identifier never starts or ends
 * inside a longer run of digits, and an alphanumeric one never touches a Latin letter or digit.
 * Chinese text may touch any identifier directly.
 */
package dev.sealgate.privacy.detect;
