package safeup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import safeup.Main;
import safeup.console.StandardOutput;
import safeup.testing.CommandRun;

/**
 * The help and version printed from the pages the build kept are what picocli prints for the same
 * arguments, byte for byte and with the same exit code, in colour and without; and every help and
 * version option of every command is answered that way.
 */
class HelpPagesTest {
  @TempDir Path dir;

  /** The environments and terminals that decide colour. */
  private static final List<Map<String, String>> ENVIRONMENTS =
      List.of(Map.of(), Map.of("NO_COLOR", "1"), Map.of("TERM", "dumb"));

  @Test
  void everyPageIsWhatPicocliPrints() throws IOException {
    List<List<String>> asked = indexed();
    assertTrue(asked.size() > 10, "index: " + asked);
    for (List<String> args : asked) {
      for (boolean terminal : List.of(true, false)) {
        for (Map<String, String> env : ENVIRONMENTS) {
          String what = String.join(" ", args) + " terminal=" + terminal + " env=" + env;
          CommandRun picocli = run(terminal, env);
          int code = picocli.run(args.toArray(String[]::new));
          CommandRun pages = run(terminal, env);
          ByteArrayOutputStream printed = new ByteArrayOutputStream();
          OptionalInt answered =
              HelpPages.answer(
                  args.toArray(String[]::new),
                  pages,
                  StandardOutput.over(printed, StandardCharsets.UTF_8));
          assertEquals(OptionalInt.of(code), answered, what);
          assertEquals(picocli.out, printed.toString(StandardCharsets.UTF_8), what);
        }
      }
    }
  }

  @Test
  void everyHelpAndVersionOptionOfEveryCommandIsInTheIndex() throws IOException {
    List<List<String>> expected = new ArrayList<>();
    options(Main.commandLine(run(false, Map.of())), List.of(), expected);
    assertEquals(expected, indexed());
  }

  @Test
  void anythingElseIsLeftToPicocli() {
    for (String[] args :
        List.of(
            new String[] {},
            new String[] {"status"},
            new String[] {"--color", "never", "--help"},
            new String[] {"-hV"},
            new String[] {"pacman", "-h"},
            new String[] {"boot", "--bogus", "-h"},
            new String[] {"-h", "-h"})) {
      ByteArrayOutputStream printed = new ByteArrayOutputStream();
      OptionalInt answered =
          HelpPages.answer(
              args, run(true, Map.of()), StandardOutput.over(printed, StandardCharsets.UTF_8));
      assertEquals(OptionalInt.empty(), answered, Arrays.toString(args));
      assertEquals(0, printed.size(), Arrays.toString(args));
    }
  }

  private CommandRun run(boolean terminal, Map<String, String> env) {
    CommandRun run = new CommandRun(dir);
    run.terminal = terminal;
    run.env.putAll(env);
    return run;
  }

  /** The argument lists the build's index holds. */
  private static List<List<String>> indexed() throws IOException {
    try (InputStream in = HelpPages.class.getResourceAsStream(HelpPages.PLACE + HelpPages.INDEX)) {
      assertTrue(in != null, "the build wrote no index of help pages");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .map(line -> List.of(line.split("\t")))
          .map(fields -> fields.subList(1, fields.size()))
          .toList();
    }
  }

  /** Each help and version option of {@code command} and those below it, with the path to it. */
  private static void options(CommandLine command, List<String> path, List<List<String>> into) {
    for (OptionSpec option : command.getCommandSpec().options()) {
      if (option.usageHelp() || option.versionHelp()) {
        for (String name : option.names()) {
          List<String> args = new ArrayList<>(path);
          args.add(name);
          into.add(args);
        }
      }
    }
    command
        .getSubcommands()
        .forEach(
            (name, sub) -> {
              List<String> below = new ArrayList<>(path);
              below.add(name);
              options(sub, below, into);
            });
  }
}
