package safeup.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;
import safeup.Main;
import safeup.files.FileGateway;
import safeup.files.SystemFileGateway;

/**
 * Writes the pages {@link HelpPages} prints, at build time: every command's help options and
 * version options are run through safeup's complete command line, and what picocli prints is kept,
 * with and without colour. Beside them, the description of the commands {@link LeanModel} builds
 * from.
 */
public final class HelpPageWriter {
  /** The build's own directory is written like any other file safeup writes. */
  private static final FileGateway FILES = new SystemFileGateway();

  private HelpPageWriter() {}

  /**
   * Writes the pages and their index into the directory {@code args[0]}, and the version page for
   * the version {@code args[1]}: the launcher prints it, safeup itself reads its jar's manifest,
   * which the build's classes have not yet.
   */
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    FILES.createDirectories(dir);
    String version = String.join("\n", VersionProvider.lines(args[1])) + "\n";
    write(dir.resolve(HelpPages.VERSION + ".txt"), version);
    write(dir.resolve(HelpPages.VERSION + ".ansi"), version);
    List<String> index = new ArrayList<>();
    collect(Main.commandLine(new SystemWiring()), List.of(), dir, index);
    String text = index.stream().map(line -> line + "\n").collect(Collectors.joining());
    FILES.write(dir.resolve(HelpPages.INDEX), text.getBytes(StandardCharsets.UTF_8), null);
    write(
        dir.resolve(ModelDescription.NAME),
        ModelDescriptionWriter.describe(Main.commandLine(new SystemWiring())));
  }

  private static void write(Path file, String page) throws IOException {
    FILES.write(file, page.getBytes(StandardCharsets.UTF_8), null);
  }

  /** The pages of {@code command}, reached by {@code path}, and of the commands below it. */
  private static void collect(CommandLine command, List<String> path, Path dir, List<String> index)
      throws IOException {
    String name = path.isEmpty() ? "safeup" : "safeup-" + String.join("-", path);
    for (OptionSpec option : command.getCommandSpec().options()) {
      if (!option.usageHelp() && !option.versionHelp()) {
        continue;
      }
      for (String optionName : option.names()) {
        List<String> args = new ArrayList<>(path);
        args.add(optionName);
        ParseResult leaf = leaf(args);
        if (leaf.isUsageHelpRequested()) {
          write(dir.resolve(name + ".txt"), run("never", args));
          write(dir.resolve(name + ".ansi"), run("always", args));
          index.add(name + "\t" + String.join("\t", args));
        } else if (leaf.isVersionHelpRequested()) {
          index.add(HelpPages.VERSION + "\t" + String.join("\t", args));
        }
      }
    }
    for (var sub : command.getSubcommands().entrySet()) {
      List<String> subPath = new ArrayList<>(path);
      subPath.add(sub.getKey());
      collect(sub.getValue(), subPath, dir, index);
    }
  }

  /** How picocli reads {@code args}: the result for the last command they name. */
  private static ParseResult leaf(List<String> args) {
    ParseResult parsed =
        Main.commandLine(new SystemWiring()).parseArgs(args.toArray(String[]::new));
    while (parsed.hasSubcommand()) {
      parsed = parsed.subcommand();
    }
    return parsed;
  }

  /** What safeup prints for {@code args} with {@code --color WHEN}. */
  private static String run(String when, List<String> args) {
    List<String> argv = new ArrayList<>(List.of("--color", when));
    argv.addAll(args);
    CommandLine commandLine = Main.commandLine(new SystemWiring());
    StringWriter out = new StringWriter();
    commandLine.setOut(new PrintWriter(out));
    int code = commandLine.execute(argv.toArray(String[]::new));
    if (code != 0) {
      throw new IllegalStateException(String.join(" ", argv) + " exited " + code);
    }
    return out.toString();
  }
}
