package dev.sealgate.support;

import java.time.Clock;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The one clock validation reads "now" from: the system's UTC clock. Code that takes its time from
 * an injected {@link Clock} can be run "as of" a chosen time by constructing it with a fixed clock.
 */
public final class Clocks {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
