package dev.sealgate.formats.ofd;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What part of an OFD package a signature protects: how many files its references cover, and the
 * files of the package it does not protect (other than its own signature files, those of other
 * signatures, and the list of signatures) — files added or replaced after it, which it says nothing about.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "OfdCoverage")
public record OfdCoverage(int protectedFiles, @Schema(description = "Package files this signature does not protect") List<String> unprotectedFiles) {
}
