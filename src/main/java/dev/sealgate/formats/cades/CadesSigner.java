package dev.sealgate.formats.cades;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.cert.CRLException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAlgorithmProtection;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.OCSPResponse;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuerSerial;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSAbsentContent;
import org.bouncycastle.cms.CMSAttributeTableGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.CMSSignedDataParser;
import org.bouncycastle.cms.CMSSignedDataStreamGenerator;
import org.bouncycastle.cms.SignerInfoGenerator;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.DigestCalculator;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.util.CollectionStore;
import org.bouncycastle.util.Store;
import dev.sealgate.crypto.CryptoException;
import dev.sealgate.crypto.CryptoProviders;
import dev.sealgate.crypto.CustodySigner;
import dev.sealgate.crypto.DocumentDigest;
import dev.sealgate.crypto.SignerKey;
import dev.sealgate.crypto.TimeStampSource;
import dev.sealgate.crypto.TimeStampTokens;

/**
 * CMS signatures for CAdES and PAdES in the three honest steps: the document digest is computed
 * once by the caller ({@link DocumentDigest}); the signed attributes are assembled around it and
 * signed by the key custody; the signed object is assembled, streaming the content when it is
 * enveloped. Baseline signed attributes: content-type, message-digest, signing-certificate-v2,
 * signing-time (not for PAdES, where the time lives in the signature dictionary) and
 * CMS algorithm protection. B-T adds a signature time-stamp; B-LT adds certificate and
 * revocation values.
 */
public final class CadesSigner {

    private static final ASN1ObjectIdentifier OCSP_RESPONSE_FORMAT = CMSObjectIdentifiers.id_ri_ocsp_response;

    /** How to sign: when, with or without a signing-time attribute, and whether to time-stamp. */
    public record Options(Instant signingTime, boolean signingTimeAttribute, TimeStampSource timeStamps) {
    }

    private CadesSigner() {
    }

    /** A detached SignedData over a precomputed content digest (CAdES detached, PAdES). */
    public static byte[] detached(DocumentDigest digest, SignerKey signer, Options options) {
        try {
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            SignerCertificates certificates = SignerCertificates.of(signer);
            generator.addSignerInfoGenerator(signerInfo(digest, signer, certificates, options));
            generator.addCertificates(certificates.chain());
            return generator.generate(new CMSAbsentContent(), false).getEncoded("DER");
        } catch (CMSException | IOException e) {
            throw new CryptoException("Cannot build CMS signature: " + e.getMessage(), e);
        }
    }

    /** An enveloping SignedData: the content streams from {@code content} into {@code out}. */
    public static void enveloping(InputStream content, DocumentDigest digest, SignerKey signer, Options options,
            OutputStream out) throws IOException {
        try {
            CMSSignedDataStreamGenerator generator = new CMSSignedDataStreamGenerator();
            SignerCertificates certificates = SignerCertificates.of(signer);
            generator.addSignerInfoGenerator(signerInfo(digest, signer, certificates, options));
            generator.addCertificates(certificates.chain());
            try (OutputStream signed = generator.open(out, true)) {
                content.transferTo(signed);
            }
        } catch (CMSException e) {
            throw new CryptoException("Cannot build CMS signature: " + e.getMessage(), e);
        }
    }

    /**
     * Replaces the certificates and revocation data of a SignedData (B-LT): certificate values for
     * every certificate a validator needs, CRLs and OCSP responses. Streams the signed content.
     */
    public static void addValidationData(InputStream signedData, List<X509Certificate> certificates, List<X509CRL> crls,
            List<byte[]> ocspResponses, OutputStream out) throws IOException {
        try {
            List<Object> revocations = new ArrayList<>();
            for (X509CRL crl : crls) {
                revocations.add(new X509CRLHolder(crl.getEncoded()));
            }
            List<Object> others = new ArrayList<>();
            for (byte[] ocsp : ocspResponses) {
                others.add(new org.bouncycastle.asn1.cms.OtherRevocationInfoFormat(OCSP_RESPONSE_FORMAT,
                        OCSPResponse.getInstance(ASN1Primitive.fromByteArray(ocsp))));
            }
            revocations.addAll(others);
            CMSSignedDataParser.replaceCertificatesAndCRLs(signedData, new JcaCertStore(distinct(certificates)),
                    new CollectionStore<>(revocations), null, out);
        } catch (CMSException | CRLException | CertificateEncodingException e) {
            throw new CryptoException("Cannot add validation data: " + e.getMessage(), e);
        }
    }

    private static final ASN1ObjectIdentifier ARCHIVE_TIME_STAMP_V3 = new ASN1ObjectIdentifier("0.4.0.1733.2.4");
    private static final ASN1ObjectIdentifier ATS_HASH_INDEX_V3 = new ASN1ObjectIdentifier("0.4.0.19122.1.5");

    /**
     * Adds an archive-time-stamp-v3 (CAdES B-LTA, ETSI EN 319 122-1 5.5.3) to the signer of a detached
     * SignedData that already carries its validation data: an ATSHashIndexV3 (SHA-256 of every
     * certificate, every revocation value and every unsigned attribute value as they are now), a
     * time-stamp over the content's hash, the signer's fields and that index, and the index as an
     * unsigned attribute of the time-stamp token, which becomes an unsigned attribute of the signer.
     *
     * @param contentSha256 the SHA-256 of the detached content
     */
    public static byte[] addArchiveTimeStamp(byte[] cms, byte[] contentSha256, TimeStampSource source) {
        try {
            return CadesExtensions.encode(addArchiveTimeStamp(new CMSSignedData(cms), contentSha256, source));
        } catch (CMSException e) {
            throw new CryptoException("Cannot add an archive time-stamp: " + e.getMessage(), e);
        }
    }

    /** The same for every signer of a parsed SignedData (each gets its own archive time-stamp). */
    public static CMSSignedData addArchiveTimeStamp(CMSSignedData signed, byte[] contentSha256, TimeStampSource source) {
        List<SignerInformation> signers = new ArrayList<>();
        for (SignerInformation signer : signed.getSignerInfos().getSigners()) {
            signers.add(archiveTimeStamped(signed, signer, contentSha256, source));
        }
        return CMSSignedData.replaceSigners(signed, new org.bouncycastle.cms.SignerInformationStore(signers));
    }

    private static SignerInformation archiveTimeStamped(CMSSignedData signed, SignerInformation signer, byte[] contentSha256,
            TimeStampSource source) {
        try {
            org.bouncycastle.asn1.cms.SignedData structure = org.bouncycastle.asn1.cms.SignedData.getInstance(
                    signed.toASN1Structure().getContent());
            org.bouncycastle.asn1.cms.SignerInfo info = signer.toASN1Structure();
            MessageDigest sha256 = DocumentDigest.digest(NISTObjectIdentifiers.id_sha256);

            ASN1EncodableVector certificates = new ASN1EncodableVector();
            if (structure.getCertificates() != null) {
                for (org.bouncycastle.asn1.ASN1Encodable certificate : structure.getCertificates()) {
                    certificates.add(new org.bouncycastle.asn1.DEROctetString(sha256.digest(certificate.toASN1Primitive().getEncoded("DER"))));
                }
            }
            ASN1EncodableVector revocations = new ASN1EncodableVector();
            if (structure.getCRLs() != null) {
                for (org.bouncycastle.asn1.ASN1Encodable revocation : structure.getCRLs()) {
                    revocations.add(new org.bouncycastle.asn1.DEROctetString(sha256.digest(revocation.toASN1Primitive().getEncoded("DER"))));
                }
            }
            ASN1EncodableVector attributeValues = new ASN1EncodableVector();
            AttributeTable unsigned = signer.getUnsignedAttributes();
            if (unsigned != null) {
                for (Attribute attribute : unsigned.toASN1Structure().getAttributes()) {
                    for (org.bouncycastle.asn1.ASN1Encodable value : attribute.getAttrValues()) {
                        sha256.update(attribute.getAttrType().getEncoded("DER"));
                        attributeValues.add(new org.bouncycastle.asn1.DEROctetString(sha256.digest(value.toASN1Primitive().getEncoded("DER"))));
                    }
                }
            }
            // hashIndAlgorithm written out although SHA-256 is its default: EU DSS recomposes the index with it
            // before hashing, so an index without it would not match its imprint there
            org.bouncycastle.asn1.DERSequence index = new org.bouncycastle.asn1.DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {
                    new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256),
                    new org.bouncycastle.asn1.DERSequence(certificates), new org.bouncycastle.asn1.DERSequence(revocations),
                    new org.bouncycastle.asn1.DERSequence(attributeValues) });

            java.io.ByteArrayOutputStream data = new java.io.ByteArrayOutputStream();
            data.write(structure.getEncapContentInfo().getContentType().getEncoded("DER"));
            data.write(contentSha256);
            data.write(info.getVersion().getEncoded("DER"));
            data.write(info.getSID().getEncoded("DER"));
            data.write(info.getDigestAlgorithm().getEncoded("DER"));
            data.write(new org.bouncycastle.asn1.DERTaggedObject(false, 0, info.getAuthenticatedAttributes()).getEncoded("DER"));
            data.write(info.getDigestEncryptionAlgorithm().getEncoded("DER"));
            data.write(info.getEncryptedDigest().getEncoded("DER"));
            data.write(index.getEncoded("DER"));
            TimeStampToken token = TimeStampTokens.request(data.toByteArray(), source);

            CMSSignedData tokenData = token.toCMSSignedData();
            SignerInformation tsa = tokenData.getSignerInfos().getSigners().iterator().next();
            AttributeTable tsaUnsigned = tsa.getUnsignedAttributes() == null ? new AttributeTable(new ASN1EncodableVector())
                    : tsa.getUnsignedAttributes();
            tokenData = CMSSignedData.replaceSigners(tokenData, new org.bouncycastle.cms.SignerInformationStore(
                    SignerInformation.replaceUnsignedAttributes(tsa, tsaUnsigned.add(ATS_HASH_INDEX_V3, index))));
            AttributeTable signerUnsigned = unsigned == null ? new AttributeTable(new ASN1EncodableVector()) : unsigned;
            return SignerInformation.replaceUnsignedAttributes(signer, signerUnsigned.add(ARCHIVE_TIME_STAMP_V3,
                    tokenData.toASN1Structure()));
        } catch (IOException e) {
            throw new CryptoException("Cannot add an archive time-stamp: " + e.getMessage(), e);
        }
    }

    /**
     * The signer's certificates as BouncyCastle holds them, with the ESS certificate ID of the signing
     * certificate: parsed once per certificate rather than on every signature (for ECDSA they cost
     * as much as the signature itself). Bounded: emptied when it holds more than 4096 signers.
     */
    private record SignerCertificates(X509CertificateHolder signer, Store<X509CertificateHolder> chain, ESSCertIDv2 essCertId) {

        private static final Map<X509Certificate, SignerCertificates> PARSED = new ConcurrentHashMap<>();

        static SignerCertificates of(SignerKey key) {
            SignerCertificates known = PARSED.get(key.certificate());
            if (known != null) {
                return known;
            }
            try {
                List<X509CertificateHolder> chain = new ArrayList<>();
                for (X509Certificate certificate : key.chain().subList(0, chainWithoutRoot(key))) {
                    chain.add(new X509CertificateHolder(certificate.getEncoded()));
                }
                SignerCertificates parsed = new SignerCertificates(chain.get(0), new CollectionStore<>(chain),
                        essCertId(key.certificate()));
                if (PARSED.size() >= 4096) {
                    PARSED.clear();
                }
                PARSED.put(key.certificate(), parsed);
                return parsed;
            } catch (CertificateEncodingException | IOException e) {
                throw new CryptoException("Bad certificate", e);
            }
        }

        private static ESSCertIDv2 essCertId(X509Certificate certificate) throws CertificateEncodingException {
            byte[] hash = DocumentDigest.digest(NISTObjectIdentifiers.id_sha256).digest(certificate.getEncoded());
            IssuerSerial issuerSerial = new IssuerSerial(new GeneralNames(new GeneralName(
                    X500Name.getInstance(certificate.getIssuerX500Principal().getEncoded()))),
                    certificate.getSerialNumber());
            return new ESSCertIDv2(hash, issuerSerial);
        }
    }

    private static SignerInfoGenerator signerInfo(DocumentDigest digest, SignerKey signer, SignerCertificates certificates,
            Options options) {
        try {
            JcaSignerInfoGeneratorBuilder builder = new JcaSignerInfoGeneratorBuilder(new PrecomputedDigest(digest));
            builder.setSignedAttributeGenerator(new BaselineSignedAttributes(certificates.essCertId(), options));
            if (options.timeStamps() != null) {
                builder.setUnsignedAttributeGenerator(parameters -> {
                    byte[] signature = (byte[]) parameters.get(CMSAttributeTableGenerator.SIGNATURE);
                    TimeStampToken token = TimeStampTokens.request(signature, options.timeStamps());
                    try {
                        return new AttributeTable(new Attribute(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken,
                                new DERSet(ASN1Primitive.fromByteArray(token.getEncoded()))));
                    } catch (IOException e) {
                        throw new CryptoException("Bad time-stamp token", e);
                    }
                });
            }
            return builder.build(new CustodySigner(signer.custody(), signer.alias(), signer.scheme()), certificates.signer());
        } catch (OperatorCreationException e) {
            throw new CryptoException("Cannot prepare signer: " + e.getMessage(), e);
        }
    }

    private static int chainWithoutRoot(SignerKey signer) {
        int size = signer.chain().size();
        X509Certificate last = signer.chain().get(size - 1);
        boolean selfSigned = last.getSubjectX500Principal().equals(last.getIssuerX500Principal());
        return size > 1 && selfSigned ? size - 1 : size;
    }

    private static List<X509Certificate> distinct(List<X509Certificate> certificates) {
        return new ArrayList<>(new java.util.LinkedHashSet<>(certificates));
    }

    /** Returns the digest computed in the one pass over the document instead of hashing again. */
    private static final class PrecomputedDigest implements DigestCalculatorProvider {

        private final DocumentDigest digest;
        private final DigestCalculatorProvider real;

        PrecomputedDigest(DocumentDigest digest) throws OperatorCreationException {
            this.digest = digest;
            this.real = new JcaDigestCalculatorProviderBuilder().setProvider(CryptoProviders.bc()).build();
        }

        @Override
        public DigestCalculator get(AlgorithmIdentifier algorithm) throws OperatorCreationException {
            if (!algorithm.getAlgorithm().equals(digest.algorithm())) {
                return real.get(algorithm);
            }
            return new DigestCalculator() {
                @Override
                public AlgorithmIdentifier getAlgorithmIdentifier() {
                    return algorithm;
                }

                @Override
                public OutputStream getOutputStream() {
                    return OutputStream.nullOutputStream();
                }

                @Override
                public byte[] getDigest() {
                    return digest.value().clone();
                }
            };
        }
    }

    /** The baseline signed attributes, built explicitly so PAdES can leave signing-time out. */
    private static final class BaselineSignedAttributes implements CMSAttributeTableGenerator {

        private final ESSCertIDv2 essCertId;
        private final Options options;

        BaselineSignedAttributes(ESSCertIDv2 essCertId, Options options) {
            this.essCertId = essCertId;
            this.options = options;
        }

        @Override
        public AttributeTable getAttributes(@SuppressWarnings("rawtypes") Map parameters) {
            ASN1EncodableVector attributes = new ASN1EncodableVector();
            ASN1ObjectIdentifier contentType = (ASN1ObjectIdentifier) parameters.get(CMSAttributeTableGenerator.CONTENT_TYPE);
            attributes.add(new Attribute(CMSAttributes.contentType,
                    new DERSet(contentType == null ? CMSObjectIdentifiers.data : contentType)));
            attributes.add(new Attribute(CMSAttributes.messageDigest, new DERSet(
                    new org.bouncycastle.asn1.DEROctetString((byte[]) parameters.get(CMSAttributeTableGenerator.DIGEST)))));
            if (options.signingTimeAttribute()) {
                attributes.add(new Attribute(CMSAttributes.signingTime, new DERSet(new Time(Date.from(options.signingTime())))));
            }
            attributes.add(new Attribute(PKCSObjectIdentifiers.id_aa_signingCertificateV2,
                    new DERSet(new SigningCertificateV2(new ESSCertIDv2[] { essCertId }))));
            AlgorithmIdentifier digestAlgorithm = (AlgorithmIdentifier) parameters.get(CMSAttributeTableGenerator.DIGEST_ALGORITHM_IDENTIFIER);
            AlgorithmIdentifier signatureAlgorithm = (AlgorithmIdentifier) parameters.get(CMSAttributeTableGenerator.SIGNATURE_ALGORITHM_IDENTIFIER);
            if (digestAlgorithm != null && signatureAlgorithm != null) {
                attributes.add(new Attribute(CMSAttributes.cmsAlgorithmProtect, new DERSet(
                        new CMSAlgorithmProtection(digestAlgorithm, CMSAlgorithmProtection.SIGNATURE, signatureAlgorithm))));
            }
            return new AttributeTable(attributes);
        }

    }
}
