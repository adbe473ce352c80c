package dev.sealgate.pki;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/tsa")
@PermitAll
@SecurityRequirements
@Tag(name = "pki")
public class TsaResource {

    @Inject
    CertificateAuthority ca;

    @POST
    @Consumes("application/timestamp-query")
    @Produces("application/timestamp-reply")
    @Operation(summary = "RFC 3161 time-stamp authority",
            description = "SHA-256/384/512, SHA3-256 and SM3 imprints. Malformed requests get a rejection TimeStampResp, as the protocol defines.")
    public byte[] timestamp(byte[] request) {
        return ca.timestamp(request);
    }
}
