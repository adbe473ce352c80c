package dev.sealgate.audit;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * A tree head as a C2SP checkpoint (c2sp.org/tlog-checkpoint) in a signed note (c2sp.org/signed-note),
 * the form transparency-log tooling and witnesses read:
 *
 * <pre>
 * &lt;origin&gt;
 * &lt;tree size, decimal&gt;
 * &lt;root hash, base64&gt;
 *
 * — &lt;origin&gt; base64(key ID || ECDSA signature)          the log's
 * — &lt;witness name&gt; base64(key ID || time || Ed25519)     each witness's co-signature
 * </pre>
 *
 * The text signed is the first three lines with their newlines; signatures follow a blank line.
 */
public record CheckpointNote(String origin, long treeSize, byte[] rootHash, List<Line> signatures) {

    /** The largest note read (a checkpoint with a few hundred co-signatures). */
    public static final int MAX_BYTES = 64 * 1024;
    private static final String DASH = "\u2014 ";

    /** One signature line: the key name and the decoded base64 (key ID first). */
    public record Line(String name, byte[] signature) {

        public String text() {
            return DASH + name + " " + Base64.getEncoder().encodeToString(signature) + "\n";
        }
    }

    /** The signed text of the head of {@code treeSize} entries with root {@code rootHex} (lower-case hex). */
    public static String text(String origin, long treeSize, String rootHex) {
        return origin + "\n" + treeSize + "\n" + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(rootHex)) + "\n";
    }

    public String text() {
        return origin + "\n" + treeSize + "\n" + Base64.getEncoder().encodeToString(rootHash) + "\n";
    }

    public String rootHex() {
        return HexFormat.of().formatHex(rootHash);
    }

    /** The whole note: the text, a blank line, the signature lines. */
    public String note() {
        StringBuilder note = new StringBuilder(text()).append('\n');
        signatures.forEach(line -> note.append(line.text()));
        return note.toString();
    }

    public CheckpointNote with(Line line) {
        List<Line> lines = new ArrayList<>(signatures);
        lines.add(line);
        return new CheckpointNote(origin, treeSize, rootHash, List.copyOf(lines));
    }

    /** Reads a signed checkpoint note; IllegalArgumentException saying what is wrong when it is not one. */
    public static CheckpointNote parse(String note) {
        if (note == null || note.length() > MAX_BYTES) {
            throw new IllegalArgumentException("not a checkpoint note (missing or larger than " + MAX_BYTES + " bytes)");
        }
        if (note.chars().anyMatch(c -> c < 0x20 && c != '\n')) {
            throw new IllegalArgumentException("a signed note holds no control characters but newlines");
        }
        int split = note.lastIndexOf("\n\n");
        if (split < 0 || !note.endsWith("\n")) {
            throw new IllegalArgumentException("a signed note is its text, a blank line and signature lines, each ending in a newline");
        }
        String[] text = note.substring(0, split).split("\n", -1);
        if (text.length < 3) {
            throw new IllegalArgumentException("a checkpoint's text is an origin, a tree size and a root hash");
        }
        if (text.length > 3) {
            // extension lines: SealGate writes none, and a verifier must not sign or trust what it does not read
            throw new IllegalArgumentException("the checkpoint has extension lines; SealGate's have none");
        }
        String origin = text[0];
        if (origin.isEmpty()) {
            throw new IllegalArgumentException("the checkpoint's origin line is empty");
        }
        long size;
        try {
            if (!text[1].matches("0|[1-9][0-9]{0,18}")) {
                throw new NumberFormatException();
            }
            size = Long.parseLong(text[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the checkpoint's tree size is not a decimal number without leading zeroes");
        }
        byte[] root;
        try {
            root = Base64.getDecoder().decode(text[2]);
        } catch (IllegalArgumentException e) {
            root = null;
        }
        if (root == null || root.length != 32 || !Base64.getEncoder().encodeToString(root).equals(text[2])) {
            throw new IllegalArgumentException("the checkpoint's root hash is not 32 bytes in standard base64");
        }
        List<Line> lines = new ArrayList<>();
        for (String line : note.substring(split + 2, note.length() - 1).split("\n", -1)) {
            if (!line.startsWith(DASH)) {
                throw new IllegalArgumentException("a signature line starts with an em dash and a space");
            }
            int space = line.indexOf(' ', DASH.length());
            if (space <= DASH.length()) {
                throw new IllegalArgumentException("a signature line is a key name and a base64 signature");
            }
            byte[] signature;
            try {
                signature = Base64.getDecoder().decode(line.substring(space + 1));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("a signature is not standard base64");
            }
            if (signature.length < 5) {
                throw new IllegalArgumentException("a signature is a key ID and at least one byte");
            }
            lines.add(new Line(line.substring(DASH.length(), space), signature));
        }
        if (lines.isEmpty() || lines.size() > 100) {
            throw new IllegalArgumentException("a signed note has 1 to 100 signature lines");
        }
        return new CheckpointNote(origin, size, root, List.copyOf(lines));
    }
}
