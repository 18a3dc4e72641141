package safeup.core.diff;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;

/**
 * Compares a snapshot's tree with its live volume's, each kept to its own filesystem (a directory
 * where another filesystem is mounted, live or in the snapshot, is left out on both sides): one
 * {@code lstat} per path and side, as rsync's quick check does; a regular file whose size and
 * modification time agree is read and compared only when {@code contents} asks to be sure.
 */
final class TreeComparison {
  /** Threads that read the two trees: more than the processors, as a read may wait for a disk. */
  private static final int THREADS = Math.max(4, Runtime.getRuntime().availableProcessors());

  private final Path before;
  private final Path after;
  private final String mountPoint;
  private final Scope scope;
  private final Set<String> elsewhere;
  private final boolean contents;
  private final LongConsumer examined;
  private final Queue<FileChange> changes = new ConcurrentLinkedQueue<>();
  private final Queue<String> unreadable = new ConcurrentLinkedQueue<>();
  private long beforeDevice;
  private long afterDevice;
  private final LongAdder count = new LongAdder();

  /**
   * @param before where the snapshot is mounted
   * @param after where the live volume is mounted, {@code mountPoint} on the live system
   * @param elsewhere where other filesystems are mounted on the live system (bind mounts of this
   *     one included, which the device number does not tell), left out on both sides
   * @param examined told how many paths were looked at so far, now and then
   */
  TreeComparison(
      Path before,
      Path after,
      String mountPoint,
      Scope scope,
      Set<String> elsewhere,
      boolean contents,
      LongConsumer examined) {
    this.before = before;
    this.after = after;
    this.mountPoint = mountPoint;
    this.scope = scope;
    this.elsewhere = elsewhere;
    this.contents = contents;
    this.examined = examined;
  }

  /** The changes, in the order of their paths. */
  List<FileChange> run() throws IOException {
    beforeDevice = device(before);
    afterDevice = device(after);
    ForkJoinPool pool = new ForkJoinPool(THREADS);
    try {
      pool.invoke(new Directory(""));
    } catch (UncheckedIOException e) {
      throw e.getCause();
    } finally {
      pool.shutdown();
    }
    examined.accept(count.sum());
    List<FileChange> sorted = new ArrayList<>(changes);
    sorted.sort(Comparator.comparing(FileChange::path));
    return sorted;
  }

  /**
   * One directory, compared on the pool's threads: its entries here, its subdirectories as tasks of
   * their own, so that both sides of many directories are read at once, as rsync's two processes
   * read a side each.
   */
  private final class Directory extends RecursiveAction {
    private final String dir;

    Directory(String dir) {
      this.dir = dir;
    }

    @Override
    protected void compute() {
      String[] old = list(before, dir);
      String[] now = list(after, dir);
      List<Directory> below = new ArrayList<>();
      int i = 0;
      int j = 0;
      while (i < old.length || j < now.length) {
        int order = i == old.length ? 1 : j == now.length ? -1 : old[i].compareTo(now[j]);
        String name = order <= 0 ? old[i] : now[j];
        String rel = dir.isEmpty() ? name : dir + "/" + name;
        String path = live(rel);
        if (scope.reaches(path) && !elsewhere.contains(path)) {
          try {
            if (compare(rel, order <= 0, order >= 0)) {
              below.add(new Directory(rel));
            }
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
        i += order <= 0 ? 1 : 0;
        j += order >= 0 ? 1 : 0;
      }
      examined.accept(count.sum());
      invokeAll(below);
    }
  }

  private static long device(Path dir) throws IOException {
    Optional<FileStat> stat = FileStat.of(dir);
    if (stat.isEmpty()) {
      throw new java.nio.file.NoSuchFileException(dir.toString());
    }
    return stat.get().device();
  }

  /** How many paths were looked at. */
  long examined() {
    return count.sum();
  }

  /** Paths that could not be read to compare their contents. */
  List<String> unreadable() {
    return List.copyOf(unreadable);
  }

  /** The names in {@code dir} on one side, sorted; none when it is no directory there. */
  private static String[] list(Path side, String dir) {
    String[] names = new File(side.toFile(), dir).list();
    if (names == null) {
      return new String[0];
    }
    Arrays.sort(names);
    return names;
  }

  /**
   * Compares {@code rel}, listed in the snapshot when {@code inOld} and live when {@code inNew}.
   *
   * @return whether it is a directory to look into, on either side
   */
  private boolean compare(String rel, boolean inOld, boolean inNew) throws IOException {
    count.increment();
    Optional<FileStat> old = inOld ? FileStat.of(before.resolve(rel)) : Optional.empty();
    Optional<FileStat> now = inNew ? FileStat.of(after.resolve(rel)) : Optional.empty();
    if (old.isPresent() && old.get().device() != beforeDevice
        || now.isPresent() && now.get().device() != afterDevice) {
      return false; // another filesystem is mounted here
    }
    if (old.isEmpty() && now.isEmpty()) {
      return false; // gone from both since the directory was listed
    }
    boolean reported = scope.covers(live(rel));
    if (old.isEmpty() || now.isEmpty()) {
      FileChange.Kind kind = old.isEmpty() ? FileChange.Kind.ADDED : FileChange.Kind.REMOVED;
      FileStat stat = old.orElseGet(now::get);
      if (reported) {
        changes.add(new FileChange(live(rel), kind, Set.of(), stat.isDirectory()));
      }
      return stat.isDirectory();
    }
    Set<FileChange.Aspect> aspects = aspects(rel, old.get(), now.get());
    if (reported && !aspects.isEmpty()) {
      changes.add(
          new FileChange(live(rel), FileChange.Kind.CHANGED, aspects, now.get().isDirectory()));
    }
    return old.get().isDirectory() || now.get().isDirectory();
  }

  private Set<FileChange.Aspect> aspects(String rel, FileStat old, FileStat now)
      throws IOException {
    Set<FileChange.Aspect> aspects = EnumSet.noneOf(FileChange.Aspect.class);
    if (old.type() != now.type()) {
      aspects.add(FileChange.Aspect.TYPE);
      return aspects;
    }
    if (old.permissions() != now.permissions()) {
      aspects.add(FileChange.Aspect.MODE);
    }
    if (old.uid() != now.uid() || old.gid() != now.gid()) {
      aspects.add(FileChange.Aspect.OWNER);
    }
    if (old.isLink()
        && !Files.readSymbolicLink(before.resolve(rel))
            .equals(Files.readSymbolicLink(after.resolve(rel)))) {
      aspects.add(FileChange.Aspect.LINK);
    }
    if (old.isRegular() && contentDiffers(rel, old, now)) {
      aspects.add(FileChange.Aspect.CONTENT);
    }
    return aspects;
  }

  private boolean contentDiffers(String rel, FileStat old, FileStat now) {
    if (old.size() != now.size() || !old.modified().equals(now.modified())) {
      return true;
    }
    if (!contents) {
      return false;
    }
    try {
      return !SameContents.of(before.resolve(rel), after.resolve(rel));
    } catch (IOException e) {
      unreadable.add(live(rel) + ": " + e.getMessage());
      return false;
    }
  }

  /** The path on the live system. */
  private String live(String rel) {
    return mountPoint.equals("/") ? "/" + rel : mountPoint + "/" + rel;
  }
}
