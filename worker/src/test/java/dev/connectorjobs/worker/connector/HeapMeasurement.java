package dev.connectorjobs.worker.connector;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.function.Supplier;

/**
 * Runs a large read and prints what it took ({@code MEASURE} lines: time, peak heap, heap before,
 * the highest live heap after a GC during the run ({@link LiveHeapAfterGc}), and what the result
 * retains), for the large-inventory tests. Prints only: tests assert on results, never on timings.
 */
public final class HeapMeasurement {

    private HeapMeasurement() {}

    /**
     * The result of {@code run}, measured.
     *
     * @param label what was read, e.g. {@code intune 50000 devices}
     */
    public static <T> T measure(String label, Supplier<T> run) {
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP)
                .toList();
        System.gc();
        long baseline = used(heap);
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        LiveHeapAfterGc live = LiveHeapAfterGc.start();

        long started = System.nanoTime();
        T result = run.get();
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        long peak =
                heap.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
        live.stop();
        System.gc();
        long retained = used(heap) - baseline;

        System.out.printf("MEASURE %s: %d ms, peak heap %d MB%n", label, tookMs, mb(peak));
        System.out.printf(
                "MEASURE %s: heap before %d MB, highest heap after a GC during the run %d MB (%d GCs),"
                        + " retained after the run (result held) %d MB, max heap %d MB%n",
                label,
                mb(baseline),
                mb(live.highest()),
                live.collections(),
                mb(retained),
                mb(Runtime.getRuntime().maxMemory()));
        return result;
    }

    private static long mb(long bytes) {
        return bytes / (1024 * 1024);
    }

    private static long used(List<MemoryPoolMXBean> heap) {
        return heap.stream().mapToLong(pool -> pool.getUsage().getUsed()).sum();
    }
}
