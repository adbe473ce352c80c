package dev.sealgate.formats;

import java.util.List;

/**
 * What a visible mark shows, whatever the format draws it with: the seal drawn from the name on it (null for a
 * personal signature), text lines top to bottom, and a QR code with its caption.
 *
 * @param qrText    what the QR code encodes (the public check address)
 * @param qrCaption the words under the QR code, a line per {@code \n}-separated part
 */
public record Appearance(String sealName, List<String> lines, String qrText, String qrCaption) {
}
