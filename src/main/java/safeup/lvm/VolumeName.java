package safeup.lvm;

import java.util.List;
import java.util.regex.Pattern;

/** A logical volume's full name, {@code vg/lv}, checked against LVM's naming rules. */
public record VolumeName(String vg, String lv) {
  private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9.+_-]+");
  private static final int MAX_LENGTH = 128;
  private static final List<String> RESERVED_PARTS =
      List.of(
          "_tdata",
          "_tmeta",
          "_mlog",
          "_mimage",
          "_rimage",
          "_rmeta",
          "_pmspare",
          "_cdata",
          "_cmeta",
          "_corig",
          "_vorigin");

  public VolumeName {
    String problem = problem(vg, "volume group");
    if (problem == null) {
      problem = problem(lv, "logical volume");
    }
    if (problem == null) {
      problem = reservedProblem(lv);
    }
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  /** Parses {@code vg/lv} (a leading {@code /dev/} is accepted, as LVM accepts it). */
  public static VolumeName parse(String text) {
    String name = text.startsWith("/dev/") ? text.substring(5) : text;
    int slash = name.indexOf('/');
    if (slash < 0 || name.indexOf('/', slash + 1) >= 0) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a logical volume name of the form VG/LV (for example vg0/root)");
    }
    return new VolumeName(name.substring(0, slash), name.substring(slash + 1));
  }

  private static String problem(String name, String what) {
    if (name == null || name.isEmpty()) {
      return what + " name is empty";
    }
    String quoted = "'" + printable(name) + "'";
    if (name.length() > MAX_LENGTH) {
      return what + " name " + quoted + " is longer than " + MAX_LENGTH + " characters";
    }
    if (!ALLOWED.matcher(name).matches()) {
      return what + " name " + quoted + " may contain only A-Z a-z 0-9 . + _ -";
    }
    if (name.startsWith("-") || name.equals(".") || name.equals("..")) {
      return what + " name " + quoted + " is not allowed by LVM";
    }
    return null;
  }

  private static String reservedProblem(String lv) {
    if (lv.startsWith("snapshot") || lv.startsWith("pvmove")) {
      return "logical volume name '" + lv + "' is reserved by LVM";
    }
    for (String part : RESERVED_PARTS) {
      if (lv.contains(part)) {
        return "logical volume name '" + lv + "' contains '" + part + "', which LVM reserves";
      }
    }
    return null;
  }

  /** True for names LVM reserves for its own sub-volumes, such as {@code pool_tdata}. */
  static boolean isInternal(String lv) {
    return reservedProblem(lv) != null;
  }

  /** Makes a name safe to quote in a message: control characters become '?'. */
  static String printable(String name) {
    StringBuilder out = new StringBuilder();
    name.codePoints()
        .limit(MAX_LENGTH + 8)
        .forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return out.toString();
  }

  @Override
  public String toString() {
    return vg + "/" + lv;
  }
}
