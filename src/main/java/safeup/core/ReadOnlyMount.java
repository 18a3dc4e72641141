package safeup.core;

/** How a snapshot is mounted to be read. */
public final class ReadOnlyMount {
  private ReadOnlyMount() {}

  /**
   * Read-only options that also keep the filesystem's own recovery away from the snapshot: a
   * snapshot of a mounted ext4 or XFS looks like one that crashed, and replaying its journal would
   * write to it (ext4 {@code noload}, XFS {@code norecovery}; {@code nouuid}, as XFS refuses a
   * second filesystem with the origin's UUID). Other filesystems: {@code ro}.
   */
  public static String options(String fsType) {
    return switch (fsType) {
      case "ext4", "ext3" -> "ro,noload";
      case "xfs" -> "ro,norecovery,nouuid";
      default -> "ro";
    };
  }
}
