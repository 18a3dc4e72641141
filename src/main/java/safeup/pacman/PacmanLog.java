package safeup.pacman;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** pacman's log: what a transaction changed, read from the lines pacman appended. */
public final class PacmanLog {
  private static final Pattern ENTRY = Pattern.compile("^\\[([^]]+)] \\[ALPM] (.*)$");
  private static final Pattern STAMPED = Pattern.compile("^\\[([^]]+)] ");
  private static final Pattern CHANGE =
      Pattern.compile("^(installed|upgraded|downgraded|reinstalled|removed) (\\S+) \\((.*)\\)$");
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ");

  private final Path file;

  public PacmanLog(Path file) {
    this.file = file;
  }

  public Path file() {
    return file;
  }

  /** The log's current size: where the next run's lines will start. */
  public long size() {
    try {
      return Files.size(file);
    } catch (NoSuchFileException e) {
      return 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * What pacman wrote after {@code offset}, as a transaction summary; empty when the log cannot be
   * read (missing, unreadable), which says nothing about what pacman did.
   */
  public Optional<Transaction> readFrom(long offset) {
    try {
      return Optional.of(Transaction.of(linesFrom(offset)));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The changes logged at or after {@code since}. */
  public List<PackageChange> changesSince(OffsetDateTime since) {
    List<String> lines = new ArrayList<>();
    for (String line : linesOrNone()) {
      Matcher m = ENTRY.matcher(line);
      if (m.matches() && !stamp(m.group(1)).isBefore(since)) {
        lines.add(line);
      }
    }
    return Transaction.of(lines).changes();
  }

  /**
   * Every line from the first one stamped at or after {@code since} to the end, whoever wrote it
   * (pacman, its hooks, scriptlets): what the log says since then, as it says it.
   */
  public List<String> linesSince(OffsetDateTime since) {
    List<String> lines = linesOrNone();
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = STAMPED.matcher(lines.get(i));
      if (m.lookingAt() && !stamp(m.group(1)).isBefore(since)) {
        return lines.subList(i, lines.size());
      }
    }
    return List.of();
  }

  private List<String> linesOrNone() {
    try {
      return linesFrom(0);
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<String> linesFrom(long offset) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      long size = Files.size(file);
      // A log that shrank was rotated or truncated: then everything in it is new.
      in.skipNBytes(offset <= size ? offset : 0);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
  }

  private static OffsetDateTime stamp(String text) {
    try {
      return OffsetDateTime.parse(text, STAMP);
    } catch (DateTimeParseException e) {
      return OffsetDateTime.MIN; // an older log format: treat as long ago
    }
  }

  /** What one stretch of log lines says happened. */
  public record Transaction(boolean started, boolean completed, List<PackageChange> changes) {

    static Transaction of(List<String> lines) {
      boolean started = false;
      boolean completed = false;
      List<PackageChange> changes = new ArrayList<>();
      for (String line : lines) {
        Matcher entry = ENTRY.matcher(line);
        if (!entry.matches()) {
          continue; // scriptlet output and other programs' lines
        }
        String message = entry.group(2);
        if (message.equals("transaction started") || message.startsWith("running '")) {
          started = true; // pre-transaction hooks run, and may change files, before the start
        } else if (message.equals("transaction completed")) {
          completed = true;
        }
        Matcher change = CHANGE.matcher(message);
        if (change.matches()) {
          changes.add(new PackageChange(change.group(1), change.group(2), change.group(3)));
        }
      }
      return new Transaction(started, completed, List.copyOf(changes));
    }

    /** True when the system may differ from the snapshot: a transaction began or changed files. */
    public boolean changedSystem() {
      return started || !changes.isEmpty();
    }
  }
}
