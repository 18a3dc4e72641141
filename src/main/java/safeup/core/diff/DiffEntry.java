package safeup.core.diff;

import java.util.Optional;

/**
 * A change and its group.
 *
 * @param owner the package that owns the path, live or (when removed) in the snapshot
 * @param note {@code pacnew} or {@code pacsave} for pacman's copies of a configuration file
 */
public record DiffEntry(
    FileChange change, ChangeGroup group, Optional<String> owner, Optional<String> note) {}
