package dev.sealgate.pki;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.sealgate.crypto.Pem;

@Path("/pki")
@PermitAll
@SecurityRequirements
@Tag(name = "pki", description = "Public PKI services: CA certificates, CRLs, OCSP")
public class PkiResource {

    static final String PEM_CHAIN = "application/pem-certificate-chain";
    static final String CRL = "application/pkix-crl";
    static final String OCSP_REQUEST = "application/ocsp-request";
    static final String OCSP_RESPONSE = "application/ocsp-response";

    @Inject
    CertificateAuthority ca;

    @GET
    @Path("/ca")
    @Produces(PEM_CHAIN)
    @Operation(summary = "The CA chain (issuing CA, then root) in PEM")
    public String chain() {
        return Pem.encode(ca.caChain());
    }

    @GET
    @Path("/crl")
    @Produces(CRL)
    @Operation(summary = "The issuing CA's current CRL (DER)")
    public Response crl() {
        return Response.ok(ca.crl()).header("Cache-Control", "max-age=60").build();
    }

    @GET
    @Path("/crl/root")
    @Produces(CRL)
    @Operation(summary = "The root CA's CRL (DER), covering the issuing CA")
    public byte[] rootCrl() {
        return ca.rootCrl();
    }

    @POST
    @Path("/ocsp")
    @Consumes(OCSP_REQUEST)
    @Produces(OCSP_RESPONSE)
    @Operation(summary = "RFC 6960 OCSP responder for certificates of the issuing CA",
            description = "Malformed requests are answered with the OCSP status malformedRequest, as the protocol defines.")
    public byte[] ocsp(byte[] request) {
        return ca.ocsp(request);
    }
}
