package dev.sealgate.support;

/**
 * A domain failure that the caller should see as a problem response. The detail is shown to the
 * caller, so it must never carry personal data, secrets or internal state.
 */
public class ProblemException extends RuntimeException {

    private final ProblemType type;
    private final Integer retryAfterSeconds;

    public ProblemException(ProblemType type, String detail) {
        this(type, detail, null, null);
    }

    public ProblemException(ProblemType type, String detail, Integer retryAfterSeconds, Throwable cause) {
        super(detail, cause);
        this.type = type;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public ProblemType type() {
        return type;
    }

    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
