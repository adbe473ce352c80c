package dev.sealgate.crypto;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.X509ObjectIdentifiers;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;

/** Where a certificate says its revocation status can be asked (AIA OCSP, CRL distribution points). */
public final class CertificateUrls {

    private CertificateUrls() {
    }

    public static List<String> ocsp(X509Certificate cert) {
        return urls(cert, true);
    }

    public static List<String> crl(X509Certificate cert) {
        return urls(cert, false);
    }

    public static X509CRL parseCrl(byte[] der) {
        try {
            return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
        } catch (Exception e) {
            throw new CryptoException("Not a CRL", e);
        }
    }

    /** OCSP URLs from AIA, or CRL URLs from the CRL distribution points; only http(s). */
    private static List<String> urls(X509Certificate cert, boolean ocsp) {
        try {
            var holder = new JcaX509CertificateHolder(cert);
            List<String> out = new ArrayList<>();
            if (ocsp) {
                AuthorityInformationAccess aia = AuthorityInformationAccess.fromExtensions(holder.getExtensions());
                if (aia != null) {
                    for (AccessDescription description : aia.getAccessDescriptions()) {
                        if (description.getAccessMethod().equals(X509ObjectIdentifiers.id_ad_ocsp)) {
                            addUri(out, description.getAccessLocation());
                        }
                    }
                }
            } else if (holder.getExtension(Extension.cRLDistributionPoints) != null) {
                CRLDistPoint points = CRLDistPoint.getInstance(holder.getExtension(Extension.cRLDistributionPoints).getParsedValue());
                for (DistributionPoint point : points.getDistributionPoints()) {
                    if (point.getDistributionPoint() != null && point.getDistributionPoint().getName() instanceof GeneralNames names) {
                        for (GeneralName name : names.getNames()) {
                            addUri(out, name);
                        }
                    }
                }
            }
            return out;
        } catch (Exception e) {
            return List.of();
        }
    }

    private static void addUri(List<String> out, GeneralName name) {
        if (name.getTagNo() == GeneralName.uniformResourceIdentifier) {
            String uri = name.getName().toString();
            if (uri.startsWith("http://") || uri.startsWith("https://")) {
                out.add(uri);
            }
        }
    }
}
