package safeup.files;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Prints every change instead of making it; reads, the run lock and scratch directories are real. A
 * change that would do nothing as things stand (a directory that exists, a file that is absent) is
 * not printed.
 */
public final class DryRunFileGateway implements FileGateway {
  /** Text written up to this many lines is shown under its line; longer text is not. */
  private static final int SHOWN_LINES = 40;

  private final FileGateway real;
  private final PrintWriter out;

  /** Files this run pretended to create: they would hold what was written, which is nothing. */
  private final Set<Path> pretended = new HashSet<>();

  /** Directories this run pretended to create, each announced once. */
  private final Set<Path> pretendedDirectories = new HashSet<>();

  public DryRunFileGateway(FileGateway real, PrintWriter out) {
    this.real = real;
    this.out = out;
  }

  @Override
  public void createDirectories(Path dir) {
    if (!Files.isDirectory(dir) && !pretendedDirectories.contains(dir)) {
      print("create directory", dir.toString());
      for (Path p = dir; p != null; p = p.getParent()) {
        pretendedDirectories.add(p);
      }
    }
  }

  @Override
  public void createDirectory(Path dir) {
    createDirectories(dir);
  }

  @Override
  public Path createPrivateDirectory(Path parent, String prefix) {
    Path dir = parent.resolve(prefix + "XXXXXX");
    print("create directory", dir + " (mode 700)");
    return dir;
  }

  @Override
  public void write(Path file, byte[] content, String mode) {
    print("write", file + (mode == null ? "" : " (mode " + octal(mode) + ")"));
    shortText(content).forEach(line -> out.println("      " + line));
  }

  @Override
  public void copy(Path from, Path to) {
    print("copy", from + " to " + to);
  }

  @Override
  public void replace(Path from, Path target) {
    print("put back", target + " from " + from);
  }

  @Override
  public void createLink(Path link, String target) {
    print("link", link + " -> " + target);
  }

  @Override
  public void move(Path from, Path to) {
    print("rename", from + " to " + to);
  }

  @Override
  public boolean delete(Path path) {
    boolean there = Files.exists(path, LinkOption.NOFOLLOW_LINKS);
    if (there) {
      print("remove", path.toString());
    }
    return there;
  }

  @Override
  public void deleteTree(Path path) {
    if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
      print("remove", path + " and everything in it");
    } else {
      delete(path);
    }
  }

  @Override
  public void setMode(Path path, String mode) {
    print("set mode " + octal(mode), path.toString());
  }

  @Override
  public OutputStream create(Path file, String mode) {
    print("create", file + " (mode " + octal(mode) + ")");
    pretended.add(file);
    return OutputStream.nullOutputStream();
  }

  @Override
  public DiskReadBack.Result syncAndReadBack(Path file) throws IOException {
    if (pretended.contains(file)) {
      print("sync and read back", file.toString());
      return new DiskReadBack.Result(new ByteDigest(0, 0), true);
    }
    return real.syncAndReadBack(file);
  }

  @Override
  public Optional<RunLock> tryLock(Path file) {
    return real.tryLock(file);
  }

  @Override
  public Scratch scratch(Path parent, String prefix) throws IOException {
    return real.scratch(parent, prefix);
  }

  private void print(String verb, String what) {
    out.println("would " + verb + ": " + what);
  }

  /** {@code rw-r--r--} as {@code 644}. */
  static String octal(String mode) {
    int bits = 0;
    for (char c : mode.toCharArray()) {
      bits = bits << 1 | (c == '-' ? 0 : 1);
    }
    return Integer.toOctalString(bits);
  }

  /** The lines of {@code content} when it is short text, to be shown; none otherwise. */
  private static List<String> shortText(byte[] content) {
    try {
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .decode(java.nio.ByteBuffer.wrap(content))
              .toString();
      List<String> lines = text.lines().toList();
      return text.indexOf('\0') < 0 && lines.size() <= SHOWN_LINES ? lines : List.of();
    } catch (CharacterCodingException e) {
      return List.of();
    }
  }
}
