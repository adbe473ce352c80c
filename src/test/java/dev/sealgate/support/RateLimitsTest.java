package dev.sealgate.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RateLimitsTest {

    private static RateLimits.Config.Limit limit(int perMinute, int burst) {
        return new RateLimits.Config.Limit() {
            public int perMinute() {
                return perMinute;
            }

            public int burst() {
                return burst;
            }
        };
    }

    private static RateLimits limits(int perMinute, int burst, int maxCallers) {
        return new RateLimits(new RateLimits.Config() {
            public Limit partner() {
                return limit(perMinute, burst);
            }

            public Limit publicVerify() {
                return limit(1, 2);
            }

            public int maxTrackedCallers() {
                return maxCallers;
            }
        });
    }

    @Test
    void aBurstPassesThenTheCallerWaitsForTheRefill() {
        RateLimits limits = limits(60, 5, 100);
        for (int i = 0; i < 5; i++) {
            limits.charge(RateLimits.Scope.PARTNER, "partner-a");
        }
        ProblemException refused = assertThrows(ProblemException.class, () -> limits.charge(RateLimits.Scope.PARTNER, "partner-a"));
        assertEquals(ProblemType.TOO_MANY_REQUESTS, refused.type());
        assertEquals(429, refused.type().status());
        // one token a second at 60 per minute
        assertEquals(1, refused.retryAfterSeconds());
    }

    @Test
    void callersAndScopesHaveTheirOwnBuckets() {
        RateLimits limits = limits(60, 1, 100);
        limits.charge(RateLimits.Scope.PARTNER, "partner-a");
        limits.charge(RateLimits.Scope.PARTNER, "partner-b");
        limits.charge(RateLimits.Scope.PUBLIC_VERIFY, "partner-a");
        assertThrows(ProblemException.class, () -> limits.charge(RateLimits.Scope.PARTNER, "partner-a"));
        ProblemException slow = assertThrows(ProblemException.class, () -> {
            limits.charge(RateLimits.Scope.PUBLIC_VERIFY, "192.0.2.1");
            limits.charge(RateLimits.Scope.PUBLIC_VERIFY, "192.0.2.1");
            limits.charge(RateLimits.Scope.PUBLIC_VERIFY, "192.0.2.1");
        });
        // one per minute: the next token is up to a minute away
        assertTrue(slow.retryAfterSeconds() > 50 && slow.retryAfterSeconds() <= 60, "retry after " + slow.retryAfterSeconds());
    }

    @Test
    void trackingManyCallersStaysBounded() {
        RateLimits limits = limits(60, 1, 1000);
        for (int i = 0; i < 50_000; i++) {
            limits.charge(RateLimits.Scope.PARTNER, "caller-" + i);
        }
        assertTrue(limits.trackedCallers(RateLimits.Scope.PARTNER) <= 1000);
    }
}
