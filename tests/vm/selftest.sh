#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Self-test of the VM harness: tests/vm/run must hand back the guest
# command's exit status and output faithfully, on every kernel line we
# support. No pinpad module is needed (--no-module), so this can run before
# kmod/ builds. Boots run one at a time: TCG guests are CPU-bound.
#
# usage: tests/vm/selftest.sh [KERNEL_LINE...]   (default: 6.1 6.12)
set -u

run=$(cd "$(dirname "$0")" && pwd)/run
[ $# -gt 0 ] || set -- 6.1 6.12
fails=0

check() { # DESCRIPTION EXPECTED ACTUAL
	if [ "$2" = "$3" ]; then
		echo "ok   $kernel: $1"
	else
		echo "FAIL $kernel: $1: expected [$2], got [$3]"
		fails=$((fails + 1))
	fi
}

for kernel in "$@"; do
	start=$(date +%s)

	"$run" --kernel "$kernel" --no-module -- true
	check "true exits 0" 0 $?

	"$run" --kernel "$kernel" --no-module -- sh -c 'exit 7'
	check "sh -c 'exit 7' exits 7" 7 $?

	out=$("$run" --kernel "$kernel" --no-module -- echo hello)
	check "echo hello exits 0" 0 $?
	check "echo hello prints hello" hello "$out"

	# --disk: a persistent disk at /var/lib/pinpad, across two boots
	disk=$(mktemp -u "${TMPDIR:-/tmp}/pinpad-selftest.XXXXXX").img
	"$run" --kernel "$kernel" --no-module --disk "$disk" -- \
		sh -c 'echo kept >/var/lib/pinpad/f; exit 5'
	check "--disk: exit status kept" 5 $?
	out=$("$run" --kernel "$kernel" --no-module --disk "$disk" -- cat /var/lib/pinpad/f)
	check "--disk: the file survives the reboot" kept "$out"
	rm -f "$disk"

	# --tpm: a TPM 2.0 (swtpm) whose state stays in DIR
	tpmdir=$(mktemp -d "${TMPDIR:-/tmp}/pinpad-selftest-tpm.XXXXXX")
	out=$("$run" --kernel "$kernel" --no-module --tpm "$tpmdir" -- \
		cat /sys/class/tpm/tpm0/tpm_version_major)
	check "--tpm: the guest has a TPM 2.0" 2 "$out"
	check "--tpm: swtpm keeps its state in DIR" yes \
		"$([ -s "$tpmdir/tpm2-00.permall" ] && echo yes)"
	rm -rf "$tpmdir"

	echo "     $kernel: 6 boots in $(($(date +%s) - start)) s"
done

[ "$fails" = 0 ] || { echo "selftest: $fails failure(s)"; exit 1; }
echo "selftest: all passed"
