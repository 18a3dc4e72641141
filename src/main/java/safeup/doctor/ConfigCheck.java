package safeup.doctor;

import java.nio.file.Files;
import java.util.List;
import java.util.stream.Collectors;
import safeup.config.Config;
import safeup.config.ConfigException;

/** The configuration file can be read: a missing file means the defaults. */
final class ConfigCheck implements Check {
  @Override
  public String name() {
    return "configuration";
  }

  @Override
  public List<Finding> run(DoctorContext context) {
    Config config;
    try {
      config = context.config();
    } catch (ConfigException e) {
      return List.of(
          Finding.fail(name(), e.getMessage(), "correct it; safeup.conf(5) describes every key"));
    }
    String volumes =
        config.volumes().isEmpty()
            ? "the volumes of /, /usr and pacman's database"
            : config.volumes().stream().map(Object::toString).collect(Collectors.joining(" "));
    String settings = "Volumes: " + volumes + "; SnapshotSize = " + config.snapshotSize();
    if (!Files.exists(context.configFile())) {
      return List.of(
          Finding.pass(
              name(),
              context.configFile() + " does not exist: defaults in use (" + settings + ")"));
    }
    return List.of(Finding.pass(name(), context.configFile() + " is valid (" + settings + ")"));
  }
}
