package safeup.core.diff;

/** The groups a user thinks of a change in. */
public enum ChangeGroup {
  /** Owned by a package the update changed: what the update was for. */
  PACKAGES("packages", "The update's packages (expected)"),
  /** Under /etc, not replaced by the update's packages; .pacnew and .pacsave files among them. */
  CONFIGURATION("configuration", "Configuration in /etc"),
  /** Owned by a package the update did not change. */
  MODIFIED("modified", "Files of packages the update did not change (by hand, or by a script)"),
  /** Owned by no package: homes, data. */
  DATA("data", "Not owned by any package");

  private final String key;
  private final String title;

  ChangeGroup(String key, String title) {
    this.key = key;
    this.title = title;
  }

  /** The word JSON uses. */
  public String key() {
    return key;
  }

  /** The heading the text uses. */
  public String title() {
    return title;
  }
}
