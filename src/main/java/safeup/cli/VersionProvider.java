package safeup.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = SafeupCommand.class.getPackage().getImplementationVersion();
    return new String[] {"safeup " + (version == null ? "(development build)" : version)};
  }
}
