package dev.sealgate.crypto;

import java.io.IOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.List;
import java.util.Set;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.SignerInfoGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampResponseGenerator;
import org.bouncycastle.tsp.TimeStampTokenGenerator;
import org.bouncycastle.asn1.cmp.PKIFailureInfo;
import org.bouncycastle.asn1.cmp.PKIStatus;

/** RFC 3161 time-stamp responses signed by the TSA key. */
public final class TimeStamps {

    private static final SecureRandom SERIALS = new SecureRandom();
    private static final Set<ASN1ObjectIdentifier> ACCEPTED = Set.of(TSPAlgorithms.SHA256, TSPAlgorithms.SHA384,
            TSPAlgorithms.SHA512, NISTObjectIdentifiers.id_sha3_256, GMObjectIdentifiers.sm3);

    private TimeStamps() {
    }

    /**
     * Answers a DER time-stamp request. Malformed requests and unaccepted digest algorithms get the
     * protocol's own rejection status.
     */
    public static byte[] respond(byte[] request, List<X509Certificate> tsaChain, KeyCustody custody, String tsaAlias,
            ASN1ObjectIdentifier policy) {
        return respond(request, tsaChain, custody, tsaAlias, policy, java.time.Instant.now());
    }

    /** The same, with the time the token states taken from the TSA's clock ({@code genTime}). */
    public static byte[] respond(byte[] request, List<X509Certificate> tsaChain, KeyCustody custody, String tsaAlias,
            ASN1ObjectIdentifier policy, java.time.Instant genTime) {
        try {
            TimeStampResponseGenerator generator = new TimeStampResponseGenerator(
                    tokenGenerator(tsaChain, custody, tsaAlias, policy), ACCEPTED);
            TimeStampRequest tsq;
            try {
                tsq = new TimeStampRequest(request);
            } catch (IOException | RuntimeException e) {
                return generator.generateRejectedResponse(new TSPException("malformed request")).getEncoded();
            }
            BigInteger serial = new BigInteger(127, SERIALS);
            TimeStampResponse response = generator.generateGrantedResponse(tsq, serial, Date.from(genTime));
            return response.getEncoded();
        } catch (TSPException e) {
            try {
                return new TimeStampResponseGenerator(null, ACCEPTED)
                        .generateFailResponse(PKIStatus.REJECTION, PKIFailureInfo.badDataFormat, e.getMessage()).getEncoded();
            } catch (IOException | TSPException inner) {
                throw new CryptoException("Cannot build time-stamp rejection", inner);
            }
        } catch (IOException | OperatorCreationException | CertificateEncodingException e) {
            throw new CryptoException("Cannot build time-stamp response: " + e.getMessage(), e);
        }
    }

    private static TimeStampTokenGenerator tokenGenerator(List<X509Certificate> tsaChain, KeyCustody custody,
            String tsaAlias, ASN1ObjectIdentifier policy)
            throws OperatorCreationException, TSPException, CertificateEncodingException {
        DigestCalculatorProvider digests = new JcaDigestCalculatorProviderBuilder().setProvider(CryptoProviders.bc()).build();
        X509Certificate tsa = tsaChain.get(0);
        SignerInfoGenerator signerInfo = new JcaSignerInfoGeneratorBuilder(digests)
                .build(new CustodySigner(custody, tsaAlias, SignatureScheme.forKey(tsa.getPublicKey())), tsa);
        TimeStampTokenGenerator generator = new TimeStampTokenGenerator(signerInfo,
                digests.get(new org.bouncycastle.asn1.x509.AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256)), policy);
        generator.setAccuracySeconds(1);
        generator.addCertificates(new JcaCertStore(tsaChain));
        return generator;
    }
}
