package safeup.core.boot;

import java.util.List;

/**
 * The systemd units {@code safeup boot enable} installs: a target that boots the system as usual
 * and takes a snapshot set on the way, and one that rolls the pending set back and reboots, which
 * the boot menu (GRUB) entries boot with {@code systemd.unit=}; and the two services of trial
 * boots, pulled into every boot by drop-ins for sysinit.target and multi-user.target.
 */
final class BootUnits {
  static final String SNAPSHOT_TARGET = "safeup-snapshot.target";
  static final String SNAPSHOT_SERVICE = "safeup-snapshot.service";
  static final String ROLLBACK_TARGET = "safeup-rollback.target";
  static final String ROLLBACK_SERVICE = "safeup-rollback.service";
  static final String TRIAL_SERVICE = "safeup-trial.service";
  static final String TRIAL_CHECK_SERVICE = "safeup-trial-check.service";
  static final String DIR = "etc/systemd/system/";

  /**
   * How long a snapshot boot waits for its set, which takes seconds even in a slow guest: a hung
   * lvcreate is stopped, safeup gives up the set it began, and the boot goes on.
   */
  static final String SNAPSHOT_TIMEOUT = "2min";

  /**
   * How long a trial unit may run: counting takes seconds, but the boot that rolls back waits for
   * pacman's lock, merges and puts /boot back; the checks take up to two minutes each.
   */
  static final String TRIAL_TIMEOUT = "30min";

  /**
   * Whether LVM holds anything of safeup's: a set's snapshots (tagged {@code safeup}) or a
   * rollback's records (its volume group's tags). Without, a trial unit has nothing to count, check
   * or record, and starts no JVM: a boot that takes no set pays one {@code lvs}.
   */
  static final String ANYTHING_OF_SAFEUPS =
      "/bin/sh -c 'lvs --noheadings -o lv_tags,vg_tags 2>/dev/null | grep -q safeup'";

  private BootUnits() {}

  /**
   * The unit files, for a system whose default target is {@code defaultTarget}.
   *
   * <p>The snapshot is taken right after the local filesystems are mounted and before anything of
   * sysinit.target writes to them (tmpfiles, the journal's flush to /var, utmp, the random seed):
   * the quietest moment at which every volume of the set is mounted, which safeup needs to find
   * them as an update does (the article's slot, before local-fs.target, cannot see a separate /var
   * and pacman's database on it). Each origin is suspended with its filesystem frozen while
   * lvcreate makes its snapshot, so every snapshot is a clean filesystem image.
   *
   * <p>A rollback whose service fails (safeup removed, Java broken, a refusal) isolates the usual
   * system: the boot never stops at the rollback target with no login.
   */
  // Long: the unit files, whole, read best as the files they become.
  static List<BootSetup.BootFile> files(String defaultTarget) {
    return List.of(
        unit(
            SNAPSHOT_SERVICE,
            """
            [Unit]
            Description=Take a safeup snapshot set at boot
            Documentation=man:safeup(8)
            DefaultDependencies=no
            After=local-fs.target
            Before=sysinit.target systemd-tmpfiles-setup.service systemd-journal-flush.service
            Before=systemd-update-utmp.service systemd-random-seed.service
            Conflicts=shutdown.target
            Before=shutdown.target

            [Service]
            Type=oneshot
            RemainAfterExit=yes
            ExecStart=/usr/bin/safeup boot snapshot
            StandardOutput=journal+console
            TimeoutStartSec=%s
            """
                .formatted(SNAPSHOT_TIMEOUT)),
        unit(
            SNAPSHOT_TARGET,
            """
            [Unit]
            Description=The usual system, with a safeup snapshot set taken at boot
            Documentation=man:safeup(8)
            Requires=%s
            Wants=%s
            After=%s
            AllowIsolate=yes
            """
                .formatted(defaultTarget, SNAPSHOT_SERVICE, defaultTarget)),
        unit(
            ROLLBACK_SERVICE,
            """
            [Unit]
            Description=Roll back the pending safeup snapshot set, then reboot
            Documentation=man:safeup(8)
            DefaultDependencies=no
            Requires=sysinit.target
            After=sysinit.target
            Conflicts=shutdown.target
            Before=shutdown.target
            OnFailure=default.target
            OnFailureJobMode=isolate

            [Service]
            Type=oneshot
            ExecStart=/usr/bin/safeup boot rollback
            StandardOutput=journal+console
            """),
        unit(
            ROLLBACK_TARGET,
            """
            [Unit]
            Description=Roll back the last update (safeup), then reboot
            Documentation=man:safeup(8)
            Requires=sysinit.target %s
            After=sysinit.target %s
            AllowIsolate=yes
            """
                .formatted(ROLLBACK_SERVICE, ROLLBACK_SERVICE)),
        unit(
            TRIAL_SERVICE,
            """
            [Unit]
            Description=Count this boot as a trial of the pending safeup snapshot set
            Documentation=man:safeup(8)
            DefaultDependencies=no
            After=local-fs.target
            Before=sysinit.target %s
            Conflicts=shutdown.target
            Before=shutdown.target
            ConditionKernelCommandLine=!systemd.unit=%s

            [Service]
            Type=oneshot
            RemainAfterExit=yes
            ExecCondition=%s
            ExecStart=/usr/bin/safeup boot trial
            StandardOutput=journal+console
            TimeoutStartSec=%s
            """
                .formatted(SNAPSHOT_SERVICE, ROLLBACK_TARGET, ANYTHING_OF_SAFEUPS, TRIAL_TIMEOUT)),
        unit(
            TRIAL_CHECK_SERVICE,
            """
            [Unit]
            Description=Health checks and verdict of this trial boot (safeup)
            Documentation=man:safeup(8)
            Wants=boot-complete.target
            After=multi-user.target boot-complete.target

            [Service]
            Type=oneshot
            RemainAfterExit=yes
            ExecCondition=%s
            ExecStart=/usr/bin/safeup boot trial-check
            StandardOutput=journal+console
            TimeoutStartSec=%s
            """
                .formatted(ANYTHING_OF_SAFEUPS, TRIAL_TIMEOUT)),
        dropIn("sysinit.target", TRIAL_SERVICE),
        dropIn("multi-user.target", TRIAL_CHECK_SERVICE));
  }

  /** A drop-in that makes {@code target} pull {@code service} in: a plain file, no link. */
  private static BootSetup.BootFile dropIn(String target, String service) {
    return new BootSetup.BootFile(
        DIR + target + ".d/safeup-trial.conf",
        BootSetup.MARKER + "\n[Unit]\nWants=" + service + "\n",
        false);
  }

  private static BootSetup.BootFile unit(String name, String body) {
    return new BootSetup.BootFile(DIR + name, BootSetup.MARKER + "\n" + body, false);
  }
}
