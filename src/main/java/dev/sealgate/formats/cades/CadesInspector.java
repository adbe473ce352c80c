package dev.sealgate.formats.cades;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.esf.RevocationValues;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.ocsp.BasicOCSPResponse;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.CertificateList;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignerDigestMismatchException;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.tsp.TimeStampToken;
import dev.sealgate.crypto.CertificateUrls;
import dev.sealgate.crypto.CmsVerifiers;
import dev.sealgate.crypto.CryptoProviders;
import dev.sealgate.crypto.DocumentDigest;
import dev.sealgate.crypto.MalformedSignatureException;
import dev.sealgate.crypto.ParsedCertificates;
import dev.sealgate.crypto.SignatureFacts;
import dev.sealgate.crypto.SignatureScheme;
import dev.sealgate.crypto.TimeStampTokens;

/**
 * Reads a CMS SignedData (CAdES, or the contents of a PAdES signature) and checks what
 * cryptography can check. The content digest is supplied by the caller, who read the content once.
 */
public final class CadesInspector {

    private CadesInspector() {
    }

    /**
     * @param cms     the DER SignedData
     * @param content the signed content for a detached signature (read once through the digest the
     *                signer used), or null when the signature is enveloping or no original was given
     */
    public static SignatureFacts inspect(byte[] cms, DetachedContent content) throws MalformedSignatureException {
        return inspect(cms, content, false);
    }

    /**
     * The same for the CMS of a PDF signature ({@code inPdf}): its revocation data is what the PDF's DSS dictionary
     * and the signed adbe-revocationInfoArchival attribute hold, not the SignedData's {@code crls} field or CAdES
     * revocation-values (PAdES keeps validation data in the document, ETSI EN 319 142-1 5.4; EU DSS reads no other).
     */
    public static SignatureFacts inspect(byte[] cms, DetachedContent content, boolean inPdf) throws MalformedSignatureException {
        CMSSignedData signed = parse(cms);
        try {
            return signerFacts(signed, signed.getSignerInfos().getSigners().iterator().next(), content, null, inPdf);
        } catch (java.io.UncheckedIOException e) {
            throw e;
        } catch (RuntimeException e) {
            // an unknown algorithm, or BouncyCastle parses the inner structures lazily: damage deep inside surfaces only here
            return SignatureFacts.unparseable("the SignedData is damaged inside");
        }
    }

    /** What was established about one signature of a SignedData, and which signature it counter-signs (0 for none). */
    public record Signer(SignatureFacts facts, int counterSigns) {
    }

    private static final int MAX_COUNTER_SIGNATURE_DEPTH = 4;
    private static final int MAX_SIGNERS = 64;

    /**
     * Every signature of a SignedData (CAdES): each signer in order, each followed by its
     * counter-signatures (RFC 5652 11.4: a signature over the signature value of the one it counter-signs),
     * numbered from 1 in that order.
     */
    public static List<Signer> inspectAll(byte[] cms, DetachedContent content) throws MalformedSignatureException {
        CMSSignedData signed = parse(cms);
        List<Signer> out = new ArrayList<>();
        try {
            for (SignerInformation signer : signed.getSignerInfos().getSigners()) {
                out.add(new Signer(signerFacts(signed, signer, content, null), 0));
                counterSignatures(signed, signer, out.size(), out, 1);
                if (out.size() >= MAX_SIGNERS) {
                    break;
                }
            }
        } catch (java.io.UncheckedIOException e) {
            throw e;
        } catch (RuntimeException e) {
            out.add(new Signer(SignatureFacts.unparseable("the SignedData is damaged inside"), 0));
        }
        return out;
    }

    private static void counterSignatures(CMSSignedData signed, SignerInformation parent, int parentNumber, List<Signer> out, int depth) {
        if (depth > MAX_COUNTER_SIGNATURE_DEPTH) {
            return;
        }
        for (SignerInformation counter : parent.getCounterSignatures().getSigners()) {
            if (out.size() >= MAX_SIGNERS) {
                return;
            }
            out.add(new Signer(signerFacts(signed, counter, null, parent.getSignature()), parentNumber));
            counterSignatures(signed, counter, out.size(), out, depth + 1);
        }
    }

    private static CMSSignedData parse(byte[] cms) throws MalformedSignatureException {
        CMSSignedData signed;
        int signers;
        try {
            signed = new CMSSignedData(cms);
            signers = signed.getSignerInfos().size();
        } catch (CMSException | RuntimeException e) {
            throw new MalformedSignatureException("The signature is not a CMS SignedData structure (truncated or not DER).");
        }
        if (signers == 0) {
            throw new MalformedSignatureException("The CMS SignedData has no signer.");
        }
        return signed;
    }


    /**
     * One signer's facts. {@code counterSigned} is the signature value a counter-signature signs (its
     * content, RFC 5652 11.4), null for a signer of the SignedData itself.
     */
    private static SignatureFacts signerFacts(CMSSignedData signed, SignerInformation signer, DetachedContent content,
            byte[] counterSigned) {
        return signerFacts(signed, signer, content, counterSigned, false);
    }

    private static SignatureFacts signerFacts(CMSSignedData signed, SignerInformation signer, DetachedContent content,
            byte[] counterSigned, boolean inPdf) {
        List<X509Certificate> certificates = CmsVerifiers.certificates(signed);
        X509Certificate signerCert = CmsVerifiers.matching(signed, signer.getSID());
        AttributeTable attributes = signer.getSignedAttributes();
        String digestName = CmsVerifiers.algorithmName(signer.getDigestAlgorithmID().getAlgorithm());
        String signatureName = CmsVerifiers.algorithmName(new ASN1ObjectIdentifier(signer.getEncryptionAlgOID()));

        boolean encapsulated = counterSigned == null && signed.getSignedContent() != null && signed.getSignedContent().getContent() != null;
        Boolean digestMatches = null;
        byte[] expected = attributes == null ? null : messageDigest(attributes);
        if (counterSigned != null) {
            content = algorithm -> DocumentDigest.digest(algorithm).digest(counterSigned);
        }
        if (encapsulated) {
            byte[] encapsulatedContent = (byte[]) signed.getSignedContent().getContent();
            digestMatches = expected != null && Arrays.equals(expected,
                    DocumentDigest.digest(signer.getDigestAlgorithmID().getAlgorithm()).digest(encapsulatedContent));
        } else if (content != null) {
            byte[] actual = content.digest(signer.getDigestAlgorithmID().getAlgorithm());
            digestMatches = expected != null && Arrays.equals(expected, actual);
        }

        boolean signatureValid = false;
        if (attributes == null) {
            // RFC 5652 5.4: without signed attributes the signature is computed over the content digest itself
            byte[] actual = encapsulated ? DocumentDigest.digest(signer.getDigestAlgorithmID().getAlgorithm())
                    .digest((byte[]) signed.getSignedContent().getContent())
                    : content != null ? content.digest(signer.getDigestAlgorithmID().getAlgorithm()) : null;
            digestMatches = null;
            if (actual != null && signerCert != null) {
                signatureValid = signatureOverDigestValid(signer, signerCert, actual);
                byte[] signedDigest = signatureValid ? actual : rsaSignedDigest(signer, signerCert);
                // an RSA signature says which digest it signed: a different one is changed content, not a forged value
                digestMatches = signedDigest == null || Arrays.equals(signedDigest, actual);
            } else if (actual != null) {
                digestMatches = true;
            }
        } else if (signerCert != null) {
            try {
                // the digest was compared above; here only the signature over the signed attributes counts
                SignerInformation check = signer;
                if (!encapsulated && counterSigned == null) {
                    // the structure already parsed, not the bytes again (BouncyCastle reads nested DER byte by byte)
                    CMSSignedData withContent = new CMSSignedData(new CMSProcessableByteArray(new byte[0]), signed.toASN1Structure());
                    check = withContent.getSignerInfos().getSigners().iterator().next();
                }
                // with the public key, not the certificate: BouncyCastle would reject a certificate that
                // had expired at the claimed signing time as if the signature value were wrong, and
                // whether the certificate was valid is the certificate validation's question
                signatureValid = check.verify(CmsVerifiers.verifier(signerCert.getPublicKey()));
            } catch (CMSSignerDigestMismatchException e) {
                signatureValid = signatureOverAttributesValid(signer, signerCert);
            } catch (Exception e) {
                signatureValid = false;
            }
        }
        AttributeTable unsigned = signer.getUnsignedAttributes();
        return new SignatureFacts(true, null, signerCert, signatureName, digestName, digestMatches, signatureValid,
                signingCertificateRef(attributes, signerCert), signingTime(attributes),
                timeStamps(signer), counterSigned != null ? List.of() : archiveTimeStamps(signed, signer, content),
                union(certificates, certificateValues(unsigned)).stream().distinct().toList(),
                inPdf ? adobeRevocation(attributes, 0) : union(union(crls(signed), adobeRevocation(attributes, 0)), revocationValues(unsigned, true)),
                inPdf ? adobeRevocation(attributes, 1)
                        : union(union(ocspResponses(signed), adobeRevocation(attributes, 1)), revocationValues(unsigned, false)));
    }

    /** The signed content, readable once per digest algorithm the signature asks for. */
    @FunctionalInterface
    public interface DetachedContent {
        byte[] digest(ASN1ObjectIdentifier algorithm);

        static DetachedContent of(java.util.function.Supplier<InputStream> opener) {
            return algorithm -> {
                try (InputStream in = opener.get()) {
                    return DocumentDigest.of(in, algorithm, null, Long.MAX_VALUE).value();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException("Cannot read the signed content", e);
                }
            };
        }
    }

    /** A signature without signed attributes, checked over the content digest (as a DigestInfo for RSA PKCS#1). */
    private static boolean signatureOverDigestValid(SignerInformation signer, X509Certificate cert, byte[] digest) {
        try {
            java.security.PublicKey key = cert.getPublicKey();
            String encryption = signer.getEncryptionAlgOID();
            if (key instanceof java.security.interfaces.RSAPublicKey && !encryption.equals("1.2.840.113549.1.1.10")) {
                for (boolean withNull : new boolean[] { true, false }) {
                    org.bouncycastle.asn1.x509.AlgorithmIdentifier algorithm = withNull
                            ? new org.bouncycastle.asn1.x509.AlgorithmIdentifier(signer.getDigestAlgorithmID().getAlgorithm(),
                                    org.bouncycastle.asn1.DERNull.INSTANCE)
                            : new org.bouncycastle.asn1.x509.AlgorithmIdentifier(signer.getDigestAlgorithmID().getAlgorithm());
                    java.security.Signature verifier = java.security.Signature.getInstance("NONEwithRSA", CryptoProviders.bc());
                    verifier.initVerify(key);
                    verifier.update(new org.bouncycastle.asn1.x509.DigestInfo(algorithm, digest).getEncoded("DER"));
                    if (verifier.verify(signer.getSignature())) {
                        return true;
                    }
                }
                return false;
            }
            if (key instanceof java.security.interfaces.ECPublicKey) {
                java.security.Signature verifier = java.security.Signature.getInstance("NONEwithECDSA", CryptoProviders.bc());
                verifier.initVerify(key);
                verifier.update(digest);
                return verifier.verify(signer.getSignature());
            }
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    /** The digest an RSA PKCS#1 v1.5 signature carries (its DigestInfo), or null when it is not such a signature. */
    private static byte[] rsaSignedDigest(SignerInformation signer, X509Certificate cert) {
        if (!(cert.getPublicKey() instanceof java.security.interfaces.RSAPublicKey) || signer.getEncryptionAlgOID().equals("1.2.840.113549.1.1.10")) {
            return null;
        }
        try {
            javax.crypto.Cipher cipher = javax.crypto.Cipher.getInstance("RSA/ECB/PKCS1Padding", CryptoProviders.bc());
            cipher.init(javax.crypto.Cipher.DECRYPT_MODE, cert.getPublicKey());
            return org.bouncycastle.asn1.x509.DigestInfo.getInstance(cipher.doFinal(signer.getSignature())).getDigest();
        } catch (Exception e) {
            return null;
        }
    }

    /**
     * The signature value checked directly over the DER of the signed attributes (content digest aside),
     * with the algorithm the SignerInfo names: its digest with a bare key algorithm (rsaEncryption,
     * ecPublicKey), or a full signature algorithm with its parameters (RSASSA-PSS, plain ECDSA, SM2).
     */
    private static boolean signatureOverAttributesValid(SignerInformation signer, X509Certificate cert) {
        try {
            SignatureScheme known = schemeNamed(signer.getEncryptionAlgOID());
            if (known != null) {
                // the schemes SealGate signs with, named by their full signature algorithm: the JCA directly
                java.security.Signature verifier = java.security.Signature.getInstance(known.jcaName(), CryptoProviders.bc());
                verifier.initVerify(cert.getPublicKey());
                verifier.update(signer.getEncodedSignedAttributes());
                return verifier.verify(signer.getSignature());
            }
            org.bouncycastle.asn1.x509.AlgorithmIdentifier encryption = signer.toASN1Structure().getDigestEncryptionAlgorithm();
            org.bouncycastle.asn1.x509.AlgorithmIdentifier algorithm = CmsVerifiers.signatureAlgorithm(
                    signer.getDigestAlgorithmID(), encryption);
            if (encryption.getAlgorithm().equals(org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.id_RSASSA_PSS)) {
                algorithm = encryption;
            }
            org.bouncycastle.operator.ContentVerifier verifier = new JcaContentVerifierProviderBuilder()
                    .setProvider(CryptoProviders.bc()).build(cert.getPublicKey()).get(algorithm);
            try (var out = verifier.getOutputStream()) {
                out.write(signer.getEncodedSignedAttributes());
            }
            return verifier.verify(signer.getSignature());
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * A scheme whose OID names digest and signature together (ecdsa-with-SHA256, sha256WithRSAEncryption,
     * SM2 with SM3, Ed25519); null for a bare key OID (rsaEncryption) and for RSASSA-PSS, whose parameters
     * must be read from the SignerInfo.
     */
    private static SignatureScheme schemeNamed(String oid) {
        if (oid.equals(org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.id_RSASSA_PSS.getId())) {
            return null;
        }
        for (SignatureScheme scheme : SignatureScheme.values()) {
            if (scheme.identifier().getAlgorithm().getId().equals(oid)) {
                return scheme;
            }
        }
        return null;
    }

    /** The content a SignedData encapsulates (for adbe.pkcs7.sha1: the SHA-1 of the signed byte ranges), or null. */
    public static byte[] encapsulatedContent(byte[] cms) {
        try {
            CMSSignedData signed = new CMSSignedData(cms);
            return signed.getSignedContent() == null ? null : (byte[]) signed.getSignedContent().getContent();
        } catch (CMSException | RuntimeException e) {
            return null;
        }
    }

    private static byte[] messageDigest(AttributeTable attributes) {
        Attribute attribute = attributes.get(CMSAttributes.messageDigest);
        return attribute == null ? null : ASN1OctetString.getInstance(attribute.getAttrValues().getObjectAt(0)).getOctets();
    }

    private static Instant signingTime(AttributeTable attributes) {
        if (attributes == null || attributes.get(CMSAttributes.signingTime) == null) {
            return null;
        }
        return Time.getInstance(attributes.get(CMSAttributes.signingTime).getAttrValues().getObjectAt(0)).getDate().toInstant();
    }

    private static Boolean signingCertificateRef(AttributeTable attributes, X509Certificate signer) {
        if (attributes == null || signer == null) {
            return null;
        }
        Attribute v2 = attributes.get(PKCSObjectIdentifiers.id_aa_signingCertificateV2);
        if (v2 == null) {
            return attributes.get(PKCSObjectIdentifiers.id_aa_signingCertificate) == null ? null : Boolean.TRUE;
        }
        try {
            ESSCertIDv2 id = SigningCertificateV2.getInstance(v2.getAttrValues().getObjectAt(0)).getCerts()[0];
            MessageDigest digest = DocumentDigest.digest(id.getHashAlgorithm().getAlgorithm());
            return Arrays.equals(id.getCertHash(), digest.digest(signer.getEncoded()));
        } catch (Exception e) {
            return false;
        }
    }

    private static List<SignatureFacts.TimeStampFacts> timeStamps(SignerInformation signer) {
        AttributeTable unsigned = signer.getUnsignedAttributes();
        List<SignatureFacts.TimeStampFacts> out = new ArrayList<>();
        if (unsigned == null) {
            return out;
        }
        var tokens = unsigned.getAll(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken);
        for (int i = 0; i < tokens.size(); i++) {
            Attribute attribute = (Attribute) tokens.get(i);
            for (ASN1Encodable value : attribute.getAttrValues().toArray()) {
                out.add(TimeStampTokens.check(value, signer.getSignature()));
            }
        }
        return out;
    }

    /** archive-time-stamp-v3 (EN 319 122-1) and the ats-hash-index-v3 inside its token (current and early OID). */
    private static final ASN1ObjectIdentifier ARCHIVE_TIME_STAMP_V3 = new ASN1ObjectIdentifier("0.4.0.1733.2.4");
    private static final List<ASN1ObjectIdentifier> ATS_HASH_INDEX = List.of(new ASN1ObjectIdentifier("0.4.0.19122.1.5"),
            new ASN1ObjectIdentifier("0.4.0.1733.2.5"));

    /**
     * Each archive-time-stamp-v3 checked against its message imprint: the hash of the encapsulated
     * content type, the hash of the signed content, the signer info's version, sid, digest algorithm,
     * signed attributes, signature algorithm and signature value, and the token's own
     * ats-hash-index-v3, each as encoded (EN 319 122-1, 5.5.3). The index itself (which later
     * validation data it protects) is taken as the token states it.
     */
    private static List<SignatureFacts.TimeStampFacts> archiveTimeStamps(CMSSignedData signed, SignerInformation signer,
            DetachedContent content) {
        AttributeTable unsigned = signer.getUnsignedAttributes();
        List<SignatureFacts.TimeStampFacts> out = new ArrayList<>();
        if (unsigned == null) {
            return out;
        }
        var tokens = unsigned.getAll(ARCHIVE_TIME_STAMP_V3);
        for (int i = 0; i < tokens.size(); i++) {
            for (ASN1Encodable value : ((Attribute) tokens.get(i)).getAttrValues().toArray()) {
                out.add(archiveTimeStamp(signed, signer, content, value));
            }
        }
        return out;
    }

    private static SignatureFacts.TimeStampFacts archiveTimeStamp(CMSSignedData signed, SignerInformation signer,
            DetachedContent content, ASN1Encodable value) {
        try {
            TimeStampToken token = new TimeStampToken(new CMSSignedData(value.toASN1Primitive().getEncoded()));
            ASN1ObjectIdentifier algorithm = token.getTimeStampInfo().getMessageImprintAlgOID();
            Attribute index = null;
            AttributeTable tokenAttributes = token.getUnsignedAttributes();
            for (ASN1ObjectIdentifier oid : ATS_HASH_INDEX) {
                index = index != null || tokenAttributes == null ? index : tokenAttributes.get(oid);
            }
            byte[] contentHash;
            if (signed.getSignedContent() != null && signed.getSignedContent().getContent() != null) {
                contentHash = DocumentDigest.digest(algorithm).digest((byte[]) signed.getSignedContent().getContent());
            } else if (content != null) {
                contentHash = content.digest(algorithm);
            } else {
                contentHash = null;
            }
            if (index == null || contentHash == null) {
                return TimeStampTokens.check(value, new byte[0]);
            }
            org.bouncycastle.asn1.cms.SignerInfo info = signer.toASN1Structure();
            java.io.ByteArrayOutputStream data = new java.io.ByteArrayOutputStream();
            data.write(org.bouncycastle.asn1.cms.SignedData.getInstance(signed.toASN1Structure().getContent())
                    .getEncapContentInfo().getContentType().getEncoded(ASN1Encoding.DER));
            data.write(contentHash);
            data.write(info.getVersion().getEncoded(ASN1Encoding.DER));
            data.write(info.getSID().getEncoded(ASN1Encoding.DER));
            data.write(info.getDigestAlgorithm().getEncoded(ASN1Encoding.DER));
            data.write(new org.bouncycastle.asn1.DERTaggedObject(false, 0, info.getAuthenticatedAttributes()).getEncoded(ASN1Encoding.DER));
            data.write(info.getDigestEncryptionAlgorithm().getEncoded(ASN1Encoding.DER));
            data.write(info.getEncryptedDigest().getEncoded(ASN1Encoding.DER));
            data.write(index.getAttrValues().getObjectAt(0).toASN1Primitive().getEncoded(ASN1Encoding.DER));
            return TimeStampTokens.check(value, data.toByteArray());
        } catch (Exception e) {
            return SignatureFacts.TimeStampFacts.unreadable();
        }
    }

    /** CAdES certificate-values (EN 319 122-1 5.5.1): certificates of the path kept as an unsigned attribute. */
    private static List<X509Certificate> certificateValues(AttributeTable unsigned) {
        List<X509Certificate> out = new ArrayList<>();
        Attribute attribute = unsigned == null ? null : unsigned.get(PKCSObjectIdentifiers.id_aa_ets_certValues);
        if (attribute == null) {
            return out;
        }
        try {
            for (ASN1Encodable certificate : ASN1Sequence.getInstance(attribute.getAttrValues().getObjectAt(0))) {
                out.add(ParsedCertificates.of(new X509CertificateHolder(org.bouncycastle.asn1.x509.Certificate.getInstance(certificate))));
            }
        } catch (Exception e) {
            // unreadable: not used as evidence
        }
        return out;
    }

    /**
     * CAdES revocation-values (EN 319 122-1 5.5.2): CRLs ({@code crls} true, as X509CRL) or OCSP basic
     * responses (DER) kept as an unsigned attribute.
     */
    @SuppressWarnings("unchecked")
    private static <T> List<T> revocationValues(AttributeTable unsigned, boolean crls) {
        List<T> out = new ArrayList<>();
        Attribute attribute = unsigned == null ? null : unsigned.get(PKCSObjectIdentifiers.id_aa_ets_revocationValues);
        if (attribute == null) {
            return out;
        }
        try {
            RevocationValues values = RevocationValues.getInstance(attribute.getAttrValues().getObjectAt(0));
            if (crls && values.getCrlVals() != null) {
                for (CertificateList crl : values.getCrlVals()) {
                    out.add((T) CertificateUrls.parseCrl(crl.getEncoded(ASN1Encoding.DER)));
                }
            } else if (!crls && values.getOcspVals() != null) {
                for (BasicOCSPResponse ocsp : values.getOcspVals()) {
                    out.add((T) ocsp.getEncoded(ASN1Encoding.DER));
                }
            }
        } catch (Exception e) {
            // unreadable: not used as evidence
        }
        return out;
    }

    private static final ASN1ObjectIdentifier ADOBE_REVOCATION_INFO_ARCHIVAL = new ASN1ObjectIdentifier("1.2.840.113583.1.1.8");

    /**
     * Revocation data in Adobe's signed attribute revocationInfoArchival (PDF 2.0, 12.8.3.3.2):
     * {@code [0]} CRLs ({@code tag} 0, as X509CRL) or {@code [1]} OCSP responses ({@code tag} 1, DER).
     */
    @SuppressWarnings("unchecked")
    private static <T> List<T> adobeRevocation(AttributeTable attributes, int tag) {
        List<T> out = new ArrayList<>();
        Attribute attribute = attributes == null ? null : attributes.get(ADOBE_REVOCATION_INFO_ARCHIVAL);
        if (attribute == null) {
            return out;
        }
        try {
            ASN1Sequence archival = org.bouncycastle.asn1.ASN1Sequence.getInstance(attribute.getAttrValues().getObjectAt(0));
            for (ASN1Encodable element : archival) {
                org.bouncycastle.asn1.ASN1TaggedObject tagged = org.bouncycastle.asn1.ASN1TaggedObject.getInstance(element);
                if (tagged.getTagNo() != tag) {
                    continue;
                }
                for (ASN1Encodable item : org.bouncycastle.asn1.ASN1Sequence.getInstance(tagged.getExplicitBaseObject())) {
                    byte[] der = item.toASN1Primitive().getEncoded("DER");
                    out.add((T) (tag == 0 ? CertificateUrls.parseCrl(der) : der));
                }
            }
        } catch (Exception e) {
            // unreadable: not used as evidence
        }
        return out;
    }

    private static <T> List<T> union(List<T> a, List<T> b) {
        if (b.isEmpty()) {
            return a;
        }
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static List<X509CRL> crls(CMSSignedData signed) {
        List<X509CRL> out = new ArrayList<>();
        for (Object crl : signed.getCRLs().getMatches(null)) {
            try {
                out.add(new JcaX509CRLConverter().setProvider(CryptoProviders.bc()).getCRL((X509CRLHolder) crl));
            } catch (Exception e) {
                // unreadable: not used as evidence
            }
        }
        return out;
    }

    /**
     * OCSP responses among the SignedData's revocation information: id-ri-ocsp-response (RFC 5940, an
     * OCSPResponse) and id-pkix-ocsp-basic (a BasicOCSPResponse, as earlier CAdES signers store it).
     */
    static List<byte[]> ocspResponses(CMSSignedData signed) {
        List<byte[]> out = new ArrayList<>();
        for (ASN1ObjectIdentifier format : List.of(CMSObjectIdentifiers.id_ri_ocsp_response, OCSPObjectIdentifiers.id_pkix_ocsp_basic)) {
            for (Object info : signed.getOtherRevocationInfo(format).getMatches(null)) {
                try {
                    out.add(((ASN1Encodable) info).toASN1Primitive().getEncoded());
                } catch (IOException e) {
                    // unreadable: not used as evidence
                }
            }
        }
        return out;
    }
}
