package safeup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static safeup.testing.TestFiles.write;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import safeup.process.ProcessResult;
import safeup.system.Mount;
import safeup.testing.CommandRun;

/**
 * {@code safeup diff} over a live tree and a "snapshot" copied from it when the set was taken,
 * which the mount of the snapshot puts at the directory safeup mounts it at. SystemGuestDiffTest
 * proves it over a real root and its real snapshot.
 */
class DiffCommandTest {
  private static final String ID = "20261127-101500";

  @TempDir Path dir;
  CommandRun run;
  Path snapshot;

  /** What was copied into a snapshot mounted to write, relative to its root. */
  List<String> kept = new java.util.ArrayList<>();

  @BeforeEach
  void setUp() throws IOException {
    run = new CommandRun(dir);
    snapshot = dir.resolve("snapshot");
    run.mounts.add(new Mount(0, 50, "/run", "tmpfs", "tmpfs")); // elsewhere, as on a real system
    write(run.files.resolve("etc/fstab"), "/dev/vg0/root / ext4 rw 0 1\n");
    write(run.files.resolve("usr/share/hello/version"), "1.0\n");
    write(run.files.resolve("usr/share/base/motd"), "welcome\n");
    write(run.files.resolve("var/log/app.log"), "started\n");
    run.installed(
        "hello", "1.0-1", "usr/", "usr/share/", "usr/share/hello/", "usr/share/hello/version");
    run.installed("base", "1-1", "etc/", "etc/fstab", "usr/share/base/", "usr/share/base/motd");
    run.lvm.afterCreate(() -> copy(List.of(run.files, run.root), snapshot));
    run.processes.on(List.of("mount"), this::mount);
    run.processes.on(List.of("umount"), this::unmount);
    run.processes.on(List.of("cp", "-a"), this::copyInto);
    run.pacmanDoes(
        0,
        () -> {
          run.installed(
              "hello",
              "1.1-1",
              "usr/",
              "usr/share/",
              "usr/share/hello/",
              "usr/share/hello/version");
          write(run.files.resolve("usr/share/hello/version"), "1.1 and more\n");
          write(run.files.resolve("etc/fstab.pacnew"), "new default\n");
        },
        "[2026-11-27T10:15:05+0000] [ALPM] upgraded hello (1.0-1 -> 1.1-1)");
    assertEquals(0, run.run("--then", "later", "pacman", "-Syu"), run.err);
    // What the user did after the update.
    write(run.files.resolve("etc/fstab"), "/dev/vg0/root / ext4 rw,noatime 0 1\n");
    write(run.files.resolve("root/notes"), "remember\n");
    write(run.files.resolve("usr/share/base/motd"), "welcome, edited by hand\n");
    write(run.files.resolve("var/log/app.log"), "started\nstopped\n");
    // From here on pacman's database is read where the live system has it: under the fake root.
    copy(List.of(run.root), run.files);
    run.processes.answer(
        List.of("pacman-conf"),
        0,
        "DBPath = /var/lib/pacman/\nLogFile = /var/log/pacman.log\n",
        "");
  }

  private static void copy(List<Path> from, Path to) {
    try {
      for (Path top : from) {
        try (Stream<Path> all = Files.walk(top)) {
          for (Path p : all.toList()) {
            Path target = to.resolve(top.relativize(p).toString());
            if (Files.isDirectory(p)) {
              Files.createDirectories(target);
            } else {
              Files.copy(
                  p,
                  target,
                  StandardCopyOption.COPY_ATTRIBUTES,
                  StandardCopyOption.REPLACE_EXISTING);
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private ProcessResult mount(List<String> argv) {
    copy(List.of(snapshot), Path.of(argv.get(argv.size() - 1)));
    return new ProcessResult(argv, 0, "", "");
  }

  /** cp -a --no-target-directory -- FROM TO, for real, and what is copied kept as "merged". */
  private ProcessResult copyInto(List<String> argv) {
    Path from = Path.of(argv.get(argv.size() - 2));
    Path to = Path.of(argv.get(argv.size() - 1));
    copy(List.of(from), to);
    Path mountDir = to;
    while (!mountDir.getParent().getFileName().toString().startsWith("carry-")) {
      mountDir = mountDir.getParent();
    }
    kept.add(mountDir.getParent().relativize(to).toString());
    return new ProcessResult(argv, 0, "", "");
  }

  private ProcessResult unmount(List<String> argv) {
    Path at = Path.of(argv.get(argv.size() - 1));
    try (Stream<Path> all = Files.walk(at)) {
      for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
        if (!p.equals(at)) {
          Files.delete(p);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ProcessResult(argv, 0, "", "");
  }

  @Test
  void eachChangeIsInTheGroupAUserThinksOfItIn() {
    assertEquals(0, run.run("diff"), run.err);
    String out = run.out;
    assertTrue(
        out.contains(
            "a rollback would undo: 1 package, 2 files in /etc (1 .pacnew or .pacsave), 1 file of"
                + " other packages changed by hand, 1 file under /root, logs"),
        out);
    assertTrue(out.contains("The update's packages (expected) (1):\n"), out);
    assertTrue(out.contains("changed  /usr/share/hello/version  (content)  [hello]"), out);
    assertTrue(out.contains("Configuration in /etc (2):\n"), out);
    assertTrue(out.contains("changed  /etc/fstab  (content)  [base]\n"), out);
    assertTrue(
        out.contains("added    /etc/fstab.pacnew  (pacman's new version: merge it by hand)"), out);
    assertTrue(out.contains("changed  /usr/share/base/motd  (content)  [base]"), out);
    assertTrue(out.contains("Not owned by any package (2):\n"), out);
    assertTrue(out.contains("added    /root/\n"), out);
    assertTrue(out.contains("/var/log  logs: 0 added, 2 changed, 0 removed"), out);
    assertTrue(out.contains("/var/lib/pacman  pacman's database: 3 added, 0 changed, 3 removed"));
    assertEquals(
        List.of(),
        run.processes.changes().stream().filter(c -> c.get(0).contains("mount")).toList(),
        "mounted as a probe");
    assertEquals(2, run.processes.calls().stream().filter(c -> c.get(0).endsWith("mount")).count());
    try (Stream<Path> left = Files.list(run.files.resolve("run/safeup"))) {
      assertEquals(
          List.of(),
          left.filter(p -> p.getFileName().toString().startsWith("look-")).toList(),
          "nothing is left behind");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void theRollbackSaysWhatItUndoesInItsQuestionAndItsEvidence() {
    run.terminal = true;
    run.answers.add("n");
    assertEquals(0, run.run("rollback"), run.err);
    String undoes =
        "1 package, 2 files in /etc (1 .pacnew or .pacsave), 1 file of other packages changed by"
            + " hand, 1 file under /root, logs";
    assertTrue(run.out.contains("the rollback undoes: " + undoes + "\n"), run.out);
    assertEquals(1, run.prompts.size());
    assertTrue(run.prompts.get(0).contains("Undo " + undoes + " and reboot now? [y/N]"));
    assertEquals(List.of(), run.processes.calls("lvconvert"));

    assertEquals(0, run.run("rollback", "--yes", "--no-reboot"), run.err);
    assertTrue(run.out.contains("the rollback undoes: " + undoes + "\n"), "--yes says it too");
    assertTrue(
        run.processes.fedInputs(List.of("logger", "--journald")).stream()
            .anyMatch(entry -> entry.contains("; it undoes: " + undoes + "\n")),
        "and the journal");
  }

  @Test
  void theQuestionAfterAnUpdateSaysWhatARollbackUndoesOnceRollBackIsAnswered() {
    assertEquals(0, run.run("keep"), run.err);
    run.terminal = true;
    run.answers.add("r");
    run.answers.add("n");
    run.answers.add("l");
    assertEquals(0, run.run("pacman", "-Syu"), run.err);
    assertEquals(3, run.prompts.size(), run.prompts.toString());
    assertTrue(
        run.prompts.get(1).contains("Undo 2 files in /etc (1 .pacnew or .pacsave), "),
        "the diff's summary, not the log's package count: " + run.prompts.get(1));
  }

  @Test
  void keptFilesAreCopiedIntoTheSnapshotAndTheUpdatesFilesAreRefused() {
    assertEquals(
        7, run.run("rollback", "--yes", "--keep", "/usr/share/hello", "--keep", "/root/notes"));
    assertTrue(
        run.err.contains(
            "/usr/share/hello holds /usr/share/hello/version of hello, which the update changed:"
                + " keeping it would mix the new package with the old system."),
        run.err);
    assertTrue(run.err.contains("; nothing was merged"), run.err);
    assertEquals(7, run.run("rollback", "--yes", "--keep", "/var/lib/pacman/local"));
    assertTrue(run.err.contains("holds pacman's database"), run.err);
    assertEquals(7, run.run("rollback", "--yes", "--keep", "/root/gone"));
    assertTrue(run.err.contains("/root/gone does not exist now"), run.err);
    assertEquals(List.of(), run.processes.calls("lvconvert"));
    assertEquals(List.of(), kept);

    assertEquals(
        0,
        run.run(
            "rollback", "--yes", "--no-reboot", "--keep", "/etc/fstab", "--keep", "/root/notes"),
        run.err);
    assertEquals(List.of("etc/fstab", "root/notes"), kept, "relative to the snapshot's root");
    assertTrue(run.out.contains("/root/notes kept: copied into vg0/root-safeup-" + ID), run.out);
    int copied = run.processes.calls().indexOf(run.processes.calls("cp").get(1));
    assertTrue(copied < run.processes.indexOf("lvconvert"), "before the merge");
  }

  @Test
  void onATerminalTheFilesInEtcChangedByHandAreOfferedOnceTheRollbackIsConfirmed() {
    run.terminal = true;
    run.answers.add("y");
    run.answers.add("y");
    assertEquals(0, run.run("rollback", "--no-reboot"), run.err);
    assertEquals(2, run.prompts.size(), run.prompts.toString());
    assertTrue(
        run.prompts
            .get(1)
            .contains(
                "Keep the file in /etc changed since the update (/etc/fstab) as it is now? [y/N]"),
        run.prompts.get(1));
    assertEquals(List.of("etc/fstab"), kept, "not the .pacnew");
  }

  @Test
  void onATerminalABarCountsThePathsComparedAgainstThoseTheLiveFilesystemsHold() {
    run.terminal = true;
    run.processes.answer(List.of("stat", "-f", "-c", "%c %d", "/"), 0, "1000 960\n", "");
    assertEquals(0, run.run("diff"), run.err);
    assertTrue(run.out.contains("\r   comparing [#"), run.out);
    assertTrue(run.out.contains("100%  "), run.out);
    assertTrue(run.out.contains(" of 40   "), "40 inodes in use: " + run.out);
    assertEquals(0, run.run("diff", "--json"), run.err);
    assertTrue(run.out.startsWith("{"), "no bar in JSON: " + run.out);
  }

  @Test
  void jsonListsEveryChangeAndANamedPathListsWhatWouldBeCounted() throws IOException {
    assertEquals(0, run.run("diff", ID, "--json", "/var/log", "/etc/fstab"), run.err);
    Map<String, Object> json = JSON.std.mapFrom(run.out);
    assertEquals(ID, json.get("set"));
    assertEquals(
        List.of(Map.of("name", "hello", "change", "changed", "versions", "1.0-1 -> 1.1-1")),
        json.get("packages"));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> files = (List<Map<String, Object>>) json.get("files");
    assertEquals(
        List.of("/etc/fstab", "/var/log/app.log", "/var/log/pacman.log"),
        files.stream().map(f -> f.get("path")).toList());
    assertEquals("configuration", files.get(0).get("group"));
    assertEquals("base", files.get(0).get("package"));
    assertEquals(List.of("content"), files.get(1).get("aspects"));
    assertEquals("data", files.get(1).get("group"));
    assertTrue(files.get(1).containsKey("package"), "null, not left out: " + files.get(1));
    assertEquals(List.of(), json.get("counted"));
  }

  @Test
  void aFirstWordShapedLikeAnIdIsOneAndTheRefusalSaysHowToNameSuchAPath() {
    assertEquals(6, run.run("diff", "20261127-000000", "/etc"));
    assertTrue(
        run.err.contains(
            "there is no snapshot set '20261127-000000' ('safeup status' lists them); to compare a"
                + " path of that name, write ./20261127-000000"),
        run.err);
    assertTrue(run.processes.calls("mount").isEmpty());
  }
}
