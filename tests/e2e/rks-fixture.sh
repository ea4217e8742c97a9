# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
# rks-fixture.sh: a real RKS on the host's loopback for end-to-end tests and
# the demo: a database file, a master key, a root CA and a work certificate
# made by rks-admin, and rks-server listening on 127.0.0.1 (port chosen by
# the server, read back from its log). Source it; needs $top (repo root).

B_RKS=$top/build/rks-server
B_US=$top/build/userspace

# rks_admin DIR ARGS...: rks-admin on the RKS in DIR
rks_admin() {
	local dir=$1
	shift
	"$B_RKS/rks-admin" --db "$dir/rks.db" --master-key "$dir/master.key" "$@"
}

# rks_setup DIR: a new RKS (root CA in DIR/ca, work files in DIR/work)
rks_setup() {
	mkdir -p "$1"
	rks_admin "$1" init --ca-dir "$1/ca" --work-dir "$1/work" >"$1/init.log"
}

# rks_start DIR [rks-server options...]: start the server in the
# background; sets RKS_PID and RKS_PORT. The work certificate is DIR/work's
# unless --work-cert/--work-key are given. RKS_PRIVSEP=1 in the
# environment: with privilege separation (the network process decodes).
rks_start() {
	local dir=$1 i privsep=()
	shift
	: >"$dir/server.log"
	if [ -n "${RKS_PRIVSEP:-}" ]; then
		privsep=(--privsep 1 --net-user nobody)
		getent passwd rks-net >/dev/null && privsep[3]=rks-net
	fi
	"$B_RKS/rks-server" --port 0 --database "$dir/rks.db" \
		--master-key "$dir/master.key" \
		--work-cert "$dir/work/work-cert.der" \
		--work-key "$dir/work/work-key.pem" "${privsep[@]}" "$@" \
		>>"$dir/server.log" 2>&1 &
	RKS_PID=$!
	RKS_PORT=""
	for i in $(seq 100); do
		RKS_PORT=$(sed -n 's/.*event=listening .*port=\([0-9]*\).*/\1/p' \
			"$dir/server.log" | head -n 1)
		[ -n "$RKS_PORT" ] && return 0
		kill -0 "$RKS_PID" 2>/dev/null || break
		sleep 0.1
	done
	echo "rks-fixture: rks-server did not start:" >&2
	cat "$dir/server.log" >&2
	return 1
}

rks_stop() {
	[ -n "${RKS_PID:-}" ] || return 0
	kill "$RKS_PID" 2>/dev/null
	wait "$RKS_PID" 2>/dev/null
	RKS_PID=""
}

# The terminal image's users (rkd runs as its own, issue #13) and the
# udev rule that gives each device node its owner and mode.
terminal_files=(--add "$top/tests/e2e/guest-passwd:/etc/passwd"
	--add "$top/tests/e2e/guest-group:/etc/group"
	--add "$top/etc/udev/rules.d/60-pinpad.rules:/etc/udev/rules.d/60-pinpad.rules")

# vm_terminal KERNEL PORT SCRIPT [ADD...]: boot a terminal VM whose
# 10.0.2.100:7010 is the RKS on 127.0.0.1:PORT, with rks-factory, rkd and
# pinpadctl, and run SCRIPT (a file) in it. Output on stdout.
vm_terminal() {
	local kernel=$1 port=$2 script=$3 a adds=()
	shift 3
	for a in "$@"; do adds+=(--add "$a"); done
	"$top/tests/vm/run" --kernel "$kernel" --net "$port" --timeout 600 \
		"${terminal_files[@]}" \
		--add "$B_RKS/rks-factory" --add "$B_US/rkd" \
		--add "$script:/root/${script##*/}" "${adds[@]}" -- \
		sh "/root/${script##*/}"
}
