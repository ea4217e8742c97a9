# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=sh
# persistence-guest.sh - helpers for the guest scripts of persistence-e2e,
# sourced by each boot's script. Runs under busybox sh in the VM.
# Reports "RESULT name=value" lines; the host reads them.
# shellcheck disable=SC2034 # for the boot scripts
STATE=/var/lib/pinpad
BLOB=$STATE/state.blob
KEY=$STATE/device.key
PSLOG=/var/log/pinpad-state.log
RKDLOG=/var/log/rkd.log

result() { echo "RESULT $1=$2"; }

# field NAME: a field of `pinpad-state status` (dsn excluded)
field() {
	s=$(pinpad-state status 2>/dev/null)
	echo " ${s%% dsn=*}" | sed -n "s/.* $1=\([^ ]*\).*/\1/p"
}

# boot NAME: what init runs at boot: /etc/init.d/pinpad-rkd start
boot() {
	/etc/init.d/pinpad-rkd start
	result "init-$1" $?
}

# halt: the end of a boot (the harness then syncs and unmounts the disk)
halt() {
	/etc/init.d/pinpad-rkd stop
}

# warm NAME: a reboot without the VM's: stop, unload, boot again
warm() {
	/etc/init.d/pinpad-rkd stop
	rmmod pinpad || result "rmmod-$1" failed
	boot "$1"
}

# report NAME: the device's state and its slots (SLOT NAME slot class len
# kcv: columns 1, 2, 4 and 8 of `pinpadctl slots`)
report() {
	result "state-$1" "$(field state)"
	result "keys-$1" "$(field keys)"
	result "provisioned-$1" "$(field provisioned)"
	pinpadctl slots | awk -v n="$1" \
		'$2 != "-" && $1 ~ /^[0-9]+$/ { print "SLOT", n, $1, $2, $4, $8 }'
}

# wait_saved NAME: until the watcher has saved the device's generation
wait_saved() {
	i=0
	while [ $i -lt 200 ]; do
		g=$(field generation)
		if grep -q "event=state-saved .*generation=$g " "$PSLOG" 2>/dev/null; then
			result "saved-$1" "$g"
			return 0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	result "saved-$1" timeout
	return 1
}

# wait_gone PIDFILE SECS: until the daemon of PIDFILE has exited
wait_gone() {
	i=0
	while [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null && [ $i -lt $(($2 * 10)) ]; do
		sleep 0.1
		i=$((i + 1))
	done
	! { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
}

# last_refusal NAME: the reason of the last refused blob
last_refusal() {
	result "refused-$1" "$(grep 'event=blob-refused' "$PSLOG" | tail -n 1 |
		sed -n 's/.* reason="\([^"]*\)".*/\1/p')"
}

# flip SRC DST OFFSET: DST is SRC with the low bit of byte OFFSET flipped
flip() {
	cp "$1" "$2"
	b=$(dd if="$1" bs=1 skip="$3" count=1 2>/dev/null | od -An -tu1 | tr -d ' ')
	# shellcheck disable=SC2059 # the format is the escaped byte
	printf "$(printf '\\%03o' $((b ^ 1)))" |
		dd of="$2" bs=1 seek="$3" conv=notrunc 2>/dev/null
}

# logs: the daemons' logs, for the host to search
logs() {
	sed 's/^/PSLOG /' "$PSLOG" 2>/dev/null
	sed 's/^/RKDLOG /' "$RKDLOG" 2>/dev/null
}
