package dev.sealgate.crypto;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;

/** Builds X.509 v2 CRLs signed through the key custody. */
public final class CrlBuilder {

    /** A revoked certificate: serial, time and RFC 5280 reason code. */
    public record Revoked(BigInteger serial, Instant revokedAt, int reason) {
    }

    private CrlBuilder() {
    }

    public static X509CRL build(X509Certificate issuer, KeyCustody custody, String issuerAlias, List<Revoked> revoked,
            Instant thisUpdate, Instant nextUpdate, BigInteger crlNumber) {
        try {
            X509v2CRLBuilder builder = new X509v2CRLBuilder(
                    X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded()), Date.from(thisUpdate));
            builder.setNextUpdate(Date.from(nextUpdate));
            for (Revoked entry : revoked) {
                builder.addCRLEntry(entry.serial(), Date.from(entry.revokedAt()), entry.reason());
            }
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(issuer.getPublicKey()));
            builder.addExtension(Extension.cRLNumber, false, new CRLNumber(crlNumber));
            var signer = new CustodySigner(custody, issuerAlias, SignatureScheme.forKey(issuer.getPublicKey()));
            return new JcaX509CRLConverter().setProvider(CryptoProviders.bc()).getCRL(builder.build(signer));
        } catch (IOException | GeneralSecurityException e) {
            throw new CryptoException("Cannot build CRL: " + e.getMessage(), e);
        }
    }
}
