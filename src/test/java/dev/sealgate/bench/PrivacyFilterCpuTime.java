package dev.sealgate.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.openjdk.jmh.annotations.Param;

/**
 * The two operations of {@link PrivacyFilterBenchmark}, same records and calls, timed by this thread's
 * CPU clock in alternating blocks: on a shared machine other processes stretch wall-clock JMH figures
 * (and their ratio) far more than the CPU time an operation takes. Median of the blocks after warm-up.
 */
public final class PrivacyFilterCpuTime {

    private static final int BLOCKS = 16;
    private static final int WARM_UP_BLOCKS = 6;
    private static final long BLOCK_NANOS = 200_000_000L;
    private static final int BATCH = 64;

    private PrivacyFilterCpuTime() {
    }

    private interface Operation {
        byte[] run() throws IOException;
    }

    public static void main(String[] args) throws Exception {
        String[] releases = PrivacyFilterBenchmark.class.getField("release").getAnnotation(Param.class).value();
        System.out.println("| release | filter records/s | raw Jackson records/s | filter / raw | filter MB/s |");
        System.out.println("|---|---:|---:|---:|---:|");
        for (String release : releases) {
            PrivacyFilterBenchmark bench = new PrivacyFilterBenchmark();
            bench.release = release;
            bench.setUp();
            List<Double> raw = new ArrayList<>();
            List<Double> filter = new ArrayList<>();
            for (int block = 0; block < BLOCKS; block++) {
                double rawNanos = nanosPerOperation(bench::rawJackson);
                double filterNanos = nanosPerOperation(bench::filter);
                if (block >= WARM_UP_BLOCKS) {
                    raw.add(rawNanos);
                    filter.add(filterNanos);
                }
            }
            double rawRate = 1e9 / median(raw);
            double filterRate = 1e9 / median(filter);
            System.out.printf("| %s | %.0f | %.0f | %.3f | %.1f |%n", release, filterRate, rawRate,
                    filterRate / rawRate, filterRate * bench.averageRecordBytes() / 1e6);
        }
    }

    private static double nanosPerOperation(Operation operation) throws IOException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long start = threads.getCurrentThreadCpuTime();
        long elapsed;
        long count = 0;
        int sink = 0;
        do {
            // Reading the CPU clock costs about as much as a small record: read it once per batch.
            for (int i = 0; i < BATCH; i++) {
                sink += operation.run().length;
            }
            count += BATCH;
            elapsed = threads.getCurrentThreadCpuTime() - start;
        } while (elapsed < BLOCK_NANOS);
        return sink == 0 ? Double.NaN : (double) elapsed / count;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
