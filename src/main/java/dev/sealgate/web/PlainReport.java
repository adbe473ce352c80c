package dev.sealgate.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

import dev.sealgate.verification.report.Indication;
import dev.sealgate.verification.report.ValidationReport.Message;
import dev.sealgate.verification.report.ValidationReport.SignatureReport;
import dev.sealgate.verification.report.ValidationReport;

/** A validation report told in plain words for the public page. */
public record PlainReport(String verdict, String headline, String summary, String format, String checkedAt,
        List<Signature> signatures) {

    /** One signature: who, when, how sure, and what is wrong with it if anything. */
    public record Signature(int number, String verdict, String headline, String signer, String organisation,
            String certificateIssuer, String time, String timeSource, String level, String seal, String sealPicture,
            List<String> problems, List<String> notes) {
    }

    /** The reader's words for a verdict, the same on the page, in its headline and per signature. */
    static String verdictWord(Indication indication, Language t) {
        return indication.words(t.chinese());
    }

    static PlainReport of(ValidationReport report, Language t) {
        List<Signature> signatures = new ArrayList<>();
        for (SignatureReport s : report.signatures()) {
            signatures.add(signature(s, t));
        }
        int count = signatures.size();
        String headline;
        String summary;
        if (count == 0) {
            headline = t.get("noSignature");
            summary = t.get("noSignatureSummary");
        } else {
            String all = count == 1 ? t.get("theSignature") : t.format("allSignatures", count);
            String some = count == 1 ? t.get("theSignature") : t.format("someSignature", count);
            headline = verdictWord(report.indication(), t);
            summary = switch (report.indication()) {
                case TOTAL_PASSED -> t.format(count == 1 ? "summaryValidOne" : "summaryValidMany", all, report.documentFormat());
                case INDETERMINATE -> t.format("summaryIndeterminate", some);
                default -> t.format("summaryFailed", some);
            };
        }
        return new PlainReport(count == 0 ? "failed" : verdictClass(report.indication()), headline, summary,
                report.documentFormat(), t.date(java.time.Instant.parse(report.validationTime())), signatures);
    }

    private static Signature signature(SignatureReport s, Language t) {
        Map<String, String> subject = s.signer() == null ? Map.of() : names(s.signer().subject());
        Map<String, String> issuer = s.signer() == null ? Map.of() : names(s.signer().issuer());
        boolean timeStamped = s.timestamps() != null && s.timestamps().stream().anyMatch(ts -> ts.indication() == Indication.TOTAL_PASSED);
        String at = timeStamped ? s.bestSignatureTime() : s.claimedSigningTime();
        String time = at == null ? null : t.date(java.time.Instant.parse(at));
        String timeSource = timeStamped ? t.get("provenByTimeStamp") : time == null ? null : t.get("claimedBySigner");
        List<String> problems = new ArrayList<>();
        if (s.subIndication() != null) {
            String key = s.subIndication().name();
            String words = t.find(key);
            problems.add(words != null ? words : t.format("endedWith", s.subIndication()));
        }
        texts(s.errors(), problems, t);
        List<String> notes = new ArrayList<>();
        texts(s.warnings(), notes, t);
        String headline = t.format("signatureNumber", s.number(), verdictWord(s.indication(), t));
        String organisation = subject.getOrDefault("O", null);
        if (s.signer() != null && s.signer().department() != null) {
            organisation = organisation == null ? s.signer().department() : organisation + " (" + s.signer().department() + ")";
        }
        // a format without AdES levels (a GB/T 38540 seal) shows none
        boolean levels = s.details() == null || s.details().baselineLevels();
        String seal = null;
        String picture = null;
        if (s.seal() != null) {
            String type = s.seal().type() == 1 ? t.get("officialSeal") : t.format("sealType", s.seal().type());
            String maker = s.seal().maker() == null ? "" : t.format("sealMaker", names(s.seal().maker()).getOrDefault("CN", s.seal().maker()));
            seal = t.format("sealDescription", s.seal().name(), type, s.seal().id(), maker);
            // only pictures, and only as data: URIs the page's policy admits
            picture = s.seal().picture() != null && s.seal().picture().startsWith("data:image/") && !s.seal().picture().startsWith("data:image/svg")
                    ? s.seal().picture() : null;
        }
        return new Signature(s.number(), verdictClass(s.indication()), headline, subject.getOrDefault("CN", null), organisation,
                issuer.getOrDefault("CN", null), time, timeSource, s.level() == null || !levels ? null : s.level().label(), seal, picture,
                problems, notes);
    }

    /**
     * The engine's findings: in Chinese, the plain words for each finding's code (the engine's own text,
     * with its particulars, is English and stays in the JSON and PDF reports); in English, that text.
     */
    private static void texts(List<Message> messages, List<String> into, Language t) {
        if (messages == null) {
            return;
        }
        for (Message message : messages) {
            String words = t.chinese() && message.code() != null ? t.find("msg." + message.code()) : null;
            String text = words != null ? words : message.text();
            if (text != null && !into.contains(text)) {
                into.add(text);
            }
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
