package safeup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import safeup.testing.CommandRun;

/** The journal's entries, as given to {@code logger --journald}, for each fate of a set. */
class AuditTrailCommandTest {
  private static final String ID = "20261127-101500";
  private static final List<String> LOGGER = List.of("logger", "--journald");
  private static final String UPGRADE =
      "[2026-11-27T10:15:05+0000] [ALPM] upgraded hello (1.0-1 -> 1.1-1)";

  @TempDir Path dir;
  CommandRun run;

  @BeforeEach
  void setUp() {
    run = new CommandRun(dir);
  }

  private List<String> entries() {
    return run.processes.fedInputs(LOGGER);
  }

  private void anUpdate() {
    run.pacmanDoes(
        0,
        () -> run.installed("hello", "1.1-1"),
        "[2026-11-27T10:15:04+0000] [ALPM] transaction started",
        UPGRADE,
        "[2026-11-27T10:15:06+0000] [ALPM] transaction completed");
  }

  @Test
  void anUpdateKeptIsLoggedWhenMadeAndWhenKeptWithItsVolumesAndCommand() {
    anUpdate();
    assertEquals(0, run.run("--then", "keep", "pacman", "-Syu"), run.err);
    assertEquals(
        List.of(
            """
            MESSAGE=snapshot set 20261127-101500 made of vg0/root, before: pacman -Syu
            PRIORITY=5
            SYSLOG_IDENTIFIER=safeup
            SAFEUP_EVENT=made
            SAFEUP_SET=20261127-101500
            SAFEUP_VOLUMES=vg0/root
            SAFEUP_COMMAND=pacman -Syu
            SAFEUP_REASON=update
            """,
            """
            MESSAGE=snapshot set 20261127-101500 removed, the update kept (vg0/root; pacman -Syu)
            PRIORITY=5
            SYSLOG_IDENTIFIER=safeup
            SAFEUP_EVENT=kept
            SAFEUP_SET=20261127-101500
            SAFEUP_VOLUMES=vg0/root
            SAFEUP_COMMAND=pacman -Syu
            """),
        entries());
    assertEquals(List.of(LOGGER, LOGGER), run.processes.calls("logger"));
    assertTrue(
        run.processes.indexOf("logger") > run.processes.indexOf("lvcreate"),
        "the set is logged once it exists");
    assertEquals("", run.err);
  }

  @Test
  void aSetRemovedBecauseNothingChangedSaysSo() {
    run.pacmanLogs(0);
    assertEquals(0, run.run("pacman", "-Syu"), run.err);
    assertEquals(2, entries().size(), entries().toString());
    assertTrue(
        entries()
            .get(1)
            .startsWith(
                "MESSAGE=snapshot set "
                    + ID
                    + " removed: pacman changed nothing (vg0/root; pacman -Syu)\n"),
        entries().get(1));
    assertTrue(entries().get(1).contains("\nSAFEUP_EVENT=removed\n"), entries().get(1));
  }

  @Test
  void aSetTakenAtBootIsLoggedAsSuch() {
    assertEquals(0, run.run("boot", "snapshot"), run.err);
    assertEquals(1, entries().size());
    assertTrue(
        entries()
            .get(0)
            .startsWith("MESSAGE=snapshot set " + ID + " made of vg0/root, taken at boot\n"),
        entries().get(0));
    assertTrue(entries().get(0).contains("\nSAFEUP_REASON=boot\n"), entries().get(0));
    assertFalse(entries().get(0).contains("SAFEUP_COMMAND"), entries().get(0));
  }

  @Test
  void aRollbackIsLoggedWhenScheduledAndAgainFromLvmOnceTheMergeIsComplete() {
    anUpdate();
    assertEquals(0, run.run("--then", "later", "pacman", "-Syu"), run.err);
    assertEquals(0, run.run("rollback", "--yes"), run.err);
    List<List<String>> tagged = run.processes.calls("vgchange");
    assertEquals(1, tagged.size(), tagged.toString());
    assertEquals(List.of("vgchange", "--addtag"), tagged.get(0).subList(0, 2));
    assertEquals("vg0", tagged.get(0).get(tagged.get(0).size() - 1));
    assertTrue(
        run.processes.indexOf("vgchange") < run.processes.indexOf("lvconvert"),
        "the record is in LVM before the first merge");
    String scheduled = entries().get(entries().size() - 1);
    assertTrue(
        scheduled.startsWith(
            "MESSAGE=snapshot set "
                + ID
                + " rollback scheduled: vg0/root merge back at the next boot (vg0/root; pacman"
                + " -Syu); it undoes: "),
        scheduled);
    assertTrue(run.processes.indexOf("logger", run.processes.indexOf("lvconvert")) > 0);
    assertTrue(
        run.processes.indexOf("logger", run.processes.indexOf("lvconvert"))
            < run.processes.indexOf("systemctl"),
        "written before the reboot");
    assertFalse(run.lvm.groupTags("vg0").isEmpty());

    // Before the merge is complete, nothing more is written, and the record stays.
    int before = entries().size();
    assertEquals(3, run.run("keep"));
    assertEquals(before, entries().size());
    assertFalse(run.lvm.groupTags("vg0").isEmpty());

    run.lvm.reboot(); // the merge completes: the set's snapshot is gone, the record is not
    run.run("keep");
    assertEquals(before + 1, entries().size());
    assertEquals(
        """
        MESSAGE=snapshot set 20261127-101500 rolled back: vg0/root is as before pacman -Syu\
         (merge scheduled 2026-11-27T10:15:00Z, now complete); why: safeup rollback
        PRIORITY=5
        SYSLOG_IDENTIFIER=safeup
        SAFEUP_EVENT=rolled-back
        SAFEUP_SET=20261127-101500
        SAFEUP_VOLUMES=vg0/root
        SAFEUP_COMMAND=pacman -Syu
        SAFEUP_SCHEDULED=2026-11-27T10:15:00Z
        """,
        entries().get(before));
    assertEquals(List.of(), run.lvm.groupTags("vg0"), "the record goes once written");
    List<String> removed = run.processes.calls("vgchange").get(1);
    assertEquals(List.of("vgchange", "--deltag"), removed.subList(0, 2));

    run.run("keep");
    assertEquals(before + 1, entries().size(), "written once");
  }

  @Test
  void anOverflowedMemberRemovedDuringARollbackIsLoggedAndNamedWhenTheRollbackCompletes() {
    anUpdate();
    assertEquals(
        0,
        run.run("-c", config("Volumes = vg0/root vg0/home"), "--then", "later", "pacman", "-Syu"),
        run.err);
    run.lvm.invalidate("vg0", "home-safeup-" + ID);
    // A rollback interrupted after its first merge, then the other member overflowed:
    run.processes.change(
        List.of("lvchange", "--addtag", "safeup-rollback", "vg0/root-safeup-" + ID));
    run.processes.change(
        List.of("lvchange", "--addtag", "safeup-rollback", "vg0/home-safeup-" + ID));
    run.processes.change(List.of("lvconvert", "--merge", "--yes", "vg0/root-safeup-" + ID));
    assertEquals(0, run.run("rollback", "--yes"), run.err);
    assertTrue(
        entries().stream()
            .anyMatch(
                e ->
                    e.startsWith(
                            "MESSAGE=snapshot vg0/home-safeup-"
                                + ID
                                + " of set "
                                + ID
                                + " overflowed and was removed during the rollback: vg0/home stays"
                                + " as the update left it\nPRIORITY=4\n")
                        && e.contains("\nSAFEUP_EVENT=member-removed\n")),
        entries().toString());
    run.lvm.reboot();
    run.run("keep");
    String last = entries().get(entries().size() - 1);
    assertTrue(
        last.startsWith(
            "MESSAGE=snapshot set "
                + ID
                + " rolled back: vg0/root is as before pacman -Syu (merge scheduled"
                + " 2026-11-27T10:15:00Z, now complete); vg0/home stayed as the update left it"
                + " (its snapshot overflowed); why: safeup rollback\n"),
        last);
  }

  @Test
  void theBootMenusRollbackIsToldAtTheBootAfterIt() {
    anUpdate();
    assertEquals(0, run.run("--then", "later", "pacman", "-Syu"), run.err);
    assertEquals(0, run.run("boot", "rollback"), run.err);
    int written = entries().size();
    run.lvm.reboot(); // the rollback entry boots again, and finds nothing left to roll back
    assertEquals(0, run.run("boot", "rollback"), run.err);
    assertTrue(run.out.contains("Nothing to roll back"), run.out);
    assertEquals(written + 1, entries().size());
    assertTrue(
        entries().get(written).contains("\nSAFEUP_EVENT=rolled-back\nSAFEUP_SET=" + ID + "\n"),
        entries().get(written));
    assertEquals(List.of(), run.lvm.groupTags("vg0"));
  }

  @Test
  void aDryRunShowsTheEntriesAndTheRecordItWouldWriteAndWritesNeither() {
    anUpdate();
    assertEquals(0, run.run("--dry-run", "pacman", "-Syu"), run.err);
    assertEquals(List.of(), run.processes.calls("logger"));
    assertTrue(
        run.out.contains("would run: logger --journald\n      MESSAGE=snapshot set"), run.out);
    assertEquals(0, run.run("--then", "later", "pacman", "-Syu"), run.err);
    int written = entries().size();
    assertEquals(0, run.run("--dry-run", "rollback", "--yes"), run.err);
    assertTrue(run.out.contains("would run: vgchange --addtag safeup-rolled-back."), run.out);
    assertTrue(run.out.contains("SAFEUP_EVENT=rollback-scheduled"), run.out);
    assertEquals(0, run.run("--dry-run", "keep"), run.err);
    assertTrue(run.out.contains("SAFEUP_EVENT=kept"), run.out);
    assertEquals(written, entries().size());
    assertEquals(List.of(), run.processes.calls("vgchange"));
    assertEquals(List.of(), run.lvm.groupTags("vg0"));
  }

  @Test
  void aMissingLoggerIsWarnedOfOnceAndTheUpdateGoesOn() {
    anUpdate();
    run.processes.without("logger");
    assertEquals(0, run.run("--then", "keep", "pacman", "-Syu"), run.err);
    assertTrue(run.out.contains("Update kept"), run.out);
    assertEquals(2, run.processes.calls("logger").size(), "each entry is tried");
    assertEquals(
        "warning: 'logger' was not found on PATH (it is in util-linux); safeup's entries for this"
            + " run are missing from the journal ('journalctl -t safeup'), the rest goes on\n",
        run.err);
  }

  @Test
  void aFailingLoggerOrAMissingJournalIsWarnedOfOnceAndTheRollbackRecordWaits() throws IOException {
    anUpdate();
    run.processes.answer(LOGGER, 1, "", "logger: journald entry could not be written");
    assertEquals(0, run.run("--then", "later", "pacman", "-Syu"), run.err);
    assertEquals(1, run.err.split("warning:", -1).length - 1, run.err);
    assertTrue(
        run.err.contains(
            "'logger --journald' exited with 1: logger: journald entry could not be written"),
        run.err);

    Files.delete(run.files.resolve("run/systemd/journal/socket"));
    assertEquals(0, run.run("rollback", "--yes", "--no-reboot"), run.err);
    assertTrue(
        run.err.contains("the journal is not running (/run/systemd/journal/socket is missing)"),
        run.err);
    run.lvm.reboot();
    run.run("keep");
    assertFalse(run.lvm.groupTags("vg0").isEmpty(), "kept until an entry is written");
    Files.writeString(run.files.resolve("run/systemd/journal/socket"), "");
    run.processes.answer(LOGGER, 0, "", "");
    run.run("keep");
    assertTrue(entries().get(entries().size() - 1).contains("\nSAFEUP_EVENT=rolled-back\n"));
    assertEquals(List.of(), run.lvm.groupTags("vg0"));
  }

  @Test
  void anotherSystemsRecordIsLeftToIt() {
    anUpdate();
    assertEquals(0, run.run("--then", "later", "pacman", "-Syu"), run.err);
    assertEquals(0, run.run("rollback", "--yes", "--no-reboot"), run.err);
    run.lvm.reboot();
    run.machineId = "fedcba9876543210fedcba9876543210";
    int written = entries().size();
    run.run("keep");
    assertEquals(written, entries().size());
    assertFalse(run.lvm.groupTags("vg0").isEmpty());
  }

  private String config(String line) {
    try {
      Path file = dir.resolve("safeup.conf");
      Files.writeString(file, "[options]\n" + line + "\n");
      return file.toString();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
