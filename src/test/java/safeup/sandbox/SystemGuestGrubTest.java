package safeup.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static safeup.sandbox.SystemGuestScripts.assertNoSafeupLv;
import static safeup.sandbox.SystemGuestScripts.boot;
import static safeup.sandbox.SystemGuestScripts.guest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import safeup.sandbox.SystemGuest.Boot;
import safeup.sandbox.SystemGuest.Layout;

/**
 * safeup's GRUB menu on the system guest: the real grub-mkconfig (grub-common 2.14) runs its script
 * from /etc/grub.d beside GRUB's own, with the guest's devices probed by the real grub-probe (root
 * on vg0/root, a vfat /boot on /dev/ubdc: both probe, so nothing needs GRUB_DEVICE set by hand).
 * GRUB itself is not installed and cannot boot a UML guest, so what GRUB does with grub.cfg at boot
 * is checked as text: the syntax by grub-script-check, the guard by reading it.
 *
 * <p>The guest's 10_linux is Debian's, which reads a kernel's version differently from Arch's for
 * names with a dash: for vmlinuz-linux-lts it looks for initramfs-lts.img and finds none, where
 * Arch's 10_linux (and safeup's script) take initramfs-linux-lts.img. For that kernel the initrd is
 * checked against Arch's rule; everything else is compared with 10_linux's own entries.
 */
@Tag("sandbox")
@ExtendWith(GuestDisks.class)
class SystemGuestGrubTest {
  private static final String SNAPSHOT_UNIT = "systemd.unit=safeup-snapshot.target";
  private static final String ROLLBACK_UNIT = "systemd.unit=safeup-rollback.target";
  private static final Pattern PENDING = Pattern.compile("Snapshot set (\\d{8}-\\d{6}) stays");

  /** Shell lines: /etc/default/grub as an Arch user has it, and safeup's script installed. */
  static final String GRUB_SETUP =
      """
      mkdir -p /boot/grub
      printf '%s\\n' 'GRUB_DISTRIBUTOR="Arch"' 'GRUB_CMDLINE_LINUX_DEFAULT="loglevel=3 quiet"' \\
        'GRUB_CMDLINE_LINUX="rd.lvm.lv=vg0/root"' >/etc/default/grub
      safeup boot enable >/dev/null
      """;

  @Test
  void theEntriesFollowTheKernelsAndLeaveCustomCfgAlone(TestInfo test) {
    SystemGuest guest = guest(test, Layout.THICK);
    guest.publish("linux", "6.1-1");
    guest.publish("linux-lts", "6.6-1");
    String out =
        boot(
                guest,
                GRUB_SETUP
                    + """
                    printf 'menuentry "my own entry" {\\n\\techo mine\\n}\\n' >/boot/grub/custom.cfg
                    cp /boot/grub/custom.cfg /host/custom-before.cfg
                    stat -c %Y /boot/grub/custom.cfg >/tmp/custom-mtime
                    pacman -Sy --noconfirm linux >/dev/null 2>&1; echo "linux-exit=$?"
                    echo microcode >/boot/intel-ucode.img
                    grub-mkconfig -o /boot/grub/grub.cfg 2>&1; echo "mkconfig-exit=$?"
                    grub-script-check /boot/grub/grub.cfg && echo "grub-script-check passed"
                    cp /boot/grub/grub.cfg /host/grub-one-kernel.cfg
                    pacman -S --noconfirm linux-lts >/dev/null 2>&1; echo "linux-lts-exit=$?"
                    grub-mkconfig -o /boot/grub/grub.cfg 2>&1; echo "mkconfig-exit=$?"
                    grub-script-check /boot/grub/grub.cfg && echo "grub-script-check passed again"
                    cp /boot/grub/grub.cfg /host/grub-two-kernels.cfg
                    cmp /host/custom-before.cfg /boot/grub/custom.cfg && \\
                      [ "$(stat -c %Y /boot/grub/custom.cfg)" = "$(cat /tmp/custom-mtime)" ] && \\
                      echo "custom.cfg untouched"
                    """)
            .get(0)
            .output();
    assertTrue(out.contains("linux-exit=0\n"), out);
    assertTrue(out.contains("safeup: entries for /boot/vmlinuz-linux\n"), out);
    assertEquals(2, out.split("mkconfig-exit=0\n", -1).length - 1, out);
    assertTrue(out.contains("grub-script-check passed\n"), out);
    assertTrue(out.contains("grub-script-check passed again\n"), out);
    assertTrue(out.contains("custom.cfg untouched\n"), out);

    String one = read(guest.dir().resolve("grub-one-kernel.cfg"));
    List<String> grubs = entry(one, "Arch GNU/Linux, with Linux linux");
    List<String> snapshot = entry(one, "Arch Linux, make a snapshot set at boot");
    assertEquals(
        List.of(
            "linux",
            "/vmlinuz-linux",
            "root=/dev/mapper/vg0-root",
            "ro",
            "rd.lvm.lv=vg0/root",
            "loglevel=3",
            "quiet",
            SNAPSHOT_UNIT),
        words(snapshot, "linux"));
    assertEquals(plus(words(grubs, "linux"), SNAPSHOT_UNIT), words(snapshot, "linux"));
    assertEquals(
        List.of("initrd", "/intel-ucode.img", "/initramfs-linux.img"), words(grubs, "initrd"));
    assertEquals(words(grubs, "initrd"), words(snapshot, "initrd"));
    assertEquals(lines(grubs, "search"), lines(snapshot, "search"), "/boot found as GRUB finds it");
    List<String> rollback = entry(one, "Arch Linux, roll back the last update");
    assertEquals(plus(words(grubs, "linux"), ROLLBACK_UNIT), words(rollback, "linux"));
    assertEquals(words(grubs, "initrd"), words(rollback, "initrd"));
    assertGuarded(one);
    assertCountsTrialBoots(guest.dir(), one);
    assertFalse(one.contains("linux-lts"), one);
    assertTrue(
        one.indexOf("### END /etc/grub.d/41_custom ###")
            < one.indexOf("### BEGIN /etc/grub.d/41_safeup ###"),
        "after custom.cfg's entries");

    String two = read(guest.dir().resolve("grub-two-kernels.cfg"));
    // 10_linux's first kernel is now linux-lts (reverse version order): so is safeup's.
    List<String> grubsFirst = entry(two, "Arch GNU/Linux");
    List<String> first = entry(two, "Arch Linux, make a snapshot set at boot");
    assertEquals("/vmlinuz-linux-lts", words(grubsFirst, "linux").get(1));
    assertEquals(plus(words(grubsFirst, "linux"), SNAPSHOT_UNIT), words(first, "linux"));
    assertEquals(
        List.of("initrd", "/intel-ucode.img", "/initramfs-linux-lts.img"), words(first, "initrd"));
    List<String> grubsLinux = entry(two, "Arch GNU/Linux, with Linux linux");
    List<String> second = entry(two, "Arch Linux, with Linux linux, make a snapshot set at boot");
    assertEquals(plus(words(grubsLinux, "linux"), SNAPSHOT_UNIT), words(second, "linux"));
    assertEquals(words(grubsLinux, "initrd"), words(second, "initrd"));
    List<String> secondRollback =
        entry(two, "Arch Linux, with Linux linux, roll back the last update");
    assertEquals(plus(words(grubsLinux, "linux"), ROLLBACK_UNIT), words(secondRollback, "linux"));
    assertEquals(
        plus(words(grubsFirst, "linux"), ROLLBACK_UNIT),
        words(entry(two, "Arch Linux, roll back the last update"), "linux"));
    assertGuarded(two);
  }

  @Test
  void grubenvMarksThePendingSetUntilItIsKeptOrRolledBack(TestInfo test) {
    SystemGuest guest = guest(test, Layout.THICK);
    guest.publish("hello", "1.1-1");
    guest.publish("world", "1.1-1");
    List<Boot> boots =
        boot(
            guest,
            """
            mkdir -p /boot/grub && grub-editenv /boot/grub/grubenv create
            safeup --then later pacman --noconfirm -Sy hello; echo "update-exit=$?"
            echo "pending: $(grub-editenv /boot/grub/grubenv list)"
            safeup keep; echo "keep-exit=$?"
            echo "kept: $(grub-editenv /boot/grub/grubenv list)"
            safeup --then later pacman --noconfirm -Syu; echo "update-exit=$?"
            echo "pending again: $(grub-editenv /boot/grub/grubenv list)"
            safeup rollback --yes; echo "rollback-exit=$?"; sleep 120
            """,
            """
            echo "after the rollback: $(grub-editenv /boot/grub/grubenv list)"
            pacman -Q hello world
            echo "lvs:"; safeup_lvs
            """);
    String first = boots.get(0).output();
    List<String> ids = new ArrayList<>();
    Matcher m = PENDING.matcher(first);
    while (m.find()) {
      ids.add(m.group(1));
    }
    assertEquals(2, ids.size(), first);
    assertTrue(first.contains("pending: safeup_pending=" + ids.get(0) + "\n"), first);
    assertTrue(first.contains("keep-exit=0\nkept: \n"), first);
    assertTrue(first.contains("pending again: safeup_pending=" + ids.get(1) + "\n"), first);
    assertFalse(first.contains("warning:"), first);
    String second = boots.get(1).output();
    assertTrue(second.contains("after the rollback: \n"), second);
    assertTrue(second.contains("hello 1.1-1\nworld 1.0-1\n"), second);
    assertNoSafeupLv(second);
  }

  /**
   * The rollback entries sit in safeup's part, inside the test of the grubenv variable; the entry
   * that finishes a rollback's /boot inside the test of its own.
   */
  private static void assertGuarded(String cfg) {
    int begin = cfg.indexOf("### BEGIN /etc/grub.d/41_safeup ###");
    int guard =
        cfg.indexOf(
            "if [ -s \"${prefix}/grubenv\" ]; then\n"
                + "  load_env safeup_pending safeup_put_back safeup_tries_left\n"
                + "fi\n"
                + "if [ -n \"${safeup_pending}\" ]; then\n",
            begin);
    int putBack = cfg.indexOf("if [ -n \"${safeup_put_back}\" ]; then\n", guard);
    int end = cfg.indexOf("\nfi\n### END /etc/grub.d/41_safeup ###", putBack);
    assertTrue(begin >= 0 && guard > begin && putBack > guard && end > putBack, cfg);
    assertTrue(
        cfg.substring(guard, putBack).endsWith("\t\tsave_env safeup_tries_left\n\tfi\nfi\n"),
        "the pending block ends with the trial count:\n" + cfg);
    int rollback = cfg.indexOf("roll back the last update");
    assertTrue(rollback > guard && rollback < putBack, "every rollback entry is guarded:\n" + cfg);
    assertFalse(cfg.substring(0, guard).contains(ROLLBACK_UNIT), cfg);
    assertTrue(cfg.indexOf("finish rolling back the last update") > putBack, cfg);
  }

  /**
   * GRUB's own interpreter (grub-emu) runs safeup's part of grub.cfg over environment blocks: it
   * counts the boots a pending set may still start down with save_env, makes the rollback entry the
   * default once none is left (the previous default its fallback), leaves a system with nothing
   * pending alone, and prefers the entry that finishes a rollback's /boot.
   */
  private static void assertCountsTrialBoots(Path dir, String cfg) {
    String section =
        cfg.substring(
            cfg.indexOf("### BEGIN /etc/grub.d/41_safeup ###"),
            cfg.indexOf("### END /etc/grub.d/41_safeup ###"));
    String rollback = entryId(cfg, "Arch Linux, roll back the last update");
    String putBack = entryId(cfg, "Arch Linux, finish rolling back the last update");
    String left = grubRuns(dir, section, List.of("safeup_pending=ID", "safeup_tries_left=2"));
    assertTrue(left.contains(result("0", "", "1")), left);
    assertTrue(left.endsWith("== grubenv\nsafeup_pending=ID\nsafeup_tries_left=1\n"), left);
    left = grubRuns(dir, section, List.of("safeup_pending=ID", "safeup_tries_left=1"));
    assertTrue(left.contains(result("0", "", "0")), "one more boot: " + left);
    assertTrue(left.endsWith("safeup_tries_left=0\n"), left);
    left = grubRuns(dir, section, List.of("safeup_pending=ID", "safeup_tries_left=0"));
    assertTrue(left.contains(result(rollback, "0", "0")), left);
    left = grubRuns(dir, section, List.of("safeup_tries_left=2"));
    assertTrue(left.contains(result("0", "", "2")), "nothing pending: " + left);
    left =
        grubRuns(
            dir,
            section,
            List.of("safeup_pending=ID", "safeup_tries_left=0", "safeup_put_back=/var/x/boot"));
    assertTrue(left.contains(result(putBack, rollback, "0")), left);
  }

  /** What the section's run prints (one line each: grub-emu's terminal is 80 columns wide). */
  private static String result(String defaultEntry, String fallback, String triesLeft) {
    return "RESULT default="
        + defaultEntry
        + "\nRESULT fallback="
        + fallback
        + "\nRESULT tries="
        + triesLeft
        + "\n";
  }

  /** The id of the entry titled {@code title}. */
  private static String entryId(String cfg, String title) {
    String head = entry(cfg, title).get(0);
    return head.substring(head.indexOf("$menuentry_id_option '") + 22, head.lastIndexOf("' {"));
  }

  /** Runs {@code section} with grub-emu over an environment block holding {@code variables}. */
  private static String grubRuns(Path dir, String section, List<String> variables) {
    try {
      Path cfg = dir.resolve("grub-run.cfg");
      Files.writeString(
          cfg,
          "set default=0\nset timeout=0\nset menuentry_id_option=\"--id\"\n"
              + section
              + "echo \"RESULT default=${default}\"\necho \"RESULT fallback=${fallback}\"\n"
              + "echo \"RESULT tries=${safeup_tries_left}\"\nhalt\n");
      StringBuilder block = new StringBuilder("# GRUB Environment Block\n");
      variables.forEach(v -> block.append(v).append('\n'));
      block.append("#".repeat(1024 - block.length()));
      Path env = Files.writeString(dir.resolve("grub-run.env"), block);
      SandboxScript.Result r =
          SandboxScript.exec(
              List.of(
                  "grub-run", dir.resolve("grub-run").toString(), cfg.toString(), env.toString()),
              60);
      assertEquals(0, r.code(), r.output());
      return r.output();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The lines of the menu entry titled {@code title}, trimmed, up to its closing brace. */
  static List<String> entry(String cfg, String title) {
    List<String> lines = cfg.lines().map(String::strip).toList();
    String head = "menuentry '" + title + "' ";
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(head)) {
        int end = lines.subList(i, lines.size()).indexOf("}");
        return lines.subList(i, i + end);
      }
    }
    throw new AssertionError("no menu entry '" + title + "' in:\n" + cfg);
  }

  /** The words of the entry's line that starts with the command {@code command}. */
  static List<String> words(List<String> entry, String command) {
    return entry.stream()
        .filter(line -> line.startsWith(command + "\t") || line.startsWith(command + " "))
        .findFirst()
        .map(line -> Arrays.asList(line.split("\\s+")))
        .orElseThrow(() -> new AssertionError("no " + command + " line in " + entry));
  }

  private static List<String> lines(List<String> entry, String word) {
    return entry.stream().filter(line -> line.contains(word)).toList();
  }

  private static List<String> plus(List<String> words, String word) {
    List<String> all = new ArrayList<>(words);
    all.add(word);
    return all;
  }

  private static String read(Path file) {
    return SandboxScript.read(file);
  }
}
