package dev.sealgate.identity;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "A Keycloak user found in the directory")
public record DirectoryUser(
        @Schema(description = "Keycloak user id (the token subject)") String id,
        @Schema(description = "Keycloak username") String username,
        @Schema(description = "Whether the account is enabled") boolean enabled) {
}
