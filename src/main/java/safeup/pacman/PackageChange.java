package safeup.pacman;

/**
 * One package that a transaction changed, as pacman logged it.
 *
 * @param action installed, upgraded, downgraded, reinstalled or removed
 * @param versions the versions in pacman's words, for example {@code 1.0-1 -> 1.1-1}
 */
public record PackageChange(String action, String name, String versions) {

  @Override
  public String toString() {
    return action + " " + name + " (" + versions + ")";
  }
}
