package safeup.lvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Parses lvs output captured in the guests: lvm2 2.03.16's "json", which quotes every value (the
 * hostfs guest), and lvm2 2.03.31's "json_std" (the system guest: numbers, null, -1 for undefined
 * flags, tags as an array), plus a hand-written json_std report.
 */
class LvsReportTest {
  private static List<LogicalVolume> fixture(String name) throws IOException {
    try (InputStream in = LvsReportTest.class.getResourceAsStream("/lvs/" + name)) {
      return LvsReport.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  private static LogicalVolume lv(List<LogicalVolume> lvs, String name) {
    return lvs.stream().filter(v -> v.name().lv().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void pendingThickSnapshot() throws IOException {
    List<LogicalVolume> lvs = fixture("2.03.16/pending.json");
    LogicalVolume snap = lv(lvs, "root-safeup-20261127-111500");
    assertEquals("root", snap.origin());
    assertTrue(snap.isSnapshot());
    assertEquals(40L << 20, snap.sizeBytes());
    assertEquals(List.of("safeup", "safeup-members:1", "safeup-set:20261127-111500"), snap.tags());
    assertFalse(snap.invalid());
    assertFalse(snap.mergePending());
    LogicalVolume root = lv(lvs, "root");
    assertFalse(root.invalid(), "'unknown' is not invalid");
    assertEquals(254, root.kernelMajor());
    assertEquals(1069547520L, root.vgSizeBytes());
    assertEquals(4L << 20, root.vgExtentBytes());
    assertNull(root.snapPercent());
  }

  @Test
  void invalidSnapshotAndThinVolumes() throws IOException {
    List<LogicalVolume> lvs = fixture("2.03.16/invalid-and-thin.json");
    LogicalVolume snap = lv(lvs, "root-safeup-20261127-101500");
    assertTrue(snap.invalid());
    assertEquals(100.0, snap.fillPercent());
    LogicalVolume thin = lv(lvs, "troot-snap");
    assertTrue(thin.isThin() && thin.isSnapshot());
    assertEquals(-1, thin.kernelMajor());
    assertTrue(lv(lvs, "pool").isThinPool());
    assertEquals(10.94, lv(lvs, "pool").metadataPercent());
  }

  @Test
  void mergingSnapshotIsHiddenButFoundAndInternalVolumesAreLeftOut() throws IOException {
    List<LogicalVolume> lvs = fixture("2.03.16/merging.json");
    LogicalVolume snap = lv(lvs, "root-safeup-20261127-121500");
    assertTrue(snap.mergePending());
    assertTrue(lv(lvs, "root").mergePending());
    assertTrue(lvs.stream().noneMatch(v -> v.name().lv().contains("_t")));
    assertTrue(lvs.stream().noneMatch(v -> v.name().lv().contains("pmspare")));
  }

  @Test
  void afterTheMergeTheSnapshotIsGone() throws IOException {
    List<LogicalVolume> lvs = fixture("2.03.16/after-merge.json");
    assertTrue(lvs.stream().noneMatch(v -> v.name().lv().startsWith("root-safeup")));
    assertFalse(lv(lvs, "root").mergePending());
  }

  @Test
  void jsonStdPendingSetOfAThickRootAndAThinVolume() throws IOException {
    List<LogicalVolume> lvs = fixture("2.03.31/pending.json");
    LogicalVolume root = lv(lvs, "root-safeup-20261128-055511");
    assertTrue(root.isSnapshot());
    assertFalse(root.invalid());
    assertEquals(64L << 20, root.sizeBytes());
    assertEquals(1.1, root.fillPercent());
    assertEquals("safeup-members:2", root.tags().get(4));
    LogicalVolume thin = lv(lvs, "data-safeup-20261128-055511");
    assertTrue(thin.isThin() && thin.isSnapshot());
    assertFalse(thin.invalid(), "-1 (undefined for a thin snapshot) is not invalid");
    assertNull(thin.snapPercent());
    assertEquals(-1, thin.kernelMajor(), "inactive: thin snapshots skip activation");
    assertFalse(lv(lvs, "data").invalid());
    assertEquals(2118123520L, lv(lvs, "root").vgFreeBytes());
    assertTrue(lvs.stream().noneMatch(v -> v.name().lv().contains("pmspare")));
  }

  @Test
  void jsonStdOverflowedSnapshotIsInvalid() throws IOException {
    List<LogicalVolume> lvs = fixture("2.03.31/invalid-and-thin.json");
    LogicalVolume overflow = lv(lvs, "overflow");
    assertTrue(overflow.invalid());
    assertEquals(100.0, overflow.fillPercent());
    assertFalse(lv(lvs, "root-safeup-20261128-055511").invalid());
    assertTrue(lv(lvs, "pool").isThinPool());
  }

  @Test
  void jsonStdScheduledMergesOfThickAndThinSnapshots() throws IOException {
    List<LogicalVolume> lvs = fixture("2.03.31/merging.json");
    assertTrue(lv(lvs, "root-safeup-20261128-055511").mergePending());
    assertTrue(lv(lvs, "data-safeup-20261128-055511").mergePending());
    assertTrue(lv(lvs, "root").mergePending());
    assertTrue(lv(lvs, "root-safeup-20261128-055511").tags().contains("safeup-rollback"));
  }

  @Test
  void jsonStdNumbersNullsAndTagArrays() {
    String json =
        """
        {"report":[{"lv":[{"vg_name":"vg0","lv_name":"root-safeup-1","lv_attr":"swi-a-s---",
          "origin":"root","segtype":"linear","lv_size":419430400,"snap_percent":12.5,
          "data_percent":12.5,"metadata_percent":null,"lv_snapshot_invalid":0,"lv_merging":0,
          "lv_tags":["safeup","safeup-set:1"],"lv_kernel_major":254,"lv_kernel_minor":3,
          "vg_free":1048576,"some_new_field":"ignored"}]}]}
        """;
    LogicalVolume lv = LvsReport.parse(json).get(0);
    assertEquals(419430400L, lv.sizeBytes());
    assertEquals(12.5, lv.fillPercent());
    assertNull(lv.metadataPercent());
    assertEquals(List.of("safeup", "safeup-set:1"), lv.tags());
    assertFalse(lv.invalid());
  }

  @Test
  void garbageIsAnLvmErrorNotACrash() {
    assertThrows(LvmException.class, () -> LvsReport.parse("  WARNING: something\n{"));
  }

  @Test
  void aRowWithoutAFieldThatDecidesWhatSafeupMayDoIsRefusedNotReadAsNo() {
    String json =
        """
        {"report":[{"lv":[{"vg_name":"vg0","lv_name":"root-safeup-1","lv_attr":"swi-a-s---",
          "origin":"root","lv_tags":["safeup","safeup-set:1"],"lv_merging":0}]}]}
        """;
    LvmException e = assertThrows(LvmException.class, () -> LvsReport.parse(json));
    assertTrue(
        e.getMessage().contains("vg0/root-safeup-1 without the field lv_snapshot_invalid"),
        e.getMessage());
  }

  @Test
  void aNumberThatIsNotOneIsAnLvmErrorNotACrash() {
    String json =
        """
        {"report":[{"lv":[{"vg_name":"vg0","lv_name":"root","lv_attr":"-wi-ao----","origin":"",
          "lv_tags":[],"lv_snapshot_invalid":-1,"lv_merging":0,"lv_size":"lots"}]}]}
        """;
    assertThrows(LvmException.class, () -> LvsReport.parse(json));
  }
}
