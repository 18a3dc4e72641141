package safeup.core.boot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import safeup.console.Console;
import safeup.core.ExitCode;
import safeup.core.Machine;
import safeup.core.SafeupException;
import safeup.core.UnredirectablePath;
import safeup.process.ProcessResult;
import safeup.process.ProgramNotFoundException;

/**
 * {@code safeup boot enable | disable | status}: the files that make snapshot boots and rollbacks
 * from the boot menu possible. Every file carries {@link #MARKER}: {@code enable} overwrites only
 * files that carry it, and {@code disable} removes exactly those, so a file of the user's own is
 * never touched.
 */
public final class BootSetup {
  /** The line that marks a file as safeup's. */
  static final String MARKER =
      "# Installed by 'safeup boot enable'; 'safeup boot disable' removes it.";

  /**
   * A file to install.
   *
   * @param path relative to the root, for example {@code etc/systemd/system/safeup-snapshot.target}
   */
  public record BootFile(String path, String content, boolean executable) {}

  private final Machine machine;
  private final Console console;
  private final Path root;
  private final boolean liveSystem;

  /**
   * @param root where the files go: {@code /} for this system, or a directory (for tests and
   *     images), in which case systemd is not told to reload
   */
  public BootSetup(Machine machine, Console console, Path root) {
    this.machine = machine;
    this.console = console;
    this.liveSystem = root.equals(Path.of("/"));
    this.root = liveSystem ? machine.host().onDisk(root) : root;
  }

  /** Every file, as it should be now: the units, and the boot menu's script for GRUB. */
  public List<BootFile> files() {
    List<BootFile> files = new ArrayList<>(BootUnits.files(defaultTarget()));
    String script = GrubMenu.script();
    int firstLine = script.indexOf('\n') + 1;
    files.add(
        new BootFile(
            "etc/grub.d/" + GrubMenu.FILE_NAME,
            script.substring(0, firstLine) + MARKER + "\n" + script.substring(firstLine),
            true));
    return List.copyOf(files);
  }

  /** The system's default target, which a snapshot boot reaches too. */
  String defaultTarget() {
    for (String link :
        List.of("etc/systemd/system/default.target", "usr/lib/systemd/system/default.target")) {
      try {
        Path target = Files.readSymbolicLink(root.resolve(link)).getFileName();
        if (target != null && target.toString().endsWith(".target")) {
          return target.toString();
        }
      } catch (IOException | UnsupportedOperationException e) {
        // not a link, or missing: look further
      }
    }
    return "multi-user.target";
  }

  /** Installs every file; idempotent. */
  public void enable() {
    requireRootForLiveSystem("install the boot-time units");
    List<BootFile> files = files();
    for (BootFile file : files) {
      requireOursOrAbsent(file);
      requireUnredirectable(file, "install the boot-time files");
    }
    console.step("Installing the boot-time files under " + root);
    int changed = 0;
    for (BootFile file : files) {
      Path path = root.resolve(file.path());
      String now = read(path);
      if (file.content().equals(now)) {
        console.detail("/" + file.path() + "  (unchanged)");
        continue;
      }
      changed++;
      write(path, file);
      console.detail("/" + file.path() + (now == null ? "  (installed)" : "  (updated)"));
    }
    if (changed > 0) {
      reloadSystemd();
      console.line(
          "Run 'grub-mkconfig -o /boot/grub/grub.cfg' to add the entries to GRUB's menu (with"
              + " another boot loader, add entries with the kernel command line words below).");
    }
    console.success(
        "Snapshot boots: boot with systemd.unit="
            + BootUnits.SNAPSHOT_TARGET
            + "; rollback from the boot menu: systemd.unit="
            + BootUnits.ROLLBACK_TARGET
            + ".");
  }

  /** Removes exactly the files {@link #enable} installed; what is not safeup's stays. */
  public void disable() {
    requireRootForLiveSystem("remove the boot-time units");
    for (BootFile file : files()) {
      requireUnredirectable(file, "remove the boot-time files");
    }
    console.step("Removing the boot-time files under " + root);
    int removed = 0;
    for (BootFile file : files()) {
      Path path = root.resolve(file.path());
      String now = read(path);
      if (now == null) {
        continue;
      }
      if (!now.contains(MARKER)) {
        console.warning("/" + file.path() + " is not safeup's (no marker line): left as it is");
        continue;
      }
      removed++;
      console.detail("/" + file.path());
      try {
        machine.files().delete(path);
        removeEmptyDropInDirectory(path.getParent());
      } catch (IOException e) {
        throw new SafeupException(
            ExitCode.DECISION_FAILED, "cannot remove " + path + ": " + e.getMessage());
      }
    }
    if (removed > 0) {
      reloadSystemd();
      console.line(
          "Run 'grub-mkconfig -o /boot/grub/grub.cfg' to take the entries out of GRUB's menu.");
    }
    console.success(
        removed == 0
            ? "Nothing to remove: snapshot boots were not enabled."
            : "Snapshot boots disabled.");
  }

  /** Where each file stands: up to date, outdated, missing, or someone else's. */
  public List<String> status() {
    List<String> lines = new ArrayList<>();
    for (BootFile file : files()) {
      String now = read(root.resolve(file.path()));
      String state =
          now == null
              ? "missing"
              : now.equals(file.content())
                  ? "installed"
                  : now.contains(MARKER) ? "outdated: run 'safeup boot enable'" : "not safeup's";
      lines.add("/" + file.path() + ": " + state);
    }
    return lines;
  }

  /** A drop-in directory ({@code sysinit.target.d}) that enable made and nothing else uses. */
  private void removeEmptyDropInDirectory(Path dir) {
    if (!dir.getFileName().toString().endsWith(".d")) {
      return;
    }
    try (var entries = Files.list(dir)) {
      if (entries.findAny().isEmpty()) {
        machine.files().delete(dir);
      }
    } catch (IOException e) {
      console.detail(dir + " stays: " + e.getMessage());
    }
  }

  private void requireRootForLiveSystem(String what) {
    if (liveSystem) {
      machine.requireRoot(what);
    }
  }

  /** Refuses a directory on the way to {@code file} that another user could swap for a link. */
  private void requireUnredirectable(BootFile file, String what) {
    UnredirectablePath.require(
        root.resolve(file.path()).getParent(),
        what,
        "use a directory that only root may write (and no links on the way)");
  }

  private void requireOursOrAbsent(BootFile file) {
    String now = read(root.resolve(file.path()));
    if (now != null && !now.contains(MARKER)) {
      throw new SafeupException(
          ExitCode.REFUSED,
          "/"
              + file.path()
              + " exists and is not safeup's; nothing was installed. Move it away, then run 'safeup"
              + " boot enable' again");
    }
  }

  private static String read(Path path) {
    try {
      return Files.isRegularFile(path) ? Files.readString(path, StandardCharsets.UTF_8) : null;
    } catch (IOException e) {
      throw new SafeupException(ExitCode.REFUSED, "cannot read " + path + ": " + e.getMessage());
    }
  }

  private void write(Path path, BootFile file) {
    try {
      machine.files().createDirectories(path.getParent());
      machine
          .files()
          .write(
              path,
              file.content().getBytes(StandardCharsets.UTF_8),
              file.executable() ? "rwxr-xr-x" : "rw-r--r--");
    } catch (IOException e) {
      throw new SafeupException(
          ExitCode.DECISION_FAILED, "cannot write " + path + ": " + e.getMessage());
    }
  }

  private void reloadSystemd() {
    if (!liveSystem) {
      return;
    }
    try {
      ProcessResult result = machine.processes().change(List.of("systemctl", "daemon-reload"));
      if (!result.succeeded()) {
        console.warning(
            "systemctl daemon-reload failed ("
                + result.lastMessage()
                + "); run it before booting a safeup target");
      }
    } catch (ProgramNotFoundException e) {
      console.warning("systemctl was not found; safeup's boot-time units need systemd");
    }
  }
}
