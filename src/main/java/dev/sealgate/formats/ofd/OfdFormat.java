package dev.sealgate.formats.ofd;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.sealgate.formats.BaselineLevel;
import dev.sealgate.formats.DocumentFormat;
import dev.sealgate.formats.Inspected;
import dev.sealgate.formats.Making;
import dev.sealgate.formats.Produced;
import dev.sealgate.formats.SignatureFormat;
import dev.sealgate.formats.SignatureRequest;
import dev.sealgate.formats.SigningServices;

/** OFD documents (GB/T 33190) and their signatures and electronic seals (GB/T 38540). */
@ApplicationScoped
public class OfdFormat implements DocumentFormat {

    private static final Identity IDENTITY = new Identity(SignatureFormat.Format.OFD, "OFD", "OFD", "an OFD package", 40);

    @Override
    public Identity identity() {
        return IDENTITY;
    }

    @Override
    public boolean recognises(byte[] document) {
        return OfdInspector.isOfd(document);
    }

    @Override
    public List<Inspected> inspect(byte[] document, Path original) {
        return OfdInspector.inspect(document);
    }

    @Override
    public SignatureFormat.Packaging defaultPackaging() {
        return SignatureFormat.Packaging.ENVELOPED;
    }

    /** B-B, or B-T for a seal whose SES_Signature carries a time-stamp of its value (GB/T 38540). */
    @Override
    public boolean makes(SignatureFormat.Packaging packaging, BaselineLevel level) {
        return packaging == SignatureFormat.Packaging.ENVELOPED && (level == BaselineLevel.B_B || level == BaselineLevel.B_T);
    }

    @Override
    public boolean signsMediaType(String mediaType) {
        return mediaType.startsWith("application/ofd");
    }

    /** A seal with the department's electronic seal; an electronic signature ({@code Type="Sign"}) with the civil servant's SM2 key. */
    @Override
    public KeyUse keyUse(SignatureFormat.KeyKind kind) {
        return kind == SignatureFormat.KeyKind.SEAL ? KeyUse.ELECTRONIC_SEAL : KeyUse.PERSONAL_SM2;
    }

    @Override
    public String refusal(SignatureFormat.Packaging packaging, BaselineLevel level, SignatureFormat.KeyKind kind) {
        if (level == BaselineLevel.B_T && kind != SignatureFormat.KeyKind.SEAL) {
            return "B-T for OFD is a time-stamped seal (key=seal); a personal OFD signature is B-B.";
        }
        return makes(packaging, level) ? null
                : "An OFD signature is added to the package itself: leave packaging out; level is B-B, or B-T for a time-stamped seal.";
    }

    /** A seal's picture is always on a page. */
    @Override
    public boolean alwaysVisible(SignatureFormat.KeyKind kind) {
        return kind == SignatureFormat.KeyKind.SEAL;
    }

    /** A QR code of the check address goes beside a seal. */
    @Override
    public boolean showsCheckCode(SignatureRequest request) {
        return request.keyKind() == SignatureFormat.KeyKind.SEAL;
    }

    /** The signature (GB/T 38540 for a seal, GB/T 35275 for an electronic signature) added to the package itself. */
    @Override
    public Produced make(Making making, InputStream body) throws IOException {
        SigningServices services = making.services();
        SignatureRequest request = making.request();
        SignatureRequest.Placement mark = request.mark() == null ? SignatureRequest.Placement.DEFAULT : request.mark();
        OfdSigner.Placement place = new OfdSigner.Placement(mark.page(), mark.x(), mark.y());
        return making.envelop(body, "application/ofd", (document, now, out) -> {
            String qrText = making.appearance() == null ? null : making.appearance().apply(now).qrText();
            OfdSigner.Result result = OfdSigner.sign(document, new OfdSigner.Request(making.key(), making.seal(),
                    services.limits().seals().diameterMm(), place, now, request.level() == BaselineLevel.B_T ? services.timeStamps()
                            : null, qrText), out);
            return new Making.Written(result.pages(), result.qrCode());
        });
    }
}
