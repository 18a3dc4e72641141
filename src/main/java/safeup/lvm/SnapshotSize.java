package safeup.lvm;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The size of a thick snapshot, as {@code lvcreate} takes it: {@code 20%ORIGIN} (also {@code %VG},
 * {@code %FREE}, {@code %PVS}) goes to {@code -l}; {@code 4G}, {@code 512M}, {@code 1.5g} goes to
 * {@code -L} (binary units; a bare number means MiB, as in lvcreate). {@code auto} is sized from
 * the transaction before each update; until then it counts as {@link #AUTO_MINIMUM}.
 */
public final class SnapshotSize {
  private static final Pattern PERCENT =
      Pattern.compile("(\\d{1,3}(?:\\.\\d+)?)%(ORIGIN|VG|FREE|PVS)", Pattern.CASE_INSENSITIVE);
  private static final Pattern ABSOLUTE =
      Pattern.compile("(\\d+(?:\\.\\d+)?)([bBsSkKmMgGtTpPeE]?)");

  /** The least an {@code auto} snapshot is given: room for a small update and its metadata. */
  public static final long AUTO_MINIMUM = 32L << 20;

  private final String text;
  private final BigDecimal amount;
  private final String unit;

  private SnapshotSize(String text, BigDecimal amount, String unit) {
    this.text = text;
    this.amount = amount;
    this.unit = unit;
  }

  /** Parses a size; the message of the exception says what is accepted. */
  public static SnapshotSize parse(String text) {
    if (text.equalsIgnoreCase("auto")) {
      return new SnapshotSize("auto", BigDecimal.valueOf(AUTO_MINIMUM), "auto");
    }
    Matcher percent = PERCENT.matcher(text);
    if (percent.matches()) {
      BigDecimal value = new BigDecimal(percent.group(1));
      if (value.signum() <= 0 || value.compareTo(BigDecimal.valueOf(100)) > 0) {
        throw new IllegalArgumentException("'" + text + "' is not a percentage between 0 and 100");
      }
      return new SnapshotSize(text, value, "%" + percent.group(2).toUpperCase(Locale.ROOT));
    }
    Matcher absolute = ABSOLUTE.matcher(text);
    if (absolute.matches()) {
      BigDecimal value = new BigDecimal(absolute.group(1));
      if (value.signum() <= 0) {
        throw new IllegalArgumentException("'" + text + "' is not a positive size");
      }
      String unit = absolute.group(2).isEmpty() ? "m" : absolute.group(2);
      return new SnapshotSize(text, value, unit.toLowerCase(Locale.ROOT));
    }
    throw new IllegalArgumentException(
        "'"
            + text
            + "' is not a snapshot size: use a size such as 4G or 512M, or a percentage such as"
            + " 20%ORIGIN, 10%VG or 50%FREE, or auto");
  }

  /** A size in bytes, as an {@code auto} size is resolved to. */
  public static SnapshotSize ofBytes(long bytes) {
    return parse(bytes + "b");
  }

  /** True for {@code auto}: the size comes from the transaction, see {@code AutoSnapshotSize}. */
  public boolean isAuto() {
    return unit.equals("auto");
  }

  /** The {@code lvcreate} arguments that ask for this size. */
  public List<String> lvcreateArguments() {
    if (isAuto()) {
      throw new IllegalStateException("an auto size is resolved before lvcreate");
    }
    if (unit.startsWith("%")) {
      return List.of("--extents", amount.toPlainString() + unit);
    }
    return List.of("--size", amount.toPlainString() + unit);
  }

  /**
   * The bytes this size takes in a volume group, rounded up to whole extents.
   *
   * @param freeBytes what the VG has free at the moment the snapshot is made
   */
  public long bytes(long originBytes, long vgBytes, long freeBytes, long extentBytes) {
    BigDecimal raw =
        switch (unit) {
          case "%ORIGIN" -> percentOf(originBytes);
          case "%VG" -> percentOf(vgBytes);
          case "%FREE", "%PVS" -> percentOf(freeBytes); // %PVS: of the PVs' free space
          case "auto" -> amount;

          default -> amount.multiply(BigDecimal.valueOf(unitBytes(unit)));
        };
    long bytes = raw.setScale(0, RoundingMode.CEILING).longValueExact();
    if (extentBytes <= 0) {
      return bytes;
    }
    long extents = Math.max(1, (bytes + extentBytes - 1) / extentBytes);
    return extents * extentBytes;
  }

  private BigDecimal percentOf(long base) {
    return BigDecimal.valueOf(base).multiply(amount).divide(BigDecimal.valueOf(100));
  }

  private static long unitBytes(String unit) {
    return switch (unit) {
      case "b" -> 1L;
      case "s" -> 512L;
      case "k" -> 1L << 10;
      case "m" -> 1L << 20;
      case "g" -> 1L << 30;
      case "t" -> 1L << 40;
      case "p" -> 1L << 50;
      case "e" -> 1L << 60;
      default -> throw new IllegalStateException(unit);
    };
  }

  @Override
  public String toString() {
    return text;
  }
}
