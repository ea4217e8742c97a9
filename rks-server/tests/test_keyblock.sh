#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# test_keyblock.sh - rks-admin's ANSI X9.143 (TR-31) key blocks (#11):
#   key wrap                a working key under a device's delivered TMK
#   key import --key-block  a block under an HSM's KEK, stored for delivery
# What each makes, checked by the other and by KCVs from the openssl CLI;
# published blocks; every refusal, which must leave the database exactly as
# it was (its `sqlite3 .dump` compared before and after).
#
# usage: tests/test_keyblock.sh BUILD_DIR   (BUILD_DIR holds rks-admin)
set -u
bin=$(cd "${1:?usage: $0 BUILD_DIR}" && pwd)
. "$(dirname "$0")/lib.sh"
admin_env "$bin"

# The TMKs of the device; the working key some tests wrap.
TMK16=0123456789ABCDEFFEDCBA9876543210
TMK24=89ABCDEF0123456776543210FEDCBA98F0E1D2C3B4A59687
TMKAES=000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F
WK16=1032547698BADCFEEFCDAB8967452301
# TR-31:2018 A.7.2.2 (version B) and A.7.4 (version D), as also in
# openemv/tr31 test/tr31_decrypt_test.c and psec tests/test_tr31.py
VB_KBPK=DD7515F2BFC17F85CE48F3CA25CB21F6
VB_BLOCK=B0080P0TE00E000094B420079CC80BA3461F86FE26EFC4A3B8E4FA4C5F5341176EED7B727B8A248E
VD_KBPK=88E1AB2A2E3DD38C1FA039A536500CC8A87AB9D62DC92C01058FA79F44657DE6
VD_BLOCK=D0112P0AE00E0000B82679114F470F540165EDFBF7E250FCEA43F810D215F8D207E2E417C07156A27E8E31DA05F7425509593D03A457DC34
secrets="$TMK16 $TMK24 $TMKAES $WK16 $VB_KBPK $VD_KBPK"

# kek FILE HEX: a KEK file, owner-only as rks-admin demands
kek() { echo "$2" >"$1"; chmod 600 "$1"; }

setup() {
	mkdir -p "$work/var" "$work/etc"
	"$A" init --ca-dir "$work/ca" --work-dir "$work/work" >/dev/null &&
	"$A" dik1 generate --label kb >/dev/null &&
	"$A" device add --dsn PP-KB1 --dik1 1 >/dev/null &&
	"$A" device add --dsn PP-KB2 --dik1 1 >/dev/null &&
	"$A" key import --dsn PP-KB1 --slot 0 --usage tmk --hex "$TMK16" \
		>/dev/null &&
	"$A" key import --dsn PP-KB1 --slot 1 --usage tmk --hex "$TMK24" \
		>/dev/null &&
	"$A" key import --dsn PP-KB1 --slot 2 --usage tmk --alg aes \
		--hex "$TMKAES" >/dev/null &&
	"$A" key import --dsn PP-KB2 --slot 0 --usage tmk --hex "$TMK16" \
		>/dev/null || { fail "setup"; return 1; }
	# the device acknowledged PP-KB1's TMKs (a download's RECEIPT); PP-KB2's
	# stays pending: not on the device yet
	sqlite3 "$RKS_DB" "UPDATE keys SET status = 'delivered', delivered = 1 \
		WHERE dsn = 'PP-KB1'"
	kek "$work/kek16" "$TMK16"
	kek "$work/kek24" "$TMK24"
	kek "$work/kekaes" "$TMKAES"
	kek "$work/vb-kbpk" "$VB_KBPK"
	kek "$work/vd-kbpk" "$VD_KBPK"
}

test_help() {
	expect 0 "Usage: rks-admin [--db PATH] [--master-key FILE] key wrap" \
		"" -- "$A" key wrap --help
	expect 0 "key import --key-block" "" -- "$A" key import --help
	expect 0 "--kek-kcv HEX" "" -- "$A" key import --key-block x --help
	expect 0 "wrap" "" -- "$A" key --help
}

# key wrap, then key import --key-block of the same block under the same
# TMK as KEK: the key comes back with the KCV openssl computes.
test_wrap() {
	local kcv16 n block
	kcv16=$(kcv_of "$WK16")
	stdin=<(echo "$WK16") expect 0 "KCV $kcv16: a P0 TDES key of 16 \
bytes under the TMK in slot 0 of PP-KB1 (KCV $(kcv_of "$TMK16"))" "" -- \
		"$A" key wrap --dsn PP-KB1 --tmk-slot 0 --usage P0 --hex -
	block=$(head -n 1 "$work/out")
	# version B, 16 + 8 (MAC) + 2 + 24 (obfuscated length) + 6 (pad) bytes
	check "wrap: a version B block, P0 T E, version 00, N" \
		test "${block:0:16}" = "B0096P0TE00N0000"
	check "wrap: ASCII of its stated length" test ${#block} = 96
	echo "$block" >"$work/p0.kb"
	n=$(sqlite3 "$RKS_DB" "SELECT count(*) FROM audit WHERE outcome = \
'admin: key wrap' AND detail LIKE '%P0 TDES key of 16 bytes, KCV $kcv16%'")
	check "wrap: audited with the key's KCV" test "$n" = 1
	expect 0 "slot 20 pin (P0, mode E), 16 bytes, KCV $kcv16" "" -- \
		"$A" key import --dsn PP-KB2 --slot 20 --key-block "$work/p0.kb" \
		--kek "$work/kek16" --kek-kcv "$(kcv_of "$TMK16")"
	# random keys, every usage and mode the PIN pad takes, and --out
	expect 0 "a M6 TDES key of 16 bytes" "" -- "$A" key wrap \
		--dsn PP-KB1 --tmk-slot 0 --usage M6 --mode G
	expect 0 "a D0 TDES key of 24 bytes under the TMK in slot 1" "" -- \
		"$A" key wrap --dsn PP-KB1 --tmk-slot 1 --usage D0 --mode D \
		--length 24 --key-version 07 --out "$work/d0.kb"
	check "--out: the block, owner-only" test "$(head -c 16 \
		"$work/d0.kb")" = "B0096D0TD07N0000" -a "$(mode "$work/d0.kb")" = 600
	expect 0 "slot 21 data (D0, mode D), 24 bytes" "" -- "$A" key import \
		--dsn PP-KB2 --slot 21 --key-block "$work/d0.kb" \
		--kek "$work/kek24" --kek-kcv "$(kcv_of "$TMK24")"
	check "import: two keys pending for PP-KB2's slots" test "$(sqlite3 \
		"$RKS_DB" "SELECT count(*) FROM keys WHERE dsn = 'PP-KB2' AND \
slot IN (20, 21) AND status = 'pending'")" = 2
}

# key generate and key import with X9.143 attributes and AES keys
test_attributes() {
	local kcv
	kcv=$(aes_kcv_of "$TMKAES")
	check "import --alg aes: its A.3 KCV, AES K0/D" grep -q \
		"PP-KB1 *2 *tmk *32 *$kcv .*AES K0/D/00" \
		<("$A" key list --dsn PP-KB1)
	expect 0 "pending delivery (AES K1, mode B, version 01)" "" -- "$A" \
		key generate --dsn PP-KB2 --slot 3 --usage tmk --alg aes \
		--length 16 --kb-usage K1 --mode B --key-version 01
	expect 0 "slot 30 mac, 32 bytes" "" -- "$A" key generate \
		--dsn PP-KB2 --slot 30 --usage mac --alg aes
	check "AES MAC keys default to M6 (CMAC)" grep -q "AES M6, mode C" \
		"$work/out"
	expect 0 "slot 31 data, 24 bytes" "" -- "$A" key generate \
		--dsn PP-KB2 --slot 31 --usage data --mode D --key-version A7
	check "key list: the block's attributes" grep -q \
		"PP-KB2 *31 *data .*TDES D0/D/A7" <("$A" key list --dsn PP-KB2)
	expect 0 "KCV $(aes_kcv_of "$WK16")" "" -- "$A" key import \
		--dsn PP-KB2 --slot 29 --usage pin --alg aes --hex "$WK16" \
		--kcv "$(aes_kcv_of "$WK16")"
	refused 2 "--kcv: the key's KCV is $(aes_kcv_of "$WK16"), not \
$(kcv_of "$WK16")" -- key import --dsn PP-KB2 --slot 28 --usage pin \
		--alg aes --hex "$WK16" --kcv "$(kcv_of "$WK16")"
	refused 2 "--alg: 'des' is not tdes or aes" -- key generate \
		--dsn PP-KB2 --slot 28 --usage pin --alg des
	refused 2 "--length: '32'; a key is 16 or 24 bytes" -- key generate \
		--dsn PP-KB2 --slot 28 --usage pin --length 32
	refused 2 "the X9.143 usage does not fit the key's class" -- key \
		generate --dsn PP-KB2 --slot 28 --usage pin --kb-usage K0
	refused 2 "the X9.143 usage does not fit the key's class" -- key \
		generate --dsn PP-KB2 --slot 28 --usage data --kb-usage B0
	refused 2 "the mode of use does not fit the usage" -- key generate \
		--dsn PP-KB2 --slot 28 --usage pin --mode G
	refused 2 "the key version is two letters or digits" -- key generate \
		--dsn PP-KB2 --slot 28 --usage pin --key-version "0!"
	refused 2 "--kb-usage: 'P' is not two characters" -- key generate \
		--dsn PP-KB2 --slot 28 --usage pin --kb-usage P
	refused 2 "--hex: an AES key is 32, 48 or 64 hex digits" -- key \
		import --dsn PP-KB2 --slot 28 --usage pin --alg aes \
		--hex "${TMKAES:0:40}"
	refused 2 "give --dsn, --slot and --usage, or --csv FILE" -- key \
		generate --csv "$work/none.csv" --alg aes
}

# An AES TMK entered as two custodians' components (#16 with #11): each
# component's KCV is X9.24-1 A.3's (AES-CMAC), like the key's
test_aes_components() {
	local k="$WK16$TMK16" c1=$TMKAES c2 f=$work/aes-comp
	c2=$(xor_hex "$c1" "$k")
	secrets+=" $k $c2"
	(umask 077; echo "$c1" >"$f.1"; echo "$c2" >"$f.2")
	refused 2 "component 2 (custodian bob): its KCV is $(aes_kcv_of "$c2"), \
not $(kcv_of "${c2:0:48}")" -- key import --dsn PP-KB2 --slot 5 \
		--usage tmk --alg aes --custodians alice,bob \
		--component-files "$f.1,$f.2" \
		--component-kcvs "$(aes_kcv_of "$c1"),$(kcv_of "${c2:0:48}")"
	refused 2 "--length: 16 or 24, with --custodians" -- key import \
		--dsn PP-KB2 --slot 5 --usage tmk --length 32 \
		--custodians alice,bob --component-files "$f.1,$f.2" \
		--component-kcvs "$(aes_kcv_of "$c1"),$(aes_kcv_of "$c2")"
	expect 0 "32 bytes, KCV $(aes_kcv_of "$k")" "" -- "$A" key import \
		--dsn PP-KB2 --slot 5 --usage tmk --alg aes \
		--custodians alice,bob --component-files "$f.1,$f.2" \
		--component-kcvs "$(aes_kcv_of "$c1"),$(aes_kcv_of "$c2")"
	check "key list: the AES TMK from components, K0/D" grep -q \
		"PP-KB2 *5 *tmk *32 *$(aes_kcv_of "$k") .*AES K0/D/00" \
		<("$A" key list --dsn PP-KB2)
	expect 0 "custodians alice, bob" "" -- "$A" audit
}

# A version D block under the delivered AES TMK, opened again
test_wrap_aes() {
	local kcv
	kcv=$(aes_kcv_of "$WK16")
	stdin=<(echo "$WK16") expect 0 "KCV $kcv: a P0 AES key of 16 bytes \
under the TMK in slot 2 of PP-KB1" "" -- "$A" key wrap --dsn PP-KB1 \
		--tmk-slot 2 --usage P0 --length 16 --hex - \
		--out "$work/p0-aes.kb"
	check "wrap under AES: a version D block, P0 A E, obfuscated" \
		test "$(head -c 16 "$work/p0-aes.kb")" = "D0144P0AE00N0000"
	expect 0 "slot 27 pin (P0, mode E), 16 bytes, KCV $kcv" "" -- \
		"$A" key import --dsn PP-KB2 --slot 27 --key-block \
		"$work/p0-aes.kb" --kek "$work/kekaes" \
		--kek-kcv "$(aes_kcv_of "$TMKAES")"
	check "the imported key keeps the block's attributes" grep -q \
		"PP-KB2 *27 *pin *16 *$kcv .*AES P0/E/00" \
		<("$A" key list --dsn PP-KB2)
	# without --alg, the TMK's algorithm: an AES-256 key under the AES TMK
	expect 0 "a M6 AES key of 32 bytes under the TMK in slot 2" "" -- \
		"$A" key wrap --dsn PP-KB1 --tmk-slot 2 --usage M6 --length 32
	# TDES keys under an AES TMK are fine (weaker), and made as D blocks
	expect 0 "a D0 TDES key of 24 bytes under the TMK in slot 2" "" -- \
		"$A" key wrap --dsn PP-KB1 --tmk-slot 2 --usage D0 --alg tdes \
		--length 24
	check "a TDES key under an AES TMK: version D" test \
		"$(head -c 1 "$work/out")" = D
}

test_wrap_refusals() {
	refused 1 "no TMK delivered to slot 0 of PP-KB2" -- key wrap \
		--dsn PP-KB2 --tmk-slot 0 --usage P0
	refused 1 "no TMK delivered to slot 5 of PP-KB1" -- key wrap \
		--dsn PP-KB1 --tmk-slot 5 --usage P0
	refused 2 "--tmk-slot: '16' is out of range (0-15)" -- key wrap \
		--dsn PP-KB1 --tmk-slot 16 --usage P0
	refused 2 "a 24-byte TDES key is stronger than the 16-byte TDES TMK" \
		-- key wrap --dsn PP-KB1 --tmk-slot 0 --usage P0 --length 24
	refused 2 "a 16-byte AES key is stronger than the 24-byte TDES TMK" \
		-- key wrap --dsn PP-KB1 --tmk-slot 1 --usage D0 --alg aes
	refused 2 "--usage: 'K0' is not P0, M1, M3, M6 or D0" -- key wrap \
		--dsn PP-KB1 --tmk-slot 0 --usage K0
	refused 2 "--usage: 'B0' is not P0, M1, M3, M6 or D0" -- key wrap \
		--dsn PP-KB1 --tmk-slot 0 --usage B0
	refused 2 "--mode: 'E' is not a mode of use the PIN pad takes for M3" \
		-- key wrap --dsn PP-KB1 --tmk-slot 0 --usage M3 --mode E
	refused 2 "--mode: 'G' is not a mode of use the PIN pad takes for P0" \
		-- key wrap --dsn PP-KB1 --tmk-slot 0 --usage P0 --mode G
	refused 2 "--length: 32 bytes is not a TDES key" -- key wrap \
		--dsn PP-KB1 --tmk-slot 1 --usage D0 --length 32
	refused 2 "--alg: 'des' is not tdes or aes" -- key wrap --dsn PP-KB1 \
		--tmk-slot 0 --usage D0 --alg des
	refused 2 "--key-version: '7' is not two characters" -- key wrap \
		--dsn PP-KB1 --tmk-slot 0 --usage D0 --key-version 7
	refused 2 "degenerate" -- key wrap --dsn PP-KB1 --tmk-slot 0 \
		--usage P0 --hex "${WK16:0:16}${WK16:0:16}"
	refused 2 "--hex: 48 hex digits; 32 expected" -- key wrap --dsn PP-KB1 --tmk-slot 0 \
		--usage P0 --hex "$TMK24"
	refused 1 "no TMK delivered to slot 0 of PP-NONE" -- key wrap --dsn PP-NONE \
		--tmk-slot 0 --usage P0
	echo x >"$work/exists"
	refused 2 "--out '$work/exists': File exists" -- key wrap \
		--dsn PP-KB1 --tmk-slot 0 --usage P0 --out "$work/exists"
	check "--out: an existing file is left alone" test "$(cat \
		"$work/exists")" = x
}

# Blocks under an HSM's KEK that must be refused, each changing nothing.
test_import_refusals() {
	local b kcv16 flipped
	b=$(cat "$work/p0.kb")
	kcv16=$(kcv_of "$TMK16")
	# TR-31:2018 A.7.2.2 and A.7.4 authenticate, but say exportability
	# E: the PIN pad exports nothing, so the RKS stores no such key
	echo "$VB_BLOCK" >"$work/vb.kb"
	echo "$VD_BLOCK" >"$work/vd.kb"
	refused 2 "refused" -- key import --dsn PP-KB2 --slot 22 \
		--key-block "$work/vb.kb" --kek "$work/vb-kbpk" \
		--kek-kcv "$(kcv_of "$VB_KBPK")"
	check "A.7.2.2: refused for its exportability, not its MAC" \
		grep -qi "export" "$work/err"
	refused 2 "refused" -- key import --dsn PP-KB2 --slot 22 \
		--key-block "$work/vd.kb" --kek "$work/vd-kbpk" \
		--kek-kcv "$(aes_kcv_of "$VD_KBPK")"
	check "A.7.4: refused for its exportability, not its MAC" \
		grep -qi "export" "$work/err"
	# the header's usage changed, the MAC left as it was
	echo "${b:0:5}D0${b:7}" >"$work/usage.kb"
	refused 2 "does not authenticate under the KEK" -- key import \
		--dsn PP-KB2 --slot 22 --key-block "$work/usage.kb" \
		--kek "$work/kek16" --kek-kcv "$kcv16"
	# one bit flipped in the encrypted key
	flipped=$(printf %X $((0x${b:20:1} ^ 1)))
	echo "${b:0:20}$flipped${b:21}" >"$work/flip.kb"
	refused 2 "does not authenticate under the KEK" -- key import \
		--dsn PP-KB2 --slot 22 --key-block "$work/flip.kb" \
		--kek "$work/kek16" --kek-kcv "$kcv16"
	echo "${b:0:80}" >"$work/short.kb"
	refused 2 "does not authenticate under the KEK" -- key import \
		--dsn PP-KB2 --slot 22 --key-block "$work/short.kb" \
		--kek "$work/kek16" --kek-kcv "$kcv16"
	echo "B0095${b:5}" >"$work/len.kb"
	refused 2 "does not authenticate under the KEK" -- key import \
		--dsn PP-KB2 --slot 22 --key-block "$work/len.kb" \
		--kek "$work/kek16" --kek-kcv "$kcv16"
	echo "C${b:1}" >"$work/ver.kb"
	refused 2 "version C; this RKS takes B (TDES KEK) and D (AES KEK)" \
		-- key import --dsn PP-KB2 --slot 22 --key-block "$work/ver.kb" \
		--kek "$work/kek16" --kek-kcv "$kcv16"
	# the right KEK, the wrong KCV: nothing is opened
	refused 2 "--kek: its KCV is $kcv16, not 000000" -- key import \
		--dsn PP-KB2 --slot 22 --key-block "$work/p0.kb" \
		--kek "$work/kek16" --kek-kcv 000000
	# another KEK (its own KCV right): the MAC fails
	refused 2 "does not authenticate under the KEK" -- key import \
		--dsn PP-KB2 --slot 22 --key-block "$work/p0.kb" \
		--kek "$work/kek24" --kek-kcv "$(kcv_of "$TMK24")"
	# a version D block needs an AES KEK: a TDES one is not even read
	refused 2 "--kek" -- key import --dsn PP-KB2 --slot 22 \
		--key-block "$work/vd.kb" --kek "$work/kek16" --kek-kcv "$kcv16"
	refused 2 "slot 3 cannot hold a pin key" -- key import --dsn PP-KB2 \
		--slot 3 --key-block "$work/p0.kb" --kek "$work/kek16" \
		--kek-kcv "$kcv16"
	refused 1 "slot 20 of DSN 'PP-KB2' has a key waiting" -- key import \
		--dsn PP-KB2 --slot 20 --key-block "$work/p0.kb" \
		--kek "$work/kek16" --kek-kcv "$kcv16"
	chmod 644 "$work/kek16"
	refused 2 "--kek" -- key import --dsn PP-KB2 --slot 22 \
		--key-block "$work/p0.kb" --kek "$work/kek16" --kek-kcv "$kcv16"
	chmod 600 "$work/kek16"
	printf 'B0096P0TE00N0000\tAB\n' >"$work/ctl.kb"
	refused 2 "character 17 is not printable ASCII" -- key import \
		--dsn PP-KB2 --slot 22 --key-block "$work/ctl.kb" \
		--kek "$work/kek16" --kek-kcv "$kcv16"
	refused 2 "missing --kek-kcv" -- key import --dsn PP-KB2 --slot 22 \
		--key-block "$work/p0.kb" --kek "$work/kek16"
}

setup && {
	test_help
	test_wrap
	test_attributes
	test_aes_components
	test_wrap_aes
	test_wrap_refusals
	test_import_refusals
}
summary
