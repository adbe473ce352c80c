package dev.sealgate.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs a dev user in through Keycloak's real login form, as a browser does, and returns the access
 * token: authorization request with PKCE to the back-office client, the password form, and, when
 * {@code acr_values=2} is asked for, the one-time code form with a TOTP code computed from the user's
 * published dev secret ({@code sealgate-dev-totp-<username>}, dev realm only). Keycloak issues
 * {@code acr} 2 only this way: a direct grant with a {@code totp} parameter gets {@code acr} 1.
 *
 * <p>Needs only the JDK, so scripts run it as a single file:
 * {@code java src/test/java/dev/sealgate/testsupport/StepUpLogin.java servant1 [keycloak-url] [acr]} prints
 * the token; {@code ... --code servant1} prints the user's current one-time code.
 */
public final class StepUpLogin {

    public static final String CLIENT = "backoffice";
    public static final String CLIENT_SECRET = "backoffice-dev-secret";
    public static final String REDIRECT = "http://localhost:3001/callback";
    private static final Pattern FORM = Pattern.compile("<form[^>]*action=\"([^\"]+)\"");
    private static final Pattern TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern ERROR = Pattern.compile("kc-feedback-text\"?[^>]*>\\s*([^<]+?)\\s*<");

    /** The last TOTP time step each user's code was taken from: Keycloak accepts a code once. */
    private static final Map<String, Long> LAST_STEP = new ConcurrentHashMap<>();

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    // Keycloak marks its cookies Secure; browsers still send them to http://localhost, java.net does not
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private final String keycloak;
    private final String realm;

    public StepUpLogin(String keycloakUrl, String realm) {
        this.keycloak = keycloakUrl.replaceAll("/+$", "");
        this.realm = realm;
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("--code")) {
            System.out.println(code(devSecret(args[1]), System.currentTimeMillis() / 30_000));
            return;
        }
        if (args.length < 1 || args.length > 3) {
            System.err.println("usage: StepUpLogin <dev user> [keycloak-url, default http://localhost:8180] [acr, default 2]"
                    + "\n       StepUpLogin --code <dev user>");
            System.exit(2);
        }
        rememberStepsAcrossRuns();
        String url = args.length > 1 ? args[1] : "http://localhost:8180";
        String acr = args.length > 2 ? args[2] : "2";
        System.out.println(new StepUpLogin(url, "egov").login(args[0], args[0], acr));
    }

    /** The published dev secret of a dev user's authenticator (the realm's OTP credential). */
    public static String devSecret(String username) {
        return "sealgate-dev-totp-" + username;
    }

    /** RFC 6238 TOTP (HMAC-SHA1, 6 digits) of {@code secret}'s UTF-8 bytes for a 30-second time step. */
    public static String code(String secret, long step) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            byte[] h = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
            int offset = h[h.length - 1] & 0x0f;
            int binary = ((h[offset] & 0x7f) << 24) | ((h[offset + 1] & 0xff) << 16) | ((h[offset + 2] & 0xff) << 8) | (h[offset + 3] & 0xff);
            return String.format("%06d", binary % 1_000_000);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A code Keycloak has not seen for this user: the current step's, else the next one's (the realm
     * accepts one step either side), else it waits for the next step.
     */
    static String freshCode(String username) throws InterruptedException {
        synchronized (LAST_STEP) {
            while (true) {
                long now = System.currentTimeMillis() / 30_000;
                long last = Math.max(LAST_STEP.getOrDefault(username, Long.MIN_VALUE), remembered(username));
                long step = Math.max(now, last + 1);
                if (step <= now + 1) {
                    LAST_STEP.put(username, step);
                    remember(username, step);
                    return code(devSecret(username), step);
                }
                Thread.sleep((now + 1) * 30_000 - System.currentTimeMillis() + 50);
            }
        }
    }

    /**
     * Run from the command line, each run is a new JVM: the last step used for each user is kept in a
     * file under the temp directory, so that two runs in one 30-second step do not offer Keycloak the
     * same code (it would refuse the second).
     */
    private static volatile java.nio.file.Path steps;

    /** For tools that run as a JVM of their own, several in a row: remember the steps used in a file (see above). */
    public static void rememberStepsAcrossRuns() {
        steps = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "sealgate-dev-totp-steps");
    }

    private static long remembered(String username) {
        if (steps == null) {
            return Long.MIN_VALUE;
        }
        try {
            return Long.parseLong(java.nio.file.Files.readString(steps.resolve(username)).trim());
        } catch (IOException | NumberFormatException e) {
            return Long.MIN_VALUE;
        }
    }

    private static void remember(String username, long step) {
        if (steps != null) {
            try {
                java.nio.file.Files.createDirectories(steps);
                java.nio.file.Files.writeString(steps.resolve(username), Long.toString(step));
            } catch (IOException e) {
                // not remembered: a second run within the step may be refused, as without the file
            }
        }
    }

    /** The access token of a login at {@code acr} ("1": password only; "2": password and one-time code). */
    public String login(String username, String password, String acr) throws IOException, InterruptedException {
        return tokenResponse(username, password, acr).access();
    }

    /** The token response of a login; its refresh token keeps the login's {@code auth_time}. */
    public Tokens tokenResponse(String username, String password, String acr) throws IOException, InterruptedException {
        String verifier = random(48);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("client_id", CLIENT);
        params.put("response_type", "code");
        params.put("scope", "openid");
        params.put("redirect_uri", REDIRECT);
        params.put("state", random(12));
        params.put("code_challenge", Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(verifier)));
        params.put("code_challenge_method", "S256");
        if (acr != null) {
            params.put("acr_values", acr);
        }
        HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(keycloak + "/realms/" + realm
                + "/protocol/openid-connect/auth?" + form(params))).GET());
        for (int round = 0; round < 4; round++) {
            if (page.statusCode() == 302) {
                String location = page.headers().firstValue("Location").orElseThrow();
                if (!location.startsWith(REDIRECT)) {
                    throw new IllegalStateException("Keycloak sent the browser to " + location);
                }
                Map<String, String> callback = query(URI.create(location).getRawQuery());
                if (callback.containsKey("error")) {
                    throw new IllegalStateException("Keycloak refused the login: " + callback);
                }
                return exchange(callback.get("code"), verifier);
            }
            if (page.statusCode() != 200) {
                throw new IllegalStateException("Keycloak answered " + page.statusCode() + " during the login");
            }
            Matcher action = FORM.matcher(page.body());
            if (!action.find()) {
                throw new IllegalStateException("Keycloak's page has no form");
            }
            if (round > 0) {
                Matcher error = ERROR.matcher(page.body());
                if (error.find()) {
                    throw new IllegalStateException("Keycloak: " + error.group(1));
                }
            }
            String target = URI.create(keycloak).resolve(action.group(1).replace("&amp;", "&")).toString();
            Map<String, String> fields = page.body().contains("name=\"otp\"") ? Map.of("otp", freshCode(username))
                    : Map.of("username", username, "password", password, "credentialId", "");
            page = send(HttpRequest.newBuilder(URI.create(target)).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form(fields))));
        }
        throw new IllegalStateException("the login did not finish");
    }

    /** An access token and the refresh token of the same login. */
    public record Tokens(String access, String refresh) {
    }

    private Tokens exchange(String code, String verifier) throws IOException, InterruptedException {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("grant_type", "authorization_code");
        params.put("client_id", CLIENT);
        params.put("client_secret", CLIENT_SECRET);
        params.put("code", code);
        params.put("redirect_uri", REDIRECT);
        params.put("code_verifier", verifier);
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(keycloak + "/realms/" + realm
                + "/protocol/openid-connect/token")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(params))));
        Matcher token = TOKEN.matcher(response.body());
        if (response.statusCode() != 200 || !token.find()) {
            throw new IllegalStateException("the code exchange failed: " + response.statusCode());
        }
        Matcher refresh = Pattern.compile("\"refresh_token\"\\s*:\\s*\"([^\"]+)\"").matcher(response.body());
        return new Tokens(token.group(1), refresh.find() ? refresh.group(1) : null);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies.entrySet().stream().map(c -> c.getKey() + "=" + c.getValue())
                    .collect(Collectors.joining("; ")));
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        for (String header : response.headers().allValues("Set-Cookie")) {
            String pair = header.split(";", 2)[0];
            int eq = pair.indexOf('=');
            if (eq > 0) {
                cookies.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        return response;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String random(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** {@code application/x-www-form-urlencoded} of {@code params}, in their order. */
    public static String form(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** The parameters of a raw query string, decoded. */
    public static Map<String, String> query(String rawQuery) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
