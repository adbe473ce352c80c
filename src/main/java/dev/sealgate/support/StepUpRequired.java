package dev.sealgate.support;

import java.time.Duration;

/**
 * The caller's token is not strong or recent enough for the operation: answered with 401 and the RFC
 * 9470 challenge {@code WWW-Authenticate: Bearer error="insufficient_user_authentication", acr_values=…,
 * max_age=…}, which tells the client what to ask the authorization server for.
 */
public class StepUpRequired extends ProblemException {

    private final int acr;
    private final Duration maxAge;

    public StepUpRequired(int acr, Duration maxAge, String detail) {
        super(ProblemType.INSUFFICIENT_USER_AUTHENTICATION, detail);
        this.acr = acr;
        this.maxAge = maxAge;
    }

    /** The {@code WWW-Authenticate} value (RFC 6750 syntax with the RFC 9470 parameters). */
    public String challenge() {
        return "Bearer error=\"insufficient_user_authentication\", error_description=\"" + getMessage().replace("\"", "'")
                + "\", acr_values=\"" + acr + "\", max_age=" + maxAge.toSeconds();
    }
}
