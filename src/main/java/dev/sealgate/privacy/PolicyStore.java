package dev.sealgate.privacy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.quarkus.runtime.Startup;

/**
 * The partners' sharing policies, read at start-up from a directory of YAML or JSON files. A file
 * that does not parse or says something impossible stops start-up with its name, line and problem.
 */
@Startup
@ApplicationScoped
public class PolicyStore {

    private static final Logger LOG = Logger.getLogger(PolicyStore.class);

    @ConfigProperty(name = "sealgate.privacy.policy-dir")
    Path directory;

    private Map<String, SharingPolicy> byPartner = Map.of();

    @PostConstruct
    void load() {
        byPartner = read(directory);
        LOG.infof("%d sharing policies loaded from %s", byPartner.size(), directory);
    }

    public Optional<SharingPolicy> forPartner(String partnerId) {
        return Optional.ofNullable(partnerId).map(byPartner::get);
    }

    /** Reads every policy file in {@code directory}; throws {@link PolicyException} naming file, line and problem. */
    public static Map<String, SharingPolicy> read(Path directory) {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        Map<String, SharingPolicy> policies = new LinkedHashMap<>();
        List<Path> files;
        try (Stream<Path> list = Files.list(directory)) {
            files = list.filter(f -> f.toString().matches(".*\\.(ya?ml|json)$")).sorted().toList();
        } catch (IOException e) {
            throw new PolicyException("Cannot read the policy directory " + directory + ": " + e.getMessage());
        }
        for (Path file : files) {
            SharingPolicy policy;
            try {
                policy = (file.toString().endsWith(".json") ? json : yaml).readValue(file.toFile(), SharingPolicy.class);
            } catch (JsonProcessingException e) {
                JsonLocation at = e.getLocation();
                String problem = e.getCause() instanceof IllegalArgumentException cause ? cause.getMessage() : e.getOriginalMessage();
                throw new PolicyException("Policy " + file.getFileName() + (at == null ? "" : ", line " + at.getLineNr())
                        + ": " + firstLine(problem));
            } catch (IOException e) {
                throw new PolicyException("Policy " + file.getFileName() + ": " + e.getMessage());
            }
            if (policies.putIfAbsent(policy.partner(), policy) != null) {
                throw new PolicyException("Policy " + file.getFileName() + ": a second policy for partner " + policy.partner());
            }
        }
        return Map.copyOf(policies);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "invalid";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** A sharing policy that cannot be used. */
    public static class PolicyException extends RuntimeException {
        public PolicyException(String message) {
            super(message);
        }
    }
}
