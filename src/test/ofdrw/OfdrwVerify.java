import org.ofdrw.core.basicType.ST_Loc;
import org.ofdrw.core.signatures.SigType;
import org.ofdrw.core.signatures.Signatures;
import org.ofdrw.core.signatures.appearance.Seal;
import org.ofdrw.gm.ses.parse.SESVersion;
import org.ofdrw.gm.ses.parse.SESVersionHolder;
import org.ofdrw.gm.ses.parse.VersionParser;
import org.ofdrw.reader.OFDReader;
import org.ofdrw.reader.ResourceLocator;
import org.ofdrw.sign.verify.OFDValidator;
import org.ofdrw.sign.verify.SignedDataValidateContainer;
import org.ofdrw.sign.verify.container.GBT35275ValidateContainer;
import org.ofdrw.sign.verify.container.SESV1ValidateContainer;
import org.ofdrw.sign.verify.container.SESV4ValidateContainer;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.util.List;

/**
 * Independent OFD signature check with ofdrw 2.3.3 (org.ofdrw:ofdrw-sign), run in its own JVM:
 *
 * <pre>java -cp 'target/ofdrw/*' src/test/ofdrw/OfdrwVerify.java file.ofd   (the jars: ./mvnw generate-test-resources)</pre>
 *
 * For every signature listed in the default document's Signatures.xml it runs the same three
 * steps as {@link OFDValidator#exeValidate()} (Reference CheckValue integrity, Seal.esl match,
 * SignedValue check), with the validate container chosen per signature:
 * Type="Seal" (or absent): SESV4ValidateContainer, or SESV1ValidateContainer if SignedValue.dat
 * is a GM/T 0031 (V1) structure; Type="Sign": GBT35275ValidateContainer.
 * The private steps of OFDValidator are called reflectively so ofdrw's own code does the checks.
 * Prints "signature ID TYPE OK" or "signature ID TYPE FAILED message" per signature; exit 0 only
 * if there is at least one signature and all pass. As a cross-check, ofdrw's whole-document
 * exeValidate() is also run with a per-signature dispatching container; its verdict goes to stderr.
 */
public class OfdrwVerify {

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        if (args.length != 1) {
            err.println("usage: java -cp 'lib/*' OfdrwVerify.java <file.ofd>");
            System.exit(2);
        }
        Path ofd = Paths.get(args[0]);
        int total = 0;
        int ok = 0;
        boolean wholeOk;
        try (OFDReader reader = new OFDReader(ofd)) {
            OFDValidator validator = new OFDValidator(reader);
            Method checkFileIntegrity = OFDValidator.class.getDeclaredMethod(
                    "checkFileIntegrity", org.ofdrw.core.signatures.sig.Signature.class);
            checkFileIntegrity.setAccessible(true);
            Method checkSealMatch = OFDValidator.class.getDeclaredMethod("checkSealMatch", Path.class, Path.class);
            checkSealMatch.setAccessible(true);

            ResourceLocator rl = reader.getResourceLocator();
            ST_Loc signsListLoc = reader.getDefaultDocSignaturesPath();
            if (signsListLoc == null) {
                out.println("no signatures (OFD.xml DocBody has no Signatures entry)");
                System.exit(1);
            }
            List<org.ofdrw.core.signatures.Signature> records;
            rl.save();
            try {
                rl.cd("/");
                Signatures sigList = rl.get(signsListLoc, Signatures::new);
                records = sigList.getSignatures();
            } finally {
                rl.restore();
            }

            for (org.ofdrw.core.signatures.Signature rec : records) {
                total++;
                String id = rec.attributeValue("ID");
                String typeAttr = rec.attributeValue("Type");
                String typeName = typeAttr == null || typeAttr.trim().isEmpty() ? "Seal" : typeAttr.trim();
                rl.save();
                try {
                    // identical path handling to OFDValidator#exeValidate
                    rl.cd("/");
                    rl.cd(signsListLoc.parent());
                    SigType type = rec.getType();
                    ST_Loc signFileLoc = rec.getBaseLoc();
                    Path signatureFilePath = rl.getFile(signFileLoc);
                    org.ofdrw.core.signatures.sig.Signature sig =
                            rl.get(signFileLoc, org.ofdrw.core.signatures.sig.Signature::new);
                    rl.cd(signFileLoc.parent());
                    // 1. Reference CheckValue integrity (ofdrw private method)
                    invoke(checkFileIntegrity, validator, sig);
                    Path signedValuePath = rl.getFile(sig.getSignedValue());
                    byte[] signedValue = Files.readAllBytes(signedValuePath);
                    if (type == SigType.Seal) {
                        // 2. Seal.esl must equal the seal inside SignedValue.dat (only if <Seal> present)
                        Seal seal = sig.getSignedInfo().getSeal();
                        if (seal != null) {
                            Path sealPath = rl.getFile(seal.getBaseLoc());
                            if (!(Boolean) invoke(checkSealMatch, validator, sealPath, signedValuePath)) {
                                throw new GeneralSecurityException(
                                        "印章(Seal.esl)与电子签章数据(SignedValue.dat)中的印章不匹配");
                            }
                        }
                    }
                    // 3. SignedValue check with the container chosen for this signature
                    SignedDataValidateContainer container = containerFor(type, signedValue);
                    validator.setValidator(container);
                    String alg = sig.getSignedInfo().getSignatureMethod();
                    validator.checkSignedValue(type, alg, signatureFilePath, signedValuePath);
                    ok++;
                    out.println("signature " + id + " " + typeName + " OK");
                } catch (Throwable e) {
                    out.println("signature " + id + " " + typeName + " FAILED " + describe(e));
                } finally {
                    rl.restore();
                }
            }

            // Cross-check: ofdrw's public whole-document entry point with a dispatching container.
            try {
                validator.setValidator((t, alg, tbs, sv) -> containerFor(t, sv).validate(t, alg, tbs, sv));
                validator.exeValidate();
                wholeOk = true;
                err.println("ofdrw OFDValidator.exeValidate(): OK");
            } catch (Throwable e) {
                wholeOk = false;
                err.println("ofdrw OFDValidator.exeValidate(): FAILED " + describe(e));
            }
        } catch (Throwable e) {
            out.println("cannot read OFD: " + describe(e));
            System.exit(1);
            return;
        }
        if (total > 0 && ok == total && !wholeOk) {
            err.println("inconsistent: per-signature checks passed but exeValidate() failed");
        }
        System.exit(total > 0 && ok == total && wholeOk ? 0 : 1);
    }

    /** Seal: V4 (GB/T 38540) or V1 (GM/T 0031) by the shape of SignedValue.dat; Sign: GB/T 35275. */
    static SignedDataValidateContainer containerFor(SigType type, byte[] signedValue) {
        if (type == SigType.Sign) {
            return new GBT35275ValidateContainer();
        }
        SESVersionHolder v = VersionParser.parseSES_SignatureVersion(signedValue);
        return v.getVersion() == SESVersion.v1 ? new SESV1ValidateContainer() : new SESV4ValidateContainer();
    }

    static Object invoke(Method m, Object target, Object... args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder();
        String msg = e.getMessage();
        sb.append(msg == null || msg.isEmpty() ? e.getClass().getName() : msg);
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c.getMessage() != null && !sb.toString().contains(c.getMessage())) {
                sb.append(" / ").append(c.getMessage());
            }
        }
        return sb.toString().replace('\n', ' ');
    }
}
