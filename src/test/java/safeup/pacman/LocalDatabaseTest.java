package safeup.pacman;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalDatabaseTest {
  @TempDir Path db;

  private void install(String entry, long writtenMillis) throws IOException {
    Path dir = Files.createDirectories(db.resolve("local").resolve(entry));
    Path desc = Files.writeString(dir.resolve("desc"), "%NAME%\n");
    Files.setLastModifiedTime(desc, FileTime.fromMillis(writtenMillis));
  }

  private void uninstall(String entry) throws IOException {
    Path dir = db.resolve("local").resolve(entry);
    Files.delete(dir.resolve("desc"));
    Files.delete(dir);
  }

  @Test
  void namesWithDashesEpochsAndEveryKindOfChange() throws IOException {
    install("lib32-glibc-2.40-1", 1000);
    install("python-3:3.13.1-2", 1000);
    install("old-tool-1.0-1", 1000);
    install("same-1.0-1", 1000);
    install("again-2.0-1", 1000);
    Files.writeString(db.resolve("local/ALPM_DB_VERSION"), "9\n");
    LocalDatabase before = LocalDatabase.read(db).orElseThrow();

    uninstall("lib32-glibc-2.40-1");
    install("lib32-glibc-2.41-1", 2000);
    uninstall("old-tool-1.0-1");
    install("new-tool-0.1-1", 2000);
    install("again-2.0-1", 2000); // reinstalled: desc written again
    LocalDatabase after = LocalDatabase.read(db).orElseThrow();

    assertEquals(
        List.of(
            "reinstalled again (2.0-1)",
            "changed lib32-glibc (2.40-1 -> 2.41-1)",
            "removed old-tool (1.0-1)",
            "installed new-tool (0.1-1)"),
        after.changesSince(before).stream().map(PackageChange::toString).toList());
  }

  @Test
  void nothingChangedIsAnEmptyList() throws IOException {
    install("hello-1.0-1", 1000);
    LocalDatabase db1 = LocalDatabase.read(db).orElseThrow();
    assertTrue(LocalDatabase.read(db).orElseThrow().changesSince(db1).isEmpty());
  }

  @Test
  void aMissingDatabaseCannotBeRead() {
    assertTrue(LocalDatabase.read(db.resolve("nowhere")).isEmpty());
  }
}
