package safeup.pacman;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import safeup.console.Sizes;
import safeup.files.FileGateway;
import safeup.files.Scratch;
import safeup.process.ProcessGateway;
import safeup.process.ProcessResult;

/**
 * Predicts what a pacman transaction will write, without changing the system.
 *
 * <p>Sync operations ({@code -S}) are asked of pacman itself: {@code --print} lists the packages
 * with their download sizes, {@code -Si} gives their installed sizes. When the transaction
 * refreshes the databases ({@code -y}), the prediction reads databases refreshed the way {@code
 * checkupdates} does: a temporary DBPath with pacman's {@code local} database linked in and copies
 * of its sync databases, refreshed there, so that pacman's own databases stay as they were until
 * the snapshot is taken. Removals write little; local package files ({@code -U}) give their
 * installed size to {@code pacman -Qip}; a URL is not predicted. Anything else, or a pacman run
 * with {@code --root}, {@code --sysroot} or {@code --dbpath}, is not predicted.
 */
public final class TransactionEstimator {
  private static final Pattern INSTALLED =
      Pattern.compile("^Installed Size\\s*:\\s*([0-9.]+)\\s*([KMGTP]?i?B)\\s*$");
  private static final Pattern TARGET = Pattern.compile("^(\\S+/\\S+) (\\d+)$");

  private final ProcessGateway processes;
  private final FileGateway files;
  private final Path tempParent;

  /**
   * @param tempParent where the temporary DBPath is made (it is removed again)
   */
  public TransactionEstimator(ProcessGateway processes, FileGateway files, Path tempParent) {
    this.processes = processes;
    this.files = files;
    this.tempParent = tempParent;
  }

  public TransactionEstimate estimate(PacmanInvocation invocation, PacmanPaths paths) {
    if (invocation.root().isPresent()
        || invocation.sysroot().isPresent()
        || invocation.dbPath().isPresent()) {
      return TransactionEstimate.unknown("pacman runs with --root, --sysroot or --dbpath");
    }
    return switch (invocation.operation()) {
      case 'R' -> new TransactionEstimate(true, 0, 0, List.of(), "a removal writes little");
      case 'D' -> new TransactionEstimate(true, 0, 0, List.of(), "a database change writes little");
      case 'U' -> localFiles(invocation);
      case 'S' ->
          invocation.flags().contains("c") || invocation.longOptions().contains("clean")
              ? new TransactionEstimate(true, 0, 0, List.of(), "cleaning the cache writes little")
              : sync(invocation, paths);
      default -> TransactionEstimate.unknown("pacman's operation cannot be predicted");
    };
  }

  private TransactionEstimate localFiles(PacmanInvocation invocation) {
    List<String> files = targets(invocation.arguments());
    for (String word : files) {
      if (!Files.isRegularFile(Path.of(word))) {
        return TransactionEstimate.unknown(word + " is not a local package file");
      }
    }
    List<String> argv = new ArrayList<>(List.of("pacman", "-Qip", "--"));
    argv.addAll(files);
    ProcessResult result = processes.query(argv);
    if (!result.succeeded()) {
      return TransactionEstimate.unknown("pacman -Qip failed: " + result.lastMessage());
    }
    long installed = installedBytes(result.stdout());
    return new TransactionEstimate(
        true,
        installed,
        0,
        List.of(),
        files.size() + " package file(s): " + Sizes.human(installed) + " installed");
  }

  private TransactionEstimate sync(PacmanInvocation invocation, PacmanPaths paths) {
    boolean refresh =
        invocation.flags().contains("y") || invocation.longOptions().contains("refresh");
    Scratch temp = null;
    try {
      List<String> where = new ArrayList<>();
      invocation.config().ifPresent(config -> where.addAll(List.of("--config", config)));
      if (refresh) {
        temp = refreshedCopy(paths.dbPath(), where);
        if (temp == null) {
          return TransactionEstimate.unknown("the databases could not be refreshed to predict");
        }
        where.addAll(List.of("--dbpath", temp.dir().toString()));
      }
      List<String> print = new ArrayList<>(List.of("pacman"));
      print.addAll(withoutRefresh(invocation.arguments()));
      print.addAll(List.of("--print", "--print-format", "%r/%n %s"));
      print.addAll(where);
      ProcessResult listed = processes.query(print);
      if (!listed.succeeded()) {
        return TransactionEstimate.unknown("pacman --print failed: " + listed.lastMessage());
      }
      List<String> names = new ArrayList<>();
      long download = 0;
      for (String line : listed.stdout().lines().toList()) {
        Matcher m = TARGET.matcher(line.strip());
        if (m.matches()) {
          names.add(m.group(1));
          download += Long.parseLong(m.group(2));
        }
      }
      long installed = 0;
      if (!names.isEmpty()) {
        List<String> info = new ArrayList<>(List.of("pacman", "-Si"));
        info.addAll(where);
        info.add("--");
        info.addAll(names);
        ProcessResult result = processes.query(info);
        if (!result.succeeded()) {
          return TransactionEstimate.unknown("pacman -Si failed: " + result.lastMessage());
        }
        installed = installedBytes(result.stdout());
      }
      return new TransactionEstimate(
          true,
          installed,
          download,
          cacheDirs(where),
          names.size()
              + " package(s): "
              + Sizes.human(installed)
              + " installed, "
              + Sizes.human(download)
              + " to download");
    } finally {
      if (temp != null) {
        removeQuietly(temp);
      }
    }
  }

  /** A temporary DBPath: {@code local} linked, the sync databases copied, then refreshed. */
  private Scratch refreshedCopy(Path dbPath, List<String> where) {
    Scratch temp = null;
    try {
      temp = files.scratch(tempParent, "safeup-db.");
      temp.link("local", dbPath.resolve("local"));
      temp.directory("sync");
      Path realSync = dbPath.resolve("sync");
      if (Files.isDirectory(realSync)) {
        try (Stream<Path> dbs = Files.list(realSync)) {
          for (Path db : dbs.filter(Files::isRegularFile).toList()) {
            temp.copyIn(db, "sync/" + db.getFileName());
          }
        }
      }
      List<String> argv = new ArrayList<>(List.of("pacman", "-Sy", "--logfile", "/dev/null"));
      argv.addAll(where);
      argv.addAll(List.of("--dbpath", temp.dir().toString()));
      if (processes.query(argv).succeeded()) {
        return temp;
      }
    } catch (IOException | UncheckedIOException e) {
      // not predicted: said by the caller
    }
    if (temp != null) {
      removeQuietly(temp);
    }
    return null;
  }

  private List<Path> cacheDirs(List<String> where) {
    List<String> argv = new ArrayList<>(List.of("pacman-conf"));
    for (int i = 0; i + 1 < where.size(); i += 2) {
      if (where.get(i).equals("--config")) {
        argv.add("--config=" + where.get(i + 1));
      }
    }
    argv.add("CacheDir");
    ProcessResult result = processes.query(argv);
    List<String> lines = result.succeeded() ? result.stdout().lines().toList() : List.of();
    List<Path> dirs =
        lines.stream().map(String::strip).filter(l -> l.startsWith("/")).map(Path::of).toList();
    return dirs.isEmpty() ? List.of(Path.of("/var/cache/pacman/pkg")) : dirs;
  }

  /** The arguments with the refresh ({@code -y}, {@code --refresh}) taken out. */
  static List<String> withoutRefresh(List<String> arguments) {
    List<String> out = new ArrayList<>();
    boolean operands = false;
    for (String arg : arguments) {
      if (operands || arg.equals("--")) {
        operands = true;
        out.add(arg);
      } else if (arg.equals("--refresh")) {
        continue;
      } else if (arg.startsWith("-") && !arg.startsWith("--")) {
        String letters = arg.substring(1).replace("y", "");
        if (!letters.isEmpty()) {
          out.add("-" + letters);
        }
      } else {
        out.add(arg);
      }
    }
    return out;
  }

  /** The words that are not options: package names or files. */
  private static List<String> targets(List<String> arguments) {
    List<String> targets = new ArrayList<>();
    boolean operands = false;
    for (String arg : arguments) {
      if (operands) {
        targets.add(arg);
      } else if (arg.equals("--")) {
        operands = true;
      } else if (!arg.startsWith("-")) {
        targets.add(arg);
      }
    }
    return targets;
  }

  /** The sum of the "Installed Size" lines of {@code pacman -Si}, e.g. {@code 40.01 MiB}. */
  static long installedBytes(String info) {
    long total = 0;
    for (String line : info.lines().toList()) {
      Matcher m = INSTALLED.matcher(line.strip());
      if (m.matches()) {
        double value = Double.parseDouble(m.group(1));
        int power =
            switch (m.group(2).toUpperCase(Locale.ROOT)) {
              case "KIB" -> 1;
              case "MIB" -> 2;
              case "GIB" -> 3;
              case "TIB" -> 4;
              case "PIB" -> 5;
              default -> 0;
            };
        total += (long) Math.ceil(value * Math.pow(1024, power));
      }
    }
    return total;
  }

  private static void removeQuietly(Scratch temp) {
    try {
      temp.close(); // the link to local goes, not what it points to
    } catch (UncheckedIOException e) {
      // a temporary directory left behind is harmless
    }
  }
}
