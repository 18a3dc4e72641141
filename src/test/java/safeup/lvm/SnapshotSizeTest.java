package safeup.lvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SnapshotSizeTest {
  private static final long MIB = 1L << 20;
  private static final long EXTENT = 4 * MIB;

  @Test
  void percentagesGoToExtents() {
    assertEquals(
        List.of("--extents", "20%ORIGIN"), SnapshotSize.parse("20%origin").lvcreateArguments());
    assertEquals(
        List.of("--extents", "50%FREE"), SnapshotSize.parse("50%FREE").lvcreateArguments());
  }

  @Test
  void absoluteSizesGoToSizeWithMegabytesByDefault() {
    assertEquals(List.of("--size", "4g"), SnapshotSize.parse("4G").lvcreateArguments());
    assertEquals(List.of("--size", "512m"), SnapshotSize.parse("512").lvcreateArguments());
    assertEquals(List.of("--size", "1.5g"), SnapshotSize.parse("1.5g").lvcreateArguments());
  }

  @Test
  void bytesRoundUpToWholeExtents() {
    long origin = 1000 * MIB;
    assertEquals(200 * MIB, SnapshotSize.parse("20%ORIGIN").bytes(origin, 0, 0, EXTENT));
    assertEquals(4 * MIB, SnapshotSize.parse("1M").bytes(origin, 0, 0, EXTENT));
    assertEquals(1536 * MIB, SnapshotSize.parse("1.5G").bytes(origin, 0, 0, EXTENT));
    assertEquals(52 * MIB, SnapshotSize.parse("50%FREE").bytes(origin, 0, 101 * MIB, EXTENT));
    assertEquals(500 * MIB, SnapshotSize.parse("10%VG").bytes(origin, 5000 * MIB, 0, EXTENT));
    assertEquals(
        52 * MIB, SnapshotSize.parse("50%PVS").bytes(origin, 5000 * MIB, 101 * MIB, EXTENT));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "-1G", "0", "0%ORIGIN", "101%VG", "4 G", "4GiB", "20%", "%ORIGIN", "1e3"})
  void rejectsWhatLvcreateWouldNotTake(String text) {
    assertThrows(IllegalArgumentException.class, () -> SnapshotSize.parse(text));
  }
}
