package safeup.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MountTableTest {
  // Captured from an Arch system with root, /usr and /home on LVM, /boot on a partition.
  private static final List<String> MOUNTINFO =
      List.of(
          "22 1 254:0 / / rw,relatime shared:1 - ext4 /dev/mapper/vg0-root rw",
          "23 22 0:21 / /proc rw,nosuid,nodev,noexec,relatime shared:5 - proc proc rw",
          "30 22 254:2 / /usr rw,relatime shared:9 - ext4 /dev/mapper/vg0-usr rw",
          "31 22 259:1 / /boot rw,relatime shared:10 - vfat /dev/nvme0n1p1 rw,fmask=0022",
          "32 22 254:1 / /home rw,relatime shared:11 - ext4 /dev/mapper/vg0-home rw",
          "40 32 254:3 / /home/my\\040files rw,relatime shared:12 - xfs /dev/mapper/vg0-media rw",
          "41 22 0:40 / /tmp rw,nosuid,nodev shared:13 - tmpfs tmpfs rw");

  @Test
  void findsTheMountHoldingAPath() {
    MountTable table = MountTable.parse(MOUNTINFO);
    assertEquals("/dev/mapper/vg0-root", table.holding(Path.of("/var/lib/pacman")).get().source());
    assertEquals(2, table.holding(Path.of("/usr/bin")).get().minor());
    assertEquals("/dev/mapper/vg0-usr", table.holding(Path.of("/usr")).get().source());
    assertEquals("/boot", table.holding(Path.of("/boot/vmlinuz-linux")).get().mountPoint());
    assertEquals("/dev/mapper/vg0-root", table.holding(Path.of("/usrlocal")).get().source());
  }

  @Test
  void aPathNotMadeYetIsHeldWhereItsNearestExistingAncestorIs(@TempDir Path dir)
      throws IOException {
    Path data = Files.createDirectories(dir.resolve("data"));
    Path link = Files.createSymbolicLink(dir.resolve("link"), data);
    MountTable table =
        MountTable.parse(
            List.of(
                "22 1 254:0 / / rw,relatime shared:1 - ext4 /dev/mapper/vg0-root rw",
                "33 22 254:4 / "
                    + data.toRealPath()
                    + " rw shared:14 - ext4 /dev/mapper/vg0-d rw"));
    assertEquals(
        "/dev/mapper/vg0-d", table.holdingNearest(data.resolve("not/yet/made")).get().source());
    assertEquals("/dev/mapper/vg0-d", table.holdingNearest(link.resolve("new")).get().source());
    assertEquals(
        "/dev/mapper/vg0-root", table.holdingNearest(dir.resolve("elsewhere/new")).get().source());
  }

  @Test
  void unescapesOctalAndPrefersTheDeepestMount() {
    Mount m = MountTable.parse(MOUNTINFO).holding(Path.of("/home/my files/a")).get();
    assertEquals("/home/my files", m.mountPoint());
    assertEquals(254, m.major());
    assertEquals(3, m.minor());
  }

  @Test
  void laterMountOnTheSamePointWins() {
    MountTable table =
        MountTable.parse(
            List.of(
                "22 1 254:0 / / rw - ext4 /dev/mapper/vg0-root rw",
                "50 22 254:5 / /mnt rw - ext4 /dev/mapper/vg0-a rw",
                "51 50 254:6 / /mnt rw - ext4 /dev/mapper/vg0-b rw"));
    assertEquals("/dev/mapper/vg0-b", table.holding(Path.of("/mnt/x")).get().source());
    assertTrue(MountTable.parse(List.of("garbage")).holding(Path.of("/")).isEmpty());
  }
}
