package dev.sealgate.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sealgate.crypto.Pseudonyms;
import dev.sealgate.privacy.PolicyStore;
import dev.sealgate.privacy.PrivacyFilter;
import dev.sealgate.privacy.SharingPolicy;
import dev.sealgate.privacy.detect.PiiScanner;

/**
 * The privacy filter beside the raw Jackson parse and serialise of the same records, in one run.
 * One operation = one record. See docs/benchmarks.md for the command and the figures.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PrivacyFilterBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Param({ "partner-health-commission/residence/epidemiological-survey",
            "partner-tax-bureau/social-insurance/income-verification" })
    public String release;

    private List<byte[]> records;
    private PrivacyFilter filter;
    private SharingPolicy.Purpose purpose;
    private String scope;
    private int next;

    @Setup
    public void setUp() {
        String[] parts = release.split("/");
        Map<String, SharingPolicy> policies = PolicyStore.read(Path.of("privacy-policies"));
        purpose = policies.get(parts[0]).datasets().get(parts[1]).get(parts[2]);
        scope = parts[0] + "|" + parts[2];
        filter = new PrivacyFilter(new Pseudonyms("a benchmark key of thirty-two bytes or more".getBytes(StandardCharsets.UTF_8),
                "HmacSHA256"), new PiiScanner());
        Random random = new Random(7);
        records = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            records.add(record(parts[1], random).getBytes(StandardCharsets.UTF_8));
        }
        System.out.printf("%n%s: average record %.0f bytes%n", release, averageRecordBytes());
    }

    double averageRecordBytes() {
        return records.stream().mapToInt(r -> r.length).average().orElse(0);
    }

    @Benchmark
    public byte[] rawJackson() throws IOException {
        JsonNode tree = JSON.readTree(nextRecord());
        return JSON.writeValueAsBytes(tree);
    }

    @Benchmark
    public byte[] filter() throws IOException {
        JsonNode tree = JSON.readTree(nextRecord());
        return JSON.writeValueAsBytes(filter.apply(tree, purpose, scope, LocalDate.of(2026, 11, 25)).released());
    }

    private byte[] nextRecord() {
        next = (next + 1) % records.size();
        return records.get(next);
    }

    private static String record(String dataset, Random random) {
        String phone = "13" + (100000000 + random.nextInt(899999999));
        if (dataset.equals("residence")) {
            return """
                    {"name":"李伟%d","nationalId":"11010519491231002X","birthDate":"19%02d-0%d-1%d","sex":"M",
                     "address":"北京市东城区景山前街%d号","phone":"%s",
                     "household":[{"name":"王芳","relation":"spouse","nationalId":"310115199003071239"},
                                  {"name":"李娜","relation":"child"}]}""".formatted(random.nextInt(100), 40 + random.nextInt(60),
                    1 + random.nextInt(9), random.nextInt(10), random.nextInt(200), phone);
        }
        return """
                {"employer":"闽江茶业有限公司","bankCard":"6217000000000000004",
                 "monthlyContributions":[{"month":"2026-09","amount":%d.5},{"month":"2026-10","amount":%d.5}],
                 "remarks":"联系电话 %s，身份证 11010519491231002X，社保卡 6217000000000000004，备注 %d"}"""
                .formatted(1000 + random.nextInt(2000), 1000 + random.nextInt(2000), phone, random.nextInt(1000));
    }
}
