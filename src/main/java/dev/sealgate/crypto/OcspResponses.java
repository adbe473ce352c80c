package dev.sealgate.crypto;

import java.io.IOException;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.Function;

import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/** RFC 6960 responses for the issuing CA, signed by the OCSP responder key. */
public final class OcspResponses {

    private OcspResponses() {
    }

    /**
     * Answers a DER OCSP request. Malformed requests get the protocol's own
     * {@code malformedRequest} status; certificates of other issuers are {@code unknown}. Answers
     * about the issuer's certificates carry an archive cutoff (RFC 6960 4.4.4) at the issuer's own
     * notBefore: the register keeps every certificate it issued, so the status of an expired
     * certificate stays known, and time-stamped signatures remain verifiable after their signer's
     * certificate expires.
     */
    public static byte[] respond(byte[] request, X509Certificate issuer, List<X509Certificate> responderChain,
            KeyCustody custody, String responderAlias, Function<BigInteger, CertificateStatus> register, Duration validity) {
        try {
            OCSPReq ocspReq;
            try {
                ocspReq = new OCSPReq(request);
            } catch (IOException | RuntimeException e) {
                return new OCSPRespBuilder().build(OCSPRespBuilder.MALFORMED_REQUEST, null).getEncoded();
            }
            Req[] requests = ocspReq.getRequestList();
            if (requests.length == 0 || requests.length > 20) {
                return new OCSPRespBuilder().build(OCSPRespBuilder.MALFORMED_REQUEST, null).getEncoded();
            }
            DigestCalculatorProvider digests = new JcaDigestCalculatorProviderBuilder().setProvider(CryptoProviders.bc()).build();
            X509CertificateHolder issuerHolder = new JcaX509CertificateHolder(issuer);
            X509CertificateHolder responder = new JcaX509CertificateHolder(responderChain.get(0));
            BasicOCSPRespBuilder builder = new BasicOCSPRespBuilder(
                    new RespID(responder.getSubjectPublicKeyInfo(), digests.get(CertificateID.HASH_SHA1)));
            Instant now = Instant.now();
            Extensions archiveCutoff = new Extensions(new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_archive_cutoff, false,
                    new org.bouncycastle.asn1.DERGeneralizedTime(issuer.getNotBefore()).getEncoded()));
            for (Req req : requests) {
                CertificateID id = req.getCertID();
                boolean ours = id.matchesIssuer(issuerHolder, digests);
                CertificateStatus status = ours ? register.apply(id.getSerialNumber()) : CertificateStatus.UNKNOWN;
                org.bouncycastle.cert.ocsp.CertificateStatus answer = switch (status.state()) {
                    case GOOD -> org.bouncycastle.cert.ocsp.CertificateStatus.GOOD;
                    case REVOKED -> new RevokedStatus(Date.from(status.revokedAt()), status.reason() == null
                            ? CRLReason.unspecified : status.reason());
                    case UNKNOWN -> new UnknownStatus();
                };
                builder.addResponse(id, answer, Date.from(now), Date.from(now.plus(validity)), ours ? archiveCutoff : null);
            }
            Extension nonce = ocspReq.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
            if (nonce != null) {
                builder.setResponseExtensions(new Extensions(nonce));
            }
            X509CertificateHolder[] chain = responderChain.stream().limit(1).map(OcspResponses::holder)
                    .toArray(X509CertificateHolder[]::new);
            var signer = new CustodySigner(custody, responderAlias, SignatureScheme.forKey(responderChain.get(0).getPublicKey()));
            OCSPResp resp = new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, builder.build(signer, chain, Date.from(now)));
            return resp.getEncoded();
        } catch (OCSPException | IOException | OperatorCreationException | java.security.cert.CertificateEncodingException e) {
            throw new CryptoException("Cannot build OCSP response: " + e.getMessage(), e);
        }
    }

    /** A DER OCSP request for one certificate (SHA-1 CertID, as RFC 6960 clients commonly send). */
    public static byte[] requestFor(X509Certificate certificate, X509Certificate issuer) {
        try {
            DigestCalculatorProvider digests = new JcaDigestCalculatorProviderBuilder().setProvider(CryptoProviders.bc()).build();
            CertificateID id = new CertificateID(digests.get(CertificateID.HASH_SHA1), new JcaX509CertificateHolder(issuer),
                    certificate.getSerialNumber());
            return new org.bouncycastle.cert.ocsp.OCSPReqBuilder().addRequest(id).build().getEncoded();
        } catch (OCSPException | IOException | OperatorCreationException | java.security.cert.CertificateEncodingException e) {
            throw new CryptoException("Cannot build OCSP request: " + e.getMessage(), e);
        }
    }

    private static X509CertificateHolder holder(X509Certificate certificate) {
        try {
            return new JcaX509CertificateHolder(certificate);
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new CryptoException("Bad certificate", e);
        }
    }
}
