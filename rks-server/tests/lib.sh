# SPDX-License-Identifier: GPL-2.0-or-later
# lib.sh - what test_admin.sh, test_keyblock.sh and test_factory.sh share:
# counted checks, running a program and checking its exit code, output and
# stderr, that it never shows a secret or a sanitizer report, and that a
# refusal leaves the database as it was.
#
# Set before use: $work (a scratch directory). Add to $secrets (space-
# separated hex) every key value a test hands a program.

passed=0
failed=0
secrets=""

pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL ${BASH_LINENO[1]:-?}: $*"; }

# check DESCRIPTION COMMAND...: COMMAND must succeed.
check() {
	local what=$1
	shift
	if "$@"; then pass; else fail "$what"; fi
}

# expect CODE OUT ERR -- PROGRAM ARGS...: PROGRAM exits CODE, its stdout
# holds OUT and its stderr ERR (each skipped when empty); stdin is
# $stdin (default /dev/null). Leaves $work/out and $work/err.
expect() {
	local code=$1 out=$2 err=$3 rc s
	shift 4
	"$@" <"${stdin:-/dev/null}" >"$work/out" 2>"$work/err"
	rc=$?
	if [ "$rc" != "$code" ]; then
		fail "$*: exit $rc, expected $code; stderr: $(head -c 600 "$work/err")"
		return 1
	fi
	if [ -n "$out" ] && ! grep -qF -- "$out" "$work/out"; then
		fail "$*: stdout lacks [$out]: $(head -c 600 "$work/out")"
		return 1
	fi
	if [ -n "$err" ] && ! grep -qF -- "$err" "$work/err"; then
		fail "$*: stderr lacks [$err]: $(head -c 600 "$work/err")"
		return 1
	fi
	for s in $secrets; do
		if grep -qiF -- "$s" "$work/out" "$work/err"; then
			fail "$*: shows secret $s"
			return 1
		fi
	done
	if grep -qE 'Sanitizer|runtime error' "$work/err"; then
		fail "$*: sanitizer report: $(head -c 2000 "$work/err")"
		return 1
	fi
	pass
}

# The hex XOR of two hex strings of the same length (multiples of 16 digits)
xor_hex() {
	local a=$1 b=$2 i out=""
	for ((i = 0; i < ${#a}; i += 16)); do
		out+=$(printf '%016X' $((0x${a:i:16} ^ 0x${b:i:16})))
	done
	echo "$out"
}

# The key check value of hex key $1 (16 or 24 bytes), by the openssl CLI.
kcv_of() {
	local k=$1
	[ ${#k} = 32 ] && k=$k${k:0:16}
	printf '\0\0\0\0\0\0\0\0' | openssl enc -des-ede3 -nopad -K "$k" |
		xxd -p | head -c 6 | tr a-f A-F
}

# aes_kcv_of KEY: X9.24-1:2017 A.3, the first 3 bytes of AES-CMAC of a
# zero block, by the openssl CLI
aes_kcv_of() {
	printf '\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0' |
		openssl mac -cipher "AES-$((${#1} * 4))-CBC" -macopt "hexkey:$1" \
			CMAC | head -c 6 | tr a-f A-F
}

# DIK2 = F(DSN $1, factor hex $2, DIK1 hex $3), by the openssl CLI.
dik2_of() {
	local key1
	key1=$(printf %s "$1" | openssl dgst -sha256 -binary | head -c 24 |
		openssl enc -des-ede3 -nopad -K "$3" | xxd -p -c 64)
	printf %s "$2" | xxd -r -p | openssl dgst -sha256 -binary |
		head -c 24 | openssl enc -d -des-ede3 -nopad -K "$key1" |
		xxd -p -c 64 | tr a-f A-F
}

# admin_env BUILD_DIR: what an rks-admin test runs in: $A the program,
# $work a scratch directory removed at exit, the database and master key
# in it ($RKS_DB, $RKS_MASTER_KEY), no $RKS_WORK_DIR from outside.
admin_env() {
	A=$1/rks-admin
	work=$(mktemp -d)
	# shellcheck disable=SC2064 # $work is fixed from here on
	trap "rm -rf '$work'" EXIT
	export RKS_DB=$work/var/rks.db RKS_MASTER_KEY=$work/etc/master.key
	unset RKS_WORK_DIR
}

dump() { sqlite3 "$RKS_DB" .dump; }

# refused CODE ERR -- ARGS...: rks-admin ($A) ARGS fails with CODE and says
# ERR, and the database ($RKS_DB, its audit included) is unchanged.
refused() {
	local code=$1 err=$2 before
	shift 3
	before=$(dump)
	expect "$code" "" "$err" -- "$A" "$@"
	if [ "$(dump)" != "$before" ]; then
		fail "rks-admin $*: changed the database"
	else
		pass
	fi
}

# mode FILE: its permission bits in octal, e.g. 600.
mode() { stat -c %a "$1"; }

summary() {
	echo "$passed passed, $failed failed"
	[ "$failed" = 0 ]
}
