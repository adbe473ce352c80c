package dev.sealgate.web;

import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sealgate.support.Problem;
import dev.sealgate.support.ProblemException;
import dev.sealgate.support.ProblemType;
import dev.sealgate.support.RateLimits;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * No worker thread waits on an anonymous client for long, and anonymous clients cannot take them all.
 * The public pages that take uploads without a token ({@code POST /verify}, {@code POST /v/{code}}) read
 * a multipart body on a worker thread that waits on the socket; every such request passes here first, on
 * the event loop, before anything reads its body. It is admitted only while fewer than
 * {@code max-receiving-per-client} such requests from its address and {@code max-receiving} in all have
 * not had their body read (else {@code 429}/{@code 503} at once, with {@code Retry-After}, and the
 * connection closed once the client stops sending), and its body must have been read within
 * {@code grace + declared length / min-rate} (chunked: {@code max-time}) or the connection is closed, which
 * ends the blocked read. {@code /verify}'s rate limit is charged here, on arrival.
 *
 * <p>Only the public pages: a body counts from arrival until it has been read, which under load includes
 * the time it waits for a worker, so the same caps on the API would refuse a partner's or back office's
 * ordinary concurrent requests from one address (measured: 48 concurrent signers from one address, 90 %
 * refused). The API needs a token; its callers are known and rate-limited per client.
 */
@ApplicationScoped
public class UploadGate {

    private static final Logger LOG = Logger.getLogger(UploadGate.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int RETRY_AFTER_SECONDS = 5;

    @Inject
    Vertx vertx;

    @Inject
    RateLimits rateLimits;

    @ConfigProperty(name = "sealgate.uploads.max-receiving")
    int maxReceiving;

    @ConfigProperty(name = "sealgate.uploads.max-receiving-per-client")
    int maxPerClient;

    @ConfigProperty(name = "sealgate.uploads.grace")
    Duration grace;

    @ConfigProperty(name = "sealgate.uploads.min-rate")
    MemorySize minRate;

    @ConfigProperty(name = "sealgate.uploads.max-time")
    Duration maxTime;

    /** Bodies still arriving, and from which address. Guarded by itself. */
    private final Map<HttpServerRequest, String> receiving = new IdentityHashMap<>();

    void register(@Observes Filters filters) {
        // before every route, security and the REST layer included
        filters.register(this::admit, 1_000_000);
    }

    void admit(RoutingContext context) {
        HttpServerRequest request = context.request();
        HttpMethod method = request.method();
        String path = request.path();
        boolean publicUpload = method == HttpMethod.POST && path != null && (path.equals("/verify") || path.startsWith("/v/"))
                && !request.isEnded() && (request.headers().contains(HttpHeaders.TRANSFER_ENCODING) || contentLength(request) > 0);
        if (!publicUpload) {
            context.next();
            return;
        }
        String client = request.remoteAddress() == null ? "-" : request.remoteAddress().hostAddress();
        if ("/verify".equals(path)) {
            try {
                rateLimits.charge(RateLimits.Scope.PUBLIC_VERIFY, client);
            } catch (ProblemException e) {
                refuse(context, e.type(), e.getMessage(), e.retryAfterSeconds() == null ? RETRY_AFTER_SECONDS : e.retryAfterSeconds());
                return;
            }
        }
        // whether the bodies counted so far have arrived is asked with no lock of ours held: a request's state is
        // guarded by its connection, whose event loop may be in here waiting for our lock
        java.util.Set<HttpServerRequest> arrived = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (HttpServerRequest counted : counted()) {
            if (counted.isEnded() || counted.response().closed() || counted.response().ended()) {
                arrived.add(counted);
            }
        }
        ProblemType full;
        synchronized (receiving) {
            receiving.keySet().removeAll(arrived);
            long fromClient = receiving.values().stream().filter(client::equals).count();
            full = fromClient >= maxPerClient ? ProblemType.TOO_MANY_REQUESTS
                    : receiving.size() >= maxReceiving ? ProblemType.UPLOADS_BUSY : null;
            if (full == null) {
                receiving.put(request, client);
            }
        }
        if (full != null) {
            LOG.debugf("upload refused (%s)", full.uri());
            refuse(context, full, full == ProblemType.TOO_MANY_REQUESTS
                    ? "Too many uploads from this address are still arriving; retry when one has arrived."
                    : "Too many uploads are arriving at once; retry shortly.", RETRY_AFTER_SECONDS);
            return;
        }
        long length = contentLength(request);
        // the pages' forms are read whole before anything works on them: until then only the client can be slow
        long deadline = length > 0
                ? Math.min(grace.toMillis() + length * 1000 / Math.max(1, minRate.asLongValue()), maxTime.toMillis())
                : maxTime.toMillis();
        long timer = vertx.setTimer(Math.max(1, deadline), id -> {
            if (!request.isEnded()) {
                LOG.debugf("closing a connection whose body did not arrive within %d ms", deadline);
                request.connection().close();
            }
            release(request);
        });
        context.addEndHandler(done -> {
            vertx.cancelTimer(timer);
            release(request);
        });
        context.next();
    }

    private void release(HttpServerRequest request) {
        synchronized (receiving) {
            receiving.remove(request);
        }
    }

    /** The requests counted as still arriving, copied under the lock. */
    private java.util.List<HttpServerRequest> counted() {
        synchronized (receiving) {
            return new java.util.ArrayList<>(receiving.keySet());
        }
    }

    private static long contentLength(HttpServerRequest request) {
        String value = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        try {
            return value == null ? -1 : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Answers now, without waiting for the body, and closes the connection: once the client has sent what it
     * was sending (discarded, so the close is not a reset that loses the answer), or after a second at most.
     */
    private void refuse(RoutingContext context, ProblemType type, String detail, int retryAfter) {
        HttpServerRequest request = context.request();
        long linger = vertx.setTimer(1000, id -> request.connection().close());
        request.handler(discarded -> {
        });
        request.endHandler(ended -> {
            vertx.cancelTimer(linger);
            request.connection().close();
        });
        request.resume();
        String body;
        String mediaType;
        if ("/verify".equals(context.request().path())) {
            Language t = Language.choose(context.request().getParam("lang"), context.request().getHeader(HttpHeaders.ACCEPT_LANGUAGE));
            body = VerifyPage.Templates.problem(t, type == ProblemType.TOO_MANY_REQUESTS ? t.get("tooMany") : type.title(), detail,
                    type.uri().toString()).render();
            mediaType = "text/html;charset=UTF-8";
        } else {
            try {
                body = JSON.writeValueAsString(new Problem(type.uri(), type.title(), type.status(), detail, context.request().path()));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            mediaType = Problem.MEDIA_TYPE;
        }
        context.response().setStatusCode(type.status()).putHeader(HttpHeaders.CONTENT_TYPE, mediaType)
                .putHeader(HttpHeaders.RETRY_AFTER, Integer.toString(retryAfter)).putHeader(HttpHeaders.CONNECTION, "close")
                .putHeader("X-Content-Type-Options", "nosniff").end(body);
    }
}
