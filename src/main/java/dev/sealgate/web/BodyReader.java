package dev.sealgate.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sealgate.formats.Spool;
import dev.sealgate.identity.Roles;
import dev.sealgate.support.Problem;
import dev.sealgate.support.ProblemType;
import dev.sealgate.support.RequestSizeLimits;
import dev.sealgate.support.SigningSettings;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * No worker thread waits on a client: every request body is read on the event loop, before the REST layer
 * takes a worker for it. A worker thread that reads a body from the socket waits as long as the client takes
 * to send it, so a few hundred half-sent bodies would hold every worker; read here, a slow body holds a
 * connection and a little memory or a file, never a thread.
 *
 * <ul>
 * <li>Forms (verifications, extensions, the public pages): each file part written to the work directory as it
 * arrives, handed to the REST layer as the parsed form.</li>
 * <li>Other bodies of a declared length up to {@link #IN_MEMORY_BODY} while all such bodies together stay within
 * {@link #IN_MEMORY_TOTAL}: held in memory. Larger ones, chunked ones, and any past that total: written to a file
 * in the work directory as they arrive, and the resource reads that file ({@link #fromSpool}).</li>
 * <li>Each path's limit (documents to sign {@code SEALGATE_MAX_DOCUMENT_SIZE}, verifications
 * {@code SEALGATE_MAX_VERIFICATION_SIZE}, everything else {@code SEALGATE_MAX_BODY_SIZE}) is counted while the
 * body arrives, chunked ones included: past it {@code 413}, connection closed.</li>
 * <li>A body must have arrived within {@code SEALGATE_UPLOADS_GRACE} + length ÷ {@code SEALGATE_UPLOADS_MIN_RATE}
 * (chunked: {@code SEALGATE_UPLOADS_MAX_TIME}), or its connection is closed and what arrived is deleted.</li>
 * <li>Who may send it is settled first: a body for the API is read only once the token is valid (and, for a
 * document to sign, carries the signer role); otherwise the REST layer answers {@code 401}/{@code 403} without
 * reading it. The public pages and the witnesses' endpoint take bodies without a token, within the small limit
 * and, for the pages, {@link UploadGate}'s caps.</li>
 * </ul>
 */
@ApplicationScoped
public class BodyReader {

    private static final Logger LOG = Logger.getLogger(BodyReader.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Bodies up to this size, of a declared length, are held in memory. */
    static final long IN_MEMORY_BODY = 1024 * 1024;
    /** All bodies held in memory at once; past it they are written to files. */
    static final long IN_MEMORY_TOTAL = 64L * 1024 * 1024;
    static final Spool.Budget IN_MEMORY = new Spool.Budget(IN_MEMORY_TOTAL);

    /** The routing context key of a body written to a file. */
    static final String SPOOLED = "sealgate.body.spooled";
    private static final String READING = "sealgate.body.reading";
    private static final String FORM = "sealgate.body.form";

    /** After the security layer (route order -200, -100), before the REST layer (10 000). */
    static final int ROUTE_ORDER = 1000;

    @Inject
    Vertx vertx;

    @Inject
    SigningSettings signing;

    @Inject
    RequestSizeLimits limits;

    @ConfigProperty(name = "sealgate.uploads.grace")
    Duration grace;

    @ConfigProperty(name = "sealgate.uploads.min-rate")
    MemorySize minRate;

    @ConfigProperty(name = "sealgate.uploads.max-time")
    Duration maxTime;

    private Path uploads;

    void install(@Observes Router router) {
        uploads = signing.workDir().resolve("sealgate-uploads");
        try {
            Files.createDirectories(uploads);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        router.route().order(ROUTE_ORDER).handler(this::read).failureHandler(this::failed);
        router.route().order(ROUTE_ORDER + 1).handler(this::formRead);
    }

    /**
     * A form body that yielded no part at all is empty or does not follow its declared boundary: the client's
     * error, answered here (the REST layer would otherwise try to read the body again).
     */
    void formRead(RoutingContext context) {
        if (context.get(FORM) != null && context.fileUploads().isEmpty() && context.request().formAttributes().isEmpty()) {
            answer(context, ProblemType.MALFORMED_REQUEST, "The form carries no parts: it is empty or does not follow its declared boundary.");
            return;
        }
        context.next();
    }

    /** A file part written to the work directory, as the REST layer takes it. */
    private record Upload(String name, String uploadedFileName, String fileName, long size, String contentType,
            String contentTransferEncoding, String charSet) implements io.vertx.ext.web.FileUpload {
        @Override
        public boolean cancel() {
            return false;
        }

        @Override
        public io.vertx.core.Future<Void> delete() {
            return io.vertx.core.Future.succeededFuture();
        }
    }

    /**
     * A form: text fields kept by Vert.x (each within {@code quarkus.http.limits.max-form-attribute-size}), each file
     * part written to its own file as it arrives, the whole body counted against the path's limit; the files are
     * deleted when the response ends. (Vert.x's own BodyHandler does the same, but a connection closed in the middle
     * of a file part makes it throw on the event loop.)
     */
    private void form(RoutingContext context, long limit) {
        HttpServerRequest request = context.request();
        java.util.List<Path> files = new java.util.ArrayList<>();
        context.addEndHandler(done -> files.forEach(file -> vertx.fileSystem().delete(file.toString()).onFailure(e -> {
        })));
        long[] received = { 0 };
        int[] writing = { 0 };
        int[] open = { 0 };
        boolean[] state = { false, false }; // failed, ended
        Runnable finish = () -> {
            if (!state[0] && state[1] && writing[0] == 0) {
                context.next();
            }
        };
        request.setExpectMultipart(true);
        request.uploadHandler(upload -> {
            if (state[0]) {
                return;
            }
            upload.pause();
            writing[0]++;
            open[0]++;
            Path file = uploads.resolve(java.util.UUID.randomUUID().toString());
            files.add(file);
            vertx.fileSystem().open(file.toString(), new OpenOptions().setWrite(true).setCreateNew(true), opened -> {
                if (opened.failed()) {
                    state[0] = true;
                    answer(context, ProblemType.SERVER_BUSY, "The request body cannot be taken now; retry shortly.");
                    return;
                }
                AsyncFile out = opened.result();
                long[] size = { 0 };
                boolean[] closed = { false };
                out.drainHandler(drained -> upload.resume());
                upload.handler(chunk -> {
                    if (closed[0]) {
                        return;
                    }
                    if (state[0]) {
                        closed[0] = true;
                        out.close();
                        return;
                    }
                    size[0] += chunk.length();
                    out.write(chunk);
                    if (out.writeQueueFull()) {
                        upload.pause();
                    }
                });
                upload.exceptionHandler(e -> {
                    if (!closed[0]) {
                        closed[0] = true;
                        out.close();
                    }
                });
                upload.endHandler(end -> {
                    open[0]--;
                    if (closed[0]) {
                        return;
                    }
                    closed[0] = true;
                    out.close(ok -> {
                        writing[0]--;
                        if (ok.failed()) {
                            state[0] = true;
                            answer(context, ProblemType.SERVER_BUSY, "The request body could not be kept; retry shortly.");
                            return;
                        }
                        context.fileUploads().add(new Upload(upload.name(), file.toString(), upload.filename(), size[0],
                                upload.contentType(), upload.contentTransferEncoding(), upload.charset()));
                        finish.run();
                    });
                });
                upload.resume();
            });
        });
        request.handler(chunk -> {
            if (state[0]) {
                return;
            }
            received[0] += chunk.length();
            if (received[0] > limit) {
                state[0] = true;
                tooLarge(context, limit);
            }
        });
        request.exceptionHandler(e -> {
            if (!state[0]) {
                state[0] = true;
                if (e instanceof io.netty.handler.codec.DecoderException) {
                    answer(context, ProblemType.MALFORMED_REQUEST, "The form body is not well-formed.");
                } else {
                    LOG.debugf("a form body broke off (%s)", context.normalizedPath());
                }
            }
        });
        request.endHandler(end -> {
            state[1] = true;
            if (!state[0] && open[0] > 0) {
                // a part still open when the body ends is either waiting for its file to open (it ends in a moment) or
                // never got its closing boundary: after a second, the latter is the client's error
                vertx.setTimer(1000, id -> {
                    if (!state[0] && open[0] > 0) {
                        state[0] = true;
                        answer(context, ProblemType.MALFORMED_REQUEST, "The form body ends before its closing boundary.");
                    }
                });
                return;
            }
            finish.run();
        });
        request.resume();
    }

    long limit(String path) {
        return limits.limit(path);
    }

    /** Paths that take a body without a token. */
    private static boolean isPublic(String path) {
        return path.equals("/verify") || path.startsWith("/v/") || path.equals("/api/v1/audit/checkpoint/cosignatures")
                || path.startsWith("/tsa") || path.startsWith("/pki/");
    }

    void read(RoutingContext context) {
        HttpServerRequest request = context.request();
        String path = context.normalizedPath();
        boolean hasBody = request.headers().contains(HttpHeaders.TRANSFER_ENCODING) || contentLength(request) > 0;
        if (!hasBody || request.isEnded() || request.method() == HttpMethod.GET || request.method() == HttpMethod.HEAD
                || path == null || path.startsWith("/q/")) {
            context.next();
            return;
        }
        if (isPublic(path)) {
            start(context, path);
            return;
        }
        if (request.getHeader(HttpHeaders.AUTHORIZATION) == null) {
            // the REST layer answers 401 without reading the body
            context.next();
            return;
        }
        request.pause();
        Uni<SecurityIdentity> identity = QuarkusHttpUser.getSecurityIdentity(context, null);
        // a token that fails is the REST layer's to answer (401 with its challenge): while the identity is settled here,
        // the default handler that would end the response at once is set aside, then put back for the REST layer to replace
        Object failureHandler = context.get(QuarkusHttpUser.AUTH_FAILURE_HANDLER);
        context.put(QuarkusHttpUser.AUTH_FAILURE_HANDLER, (java.util.function.BiConsumer<RoutingContext, Throwable>) (c, t) -> {
        });
        identity.subscribe().with(who -> vertx.runOnContext(v -> {
            context.put(QuarkusHttpUser.AUTH_FAILURE_HANDLER, failureHandler);
            boolean mayUpload = who != null && !who.isAnonymous()
                    && (!isDocumentToSign(request, path) || who.hasRole(Roles.SIGNER));
            if (mayUpload) {
                start(context, path);
            } else {
                // 401 or 403 from the REST layer, before anything reads the body
                context.next();
            }
        }), failure -> vertx.runOnContext(v -> {
            context.put(QuarkusHttpUser.AUTH_FAILURE_HANDLER, failureHandler);
            context.next();
        }));
    }

    private static boolean isDocumentToSign(HttpServerRequest request, String path) {
        return request.method() == HttpMethod.POST && path.equals("/api/v1/signatures");
    }

    private void start(RoutingContext context, String path) {
        HttpServerRequest request = context.request();
        long limit = limit(path);
        long length = contentLength(request);
        context.put(READING, Boolean.TRUE);
        long deadline = length > 0
                ? Math.min(grace.toMillis() + length * 1000 / Math.max(1, minRate.asLongValue()), maxTime.toMillis())
                : maxTime.toMillis();
        long timer = vertx.setTimer(Math.max(1, deadline), id -> {
            if (!request.isEnded()) {
                LOG.debugf("closing a connection whose body did not arrive within %d ms", deadline);
                request.connection().close();
            }
        });
        context.addEndHandler(done -> vertx.cancelTimer(timer));
        String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
        boolean form = contentType != null && (contentType.toLowerCase().startsWith("multipart/form-data")
                || contentType.toLowerCase().startsWith("application/x-www-form-urlencoded"));
        if (form) {
            context.put(FORM, Boolean.TRUE);
            form(context, limit);
            return;
        }
        if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT)) && request.version() != io.vertx.core.http.HttpVersion.HTTP_1_0) {
            context.response().writeContinue();
        }
        if (length >= 0 && length <= IN_MEMORY_BODY && IN_MEMORY.take(length)) {
            context.addEndHandler(done -> IN_MEMORY.giveBack(length));
            inMemory(context, limit);
            return;
        }
        spool(context, limit);
    }

    private void inMemory(RoutingContext context, long limit) {
        HttpServerRequest request = context.request();
        Buffer body = Buffer.buffer();
        long[] received = { 0 };
        boolean[] over = { false };
        request.handler(chunk -> {
            if (over[0]) {
                return;
            }
            received[0] += chunk.length();
            if (received[0] > limit) {
                over[0] = true;
                tooLarge(context, limit);
                return;
            }
            body.appendBuffer(chunk);
        });
        request.exceptionHandler(e -> LOG.debugf("a request body broke off (%s)", context.normalizedPath()));
        request.endHandler(end -> {
            if (!over[0]) {
                ((io.vertx.ext.web.impl.RoutingContextInternal) context).setBody(body);
                context.next();
            }
        });
        request.resume();
    }

    private void spool(RoutingContext context, long limit) {
        HttpServerRequest request = context.request();
        Path file;
        try {
            file = Files.createTempFile(signing.workDir(), "sealgate-body-", ".part");
        } catch (IOException e) {
            LOG.errorf("Cannot write a request body to the work directory: %s", e.getMessage());
            answer(context, ProblemType.SERVER_BUSY, "The request body cannot be taken now; retry shortly.");
            return;
        }
        context.addEndHandler(done -> vertx.fileSystem().delete(file.toString()).onFailure(e -> {
        }));
        vertx.fileSystem().open(file.toString(), new OpenOptions().setWrite(true).setTruncateExisting(true), opened -> {
            if (opened.failed()) {
                answer(context, ProblemType.SERVER_BUSY, "The request body cannot be taken now; retry shortly.");
                return;
            }
            AsyncFile out = opened.result();
            long[] received = { 0 };
            boolean[] done = { false };
            Runnable closeFile = () -> {
                if (!done[0]) {
                    done[0] = true;
                    out.close();
                }
            };
            out.drainHandler(drained -> request.resume());
            request.handler(chunk -> {
                if (done[0]) {
                    return;
                }
                received[0] += chunk.length();
                if (received[0] > limit) {
                    closeFile.run();
                    tooLarge(context, limit);
                    return;
                }
                out.write(chunk);
                if (out.writeQueueFull()) {
                    request.pause();
                }
            });
            request.exceptionHandler(e -> {
                LOG.debugf("a request body broke off (%s)", context.normalizedPath());
                closeFile.run();
            });
            request.endHandler(end -> {
                if (done[0]) {
                    return;
                }
                done[0] = true;
                out.close(closed -> {
                    if (closed.failed()) {
                        answer(context, ProblemType.SERVER_BUSY, "The request body could not be kept; retry shortly.");
                        return;
                    }
                    context.put(SPOOLED, file);
                    context.next();
                });
            });
            request.resume();
        });
    }

    private void tooLarge(RoutingContext context, long limit) {
        answer(context, ProblemType.PAYLOAD_TOO_LARGE, "The request body exceeds the limit of " + limit + " bytes for this path.");
    }

    /** Failures of the form reader: over the limit (413) or not a well-formed form (400). */
    void failed(RoutingContext context) {
        if (context.get(READING) == null || context.response().ended()) {
            context.next();
            return;
        }
        LOG.debugf(context.failure(), "reading a body failed (%d)", context.statusCode());
        if (context.statusCode() == 413) {
            tooLarge(context, limit(context.normalizedPath()));
        } else if (context.statusCode() == 400 || context.statusCode() == 417) {
            answer(context, ProblemType.MALFORMED_REQUEST, "The form body is not well-formed.");
        } else {
            LOG.debugf("a form body broke off (%s)", context.normalizedPath());
            answer(context, ProblemType.MALFORMED_REQUEST, "The request body did not arrive.");
        }
    }

    /** Answers at once and closes the connection: what the client still sends is not read. */
    private void answer(RoutingContext context, ProblemType type, String detail) {
        if (context.response().ended() || context.response().closed()) {
            return;
        }
        HttpServerRequest request = context.request();
        if (!request.isEnded()) {
            request.handler(discarded -> {
            });
            request.resume();
        }
        String body;
        try {
            body = JSON.writeValueAsString(new Problem(type.uri(), type.title(), type.status(), detail, context.normalizedPath()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        context.response().setStatusCode(type.status()).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close").putHeader("X-Content-Type-Options", "nosniff")
                .end(body).onComplete(done -> request.connection().close());
    }

    private static long contentLength(HttpServerRequest request) {
        String value = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        try {
            return value == null ? -1 : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** A body written to a file is what the resource reads. */
    @ServerRequestFilter
    public void fromSpool(ContainerRequestContext request, RoutingContext context) throws IOException {
        Path file = context.get(SPOOLED);
        if (file != null) {
            java.io.InputStream in = Files.newInputStream(file);
            context.addEndHandler(done -> {
                try {
                    in.close();
                } catch (IOException e) {
                    LOG.debugf("closing a spooled body: %s", e.getMessage());
                }
            });
            request.setEntityStream(in);
        }
    }
}
