package io.psalink.bench;

import java.io.IOException;
import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * What this JVM costs: peak heap (the heap in use just before each GC, and sampled between), live heap
 * after a GC, peak resident set ({@code VmHWM} of {@code /proc/self/status}) and CPU seconds. The peak figures can
 * be reset between phases of a run.
 */
final class ProcessStats implements AutoCloseable {
  private static final long MIB = 1024 * 1024;

  private static final java.util.Set<String> HEAP_POOLS = ManagementFactory.getMemoryPoolMXBeans().stream()
      .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName)
      .collect(java.util.stream.Collectors.toUnmodifiableSet());

  /** Looked up once: ManagementFactory searches the platform beans on every call. */
  private static final java.lang.management.MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  private final AtomicLong peakHeap = new AtomicLong();
  private final Thread sampler;
  private volatile boolean running = true;

  /** Starts sampling the heap every {@code every}. */
  ProcessStats(Duration every) {
    sampler = new Thread(() -> {
      while (running) {
        sampleHeap();
        try {
          Thread.sleep(every.toMillis());
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "bench-heap-sampler");
    sampler.setDaemon(true);
    sampler.start();
    listenToCollections();
  }

  /** The heap is fullest just before a collection: each GC notification reports that figure exactly. */
  private void listenToCollections() {
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener((n, handback) -> {
          if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            return;
          }
          var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
          long before = info.getGcInfo().getMemoryUsageBeforeGc().entrySet().stream()
              .filter(e -> HEAP_POOLS.contains(e.getKey())).mapToLong(e -> e.getValue().getUsed()).sum();
          peakHeap.accumulateAndGet(before, Math::max);
        }, null, null);
      }
    }
  }

  /** The figures now; {@code gc} first runs a full collection to measure the live heap. */
  Snapshot snapshot(boolean gc) {
    sampleHeap();
    long peak = peakHeap.get();
    long live = -1;
    if (gc) {
      System.gc();
      live = MEMORY.getHeapMemoryUsage().getUsed();
    }
    long max = Runtime.getRuntime().maxMemory();
    return new Snapshot(mib(peak), live < 0 ? -1 : mib(live), mib(max), peakRssMiB(), cpuSeconds());
  }

  /** Forgets the heap and RSS peaks (RSS through {@code /proc/self/clear_refs}, where the kernel allows it). */
  void resetPeaks() {
    peakHeap.set(0);
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
    try {
      Files.writeString(Path.of("/proc/self/clear_refs"), "5");
    } catch (IOException | UnsupportedOperationException | SecurityException ignored) {
      // the RSS peak then covers the whole process life; the report says so through rssPeakResettable
    }
  }

  private void sampleHeap() {
    long used = MEMORY.getHeapMemoryUsage().getUsed();
    peakHeap.accumulateAndGet(used, Math::max);
  }

  private static final java.lang.management.OperatingSystemMXBean OS = ManagementFactory.getOperatingSystemMXBean();

  static double cpuSeconds() {
    var os = OS;
    if (os instanceof com.sun.management.OperatingSystemMXBean sun && sun.getProcessCpuTime() >= 0) {
      return sun.getProcessCpuTime() / 1e9;
    }
    return ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(-1.0);
  }

  /** {@code VmHWM} in MiB, or -1 where there is no /proc. */
  static double peakRssMiB() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          String[] parts = line.substring(6).trim().split("\\s+");
          return Math.round(Long.parseLong(parts[0]) / 1024.0 * 10) / 10.0;
        }
      }
    } catch (IOException | RuntimeException ignored) {
      // not Linux
    }
    return -1;
  }

  private static double mib(long bytes) {
    return Math.round(bytes * 10.0 / MIB) / 10.0;
  }

  @Override
  public void close() {
    running = false;
    sampler.interrupt();
  }

  /**
   * @param peakHeapMiB the largest heap in use seen (sampled every few ms, and at each snapshot)
   * @param liveHeapMiB heap in use right after a full GC, -1 when not measured
   * @param maxHeapMiB the heap limit ({@code -Xmx})
   */
  record Snapshot(double peakHeapMiB, double liveHeapMiB, double maxHeapMiB, double peakRssMiB, double cpuSeconds) {}
}
