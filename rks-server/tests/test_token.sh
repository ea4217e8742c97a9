#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# test_token.sh - rks-admin with its keys in a PKCS#11 token (SoftHSM2):
# `init --token` makes the token's objects and no key files; DIK1s,
# devices and keys work as with a file; a DIK1 does not leave the token;
# `migrate-to-token` moves a file-master-key database in, after which the
# file key can be destroyed and every key still checks.
#
# usage: tests/test_token.sh BUILD_DIR   (BUILD_DIR holds rks-admin)
set -u
bin=$(cd "${1:?usage: $0 BUILD_DIR}" && pwd)
A=$bin/rks-admin
. "$(dirname "$0")/lib.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
DIK1=1F2E3D4C5B6A79880F1E2D3C4B5A6978C1D2E3F405162738
secrets=$DIK1
unset RKS_WORK_DIR RKS_TOKEN RKS_PKCS11_MODULE RKS_TOKEN_PIN_FILE

# a fresh SoftHSM2 token, LABEL, PIN 12345678 in $work/pin
new_token() {
	mkdir -p "$work/tokens"
	printf 'directories.tokendir = %s\nobjectstore.backend = file\n' \
		"$work/tokens" >"$work/softhsm2.conf"
	export SOFTHSM2_CONF=$work/softhsm2.conf
	softhsm2-util --init-token --free --label "$1" --so-pin 87654321 \
		--pin 12345678 >/dev/null
	check "token $1 made" test $? = 0
	printf '12345678\n' >"$work/pin"
	chmod 600 "$work/pin"
}

test_init_token() {
	export RKS_DB=$work/t/rks.db RKS_MASTER_KEY=$work/t/master.key
	export RKS_PIN=$work/pin
	new_token rks-a
	expect 3 "" "does not exist" -- \
		"$A" --token rks-a --pin-file "$work/pin" verify
	# a PIN file others may read is refused, and so is a wrong PIN
	chmod 644 "$work/pin"
	expect 3 "" "token PIN file '$work/pin' has mode 0644" -- \
		"$A" --token rks-a --pin-file "$work/pin" init \
		--ca-dir "$work/ca" --work-dir "$work/w"
	chmod 600 "$work/pin"
	printf '0000\n' >"$work/badpin"
	chmod 600 "$work/badpin"
	expect 3 "" "wrong PIN" -- "$A" --token rks-a --pin-file \
		"$work/badpin" init --ca-dir "$work/ca" --work-dir "$work/w"
	expect 0 "in the token" "" -- "$A" --token rks-a --pin-file \
		"$work/pin" init --ca-dir "$work/ca" --work-dir "$work/w"
	check "no master key file" test ! -e "$RKS_MASTER_KEY"
	check "no work key file" test ! -e "$work/w/work-key.pem"
	check "a work certificate" test -s "$work/w/work-cert.der"
	export RKS_TOKEN=rks-a RKS_TOKEN_PIN_FILE=$work/pin
	expect 0 "DIK1 1: KCV" "" -- "$A" dik1 generate --label b1
	stdin=<(echo "$DIK1") expect 0 "DIK1 2: KCV" "" -- "$A" dik1 import \
		--hex -
	expect 0 "device PP-1 added" "" -- "$A" device add --dsn PP-1 \
		--dik1 2
	expect 0 "pending delivery" "" -- "$A" key generate --dsn PP-1 \
		--slot 0 --usage tmk
	expect 0 "3 stored keys checked: all authenticate" "" -- "$A" verify
	expect 1 "" "DIK1 2 is in PKCS#11 token 'rks-a'" -- "$A" dik1 export \
		--id 2 --out "$work/x.txt" --unsafe-single-file
	check "no file from a refused export" test ! -e "$work/x.txt"
	# the token's DIK1 is the row's: another token's is not
	unset RKS_TOKEN
	expect 3 "" "master key file" -- "$A" verify
	unset SOFTHSM2_CONF RKS_TOKEN_PIN_FILE RKS_PIN
}

# An init that fails after the token made its keys (the work certificate
# cannot be written: an immutable work directory, which root cannot write
# to either) takes them out again, so that it can simply be run again.
# Before, the work key stayed and every later init said "has a work
# private key already".
test_init_token_undo() {
	export RKS_DB=$work/u/rks.db RKS_MASTER_KEY=$work/u/master.key
	mkdir -p "$work/u/w"
	new_token rks-u
	if ! chattr +i "$work/u/w" 2>/dev/null; then
		echo "SKIP init undo: chattr +i not supported on $work"
		return
	fi
	expect 3 "" "init failed; what it had created was removed" -- 		"$A" --token rks-u --pin-file "$work/pin" init \
		--ca-dir "$work/u/ca" --work-dir "$work/u/w"
	chattr -i "$work/u/w"
	check "no database left" test ! -e "$RKS_DB"
	expect 0 "made in the token, non-extractable" "" -- "$A" \
		--token rks-u --pin-file "$work/pin" init \
		--ca-dir "$work/u/ca" --work-dir "$work/u/w"
	expect 0 "0 stored keys checked" "" -- "$A" --token rks-u \
		--pin-file "$work/pin" verify
	unset SOFTHSM2_CONF
}

# A database on $RKS_DB under the master key file $RKS_MASTER_KEY, made in
# $work/$1: DIK1 1, device $2 with keys 1 (a TMK) and 2 (a PIN key).
seed_for_migrate() {
	rm -rf "$work/tokens"
	expect 0 "" "" -- "$A" init --ca-dir "$work/$1/ca" \
		--work-dir "$work/$1/w"
	expect 0 "DIK1 1" "" -- "$A" dik1 generate
	expect 0 "added" "" -- "$A" device add --dsn "$2" --dik1 1
	expect 0 "key 1" "" -- "$A" key generate --dsn "$2" --slot 0 \
		--usage tmk
	expect 0 "key 2" "" -- "$A" key generate --dsn "$2" --slot 16 \
		--usage pin
}

test_migrate() {
	export RKS_DB=$work/m/rks.db RKS_MASTER_KEY=$work/m/master.key
	seed_for_migrate m PP-2
	sqlite3 "$RKS_DB" "UPDATE keys SET status = 'delivered', delivered \
= 1 WHERE id = 2"
	new_token rks-m
	expect 2 "" "migrate-to-token needs --token" -- "$A" migrate-to-token
	expect 0 "moved:      1 DIK1s, 2 keys, the work private key" "" -- \
		"$A" --token rks-m --pin-file "$work/pin" migrate-to-token \
		--work-key "$work/m/w/work-key.pem"
	check "the audit says so" sh -c "sqlite3 '$RKS_DB' \"SELECT outcome \
FROM audit\" | grep -qx 'admin: migrate'"
	# the file key goes; the token opens everything, delivered keys too
	shred -u "$RKS_MASTER_KEY"
	expect 0 "3 stored keys checked: all authenticate" "" -- "$A" \
		--token rks-m --pin-file "$work/pin" verify
	expect 3 "" "cannot open master key file" -- "$A" verify
	# again: there is no file key left to move from
	expect 3 "" "cannot open master key file" -- "$A" --token rks-m \
		--pin-file "$work/pin" migrate-to-token
	unset SOFTHSM2_CONF
}

# The same migration on PostgreSQL (run-tests runs this file again under
# tests/pg/with-cluster): the delivered-key trigger is lifted the back
# end's way, and everything is sealed again in one transaction there too.
test_migrate_pg() {
	pgc=$(dirname "$0")/../../tests/pg/pg-cluster
	"$pgc" createdb "$RKS_TEST_PG" token_m
	check "database token_m made" test $? = 0
	RKS_DB=$("$pgc" uri "$RKS_TEST_PG" token_m)
	export RKS_DB RKS_MASTER_KEY=$work/p/master.key
	seed_for_migrate p PP-3
	psql -q "$RKS_DB" -c "UPDATE keys SET status = 'delivered', \
delivered = 1 WHERE id = 2"
	check "key 2 marked delivered" test $? = 0
	new_token rks-p
	expect 0 "moved:      1 DIK1s, 2 keys" "" -- \
		"$A" --token rks-p --pin-file "$work/pin" migrate-to-token
	check "the audit says so" sh -c "psql -At '$RKS_DB' -c \"SELECT \
outcome FROM audit\" | grep -qx 'admin: migrate'"
	check "the delivered key still may not change" sh -c "! psql -q \
'$RKS_DB' -c \"UPDATE keys SET slot = 1 WHERE id = 2\" 2>/dev/null"
	shred -u "$RKS_MASTER_KEY"
	expect 0 "3 stored keys checked: all authenticate" "" -- "$A" \
		--token rks-p --pin-file "$work/pin" verify
	expect 3 "" "cannot open master key file" -- "$A" verify
	unset SOFTHSM2_CONF
}

if [ -n "${RKS_TEST_PG:-}" ]; then
	test_migrate_pg
else
	test_init_token
	test_init_token_undo
	test_migrate
fi
summary
