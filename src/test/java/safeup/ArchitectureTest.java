package safeup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The rules of the code's layout that review alone would let slip. */
class ArchitectureTest {
  private static final Path MAIN = Path.of("src/main/java/safeup");
  private static final Pattern IMPORT =
      Pattern.compile("^import (?:static )?safeup\\.((?:[a-z]+\\.)*[a-z]+)\\.[A-Z]", 8);

  /**
   * The layers from the top down; each may use those after it. Layers in one group (cli's commands,
   * core's rooms of what the user does) stand side by side and do not use each other.
   */
  private static final List<List<String>> LAYERS =
      List.of(
          List.of("cli"),
          List.of("doctor"),
          List.of("core.update", "core.mount", "core.unattended", "core.trial"),
          List.of("core.decision"),
          List.of("core.diff"),
          List.of("core.carry"),
          List.of("core.set"),
          List.of("core.boot"),
          List.of("core"),
          List.of("config"),
          List.of("pacman", "lvm"),
          List.of("process", "files", "console", "system"));

  /** Each layer and the layers it may use: those below it; nothing points back up or across. */
  private static final Map<String, List<String>> MAY_USE = mayUse();

  private static Map<String, List<String>> mayUse() {
    Map<String, List<String>> rules = new TreeMap<>();
    for (int i = 0; i < LAYERS.size(); i++) {
      List<String> below =
          LAYERS.subList(i + 1, LAYERS.size()).stream().flatMap(List::stream).toList();
      for (String layer : LAYERS.get(i)) {
        rules.put(layer, below);
      }
    }
    return rules;
  }

  /**
   * What writes, renames or removes a file, or opens one for writing: {@code java.nio.file.Files}'
   * changing methods, write options, and the old {@code java.io} ways (standard output, opened by
   * its descriptor, is not a file).
   */
  private static final Pattern FILE_CHANGE =
      Pattern.compile(
          "Files\\.(write|writeString|newOutputStream|newBufferedWriter|copy|move|delete"
              + "|deleteIfExists|createDirectory|createDirectories|createFile|createTempFile"
              + "|createTempDirectory|createSymbolicLink|createLink|setPosixFilePermissions"
              + "|setLastModifiedTime|setOwner|setAttribute)\\("
              + "|StandardOpenOption\\.(WRITE|CREATE|CREATE_NEW|APPEND|TRUNCATE_EXISTING"
              + "|DELETE_ON_CLOSE)"
              + "|new FileOutputStream\\((?!FileDescriptor)|new FileWriter\\(|new PrintStream\\(\""
              + "|new RandomAccessFile\\([^;]*\"rw|\\.renameTo\\(|toFile\\(\\)\\.delete");

  private static List<Path> sources() throws IOException {
    try (Stream<Path> files = Files.walk(MAIN)) {
      return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
    }
  }

  @Test
  void onlyTheProcessGatewayStartsProcesses() throws IOException {
    List<String> spawners = new java.util.ArrayList<>();
    for (Path file : sources()) {
      String text = Files.readString(file);
      if (text.contains("new ProcessBuilder") || text.contains("Runtime.getRuntime().exec")) {
        spawners.add(MAIN.relativize(file).toString());
      }
    }
    assertEquals(List.of("process/SystemProcessGateway.java"), spawners);
  }

  @Test
  void onlyTheFileGatewayChangesFiles() throws IOException {
    Map<String, String> writers = new TreeMap<>();
    for (Path file : sources()) {
      Path relative = MAIN.relativize(file);
      Matcher m = FILE_CHANGE.matcher(Files.readString(file));
      if (!relative.startsWith("files") && m.find()) {
        writers.put(relative.toString(), m.group());
      }
    }
    assertEquals(Map.of(), writers, "file changes outside safeup.files");
  }

  /** A dry run is one substitution where the program is wired; nothing below knows of it. */
  @Test
  void onlyTheWiringAndTheGatewaysKnowOfADryRun() throws IOException {
    List<String> knowing = new java.util.ArrayList<>();
    for (Path file : sources()) {
      Path relative = MAIN.relativize(file);
      boolean wiringOrGateway =
          relative.startsWith("cli") || relative.getFileName().toString().startsWith("DryRun");
      if (!wiringOrGateway
          && Pattern.compile("\\bdryRun\\b").matcher(Files.readString(file)).find()) {
        knowing.add(relative.toString());
      }
    }
    assertEquals(List.of(), knowing);
  }

  @Test
  void noLayerUsesOneAboveIt() throws IOException {
    Map<String, String> wrong = new TreeMap<>();
    for (Path file : sources()) {
      Path relative = MAIN.relativize(file);
      if (relative.getNameCount() < 2) {
        continue; // Main wires everything together
      }
      String layer = relative.getParent().toString().replace('/', '.');
      Matcher m = IMPORT.matcher(Files.readString(file));
      while (m.find()) {
        String used = m.group(1);
        if (!used.equals(layer) && !MAY_USE.get(layer).contains(used)) {
          wrong.put(relative.toString(), used);
        }
      }
    }
    assertEquals(Map.of(), wrong, "imports that point up the layers, or across them");
  }

  /** A line that may begin a method or constructor: a type (or none) and a name before "(". */
  private static final Pattern METHOD =
      Pattern.compile(
          "^( +)(?:@\\w+ )*(?:(?:public|private|protected|static|final|abstract|synchronized"
              + "|default) )*(?:<[^>]+> )?(?:[\\w.<>\\[\\], ?]+ )?\\w+\\(");

  /** What marks a method or class allowed to be longer, with the reason after it. */
  private static final String LONG = "// Long:";

  @Test
  void coreClassesAndMethodsAreSmallUnlessACommentSaysWhy() throws IOException {
    List<String> tooLong = new java.util.ArrayList<>();
    for (Path file : sources()) {
      Path relative = MAIN.relativize(file);
      if (!relative.startsWith("core")) {
        continue;
      }
      List<String> lines = Files.readAllLines(file);
      if (lines.size() > 300 && lines.stream().noneMatch(l -> l.strip().startsWith(LONG))) {
        tooLong.add(relative + ": " + lines.size() + " lines");
      }
      for (int i = 0; i < lines.size(); i++) {
        int length = methodLength(lines, i);
        if (length > 40 && !lines.get(i - 1).strip().startsWith(LONG)) {
          tooLong.add(relative + ":" + (i + 1) + ": a method of " + length + " lines");
        }
      }
    }
    assertEquals(List.of(), tooLong);
  }

  /** The lines of the method that begins at line {@code i}, or 0 when none begins there. */
  private static int methodLength(List<String> lines, int i) {
    String line = lines.get(i);
    Matcher m = METHOD.matcher(line);
    String code = line.strip();
    if (!m.find()
        || code.matches("(return|new|throw|else|record|class|interface|enum)\\b.*")
        || code.matches(".*\\b(record|class|interface|enum) .*")) {
      return 0;
    }
    int open = i;
    while (open < lines.size() && !lines.get(open).strip().endsWith("{")) {
      if (lines.get(open).strip().endsWith(";") || lines.get(open).strip().endsWith("{}")) {
        return 0;
      }
      open++;
    }
    String close = m.group(1) + "}";
    for (int k = open + 1; k < lines.size(); k++) {
      if (lines.get(k).equals(close)) {
        return k - i + 1;
      }
    }
    return 0;
  }

  @Test
  void everyPackageIsALayerAndSaysWhatItHolds() throws IOException {
    List<String> packages;
    try (Stream<Path> dirs = Files.walk(MAIN)) {
      packages =
          dirs.filter(Files::isDirectory)
              .filter(d -> !d.equals(MAIN))
              .map(d -> MAIN.relativize(d).toString().replace('/', '.'))
              .sorted()
              .toList();
    }
    assertEquals(new java.util.TreeSet<>(MAY_USE.keySet()), new java.util.TreeSet<>(packages));
    for (String p : packages) {
      Path info = MAIN.resolve(p.replace('.', '/')).resolve("package-info.java");
      assertTrue(Files.isRegularFile(info), p + " has no package-info.java");
    }
  }
}
