#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# test_factory.sh - rks-factory: `dik2` against the DIK2 function computed
# with the openssl CLI (lib.sh: dik2_of), and `provision` against
# tests/fake_pinpad.c (rks-factory-fake), whose log shows what reached the
# device, DIK2 and the factor included, so F can be recomputed here.
# tests/vm-factory runs `provision` against the real pinpad.ko.
#
# usage: tests/test_factory.sh BUILD_DIR   (holds rks-factory and
#        tests/rks-factory-fake)
set -u
bin=$(cd "${1:?usage: $0 BUILD_DIR}" && pwd)
F=$bin/rks-factory
FF=$bin/tests/rks-factory-fake
. "$(dirname "$0")/lib.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
unset PINPAD_DEVICE FAKE_PINPAD_STATE FAKE_PINPAD_DSN FAKE_PINPAD_FAIL \
	FAKE_PINPAD_LIE
export FAKE_PINPAD_LOG=$work/log

DIK1=1F2E3D4C5B6A79880F1E2D3C4B5A6978C1D2E3F405162738
FACTOR=F00DF00DF00DF00DC0FFEEC0FFEEC0FF
secrets="$DIK1 $FACTOR"

test_help() {
	expect 0 "Commands:" "" -- "$F" --help
	expect 0 "Exit codes:" "" -- "$F" --help
	expect 0 "rks-factory 1" "" -- "$F" --version
	expect 2 "" "Usage:" -- "$F"
	expect 2 "" "unknown command 'frob'" -- "$F" frob
	expect 0 "Usage: rks-factory provision --dik1-file FILE --root \
ROOT.der" "" -- "$F" provision --help
	expect 0 "Usage: rks-factory dik2 --dik1 HEX --dsn DSN --factor HEX" \
		"" -- "$F" dik2 --help
}

test_dik2() {
	local i dsn factor dik1 want
	# the vectors of test_factory.c, recomputed here by the CLI
	want=$(dik2_of PP-0001 00112233445566778899AABBCCDDEEFF \
		0123456789ABCDEFFEDCBA987654321089ABCDEF01234567)
	check "the CLI agrees with test_factory.c" test "$want" = \
		AF0F502054688D4C4B8CD4A447F3B32C8DD100809EFB6ADF
	expect 0 "$want" "" -- "$F" dik2 --dsn PP-0001 \
		--dik1 0123456789ABCDEFFEDCBA987654321089ABCDEF01234567 \
		--factor 00112233445566778899AABBCCDDEEFF
	# random ones
	for i in $(seq 1 12); do
		dsn=$(head -c 24 /dev/urandom | base64 | tr -d '/+=' |
			head -c $((1 + i * 31 % 32)))
		factor=$(head -c $((1 + i * 13 % 64)) /dev/urandom | xxd -p |
			tr -d '\n')
		dik1=$(head -c 24 /dev/urandom | xxd -p | tr -d '\n')
		want=$(dik2_of "$dsn" "$factor" "$dik1")
		check "rks-factory dik2 = openssl CLI ($dsn)" test \
			"$("$F" dik2 --dsn "$dsn" --factor "$factor" \
			--dik1 "$dik1")" = "$want"
	done
	expect 2 "" "--dik1: 46 hex digits; 48 expected" -- "$F" dik2 \
		--dik1 "${DIK1:0:46}" --dsn A --factor "$FACTOR"
	expect 2 "" "--factor: character 3 is not a hex digit" -- "$F" dik2 \
		--dik1 "$DIK1" --dsn A --factor "F0XD"
	expect 2 "" "--factor: 130 hex digits; 2 to 128 expected" -- "$F" \
		dik2 --dik1 "$DIK1" --dsn A --factor "$(printf 'AB%.0s' \
		$(seq 65))"
	expect 2 "" "--dsn: 'A B': character 2 is not graphic ASCII" -- \
		"$F" dik2 --dik1 "$DIK1" --dsn "A B" --factor "$FACTOR"
	expect 2 "" "unexpected argument #7" -- "$F" dik2 --dik1 "$DIK1" \
		--dsn A --factor "$FACTOR" "$DIK1"
}

# The field of the SET_DIK2 line of the log: dik2 or factor.
logged() { sed -n "s/^SET_DIK2 .*$1=\([0-9A-F]*\).*/\1/p" "$work/log"; }

test_provision() {
	local dik2 factor kcv fpr
	printf '# a comment\n%s\n' "$DIK1" >"$work/dik1.txt"
	chmod 600 "$work/dik1.txt"
	openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/root.key" \
		-subj /CN=test-root -days 1 -outform DER -out "$work/root.der" \
		2>/dev/null
	fpr=$(sha256sum "$work/root.der" | cut -c1-64 | tr a-f A-F)

	rm -f "$work/log"
	expect 0 "DSN:          PP-0001 (set)" "" -- "$FF" provision \
		--dik1-file "$work/dik1.txt" --root "$work/root.der" \
		--dsn PP-0001 --device /dev/null
	check "commands in order" test "$(cut -d' ' -f1 "$work/log" |
		tr '\n' ' ')" = "SET_DSN SET_DIK2 SET_ROOT SEAL "
	dik2=$(logged dik2)
	factor=$(logged factor)
	check "a 16-byte factor" test ${#factor} = 32
	check "DIK2 = F(DSN, factor, DIK1) by the openssl CLI" test "$dik2" = \
		"$(dik2_of PP-0001 "$factor" "$DIK1")"
	kcv=$(kcv_of "$dik2")
	check "prints DIK2's KCV" grep -q "^DIK2 KCV:     $kcv (reported by \
the device)" "$work/out"
	check "prints DIK1's KCV" grep -q "^DIK1 KCV:     $(kcv_of "$DIK1")" \
		"$work/out"
	check "prints the root's SHA-256" grep -q "^root SHA-256: $fpr" \
		"$work/out"
	check "sealed" grep -q "^state:        sealed" "$work/out"
	check "never shows DIK2" test "$(cat "$work/out" "$work/err" |
		grep -ciF "$dik2")" = 0
	check "never shows the factor" test "$(cat "$work/out" "$work/err" |
		grep -ciF "$factor")" = 0

	# Each terminal gets a factor of its own.
	rm -f "$work/log"
	expect 0 "PP-0002 (set)" "" -- "$FF" provision --dik1-file \
		"$work/dik1.txt" --root "$work/root.der" --dsn PP-0002 \
		--device /dev/null
	check "a new factor" test "$(logged factor)" != "$factor"

	# The device's own DSN; the same one again; another one.
	rm -f "$work/log"
	FAKE_PINPAD_DSN=LINE-7 expect 0 "DSN:          LINE-7 (read from the \
device)" "" -- "$FF" provision --dik1-file "$work/dik1.txt" \
		--root "$work/root.der" --device /dev/null
	check "no SET_DSN" test "$(grep -c SET_DSN "$work/log")" = 0
	check "DIK2 of the device's DSN" test "$(logged dik2)" = \
		"$(dik2_of LINE-7 "$(logged factor)" "$DIK1")"
	FAKE_PINPAD_DSN=LINE-7 expect 0 "LINE-7 (read from the device)" "" \
		-- "$FF" provision --dik1-file "$work/dik1.txt" \
		--root "$work/root.der" --device /dev/null --dsn LINE-7
	FAKE_PINPAD_DSN=LINE-7 expect 1 "" "--dsn 'LINE-8', but the device \
has DSN 'LINE-7' already: not changed" -- "$FF" provision --dik1-file \
		"$work/dik1.txt" --root "$work/root.der" --device /dev/null \
		--dsn LINE-8
	FAKE_PINPAD_DSN="A B" expect 1 "" "the device's DSN: 'A B'" -- \
		"$FF" provision --dik1-file "$work/dik1.txt" \
		--root "$work/root.der" --device /dev/null
	expect 1 "" "the device has no DSN: give one with --dsn" -- "$FF" \
		provision --dik1-file "$work/dik1.txt" --root "$work/root.der" \
		--device /dev/null

	# --no-seal
	rm -f "$work/log"
	expect 0 "state:        factory (not sealed: --no-seal)" "" -- "$FF" \
		provision --dik1-file "$work/dik1.txt" --root "$work/root.der" \
		--device /dev/null --dsn PP-0003 --no-seal
	check "no SEAL" test "$(grep -c SEAL "$work/log")" = 0
	expect 2 "" "--no-seal takes no value" -- "$FF" provision \
		--dik1-file "$work/dik1.txt" --root "$work/root.der" \
		--device /dev/null --dsn PP-0003 --no-seal=1
}

test_provision_refusals() {
	local d=(--dik1-file "$work/dik1.txt" --root "$work/root.der"
		 --device /dev/null --dsn PP-0009)
	FAKE_PINPAD_STATE=sealed expect 1 "" "the device is sealed: only a \
device in FACTORY state is provisioned" -- "$FF" provision "${d[@]}"
	FAKE_PINPAD_LIE=1 expect 1 "" "the device does not report the DIK2 \
it was given" -- "$FF" provision "${d[@]}"
	FAKE_PINPAD_FAIL=SET_ROOT:EKEYREJECTED expect 1 "" "its key is not \
RSA of at least 2048 bits" -- "$FF" provision "${d[@]}"
	check "says the device may be half done" grep -q "partly provisioned" \
		"$work/err"
	FAKE_PINPAD_FAIL=SET_DIK2:EINVAL expect 1 "" "installing DIK2 and \
the factor: the device refused" -- "$FF" provision "${d[@]}"
	FAKE_PINPAD_FAIL=SET_DSN:EPERM expect 1 "" "setting the DSN: the \
device refused" -- "$FF" provision "${d[@]}"
	expect 3 "" "cannot open $work/none" -- "$F" provision \
		--dik1-file "$work/dik1.txt" --root "$work/root.der" \
		--device "$work/none" --dsn PP-0009
	PINPAD_DEVICE=$work/none2 expect 3 "" "cannot open $work/none2" -- \
		"$F" provision --dik1-file "$work/dik1.txt" \
		--root "$work/root.der" --dsn PP-0009

	# Input files: nothing reaches the device.
	rm -f "$work/log"
	chmod 644 "$work/dik1.txt"
	expect 2 "" "has mode 0644: a file holding a clear key must be \
readable by its owner only" -- "$FF" provision "${d[@]}"
	chmod 600 "$work/dik1.txt"
	printf '%s\n' "${DIK1:0:46}" >"$work/short.txt"
	chmod 600 "$work/short.txt"
	expect 2 "" "short.txt:1: 46 hex digits; 48 expected" -- "$FF" \
		provision --dik1-file "$work/short.txt" \
		--root "$work/root.der" --device /dev/null
	printf '# nothing\n' >"$work/empty.txt"
	chmod 600 "$work/empty.txt"
	expect 2 "" "holds no key" -- "$FF" provision --dik1-file \
		"$work/empty.txt" --root "$work/root.der" --device /dev/null
	printf '%s\n' "${DIK1:0:16}${DIK1:0:16}${DIK1:32:16}" >"$work/weak.txt"
	chmod 600 "$work/weak.txt"
	expect 2 "" "holds a degenerate TDES key" -- "$FF" provision \
		--dik1-file "$work/weak.txt" --root "$work/root.der" \
		--device /dev/null
	expect 2 "" "is not one X.509 certificate in DER" -- "$FF" provision \
		--dik1-file "$work/dik1.txt" --root "$work/dik1.txt" \
		--device /dev/null
	expect 2 "" "$work/none.der" -- "$FF" provision --dik1-file \
		"$work/dik1.txt" --root "$work/none.der" --device /dev/null
	expect 2 "" "--dsn: 'P P'" -- "$FF" provision --dik1-file \
		"$work/dik1.txt" --root "$work/root.der" --device /dev/null \
		--dsn "P P"
	expect 2 "" "missing --root" -- "$FF" provision --dik1-file \
		"$work/dik1.txt"
	check "nothing reached the device" test ! -e "$work/log"
}

# The DIK1 as two custodians' components (#16), as `rks-admin dik1 export
# --custodians` writes them: the same DIK1, so the same DIK2 function.
test_provision_components() {
	local c1=0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF c2 k1 k2
	local f=$work/comp factor
	c2=$(xor_hex "$c1" "$DIK1")
	secrets+=" $c1 $c2"
	k1=$(kcv_of "$c1") k2=$(kcv_of "$c2")
	(umask 077; echo "$c1" >"$f.1"; echo "$c2" >"$f.2")
	rm -f "$work/log"
	expect 0 "DIK1 KCV:     $(kcv_of "$DIK1")" "KCV $k2 checked" -- "$FF" \
		provision --custodians alice,bob --component-files "$f.1,$f.2" \
		--component-kcvs "$k1,$k2" --root "$work/root.der" \
		--dsn PP-0100 --device /dev/null
	factor=$(logged factor)
	check "DIK2 from the combined DIK1" test "$(logged dik2)" = \
		"$(dik2_of PP-0100 "$factor" "$DIK1")"
	rm -f "$work/log"
	expect 2 "" "component 1 (custodian alice): its KCV is $k1, not \
000000" -- "$FF" provision --custodians alice,bob --component-files \
		"$f.1,$f.2" --component-kcvs "000000,$k2" --root \
		"$work/root.der" --dsn PP-0101 --device /dev/null
	check "nothing sent to the device" test ! -s "$work/log"
	expect 2 "" "one custodian is no split knowledge" -- "$FF" provision \
		--custodians alice --component-files "$f.1" --component-kcvs \
		"$k1" --root "$work/root.der" --device /dev/null
	expect 2 "" "--dik1-file or as components with --custodians" -- \
		"$FF" provision --dik1-file "$work/dik1.txt" --custodians a,b \
		--component-kcvs "$k1,$k2" --root "$work/root.der" \
		--device /dev/null
}

test_help
test_dik2
test_provision
test_provision_refusals
test_provision_components
summary
