package dev.sealgate.formats.ofd;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What part of an OFD package a signature protects: how many files its references cover, the protected
 * files that no longer match (changed, removed, or a seal file that is not the signed seal), and the
 * files of the package it does not protect (other than its own signature files, those of other
 * signatures, and the list of signatures) — files added or replaced after it, which it says nothing about.
 *
 * @param checkMethod the digest its references use (GB/T 33190 {@code CheckMethod}; MD5 when absent, as the schema says)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "OfdCoverage")
public record OfdCoverage(int protectedFiles,
        @Schema(description = "Protected files that no longer match their digest, are missing, or (a seal file) are not the seal signed") List<String> changedFiles,
        @Schema(description = "Package files this signature does not protect") List<String> unprotectedFiles,
        @Schema(description = "The digest algorithm of its references (CheckMethod)") String checkMethod) {
}
