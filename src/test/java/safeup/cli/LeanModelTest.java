package safeup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;
import safeup.Main;
import safeup.testing.CommandRun;

/**
 * The model built from the build's description is the one picocli reads from the annotations, and
 * it is the one safeup's commands (and their tests) run on.
 */
class LeanModelTest {
  @TempDir Path dir;

  @Test
  void commandsRunOnTheModelBuiltFromTheDescription() {
    CommandLine line = Main.commandLine(new CommandRun(dir), new String[] {"status", "--json"});
    CommandSpec status = line.getSubcommands().get("status").getCommandSpec();
    assertTrue(status.userObject() instanceof StatusCommand);
    assertTrue(status.parentCommandElements().isEmpty(), "built from annotations");
    assertTrue(ModelDescription.read().isPresent(), "the build kept the description");
  }

  @Test
  void everyCommandIsDescribedAsItsAnnotationsSayIt() {
    CommandLine annotated = Main.commandLine(new CommandRun(dir));
    // with no command named, the root and every command's outline
    assertEquals(summary(annotated.getCommandSpec()), summary(lean("stauts").getCommandSpec()));
    for (String name : Subcommands.NAMES) {
      CommandLine lean = lean(name);
      assertEquals(List.of(name), List.copyOf(lean.getSubcommands().keySet()), name);
      assertEquals(
          summaries(annotated.getSubcommands().get(name)),
          summaries(lean.getSubcommands().get(name)),
          name);
    }
  }

  @Test
  void argumentsSetTheSameValuesAsWithTheAnnotatedModel() {
    List<String[]> cases =
        List.of(
            new String[] {"-c", "/x.conf", "--color=never", "--dry-run", "--then", "keep", "keep"},
            new String[] {"--color", "always", "rollback", "-y", "--no-reboot", "--without-boot"},
            new String[] {"rollback", "--keep", "/etc/a", "--keep=/etc/b", "20261206-1"},
            new String[] {"status", "--json"},
            new String[] {"diff", "--json", "--contents", "20261206-1", "/etc"},
            new String[] {"doctor", "--json"},
            new String[] {"mount", "20261206-1", "/mnt"},
            new String[] {"umount", "/mnt"},
            new String[] {"backup", "-o", "/tmp/a.tar", "20261206-1"},
            new String[] {"boot", "enable", "--root", "/img"},
            new String[] {"boot", "status"},
            new String[] {"hook", "settled"},
            new String[] {"pacman", "-Syu", "--", "-x", "@f"},
            new String[] {"--then", "keep", "paru", "-Syu"});
    for (String[] args : cases) {
      assertEquals(
          values(Main.commandLine(new CommandRun(dir)).parseArgs(args)),
          values(lean(args).parseArgs(args)),
          String.join(" ", args));
    }
  }

  @Test
  void argumentsThatMayAskForHelpGoToTheAnnotatedModel() {
    for (String asks : List.of("-h", "--help", "-yh", "-hV")) {
      assertTrue(LeanModel.mayAskForHelp(new String[] {"rollback", asks}), asks);
    }
    for (String not : List.of("-Syu", "--then", "--json", "--no-reboot", "/home/h", "-V")) {
      assertFalse(LeanModel.mayAskForHelp(new String[] {"pacman", not}), not);
    }
  }

  private CommandLine lean(String... args) {
    return CommandLineManners.configure(
        LeanModel.commandLine(new SafeupCommand(new CommandRun(dir)), args).orElseThrow());
  }

  /** Each command's summary, by its path, for {@code command} and every command below it. */
  private static Map<String, String> summaries(CommandLine command) {
    Map<String, String> all = new TreeMap<>();
    all.put(command.getCommandSpec().qualifiedName(), summary(command.getCommandSpec()));
    for (CommandLine sub : command.getSubcommands().values()) {
      all.putAll(summaries(sub));
    }
    return all;
  }

  /** What picocli parses and runs by: every attribute of the command and its arguments. */
  private static String summary(CommandSpec spec) {
    List<String> lines = new ArrayList<>();
    lines.add("name " + spec.name());
    lines.add("hidden " + spec.usageMessage().hidden());
    lines.add("description " + Arrays.toString(spec.usageMessage().description()));
    lines.add("subcommands " + spec.subcommands().keySet());
    lines.add("unmatched " + spec.unmatchedArgsBindings().size());
    lines.add("user object " + spec.userObject().getClass().getName());
    for (OptionSpec option : spec.options()) {
      lines.add(
          "option "
              + Arrays.toString(option.names())
              + " usage help "
              + option.usageHelp()
              + " version help "
              + option.versionHelp()
              + " "
              + arg(option));
    }
    for (PositionalParamSpec positional : spec.positionalParameters()) {
      lines.add("positional " + positional.index() + " " + arg(positional));
    }
    return String.join("\n", lines);
  }

  private static String arg(ArgSpec arg) {
    return String.join(
        " ",
        "arity " + arg.arity() + (arg.arity().isUnspecified() ? " (unspecified)" : ""),
        "type " + arg.type().getName(),
        "elements " + Arrays.toString(arg.auxiliaryTypes()),
        "label " + arg.paramLabel(),
        "required " + arg.required(),
        "default " + arg.defaultValue(),
        "hidden " + arg.hidden(),
        "initial " + arg.initialValue(),
        "converters "
            + Arrays.stream(arg.converters())
                .map(c -> c.getClass().getName())
                .collect(Collectors.joining(",")));
  }

  /** The value of every option and parameter of every command the arguments reached. */
  private static Map<String, String> values(ParseResult parsed) {
    Map<String, String> values = new TreeMap<>();
    for (ParseResult command = parsed; command != null; command = command.subcommand()) {
      String at = command.commandSpec().qualifiedName() + " ";
      for (ArgSpec arg : command.commandSpec().args()) {
        values.put(at + arg.paramLabel() + describeNames(arg), Objects.toString(arg.getValue()));
      }
      values.put(at + "unmatched", command.unmatched().toString());
    }
    return values;
  }

  private static String describeNames(ArgSpec arg) {
    return arg instanceof OptionSpec option ? " " + Arrays.toString(option.names()) : "";
  }
}
