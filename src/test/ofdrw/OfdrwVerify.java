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
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Independent OFD signature check with ofdrw 2.3.3 (org.ofdrw:ofdrw-sign), run in its own JVM:
 *
 * <pre>java -cp 'target/ofdrw/*' src/test/ofdrw/OfdrwVerify.java file.ofd   (the jars: ./mvnw generate-test-resources)
 * java -cp 'target/ofdrw/*' src/test/ofdrw/OfdrwVerify.java --batch dir</pre>
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
 * <p>
 * With --batch it checks every *.ofd in dir (by name) in this one JVM, and prints per signature
 * "file TAB ID TAB OK|FAILED TAB TYPE[ message]"; "file TAB TAB UNREADABLE TAB message" for a package
 * ofdrw cannot read, "file TAB TAB NO_SIGNATURE TAB" for one without signatures; a disagreeing
 * cross-check goes to stderr. Exits 0 (the verdicts are the output).
 */
public class OfdrwVerify {

    /** One signature's verdict; {@code failure} null means it passed. */
    record Verdict(String id, String type, Throwable failure) {
    }

    /**
     * A package's verdicts; {@code listed} false when OFD.xml names no Signatures.xml, {@code whole}
     * the failure of the exeValidate() cross-check (null when it passed).
     */
    record Verdicts(boolean listed, List<Verdict> signatures, Throwable whole) {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        if (args.length == 2 && args[0].equals("--batch")) {
            batch(Paths.get(args[1]), out, err);
            System.exit(0);
        }
        if (args.length != 1) {
            err.println("usage: java -cp 'lib/*' OfdrwVerify.java <file.ofd> | --batch <dir>");
            System.exit(2);
        }
        Verdicts v;
        try {
            v = verify(Paths.get(args[0]));
        } catch (Throwable e) {
            out.println("cannot read OFD: " + describe(e));
            System.exit(1);
            return;
        }
        if (!v.listed()) {
            out.println("no signatures (OFD.xml DocBody has no Signatures entry)");
            System.exit(1);
        }
        int ok = 0;
        for (Verdict s : v.signatures()) {
            if (s.failure() == null) {
                ok++;
                out.println("signature " + s.id() + " " + s.type() + " OK");
            } else {
                out.println("signature " + s.id() + " " + s.type() + " FAILED " + describe(s.failure()));
            }
        }
        boolean wholeOk = v.whole() == null;
        err.println("ofdrw OFDValidator.exeValidate(): " + (wholeOk ? "OK" : "FAILED " + describe(v.whole())));
        int total = v.signatures().size();
        if (total > 0 && ok == total && !wholeOk) {
            err.println("inconsistent: per-signature checks passed but exeValidate() failed");
        }
        System.exit(total > 0 && ok == total && wholeOk ? 0 : 1);
    }

    /** Every *.ofd in {@code dir}, sorted by name; whatever one file does, the next is still checked. */
    static void batch(Path dir, PrintStream out, PrintStream err) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".ofd") && Files.isRegularFile(p))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString())).collect(Collectors.toList());
        }
        for (Path file : files) {
            String name = file.getFileName().toString();
            try {
                Verdicts v = verify(file);
                if (!v.listed() || v.signatures().isEmpty()) {
                    out.println(name + "\t\tNO_SIGNATURE\t");
                    continue;
                }
                boolean allOk = true;
                for (Verdict s : v.signatures()) {
                    allOk &= s.failure() == null;
                    out.println(name + "\t" + s.id() + "\t" + (s.failure() == null ? "OK\t" + s.type()
                            : "FAILED\t" + s.type() + " " + oneField(describe(s.failure()))));
                }
                if (allOk && v.whole() != null) {
                    err.println(name + ": inconsistent: per-signature checks passed but exeValidate() failed: "
                            + describe(v.whole()));
                }
            } catch (Throwable e) {
                out.println(name + "\t\tUNREADABLE\t" + oneField(describe(e)));
            }
        }
    }

    /** A message as one TSV field. */
    static String oneField(String message) {
        return message.replace('\t', ' ').replace('\r', ' ');
    }

    /**
     * ofdrw's verdict on each signature of {@code ofd}, and of exeValidate() on the whole package;
     * throws when the package (or its Signatures.xml) cannot be read.
     */
    static Verdicts verify(Path ofd) throws Throwable {
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
                return new Verdicts(false, List.of(), null);
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

            List<Verdict> verdicts = new ArrayList<>();
            for (org.ofdrw.core.signatures.Signature rec : records) {
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
                    verdicts.add(new Verdict(id, typeName, null));
                } catch (Throwable e) {
                    verdicts.add(new Verdict(id, typeName, e));
                } finally {
                    rl.restore();
                }
            }

            // Cross-check: ofdrw's public whole-document entry point with a dispatching container.
            Throwable whole = null;
            try {
                validator.setValidator((t, alg, tbs, sv) -> containerFor(t, sv).validate(t, alg, tbs, sv));
                validator.exeValidate();
            } catch (Throwable e) {
                whole = e;
            }
            return new Verdicts(true, verdicts, whole);
        }
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
