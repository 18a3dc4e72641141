# Fleets of system guests, sourced by ./sandbox: several guests booted side by side on a network
# that exists only inside a network namespace made for the run and deleted after it.
#
# fleet WORK SCRIPT GUEST_DIR...: makes the namespace safeup-fleet-PID with a bridge at
# 192.168.77.1/24, a veth pair for each guest, one end on it (the guest's vec0; the Nth guest is
# 192.168.77.(10+N), from the kernel command line's ip=, which systemd-network-generator turns
# into a .network file), boots each guest over its system disks and waits for its sshd; then
# runs SCRIPT with bash inside the namespace, with FLEET_HOSTS (the addresses, in order), its
# output in WORK/fleet.out and its status in WORK/fleet.rc. A guest serves until the script
# ends, through every reboot the script asks for (UML re-executes itself, and reopens its socket), and
# is powered off after it. The guests' root logins take the key in GUEST_DIR/authorized_keys.
FLEET_NET=192.168.77

cmd_fleet() {
  [ $# -ge 3 ] || usage
  local work script ns kver n=0 dir dev rc=0 pids=() dirs=()
  work=$(absdir "$1")
  script=$(readlink -f "$2")
  shift 2
  kver=$(uml_kver)
  fleet_sweep
  ns=safeup-fleet-$$
  # shellcheck disable=SC2064 # expand now: this run's namespace and guests
  trap "fleet_down $ns" EXIT
  # shellcheck disable=SC2064
  trap "fleet_down $ns; exit 143" INT TERM
  ip netns add "$ns"
  ip -n "$ns" link set lo up
  ip -n "$ns" link add br0 type bridge
  ip -n "$ns" addr add "$FLEET_NET.1/24" dev br0
  ip -n "$ns" link set br0 up
  for dir in "$@"; do
    n=$((n + 1))
    dir=$(absdir "$dir")
    dirs+=("$dir")
    [ -e "$dir/disk.img" ] && [ -e "$dir/boot.img" ] || die "no system disks in $dir"
    # A veth pair per guest: one end on the bridge, the guest's vec0 on the other through a raw
    # socket. (A tap device cannot be opened twice, and UML's reboot re-executes it with the
    # first one still open.) UML's vector driver takes no offloads: without ethtool -K the host
    # hands it segments it drops, and every transfer to the guest crawls or stalls.
    ip -n "$ns" link add "guest$n" type veth peer name "port$n"
    ip -n "$ns" link set "port$n" master br0
    for dev in "guest$n" "port$n"; do
      ip netns exec "$ns" ethtool -K "$dev" tx off tso off gso off sg off >/dev/null
      ip -n "$ns" link set "$dev" up
    done
    ip -n "$ns" link set "guest$n" promisc on
    rm -f "$dir/stop" "$dir/boots" "$dir/console.log"
    write_server "$dir"
    system_prepare "$dir" "$kver"
    # A MAC address of its own: the driver would give each guest the same one.
    system_args "$dir" "vec0:transport=raw,ifname=guest$n,mac=52:54:00:77:00:$(printf %02x "$n")" \
      "ip=$FLEET_NET.$((10 + n))::$FLEET_NET.1:255.255.255.0::vec0:off"
    setsid ip netns exec "$ns" "$UML/linux.uml" "${SYSTEM_ARGS[@]}" </dev/null \
      >"$dir/console.log" 2>&1 &
    pids+=($!)
  done
  for n in $(seq 1 ${#dirs[@]}); do
    fleet_wait_ssh "$ns" "$FLEET_NET.$((10 + n))" "${pids[$((n - 1))]}" "${dirs[$((n - 1))]}" || {
      echo 99 >"$work/fleet.rc"
      return 99
    }
  done
  local hosts=''
  for n in $(seq 1 ${#dirs[@]}); do hosts="$hosts $FLEET_NET.$((10 + n))"; done
  ( cd "$work" && FLEET_HOSTS=${hosts# } timeout -k 10 "$((TIMEOUT * 3))" \
      ip netns exec "$ns" bash "$script" ) </dev/null >"$work/fleet.out" 2>&1 || rc=$?
  echo "$rc" >"$work/fleet.rc"
  for dir in "${dirs[@]}"; do touch "$dir/stop"; done
  for n in $(seq 1 ${#dirs[@]}); do
    fleet_wait_off "${pids[$((n - 1))]}" "${dirs[$((n - 1))]}"
  done
}

# The guest's runner in a fleet: counts the boot, serves until DIR/stop exists, powers off.
write_server() {
  cat >"$1/runner" <<'EOF'
#!/bin/bash
# Serves a fleet run (see sandbox): waits for /host/stop, then powers the guest off.
echo $(($(cat /host/boots 2>/dev/null || echo 0) + 1)) >/host/boots
while [ ! -e /host/stop ]; do sleep 1; done
systemctl poweroff
EOF
}

# Waits until ADDR's port 22 answers inside NS, or fails with the console's tail.
fleet_wait_ssh() {
  local ns=$1 addr=$2 pid=$3 dir=$4 since
  since=$(date +%s)
  while [ $(($(date +%s) - since)) -lt "$BOOT_TIMEOUT" ]; do
    if ip netns exec "$ns" timeout 2 bash -c "exec 3<>/dev/tcp/$addr/22" 2>/dev/null; then
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 1
  done
  guest_failed "$dir" "the guest in $dir did not answer on $addr:22 within ${BOOT_TIMEOUT}s"
  return 1
}

# Waits for a guest to power off after DIR/stop appeared; kills it after BOOT_TIMEOUT.
fleet_wait_off() {
  local pid=$1 dir=$2 since
  since=$(date +%s)
  while kill -0 "$pid" 2>/dev/null; do
    if [ $(($(date +%s) - since)) -gt "$BOOT_TIMEOUT" ]; then
      echo "sandbox: the guest in $dir did not power off; killed" >&2
      kill -9 -- "-$pid" 2>/dev/null
      break
    fi
    sleep 1
  done
  wait "$pid" 2>/dev/null || true
}

# Kills what is left of NS's guests and deletes NS with its devices.
fleet_down() {
  local ns=$1 p
  for p in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$p" 2>/dev/null || true; done
  ip netns del "$ns" 2>/dev/null || true
}

# fleet-prepare WORK ANSIBLE_SRC: builds the collection in ANSIBLE_SRC and installs it into
# WORK/collections with ansible-galaxy, as a user does; makes the fleet's ssh key WORK/key.
cmd_fleet_prepare() {
  [ $# -eq 2 ] || usage
  local work=$1 src=$2
  mkdir -p "$work"
  rm -rf "$work/collections" "$work"/safeup-fleet-*.tar.gz
  ansible-galaxy collection build "$src" --output-path "$work" >&2
  ansible-galaxy collection install "$work"/safeup-fleet-*.tar.gz -p "$work/collections" >&2
  [ -e "$work/key" ] || ssh-keygen -q -t ed25519 -N '' -C safeup-fleet -f "$work/key"
}

# Deletes the namespaces of fleet runs that were killed (their sandbox process is gone).
fleet_sweep() {
  local old
  for old in $(ip netns list | sed -n 's/^\(safeup-fleet-[0-9]*\).*/\1/p'); do
    kill -0 "${old#safeup-fleet-}" 2>/dev/null || fleet_down "$old"
  done
}
