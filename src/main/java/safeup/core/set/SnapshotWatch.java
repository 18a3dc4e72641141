package safeup.core.set;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import safeup.console.Console;
import safeup.console.Sizes;
import safeup.core.Machine;
import safeup.core.PageCache;
import safeup.core.SafeupTags;
import safeup.lvm.LogicalVolume;
import safeup.lvm.VolumeName;

/**
 * Grows the thick snapshots of a set while pacman runs, so that they do not overflow: a snapshot
 * that overflows can no longer be rolled back.
 *
 * <p>A round runs every second, or sooner when the data waiting in the page cache outgrows the room
 * the last round left. Each round reads the snapshots ({@code lvs}), grows each one whose use,
 * counting the data still waiting in the page cache, has reached {@code ExtendAt}, and then syncs,
 * so that what the next round reads is what is on disk. Counting the unwritten data first means a
 * burst of writes finds room before the sync puts it on the origin. Sizes only grow; growth by
 * lvm2's own autoextension (dmeventd) is noticed and reported, never undone.
 *
 * <p>{@link #close()} stops the thread, waits for it, and runs one last round without the sync (the
 * report's own sync follows). While pacman owns the terminal, the watch prints only one-line
 * warnings, at most one per snapshot.
 */
public final class SnapshotWatch implements AutoCloseable {
  /** How often the snapshots are read while pacman runs. */
  public static final Duration INTERVAL = Duration.ofSeconds(1);

  /** How often the unwritten data is glanced at between rounds. */
  static final Duration GLANCE = Duration.ofMillis(100);

  /** How many more looks a round takes, at most, before it syncs while pacman outruns it. */
  static final int LOOKS_BEFORE_SYNC = 3;

  /** The least a snapshot grows by at a time; 20% of its size when that is more. */
  static final long MIN_STEP = 64L << 20;

  private final Machine machine;
  private final Console console;
  private final String setId;
  private final int extendAt;
  private final Map<VolumeName, Long> firstSize = new LinkedHashMap<>();
  private final Map<VolumeName, Long> lastSize = new HashMap<>();
  private final Map<VolumeName, Long> grownBySafeup = new HashMap<>();
  private final Set<VolumeName> warned = new HashSet<>();
  private final Thread thread;
  private volatile boolean stopping;

  /** Unwritten bytes the fullest snapshot could still take below ExtendAt, at the last round. */
  private volatile long room = Long.MAX_VALUE;

  private boolean failureReported;

  private SnapshotWatch(Machine machine, Console console, String setId, int extendAt) {
    this.machine = machine;
    this.console = console;
    this.setId = setId;
    this.extendAt = extendAt;
    this.thread = new Thread(this::run, "safeup-snapshot-watch");
    thread.setDaemon(true); // never keeps the JVM alive; close() still waits for it
  }

  /**
   * Starts watching set {@code setId}; with {@code extendAt} 0 (ExtendAt = off) nothing is watched.
   */
  public static SnapshotWatch start(Machine machine, Console console, String setId, int extendAt) {
    SnapshotWatch watch = new SnapshotWatch(machine, console, setId, extendAt);
    if (extendAt > 0) {
      watch.thread.start();
    }
    return watch;
  }

  private void run() {
    long lastRound = System.nanoTime();
    while (!stopping) {
      try {
        Thread.sleep(GLANCE.toMillis());
      } catch (InterruptedException e) {
        return;
      }
      boolean due = System.nanoTime() - lastRound >= INTERVAL.toNanos();
      // Between rounds, a glance at /proc/meminfo (no process): a burst that would take more
      // than the room left starts a round at once, before the kernel writes it back by itself.
      if (!stopping && (due || machine.host().unwrittenBytes() > room)) {
        round(true);
        lastRound = System.nanoTime();
      }
    }
  }

  /** Stops the watch and waits for its thread, then checks a last time. */
  @Override
  public void close() {
    if (extendAt <= 0) {
      return;
    }
    stopping = true;
    thread.interrupt();
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    round(false);
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** What grew while pacman ran, one line per snapshot, for the report. */
  public List<String> growth() {
    List<String> lines = new ArrayList<>();
    for (Map.Entry<VolumeName, Long> entry : firstSize.entrySet()) {
      VolumeName name = entry.getKey();
      long from = entry.getValue();
      long to = lastSize.getOrDefault(name, from);
      if (to <= from) {
        continue;
      }
      long bySafeup = grownBySafeup.getOrDefault(name, 0L);
      String by =
          bySafeup == 0
              ? "by lvm2's snapshot autoextension"
              : bySafeup < to - from
                  ? "by safeup (ExtendAt = " + extendAt + "%) and lvm2's snapshot autoextension"
                  : "by safeup (ExtendAt = " + extendAt + "%)";
      lines.add(
          name
              + " was grown from "
              + Sizes.human(from)
              + " to "
              + Sizes.human(to)
              + " while pacman ran, "
              + by);
    }
    return lines;
  }

  /**
   * One look at the snapshots, then the sync; synchronized: the last round waits for the thread's.
   * Growing takes a while (lvs, lvextend), and pacman writes on meanwhile: the sync, which puts all
   * that on the origins, waits until the room made covers what is unwritten by then, looking again
   * a few times when it does not.
   */
  synchronized void round(boolean sync) {
    try {
      look();
      for (int again = 0;
          sync && again < LOOKS_BEFORE_SYNC && machine.host().unwrittenBytes() > room;
          again++) {
        look();
      }
      if (sync) {
        PageCache.flush(machine.processes());
      }
    } catch (RuntimeException e) { // lvs, lvextend or sync failed: try again next round
      if (!failureReported) {
        failureReported = true;
        console.warning(
            "cannot watch snapshot set " + setId + " while pacman runs: " + e.getMessage());
      }
    }
  }

  /** Reads the snapshots and grows those that need it; sets the room left. */
  private void look() {
    List<LogicalVolume> volumes = machine.lvm().volumes();
    long unwritten = machine.host().unwrittenBytes();
    Map<String, Long> vgFree = new HashMap<>();
    long least = Long.MAX_VALUE;
    for (LogicalVolume lv : volumes) {
      if (!ours(lv)) {
        continue;
      }
      vgFree.putIfAbsent(lv.name().vg(), lv.vgFreeBytes());
      firstSize.putIfAbsent(lv.name(), lv.sizeBytes());
      lastSize.put(lv.name(), lv.sizeBytes());
      if (lv.invalid() || lv.snapPercent() == null) {
        continue;
      }
      long grown = grow(lv, unwritten, vgFree.get(lv.name().vg()));
      vgFree.merge(lv.name().vg(), -grown, Long::sum);
      long size = lv.sizeBytes() + grown;
      long used = Math.round(lv.sizeBytes() * lv.snapPercent() / 100) + unwritten * 9 / 8;
      least = Math.min(least, Math.max(0, (size * extendAt / 100 - used) * 8 / 9));
    }
    room = least;
  }

  private boolean ours(LogicalVolume lv) {
    return lv.hasTag(SafeupTags.MARKER)
        && lv.tagValue(SafeupTags.SET).equals(setId)
        && lv.isSnapshot()
        && !lv.isThin(); // thin snapshots have no size
  }

  /** Grows {@code lv} when it needs to and can; returns the bytes taken from the VG. */
  private long grow(LogicalVolume lv, long unwritten, long vgFree) {
    long size = lv.sizeBytes();
    long used = Math.round(size * lv.snapPercent() / 100);
    long wanted = Growth.target(size, used, unwritten, extendAt);
    if (wanted <= size) {
      return 0;
    }
    long extent = Math.max(1, lv.vgExtentBytes());
    // Whole extents: lvextend takes whole sectors only, and rounds up to extents anyway.
    long bytes = Math.min((wanted - size + extent - 1) / extent * extent, vgFree / extent * extent);
    if (bytes <= 0) {
      warnOnce(
          lv, used, size, unwritten, "volume group " + lv.name().vg() + " has no free space left");
      return 0;
    }
    machine.lvm().extend(lv.name(), bytes);
    grownBySafeup.merge(lv.name(), bytes, Long::sum);
    lastSize.put(lv.name(), size + bytes);
    if (size + bytes < wanted) {
      warnOnce(
          lv,
          used,
          size + bytes,
          unwritten,
          "volume group " + lv.name().vg() + " had no more free space");
    }
    return bytes;
  }

  private void warnOnce(LogicalVolume lv, long used, long size, long unwritten, String why) {
    if (!warned.add(lv.name())) {
      return;
    }
    console.warning(
        "snapshot "
            + lv.name()
            + " is "
            + Math.round(100.0 * used / size)
            + "% of "
            + Sizes.human(size)
            + " full"
            + (unwritten > 0 ? " (" + Sizes.human(unwritten) + " more on its way to the disk)" : "")
            + " and "
            + why
            + " to grow it; if it overflows the update can no longer be rolled back: free space"
            + " in "
            + lv.name().vg()
            + " (vgextend, lvremove) and run lvextend -L +1G "
            + lv.name());
  }

  /** How big a snapshot should be; pure arithmetic, kept apart to be tested alone. */
  static final class Growth {
    private Growth() {}

    /**
     * The size a snapshot of {@code size} bytes, {@code used} of them used, should have before
     * {@code unwritten} more bytes reach the disk: {@code size} itself while that stays below
     * {@code extendAt} percent; otherwise at least a step of 20% (at least {@link #MIN_STEP}) more,
     * and enough for the unwritten data, with an eighth more for the snapshot's own bookkeeping and
     * the filesystem's metadata, to stay below {@code extendAt}.
     */
    static long target(long size, long used, long unwritten, int extendAt) {
      long expected = used + unwritten + unwritten / 8;
      if (expected * 100 < (long) extendAt * size) {
        return size;
      }
      long step = Math.max(size / 5, MIN_STEP);
      long enough = (expected * 100 + extendAt - 1) / extendAt;
      return Math.max(size + step, enough);
    }
  }
}
