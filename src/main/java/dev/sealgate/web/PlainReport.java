package dev.sealgate.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

import dev.sealgate.verification.Indication;
import dev.sealgate.verification.SubIndication;
import dev.sealgate.verification.ValidationReport;
import dev.sealgate.verification.ValidationReport.Message;
import dev.sealgate.verification.ValidationReport.SignatureReport;

/** A validation report told in plain words for the public page. */
public record PlainReport(String verdict, String headline, String summary, String format, String checkedAt,
        List<Signature> signatures) {

    /** One signature: who, when, how sure, and what is wrong with it if anything. */
    public record Signature(int number, String verdict, String headline, String signer, String organisation,
            String certificateIssuer, String time, String timeSource, String level, String seal, String sealPicture,
            List<String> problems, List<String> notes) {
    }

    private static final Map<SubIndication, String> REASONS = Map.ofEntries(
            Map.entry(SubIndication.HASH_FAILURE, "The document was changed after it was signed, or it is not the document that was signed."),
            Map.entry(SubIndication.SIG_CRYPTO_FAILURE, "The signature value is damaged or was not made with the signer's key."),
            Map.entry(SubIndication.REVOKED, "The signer's certificate had been revoked before the signature was made."),
            Map.entry(SubIndication.REVOKED_NO_POE, "The signer's certificate has been revoked and nothing proves the signature was made before that."),
            Map.entry(SubIndication.REVOKED_CA_NO_POE, "A certificate authority above the signer has been revoked."),
            Map.entry(SubIndication.NO_CERTIFICATE_CHAIN_FOUND, "The signer's certificate does not lead to an authority this service trusts."),
            Map.entry(SubIndication.CERTIFICATE_CHAIN_GENERAL_FAILURE, "The signer's certificate could not be checked against its authority."),
            Map.entry(SubIndication.OUT_OF_BOUNDS_NO_POE, "The signer's certificate was expired or not yet valid, and nothing proves when the signature was made."),
            Map.entry(SubIndication.OUT_OF_BOUNDS_NOT_REVOKED, "The signer's certificate has expired, and nothing proves the signature was made while it was valid."),
            Map.entry(SubIndication.TRY_LATER, "Whether the signer's certificate was revoked could not be found out now. Try again later."),
            Map.entry(SubIndication.FORMAT_FAILURE, "The signature is malformed."),
            Map.entry(SubIndication.SIGNED_DATA_NOT_FOUND, "This is a separate (detached) signature: upload the signed document as well."),
            Map.entry(SubIndication.NO_SIGNING_CERTIFICATE_FOUND, "The signature does not say which certificate made it."),
            Map.entry(SubIndication.SIG_CONSTRAINTS_FAILURE, "The signature does not meet the validation policy (its level or its algorithms)."),
            Map.entry(SubIndication.CRYPTO_CONSTRAINTS_FAILURE_NO_POE, "The signature uses an algorithm or key size that is no longer accepted."));

    static PlainReport of(ValidationReport report) {
        List<Signature> signatures = new ArrayList<>();
        for (SignatureReport s : report.signatures()) {
            signatures.add(signature(s));
        }
        int count = signatures.size();
        String headline;
        String summary;
        if (count == 0) {
            headline = "No signature found";
            summary = "This file carries no electronic signature, so nothing about who issued it can be confirmed.";
        } else {
            String all = count == 1 ? "The signature" : "All " + count + " signatures";
            String some = count == 1 ? "The signature" : "At least one of the " + count + " signatures";
            headline = switch (report.indication()) {
                case TOTAL_PASSED -> "Valid";
                case INDETERMINATE -> "Could not be confirmed";
                default -> "Not valid";
            };
            summary = switch (report.indication()) {
                case TOTAL_PASSED -> all + " on this " + report.documentFormat() + " document "
                        + (count == 1 ? "is intact and was made with a certificate that was" : "are intact and were made with certificates that were")
                        + " valid and trusted at the time.";
                case INDETERMINATE -> some + " could not be confirmed. Do not rely on the document until the reason below is resolved.";
                default -> some + " failed. Do not rely on this document.";
            };
        }
        return new PlainReport(count == 0 ? "failed" : verdictClass(report.indication()), headline, summary,
                report.documentFormat(), readable(report.validationTime()), signatures);
    }

    private static Signature signature(SignatureReport s) {
        Map<String, String> subject = s.signer() == null ? Map.of() : names(s.signer().subject());
        Map<String, String> issuer = s.signer() == null ? Map.of() : names(s.signer().issuer());
        boolean timeStamped = s.timestamps() != null && s.timestamps().stream().anyMatch(t -> t.indication() == Indication.TOTAL_PASSED);
        String time = readable(timeStamped ? s.bestSignatureTime() : s.claimedSigningTime());
        String timeSource = timeStamped ? "proven by a time-stamp" : time == null ? null : "as claimed by the signer (no time-stamp)";
        List<String> problems = new ArrayList<>();
        if (s.subIndication() != null) {
            problems.add(REASONS.getOrDefault(s.subIndication(), "The check ended with " + s.subIndication() + "."));
        }
        texts(s.errors(), problems);
        List<String> notes = new ArrayList<>();
        texts(s.warnings(), notes);
        String headline = switch (s.indication()) {
            case TOTAL_PASSED -> "Valid";
            case INDETERMINATE -> "Could not be confirmed";
            default -> "Not valid";
        };
        String organisation = subject.getOrDefault("O", null);
        if (s.signer() != null && s.signer().department() != null) {
            organisation = organisation == null ? s.signer().department() : organisation + " (" + s.signer().department() + ")";
        }
        boolean ofd = "OFD".equals(s.format());
        String seal = null;
        String picture = null;
        if (s.seal() != null) {
            seal = s.seal().name() + " (" + (s.seal().type() == 1 ? "official seal" : "seal type " + s.seal().type()) + ", ID "
                    + s.seal().id() + (s.seal().maker() == null ? "" : ", made by " + names(s.seal().maker()).getOrDefault("CN", s.seal().maker()))
                    + ")";
            // only pictures, and only as data: URIs the page's policy admits
            picture = s.seal().picture() != null && s.seal().picture().startsWith("data:image/") && !s.seal().picture().startsWith("data:image/svg")
                    ? s.seal().picture() : null;
        }
        return new Signature(s.number(), verdictClass(s.indication()), headline, subject.getOrDefault("CN", null), organisation,
                issuer.getOrDefault("CN", null), time, timeSource, s.level() == null || ofd ? null : s.level().label(), seal, picture,
                problems, notes);
    }

    private static final java.time.format.DateTimeFormatter READABLE = java.time.format.DateTimeFormatter
            .ofPattern("d MMMM uuuu, HH:mm:ss 'UTC'", java.util.Locale.ENGLISH).withZone(java.time.ZoneOffset.UTC);

    /** An ISO-8601 instant as a person reads it: 25 November 2026, 16:43:08 UTC. */
    private static String readable(String instant) {
        return instant == null ? null : READABLE.format(java.time.Instant.parse(instant));
    }

    private static void texts(List<Message> messages, List<String> into) {
        if (messages != null) {
            messages.stream().map(Message::text).filter(t -> t != null && !into.contains(t)).forEach(into::add);
        }
    }

    private static String verdictClass(Indication indication) {
        return switch (indication) {
            case TOTAL_PASSED -> "passed";
            case INDETERMINATE -> "indeterminate";
            default -> "failed";
        };
    }

    /** The attributes of a distinguished name by type; a name that does not parse shows nothing. */
    private static Map<String, String> names(String distinguishedName) {
        if (distinguishedName == null) {
            return Map.of();
        }
        try {
            Map<String, String> names = new java.util.HashMap<>();
            for (Rdn rdn : new LdapName(distinguishedName).getRdns()) {
                names.putIfAbsent(rdn.getType().toUpperCase(java.util.Locale.ROOT), String.valueOf(rdn.getValue()));
            }
            return names;
        } catch (InvalidNameException e) {
            return Map.of();
        }
    }
}
