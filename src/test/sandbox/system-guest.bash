# The system guest, sourced by ./sandbox: an Arch-like system that systemd boots from a root LV.
#
# Its userland is Debian sid (the lvm2, pacman, systemd and OpenJDK versions Arch runs), made once
# with mmdebstrap into $CACHE/system and reused. Each sandbox DIR then holds two disks:
#   DIR/disk.img  vg0 with vg0/root (ext4, the guest's /), free extents left for snapshots;
#                 with --thin, vg0/root is a thin volume in the pool vg0/pool
#   DIR/boot.img  a vfat /boot, mounted from the guest's fstab (the usual Arch ESP); with
#                 --boot-in-root, /boot is a directory of vg0/root instead
#                 (what GRUB then reads through its own LVM driver)
# A boot runs a small init on the host's filesystem (hostfs), as an initramfs would: it loads
# dm-mod, dm-snapshot and dm-thin-pool, activates vg0/root with --sysinit (where a merge into
# the root starts), mounts it and switches to it; systemd is PID 1 from then on, udev activates
# the rest of vg0 (starting their merges), and lvm2's polling finishes them. DIR itself is
# mounted at /host in the guest.
#
# Batch boots run DIR/boot-N.sh on the Nth boot from a unit in the image, write boot-N.out and
# boot-N.rc, and power the guest off when no boot-(N+1).sh waits; a script that reboots the
# guest (safeup rollback does, with the real systemctl reboot) gets its next boot. UML
# re-executes itself on reboot, so one linux.uml process runs all the boots.
#
# The kernel command-line word sandbox.init-monitoring (SANDBOX_CMDLINE) makes the init activate
# vg0/root with monitoring instead of --sysinit: a snapshot of the root then starts a dmeventd
# there, outside systemd's units and its root directory, as an initramfs that monitors would.
# Shutdowns are timed from the console with printk.time=1: a script writes a line to
# /dev/kmsg before its systemctl poweroff or reboot, and the kernel's own "reboot: Power down"
# or "reboot: Restarting system" ends the shutdown (see src/test/bench/shutdown).

SYSTEM=$CACHE/system
SYSTEM_PKGS=systemd,systemd-sysv,dbus,udev,kmod,lvm2,dmeventd,thin-provisioning-tools,pacman-package-manager,libarchive-tools,zstd,e2fsprogs,dosfstools,openjdk-25-jre-headless,grub-common,expect,procps,acl,attr,xz-utils,man-db,bash-completion,fish,openssh-server,sudo
SYSTEM_ROOT_SIZE=${SANDBOX_SYSTEM_ROOT:-1800M}
BOOT_TIMEOUT=${SANDBOX_BOOT_TIMEOUT:-120}
# The Arch package's install script, whose post_install makes safeup's class cache.
ARCH_INSTALL=$(readlink -f "$(dirname "$SELF")/../../arch/safeup.install")
EXTRA_CMDLINE=${SANDBOX_CMDLINE:-}

# The sid userland in $SYSTEM/root, built once; with the UML kernel's modules and depmod, so
# that systemd's own modprobe works inside.
system_userland() {
  local kver=$1
  # .complete holds the package list it was built with: a changed list builds it again.
  if [ "$(cat "$SYSTEM/root/.complete" 2>/dev/null)" != "$SYSTEM_PKGS" ]; then
    echo "sandbox: building the system guest's userland (Debian sid) in $SYSTEM/root" >&2
    rm -rf "$SYSTEM/root.new" "$SYSTEM/root.old"
    mkdir -p "$SYSTEM"
    # The mirror's Release files may be a few weeks old: the packages are still what sid has.
    mmdebstrap --quiet --variant=minbase --aptopt='Acquire::Check-Valid-Until "false"' \
      --include="$SYSTEM_PKGS" sid "$SYSTEM/root.new" >&2
    printf '%s\n' "$SYSTEM_PKGS" >"$SYSTEM/root.new/.complete"
    [ ! -e "$SYSTEM/root" ] || mv "$SYSTEM/root" "$SYSTEM/root.old"
    mv "$SYSTEM/root.new" "$SYSTEM/root"
    rm -rf "$SYSTEM/root.old"
  fi
  if [ ! -e "$SYSTEM/root/lib/modules/$kver/modules.dep" ]; then
    rm -rf "$SYSTEM/root/lib/modules"
    mkdir -p "$SYSTEM/root/lib/modules"
    cp -a "$UML/usr/lib/uml/modules/$kver" "$SYSTEM/root/lib/modules/$kver"
    chroot "$SYSTEM/root" depmod "$kver"
  fi
}

# The files that make the userland a system to test on, written into ROOT.
system_configure() {
  local root=$1
  printf '%s\n' '/dev/mapper/vg0-root  /      ext4  rw,relatime  0 1' \
    '/dev/ubdc             /boot  vfat  rw,relatime,fmask=0022,dmask=0022  0 2' >"$root/etc/fstab"
  echo safeup-guest >"$root/etc/hostname"
  od -An -N16 -tx1 /dev/urandom | tr -d ' \n' >"$root/etc/machine-id"
  echo >>"$root/etc/machine-id"
  # Arch's pacman.conf, in essence; the repository is DIR/repo on the host.
  cat >"$root/etc/pacman.conf" <<'EOF'
[options]
HoldPkg = pacman glibc
Architecture = auto
CheckSpace
SigLevel = Never
LocalFileSigLevel = Optional

[test]
Server = file:///host/repo
EOF
  cat >"$root/etc/safeup.conf" <<'EOF'
# safeup in the system guest: the volumes are found from / (vg0/root).
[options]
SnapshotSize = 256M
EOF
  # Runs DIR/runner once the system is up (batch boots only).
  cat >"$root/etc/systemd/system/sandbox-runner.service" <<'EOF'
[Unit]
Description=Sandbox: the test script for this boot
ConditionPathExists=/host/runner
After=multi-user.target

[Service]
Type=exec
Environment=HOME=/root
ExecStart=/bin/bash /host/runner
# The runner hears TERM when the script reboots the guest, and writes down the script's end.
KillMode=mixed
TimeoutStopSec=30

[Install]
WantedBy=multi-user.target
EOF
  ln -sf /etc/systemd/system/sandbox-runner.service \
    "$root/etc/systemd/system/multi-user.target.wants/sandbox-runner.service"
  # A root shell on the console for interactive boots (kernel command line: sandbox.shell).
  mkdir -p "$root/etc/systemd/system/console-getty.service.d"
  cat >"$root/etc/systemd/system/console-getty.service.d/autologin.conf" <<'EOF'
[Unit]
ConditionKernelCommandLine=sandbox.shell
[Service]
ExecStart=
ExecStart=-/usr/sbin/agetty --autologin root --noreset --noclear --keep-baud 115200 - ${TERM}
EOF
  ln -sf /usr/lib/systemd/system/console-getty.service \
    "$root/etc/systemd/system/getty.target.wants/console-getty.service"
  rm -f "$root/etc/systemd/system/getty.target.wants/getty@tty1.service"
  # Nothing periodic in a guest that lives a minute.
  rm -f "$root"/etc/systemd/system/timers.target.wants/*.timer
  cat >"$root/root/.bash_profile" <<'EOF'
# The terminal's size, passed on the kernel command line by sandbox boot --interactive.
for w in $(cat /proc/cmdline); do
  case $w in sandbox.rows=*) r=${w#*=} ;; sandbox.cols=*) c=${w#*=} ;; esac
done
[ -n "${r:-}" ] && [ "$r" -gt 0 ] && stty rows "$r" cols "${c:-80}"
[ -f /host/motd ] && cat /host/motd
EOF
  # A fleet's guests (see fleet.bash) get their address from ip= on the kernel command line
  # (systemd-network-generator), and a root login over ssh with the fleet's key; other boots
  # start neither the network nor sshd.
  ln -sf /usr/lib/systemd/system/systemd-network-generator.service \
    "$root/etc/systemd/system/sysinit.target.wants/systemd-network-generator.service"
  ln -sf /usr/lib/systemd/system/systemd-networkd.service \
    "$root/etc/systemd/system/multi-user.target.wants/systemd-networkd.service"
  local unit
  for unit in systemd-networkd.service systemd-networkd.socket ssh.service ssh.socket; do
    mkdir -p "$root/etc/systemd/system/$unit.d"
    printf '[Unit]\nConditionKernelCommandLine=ip\n' >"$root/etc/systemd/system/$unit.d/fleet.conf"
  done
  mkdir -p "$root/etc/ssh/sshd_config.d"
  printf '%s\n' 'AuthorizedKeysFile /host/authorized_keys' 'StrictModes no' 'UseDNS no' \
    >"$root/etc/ssh/sshd_config.d/fleet.conf"
  mkdir -p "$root/host" "$root/usr/share/java/safeup"
  # Arch keeps the journal of past boots (/var/log/journal exists there).
  mkdir -p "$root/var/log/journal"
}

# system-disk DIR SAFEUP_DIR [--thin|--boot-in-root]: DIR/disk.img and DIR/boot.img from the
# userland (with --boot-in-root, /boot is a directory of vg0/root and boot.img stays unused), with
# hello and world 1.0-1 from DIR/repo installed and safeup (SAFEUP_DIR/safeup and safeup.jar)
# installed as a user installs it, with the class cache that the package's post_install makes.
cmd_system_disk() {
  [ $# -ge 2 ] || usage
  local dir safeup layout=thick kver rc
  dir=$(absdir "$1")
  safeup=$(absdir "$2")
  case ${3:-} in
    --thin) layout=thin ;;
    --boot-in-root) layout=boot-in-root ;;
    '') ;;
    *) usage ;;
  esac
  [ -e "$dir/repo/test.db.tar.gz" ] || die "no repository in $dir (run: sandbox repo $dir first)"
  [ -f "$safeup/safeup.jar" ] || die "no safeup.jar in $safeup (run: mvn package)"
  [ -f "$ARCH_INSTALL" ] || die "no $ARCH_INSTALL: the package's install script makes the class cache"
  kver=$(uml_kver)
  system_userland "$kver"
  rm -f "$dir/disk.img" "$dir/boot.img"
  truncate -s 4G "$dir/disk.img"
  truncate -s 256M "$dir/boot.img"
  local make_root="lvcreate -q -y -n root -L $SYSTEM_ROOT_SIZE vg0"
  if [ "$layout" = thin ]; then
    make_root="lvcreate -q -y -L 2400M -T vg0/pool && lvcreate -q -y -V 2G -T vg0/pool -n root"
  fi
  cat >"$dir/disk-setup.sh" <<EOF
set -eux
pvcreate -q /dev/ubdb
vgcreate -q vg0 /dev/ubdb
$make_root
mkfs.ext4 -q -L root /dev/vg0/root
for m in vfat nls_cp437 nls_ascii nls_iso8859-1 nls_utf8; do modprobe -d /run/mods \$m; done
mkfs.vfat -n BOOT /dev/ubdc >/dev/null
mount /dev/vg0/root "\$ROOT"
cp -a "$SYSTEM/root/." "\$ROOT/"
rm -f "\$ROOT/.complete"
layout=$layout
[ "\$layout" = boot-in-root ] || mount /dev/ubdc "\$ROOT/boot"
"\$SANDBOX_BIN" system-configure "\$ROOT"
if [ "\$layout" = boot-in-root ]; then
  grep -v ' /boot ' "\$ROOT/etc/fstab" >"\$ROOT/etc/fstab.new"
  mv "\$ROOT/etc/fstab.new" "\$ROOT/etc/fstab"
fi
install -m 755 "$safeup/safeup" "\$ROOT/usr/bin/safeup"
install -m 644 "$safeup/safeup.jar" "\$ROOT/usr/share/java/safeup/safeup.jar"
if [ -d "$safeup/help" ]; then
  mkdir -p "\$ROOT/usr/share/safeup/help"
  install -m 644 "$safeup/help"/* "\$ROOT/usr/share/safeup/help/"
fi
mount --bind "$dir" "\$ROOT/host"
mount -t proc proc "\$ROOT/proc"
chroot "\$ROOT" pacman --noconfirm -Sy hello world
# safeup's class cache, made as the package's install script makes it on a real machine: every
# guest starts with it, so that no test's first safeup run writes it (some 20 MiB) into the
# root, after snapshots the test took itself. Its 'safeup status' sees the root as a booted
# guest does: the root LV mounted at / (in the chroot), its devices and LVM.
mount --bind /dev "\$ROOT/dev"
mount --bind /sys "\$ROOT/sys"
mount -t tmpfs run "\$ROOT/run"
chroot "\$ROOT" /bin/bash -c "\$(cat $(printf %q "$ARCH_INSTALL")); post_install"
rm -rf "\$ROOT/tmp/hsperfdata_root"
umount "\$ROOT/dev" "\$ROOT/sys" "\$ROOT/run"
chroot "\$ROOT" sh -c 'echo "uml \$(uname -r)"; echo "lvm2 \$(lvm version | sed -n "s/^ *LVM version: *\([^ ]*\).*/\1/p")"; pacman -V | sed -n "s/.*\(Pacman v[^ ]*\).*/\1/p"; systemctl --version | head -n 1; java -version 2>&1 | head -n 1; echo "class cache \$(ls /var/cache/safeup 2>/dev/null | grep -E "[.](aot|jsa)\$" || echo none)"' >"$dir/versions"
umount "\$ROOT/proc" "\$ROOT/host"
[ "\$layout" = boot-in-root ] || umount "\$ROOT/boot"
umount "\$ROOT"
vgchange -an vg0
EOF
  rc=0
  SANDBOX_UBDC=$dir/boot.img boot batch nomount "$dir" "$dir/disk-setup.sh" || rc=$?
  if [ "$rc" -ne 0 ]; then
    tail -n 30 "$dir/out" >&2 || true
    die "creating the system disks in $dir failed (status $rc); see $dir/out and $dir/console.log"
  fi
}

# system-boot [--interactive] DIR [SCRIPT...]: boots the system guest over DIR's disks, with
# SANDBOX_CMDLINE's words added to the kernel command line (systemd.unit=..., say).
# Batch: SCRIPT N runs on boot N; exits 0 when every script ran (whatever their status: see
# DIR/boot-N.rc), 99 when a boot did not come up or the guest hung.
# Interactive: a root shell on this terminal, until the guest is powered off.
cmd_system_boot() {
  local mode=batch
  if [ "${1:-}" = --interactive ]; then
    mode=interactive
    shift
  fi
  [ $# -ge 1 ] || usage
  local dir kver n=0 s
  dir=$(absdir "$1")
  shift
  [ -e "$dir/disk.img" ] && [ -e "$dir/boot.img" ] || die "no system disks in $dir (run: sandbox system-disk $dir ...)"
  kver=$(uml_kver)
  rm -f "$dir"/boot-*.sh "$dir"/boot-*.out "$dir"/boot-*.rc "$dir"/boot-*.started \
    "$dir/boots" "$dir/runner" "$dir/noreboot" "$dir/console.log"
  if [ "$mode" = batch ]; then
    for s in "$@"; do
      n=$((n + 1))
      [ -f "$s" ] || die "no such script: $s"
      cp "$s" "$dir/boot-$n.sh"
    done
    [ "$n" -ge 1 ] || usage
  fi
  system_prepare "$dir" "$kver"
  system_args "$dir"
  local args=("${SYSTEM_ARGS[@]}")
  if [ "$mode" = interactive ]; then
    local rows=0 cols=0 saved='' rc=0
    [ -t 0 ] && read -r rows cols < <(stty size)
    args+=(sandbox.shell "sandbox.rows=$rows" "sandbox.cols=$cols")
    if [ -t 0 ]; then
      saved=$(stty -g)
      # shellcheck disable=SC2064 # expand now: restore exactly this state
      trap "stty '$saved'" EXIT INT TERM
      stty raw -echo
    fi
    "$UML/linux.uml" "${args[@]}" || rc=$?
    if [ -n "$saved" ]; then
      stty "$saved"
      trap - EXIT INT TERM
    fi
    return "$rc"
  fi
  write_runner "$dir"
  setsid "$UML/linux.uml" "${args[@]}" </dev/null >"$dir/console.log" 2>&1 &
  watch_boots "$dir" "$n" $!
}

# DIR/init (what the kernel runs first: system-init) and DIR's LVM configuration.
system_prepare() {
  local dir=$1 kver=$2
  mkdir -p "$dir/lvm" "$dir/uml"
  [ -e "$dir/lvm/lvm.conf" ] || cp -a /etc/lvm/. "$dir/lvm/"
  cat >"$dir/init" <<EOF
#!/bin/bash
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
exec /bin/bash $(printf %q "$SELF") system-init $(printf %q "$dir") $(printf %q "$kver")
EOF
  chmod 755 "$dir/init"
}

# SYSTEM_ARGS: the command line of the system guest over DIR's disks, with WORDS added.
system_args() {
  local dir=$1
  shift
  # shellcheck disable=SC2206 # SANDBOX_CMDLINE's words, split
  SYSTEM_ARGS=(mem="$MEM" rootfstype=hostfs rootflags=/ ro init="$dir/init"
    ubdb="$dir/disk.img" ubdc="$dir/boot.img" con0=fd:0,fd:1 con=null
    uml_dir="$dir/uml" umid=system quiet $EXTRA_CMDLINE "$@")
}

# The guest's runner: runs boot-N.sh, then powers off unless a reboot is under way.
write_runner() {
  cat >"$1/runner" <<EOF
#!/bin/bash
# Runs /host/boot-N.sh on the Nth boot of this system guest (see sandbox).
h=/host
n=\$((\$(cat \$h/boots 2>/dev/null || echo 0) + 1))
echo "\$n" >\$h/boots
if [ ! -f "\$h/boot-\$n.sh" ]; then
  echo "sandbox: boot \$n has no script; powering off" >/dev/console
  systemctl poweroff
  exit 0
fi
date +%s >"\$h/boot-\$n.started"
sync
stopping=0
trap 'stopping=1' TERM
cd \$h && timeout -k 5 $TIMEOUT bash "\$h/boot-\$n.sh" </dev/null >"\$h/boot-\$n.out" 2>&1 &
child=\$!
# TERM interrupts wait: wait again until the script itself has ended.
while :; do
  wait "\$child"
  rc=\$?
  kill -0 "\$child" 2>/dev/null || break
done
echo "\$rc" >"\$h/boot-\$n.rc"
sync
[ "\$stopping" = 1 ] && exit 0
[ "\$(systemctl is-system-running)" = stopping ] && exit 0
if [ -f "\$h/boot-\$((n + 1)).sh" ]; then
  # The script was to reboot the guest: give the reboot a moment to begin.
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    sleep 1
    [ "\$stopping" = 1 ] && exit 0
    [ "\$(systemctl is-system-running)" = stopping ] && exit 0
  done
  echo "boot \$n ended without a reboot, but a script for boot \$((n + 1)) waits" >\$h/noreboot
fi
systemctl poweroff
EOF
}

# Waits for linux.uml (PID, its own process group) while the guest makes progress: boot K must
# reach its script within BOOT_TIMEOUT, the script end within TIMEOUT, and the guest power off
# after the last one. A guest that hangs is killed, with the console's tail on stderr.
watch_boots() {
  local dir=$1 total=$2 pid=$3 k=1 since limit problem=''
  since=$(date +%s)
  while kill -0 "$pid" 2>/dev/null; do
    sleep 1
    if [ "$k" -lt "$total" ] && { [ -e "$dir/boot-$k.rc" ] || [ -e "$dir/boot-$((k + 1)).started" ]; }; then
      k=$((k + 1))
      since=$(date +%s)
      continue
    fi
    if [ -e "$dir/boot-$k.rc" ]; then
      limit=$((BOOT_TIMEOUT + TIMEOUT + 60)) problem="the guest did not power off after its last script"
    elif [ -e "$dir/boot-$k.started" ]; then
      limit=$((BOOT_TIMEOUT + TIMEOUT)) problem="the script of boot $k did not end within ${TIMEOUT}s"
    else
      limit=$BOOT_TIMEOUT problem="boot $k did not reach its script within ${BOOT_TIMEOUT}s"
    fi
    if [ $(($(date +%s) - since)) -gt "$limit" ]; then
      kill -9 -- "-$pid" 2>/dev/null
      break
    fi
    problem=''
  done
  wait "$pid" 2>/dev/null || true
  if [ -z "$problem" ]; then
    for k in $(seq 1 "$total"); do
      if [ ! -e "$dir/boot-$k.started" ]; then
        problem="boot $k never ran its script"
        [ -e "$dir/noreboot" ] && problem="$problem: $(cat "$dir/noreboot")"
        break
      fi
    done
  fi
  if [ -n "$problem" ]; then
    guest_failed "$dir" "$problem"
    return 99
  fi
}

# guest_failed DIR PROBLEM: says what went wrong with the guest in DIR, then the end of its
# console, on stderr.
guest_failed() {
  {
    echo "sandbox: $2"
    echo "--- last lines of $1/console.log:"
    tail -n 40 "$1/console.log" 2>/dev/null || true
  } >&2
}

# PID 1 of the system guest until switch_root: what an initramfs does.
# system-init DIR KVER
system_init() {
  local dir=$1 kver=$2 m activate=(--sysinit)
  set +e
  mountpoint -q /proc || mount -t proc proc /proc
  mountpoint -q /sys || mount -t sysfs sys /sys
  mountpoint -q /dev || mount -t devtmpfs dev /dev
  mount -t tmpfs -o mode=755,nosuid,nodev run /run
  mkdir -p /run/lock/lvm /run/lvm /run/mods/lib/modules
  # The host's LVM configuration stays untouched: lvm's backups go to DIR/lvm.
  mount --bind "$dir/lvm" /etc/lvm
  ln -s "$UML/usr/lib/uml/modules/$kver" "/run/mods/lib/modules/$kver"
  for m in dm-mod dm-snapshot dm-thin-pool; do modprobe -d /run/mods "$m"; done
  export DM_DISABLE_UDEV=1 # no udev yet: libdevmapper makes the /dev nodes itself
  # Only the root, as an initramfs does; udev activates the rest of vg0 after switch_root, so
  # that systemd sees those volumes' devices (a /home or /data in fstab). --sysinit: no
  # polling or monitoring yet; lvm2-monitor takes over. A merge scheduled into the root by
  # lvconvert --merge starts here.
  # The new root outside /run, which switch_root moves into it.
  grep -qw sandbox.init-monitoring /proc/cmdline && activate=(--monitor y)
  if ! lvchange -ay "${activate[@]}" vg0/root || ! mount /dev/vg0/root /mnt; then
    echo "sandbox: cannot activate vg0 or mount vg0/root" >&2
    halt -f
  fi
  mount -t hostfs none /mnt/host -o "$dir"
  umount /etc/lvm
  exec switch_root /mnt /lib/systemd/systemd
}

uml_kver() {
  local kver
  kver=$(find "$UML/usr/lib/uml/modules" -mindepth 1 -maxdepth 1 -printf '%f\n' 2>/dev/null | sort -V | tail -n 1)
  [ -n "$kver" ] || die "no UML modules in $UML/usr/lib/uml/modules (run: sandbox deps)"
  printf '%s\n' "$kver"
}

# grub-read DIR PATH OUT: what GRUB would load from PATH of vg0/root at the next boot, read from
# DIR/disk.img with GRUB's own LVM and ext4 drivers (which know nothing of a scheduled merge).
# grub-run DIR CFG ENV: see sandbox. CFG must end GRUB's run itself (halt): grub-emu waits at
# its prompt otherwise, which the timeout ends. Only the image's disk is visible to GRUB.
cmd_grub_run() {
  [ $# -eq 3 ] || usage
  local dir=$1 cfg=$2 env=$3 rc=0
  rm -rf "$dir"
  mkdir -p "$dir/root/grub"
  cp "$cfg" "$dir/root/grub/grub.cfg"
  cp "$env" "$dir/root/grub/grubenv"
  mke2fs -q -F -t ext2 -b 1024 -d "$dir/root" "$dir/disk.img" 4M
  echo "(hd0) $dir/disk.img" >"$dir/device.map"
  TERM=dumb timeout 20 grub-emu -m "$dir/device.map" -r hd0 -d /grub </dev/null >"$dir/out.raw" 2>&1 ||
    rc=$?
  [ "$rc" -eq 0 ] || die "grub-emu did not end by itself (status $rc); see $dir/out.raw"
  sed 's/\x1b\[[0-9;?]*[a-zA-Z]//g; s/ *\[ [^]]*\]//g' "$dir/out.raw" | tr -d '\r'
  echo "== grubenv"
  grub-fstest "$dir/disk.img" cp /grub/grubenv "$dir/grubenv.after"
  grub-editenv "$dir/grubenv.after" list
}

cmd_grub_read() {
  [ $# -eq 3 ] || usage
  case $2 in
    '(boot)'/*) grub-fstest "$1/boot.img" cp "(loop0)${2#"(boot)"}" "$3" ;;
    *) grub-fstest "$1/disk.img" cp "(lvm/vg0-root)$2" "$3" ;;
  esac
}
