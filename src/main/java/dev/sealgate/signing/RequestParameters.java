package dev.sealgate.signing;

import java.util.Locale;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.sealgate.formats.BaselineLevel;
import dev.sealgate.formats.DocumentFormat;
import dev.sealgate.formats.DocumentFormats;
import dev.sealgate.formats.SignatureFormat;
import dev.sealgate.formats.SignatureRequest;
import dev.sealgate.support.ProblemException;
import dev.sealgate.support.ProblemType;

/**
 * A signing request's query parameters, parsed and checked against what the format's plug-in makes: the same for a
 * request signed at once and for one kept for a custodian's approval ({@link #options}, {@link #fromOptions}).
 */
@ApplicationScoped
public class RequestParameters {

    @Inject
    DocumentFormats formats;

    SignatureRequest parse(String format, String packaging, String level, String key, String contentType,
            String disposition) {
        String media = contentType == null ? "" : contentType.strip().toLowerCase(java.util.Locale.ROOT);
        if (media.startsWith("multipart/") || media.startsWith("application/x-www-form-urlencoded")) {
            // the document is the request body itself; a form's body is read as its parts, and nothing would reach the signer
            throw new ProblemException(ProblemType.UNSUPPORTED_MEDIA_TYPE, "Send the document itself as the request body, with its own"
                    + " Content-Type (e.g. application/pdf, application/json), not as a form.");
        }
        DocumentFormat plugin = format == null ? formats.forMediaType(contentType)
                : formats.of(parseEnum(SignatureFormat.Format.class, format, "format", formats.all().stream()
                        .map(f -> f.id().name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")).replaceFirst(", ([^,]*)$", " or $1")));
        SignatureFormat.Format f = plugin.id();
        SignatureFormat.Packaging p = packaging == null ? plugin.defaultPackaging()
                : parseEnum(SignatureFormat.Packaging.class, packaging, "packaging", "detached, enveloping or enveloped");
        BaselineLevel l = level == null ? BaselineLevel.B_B : BaselineLevel.of(level);
        if (l == null) {
            throw new ProblemException(ProblemType.UNSUPPORTED_SIGNATURE_PARAMETERS, "level must be B-B, B-T, B-LT or B-LTA.");
        }
        SignatureFormat.KeyKind k = key == null ? SignatureFormat.KeyKind.PERSONAL
                : parseEnum(SignatureFormat.KeyKind.class, key, "key", "personal or seal");
        String refusal = plugin.refusal(p, l, k);
        if (refusal != null) {
            throw new ProblemException(ProblemType.UNSUPPORTED_SIGNATURE_PARAMETERS, refusal);
        }
        return new SignatureRequest(f, p, l, k, documentName(disposition), contentType);
    }

    /**
     * Where a visible PAdES signature or an OFD seal goes (and which seal): {@code appearance=visible} and
     * {@code width} go with PAdES, {@code seal} with an OFD seal, {@code page}, {@code x}, {@code y} with either.
     */
    SignatureRequest withPlacement(SignatureRequest request, String appearance, String seal, String page, String x, String y,
            String width) {
        boolean visible = false;
        if (appearance != null) {
            String a = appearance.trim().toLowerCase(Locale.ROOT);
            if (!a.equals("visible") && !a.equals("invisible")) {
                throw new ProblemException(ProblemType.UNSUPPORTED_SIGNATURE_PARAMETERS, "appearance must be visible or invisible.");
            }
            visible = a.equals("visible");
            if (!formats.of(request.format()).optionallyVisible()) {
                throw new ProblemException(ProblemType.UNSUPPORTED_SIGNATURE_PARAMETERS,
                        "appearance goes with format=pades (an OFD seal is always visible; an OFD signature never).");
            }
        }
        DocumentFormat format = formats.of(request.format());
        boolean sealed = format.alwaysVisible(request.keyKind());
        if ((page != null || x != null || y != null) && !sealed && !visible) {
            throw new ProblemException(ProblemType.UNSUPPORTED_SIGNATURE_PARAMETERS,
                    "page, x and y place a visible signature (format=pades&appearance=visible) or an electronic seal (format=ofd&key=seal).");
        }
        if (seal != null && format.keyUse(request.keyKind()) != DocumentFormat.KeyUse.ELECTRONIC_SEAL) {
            throw new ProblemException(ProblemType.UNSUPPORTED_SIGNATURE_PARAMETERS, "seal chooses an electronic seal: it goes with format=ofd and key=seal.");
        }
        if (width != null && !visible) {
            throw new ProblemException(ProblemType.UNSUPPORTED_SIGNATURE_PARAMETERS, "width goes with format=pades&appearance=visible.");
        }
        Integer pageNumber = page == null ? null : (int) number(page, "page", 1, 100_000);
        Double left = x == null ? null : number(x, "x", 0, 10_000);
        Double top = y == null ? null : number(y, "y", 0, 10_000);
        Double w = width == null ? null : number(width, "width", 20, 300);
        if (pageNumber != null && pageNumber.doubleValue() != Double.parseDouble(page.trim())) {
            throw new ProblemException(ProblemType.INVALID_PARAMETER, "page must be a whole number.");
        }
        if (!visible && !sealed) {
            return request;
        }
        return new SignatureRequest(request.format(), request.packaging(), request.level(), request.keyKind(), request.documentName(),
                request.documentType(), seal == null ? null : seal.trim(), new SignatureRequest.Placement(pageNumber, left, top, w));
    }

    /** The request's resolved format, packaging, level and key, and its placement parameters, as a query string. */
    static String options(SignatureRequest request, String appearance, String seal, String page, String x, String y, String width) {
        java.util.Map<String, String> options = new java.util.LinkedHashMap<>();
        options.put("format", request.format().name().toLowerCase(Locale.ROOT));
        options.put("packaging", request.packaging().name().toLowerCase(Locale.ROOT));
        options.put("level", request.level().label());
        options.put("key", request.keyKind().name().toLowerCase(Locale.ROOT));
        options.put("appearance", appearance);
        options.put("seal", seal);
        options.put("page", page);
        options.put("x", x);
        options.put("y", y);
        options.put("width", width);
        return options.entrySet().stream().filter(e -> e.getValue() != null)
                .map(e -> e.getKey() + "=" + java.net.URLEncoder.encode(e.getValue().trim(), java.nio.charset.StandardCharsets.UTF_8))
                .collect(java.util.stream.Collectors.joining("&"));
    }

    /** The request {@link #options} describe, parsed and checked as when it was made. */
    SignatureRequest fromOptions(String options, String documentName, String documentType) {
        java.util.Map<String, String> o = new java.util.HashMap<>();
        for (String pair : options.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                o.put(pair.substring(0, eq), java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        SignatureRequest parsed = withPlacement(parse(o.get("format"), o.get("packaging"), o.get("level"), o.get("key"), documentType, null),
                o.get("appearance"), o.get("seal"), o.get("page"), o.get("x"), o.get("y"), o.get("width"));
        return new SignatureRequest(parsed.format(), parsed.packaging(), parsed.level(), parsed.keyKind(), documentName, documentType,
                parsed.sealId(), parsed.mark());
    }

    private static double number(String text, String name, double min, double max) {
        double value;
        try {
            value = Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            value = Double.NaN;
        }
        if (!(value >= min && value <= max)) {
            throw new ProblemException(ProblemType.INVALID_PARAMETER, name + " must be a number from " + (long) min + " to " + (long) max + ".");
        }
        return value;
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> type, String value, String name, String allowed) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemType.UNSUPPORTED_SIGNATURE_PARAMETERS, name + " must be " + allowed + ".");
        }
    }

    private static String documentName(String disposition) {
        if (disposition == null) {
            return null;
        }
        var matcher = java.util.regex.Pattern.compile("filename=\"?([^\";]+)\"?").matcher(disposition);
        if (!matcher.find()) {
            return null;
        }
        String name = matcher.group(1).replaceAll("[\\p{Cntrl}/\\\\]", "_").trim();
        return name.length() > 255 ? name.substring(0, 255) : name;
    }
}
