package safeup.lvm;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Parses {@code lvs --reportformat json_std --units b --nosuffix} output. */
public final class LvsReport {

  /** The fields safeup asks {@code lvs} for, in the order given to {@code -o}. */
  public static final List<String> FIELDS =
      List.of(
          "vg_name",
          "lv_name",
          "lv_uuid",
          "lv_attr",
          "origin",
          "segtype",
          "pool_lv",
          "lv_size",
          "snap_percent",
          "data_percent",
          "metadata_percent",
          "lv_snapshot_invalid",
          "lv_merging",
          "lv_tags",
          "lv_time",
          "lv_kernel_major",
          "lv_kernel_minor",
          "vg_size",
          "vg_free",
          "vg_extent_size",
          "vg_tags");

  private LvsReport() {}

  /**
   * Reads every LV of the report; unknown fields are ignored. Hidden LVs (shown as {@code [name]}
   * by {@code lvs -a}, as a snapshot is while it waits to merge) are kept; LVM's internal ones
   * ({@code pool_tdata} and the like) are left out.
   */
  public static List<LogicalVolume> parse(String json) {
    Map<String, Object> root;
    try {
      root = JSON.std.mapFrom(json);
    } catch (IOException | RuntimeException e) {
      throw new LvmException("cannot read the output of lvs: " + e.getMessage());
    }
    List<LogicalVolume> volumes = new ArrayList<>();
    try {
      for (Object report : list(root.get("report"))) {
        for (Object row : list(((Map<?, ?>) report).get("lv"))) {
          Map<?, ?> lv = (Map<?, ?>) row;
          requireDecidingFields(lv);
          String name = text(lv, "lv_name").replaceAll("^\\[(.*)]$", "$1");
          if (!VolumeName.isInternal(name)) {
            volumes.add(volume(lv, name));
          }
        }
      }
    } catch (ClassCastException | IllegalArgumentException e) {
      throw new LvmException("cannot read the output of lvs: " + e.getMessage());
    }
    return volumes;
  }

  /**
   * The fields that decide what safeup may do with a volume (whose it is, whether it overflowed or
   * merges) must all be there: a report without one is not read as "no", it is refused.
   */
  private static void requireDecidingFields(Map<?, ?> row) {
    for (String field : DECIDING) {
      if (!row.containsKey(field)) {
        throw new LvmException(
            "lvs reported "
                + text(row, "vg_name")
                + "/"
                + text(row, "lv_name")
                + " without the field "
                + field
                + ", which safeup needs to tell whether it may touch it; nothing was changed."
                + " Check that lvm2 is installed whole and up to date ('lvs --version')");
      }
    }
  }

  /** Fields every row must have (see {@link #requireDecidingFields}). */
  private static final List<String> DECIDING =
      List.of(
          "vg_name",
          "lv_name",
          "lv_attr",
          "origin",
          "lv_tags",
          "lv_snapshot_invalid",
          "lv_merging");

  private static LogicalVolume volume(Map<?, ?> row, String name) {
    return new LogicalVolume(
        new VolumeName(text(row, "vg_name"), name),
        text(row, "lv_uuid"),
        text(row, "lv_attr"),
        text(row, "origin"),
        text(row, "segtype"),
        text(row, "pool_lv"),
        number(row, "lv_size", 0),
        percent(row, "snap_percent"),
        percent(row, "data_percent"),
        percent(row, "metadata_percent"),
        flag(row, "lv_snapshot_invalid"),
        flag(row, "lv_merging"),
        tags(row.get("lv_tags")),
        text(row, "lv_time"),
        number(row, "lv_kernel_major", -1),
        number(row, "lv_kernel_minor", -1),
        number(row, "vg_size", 0),
        number(row, "vg_free", 0),
        number(row, "vg_extent_size", 0),
        tags(row.get("vg_tags")));
  }

  private static List<?> list(Object value) {
    return value instanceof List<?> l ? l : List.of();
  }

  private static String text(Map<?, ?> row, String field) {
    Object value = row.get(field);
    return value == null ? "" : value.toString();
  }

  private static long number(Map<?, ?> row, String field, long undefined) {
    Object value = row.get(field);
    if (value instanceof Number n) {
      return n.longValue();
    }
    if (value instanceof String s && !s.isBlank()) {
      return (long) Double.parseDouble(s.strip());
    }
    return undefined;
  }

  private static Double percent(Map<?, ?> row, String field) {
    Object value = row.get(field);
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    if (value instanceof String s && !s.isBlank()) {
      return Double.parseDouble(s.strip());
    }
    return null;
  }

  /**
   * Binary fields come as 0/1 (json_std; -1 when undefined) or, from older lvm2, as a word:
   * "snapshot invalid" or "merging" for yes, "" for no, "unknown" when undefined.
   */
  private static boolean flag(Map<?, ?> row, String field) {
    Object value = row.get(field);
    if (value instanceof Number n) {
      return n.intValue() > 0;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    String s = value == null ? "" : value.toString().strip();
    return !s.isEmpty() && !s.equals("0") && !s.equals("-1") && !s.equals("unknown");
  }

  private static List<String> tags(Object value) {
    if (value instanceof List<?> l) {
      return l.stream().map(Object::toString).filter(t -> !t.isEmpty()).toList();
    }
    if (value instanceof String s && !s.isBlank()) {
      return List.of(s.split(","));
    }
    return List.of();
  }
}
