package safeup.core.set;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SnapshotWatchTest {
  private static final long MIB = 1L << 20;

  @Test
  void belowExtendAtNothingGrows() {
    assertEquals(100 * MIB, SnapshotWatch.Growth.target(100 * MIB, 60 * MIB, 0, 70));
    assertEquals(100 * MIB, SnapshotWatch.Growth.target(100 * MIB, 50 * MIB, 8 * MIB, 70));
  }

  @Test
  void atExtendAtAStepOfAFifthOrAtLeastTheMinimum() {
    assertEquals(1200 * MIB, SnapshotWatch.Growth.target(1000 * MIB, 700 * MIB, 0, 70));
    assertEquals(116 * MIB, SnapshotWatch.Growth.target(52 * MIB, 40 * MIB, 0, 70));
  }

  @Test
  void unwrittenDataIsCountedBeforeItReachesTheDisk() {
    // 16 MiB, nearly empty, 200 MiB waiting: room for 225 MiB below 70%.
    long target = SnapshotWatch.Growth.target(16 * MIB, 0, 200 * MIB, 70);
    assertEquals((225 * MIB * 100 + 69) / 70, target);
  }
}
