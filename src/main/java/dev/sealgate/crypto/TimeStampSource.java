package dev.sealgate.crypto;

/** Something that answers RFC 3161 requests (DER TimeStampReq in, DER TimeStampResp out). */
@FunctionalInterface
public interface TimeStampSource {

    byte[] respond(byte[] timeStampRequest);
}
