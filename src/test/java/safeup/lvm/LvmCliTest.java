package safeup.lvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import safeup.testing.LvmSimulator;
import safeup.testing.RecordingProcessGateway;

/** The argv LvmCli gives lvm2 for activating and deactivating a volume. */
class LvmCliTest {
  private final RecordingProcessGateway processes = new RecordingProcessGateway();
  private final LvmCli lvm = new LvmCli(processes);

  @Test
  void activationIgnoresTheSkipFlagThatThinSnapshotsCarry() {
    lvm.activate(new VolumeName("vg0", "root-safeup-1"));
    lvm.deactivate(new VolumeName("vg0", "root-safeup-1"));
    assertEquals(
        List.of(
            List.of("lvchange", "-ay", "-K", "vg0/root-safeup-1"),
            List.of("lvchange", "-an", "vg0/root-safeup-1")),
        processes.calls());
  }

  @Test
  void aFailedActivationSaysWhichVolume() {
    processes.answer(List.of("lvchange"), 5, "", "  Volume group \"vg0\" not found");
    LvmException e =
        assertThrows(LvmException.class, () -> lvm.activate(new VolumeName("vg0", "x")));
    assertTrue(e.getMessage().startsWith("cannot activate vg0/x: Volume group"), e.getMessage());
  }

  @Test
  void afterRemovalsTheLastListingLessTheRemovedVolumesTellsNamesAndTags() {
    RecordingProcessGateway gateway = new RecordingProcessGateway();
    LvmSimulator simulated =
        new LvmSimulator()
            .vg("vg0", 1024 * LvmSimulator.MIB, 512 * LvmSimulator.MIB)
            .lv("vg0", "root", 256 * LvmSimulator.MIB, 0)
            .snapshot("vg0", "root-a", "root", List.of("safeup"))
            .snapshot("vg0", "root-b", "root", List.of("safeup"));
    simulated.attachTo(gateway);
    LvmCli cli = new LvmCli(gateway);
    assertTrue(cli.namesAndTags().isEmpty(), "nothing listed yet");
    cli.volumes();
    cli.remove(new VolumeName("vg0", "root-a"));
    assertEquals(List.of("root", "root-b"), names(cli.namesAndTags().orElseThrow()));
    assertEquals(simulated.names(), names(cli.volumes()).stream().map(n -> "vg0/" + n).toList());
    assertEquals(1, gateway.calls("lvremove").size());

    simulated.failCreating("root-c");
    assertThrows(
        LvmException.class,
        () -> cli.createSnapshot(new VolumeName("vg0", "root"), "root-c", null, List.of()));
    assertTrue(cli.namesAndTags().isEmpty(), "any other change: unknown until listed again");
  }

  @Test
  void aFailedRemovalLeavesTheVolumesUnknown() {
    RecordingProcessGateway gateway = new RecordingProcessGateway();
    gateway.answer(List.of("lvs"), 0, "{\"report\": [{\"lv\": []}]}", "");
    gateway.answer(List.of("lvremove"), 5, "", "  Logical volume vg0/root-a in use.");
    LvmCli cli = new LvmCli(gateway);
    cli.volumes();
    assertThrows(LvmException.class, () -> cli.remove(new VolumeName("vg0", "root-a")));
    assertTrue(cli.namesAndTags().isEmpty());
  }

  private static List<String> names(List<LogicalVolume> volumes) {
    return volumes.stream().map(lv -> lv.name().lv()).toList();
  }
}
