package safeup.testing;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import safeup.Main;
import safeup.cli.Wiring;
import safeup.console.Prompter;
import safeup.console.StandardOutput;
import safeup.files.FileGateway;
import safeup.files.SystemFileGateway;
import safeup.process.ProcessGateway;
import safeup.system.Host;
import safeup.system.Mount;
import safeup.system.MountTable;
import safeup.system.Signals;

/**
 * Runs safeup's real command line against a simulated machine: {@code /} is vg0/root (254:0),
 * pacman's database and log live in a temporary directory, LVM is simulated, pacman scripted, and
 * answers are typed from a queue.
 */
public final class CommandRun implements Wiring {
  public static final String MACHINE_ID = "0123456789abcdef0123456789abcdef";
  public final RecordingProcessGateway processes = new RecordingProcessGateway();

  /** Changes files for real: every path safeup names lies under {@link #dir}. */
  public FileGateway fileGateway = new SystemFileGateway();

  public final LvmSimulator lvm = new LvmSimulator();
  public final Path dir;
  public final Path root;
  public final Path log;

  /** The system's own files (/boot, /var/lib/safeup), as {@code Host.onDisk} places them. */
  public final Path files;

  public boolean isRoot = true;
  public String machineId = MACHINE_ID;

  /** Data waiting in the page cache, as /proc/meminfo would tell. */
  public long unwrittenBytes = 0;

  public final FakeSignals signals = new FakeSignals();

  /** Whether a process holds pacman's lock file open (false: one left by a killed pacman). */
  public boolean lockHeldOpen = true;

  public boolean terminal = false;
  public final Deque<String> answers = new ArrayDeque<>();

  /** The questions asked, as shown. */
  public final List<String> prompts = new java.util.ArrayList<>();

  /** Runs as each question is asked. */
  public Runnable onPrompt = () -> {};

  public final List<Mount> mounts = new java.util.ArrayList<>();

  /** safeup's environment variables (NO_COLOR, TERM, SUDO_USER, ...). */
  public final Map<String, String> env = new java.util.HashMap<>();

  /** When set, standard output goes here, as in {@code Main}, rather than into {@link #out}. */
  public java.io.OutputStream stdout;

  /** The ids of safeup's parent, its parent's parent, ...; the first one's command line. */
  public List<Long> ancestors = List.of();

  public List<String> parentCommand = List.of();

  public String out = "";
  public String err = "";

  public CommandRun(Path dir) {
    this.dir = dir;
    this.root = dir.resolve("root");
    this.log = root.resolve("var/log/pacman.log");
    this.files = dir.resolve("files");
    try {
      Files.createDirectories(root.resolve("var/lib/pacman/local"));
      Files.writeString(root.resolve("var/lib/pacman/local/ALPM_DB_VERSION"), "9\n");
      Files.createDirectories(log.getParent());
      if (!Files.exists(log)) {
        Files.createFile(log); // pacman keeps one from its first run
      }
      Files.createDirectories(files.resolve("run/systemd/journal"));
      Files.writeString(files.resolve("run/systemd/journal/socket"), ""); // the journal runs

    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    lvm.vg("vg0", 10_240 * LvmSimulator.MIB, 2_048 * LvmSimulator.MIB)
        .lv("vg0", "root", 4_096 * LvmSimulator.MIB, 0)
        .lv("vg0", "home", 4_096 * LvmSimulator.MIB, 1);
    lvm.attachTo(processes);
    processes.answer(
        List.of("pacman-conf"),
        0,
        "DBPath = " + root + "/var/lib/pacman/\nLogFile = " + log + "\n",
        "");
    mounts.add(new Mount(254, 0, "/", "ext4", "/dev/mapper/vg0-root"));
    installed("hello", "1.0-1");
  }

  /**
   * pacman's local database: {@code name} at {@code version} is installed, in place of others,
   * owning {@code files} (relative to pacman's root) when given.
   */
  public void installed(String name, String version, String... files) {
    Path local = root.resolve("var/lib/pacman/local");
    try (var entries = Files.list(local)) {
      for (Path old :
          entries.filter(p -> p.getFileName().toString().startsWith(name + "-")).toList()) {
        Files.deleteIfExists(old.resolve("files"));
        Files.delete(old.resolve("desc"));
        Files.delete(old);
      }
      Path entry = Files.createDirectories(local.resolve(name + "-" + version));
      Files.writeString(entry.resolve("desc"), "%NAME%\n" + name + "\n");
      if (files.length > 0) {
        Files.writeString(entry.resolve("files"), "%FILES%\n" + String.join("\n", files) + "\n");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * pacman, when run, does {@code effect}, appends {@code lines} to its log and exits with code.
   */
  public CommandRun pacmanDoes(int code, Runnable effect, String... lines) {
    processes.onAttached(
        argv -> {
          effect.run();
          appendLog(lines);
          return code;
        });
    return this;
  }

  /** pacman, when run, appends these lines to its log and exits with {@code code}. */
  public CommandRun pacmanLogs(int code, String... lines) {
    processes.onAttached(
        argv -> {
          appendLog(lines);
          return code;
        });
    return this;
  }

  public void appendLog(String... lines) {
    try {
      Files.writeString(
          log,
          String.join("", java.util.Arrays.stream(lines).map(l -> l + "\n").toList()),
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs {@code safeup ARGS}, capturing output; returns the exit code. */
  public int run(String... args) {
    CommandLine commandLine = Main.commandLine(this, args);
    StringWriter outText = new StringWriter();
    StringWriter errText = new StringWriter();
    commandLine.setOut(
        stdout == null
            ? new PrintWriter(outText, true)
            : StandardOutput.over(stdout, StandardCharsets.UTF_8));
    commandLine.setErr(new PrintWriter(errText, true));
    int code = commandLine.execute(args);
    out = outText.toString();
    err = errText.toString();
    return code;
  }

  @Override
  public ProcessGateway processes() {
    return processes;
  }

  @Override
  public FileGateway files() {
    return fileGateway;
  }

  @Override
  public Host host() {
    return new Host() {
      @Override
      public boolean isRoot() {
        return isRoot;
      }

      @Override
      public String machineId() {
        return machineId;
      }

      @Override
      public Path onDisk(Path path) {
        return files.resolve(Path.of("/").relativize(path).toString());
      }

      @Override
      public long unwrittenBytes() {
        return unwrittenBytes;
      }

      @Override
      public List<Long> ancestors() {
        return ancestors;
      }

      @Override
      public boolean isOpenByAProcess(Path file) {
        return lockHeldOpen;
      }

      @Override
      public List<String> commandLine(long pid) {
        return !ancestors.isEmpty() && pid == ancestors.get(0) ? parentCommand : List.of();
      }
    };
  }

  @Override
  public MountTable mounts() {
    return new MountTable(mounts);
  }

  @Override
  public Path runLock() {
    return dir.resolve("safeup.lock");
  }

  @Override
  public Clock clock() {
    return Clock.fixed(Instant.parse("2026-11-27T10:15:00Z"), ZoneOffset.UTC);
  }

  @Override
  public Map<String, String> environment() {
    return env;
  }

  @Override
  public boolean terminal() {
    return terminal;
  }

  @Override
  public Optional<Prompter> prompter() {
    if (!terminal) {
      return Optional.empty();
    }
    return Optional.of(
        prompt -> {
          prompts.add(prompt);
          onPrompt.run();
          return Optional.ofNullable(answers.poll());
        });
  }

  @Override
  public Signals signals() {
    return signals;
  }

  /** Signals delivered by the test, synchronously; an exit ends the run with {@link Exited}. */
  public static final class FakeSignals implements Signals {
    private final Map<String, java.util.function.Consumer<String>> handlers =
        new java.util.HashMap<>();
    public Integer exitCode;

    @Override
    public void handle(List<String> names, java.util.function.Consumer<String> handler) {
      names.forEach(name -> handlers.put(name, handler));
    }

    @Override
    public void exit(int code) {
      exitCode = code;
      throw new Exited();
    }

    /** Delivers {@code name}; without a handler the process would end, and so does the test. */
    public void deliver(String name) {
      java.util.function.Consumer<String> handler = handlers.get(name);
      if (handler == null) {
        throw new AssertionError("SIG" + name + " would have ended safeup: no handler");
      }
      handler.accept(name);
    }
  }

  /** Thrown by {@link FakeSignals#exit}: the process ends here. */
  public static final class Exited extends RuntimeException {}
}
