package dev.sealgate.formats.ofd;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The electronic seal an OFD signature carries, as a reader of the report needs it: which seal, who
 * made it, when it was valid, and the two things the seal decides about the signature.
 *
 * @param signerListed   whether the signer's certificate is among those the seal allows to use it
 * @param validAtSigning whether the signature's stated time lies within the seal's validity
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Seal", description = "The electronic seal (GB/T 38540 SESeal) of an OFD signature")
public record SealFacts(String id, String name, @Schema(description = "Seal type code (1: official seal 公章)") int type,
        @Schema(description = "4 for GB/T 38540, 1 for GM/T 0031") int version, String maker, String validFrom, String validTo,
        boolean makerSignatureValid, boolean signerListed, Boolean validAtSigning, String pictureType,
        @Schema(description = "The seal's picture as a data: URI (omitted above 1 MB)") String picture) {

    private static final int MAX_PICTURE = 1 << 20;

    static SealFacts of(SesSignature signature) {
        SesSignature.Seal seal = signature.seal();
        java.time.Instant at = signature.signingTime();
        Boolean inValidity = at == null || seal.validFrom() == null || seal.validTo() == null ? null
                : !at.isBefore(seal.validFrom()) && !at.isAfter(seal.validTo());
        return new SealFacts(seal.id(), seal.name(), seal.type(), seal.version(),
                seal.maker() == null ? null : dev.sealgate.crypto.Names.readable(seal.maker().getSubjectX500Principal()),
                seal.validFrom() == null ? null : seal.validFrom().toString(), seal.validTo() == null ? null : seal.validTo().toString(),
                seal.makerSignatureValid(), signature.signer() != null && seal.allows(signature.signer()), inValidity, seal.pictureType(),
                dataUri(seal.pictureType(), seal.picture()));
    }

    private static String dataUri(String type, byte[] picture) {
        if (picture == null || picture.length == 0 || picture.length > MAX_PICTURE) {
            return null;
        }
        String media = switch (type == null ? "" : type.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "png" -> "image/png";
            case "jpg", "jpeg" -> "image/jpeg";
            case "gif" -> "image/gif";
            case "bmp" -> "image/bmp";
            case "svg" -> "image/svg+xml";
            case "ofd" -> "application/ofd";
            default -> "application/octet-stream";
        };
        return "data:" + media + ";base64," + java.util.Base64.getEncoder().encodeToString(picture);
    }
}
