package safeup.lvm;

import java.util.List;

/** The LVM operations safeup uses. */
public interface Lvm {

  /** Every logical volume of every volume group. */
  List<LogicalVolume> volumes();

  /**
   * Creates a snapshot of {@code origin} carrying {@code tags}, in one {@code lvcreate}.
   *
   * @param size a thick snapshot's size ({@code -L} or {@code -l} argument), or null for a thin one
   */
  void createSnapshot(VolumeName origin, String name, SnapshotSize size, List<String> tags);

  /** Adds a tag to a logical volume. */
  void addTag(VolumeName volume, String tag);

  /**
   * Removes {@code remove} and adds {@code add} to a logical volume's tags, in one metadata update:
   * a crash leaves either the old tags or the new.
   */
  void changeTags(VolumeName volume, List<String> remove, List<String> add);

  /** Adds tags to a volume group (its metadata only: no logical volume changes). */
  void addGroupTags(String vg, List<String> tags);

  /** Removes tags from a volume group. */
  void removeGroupTags(String vg, List<String> tags);

  /** Removes a logical volume. */
  void remove(VolumeName volume);

  /**
   * Grows a thick snapshot by {@code bytes} (rounded up to whole extents by LVM). Never shrinks.
   */
  void extend(VolumeName snapshot, long bytes);

  /** Merges a snapshot back into its origin, now or at the origin's next activation. */
  void merge(VolumeName snapshot);

  /**
   * Activates a logical volume, even one that carries the activation-skip flag (as thin snapshots
   * do).
   */
  void activate(VolumeName volume);

  /** Deactivates a logical volume. */
  void deactivate(VolumeName volume);
}
