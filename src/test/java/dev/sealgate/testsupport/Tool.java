package dev.sealgate.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs an independent command-line tool (openssl, pdfsig, ...) and returns what it said. */
public final class Tool {

    public record Result(int exitCode, String output) {
    }

    private Tool() {
    }

    public static boolean available(String command) {
        try {
            return new ProcessBuilder("sh", "-c", "command -v " + command).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    public static Result run(String... command) {
        try {
            Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command[0] + " did not finish");
            }
            return new Result(process.exitValue(), output);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("Cannot run " + command[0], e);
        }
    }
}
