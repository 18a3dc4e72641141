package safeup.testing;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import safeup.process.ProcessResult;

/**
 * Volume groups in memory behind a {@link RecordingProcessGateway}: answers {@code lvs} in json_std
 * form and applies {@code lvcreate --snapshot}, {@code lvremove} and {@code lvconvert --merge} as
 * LVM would (thick snapshot sizes come out of the VG's free space).
 */
@SuppressWarnings("unchecked")
public final class LvmSimulator {
  public static final long MIB = 1L << 20;
  private static final long EXTENT = 4 * MIB;

  private final List<Map<String, Object>> lvs = new ArrayList<>();
  private final Map<String, long[]> vgs = new LinkedHashMap<>(); // name -> {size, free}
  private final Map<String, List<String>> vgTags = new LinkedHashMap<>();
  private String failCreateOf;
  private String failMergeOf;
  private Runnable afterCreate = () -> {};
  private Runnable afterMerge = () -> {};
  private int busyRemovals;

  public LvmSimulator vg(String name, long sizeBytes, long freeBytes) {
    vgs.put(name, new long[] {sizeBytes, freeBytes});
    return this;
  }

  /** An active LV with device number 254:minor. */
  public LvmSimulator lv(String vg, String name, long sizeBytes, int minor) {
    Map<String, Object> lv = base(vg, name, sizeBytes);
    lv.put("lv_kernel_major", 254);
    lv.put("lv_kernel_minor", minor);
    lvs.add(lv);
    return this;
  }

  /** A thin pool, its data and metadata this full. */
  public LvmSimulator thinPool(String vg, String name, double dataPercent, double metaPercent) {
    Map<String, Object> lv = base(vg, name, 2_048 * MIB);
    lv.put("lv_attr", "twi-aotz--");
    lv.put("segtype", "thin-pool");
    lv.put("data_percent", dataPercent);
    lv.put("metadata_percent", metaPercent);
    lv.put("lv_snapshot_invalid", -1);
    lvs.add(lv);
    return this;
  }

  /** An active thin volume in {@code pool}; a thin snapshot of {@code origin} unless empty. */
  public LvmSimulator thin(String vg, String name, String pool, String origin, int minor) {
    Map<String, Object> lv = base(vg, name, 1_024 * MIB);
    lv.put("lv_attr", "Vwi-aotz--");
    lv.put("segtype", "thin");
    lv.put("pool_lv", pool);
    lv.put("origin", origin);
    lv.put("data_percent", 10.0);
    lv.put("lv_snapshot_invalid", -1);
    lv.put("lv_kernel_major", 254);
    lv.put("lv_kernel_minor", minor);
    lvs.add(lv);
    return this;
  }

  /** A thick snapshot that safeup did not make (or did, given its tags). */
  public LvmSimulator snapshot(String vg, String name, String origin, List<String> tags) {
    Map<String, Object> lv = base(vg, name, 100 * MIB);
    lv.put("origin", origin);
    lv.put("lv_attr", "swi-a-s---");
    lv.put("snap_percent", 1.5);
    lv.put("lv_tags", List.copyOf(tags));
    lvs.add(lv);
    boolean originActive =
        lvs.stream()
            .anyMatch(
                o ->
                    o.get("vg_name").equals(vg)
                        && o.get("lv_name").equals(origin)
                        && ((Number) o.get("lv_kernel_major")).intValue() >= 0);
    if (originActive) {
      lv.put("lv_kernel_major", 254); // active with its origin, as LVM has it
      lv.put("lv_kernel_minor", 100 + lvs.indexOf(lv));
    }
    return this;
  }

  /** Marks a snapshot invalid, as after an overflow. */
  public LvmSimulator invalidate(String vg, String name) {
    Map<String, Object> lv = find(vg + "/" + name);
    lv.put("lv_attr", ((Integer) lv.get("lv_merging") != 0 ? "S" : "s") + "wi-I-s---");
    lv.put("lv_snapshot_invalid", 1);
    lv.put("snap_percent", 100.0);
    return this;
  }

  /** Makes the lvcreate of this snapshot name fail. */
  public LvmSimulator failCreating(String snapshotNamePrefix) {
    this.failCreateOf = snapshotNamePrefix;
    return this;
  }

  /** Makes the lvconvert --merge of this snapshot name fail. */
  public LvmSimulator failMerging(String snapshotNamePrefix) {
    this.failMergeOf = snapshotNamePrefix;
    return this;
  }

  /** Makes the next {@code count} lvremove calls fail as LVM does for a volume held open. */
  public LvmSimulator busyFor(int count) {
    this.busyRemovals = count;
    return this;
  }

  /** Runs after each merge is scheduled, e.g. to deliver a signal or end safeup there. */
  public LvmSimulator afterMerge(Runnable action) {
    this.afterMerge = action;
    return this;
  }

  /** Runs after each successful lvcreate, e.g. to start another pacman meanwhile. */
  public LvmSimulator afterCreate(Runnable action) {
    this.afterCreate = action;
    return this;
  }

  /**
   * What a reboot does: activation completes every scheduled merge, except that of an overflowed
   * snapshot, which LVM aborts ("Merging snapshot invalidated. Aborting merge."): that snapshot
   * stays, still reported as merging, and can be removed from then on.
   */
  public void reboot() {
    List<Map<String, Object>> merged =
        lvs.stream()
            .filter(lv -> (Integer) lv.get("lv_merging") != 0 && !lv.get("origin").equals(""))
            .toList();
    for (Map<String, Object> snapshot : merged) {
      if ((Integer) snapshot.get("lv_snapshot_invalid") > 0) {
        snapshot.put("merge_aborted", true);
        continue;
      }
      lvs.remove(snapshot);
      vgs.get((String) snapshot.get("vg_name"))[1] += (long) snapshot.get("lv_size");
      Map<String, Object> origin = find(snapshot.get("vg_name") + "/" + snapshot.get("origin"));
      origin.put("lv_merging", 0);
      origin.put("lv_attr", "-wi-ao----");
    }
  }

  public List<String> names() {
    return lvs.stream().map(lv -> lv.get("vg_name") + "/" + lv.get("lv_name")).toList();
  }

  public Map<String, Object> find(String fullName) {
    return lvs.stream()
        .filter(lv -> (lv.get("vg_name") + "/" + lv.get("lv_name")).equals(fullName))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no LV " + fullName + " in " + names()));
  }

  /** Installs the simulator's rules in {@code gateway}. */
  public RecordingProcessGateway attachTo(RecordingProcessGateway gateway) {
    return gateway
        .on(List.of("lvs"), this::report)
        .on(List.of("lvcreate"), this::create)
        .on(List.of("lvremove"), this::remove)
        .on(List.of("lvconvert", "--merge"), this::merge)
        .on(List.of("lvextend"), this::extend)
        .on(List.of("lvchange", "--addtag"), this::changeTags)
        .on(List.of("lvchange", "--deltag"), this::changeTags)
        .on(List.of("vgchange"), this::changeGroupTags)
        .on(List.of("lvchange", "-ay", "-K"), this::activate)
        .on(List.of("lvchange", "-an"), this::deactivate);
  }

  private Map<String, Object> base(String vg, String name, long size) {
    Map<String, Object> lv = new LinkedHashMap<>();
    lv.put("vg_name", vg);
    lv.put("lv_name", name);
    lv.put("lv_uuid", "uuid-" + name);
    lv.put("lv_attr", "-wi-ao----");
    lv.put("origin", "");
    lv.put("segtype", "linear");
    lv.put("pool_lv", "");
    lv.put("lv_size", size);
    lv.put("snap_percent", null);
    lv.put("data_percent", null);
    lv.put("metadata_percent", null);
    lv.put("lv_snapshot_invalid", 0);
    lv.put("lv_merging", 0);
    lv.put("lv_tags", List.of());
    lv.put("lv_time", "2026-11-27 10:00:00 +0000");
    lv.put("lv_kernel_major", -1);
    lv.put("lv_kernel_minor", -1);
    return lv;
  }

  private ProcessResult report(List<String> argv) {
    List<Object> rows = new ArrayList<>();
    for (Map<String, Object> lv : lvs) {
      Map<String, Object> row = new LinkedHashMap<>(lv);
      long[] vg = vgs.get((String) lv.get("vg_name"));
      row.put("vg_size", vg[0]);
      row.put("vg_free", vg[1]);
      row.put("vg_extent_size", EXTENT);
      row.put("vg_tags", groupTags((String) lv.get("vg_name")));
      rows.add(row);
    }
    try {
      String json = JSON.std.asString(Map.of("report", List.of(Map.of("lv", rows))));
      return new ProcessResult(argv, 0, json, "");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private ProcessResult create(List<String> argv) {
    String name = argv.get(argv.indexOf("--name") + 1);
    String origin = argv.get(argv.size() - 1);
    if (failCreateOf != null && name.startsWith(failCreateOf)) {
      return new ProcessResult(argv, 5, "", "  Insufficient free space: 13 extents needed");
    }
    String vg = origin.substring(0, origin.indexOf('/'));
    Map<String, Object> originLv = find(origin);
    if (originLv.get("segtype").equals("thin")) { // thin snapshots take no room in the VG
      Map<String, Object> thin = base(vg, name, (long) originLv.get("lv_size"));
      thin.putAll(Map.of("lv_attr", "Vwi---tz-k", "segtype", "thin", "lv_snapshot_invalid", -1));
      thin.put("pool_lv", originLv.get("pool_lv"));
      thin.put("origin", origin.substring(vg.length() + 1));
      thin.put("lv_tags", tags(argv));
      lvs.add(thin);
      afterCreate.run();
      return new ProcessResult(argv, 0, "  Logical volume \"" + name + "\" created.", "");
    }
    long size = 0;
    if (argv.contains("--size")) {
      String given = argv.get(argv.indexOf("--size") + 1);
      size =
          given.endsWith("b")
              ? Long.parseLong(given.substring(0, given.length() - 1))
              : Long.parseLong(given.replace("m", "")) * MIB;
    } else if (argv.contains("--extents")) {
      String spec = argv.get(argv.indexOf("--extents") + 1);
      long percent = Long.parseLong(spec.substring(0, spec.indexOf('%')));
      size = (long) originLv.get("lv_size") * percent / 100;
    }
    size = (size + EXTENT - 1) / EXTENT * EXTENT;
    if (size > vgs.get(vg)[1]) {
      return new ProcessResult(
          argv, 5, "", "  Volume group \"" + vg + "\" has insufficient free space");
    }
    vgs.get(vg)[1] -= size;
    snapshot(vg, name, origin.substring(vg.length() + 1), tags(argv));
    find(vg + "/" + name).put("lv_size", size);
    find(vg + "/" + name).put("snap_percent", 0.0);
    afterCreate.run();
    return new ProcessResult(argv, 0, "  Logical volume \"" + name + "\" created.", "");
  }

  private static List<String> tags(List<String> argv) {
    List<String> tags = new ArrayList<>();
    for (int i = 0; i < argv.size(); i++) {
      if (argv.get(i).equals("--addtag")) {
        tags.add(argv.get(i + 1));
      }
    }
    return tags;
  }

  private ProcessResult remove(List<String> argv) {
    Map<String, Object> lv = find(argv.get(argv.size() - 1));
    if (busyRemovals > 0) {
      busyRemovals--;
      return new ProcessResult(
          argv, 5, "", "  Logical volume " + argv.get(argv.size() - 1) + " in use.");
    }
    if ((Integer) lv.get("lv_merging") != 0 && !Boolean.TRUE.equals(lv.get("merge_aborted"))) {
      return new ProcessResult(
          argv,
          5,
          "",
          "  Can't remove merging snapshot logical volume " + argv.get(argv.size() - 1) + ".");
    }
    if (Boolean.TRUE.equals(lv.get("merge_aborted"))) {
      Map<String, Object> origin = find(lv.get("vg_name") + "/" + lv.get("origin"));
      origin.put("lv_merging", 0);
      origin.put("lv_attr", "-wi-ao----");
    }
    lvs.remove(lv);
    vgs.get((String) lv.get("vg_name"))[1] += (long) lv.get("lv_size");
    return new ProcessResult(argv, 0, "", "");
  }

  /** {@code lvchange --deltag T... --addtag T... LV}. */
  private ProcessResult changeTags(List<String> argv) {
    Map<String, Object> lv = find(argv.get(argv.size() - 1));
    List<String> tags = new ArrayList<>((List<String>) lv.get("lv_tags"));
    for (int i = 1; i + 1 < argv.size(); i += 2) {
      if (argv.get(i).equals("--addtag") && !tags.contains(argv.get(i + 1))) {
        tags.add(argv.get(i + 1));
      } else if (argv.get(i).equals("--deltag")) {
        tags.remove(argv.get(i + 1));
      }
    }
    lv.put("lv_tags", tags);
    return new ProcessResult(argv, 0, "", "");
  }

  /** The tags of logical volume {@code name} ({@code vg/lv}). */
  public List<String> tags(String name) {
    return List.copyOf((List<String>) find(name).get("lv_tags"));
  }

  /** The tags of volume group {@code vg}. */
  public List<String> groupTags(String vg) {
    return List.copyOf(vgTags.getOrDefault(vg, List.of()));
  }

  /** {@code vgchange --addtag T... VG} and {@code vgchange --deltag T... VG}. */
  private ProcessResult changeGroupTags(List<String> argv) {
    String vg = argv.get(argv.size() - 1);
    if (!vgs.containsKey(vg)) {
      return new ProcessResult(argv, 5, "", "  Volume group \"" + vg + "\" not found");
    }
    List<String> tags = vgTags.computeIfAbsent(vg, name -> new ArrayList<>());
    for (int i = 1; i + 1 < argv.size(); i += 2) {
      if (argv.get(i).equals("--addtag") && !tags.contains(argv.get(i + 1))) {
        tags.add(argv.get(i + 1));
      } else if (argv.get(i).equals("--deltag")) {
        tags.remove(argv.get(i + 1));
      }
    }
    return new ProcessResult(argv, 0, "  Volume group \"" + vg + "\" successfully changed", "");
  }

  /** {@code lvchange -ay -K}: the volume gets a device number. */
  private ProcessResult activate(List<String> argv) {
    Map<String, Object> lv = find(argv.get(argv.size() - 1));
    lv.put("lv_kernel_major", 254);
    lv.put("lv_kernel_minor", 100 + lvs.indexOf(lv));
    return new ProcessResult(argv, 0, "", "");
  }

  /** {@code lvchange -an}: the device goes. */
  private ProcessResult deactivate(List<String> argv) {
    Map<String, Object> lv = find(argv.get(argv.size() - 1));
    lv.put("lv_kernel_major", -1);
    lv.put("lv_kernel_minor", -1);
    return new ProcessResult(argv, 0, "", "");
  }

  /** Sets a snapshot's fill, as writes to its origin would. */
  public LvmSimulator fill(String vg, String name, double percent) {
    find(vg + "/" + name).put("snap_percent", percent);
    return this;
  }

  /** {@code lvextend --size +Nb VG/LV}: grows by whole extents out of the VG's free space. */
  private ProcessResult extend(List<String> argv) {
    Map<String, Object> lv = find(argv.get(argv.size() - 1));
    String size = argv.get(argv.indexOf("--size") + 1);
    long bytes = Long.parseLong(size.substring(1, size.length() - 1));
    bytes = (bytes + EXTENT - 1) / EXTENT * EXTENT;
    long[] vg = vgs.get((String) lv.get("vg_name"));
    if (bytes > vg[1]) {
      return new ProcessResult(argv, 5, "", "  Insufficient free space: 1 extents needed");
    }
    vg[1] -= bytes;
    long old = (long) lv.get("lv_size");
    lv.put("lv_size", old + bytes);
    Object percent = lv.get("snap_percent");
    if (percent instanceof Number p) { // the same data in a bigger snapshot
      lv.put("snap_percent", p.doubleValue() * old / (old + bytes));
    }
    return new ProcessResult(argv, 0, "  Logical volume " + lv.get("lv_name") + " extended.", "");
  }

  private ProcessResult merge(List<String> argv) {
    Map<String, Object> snapshot = find(argv.get(argv.size() - 1));
    if (failMergeOf != null && ((String) snapshot.get("lv_name")).startsWith(failMergeOf)) {
      return new ProcessResult(argv, 5, "", "  Failed to lock logical volume.");
    }
    if ((Integer) snapshot.get("lv_snapshot_invalid") > 0) { // -1: undefined, as for thin
      return new ProcessResult(argv, 5, "", "  Unable to merge invalidated snapshot LV.");
    }
    snapshot.put("lv_attr", "Swi-a-s---");
    snapshot.put("lv_merging", 1);
    Map<String, Object> origin = find(snapshot.get("vg_name") + "/" + snapshot.get("origin"));
    origin.put("lv_attr", "Owi-ao----");
    origin.put("lv_merging", 1);
    afterMerge.run();
    return new ProcessResult(argv, 0, "  Delaying merge since origin is open.", "");
  }
}
