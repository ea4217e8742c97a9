# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
# rks-fixture.sh: a real RKS on the host's loopback for end-to-end tests and
# the demo: a database file, a master key, a root CA and a work certificate
# made by rks-admin, and rks-server listening on 127.0.0.1 (port chosen by
# the server, read back from its log). Source it; needs $top (repo root).
#
# RKS_KEYSTORE=softhsm (set before rks_setup) keeps the RKS's keys -- the
# master key, the DIK1s and the work key -- in a SoftHSM2 token of its own
# (DIR/tokens, label "rks", PIN in DIR/token.pin), and runs rks-server with
# privilege separation (issue #15). The default, "file", keeps them in
# DIR/master.key and DIR/work/work-key.pem.

B_RKS=$top/build/rks-server
B_US=$top/build/userspace
RKS_KEYSTORE=${RKS_KEYSTORE:-file}
RKS_SOFTHSM=/usr/lib/softhsm/libsofthsm2.so

# rks_is_token DIR: does the RKS in DIR keep its keys in a token?
rks_is_token() {
	[ -e "$1/softhsm2.conf" ]
}

# rks_admin DIR ARGS...: rks-admin on the RKS in DIR
rks_admin() {
	local dir=$1
	shift
	if rks_is_token "$dir"; then
		SOFTHSM2_CONF=$dir/softhsm2.conf "$B_RKS/rks-admin" \
			--db "$dir/rks.db" --pkcs11-module "$RKS_SOFTHSM" \
			--token rks --pin-file "$dir/token.pin" "$@"
	else
		"$B_RKS/rks-admin" --db "$dir/rks.db" \
			--master-key "$dir/master.key" "$@"
	fi
}

# rks_setup DIR: a new RKS (root CA in DIR/ca, work files in DIR/work)
rks_setup() {
	mkdir -p "$1"
	if [ "$RKS_KEYSTORE" = softhsm ]; then
		mkdir -p "$1/tokens"
		printf 'directories.tokendir = %s\nobjectstore.backend = file\n' \
			"$1/tokens" >"$1/softhsm2.conf"
		(umask 077; od -An -N8 -tx1 /dev/urandom | tr -d ' \n' \
			>"$1/token.pin")
		SOFTHSM2_CONF=$1/softhsm2.conf softhsm2-util --init-token \
			--free --label rks --so-pin "$(cat "$1/token.pin")" \
			--pin "$(cat "$1/token.pin")" >/dev/null || return 1
	fi
	rks_admin "$1" init --ca-dir "$1/ca" --work-dir "$1/work" >"$1/init.log"
}

# rks_dik1_for_factory DIR LABEL FILE: a new DIK1 on the RKS in DIR, and
# the factory's copy of it in FILE (the hex rks-factory reads). With a file
# key store the RKS makes it and exports it; a token never lets a DIK1 out,
# so there the DIK1 is made outside (a stand-in for the factory's HSM,
# which in a real ceremony hands it over as custodians' components) and
# imported into the token.
rks_dik1_for_factory() {
	local dir=$1 label=$2 file=$3 id
	if rks_is_token "$dir"; then
		(umask 077; od -An -N24 -tx1 /dev/urandom | tr -d ' \n' \
			| tr a-f A-F >"$file")
		rks_admin "$dir" dik1 import --hex - --label "$label" \
			<"$file" >/dev/null
	else
		id=$(rks_admin "$dir" dik1 generate --label "$label" |
			sed -n 's/^DIK1 \([0-9]*\):.*/\1/p')
		rks_admin "$dir" dik1 export --unsafe-single-file --id "$id" \
			--out "$file" >/dev/null
	fi
}

# rks_start DIR [rks-server options...]: start the server in the
# background; sets RKS_PID and RKS_PORT. The work certificate is DIR/work's
# unless --work-cert/--work-key are given. RKS_PRIVSEP=1 in the
# environment: with privilege separation (the network process decodes).
rks_start() {
	local dir=$1 i privsep=()
	shift
	local keys=(--master-key "$dir/master.key"
		    --work-key "$dir/work/work-key.pem")
	: >"$dir/server.log"
	if rks_is_token "$dir"; then
		# a token's RKS always runs with privilege separation
		keys=(--pkcs11-module "$RKS_SOFTHSM" --pkcs11-token rks
		      --pkcs11-pin-file "$dir/token.pin")
		privsep=(--privsep 1)
	elif [ -n "${RKS_PRIVSEP:-}" ]; then
		privsep=(--privsep 1)
	fi
	# the network process runs as rks-net where that user exists
	if [ ${#privsep[@]} -gt 0 ] && ! getent passwd rks-net >/dev/null; then
		privsep+=(--net-user nobody)
	fi
	SOFTHSM2_CONF=$dir/softhsm2.conf "$B_RKS/rks-server" --port 0 \
		--database "$dir/rks.db" "${keys[@]}" "${privsep[@]}" \
		--work-cert "$dir/work/work-cert.der" "$@" \
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
