package safeup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import safeup.core.SafeupTags;
import safeup.system.Mount;
import safeup.testing.CommandRun;
import safeup.testing.Initramfs;
import safeup.testing.LvmSimulator;

class DoctorCommandTest {
  private static final String KERNEL = "usr/lib/modules/6.12.1-arch1-1/";
  private static final String DM_SNAPSHOT = KERNEL + "kernel/drivers/md/dm-snapshot.ko.zst";
  private static final String HOOKS =
      "HOOKS=(base udev autodetect microcode modconf kms keyboard block lvm2 filesystems fsck)\n";
  private static final String LVM_DEFAULTS =
      "snapshot_autoextend_threshold=100\nsnapshot_autoextend_percent=20\nmonitoring=1\n"
          + "thin_pool_autoextend_threshold=100\nthin_pool_autoextend_percent=20\n";

  @TempDir Path dir;
  CommandRun run;

  @BeforeEach
  void setUp() throws IOException {
    run = new CommandRun(dir);
    run.processes.on(List.of("bsdtar"), Initramfs::bsdtar);
    run.processes.answer(List.of("lvmconfig"), 0, LVM_DEFAULTS, "");
    run.processes.answer(List.of("systemctl", "is-active"), 0, "active\ninactive\n", "");
    image("initramfs-linux.img", KERNEL + "kernel/drivers/md/dm-mod.ko.zst", DM_SNAPSHOT);
    file("/etc/mkinitcpio.conf", "# vim:set ft=sh\nMODULES=()\n" + HOOKS);
  }

  /** An image as mkinitcpio makes it: early microcode uncompressed, then a compressed archive. */
  private void image(String name, String... names) throws IOException {
    byte[] early = Initramfs.cpio("kernel", "kernel/x86/microcode/GenuineIntel.bin");
    file("/boot/" + name, Initramfs.concat(early, Initramfs.gzip(Initramfs.cpio(names))));
  }

  private void file(String path, String text) throws IOException {
    file(path, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private void file(String path, byte[] bytes) throws IOException {
    Path file = run.files.resolve(path.substring(1));
    Files.createDirectories(file.getParent());
    Files.write(file, bytes);
  }

  private void assertLine(String line) {
    assertTrue(run.out.contains(line + "\n"), "expected the line\n" + line + "\nin\n" + run.out);
  }

  @Test
  void aSystemSafeupCanProtectPassesEveryCheck() {
    assertEquals(0, run.run("doctor"), run.err);
    String db = run.root + "/var/lib/pacman";
    assertLine(
        "  pass  root on LVM: /, /usr and pacman's database " + db + " are on LVM volume vg0/root");
    assertLine("  pass  initramfs: /boot/initramfs-linux.img has dm-snapshot");
    assertLine(
        "  pass  mkinitcpio: HOOKS in /etc/mkinitcpio.conf (base udev autodetect microcode"
            + " modconf kms keyboard block lvm2 filesystems fsck) include lvm2");
    assertLine(
        "  pass  snapshot room: volume group vg0 has 2.0 GiB free; the snapshot of vg0/root needs"
            + " 820.0 MiB (SnapshotSize = 20%ORIGIN)");
    assertLine(
        "  pass  copy-on-write: vg0/root gets a thick snapshot: while a set is pending, each block"
            + " first written is copied into the snapshot before it changes, so an update writes"
            + " about twice its size to the disk and takes about a GiB of snapshot room per GiB it"
            + " writes (lvm2's default chunk of 4 KiB, which safeup keeps: larger chunks took more"
            + " room and no less time)");
    assertLine("  pass  thin pool: no volume of the set is thin");
    assertLine("  pass  snapshot sets: no snapshot set is pending");
    assertTrue(
        run.out.contains("  pass  configuration: /etc/safeup.conf does not exist: defaults in use")
            || run.out.contains("  pass  configuration: /etc/safeup.conf is valid"),
        run.out);
    // 20% of a 4 GiB root, never grown: worth a warning, not a failure
    assertTrue(
        run.out.contains(
            "  warn  autoextend: snapshot autoextend is off"
                + " (activation/snapshot_autoextend_threshold = 100): the snapshot of vg0/root stays"
                + " at 820.0 MiB"),
        run.out);
    assertLine(
        "  warn  trial boots: TrialBoots = 2, but the trial units are not installed: no boot is"
            + " tried");
    assertFalse(run.out.contains("FAIL"), run.out);
    assertTrue(run.out.contains("==> No check failed (2 warnings)"), run.out);
    assertTrue(run.processes.calls("lvcreate").isEmpty(), "doctor changes nothing");
  }

  @Test
  void trialBootsSayWhetherGrubCountsBootsToo() throws IOException {
    file("/etc/systemd/system/safeup-trial.service", "[Unit]\n");
    file("/boot/grub/grubenv", "# GRUB Environment Block\n");
    run.mounts.add(new Mount(259, 1, "/boot", "vfat", "/dev/nvme0n1p1"));
    run.run("doctor");
    assertLine(
        "  pass  trial boots: after 2 failed trials the next boot rolls back; GRUB counts boots too"
            + " (/boot/grub/grubenv on /dev/nvme0n1p1, vfat), so a kernel that never reaches"
            + " userspace counts");

    run.mounts.remove(run.mounts.size() - 1); // /boot inside the root volume
    run.run("doctor");
    assertLine(
        "  warn  trial boots: /boot/grub/grubenv is inside vg0/root: GRUB cannot write it there, so"
            + " only boots that reach userspace are counted; a kernel that never does is not");

    Path config = Files.writeString(dir.resolve("safeup.conf"), "[options]\nTrialBoots = off\n");
    run.run("-c", config.toString(), "doctor");
    assertLine("  pass  trial boots: off (TrialBoots = off): no update rolls itself back");
  }

  @Test
  void anInitramfsWithoutDmSnapshotFailsWithWhatToDo() throws IOException {
    image("initramfs-linux-lts.img", KERNEL + "kernel/drivers/md/dm-mod.ko.zst");
    file("/etc/mkinitcpio.conf", HOOKS.replace(" lvm2", ""));
    assertEquals(3, run.run("doctor"));
    assertLine("  pass  initramfs: /boot/initramfs-linux.img has dm-snapshot");
    assertLine(
        "  FAIL  initramfs: /boot/initramfs-linux-lts.img lacks dm-snapshot: a system with a"
            + " snapshot of its root does not boot from it");
    assertLine("        fix: add lvm2 to HOOKS in /etc/mkinitcpio.conf, then run: mkinitcpio -P");
    assertTrue(run.out.contains("  FAIL  mkinitcpio: HOOKS in /etc/mkinitcpio.conf ("), run.out);
    assertTrue(run.err.contains("error: 2 checks failed"), run.err);
  }

  @Test
  void theLastHooksOfTheDropInsWinAndABuiltInModuleCounts() throws IOException {
    file("/etc/mkinitcpio.conf.d/10-lvm.conf", "HOOKS=(base systemd\n  sd-lvm2 filesystems)\n");
    file("/etc/mkinitcpio.conf.d/20-more.conf", "# HOOKS=(base)\nHOOKS+=(fsck)\n");
    Files.delete(run.files.resolve("boot/initramfs-linux.img"));
    image("initramfs-linux.img", KERNEL + "kernel/drivers/md/dm-mod.ko.zst");
    file("/" + KERNEL + "modules.builtin", "kernel/drivers/md/dm-snapshot.ko\n");
    assertEquals(0, run.run("doctor"), run.out);
    assertLine(
        "  pass  mkinitcpio: HOOKS in /etc/mkinitcpio.conf.d/20-more.conf (base systemd sd-lvm2"
            + " filesystems fsck) include sd-lvm2");
    assertLine(
        "  pass  initramfs: /boot/initramfs-linux.img has dm-snapshot (built into the kernel)");
  }

  @Test
  void noImageInBootIsAWarningNotAPass() throws IOException {
    Files.delete(run.files.resolve("boot/initramfs-linux.img"));
    assertEquals(0, run.run("doctor"));
    assertTrue(run.out.contains("  warn  initramfs: no initramfs image in /boot"), run.out);
  }

  @Test
  void withoutRootWhatNeedsRootIsAWarningNeverAPass() {
    run.isRoot = false;
    assertEquals(0, run.run("doctor"), run.err);
    String db = run.root + "/var/lib/pacman";
    assertLine(
        "  warn  root on LVM: /, /usr and pacman's database "
            + db
            + " are on /dev/mapper/vg0-root; whether that is an LVM logical volume was not"
            + " checked: asking LVM needs root");
    assertLine("  warn  snapshot room: not checked: asking LVM about the volumes needs root");
    assertLine("  warn  snapshot sets: not checked: reading LVM's metadata needs root");
    assertLine("        fix: run: sudo safeup doctor");
    assertTrue(run.processes.calls("lvs").isEmpty(), "LVM is not asked without root");
    assertLine("  pass  initramfs: /boot/initramfs-linux.img has dm-snapshot");
  }

  @Test
  void aFullVolumeGroupFailsAsTheUpdateWouldRefuse() {
    run.lvm.vg("vg0", 10_240 * LvmSimulator.MIB, 100 * LvmSimulator.MIB);
    assertEquals(3, run.run("doctor"));
    assertTrue(
        run.out.contains(
            "  FAIL  snapshot room: volume group 'vg0' has 100.0 MiB free; snapshots of vg0/root"
                + " need 820.0 MiB (SnapshotSize = 20%ORIGIN)"),
        run.out);
  }

  @Test
  void aBadConfigurationFileFailsQuotingTheErrorAndTheChecksNeedingItSaySo() throws IOException {
    Path config = dir.resolve("safeup.conf");
    Files.writeString(config, "[options]\nSnapshotSise = 4G\n");
    assertEquals(3, run.run("-c", config.toString(), "doctor"));
    assertTrue(
        run.out.contains("  FAIL  configuration: " + config + ":2: unknown key 'SnapshotSise'"),
        run.out);
    assertTrue(
        run.out.contains("  warn  snapshot room: not checked: the configuration file is not valid"),
        run.out);
  }

  @Test
  void aConfigurationFileGivenWithDashCMustExist() {
    Path missing = dir.resolve("missing.conf");
    assertEquals(3, run.run("-c", missing.toString(), "doctor"));
    assertLine("  FAIL  configuration: " + missing + ": no such file (given with --config)");
  }

  @Test
  void aRootNotOnLvmFailsOnce() {
    run.mounts.clear();
    run.mounts.add(new Mount(8, 2, "/", "ext4", "/dev/sda2"));
    assertEquals(3, run.run("doctor"));
    assertTrue(run.out.contains("are on /dev/sda2, which is not an LVM logical volume"), run.out);
    assertLine(
        "  warn  snapshot room: not checked: the volumes to snapshot are unknown while 'root on"
            + " LVM' fails");
    assertEquals(1, run.out.split("FAIL").length - 1, run.out);
  }

  @Test
  void oldPendingAndInterruptedSetsSayWhatToDo() {
    String old = "20261120-090000";
    run.lvm.snapshot(
        "vg0",
        "root-safeup-" + old,
        "root",
        SafeupTags.forSnapshot(
            old, CommandRun.MACHINE_ID, 1, "pacman -Syu", Optional.empty(), Optional.empty()));
    run.lvm.find("vg0/root-safeup-" + old).put("lv_time", "2026-11-20 09:00:00 +0000");
    String recent = "20261127-090000";
    run.lvm.snapshot(
        "vg0",
        "home-safeup-" + recent,
        "home",
        SafeupTags.forSnapshot(
            recent, CommandRun.MACHINE_ID, 1, "pacman -Syu", Optional.empty(), Optional.empty()));
    assertEquals(0, run.run("doctor"), run.out);
    assertLine(
        "  warn  snapshot sets: snapshot set "
            + old
            + " has been pending since 2026-11-20 09:00:00 +0000 (7 days): its snapshots fill with"
            + " every write and the next update is refused until it is decided");
    assertLine("        fix: safeup keep " + old + "  or  safeup rollback " + old);
    assertTrue(
        run.out.contains("  pass  snapshot sets: snapshot set " + recent + " has been pending"),
        run.out);

    run.lvm.find("vg0/root-safeup-" + old).put("lv_tags", List.of());
    List<String> tags =
        new java.util.ArrayList<>(
            SafeupTags.forSnapshot(
                recent,
                CommandRun.MACHINE_ID,
                2,
                "pacman -Syu",
                Optional.empty(),
                Optional.empty()));
    tags.add(SafeupTags.ROLLBACK);
    run.lvm.find("vg0/home-safeup-" + recent).put("lv_tags", tags);
    assertEquals(3, run.run("doctor"));
    assertLine(
        "  FAIL  snapshot sets: snapshot set "
            + recent
            + ": its rollback was interrupted, some volumes merged");
    assertLine("        fix: safeup rollback " + recent + "  (to finish it)");
  }

  @Test
  void thinRootNeedsDmThinPoolAndPoolHeadroom() throws IOException {
    run.lvm.thinPool("vg0", "pool", 93.0, 12.0).thin("vg0", "troot", "pool", "", 5);
    run.mounts.clear();
    run.mounts.add(new Mount(254, 5, "/", "ext4", "/dev/mapper/vg0-troot"));
    assertEquals(3, run.run("doctor"));
    assertLine(
        "  FAIL  initramfs: /boot/initramfs-linux.img lacks dm-thin-pool: a system with a snapshot"
            + " of its root does not boot from it");
    assertLine(
        "  warn  thin pool: vg0/pool: data 93.0%, metadata 12.0% used; safeup refuses to update at"
            + " 90%, as a full pool stops writes to its volumes");
    assertTrue(run.out.contains("  FAIL  snapshot room: thin pool vg0/pool is 93% full"), run.out);

    run.lvm.find("vg0/pool").put("data_percent", 40.0);
    image("initramfs-linux.img", DM_SNAPSHOT, KERNEL + "kernel/drivers/md/dm-thin-pool.ko.zst");
    assertEquals(0, run.run("doctor"), run.out);
    assertLine("  pass  initramfs: /boot/initramfs-linux.img has dm-snapshot and dm-thin-pool");
    assertLine("  pass  thin pool: vg0/pool: data 40.0%, metadata 12.0% used");
    assertLine(
        "  pass  snapshot room: vg0/troot is thin: its snapshot takes room in the thin pool, not"
            + " the volume group");
    assertLine(
        "  pass  copy-on-write: vg0/troot gets a thin snapshot: while a set is pending, changed"
            + " blocks go to new blocks of the pool, about 1.2 times the writes without a snapshot,"
            + " and nothing is copied");
    assertFalse(run.out.contains("thick snapshot"), run.out);
    assertTrue(run.out.contains("  pass  autoextend: thin pool autoextend is off"), run.out);
  }

  @Test
  void autoextendWithoutMonitoringOrDmeventdIsAWarning() {
    run.processes.answer(
        List.of("lvmconfig"),
        0,
        LVM_DEFAULTS.replace("threshold=100\nsnapshot", "threshold=70\nsnapshot"),
        "");
    run.processes.answer(List.of("systemctl", "is-active"), 3, "inactive\ninactive\n", "");
    assertEquals(0, run.run("doctor"));
    assertLine(
        "  warn  autoextend: thick snapshots grow by 20% when 70% full is set, but dmeventd is not"
            + " running (dm-event.socket: inactive)");
    assertLine("        fix: run: systemctl enable --now dm-event.socket");

    run.processes.answer(List.of("systemctl", "is-active"), 0, "active\nactive\n", "");
    run.run("doctor");
    assertTrue(
        run.out.contains(
            "  pass  autoextend: thick snapshots grow by 20% when 70% full (dmeventd monitors"),
        run.out);
    assertEquals(
        List.of(
            "lvmconfig",
            "--typeconfig",
            "full",
            "activation/snapshot_autoextend_threshold",
            "activation/snapshot_autoextend_percent",
            "activation/monitoring",
            "activation/thin_pool_autoextend_threshold",
            "activation/thin_pool_autoextend_percent"),
        run.processes.calls("lvmconfig").get(0));
  }

  @Test
  void jsonHasOneEntryPerLineAndTheWorstResult() throws IOException {
    image("initramfs-linux-lts.img", KERNEL + "kernel/drivers/md/dm-mod.ko.zst");
    assertEquals(3, run.run("doctor", "--json"));
    Map<String, Object> json = JSON.std.mapFrom(run.out);
    assertEquals("fail", json.get("result"));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> checks = (List<Map<String, Object>>) json.get("checks");
    Map<String, Object> lts =
        checks.stream()
            .filter(c -> String.valueOf(c.get("message")).contains("initramfs-linux-lts.img"))
            .findFirst()
            .orElseThrow();
    assertEquals("initramfs", lts.get("check"));
    assertEquals("fail", lts.get("status"));
    assertEquals(
        "add lvm2 to HOOKS in /etc/mkinitcpio.conf, then run: mkinitcpio -P", lts.get("fix"));
    Map<String, Object> config = checks.get(0);
    assertEquals(List.of("check", "status", "message", "fix"), List.copyOf(config.keySet()));
    assertEquals("configuration", config.get("check"));
    assertEquals("pass", config.get("status"));
    assertEquals(null, config.get("fix"));
  }

  @Test
  void bootIsReportedWithWhereItIsAndWhatItsCopyTakes() throws IOException {
    run.mounts.add(new safeup.system.Mount(259, 1, "/boot", "vfat", "/dev/nvme0n1p1"));
    assertEquals(0, run.run("doctor"), run.err);
    assertTrue(
        run.out.contains(
            "  pass  /boot: /boot (/dev/nvme0n1p1, vfat): copied before each update and put back"),
        run.out);
    assertTrue(run.out.contains("  pass  /boot: the copy takes "), run.out);
  }

  @Test
  void aFilesystemPacmanWritesOutsideLvmFails() throws IOException {
    run.mounts.add(new safeup.system.Mount(8, 17, "/opt", "xfs", "/dev/sdb1"));
    Files.writeString(
        run.root.resolve("var/lib/pacman/local/hello-1.0-1/files"), "%FILES%\nopt/app/\n");
    assertEquals(3, run.run("doctor"));
    assertLine(
        "  FAIL  other filesystems: /opt (/dev/sdb1), xfs, is written by pacman but not on LVM:"
            + " updates are refused, as a rollback could not bring it back");
    assertTrue(run.out.contains("fix: move it onto LVM, or add 'Unprotected = /opt'"), run.out);
  }

  @Test
  void aVolumeUnderVarThatPacmanWritesIsInEverySet() throws IOException {
    run.lvm.lv("vg0", "var", 1024 * LvmSimulator.MIB, 2);
    run.mounts.add(new safeup.system.Mount(254, 2, "/var", "ext4", "/dev/mapper/vg0-var"));
    Files.writeString(
        run.root.resolve("var/lib/pacman/local/hello-1.0-1/files"), "%FILES%\nvar/\n");
    run.run("doctor");
    assertLine("  pass  other filesystems: /var (/dev/mapper/vg0-var) is on vg0/var: in every set");
  }

  @Test
  void aMaskedLvm2MonitorIsWarnedOfForTheShutdownItWouldHoldUp() {
    run.processes.answer(List.of("systemctl", "is-enabled"), 1, "masked\n", "");
    assertEquals(0, run.run("doctor"), run.err);
    assertTrue(run.out.contains("  warn  shutdown: lvm2-monitor.service is masked"), run.out);
    assertTrue(run.out.contains("systemctl unmask lvm2-monitor.service"), run.out);
  }
}
