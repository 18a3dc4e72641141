package safeup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;
import safeup.Main;
import safeup.testing.CommandRun;

/** safeup's command line behaves as pacman's does, and as a well-mannered Unix tool does. */
class CommandLineMannersTest {
  private static final String ESC = "\u001b[";
  private static final String UPGRADE =
      "[2026-11-27T10:15:05+0000] [ALPM] upgraded hello (1.0-1 -> 1.1-1)";

  @TempDir Path dir;
  CommandRun run;

  @BeforeEach
  void setUp() {
    run = new CommandRun(dir);
  }

  private List<String> errLines() {
    return run.err.lines().toList();
  }

  @Test
  void aBareSafeupIsAUsageErrorOfOneLineAndAHint() {
    assertEquals(2, run.run());
    assertEquals(
        List.of(
            "error: no command given (to update: safeup pacman -Syu)",
            "Try 'safeup --help' for more information."),
        errLines());
    assertEquals("", run.out);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "bogus | error: unknown command 'bogus' (did you mean boot or status?) | safeup",
        "-x | error: unknown option '-x' | safeup",
        "--colr never status | error: unknown option '--colr' (did you mean --config or --color?)"
            + " | safeup",
        "--color purple status | error: invalid value for option '--color': 'purple' is not one"
            + " of auto, always, never | safeup",
        "--then | error: missing required parameter for option '--then' (WHAT) | safeup",
        "status --bogus | error: unknown option '--bogus' | safeup status",
        "status --color=never | error: unknown option '--color=never' for status (safeup's own"
            + " options go before the command word) | safeup status",
        "boot status --dry-run | error: unknown option '--dry-run' for status (safeup's own"
            + " options go before the command word) | safeup boot status",
        "keep a b | error: unexpected argument 'b' | safeup keep",
        "backup | error: missing required option: '--output=FILE' | safeup backup",
        "boot | error: boot needs a command: enable, disable, status, snapshot, rollback, trial or"
            + " trial-check"
            + " | safeup boot",
        "boot enable --root | error: missing required parameter for option '--root' (DIR)"
            + " | safeup boot enable",
      })
  void aUsageErrorIsOneErrorLineAndAHintNeverTheHelp(String words, String error, String help) {
    assertEquals(2, run.run(words.split(" ")));
    assertEquals(
        List.of(error, "Try '" + help + " --help' for more information."), errLines(), words);
    assertEquals("", run.out);
    assertEquals(List.of(), run.processes.calls(), "nothing ran");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "-Syu | -Syu | safeup pacman -Syu",
        "-S firefox | -S | safeup pacman -S firefox",
        "-Qi linux | -Qi | safeup pacman -Qi linux",
        "-R hello | -R | safeup pacman -R hello",
        "-U /tmp/x.pkg.tar.zst | -U | safeup pacman -U /tmp/x.pkg.tar.zst",
        "-Sc | -Sc | safeup pacman -Sc",
        "-Fy | -Fy | safeup pacman -Fy",
        "--sync --refresh | --sync | safeup pacman --sync --refresh",
        "--dry-run --then keep -Syu | -Syu | safeup --dry-run --then keep pacman -Syu",
      })
  void aPacmanOperationGivenToSafeupSuggestsTheCommandMeant(
      String words, String operation, String meant) {
    assertEquals(2, run.run(words.split(" ")));
    assertEquals(
        List.of(
            "error: unknown option '" + operation + "' (to run pacman: " + meant + ")",
            "Try 'safeup --help' for more information."),
        errLines());
    assertEquals(List.of(), run.processes.calls(), "pacman did not run");
  }

  @Test
  void theSuggestionQuotesWhatTheShellWouldSplit() {
    assertEquals(2, run.run("-S", "it's here"));
    assertEquals(
        "error: unknown option '-S' (to run pacman: safeup pacman -S 'it'\\''s here')",
        errLines().get(0));
  }

  @Test
  void theVersionOptionWorksOnEveryCommandThatOffersIt() {
    assertEquals(0, run.run("-V"));
    String version = run.out;
    assertTrue(version.startsWith("safeup "), version);
    assertEquals(1, version.lines().count(), version);
    List<String> commands = new ArrayList<>();
    collectCommandsOfferingVersion(Main.commandLine(run), commands);
    assertTrue(commands.size() >= 13, commands.toString());
    Map<String, String> wrong = new TreeMap<>();
    for (String command : commands) {
      List<String> args = new ArrayList<>(List.of(command.split(" ")));
      for (String option : List.of("-V", "--version")) {
        args.add(option);
        int code = run.run(args.toArray(String[]::new));
        if (code != 0 || !run.out.equals(version) || !run.err.isEmpty()) {
          wrong.put(String.join(" ", args), code + ": " + run.out + run.err);
        }
        args.remove(args.size() - 1);
      }
    }
    assertEquals(Map.of(), wrong);
  }

  private static void collectCommandsOfferingVersion(CommandLine line, List<String> commands) {
    for (CommandLine sub : line.getSubcommands().values()) {
      String path = sub.getCommandSpec().qualifiedName().substring("safeup ".length());
      boolean offered = sub.getCommandSpec().findOption("-V") != null;
      boolean inHelp = sub.getUsageMessage().contains("--version");
      assertEquals(offered, inHelp, path + ": help and options disagree about -V");
      if (offered) {
        commands.add(path);
      }
      collectCommandsOfferingVersion(sub, commands);
    }
  }

  @Test
  void helpIsColouredOnlyWhenSafeupsOutputWouldBe() {
    run.terminal = true;
    assertEquals(0, run.run("--help"));
    assertTrue(run.out.contains(ESC), "on a terminal, help is coloured: " + run.out);
    assertEquals(0, run.run("--color", "never", "--help"));
    assertFalse(run.out.contains(ESC), run.out);
    assertEquals(0, run.run("--color", "never", "status", "--help"));
    assertFalse(run.out.contains(ESC), run.out);
    run.env.put("TERM", "dumb");
    assertEquals(0, run.run("--help"));
    assertFalse(run.out.contains(ESC), "TERM=dumb: " + run.out);
    run.env.clear();
    run.env.put("NO_COLOR", "1");
    assertEquals(0, run.run("rollback", "--help"));
    assertFalse(run.out.contains(ESC), "NO_COLOR: " + run.out);
    run.env.clear();
    run.terminal = false;
    assertEquals(0, run.run("--help"));
    assertFalse(run.out.contains(ESC), "not a terminal: " + run.out);
    assertEquals(0, run.run("--color", "always", "--help"));
    assertTrue(run.out.contains(ESC), "--color always: " + run.out);
  }

  @Test
  void usageErrorsAreColouredOnlyWhenSafeupsOutputWouldBe() {
    run.terminal = true;
    assertEquals(2, run.run("--color", "never", "-Syu"));
    assertFalse(run.err.contains(ESC), run.err);
    run.env.put("TERM", "dumb");
    assertEquals(2, run.run("-Syu"));
    assertFalse(run.err.contains(ESC), run.err);
    run.env.clear();
    assertEquals(2, run.run("-Syu"));
    assertTrue(run.err.contains(ESC), run.err);
    assertEquals(2, errLines().size());
  }

  @Test
  void aRepeatedOptionTakesItsLastValue() {
    run.terminal = true;
    assertEquals(0, run.run("--color", "always", "--color", "never", "--help"));
    assertFalse(run.out.contains(ESC), run.out);
    assertEquals(0, run.run("--color", "never", "--color", "always", "--help"));
    assertTrue(run.out.contains(ESC), run.out);
    run.terminal = false;

    run.pacmanLogs(0, UPGRADE);
    assertEquals(0, run.run("--then", "keep", "--then", "later", "pacman", "-Syu"), run.err);
    assertEquals(List.of(), run.processes.calls("lvremove"), "later: the set stays");
    assertEquals(0, run.run("--then", "later", "--then", "keep", "keep"), run.err);
    assertEquals(1, run.processes.calls("lvremove").size(), run.err);

    run.pacmanLogs(0, UPGRADE);
    assertEquals(0, run.run("--then", "later", "--then", "keep", "pacman", "-Syu"), run.err);
    assertEquals(2, run.processes.calls("lvremove").size(), "keep: the set is removed");
  }

  /**
   * What each command does with {@code -c FILE} when FILE does not exist, as the man page says:
   * those that read the configuration refuse (or, for a rollback, warn and reboot the default way);
   * those that read none behave exactly as without the option.
   */
  @Test
  void everyCommandTreatsTheConfigFileAsTheManPageSays() throws IOException {
    Path missing = dir.resolve("missing.conf");
    String noSuchFile = missing + ": no such file (given with --config)";
    Path root = Files.createDirectories(dir.resolve("image"));
    Map<String, String> commands = new LinkedHashMap<>();
    commands.put("pacman -Syu", "refused");
    commands.put("boot snapshot", "refused");
    commands.put("hook snapshot", "refused");
    commands.put("hook guard", "ignored");
    commands.put("hook settled", "ignored");
    commands.put("doctor", "checked");
    commands.put("rollback --yes", "warned");
    commands.put("boot rollback", "warned");
    commands.put("boot trial", "warned");
    commands.put("boot trial-check", "warned");
    commands.put("keep", "warned");
    commands.put("status", "ignored");
    commands.put("diff", "ignored");
    commands.put("mount " + dir.resolve("mnt"), "ignored");
    commands.put("umount " + dir.resolve("mnt"), "ignored");
    commands.put("backup -o " + dir.resolve("set.tar"), "ignored");
    commands.put("--dry-run boot enable --root " + root, "ignored");
    commands.put("boot disable --root " + root, "ignored");
    commands.put("boot status --root " + root, "ignored");

    List<String> leaves = new ArrayList<>();
    collectLeafCommands(Main.commandLine(run), leaves);
    assertEquals(
        leaves.stream().sorted().toList(),
        commands.keySet().stream().map(CommandLineMannersTest::commandWords).sorted().toList(),
        "every command is checked");

    for (Map.Entry<String, String> entry : commands.entrySet()) {
      List<String> words = List.of(entry.getKey().split(" "));
      List<String> withFile = new ArrayList<>(List.of("-c", missing.toString()));
      withFile.addAll(words);
      int code = run.run(withFile.toArray(String[]::new));
      String what = entry.getKey() + ": " + run.out + run.err;
      switch (entry.getValue()) {
        case "refused" -> {
          assertEquals(2, code, what);
          assertEquals(List.of("error: " + noSuchFile), errLines(), what);
          assertEquals(List.of(), run.processes.calls("pacman"), what);
          assertEquals(List.of(), run.processes.calls("lvcreate"), what);
        }
        case "checked" -> {
          assertEquals(3, code, what);
          assertTrue(run.out.contains("FAIL  configuration: " + noSuchFile), what);
        }
        case "warned" ->
            assertTrue(
                run.err.contains(
                    "warning: "
                        + noSuchFile
                        + "; using the defaults (RebootCommand = systemctl reboot,"
                        + " PacmanLockWait = 60)"),
                what);
        case "ignored" -> {
          String out = run.out;
          String err = run.err;
          assertFalse((out + err).contains("missing.conf"), what);
          assertEquals(code, run.run(words.toArray(String[]::new)), what);
          assertEquals(out, run.out, what);
          assertEquals(err, run.err, what);
        }
        default -> throw new AssertionError(entry.getValue());
      }
    }
  }

  private static String commandWords(String line) {
    List<String> words = new ArrayList<>();
    for (String word : line.split(" ")) {
      if (word.startsWith("-") || word.startsWith("/")) {
        if (!words.isEmpty()) {
          break;
        }
        continue;
      }
      words.add(word);
    }
    return String.join(" ", words);
  }

  private static void collectLeafCommands(CommandLine line, List<String> leaves) {
    for (CommandLine sub : line.getSubcommands().values()) {
      if (sub.getSubcommands().isEmpty()) {
        leaves.add(sub.getCommandSpec().qualifiedName().substring("safeup ".length()));
      }
      collectLeafCommands(sub, leaves);
    }
  }

  @Test
  void aFullDiskIsAnErrorAndAnExitCode() {
    run.stdout = failingWith("No space left on device");
    for (String[] args :
        List.of(new String[] {"status"}, new String[] {"--help"}, new String[] {"keep", "-V"})) {
      assertEquals(74, run.run(args), String.join(" ", args));
      assertEquals(
          List.of("error: cannot write to standard output: No space left on device"),
          errLines(),
          String.join(" ", args));
    }
  }

  @Test
  void aClosedPipeIsAnExitCodeWithoutAMessage() {
    run.stdout = failingWith("Broken pipe");
    assertEquals(74, run.run("status"));
    assertEquals("", run.err);
    assertEquals(74, run.run("--help"));
    assertEquals("", run.err);
  }

  @Test
  void aFailedWriteDoesNotHideAnEarlierFailure() {
    run.stdout = failingWith("No space left on device");
    assertEquals(3, run.run("-c", dir.resolve("missing.conf").toString(), "doctor"));
    assertEquals(
        "error: cannot write to standard output: No space left on device",
        errLines().get(errLines().size() - 1));
  }

  @Test
  void writingThatSucceedsChangesNothing() {
    java.io.ByteArrayOutputStream written = new java.io.ByteArrayOutputStream();
    run.stdout = written;
    assertEquals(0, run.run("status"));
    assertEquals("", run.err);
    assertTrue(written.toString().startsWith("No snapshot sets"), written.toString());
  }

  private static OutputStream failingWith(String reason) {
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        throw new IOException(reason);
      }

      @Override
      public void write(byte[] bytes, int offset, int length) throws IOException {
        throw new IOException(reason);
      }
    };
  }
}
