package dev.sealgate.audit;

import java.io.IOException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;

import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

import dev.sealgate.crypto.AuditLogIdentity;
import dev.sealgate.crypto.CertificatePaths;
import dev.sealgate.crypto.CryptoException;
import dev.sealgate.crypto.CryptoProviders;
import dev.sealgate.crypto.CustodySigner;
import dev.sealgate.crypto.SignatureFacts;
import dev.sealgate.crypto.SignerKey;
import dev.sealgate.crypto.TimeStampSource;
import dev.sealgate.crypto.TimeStampTokens;

/**
 * Seals a statement of the audit log (a tree head): a detached CMS signature by the audit key (with
 * its certificate chain) whose signed content type is {@link AuditLogIdentity#TREE_HEAD}, and an RFC 3161
 * time-stamp whose imprint is the SHA-256 of the statement. {@link #check} needs nothing but the
 * statement, both tokens, the trust anchors and the log keys the verifier pins, so an external
 * auditor's offline tool runs the same check as the gateway. A signature is the log's when its signer
 * is certified for the log ({@link AuditLogIdentity#certifiedForTheLog}) and it signs the tree-head
 * content type, or when its certificate is one the verifier pins (a log key from before the log had an
 * identity of its own); chaining to a trust anchor is never enough, since every document signer does.
 */
public final class CheckpointSeals {

    /** The two DER tokens stored with a checkpoint. */
    public record Seal(byte[] signature, byte[] timeStamp) {
    }

    private CheckpointSeals() {
    }

    public static Seal seal(byte[] statement, SignerKey key, TimeStampSource tsa) {
        try {
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
                    new JcaDigestCalculatorProviderBuilder().setProvider(CryptoProviders.bc()).build())
                    .build(new CustodySigner(key.custody(), key.alias(), key.scheme()), key.certificate()));
            generator.addCertificates(new JcaCertStore(key.chain()));
            byte[] signature = generator.generate(new CMSProcessableByteArray(AuditLogIdentity.TREE_HEAD, statement), false)
                    .getEncoded("DER");
            byte[] timeStamp = TimeStampTokens.request(statement, tsa).getEncoded();
            return new Seal(signature, timeStamp);
        } catch (CMSException | IOException | OperatorCreationException | CertificateEncodingException e) {
            throw new CryptoException("Cannot seal the checkpoint: " + e.getMessage(), e);
        }
    }

    /**
     * Null when both tokens are sound, the signer is the log, and the time-stamp was made within
     * {@link AuditLogIdentity#MAX_TIME_STAMP_GAP} of {@code statedTime} (null: a statement that states no time);
     * otherwise what is wrong.
     *
     * @param pinned log keys the verifier holds from before (their certificates), accepted without the log's usage
     */
    public static String check(byte[] statement, byte[] signature, byte[] timeStamp, Collection<X509Certificate> anchors,
            Predicate<X509Certificate> pinned, Instant statedTime) {
        String problem = checkSignature(statement, signature, anchors, pinned);
        if (problem != null) {
            return problem;
        }
        SignatureFacts.TimeStampFacts stamp = TimeStampTokens.check(timeStamp, statement);
        if (!stamp.imprintMatches()) {
            return "the time-stamp does not cover this checkpoint";
        }
        if (!stamp.signatureValid() || !CertificatePaths.build(stamp.tsa(), stamp.certificates(), anchors).trusted()) {
            return "the time-stamp is not signed by a trusted TSA";
        }
        if (statedTime != null && (stamp.genTime() == null
                || Duration.between(statedTime, stamp.genTime()).abs().compareTo(AuditLogIdentity.MAX_TIME_STAMP_GAP) > 0)) {
            return "the head says it was signed at " + statedTime + ", its time-stamp says " + stamp.genTime()
                    + ": more than " + AuditLogIdentity.MAX_TIME_STAMP_GAP.toSeconds() + " s apart";
        }
        return null;
    }

    /** The certificate of a checkpoint signature's one signer, as the signature carries it; null when there is none. */
    public static X509Certificate signer(byte[] signature) {
        try {
            CMSSignedData cms = new CMSSignedData(signature);
            List<SignerInformation> signers = new ArrayList<>(cms.getSignerInfos().getSigners());
            if (signers.size() != 1) {
                return null;
            }
            JcaX509CertificateConverter converter = new JcaX509CertificateConverter().setProvider(CryptoProviders.bc());
            for (X509CertificateHolder holder : cms.getCertificates().getMatches(null)) {
                if (signers.get(0).getSID().match(holder)) {
                    return converter.getCertificate(holder);
                }
            }
            return null;
        } catch (CMSException | CertificateException | RuntimeException e) {
            return null;
        }
    }

    private static String checkSignature(byte[] statement, byte[] signature, Collection<X509Certificate> anchors,
            Predicate<X509Certificate> pinned) {
        try {
            CMSSignedData cms = new CMSSignedData(new CMSProcessableByteArray(statement), signature);
            JcaX509CertificateConverter converter = new JcaX509CertificateConverter().setProvider(CryptoProviders.bc());
            List<X509Certificate> pool = new ArrayList<>();
            for (X509CertificateHolder holder : cms.getCertificates().getMatches(null)) {
                pool.add(converter.getCertificate(holder));
            }
            List<SignerInformation> signers = new ArrayList<>(cms.getSignerInfos().getSigners());
            if (signers.size() != 1) {
                return "the signature must have exactly one signer";
            }
            SignerInformation signer = signers.get(0);
            X509Certificate cert = pool.stream()
                    .filter(c -> signer.getSID().match(holder(c))).findFirst().orElse(null);
            if (cert == null) {
                return "the signature does not carry its signer's certificate";
            }
            if (!signer.verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider(CryptoProviders.bc()).build(cert))) {
                return "the signature does not match this checkpoint";
            }
            boolean logKey = AuditLogIdentity.certifiedForTheLog(cert) && AuditLogIdentity.TREE_HEAD.equals(signer.getContentType());
            if (!logKey && !pinned.test(cert)) {
                return "the signer is not the audit log: its certificate (" + cert.getSubjectX500Principal().getName()
                        + ") is not certified for the log (extended key usage " + AuditLogIdentity.LOG_SIGNING + ", signing content type "
                        + AuditLogIdentity.TREE_HEAD + ") nor a log key this verifier pins";
            }
            if (!CertificatePaths.build(cert, pool, anchors).trusted()) {
                return "the signer's certificate does not chain to a trust anchor";
            }
            return null;
        } catch (CMSException | CertificateException | OperatorCreationException | RuntimeException e) {
            return "the signature is unreadable or does not verify";
        }
    }

    private static X509CertificateHolder holder(X509Certificate certificate) {
        try {
            return new JcaX509CertificateHolder(certificate);
        } catch (CertificateEncodingException e) {
            throw new CryptoException("Unreadable certificate", e);
        }
    }
}
