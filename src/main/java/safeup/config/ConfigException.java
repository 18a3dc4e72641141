package safeup.config;

/** The config file cannot be used; the message names the file and, when known, the line. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
