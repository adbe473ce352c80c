package dev.sealgate.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.stream.Collectors;

import dev.sealgate.crypto.Pem;
import eu.europa.esig.dss.jaxb.object.Message;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.service.crl.OnlineCRLSource;
import eu.europa.esig.dss.service.http.commons.CommonsDataLoader;
import eu.europa.esig.dss.service.http.commons.OCSPDataLoader;
import eu.europa.esig.dss.service.http.commons.TimestampDataLoader;
import eu.europa.esig.dss.service.ocsp.OnlineOCSPSource;
import eu.europa.esig.dss.service.tsp.OnlineTSPSource;
import eu.europa.esig.dss.simplereport.SimpleReport;
import eu.europa.esig.dss.simplereport.jaxb.XmlTimestamp;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.spi.x509.CommonTrustedCertificateSource;
import eu.europa.esig.dss.spi.x509.aia.DefaultAIASource;
import eu.europa.esig.dss.validation.SignedDocumentValidator;
import eu.europa.esig.dss.validation.reports.Reports;
import io.restassured.RestAssured;

/** EU DSS 6.4 as the tests use it: the dev root as the only trust anchor, the instance under test as its only network. */
public final class Dss {

    private Dss() {
    }

    public static X509Certificate devRoot() {
        try {
            return Pem.certificates(Files.newBufferedReader(Path.of("certs-dev/root-ca.pem"))).get(0);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A certificate verifier trusting the dev root only; {@code online}: OCSP, CRL and CA certificates
     * from the instance under test (each address recorded in {@code fetched}, if not null), else no
     * online source at all (what a B-LT must carry itself).
     */
    public static CommonCertificateVerifier verifier(boolean online, List<String> fetched) {
        CommonCertificateVerifier verifier = new CommonCertificateVerifier();
        CommonTrustedCertificateSource trusted = new CommonTrustedCertificateSource();
        trusted.addCertificate(new CertificateToken(devRoot()));
        verifier.setTrustedCertSources(trusted);
        if (online) {
            verifier.setOcspSource(new OnlineOCSPSource(new DssTestInstanceLoader(new OCSPDataLoader(), fetched)));
            verifier.setCrlSource(new OnlineCRLSource(new DssTestInstanceLoader(new CommonsDataLoader(), fetched)));
            verifier.setAIASource(new DefaultAIASource(new DssTestInstanceLoader(new CommonsDataLoader(), fetched)));
        } else {
            verifier.setOcspSource(null);
            verifier.setCrlSource(null);
            verifier.setAIASource(null);
        }
        return verifier;
    }

    /** SealGate's own TSA, as DSS reaches it. */
    public static OnlineTSPSource tsa() {
        return new OnlineTSPSource("http://localhost:" + RestAssured.port + "/tsa",
                new DssTestInstanceLoader(new TimestampDataLoader(), null));
    }

    /** DSS's validation of a signed object (and the original of a detached signature, or null). */
    public static Reports validate(byte[] signed, byte[] original, CommonCertificateVerifier verifier) {
        SignedDocumentValidator validator = SignedDocumentValidator.fromDocument(new InMemoryDocument(signed, "signed"));
        validator.setCertificateVerifier(verifier);
        if (original != null) {
            validator.setDetachedContents(List.<DSSDocument>of(new InMemoryDocument(original, "original")));
        }
        return validator.validateDocument();
    }

    public static byte[] toBytes(DSSDocument document) {
        try (var in = document.openStream()) {
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Indication, sub-indication, level, messages and time-stamps of every signature: what explains a failure. */
    public static String describe(SimpleReport simple) {
        StringBuilder out = new StringBuilder("DSS simple report:");
        for (String id : simple.getSignatureIdList()) {
            out.append("\n  signature ").append(id).append(": ").append(simple.getIndication(id))
                    .append(" / ").append(simple.getSubIndication(id))
                    .append(", level ").append(simple.getSignatureFormat(id))
                    .append(", signed by ").append(simple.getSignedBy(id))
                    .append(", best signature time ").append(simple.getBestSignatureTime(id) == null ? null
                            : simple.getBestSignatureTime(id).toInstant());
            messages(out, "error", simple.getAdESValidationErrors(id));
            messages(out, "warning", simple.getAdESValidationWarnings(id));
            messages(out, "info", simple.getAdESValidationInfo(id));
            for (XmlTimestamp timestamp : simple.getSignatureTimestamps(id)) {
                out.append("\n    time-stamp ").append(timestamp.getId()).append(": ").append(timestamp.getIndication())
                        .append(" / ").append(timestamp.getSubIndication());
                if (timestamp.getAdESValidationDetails() != null) {
                    timestamp.getAdESValidationDetails().getError()
                            .forEach(m -> out.append("\n      error: ").append(m.getValue()));
                    timestamp.getAdESValidationDetails().getWarning()
                            .forEach(m -> out.append("\n      warning: ").append(m.getValue()));
                }
            }
        }
        return out.toString();
    }

    private static void messages(StringBuilder out, String kind, List<Message> messages) {
        out.append(messages.stream().map(m -> "\n    " + kind + ": " + m.getValue()).collect(Collectors.joining()));
    }
}
