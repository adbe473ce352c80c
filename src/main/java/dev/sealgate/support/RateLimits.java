package dev.sealgate.support;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Token buckets per caller: per partner client ({@code azp}) on the partner APIs, per remote
 * address on the public verification page. A bucket holds {@code burst} requests and refills at
 * {@code per-minute}; a caller over the limit gets 429 with the seconds until the next token.
 */
@ApplicationScoped
public class RateLimits {

    /** The limited scopes; each has its own buckets and configuration. */
    public enum Scope {
        PARTNER, PUBLIC_VERIFY
    }

    @ConfigMapping(prefix = "sealgate.rate-limit")
    public interface Config {
        Limit partner();

        @io.smallrye.config.WithName("public-verify")
        Limit publicVerify();

        /** How many callers are tracked per scope before idle buckets are dropped. */
        @WithDefault("100000")
        int maxTrackedCallers();

        interface Limit {
            int perMinute();

            int burst();
        }
    }

    private final Config config;
    private final Map<Scope, Map<String, Bucket>> buckets = new ConcurrentHashMap<>();

    public RateLimits(Config config) {
        this.config = config;
    }

    /** Takes one token for {@code caller} in {@code scope}, or throws a 429 problem. */
    public void charge(Scope scope, String caller) {
        Config.Limit limit = scope == Scope.PARTNER ? config.partner() : config.publicVerify();
        Map<String, Bucket> scoped = buckets.computeIfAbsent(scope, s -> new ConcurrentHashMap<>());
        if (scoped.size() >= config.maxTrackedCallers()) {
            evict(scoped, limit);
        }
        long waitNanos = scoped.computeIfAbsent(caller, c -> new Bucket(limit.burst())).take(limit, System.nanoTime());
        if (waitNanos > 0) {
            int seconds = (int) Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
            throw new ProblemException(ProblemType.TOO_MANY_REQUESTS,
                    "Too many requests from this caller; retry after " + seconds + " s.", seconds, null);
        }
    }

    int trackedCallers(Scope scope) {
        return buckets.getOrDefault(scope, Map.of()).size();
    }

    /** Drops the buckets of callers quiet long enough to be full again (forgetting them changes nothing), then any. */
    private void evict(Map<String, Bucket> scoped, Config.Limit limit) {
        long now = System.nanoTime();
        long refill = (long) Math.ceil(limit.burst() * 60e9 / limit.perMinute());
        scoped.values().removeIf(bucket -> bucket.idleSince(now) >= refill);
        Iterator<String> keys = scoped.keySet().iterator();
        while (scoped.size() >= config.maxTrackedCallers() && keys.hasNext()) {
            keys.next();
            keys.remove();
        }
    }

    private static final class Bucket {
        private double tokens;
        private long updated;

        Bucket(int burst) {
            this.tokens = burst;
            this.updated = System.nanoTime();
        }

        /** Takes a token and returns 0, or returns how long until one is available. */
        synchronized long take(Config.Limit limit, long now) {
            double perNano = limit.perMinute() / 60e9;
            tokens = Math.min(limit.burst(), tokens + (now - updated) * perNano);
            updated = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) / perNano);
        }

        synchronized long idleSince(long now) {
            return now - updated;
        }
    }
}
