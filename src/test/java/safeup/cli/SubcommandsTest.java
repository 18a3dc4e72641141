package safeup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import safeup.Main;
import safeup.testing.CommandRun;

/** The command line built for its arguments says and does what the complete one does. */
class SubcommandsTest {
  @TempDir Path dir;

  @Test
  void theCommandWordIsFoundPastSafeupsOptionsAndTheirValues() {
    assertEquals(Optional.of("status"), word("--then", "keep", "status"));
    assertEquals(
        Optional.of("keep"), word("-c", "/etc/x.conf", "--color", "never", "--dry-run", "keep"));
    assertEquals(Optional.of("pacman"), word("--config=/x", "-c/y", "pacman", "-Syu"));
    assertEquals(Optional.of("paru"), word("paru", "-Syu"));
    assertEquals(Optional.empty(), word("--help"));
    assertEquals(Optional.empty(), word());
  }

  @Test
  void helpAndErrorsAreTheSameAsWithEveryCommandComplete() {
    List<List<String>> cases = new ArrayList<>();
    cases.add(List.of("--help"));
    cases.add(List.of("--version"));
    cases.add(List.of("stauts"));
    cases.add(List.of("-Syu"));
    cases.add(List.of());
    for (String name : Subcommands.NAMES) {
      cases.add(List.of(name, "--help"));
      cases.add(List.of("--color", "never", name, "--bogus"));
    }
    cases.add(List.of("boot", "enable", "--help"));
    cases.add(List.of("hook", "guard", "--help"));
    for (List<String> args : cases) {
      String[] argv = args.toArray(String[]::new);
      assertEquals(
          run(Main.commandLine(new CommandRun(dir), argv), argv),
          run(Main.commandLine(new CommandRun(dir)), argv),
          String.join(" ", args));
    }
  }

  private static Optional<String> word(String... args) {
    return Subcommands.commandWord(args);
  }

  private static String run(CommandLine commandLine, String[] args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int code = commandLine.execute(args);
    return "exit " + code + "\n" + out + "\n" + err;
  }
}
