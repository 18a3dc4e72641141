package safeup.core.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two real trees compared as a snapshot and its live volume are. */
class TreeComparisonTest {
  private static final FileTime THEN = FileTime.fromMillis(1_700_000_000_000L);

  @TempDir Path dir;
  Path before;
  Path after;

  @BeforeEach
  void setUp() throws IOException {
    before = Files.createDirectory(dir.resolve("snapshot"));
    after = Files.createDirectory(dir.resolve("live"));
    for (Path side : List.of(before, after)) {
      file(side, "etc/fstab", "/dev/vg0/root / ext4\n");
      file(side, "usr/bin/hello", "hello 1.0\n");
      file(side, "usr/share/doc/same", "same\n");
      Files.createSymbolicLink(
          Files.createDirectories(side.resolve("usr/lib")).resolve("libx.so"),
          Path.of("libx.so.1"));
      file(side, "srv/gone/a", "a\n");
    }
  }

  private static void file(Path side, String name, String content) throws IOException {
    Path file = side.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    Files.setLastModifiedTime(file, THEN);
  }

  private List<FileChange> compare(Scope scope, boolean contents) throws IOException {
    return new TreeComparison(before, after, "/", scope, Set.of(), contents, n -> {})
        .run().stream().sorted(java.util.Comparator.comparing(FileChange::path)).toList();
  }

  private static FileChange changed(String path, FileChange.Aspect... aspects) {
    return new FileChange(path, FileChange.Kind.CHANGED, Set.of(aspects), false);
  }

  @Test
  void identicalTreesHaveNoChanges() throws IOException {
    assertEquals(List.of(), compare(Scope.everything(), true));
  }

  @Test
  void eachKindOfChangeIsNamed() throws IOException {
    file(after, "etc/fstab", "/dev/vg0/root / ext4 noatime\n"); // another size
    file(after, "usr/bin/hello", "hello 1.1\n"); // the same size and time: only --contents sees it
    Files.setPosixFilePermissions(
        after.resolve("usr/share/doc/same"), PosixFilePermissions.fromString("rwx------"));
    Files.delete(after.resolve("usr/lib/libx.so"));
    Files.createSymbolicLink(after.resolve("usr/lib/libx.so"), Path.of("libx.so.2"));
    file(after, "root/notes/todo", "new\n");
    Files.delete(after.resolve("srv/gone/a"));
    Files.delete(after.resolve("srv/gone"));
    file(after, "srv/gone", "now a file\n");

    assertEquals(
        List.of(
            changed("/etc/fstab", FileChange.Aspect.CONTENT),
            new FileChange("/root", FileChange.Kind.ADDED, Set.of(), true),
            new FileChange("/root/notes", FileChange.Kind.ADDED, Set.of(), true),
            new FileChange("/root/notes/todo", FileChange.Kind.ADDED, Set.of(), false),
            changed("/srv/gone", FileChange.Aspect.TYPE),
            new FileChange("/srv/gone/a", FileChange.Kind.REMOVED, Set.of(), false),
            changed("/usr/lib/libx.so", FileChange.Aspect.LINK),
            changed("/usr/share/doc/same", FileChange.Aspect.MODE)),
        compare(Scope.everything(), false));
    assertEquals(
        changed("/usr/bin/hello", FileChange.Aspect.CONTENT),
        compare(Scope.everything(), true).stream()
            .filter(c -> c.path().equals("/usr/bin/hello"))
            .findFirst()
            .orElseThrow(),
        "read to be sure");
  }

  @Test
  void namedPathsAreTheOnlyOnesReported() throws IOException {
    file(after, "etc/fstab", "changed, and longer\n");
    file(after, "usr/share/doc/new", "new\n");
    assertEquals(
        List.of(new FileChange("/usr/share/doc/new", FileChange.Kind.ADDED, Set.of(), false)),
        compare(new Scope(List.of("/usr/share")), false));
    assertEquals(
        List.of(changed("/etc/fstab", FileChange.Aspect.CONTENT)),
        compare(new Scope(List.of("/etc/fstab")), false));
  }
}
