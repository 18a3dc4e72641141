package safeup.sandbox;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static safeup.sandbox.SystemGuestScripts.boot;
import static safeup.sandbox.SystemGuestScripts.guest;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import safeup.sandbox.SystemGuest.Layout;

/**
 * safeup backup, mount and umount on the live root of the system guest: what the archive holds is
 * the snapshot (not what was written since), with owners, permissions, an ACL and an xattr, and a
 * second volume beneath; a TERM leaves nothing mounted and no partial file; a mount round trip
 * leaves the snapshot's blocks as they were.
 */
@Tag("sandbox")
@ExtendWith(GuestDisks.class)
class SystemGuestBackupTest {

  /** A set of vg0/root and vg0/data (mounted at /data), made by an update. */
  private static final String SET_WITH_DATA =
      """
      lvcreate -q -y -n data -L 200M vg0 >/dev/null && mkfs.ext4 -q /dev/vg0/data
      mkdir -p /data && mount /dev/vg0/data /data
      printf '[options]\\nSnapshotSize = 512M\\nVolumes = vg0/root vg0/data\\n' >/etc/safeup.conf
      mkdir -p /srv/b
      echo before >/srv/b/before.txt
      head -c 3M /dev/urandom >/srv/b/random.bin
      chown 1234:567 /srv/b/before.txt && chmod 640 /srv/b/before.txt
      setfacl -m u:4321:r /srv/b/before.txt
      setfattr -n user.safeup -v kept /srv/b/before.txt
      echo data-before >/data/d.txt
      (cd / && sha256sum srv/b/before.txt srv/b/random.bin data/d.txt) >/root/before.sums
      safeup --then later pacman --noconfirm -Syu >/dev/null; echo "update-exit=$?"
      echo changed >/srv/b/before.txt
      echo after >/srv/b/after.txt
      echo data-after >/data/after.txt
      """;

  @Test
  void theArchiveHoldsTheSnapshotWithOwnersAclsXattrsAndTheSecondVolume(TestInfo test) {
    SystemGuest guest = guest(test, Layout.THICK);
    guest.publish("hello", "1.1-1");
    String out =
        boot(
                guest,
                SET_WITH_DATA
                    + """
                    safeup backup --output /root/system.tar.zst; echo "backup-exit=$?"
                    ls /root/system.tar.zst*
                    echo "mounted after: $(findmnt -rn -o TARGET | grep -c /run/safeup)"
                    echo "records after: $(ls /run/safeup/mounts | wc -l)"
                    mkdir /root/x
                    tar -x --numeric-owner --acls --xattrs --xattrs-include='*' -p \\
                      -f /root/system.tar.zst -C /root/x ./srv/b ./data
                    echo "extract-exit=$?"
                    (cd /root/x && sha256sum -c /root/before.sums)
                    ls /root/x/srv/b /root/x/data
                    stat -c 'owner %u:%g mode %a' /root/x/srv/b/before.txt
                    getfacl -n /root/x/srv/b/before.txt 2>/dev/null | grep '^user:4321'
                    getfattr -n user.safeup --only-values /root/x/srv/b/before.txt; echo
                    echo "entries: $(tar -tf /root/system.tar.zst | wc -l)"
                    echo "usr entries: $(tar -tf /root/system.tar.zst | grep -c '^./usr/')"
                    safeup backup --output /root/system.tar.zst; echo "again-exit=$?"
                    """)
            .get(0)
            .output();
    assertTrue(out.contains("update-exit=0"), out);
    assertTrue(out.contains("backup-exit=0\n/root/system.tar.zst\n"), "no .partial left:\n" + out);
    assertTrue(out.contains("read back from the disk and checked."), out);
    assertTrue(out.contains("mounted after: 0\nrecords after: 0\n"), out);
    assertTrue(out.contains("extract-exit=0"), out);
    assertTrue(out.contains("srv/b/before.txt: OK"), "the file as it was at the snapshot:\n" + out);
    assertTrue(out.contains("srv/b/random.bin: OK"), out);
    assertTrue(out.contains("data/d.txt: OK"), "the second volume, beneath:\n" + out);
    assertFalse(out.contains("after.txt"), "files written after the snapshot are absent:\n" + out);
    assertTrue(out.contains("owner 1234:567 mode 640"), out);
    assertTrue(out.contains("user:4321:r--"), "the ACL:\n" + out);
    assertTrue(out.contains("\nkept\n"), "the xattr:\n" + out);
    assertFalse(out.contains("usr entries: 0"), out);
    assertTrue(
        out.contains("error: /root/system.tar.zst already exists; give another --output"), out);
    assertTrue(out.contains("again-exit=3"), out);
  }

  @Test
  void termLeavesNothingMountedAndNoPartialFileAndAMountRoundTripChangesNoBlock(TestInfo test) {
    SystemGuest guest = guest(test, Layout.THICK);
    guest.publish("hello", "1.1-1");
    String out =
        boot(
                guest,
                SET_WITH_DATA
                    + """
                    safeup backup --output /root/b.tar.zst >/root/backup.out 2>&1 & pid=$!
                    for _ in $(seq 1 300); do pgrep -f '^tar --create' >/dev/null && break; sleep 0.2; done
                    sleep 2
                    echo "tar running: $(pgrep -fc '^tar --create')"
                    kill -TERM "$pid"; wait "$pid"; echo "backup-exit=$?"
                    cat /root/backup.out
                    echo "mounted after TERM: $(findmnt -rn -o TARGET | grep -c /run/safeup)"
                    echo "files after TERM: $(ls /root | grep -c '^b.tar.zst')"
                    echo "programs after TERM: $(pgrep -xc 'tar|zstd')"
                    snap=$(lvs --noheadings -o lv_name vg0 | grep 'root-safeup-' | tr -d ' ')
                    sync; before=$(sha256sum <"/dev/vg0/$snap")
                    safeup mount /mnt/s; echo "mount-exit=$?"
                    findmnt -rn -o TARGET,FSTYPE,OPTIONS -R /mnt/s | cut -d, -f1,2
                    cat /mnt/s/srv/b/before.txt /mnt/s/data/d.txt
                    ls /mnt/s/srv/b /mnt/s/data
                    touch /mnt/s/new 2>&1 | sed 's/.*\\(Read-only file system\\)/\\1/'
                    safeup umount /mnt/s; echo "umount-exit=$?"
                    echo "left at /mnt/s: $(findmnt -rn -R /mnt/s | wc -l)"
                    test -e /mnt/s || echo "/mnt/s removed"
                    sync; after=$(sha256sum <"/dev/vg0/$snap")
                    [ "$before" = "$after" ] && echo "snapshot blocks unchanged"
                    safeup umount /mnt; echo "refused-exit=$?"
                    """)
            .get(0)
            .output();
    assertTrue(out.contains("tar running: 1"), "the signal came while tar ran:\n" + out);
    assertTrue(out.contains("backup-exit=9"), out);
    assertTrue(out.contains("interrupted (SIGTERM) while backing up snapshot set"), out);
    assertTrue(
        out.contains("mounted after TERM: 0\nfiles after TERM: 0\nprograms after TERM: 0"), out);
    assertTrue(out.contains("mount-exit=0"), out);
    assertTrue(out.contains("/mnt/s ext4 ro,"), out);
    assertTrue(out.contains("/mnt/s/data ext4 ro,"), out);
    assertTrue(out.contains("before\ndata-before\n"), "the snapshot's contents:\n" + out);
    assertFalse(out.contains("after.txt"), out);
    assertTrue(out.contains("Read-only file system"), out);
    assertTrue(out.contains("umount-exit=0\nleft at /mnt/s: 0\n/mnt/s removed"), out);
    assertTrue(out.contains("snapshot blocks unchanged"), out);
    assertTrue(out.contains("error: safeup did not mount anything at /mnt"), out);
    assertTrue(out.contains("refused-exit=3"), out);
  }

  @Test
  void aThinSetIsActivatedToMountAndBackUpAndDeactivatedAfterwards(TestInfo test) {
    SystemGuest guest = guest(test, Layout.THIN);
    guest.publish("hello", "1.1-1");
    String out =
        boot(
                guest,
                """
                echo before >/root/t.txt
                safeup --then later pacman --noconfirm -Syu >/dev/null; echo "update-exit=$?"
                echo changed >/root/t.txt
                snap=$(lvs --noheadings -o lv_name vg0 | grep 'root-safeup-' | tr -d ' ')
                echo "active before: $(lvs --noheadings -o lv_active "vg0/$snap" | tr -d ' ')"
                safeup mount /mnt/t; echo "mount-exit=$?"
                cat /mnt/t/root/t.txt
                safeup umount /mnt/t; echo "umount-exit=$?"
                echo "active after umount: $(lvs --noheadings -o lv_active "vg0/$snap" | tr -d ' ')"
                safeup backup --output /root/thin.tar; echo "backup-exit=$?"
                tar -xOf /root/thin.tar ./root/t.txt
                echo "active after backup: $(lvs --noheadings -o lv_active "vg0/$snap" | tr -d ' ')"
                """)
            .get(0)
            .output();
    assertTrue(out.contains("update-exit=0"), out);
    assertTrue(
        out.contains("active before: \n"), "a thin snapshot is skipped at activation:\n" + out);
    assertTrue(out.contains("mount-exit=0\nbefore\n"), out);
    assertTrue(out.contains("umount-exit=0\nactive after umount: \n"), out);
    assertTrue(out.contains("read back from the disk and checked."), out);
    assertTrue(out.contains("backup-exit=0\nbefore\nactive after backup: \n"), out);
  }

  /**
   * The disk under the archive starts giving back a changed byte in every read once tar has
   * finished (dm-flakey, switched by the sync before the read-back): the page cache still holds
   * what was written, the disk does not, and safeup reads the disk.
   */
  @Test
  void anArchiveTheDiskGivesBackChangedIsNotKept(TestInfo test) {
    SystemGuest guest = guest(test, Layout.THICK);
    guest.publish("hello", "1.1-1");
    String out =
        boot(
                guest,
                """
                safeup --then later pacman --noconfirm -Syu >/dev/null; echo "update-exit=$?"
                lvcreate -q -y -n out -L 400M vg0 >/dev/null
                sectors=$(blockdev --getsz /dev/vg0/out)
                modprobe dm-flakey
                dmsetup create outdisk --table "0 $sectors linear /dev/vg0/out 0"
                mkfs.ext4 -q /dev/mapper/outdisk && mkdir -p /out && mount /dev/mapper/outdisk /out
                bad() {
                  dmsetup suspend outdisk
                  dmsetup reload outdisk --table \
                    "0 $sectors flakey /dev/vg0/out 0 0 3600 5 corrupt_bio_byte 1 r 255 0"
                  dmsetup resume outdisk
                }
                # the control: once the disk goes bad, a cached read still gives what was written
                head -c 8M /dev/urandom >/out/control; sync
                written=$(sha256sum </out/control)
                bad
                [ "$(sha256sum </out/control)" = "$written" ] && echo "control: the cache agrees"
                [ "$(dd if=/out/control iflag=direct bs=1M status=none | sha256sum)" != "$written" ] \
                  && echo "control: the disk does not"
                dmsetup suspend outdisk
                dmsetup reload outdisk --table "0 $sectors linear /dev/vg0/out 0"
                dmsetup resume outdisk
                rm /out/control
                # sync as safeup calls it; after tar has finished, it makes the disk go bad
                cat >/usr/local/sbin/sync <<SYNC
                #!/bin/sh
                /usr/bin/sync "\\$@"
                if [ -s /out/b.tar.zst.partial ] && ! pgrep -x tar >/dev/null; then
                  sectors=$sectors
                  $(declare -f bad)
                  bad
                fi
                SYNC
                chmod 755 /usr/local/sbin/sync
                safeup backup --output /out/b.tar.zst; echo "backup-exit=$?"
                echo "files: $(ls /out | grep -c b.tar.zst)"
                echo "mounted after: $(findmnt -rn -o TARGET | grep -c /run/safeup)"
                rm /usr/local/sbin/sync
                """)
            .get(0)
            .output();
    assertTrue(out.contains("update-exit=0"), out);
    assertTrue(out.contains("control: the cache agrees\ncontrol: the disk does not"), out);
    assertTrue(
        out.contains("error: the archive does not read back as written: safeup wrote "), out);
    assertTrue(out.contains("backup-exit=9\nfiles: 0\nmounted after: 0"), out);
  }
}
