package dev.sealgate.formats;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The electronic seal a signature carries (GB/T 38540 {@code SESeal}; today an OFD signature's), as a reader of
 * the report needs it: which seal, who made it, when it was valid, and the two things the seal decides about the
 * signature. Format-free: a format that carries such a seal fills it in, the core judges it.
 *
 * @param signerListed   whether the signer's certificate is among those the seal allows to use it
 * @param validAtSigning whether the signature's stated time lies within the seal's validity
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Seal", description = "The electronic seal (GB/T 38540 SESeal) a signature carries")
public record SealFacts(String id, String name, @Schema(description = "Seal type code (1: official seal 公章)") int type,
        @Schema(description = "4 for GB/T 38540, 1 for GM/T 0031") int version, String maker, String validFrom, String validTo,
        boolean makerSignatureValid, boolean signerListed, Boolean validAtSigning, String pictureType,
        @Schema(description = "The seal's picture as a data: URI (omitted above 1 MB)") String picture) {
}
