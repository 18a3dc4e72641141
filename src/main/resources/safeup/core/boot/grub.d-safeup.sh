#! /bin/sh
# safeup's boot-menu entries, for grub-mkconfig (written by safeup: edits are lost when safeup
# writes it again; 'safeup boot disable' removes it).
#
# For each kernel in /boot, an entry that boots the system normally and makes a snapshot set at
# boot (systemd.unit=@SNAPSHOT_TARGET@); and, shown only while GRUB's environment block holds
# @PENDING_VARIABLE@ (safeup sets it while a snapshot set is pending), an entry that rolls that
# set back (systemd.unit=@ROLLBACK_TARGET@). Kernels, initramfs and microcode images, root=
# and the command line are found as Arch Linux's /etc/grub.d/10_linux finds them, from what
# grub-mkconfig exports (GRUB_DEVICE, GRUB_CMDLINE_LINUX, ...) and grub-mkconfig_lib.
set -e

: "${pkgdatadir:=/usr/share/grub}"
. "$pkgdatadir/grub-mkconfig_lib"

export TEXTDOMAIN=grub
export TEXTDOMAINDIR=/usr/share/locale

case $GRUB_DISTRIBUTOR in
  '') os=Linux ;;
  *Linux) os=$GRUB_DISTRIBUTOR ;;
  *) os="$GRUB_DISTRIBUTOR Linux" ;;
esac
classes="--class gnu-linux --class gnu --class os"
if [ -n "$GRUB_DISTRIBUTOR" ]; then
  first_word=$(echo "$GRUB_DISTRIBUTOR" | tr 'A-Z' 'a-z' | cut -d' ' -f1 | LC_ALL=C sed 's,[^[:alnum:]_],_,g')
  classes="--class $first_word $classes"
fi

# root=: the device itself on LVM (and when nothing else is known), else UUID= or PARTUUID=.
GRUB_DISABLE_LINUX_PARTUUID=${GRUB_DISABLE_LINUX_PARTUUID-true}
root_by_device=false
if [ -z "$GRUB_DEVICE_UUID$GRUB_DEVICE_PARTUUID" ]; then
  root_by_device=true
elif [ "$GRUB_DISABLE_LINUX_UUID" = true ] && [ "$GRUB_DISABLE_LINUX_PARTUUID" = true ]; then
  root_by_device=true
elif [ ! -e "/dev/disk/by-uuid/$GRUB_DEVICE_UUID" ] && [ ! -e "/dev/disk/by-partuuid/$GRUB_DEVICE_PARTUUID" ]; then
  root_by_device=true
elif [ -e "$GRUB_DEVICE" ] && uses_abstraction "$GRUB_DEVICE" lvm; then
  root_by_device=true
fi
if [ "$root_by_device" = true ]; then
  root_device=$GRUB_DEVICE
elif [ -z "$GRUB_DEVICE_UUID" ] || [ "$GRUB_DISABLE_LINUX_UUID" = true ]; then
  root_device=PARTUUID=$GRUB_DEVICE_PARTUUID
else
  root_device=UUID=$GRUB_DEVICE_UUID
fi
if [ "$GRUB_FS" = btrfs ]; then
  subvolume=$(make_system_path_relative_to_its_root /)
  subvolume=${subvolume#/}
  if [ -n "$subvolume" ]; then
    GRUB_CMDLINE_LINUX="rootflags=subvol=$subvolume $GRUB_CMDLINE_LINUX"
  fi
fi

# The kernels, newest first, as 10_linux orders them (a .old file after its current one).
case $(uname -m) in
  i?86 | x86_64) patterns="/boot/vmlinuz-* /vmlinuz-* /boot/kernel-*" ;;
  *) patterns="/boot/vmlinuz-* /boot/vmlinux-* /vmlinuz-* /vmlinux-* /boot/kernel-*" ;;
esac
kernels=
for file in $patterns; do
  if grub_file_is_not_garbage "$file"; then kernels="$kernels $file"; fi
done
kernels=$(echo $kernels | tr ' ' '\n' | sed -e 's/\.old$/ 1/; / 1$/! s/$/ 2/' | version_sort -r \
  | sed -e 's/ 1$/.old/; s/ 2$//')
if [ -n "$GRUB_TOP_LEVEL" ] && command -v grub_move_to_front >/dev/null 2>&1; then
  kernels=$(grub_move_to_front "$GRUB_TOP_LEVEL" $kernels)
fi
if [ -z "$kernels" ]; then
  exit 0
fi

device_id=$(grub_get_device_id "$GRUB_DEVICE")
access_root=
access_boot=

# entry TITLE ID TARGET: one menu entry for the kernel described by the variables below.
entry() {
  echo "${indent}menuentry '$(echo "$1" | grub_quote)' $classes \$menuentry_id_option '$2' {"
  if [ -z "$GRUB_GFXPAYLOAD_LINUX" ]; then
    echo "${indent}	load_video"
    if grep -qx CONFIG_FB_EFI=y "$config" 2>/dev/null && grep -qx CONFIG_VT_HW_CONSOLE_BINDING=y "$config" 2>/dev/null; then
      echo "${indent}	set gfxpayload=keep"
    fi
  else
    if [ "$GRUB_GFXPAYLOAD_LINUX" != text ]; then echo "${indent}	load_video"; fi
    echo "${indent}	set gfxpayload=$GRUB_GFXPAYLOAD_LINUX"
  fi
  echo "${indent}	insmod gzio"
  printf '%s\n' "$access" | sed "s/^/$indent/"
  echo "${indent}	echo	'$(echo "Loading Linux $version ..." | grub_quote)'"
  echo "${indent}	linux	$grub_dir/$name root=$kernel_root ro $GRUB_CMDLINE_LINUX $GRUB_CMDLINE_LINUX_DEFAULT systemd.unit=$3"
  if [ -n "$initrd" ]; then
    echo "${indent}	echo	'Loading initial ramdisk ...'"
    paths=
    for image in $initrd; do paths="$paths $grub_dir/$image"; done
    echo "${indent}	initrd	$(echo $paths)"
  fi
  echo "${indent}}"
}

# describe KERNEL: sets name, dir, grub_dir, version, initrd, config, kernel_root and access
# (the commands that make GRUB read the directory holding the kernel, probed once per device).
describe() {
  name=$(basename "$1")
  dir=$(dirname "$1")
  if [ "$dir" = / ]; then
    [ -n "$access_root" ] || access_root=$(prepare_grub_to_access_device $GRUB_DEVICE | grub_add_tab)
    access=$access_root
  else
    [ -n "$access_boot" ] || access_boot=$(prepare_grub_to_access_device $GRUB_DEVICE_BOOT | grub_add_tab)
    access=$access_boot
  fi
  grub_dir=$(make_system_path_relative_to_its_root "$dir")
  version=$(echo "$name" | sed -e 's,vmlinuz-,,g')
  base_version=$(echo "$version" | sed -e 's,\.old$,,g')
  early=
  for image in $GRUB_EARLY_INITRD_LINUX_STOCK $GRUB_EARLY_INITRD_LINUX_CUSTOM; do
    if [ -e "$dir/$image" ]; then early="$early $image"; fi
  done
  main=
  for image in "initrd.img-$version" "initrd-$version.img" "initrd-$base_version.img.old" \
    "initrd-$version.gz" "initrd-$base_version.gz.old" "initrd-$version" \
    "initramfs-$version.img" "initramfs-$base_version.img.old" "initrd.img-$base_version" \
    "initrd-$base_version.img" "initrd-$base_version" "initramfs-$base_version.img" \
    "initramfs-genkernel-$version" "initramfs-genkernel-$base_version" \
    "initramfs-genkernel-$genkernel_arch-$version" "initramfs-genkernel-$genkernel_arch-$base_version"; do
    if [ -e "$dir/$image" ]; then main=$image; break; fi
  done
  initrd=$(echo $early $main)
  config=
  for file in "$dir/config-$version" "$dir/config-$base_version" "/etc/kernels/kernel-config-$version"; do
    if [ -e "$file" ]; then config=$file; break; fi
  done
  built_in=
  if [ -n "$config" ]; then
    built_in=$(grep CONFIG_INITRAMFS_SOURCE= "$config" | cut -f2 -d= | tr -d '"')
  fi
  kernel_root=$root_device
  if [ -z "$built_in" ] && [ -z "$main" ]; then
    # UUID= and PARTUUID= are read by an initramfs; without one the kernel needs the device.
    if [ -z "$GRUB_DEVICE_PARTUUID" ] || [ "$GRUB_DISABLE_LINUX_PARTUUID" = true ]; then
      kernel_root=$GRUB_DEVICE
    else
      kernel_root=PARTUUID=$GRUB_DEVICE_PARTUUID
    fi
  fi
}

case $(uname -m) in
  i?86) genkernel_arch=x86 ;;
  mips | mips64) genkernel_arch=mips ;;
  mipsel | mips64el) genkernel_arch=mipsel ;;
  arm*) genkernel_arch=arm ;;
  *) genkernel_arch=$(uname -m) ;;
esac

# title KIND FIRST: the first kernel's entries are named for the system, the others' for the kernel.
title() {
  if [ "$2" = true ]; then
    echo "$os, $1"
  else
    echo "$os, with Linux $version, $1"
  fi
}

indent=
first=true
for kernel in $kernels; do
  echo "safeup: entries for $kernel" >&2
  describe "$kernel"
  entry "$(title "make a snapshot set at boot" $first)" "safeup-snapshot-$version-$device_id" \
    @SNAPSHOT_TARGET@
  first=false
done

# The rollback entries: GRUB reads @PENDING_VARIABLE@ from its environment block at boot.
cat <<'GRUB'
if [ -s "${prefix}/grubenv" ]; then
  load_env @PENDING_VARIABLE@ @PUT_BACK_VARIABLE@ @TRIES_LEFT@
fi
if [ -n "${@PENDING_VARIABLE@}" ]; then
GRUB
indent='	'
first=true
rollback_id=
for kernel in $kernels; do
  describe "$kernel"
  entry "$(title "roll back the last update" $first)" "safeup-rollback-$version-$device_id" \
    @ROLLBACK_TARGET@
  [ -n "$rollback_id" ] || rollback_id="safeup-rollback-$version-$device_id"
  first=false
done
# Trial boots: @TRIES_LEFT@ boots may start with the update before the rollback entry becomes the
# default. Counted down here, before the boot, so that a kernel that never reaches userspace
# counts too; save_env writes only on a plain disk (not LVM), where GRUB cannot it stays as is.
cat <<GRUB
	if [ "\${@TRIES_LEFT@}" = 0 ]; then
		set fallback="\${default}"
		set default='$rollback_id'
	elif [ -n "\${@TRIES_LEFT@}" ]; then
GRUB
for n in 9 8 7 6 5 4 3 2 1; do
  if [ "$n" = 9 ]; then keyword=if; else keyword=elif; fi
  printf '\t\t%s [ "${@TRIES_LEFT@}" = %s ]; then set @TRIES_LEFT@=%s\n' "$keyword" "$n" "$((n - 1))"
done
cat <<'GRUB'
		fi
		save_env @TRIES_LEFT@
	fi
fi
GRUB

# While a rollback has merged the root but not yet put /boot back, @PUT_BACK_VARIABLE@ names the
# copy of /boot on the root filesystem, taken before the update: the first kernel's files there
# match the modules the merge brings back. The entry that boots them into the rollback target
# (which puts /boot back and reboots) becomes the default; the previous default is the fallback.
set -- $kernels
describe "$1"
if [ "$dir" = /boot ]; then
  cat <<'GRUB'
if [ -n "${@PUT_BACK_VARIABLE@}" ]; then
  export @PUT_BACK_VARIABLE@
GRUB
  [ -n "$access_root" ] || access_root=$(prepare_grub_to_access_device $GRUB_DEVICE | grub_add_tab)
  access=$access_root
  grub_dir='${@PUT_BACK_VARIABLE@}'
  entry "$(title "finish rolling back the last update" true)" "safeup-put-back-$device_id" \
    @ROLLBACK_TARGET@
  echo "${indent}set fallback=\"\${default}\""
  echo "${indent}set default='safeup-put-back-$device_id'"
  echo "fi"
fi
