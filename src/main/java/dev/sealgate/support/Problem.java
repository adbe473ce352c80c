package dev.sealgate.support;

import java.net.URI;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/** An RFC 9457 problem details body. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Problem", description = "RFC 9457 problem details; clients act on the stable `type` URI, never on the text")
public record Problem(
        @Schema(description = "Stable identifier of the kind of problem", example = "urn:sealgate:problem:unauthorized") URI type,
        @Schema(description = "Short, human-readable summary of the kind of problem") String title,
        @Schema(description = "HTTP status code") int status,
        @Schema(description = "Explanation of this occurrence; never contains internal details") String detail,
        @Schema(description = "The request path that produced the problem") String instance) {

    public static final String MEDIA_TYPE = "application/problem+json";
}
