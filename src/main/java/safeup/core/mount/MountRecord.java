package safeup.core.mount;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import safeup.core.ExitCode;
import safeup.core.Machine;
import safeup.core.SafeupException;
import safeup.files.FileGateway;

/**
 * What {@code safeup mount} (or a backup) did at one directory, so that {@code safeup umount}
 * undoes exactly that: the snapshots it activated, the directories it created and the mounts it
 * made, in order. Kept in {@code /run/safeup/mounts}, one JSON file per directory: {@code /run} is
 * a tmpfs, so the record goes when a reboot takes the mounts and activations with it. It is written
 * after every step, so that even a safeup that was killed leaves a record to undo.
 */
final class MountRecord {
  /** Where the records live. */
  static final Path RECORDS = Path.of("/run/safeup/mounts");

  /** One mount: the device and where it is mounted. */
  record Mounted(String device, Path at) {}

  private final FileGateway files;
  private final Path file;
  private final Path dir;
  private final String setId;
  private final List<String> activated = new ArrayList<>();
  private final List<Path> created = new ArrayList<>();
  private final List<Mounted> mounts = new ArrayList<>();

  private MountRecord(FileGateway files, Path file, Path dir, String setId) {
    this.files = files;
    this.file = file;
    this.dir = dir;
    this.setId = setId;
  }

  /** A new, empty record for {@code dir}, saved at once. */
  static MountRecord create(Machine machine, Path dir, String setId) {
    MountRecord record = new MountRecord(machine.files(), fileFor(machine, dir), dir, setId);
    record.save();
    return record;
  }

  /** The record of {@code dir}, when safeup mounted a set there. */
  static Optional<MountRecord> find(Machine machine, Path dir) {
    Path file = fileFor(machine, dir);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      Map<String, Object> json = JSON.std.mapFrom(Files.readString(file));
      MountRecord record =
          new MountRecord(
              machine.files(), file, Path.of((String) json.get("dir")), (String) json.get("set"));
      for (Object volume : (List<?>) json.get("activated")) {
        record.activated.add((String) volume);
      }
      for (Object path : (List<?>) json.get("created")) {
        record.created.add(Path.of((String) path));
      }
      for (Object mount : (List<?>) json.get("mounts")) {
        Map<?, ?> m = (Map<?, ?>) mount;
        record.mounts.add(new Mounted((String) m.get("device"), Path.of((String) m.get("at"))));
      }
      return Optional.of(record);
    } catch (IOException | RuntimeException e) {
      throw new SafeupException(
          ExitCode.BACKUP_FAILED,
          "the record of what safeup mounted at "
              + dir
              + " ("
              + file
              + ") cannot be read: "
              + e.getMessage()
              + "; unmount by hand (findmnt -R "
              + dir
              + "), then remove the record");
    }
  }

  /**
   * The record's file name: the directory escaped as systemd names mount units, so that every
   * directory has its own ({@code /mnt/snap} is {@code mnt-snap.json}).
   */
  static String fileName(Path dir) {
    String path = dir.toString().replaceAll("^/+|/+$", "");
    if (path.isEmpty()) {
      return "-.json";
    }
    StringBuilder name = new StringBuilder();
    byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      int b = bytes[i] & 0xff;
      boolean plain =
          (b >= 'a' && b <= 'z')
              || (b >= 'A' && b <= 'Z')
              || (b >= '0' && b <= '9')
              || b == '_'
              || b == ':'
              || (b == '.' && i > 0);
      if (b == '/') {
        name.append('-');
      } else if (plain) {
        name.append((char) b);
      } else {
        name.append(String.format("\\x%02x", b));
      }
    }
    return name + ".json";
  }

  private static Path fileFor(Machine machine, Path dir) {
    return machine.host().onDisk(RECORDS).resolve(fileName(dir));
  }

  Path dir() {
    return dir;
  }

  String setId() {
    return setId;
  }

  List<String> activated() {
    return List.copyOf(activated);
  }

  List<Path> created() {
    return List.copyOf(created);
  }

  List<Mounted> mounts() {
    return List.copyOf(mounts);
  }

  void addActivated(String volume) {
    activated.add(volume);
    save();
  }

  void removeActivated(String volume) {
    activated.remove(volume);
    save();
  }

  void addCreated(Path path) {
    created.add(path);
    save();
  }

  void addMount(Mounted mount) {
    mounts.add(mount);
    save();
  }

  void removeMount(Mounted mount) {
    mounts.remove(mount);
    save();
  }

  /** Writes the record (a new file renamed over the old one). */
  void save() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("dir", dir.toString());
    json.put("set", setId);
    json.put("activated", activated);
    json.put("created", created.stream().map(Path::toString).toList());
    json.put(
        "mounts",
        mounts.stream().map(m -> Map.of("device", m.device(), "at", m.at().toString())).toList());
    try {
      files.createDirectories(file.getParent());
      files.write(file, (JSON.std.asString(json) + "\n").getBytes(StandardCharsets.UTF_8), null);
    } catch (IOException e) {
      throw new SafeupException(
          ExitCode.BACKUP_FAILED,
          "cannot write the record of the mounts at " + dir + " to " + file + ": " + e);
    }
  }

  /** Removes the record: everything in it was undone. */
  void delete() {
    try {
      files.delete(file);
    } catch (IOException e) {
      throw new SafeupException(ExitCode.BACKUP_FAILED, "cannot remove " + file + ": " + e);
    }
  }
}
