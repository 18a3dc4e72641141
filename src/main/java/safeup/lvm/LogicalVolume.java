package safeup.lvm;

import java.util.List;
import java.util.Optional;
import safeup.system.Mount;

/**
 * One row of {@code lvs}: what safeup needs to know about a logical volume.
 *
 * @param origin the origin's LV name when this is a snapshot, otherwise empty
 * @param snapPercent how full a thick snapshot is; {@code null} when undefined
 * @param dataPercent how full a thin volume or pool is; {@code null} when undefined
 * @param kernelMajor device major number when active, otherwise -1
 * @param vgTags the tags of its volume group
 */
public record LogicalVolume(
    VolumeName name,
    String uuid,
    String attr,
    String origin,
    String segtype,
    String poolLv,
    long sizeBytes,
    Double snapPercent,
    Double dataPercent,
    Double metadataPercent,
    boolean snapshotInvalid,
    boolean merging,
    List<String> tags,
    String time,
    long kernelMajor,
    long kernelMinor,
    long vgSizeBytes,
    long vgFreeBytes,
    long vgExtentBytes,
    List<String> vgTags) {

  public boolean isSnapshot() {
    return !origin.isEmpty();
  }

  public boolean isThin() {
    return segtype.equals("thin");
  }

  public boolean isThinPool() {
    return segtype.equals("thin-pool");
  }

  /** True when a merge into this origin (or of this snapshot) waits for the next activation. */
  public boolean mergePending() {
    return merging || attr.startsWith("O") || attr.startsWith("S");
  }

  /** True when this is the thin pool that holds the thin volume {@code thin}. */
  public boolean holds(LogicalVolume thin) {
    return isThinPool()
        && thin.isThin()
        && name.vg().equals(thin.name().vg())
        && name.lv().equals(thin.poolLv());
  }

  /** True when the volume is active: it has a device. */
  public boolean active() {
    return kernelMajor >= 0;
  }

  /** The volume's device node, as udev names it. */
  public String devicePath() {
    return "/dev/" + name.vg() + "/" + name.lv();
  }

  /** True when the volume's device is open: mounted, or held by a program. */
  public boolean open() {
    return attr.length() > 5 && attr.charAt(5) == 'o';
  }

  /** True when the snapshot overflowed and can no longer be merged. */
  public boolean invalid() {
    return snapshotInvalid || (attr.length() > 4 && attr.charAt(4) == 'I');
  }

  public boolean hasTag(String tag) {
    return tags.contains(tag);
  }

  /** The first tag with this prefix, without the prefix; empty when there is none. */
  public String tagValue(String prefix) {
    return tags.stream()
        .filter(t -> t.startsWith(prefix))
        .map(t -> t.substring(prefix.length()))
        .findFirst()
        .orElse("");
  }

  /** How full this volume is as a snapshot: snap_percent when thick, data_percent when thin. */
  public Double fillPercent() {
    return snapPercent != null ? snapPercent : dataPercent;
  }

  /** The LV among {@code volumes} whose device is the mounted filesystem, if it is one. */
  public static Optional<LogicalVolume> mountedAs(Mount mount, List<LogicalVolume> volumes) {
    return volumes.stream()
        .filter(v -> v.kernelMajor() == mount.major() && v.kernelMinor() == mount.minor())
        .findFirst();
  }
}
