package safeup.config;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import safeup.lvm.SnapshotSize;
import safeup.lvm.VolumeName;

/**
 * Reads the config file, written in pacman.conf's style: {@code [options]}, {@code Key = Value}.
 */
public final class ConfigParser {
  private static final List<String> KEYS =
      List.of(
          "Volumes",
          "SnapshotSize",
          "RebootCommand",
          "PacmanLockWait",
          "ExtendAt",
          "Unprotected",
          "FrontEnds",
          "TrialBoots");

  private ConfigParser() {}

  /** Reads {@code file}; a missing file gives the defaults. */
  public static Config read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Config.defaults();
    } catch (MalformedInputException e) {
      throw new ConfigException(file + ": not a UTF-8 text file");
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot be read (" + describe(e) + ")");
    }
    return parse(file.toString(), lines);
  }

  static Config parse(String name, List<String> lines) {
    Settings settings = new Settings();
    String section = null;
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String where = name + ":" + (i + 1) + ": ";
      if (line.startsWith("[")) {
        if (!line.equals("[options]")) {
          throw new ConfigException(where + "unknown section '" + line + "' (only [options])");
        }
        section = line;
        continue;
      }
      int equals = line.indexOf('=');
      if (equals < 0) {
        throw new ConfigException(where + "expected 'Key = Value', found '" + line + "'");
      }
      String key = line.substring(0, equals).strip();
      String value = line.substring(equals + 1).strip();
      if (!KEYS.contains(key)) {
        throw new ConfigException(
            where + "unknown key '" + key + "' (known keys: " + String.join(", ", KEYS) + ")");
      }
      if (section == null) {
        throw new ConfigException(where + "'" + key + "' must come after the line [options]");
      }
      if (seen.contains(key)) {
        throw new ConfigException(where + "'" + key + "' is set twice");
      }
      seen.add(key);
      try {
        apply(settings, key, value);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(where + key + ": " + e.getMessage());
      }
    }
    return settings.config();
  }

  private static void apply(Settings s, String key, String value) {
    List<String> words = value.isEmpty() ? List.of() : Arrays.asList(value.split("\\s+"));
    switch (key) {
      case "Volumes" -> s.volumes = volumes(words);
      case "SnapshotSize" -> s.snapshotSize = SnapshotSize.parse(value);
      case "RebootCommand" -> {
        if (words.isEmpty()) {
          throw new IllegalArgumentException("needs a command, for example: systemctl reboot");
        }
        s.rebootCommand = List.copyOf(words);
      }
      case "PacmanLockWait" -> s.pacmanLockWait = seconds(value);
      case "ExtendAt" -> s.extendAt = percent(value);
      case "Unprotected" -> s.unprotected = mountPoints(words);
      case "FrontEnds" -> s.frontEnds = programs(words);
      case "TrialBoots" -> s.trialBoots = trialBoots(value);
      default -> throw new IllegalStateException(key);
    }
  }

  private static int trialBoots(String value) {
    if (value.equals("off")) {
      return 0;
    }
    if (!value.matches("[1-9]")) {
      throw new IllegalArgumentException(
          "'" + value + "' is not a number of failed boots from 1 to 9, or off");
    }
    return Integer.parseInt(value);
  }

  private static List<VolumeName> volumes(List<String> words) {
    if (words.isEmpty()) {
      throw new IllegalArgumentException("needs at least one volume, for example: vg0/root");
    }
    List<VolumeName> volumes = new ArrayList<>();
    for (String word : words) {
      VolumeName volume = VolumeName.parse(word);
      if (volumes.contains(volume)) {
        throw new IllegalArgumentException("'" + word + "' is listed twice");
      }
      volumes.add(volume);
    }
    return List.copyOf(volumes);
  }

  private static List<Path> mountPoints(List<String> words) {
    List<Path> points = new ArrayList<>();
    for (String word : words) {
      if (!word.startsWith("/") || word.equals("/")) {
        throw new IllegalArgumentException(
            "'" + word + "' is not a mount point below /, for example: /srv/data");
      }
      points.add(Path.of(word).normalize());
    }
    return List.copyOf(points);
  }

  private static Duration seconds(String value) {
    if (!value.matches("\\d{1,6}")) {
      throw new IllegalArgumentException("'" + value + "' is not a number of seconds");
    }
    return Duration.ofSeconds(Long.parseLong(value));
  }

  /** {@code 70%} or {@code 70} (1 to 99), or {@code off}: 0. */
  private static int percent(String value) {
    if (value.equalsIgnoreCase("off")) {
      return 0;
    }
    String number = value.endsWith("%") ? value.substring(0, value.length() - 1) : value;
    if (!number.matches("\\d{1,2}") || Integer.parseInt(number) == 0) {
      throw new IllegalArgumentException(
          "'" + value + "' is not a percentage from 1% to 99%, or off");
    }
    return Integer.parseInt(number);
  }

  private static String describe(IOException e) {
    return e instanceof java.nio.file.AccessDeniedException ? "permission denied" : e.toString();
  }

  private static List<String> programs(List<String> words) {
    for (String word : words) {
      if (!word.matches("[A-Za-z0-9_][A-Za-z0-9._+-]*")) {
        throw new IllegalArgumentException(
            "'" + word + "' is not a program name (no path, no options), for example: paru");
      }
      if (words.indexOf(word) != words.lastIndexOf(word)) {
        throw new IllegalArgumentException("'" + word + "' is listed twice");
      }
    }
    return List.copyOf(words);
  }
}
