package safeup.lvm;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import safeup.process.ProcessGateway;
import safeup.process.ProcessResult;

/** {@link Lvm} through the lvm2 command-line tools. */
public final class LvmCli implements Lvm {
  private final ProcessGateway processes;
  private boolean listed;
  private boolean changed;

  /** The last listing less the volumes removed since; empty once anything else changed LVM. */
  private Optional<List<LogicalVolume>> current = Optional.empty();

  public LvmCli(ProcessGateway processes) {
    this.processes = processes;
  }

  @Override
  public List<LogicalVolume> volumes() {
    listed = true;
    ProcessResult result = processes.query(lvsArgv("json_std"));
    if (!result.succeeded() && result.stderr().contains("--reportformat")) {
      // lvm2 before 2.03.17 knows only "json", which quotes every value; the parser takes both.
      result = processes.query(lvsArgv("json"));
    }
    if (!result.succeeded()) {
      throw new LvmException("lvs failed: " + result.lastMessage());
    }
    List<LogicalVolume> volumes = LvsReport.parse(result.stdout());
    current = Optional.of(volumes);
    return volumes;
  }

  private static List<String> lvsArgv(String format) {
    return List.of(
        "lvs",
        "-a", // a snapshot that waits to merge is hidden
        "--reportformat",
        format,
        "--units",
        "b",
        "--nosuffix",
        "-o",
        String.join(",", LvsReport.FIELDS));
  }

  @Override
  public void createSnapshot(VolumeName origin, String name, SnapshotSize size, List<String> tags) {
    changing();
    new VolumeName(origin.vg(), name); // validates the new name before it reaches the argv
    List<String> argv = new ArrayList<>(List.of("lvcreate", "--snapshot", "--name", name));
    if (size != null) {
      argv.addAll(size.lvcreateArguments());
    }
    for (String tag : tags) {
      argv.add("--addtag");
      argv.add(tag);
    }
    argv.add(origin.toString());
    run(argv, "cannot create snapshot " + origin.vg() + "/" + name);
  }

  @Override
  public void addTag(VolumeName volume, String tag) {
    changing();
    run(List.of("lvchange", "--addtag", tag, volume.toString()), "cannot tag " + volume);
  }

  @Override
  public void changeTags(VolumeName volume, List<String> remove, List<String> add) {
    changing();
    List<String> argv = new ArrayList<>(List.of("lvchange"));
    remove.forEach(tag -> argv.addAll(List.of("--deltag", tag)));
    add.forEach(tag -> argv.addAll(List.of("--addtag", tag)));
    argv.add(volume.toString());
    run(argv, "cannot tag " + volume);
  }

  @Override
  public void addGroupTags(String vg, List<String> tags) {
    changing();
    changeGroupTags(vg, "--addtag", tags, "cannot tag volume group ");
  }

  @Override
  public void removeGroupTags(String vg, List<String> tags) {
    changing();
    changeGroupTags(vg, "--deltag", tags, "cannot remove tags of volume group ");
  }

  private void changeGroupTags(String vg, String option, List<String> tags, String failure) {
    new VolumeName(vg, "lv"); // validates the VG's name before it reaches the argv
    List<String> argv = new ArrayList<>(List.of("vgchange"));
    for (String tag : tags) {
      argv.add(option);
      argv.add(tag);
    }
    argv.add(vg);
    run(argv, failure + vg);
  }

  @Override
  public void remove(VolumeName volume) {
    Optional<List<LogicalVolume>> before = current;
    changing(); // unknown should lvremove fail halfway
    run(List.of("lvremove", "--yes", volume.toString()), "cannot remove " + volume);
    current =
        before.map(volumes -> volumes.stream().filter(lv -> !lv.name().equals(volume)).toList());
  }

  @Override
  public void extend(VolumeName snapshot, long bytes) {
    changing();
    if (bytes <= 0) {
      throw new IllegalArgumentException("a snapshot only grows: " + bytes + " bytes");
    }
    run(
        List.of("lvextend", "--size", "+" + bytes + "b", snapshot.toString()),
        "cannot extend " + snapshot);
  }

  @Override
  public void merge(VolumeName snapshot) {
    changing();
    run(List.of("lvconvert", "--merge", "--yes", snapshot.toString()), "cannot merge " + snapshot);
  }

  @Override
  public void activate(VolumeName volume) {
    changing();
    run(List.of("lvchange", "-ay", "-K", volume.toString()), "cannot activate " + volume);
  }

  @Override
  public void deactivate(VolumeName volume) {
    changing();
    run(List.of("lvchange", "-an", volume.toString()), "cannot deactivate " + volume);
  }

  /** Before each change: LVM is no longer what the last listing says. */
  private void changing() {
    changed = true;
    current = Optional.empty();
  }

  private void run(List<String> argv, String failure) {
    ProcessResult result = processes.change(argv);
    if (!result.succeeded()) {
      throw new LvmException(failure + ": " + result.lastMessage());
    }
  }

  /** Whether this has listed the volumes (so the run looked at LVM at all). */
  public boolean listed() {
    return listed;
  }

  /** Whether this has changed anything in LVM (made, tagged, grown, merged, activated...). */
  public boolean changed() {
    return changed;
  }

  /**
   * The volumes' names and tags as they are now, when this has listed them and has changed nothing
   * in LVM since but removed volumes: the last listing less those. Other fields (free space, use)
   * may be older than the removals.
   */
  public Optional<List<LogicalVolume>> namesAndTags() {
    return current;
  }
}
