package safeup.lvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VolumeNameTest {
  @Test
  void parsesVgSlashLvAndDevPaths() {
    assertEquals(new VolumeName("vg0", "root"), VolumeName.parse("vg0/root"));
    assertEquals(new VolumeName("vg0", "root"), VolumeName.parse("/dev/vg0/root"));
    assertEquals("vg.x+y_z-1/a.b", VolumeName.parse("vg.x+y_z-1/a.b").toString());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "vg0/-root",
        "vg0/.",
        "vg0/..",
        "vg0/snapshot1",
        "vg0/pvmove0",
        "vg0/a_tmeta",
        "vg0/x_rimage_0",
        "vg0/r oot",
        "vg0/r;rm -rf",
        "vg0/$(reboot)",
        "vg 0/root",
        "vg0/",
        "/root",
        "vg0/a/b",
        "root",
        "vg0/é"
      })
  void rejectsNamesLvmWouldRejectOrAShellWouldInterpret(String text) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> VolumeName.parse(text));
    assertTrue(e.getMessage().length() > 10, e.getMessage());
  }

  @Test
  void rejectsOverlongNamesAndKeepsTheMessagePrintable() {
    String longName = "a".repeat(129);
    assertThrows(IllegalArgumentException.class, () -> new VolumeName("vg0", longName));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new VolumeName("vg0", "x\u001b[31m"));
    assertTrue(e.getMessage().contains("'x?[31m'"), e.getMessage());
  }
}
