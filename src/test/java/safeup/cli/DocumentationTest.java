package safeup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import safeup.Main;
import safeup.config.ConfigException;
import safeup.config.ConfigParser;
import safeup.console.ColorMode;
import safeup.core.ExitCode;
import safeup.core.decision.Decision;
import safeup.testing.CommandRun;

/**
 * The man pages and shell completions cover the command line as picocli knows it, every exit code
 * and every configuration key.
 */
class DocumentationTest {
  private static final Path MAN_PAGE = Path.of("man/safeup.8");
  private static final Path CONFIG_MAN_PAGE = Path.of("man/safeup.conf.5");
  private static final Path BASH = Path.of("completion/safeup.bash");
  private static final Path ZSH = Path.of("completion/_safeup");
  private static final Path FISH = Path.of("completion/safeup.fish");

  @TempDir Path dir;
  CommandSpec safeup;

  @BeforeEach
  void setUp() {
    safeup = Main.commandLine(new CommandRun(dir)).getCommandSpec();
  }

  @Test
  void manPageDescribesEveryCommand() {
    Map<String, String> sections = sections(read(MAN_PAGE));
    List<String> missing = new ArrayList<>();
    for (String command : commands().keySet()) {
      if (tags(sections.get("COMMANDS")).stream().noneMatch(tag -> startsWithWord(tag, command))) {
        missing.add(command);
      }
    }
    assertEquals(List.of(), missing, "commands without an entry in COMMANDS of " + MAN_PAGE);
  }

  @Test
  void manPageDescribesEveryLongOption() {
    Map<String, String> sections = sections(read(MAN_PAGE));
    List<String> missing = new ArrayList<>();
    String global = String.join("\n", tags(sections.get("GLOBAL OPTIONS")));
    for (String option : longOptions(safeup)) {
      if (!containsWord(global, option)) {
        missing.add(option);
      }
    }
    String commandsSection = plain(sections.get("COMMANDS"));
    commands()
        .forEach(
            (name, spec) -> {
              for (String option : longOptions(spec)) {
                if (!containsWord(commandsSection, option)) {
                  missing.add(name + " " + option);
                }
              }
            });
    assertEquals(List.of(), missing, "long options missing from " + MAN_PAGE);
  }

  @Test
  void completionsOfferEveryCommandAndLongOption() {
    Map<Path, List<String>> missing = new LinkedHashMap<>();
    for (Path file : List.of(BASH, ZSH, FISH)) {
      String text = read(file);
      List<String> absent = new ArrayList<>();
      for (String command : commands().keySet()) {
        if (!containsWord(text, command)) {
          absent.add(command);
        }
      }
      Stream.concat(Stream.of(safeup), commands().values().stream())
          .flatMap(spec -> longOptions(spec).stream())
          .distinct()
          .filter(option -> !offersLongOption(file, text, option))
          .forEach(absent::add);
      if (!absent.isEmpty()) {
        missing.put(file, absent);
      }
    }
    assertEquals(Map.of(), missing, "commands and options the completions do not offer");
  }

  @Test
  void optionValuesAreDocumentedAndCompleted() {
    List<String> values = new ArrayList<>();
    Arrays.stream(ColorMode.values())
        .map(v -> v.name().toLowerCase(Locale.ROOT))
        .forEach(values::add);
    Arrays.stream(Decision.values())
        .map(v -> v.name().toLowerCase(Locale.ROOT))
        .forEach(values::add);
    Map<Path, List<String>> missing = new LinkedHashMap<>();
    String globalOptions = plain(sections(read(MAN_PAGE)).get("GLOBAL OPTIONS"));
    for (Path file : List.of(MAN_PAGE, BASH, ZSH, FISH)) {
      String text = file.equals(MAN_PAGE) ? globalOptions : read(file);
      List<String> absent = values.stream().filter(v -> !containsWord(text, v)).toList();
      if (!absent.isEmpty()) {
        missing.put(file, absent);
      }
    }
    assertEquals(Map.of(), missing, "values of --color and --then not documented or completed");
  }

  @Test
  void exitStatusSectionListsExactlyTheExitCodes() {
    String section = sections(read(MAN_PAGE)).get("EXIT STATUS");
    TreeSet<Integer> documented = new TreeSet<>();
    for (String tag : tags(section)) {
      documented.add(Integer.parseInt(tag.strip()));
    }
    TreeSet<Integer> codes = new TreeSet<>();
    for (ExitCode code : ExitCode.values()) {
      codes.add(code.code());
    }
    assertEquals(codes, documented, "exit codes in EXIT STATUS of " + MAN_PAGE);
  }

  @Test
  void readmeExitCodeTableListsExactlyTheExitCodes() {
    String readme = read(Path.of("README.md"));
    String table = readme.substring(readme.indexOf("## Exit codes"));
    table = table.substring(0, table.indexOf("\n## "));
    TreeSet<Integer> documented = new TreeSet<>();
    Matcher row = Pattern.compile("(?m)^\\| (\\d+) \\|").matcher(table);
    while (row.find()) {
      documented.add(Integer.parseInt(row.group(1)));
    }
    TreeSet<Integer> codes = new TreeSet<>();
    for (ExitCode code : ExitCode.values()) {
      codes.add(code.code());
    }
    assertEquals(codes, documented, "exit codes in README's table");
  }

  @Test
  void configManPageDescribesEveryKey() throws IOException {
    Path config = dir.resolve("safeup.conf");
    Files.writeString(config, "[options]\nNoSuchKey = 1\n");
    String message =
        assertThrows(ConfigException.class, () -> ConfigParser.read(config)).getMessage();
    Matcher known = Pattern.compile("known keys: ([^)]*)\\)").matcher(message);
    assertTrue(known.find(), "the error names the known keys: " + message);
    List<String> keys = List.of(known.group(1).split(",\\s*"));
    assertFalse(keys.isEmpty());

    List<String> tags = tags(sections(read(CONFIG_MAN_PAGE)).get("OPTIONS"));
    List<String> missing =
        keys.stream()
            .filter(key -> tags.stream().noneMatch(tag -> tag.startsWith(key + " =")))
            .toList();
    assertEquals(List.of(), missing, "keys without an entry in OPTIONS of " + CONFIG_MAN_PAGE);
  }

  /** safeup's commands by name. */
  private Map<String, CommandSpec> commands() {
    Map<String, CommandSpec> commands = new LinkedHashMap<>();
    for (Map.Entry<String, CommandLine> entry : safeup.subcommands().entrySet()) {
      commands.put(entry.getKey(), entry.getValue().getCommandSpec());
    }
    assertFalse(commands.isEmpty());
    return commands;
  }

  private static List<String> longOptions(CommandSpec spec) {
    List<String> names = new ArrayList<>();
    for (OptionSpec option : spec.options()) {
      Arrays.stream(option.names()).filter(n -> n.startsWith("--")).forEach(names::add);
    }
    return names;
  }

  /** fish names long options without their dashes: {@code -l no-reboot}. */
  private static boolean offersLongOption(Path file, String text, String option) {
    if (file.equals(FISH)) {
      return Pattern.compile(
              "(?:^|\\s)(?:-l|--long-option)\\s+"
                  + Pattern.quote(option.substring(2))
                  + "(?=\\s|$)",
              Pattern.MULTILINE)
          .matcher(text)
          .find();
    }
    return containsWord(text, option);
  }

  private static boolean containsWord(String text, String word) {
    return Pattern.compile("(?<![\\w-])" + Pattern.quote(word) + "(?![\\w-])").matcher(text).find();
  }

  private static boolean startsWithWord(String text, String word) {
    return text.equals(word) || text.startsWith(word + " ");
  }

  /** The man page's sections by name, each its troff source. */
  private static Map<String, String> sections(String troff) {
    Map<String, String> sections = new LinkedHashMap<>();
    String name = "";
    StringBuilder body = new StringBuilder();
    for (String line : troff.split("\n", -1)) {
      if (line.startsWith(".SH ")) {
        sections.put(name, body.toString());
        name = line.substring(4).replace("\"", "").strip();
        body.setLength(0);
      } else {
        body.append(line).append('\n');
      }
    }
    sections.put(name, body.toString());
    return sections;
  }

  /** The tags of a section's {@code .TP} paragraphs, as plain text. */
  private static List<String> tags(String section) {
    assertTrue(section != null, "section missing");
    List<String> tags = new ArrayList<>();
    String[] lines = section.split("\n");
    for (int i = 0; i + 1 < lines.length; i++) {
      if (lines[i].strip().equals(".TP")) {
        tags.add(plain(lines[i + 1]).replaceAll("\\s+", " ").strip());
      }
    }
    return tags;
  }

  /** troff source as plain text: no macros, font changes or quotes; {@code \-} as {@code -}. */
  private static String plain(String troff) {
    assertTrue(troff != null, "section missing");
    return troff
        .replaceAll("(?m)^\\.[A-Za-z]+ ?", "")
        .replace("\\-", "-")
        .replace("\\(aq", "'")
        .replace("\\(lq", "\"")
        .replace("\\(rq", "\"")
        .replace("\\&", "")
        .replaceAll("\\\\f[BIRP]", "")
        .replace("\"", "");
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError("cannot read " + file.toAbsolutePath(), e);
    }
  }

  @Test
  void readmeShowsTheAnsibleCollectionsPlaybookAsItIs() {
    String playbook = read(Path.of("src/ansible/playbooks/update.yml"));
    String indented =
        playbook
            .lines()
            .map(line -> line.isEmpty() ? "" : "    " + line)
            .collect(java.util.stream.Collectors.joining("\n", "", "\n"));
    assertTrue(
        read(Path.of("README.md")).contains(indented), "README's fleet playbook:\n" + indented);
  }

  /** README's promises name the tests that keep them: each named test must exist. */
  @Test
  void everyTestTheReadmeNamesExists() throws IOException {
    String readme = read(Path.of("README.md"));
    Matcher named = Pattern.compile("`(\\w+Test)#(\\w+)`").matcher(readme);
    List<String> missing = new ArrayList<>();
    int count = 0;
    while (named.find()) {
      count++;
      String cls = named.group(1);
      String method = named.group(2);
      try (Stream<Path> files = Files.walk(Path.of("src/test/java"))) {
        boolean found =
            files
                .filter(f -> f.getFileName().toString().equals(cls + ".java"))
                .anyMatch(f -> read(f).contains("void " + method + "("));
        if (!found) {
          missing.add(cls + "#" + method);
        }
      }
    }
    assertTrue(count >= 10, "README names " + count + " tests");
    assertEquals(List.of(), missing, "README names tests that do not exist");
  }
}
