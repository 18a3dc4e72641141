package safeup.lvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
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
}
