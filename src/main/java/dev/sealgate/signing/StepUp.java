package dev.sealgate.signing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;

import dev.sealgate.formats.SignatureFormat;
import dev.sealgate.support.SigningSettings;
import dev.sealgate.support.StepUpRequired;

/**
 * Signing demands a strong and recent authentication (Electronic Signature Law art. 13: the key under
 * the signer's sole control when signing). The token's {@code acr} must be at least the configured level
 * and its {@code auth_time} no older than the configured age, per key kind; otherwise the request is
 * refused with the RFC 9470 challenge, and the client logs the civil servant in again at that level.
 */
@ApplicationScoped
public class StepUp {

    /** What authorised an action: the token's {@code acr} and {@code auth_time} (either may be absent). */
    public record Authentication(String acr, Instant authTime) {
    }

    /** A level and an age. */
    record Requirement(int acr, Duration maxAge) {
    }

    @Inject
    SigningSettings settings;

    @Inject
    Clock clock;

    private final Map<SignatureFormat.KeyKind, Requirement> requirements = new java.util.concurrent.ConcurrentHashMap<>();

    @PostConstruct
    void read() {
        requirements.put(SignatureFormat.KeyKind.PERSONAL, new Requirement(settings.stepUp().personal().acr(),
                settings.stepUp().personal().maxAge()));
        requirements.put(SignatureFormat.KeyKind.SEAL, new Requirement(settings.stepUp().seal().acr(), settings.stepUp().seal().maxAge()));
    }

    /**
     * The token's authentication, if it satisfies what signing with {@code kind} demands; otherwise
     * {@link StepUpRequired}.
     */
    public Authentication require(JsonWebToken token, SignatureFormat.KeyKind kind) {
        Requirement requirement = requirements.get(kind);
        Authentication authentication = of(token);
        if (requirement.acr() <= 0) {
            return authentication;
        }
        String what = kind == SignatureFormat.KeyKind.SEAL ? "Using the department's seal" : "Signing with a personal key";
        int level = level(authentication.acr());
        if (level < requirement.acr()) {
            throw new StepUpRequired(requirement.acr(), requirement.maxAge(), what + " needs authentication level (acr) "
                    + requirement.acr() + " (password and one-time code); this token has "
                    + (authentication.acr() == null ? "none" : authentication.acr()) + ". Log in again with acr_values="
                    + requirement.acr() + ".");
        }
        if (authentication.authTime() == null) {
            throw new StepUpRequired(requirement.acr(), requirement.maxAge(), what
                    + " needs a token that says when the civil servant authenticated (auth_time); log in again.");
        }
        Duration age = Duration.between(authentication.authTime(), clock.instant());
        if (age.compareTo(requirement.maxAge()) > 0) {
            throw new StepUpRequired(requirement.acr(), requirement.maxAge(), what + " needs an authentication at most "
                    + requirement.maxAge().toSeconds() + " seconds old; this one is " + age.toSeconds()
                    + " seconds old. Log in again (max_age=" + requirement.maxAge().toSeconds() + ").");
        }
        return authentication;
    }

    /** Replaces the requirement for one key kind (tests of the age rule, which cannot wait five minutes). */
    void override(SignatureFormat.KeyKind kind, int acr, Duration maxAge) {
        requirements.put(kind, new Requirement(acr, maxAge));
    }

    /** Restores the configured requirements. */
    void reset() {
        read();
    }

    static Authentication of(JsonWebToken token) {
        Object acr = token.getClaim("acr");
        Object authTime = token.getClaim("auth_time");
        Instant at = null;
        if (authTime instanceof Number n) {
            at = Instant.ofEpochSecond(n.longValue());
        } else if (authTime != null) {
            try {
                at = Instant.ofEpochSecond(Long.parseLong(authTime.toString().replace("\"", "").trim()));
            } catch (NumberFormatException e) {
                at = null;
            }
        }
        String acrText = acr == null ? null : acr.toString().replace("\"", "");
        return new Authentication(acrText == null || acrText.isBlank() ? null : acrText, at);
    }

    private static int level(String acr) {
        if (acr == null) {
            return 0;
        }
        try {
            return Integer.parseInt(acr.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
