package safeup.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    return lines(SafeupCommand.class.getPackage().getImplementationVersion());
  }

  /** What {@code safeup --version} prints for {@code version} (null: a build without one). */
  static String[] lines(String version) {
    return new String[] {"safeup " + (version == null ? "(development build)" : version)};
  }
}
