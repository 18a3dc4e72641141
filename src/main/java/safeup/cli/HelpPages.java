package safeup.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import safeup.console.ColorMode;
import safeup.console.Console;
import safeup.console.StandardOutput;
import safeup.core.ExitCode;

/**
 * Help and version, printed without building safeup's picocli model, which costs more than the rest
 * of such a run. The build runs every argument list that asks picocli for a help page or the
 * version ({@code safeup --help}, {@code safeup boot enable -h}, {@code safeup -V}) and keeps each
 * page, plain and coloured, in the jar (see {@link HelpPageWriter}); an index names the argument
 * lists. Exactly those argument lists are answered from the jar; any other goes to picocli, as do
 * they when a build left the pages out.
 */
public final class HelpPages {
  /** The index: a line per argument list, its page's name, then the arguments, tab-separated. */
  static final String INDEX = "index";

  /** The page name that stands for the version. */
  static final String VERSION = "version";

  /** Where the pages lie, among the jar's resources. */
  static final String PLACE = "/safeup/help/";

  /** The last argument of every list the index can hold: picocli's help and version options. */
  private static final Set<String> ASKING = Set.of("-h", "--help", "-V", "--version");

  private HelpPages() {}

  /**
   * Prints what {@code args} ask for when it is a page or the version, coloured as safeup's output
   * would be ({@code wiring}'s environment and terminal), and gives the exit code; empty when they
   * ask for anything else.
   */
  public static OptionalInt answer(String[] args, Wiring wiring, StandardOutput out) {
    if (args.length == 0 || !ASKING.contains(args[args.length - 1])) {
      return OptionalInt.empty();
    }
    Optional<String> page = pageFor(List.of(args));
    if (page.isEmpty()) {
      return OptionalInt.empty();
    }
    boolean colour = ColorMode.AUTO.colorize(wiring.environment(), wiring.terminal());
    if (page.get().equals(VERSION)) {
      for (String line : new VersionProvider().getVersion()) {
        out.println(line);
      }
    } else {
      Optional<String> text = read(page.get() + (colour ? ".ansi" : ".txt"));
      if (text.isEmpty()) {
        return OptionalInt.empty();
      }
      out.print(text.get());
    }
    Console console = new Console(out, new PrintWriter(System.err, true), colour);
    return OptionalInt.of(SafeupExecution.afterWriting(out, console, ExitCode.OK.code()));
  }

  /** The page the index names for {@code args}. */
  private static Optional<String> pageFor(List<String> args) {
    for (String line : read(INDEX).orElse("").split("\n", -1)) {
      List<String> fields = Arrays.asList(line.split("\t", -1));
      if (fields.size() > 1 && fields.subList(1, fields.size()).equals(args)) {
        return Optional.of(fields.get(0));
      }
    }
    return Optional.empty();
  }

  /**
   * A page of the build's; empty when a build left it out, and picocli then answers. Read from the
   * jar (or the classes directory) safeup runs from, not as a class loader's resource: that goes
   * through URL connections whose classes no other run loads, and cost more than the rest of {@code
   * safeup --version}.
   */
  static Optional<String> read(String name) {
    String entry = PLACE.substring(1) + name;
    Optional<Path> location = codeLocation();
    if (location.isEmpty()) {
      return Optional.empty();
    }
    Path from = location.get();
    try {
      if (Files.isDirectory(from)) {
        Path page = from.resolve(entry);
        return Files.isRegularFile(page)
            ? Optional.of(Files.readString(page, StandardCharsets.UTF_8))
            : Optional.empty();
      }
      try (ZipFile jar = new ZipFile(from.toFile())) {
        ZipEntry found = jar.getEntry(entry);
        if (found == null) {
          return Optional.empty();
        }
        try (InputStream in = jar.getInputStream(found)) {
          return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
      }
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The jar or directory safeup's classes come from, when it is a file. */
  private static Optional<Path> codeLocation() {
    CodeSource source = HelpPages.class.getProtectionDomain().getCodeSource();
    try {
      return source == null ? Optional.empty() : Optional.of(Path.of(source.getLocation().toURI()));
    } catch (URISyntaxException | IllegalArgumentException | FileSystemNotFoundException e) {
      return Optional.empty();
    }
  }
}
