#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# test_admin.sh - every rks-admin command: what it does, and every refusal,
# which must leave the database exactly as it was (its `sqlite3 .dump`
# compared before and after). Certificates are checked with the openssl
# CLI, KCVs against the openssl CLI.
#
# usage: tests/test_admin.sh BUILD_DIR   (BUILD_DIR holds rks-admin)
set -u
bin=$(cd "${1:?usage: $0 BUILD_DIR}" && pwd)
. "$(dirname "$0")/lib.sh"
admin_env "$bin"

chains() { openssl verify -x509_strict -CAfile "$1" "$2" >/dev/null; }

# Keys the tests hand over; none may ever be shown.
K16=0123456789ABCDEFFEDCBA9876543210
K24=89ABCDEF0123456776543210FEDCBA98F0E1D2C3B4A59687
DIK1=1F2E3D4C5B6A79880F1E2D3C4B5A6978C1D2E3F405162738
secrets="$K16 $K24 $DIK1"

test_help() {
	local c
	expect 0 "Commands:" "" -- "$A" --help
	expect 0 "Exit codes:" "" -- "$A" --help
	expect 0 "rks-admin 1" "" -- "$A" --version
	expect 2 "" "Usage:" -- "$A"
	expect 2 "" "unknown command 'frob'" -- "$A" frob
	expect 2 "" "unknown option '--frob'" -- "$A" --frob
	expect 2 "" "--db needs a value" -- "$A" --db
	for c in dik1 device key; do
		expect 0 "Commands:" "" -- "$A" $c --help
		expect 2 "" "Commands:" -- "$A" $c
		expect 2 "" "unknown command 'frob'" -- "$A" $c frob
	done
	for c in "init" "work-cert" "dik1 generate" "dik1 import" "dik1 list" \
		 "dik1 export" "device add" "device import" "device list" \
		 "device show" "device lock" "device unlock" "key generate" "key import" \
		 "key list" "audit" "audit archive" "audit verify-archive" \
		 "verify" "revoke"; do
		# shellcheck disable=SC2086
		expect 0 "Usage: rks-admin [--db PATH] [--master-key FILE] $c" \
			"" -- "$A" $c --help
	done
	# --help wins over anything else on the line
	expect 0 "Usage:" "" -- "$A" key import --hex "$K16" --help
	# a mistyped option holding a key is named, not quoted
	expect 2 "" "unknown option '--kye'" -- "$A" key import --kye="$K16"
}

test_init() {
	local before
	expect 3 "" "database '$RKS_DB' does not exist" -- "$A" dik1 list
	expect 2 "" "--bits: 1024; the RSA key size is 2048 or 3072" -- \
		"$A" init --ca-dir "$work/ca" --bits 1024
	expect 2 "" "missing --ca-dir" -- "$A" init
	# A failing init removes what it made.
	expect 3 "" "init failed" -- "$A" init --ca-dir "$work/no/such/ca" \
		--work-dir "$work/etc"
	check "failed init left no master key" test ! -e "$RKS_MASTER_KEY"
	check "failed init left no database" test ! -e "$RKS_DB"

	expect 0 "For the factory: $work/ca/root-cert.der" "" -- \
		"$A" init --ca-dir "$work/ca" --work-dir "$work/etc"
	check "CA dir 0700" test "$(mode "$work/ca")" = 700
	check "root key 0600" test "$(mode "$work/ca/root-key.pem")" = 600
	check "work key 0600" test "$(mode "$work/etc/work-key.pem")" = 600
	check "root cert 0644" test "$(mode "$work/ca/root-cert.der")" = 644
	check "master key 0600" test "$(mode "$RKS_MASTER_KEY")" = 600
	check "master key 32 bytes" test "$(stat -c %s "$RKS_MASTER_KEY")" = 32
	check "database 0600" test "$(mode "$RKS_DB")" = 600
	# the version the code says (never a number written here)
	schema=$(sed -n 's/^#define RKS_SCHEMA_VERSION[[:space:]]*\([0-9]*\).*/\1/p' \
		"$(dirname "$0")/../keydb/db_internal.h")
	check "schema version $schema" test "$(sqlite3 "$RKS_DB" \
		'PRAGMA user_version')" = "$schema"
	check "WAL" test "$(sqlite3 "$RKS_DB" 'PRAGMA journal_mode')" = wal
	grep -q "SHA-256 $(sha256sum "$work/ca/root-cert.der" | cut -c1-64 |
		tr a-f A-F)" "$work/out"
	check "init prints the root's SHA-256" test $? = 0

	openssl x509 -inform DER -in "$work/ca/root-cert.der" \
		-out "$work/root.pem" &&
	openssl x509 -inform DER -in "$work/etc/work-cert.der" \
		-out "$work/work.pem"
	check "certificates are DER" test $? = 0
	openssl x509 -in "$work/root.pem" -noout -text >"$work/root.txt"
	openssl x509 -in "$work/work.pem" -noout -text >"$work/work.txt"
	check "root: v3" grep -q "Version: 3" "$work/root.txt"
	check "root: self-signed" test "$(openssl x509 -in "$work/root.pem" \
		-noout -subject | cut -d= -f2-)" = "$(openssl x509 \
		-in "$work/root.pem" -noout -issuer | cut -d= -f2-)"
	check "root: RSA 2048" grep -q "Public-Key: (2048 bit)" "$work/root.txt"
	check "root: CA:TRUE critical" grep -A1 -q \
		"Basic Constraints: critical" "$work/root.txt"
	check "root: CA:TRUE" grep -q "CA:TRUE" "$work/root.txt"
	check "root: keyCertSign" grep -q "Certificate Sign" "$work/root.txt"
	check "root: SKID" grep -q "Subject Key Identifier" "$work/root.txt"
	check "work: sha256WithRSAEncryption" grep -q \
		"Signature Algorithm: sha256WithRSAEncryption" "$work/work.txt"
	check "work: CA:FALSE" grep -q "CA:FALSE" "$work/work.txt"
	check "work: AKID = root SKID" test "$(grep -A1 \
		'Authority Key Identifier' "$work/work.txt" | tail -1 |
		tr -d ' ')" = "$(grep -A1 'Subject Key Identifier' \
		"$work/root.txt" | tail -1 | tr -d ' ')"
	check "work: chains to the root" chains "$work/root.pem" \
		"$work/work.pem"
	check "work key matches its certificate" test "$(openssl pkey \
		-in "$work/etc/work-key.pem" -pubout)" = "$(openssl x509 \
		-in "$work/work.pem" -pubkey -noout)"

	# Never again over the same files; nothing changes.
	before=$(cat "$work/ca/root-cert.der" "$RKS_MASTER_KEY" | sha256sum)
	refused 2 "root-key.pem exists already; nothing was changed" -- \
		init --ca-dir "$work/ca" --work-dir "$work/etc"
	check "init again changed nothing" test "$before" = \
		"$(cat "$work/ca/root-cert.der" "$RKS_MASTER_KEY" | sha256sum)"

	# 3072 bits, elsewhere (with the same master key and database)
	expect 0 "RSA-3072" "" -- "$A" init --ca-dir "$work/ca3" \
		--work-dir "$work/etc3" --bits 3072 --days 30
	check "root 3072" openssl x509 -inform DER -in "$work/ca3/root-cert.der" \
		-noout -text | grep -q "Public-Key: (3072 bit)"
}

test_work_cert() {
	local old
	old=$(sha256sum <"$work/etc/work-cert.der")
	expect 2 "" "work-key.pem exists already" -- "$A" work-cert \
		--ca-dir "$work/ca" --work-dir "$work/etc"
	expect 3 "" "root-cert.der" -- "$A" work-cert --ca-dir "$work/none" \
		--work-dir "$work/etc" --replace
	expect 0 "work certificate: $work/etc/work-cert.der" "" -- "$A" \
		work-cert --ca-dir "$work/ca" --work-dir "$work/etc" --replace
	check "a new work certificate" test "$old" != \
		"$(sha256sum <"$work/etc/work-cert.der")"
	openssl x509 -inform DER -in "$work/etc/work-cert.der" \
		-out "$work/work2.pem"
	check "the new one chains to the root" chains "$work/root.pem" \
		"$work/work2.pem"
	check "no .new file left" test ! -e "$work/etc/work-cert.der.new"
	check "work key still 0600" test "$(mode "$work/etc/work-key.pem")" \
		= 600
	# The root's key and certificate must match.
	cp -r "$work/ca" "$work/ca-mixed"
	cp "$work/ca3/root-key.pem" "$work/ca-mixed/root-key.pem"
	expect 3 "" "does not match" -- "$A" work-cert --ca-dir \
		"$work/ca-mixed" --work-dir "$work/etc" --replace
}

# revoke: the next list each time, the root's, naming what was revoked
test_revoke() {
	expect 2 "" "--out" -- "$A" revoke --ca-dir "$work/ca"
	expect 2 "" "No such file or directory" -- "$A" revoke \
		--ca-dir "$work/ca" --out "$work/rl.bin" --cert "$work/ca/none"
	expect 2 "" "not an X.509 certificate" -- "$A" revoke \
		--ca-dir "$work/ca" --out "$work/rl.bin" \
		--cert "$work/root.txt"
	expect 0 "revocation list 1: 0 work certificates revoked" "" -- \
		"$A" revoke --ca-dir "$work/ca" --out "$work/rl.bin"
	expect 0 "revocation list 2: 1 work certificate revoked" "" -- \
		"$A" revoke --ca-dir "$work/ca" --out "$work/rl.bin" \
		--cert "$work/work.pem"
	# the same certificate again: listed once, the number still grows
	expect 0 "revocation list 3: 1 work certificate revoked" "" -- \
		"$A" revoke --ca-dir "$work/ca" --out "$work/rl.bin" \
		--cert "$work/work.pem"
	check "the list: PPRL, version 1, number 3, one entry" test \
		"$(head -c 15 "$work/rl.bin" | od -An -tx1 | tr -d ' \n')" = \
		"5050524c0100000000000000030001"
	check "it names the revoked certificate's SHA-256" test \
		"$(tail -c +16 "$work/rl.bin" | head -c 32 | od -An -tx1 |
		tr -d ' \n')" = "$(openssl x509 -in "$work/work.pem" \
		-outform DER | sha256sum | cut -c1-64)"
	tail -c +16 "$work/rl.bin" | tail -c +33 >"$work/rl.sig"
	head -c 47 "$work/rl.bin" >"$work/rl.tbs"
	openssl x509 -in "$work/root.pem" -pubkey -noout >"$work/root.pub"
	check "signed by the root (RSASSA-PKCS1-v1_5, SHA-256)" \
		openssl dgst -sha256 -verify "$work/root.pub" \
		-signature "$work/rl.sig" "$work/rl.tbs"
}

test_master_key() {
	chmod 644 "$RKS_MASTER_KEY"
	expect 3 "" "master key file '$RKS_MASTER_KEY' has mode 0644; it must \
be 0600" -- "$A" dik1 list
	chmod 640 "$RKS_MASTER_KEY"
	expect 3 "" "has mode 0640" -- "$A" dik1 list
	chmod 600 "$RKS_MASTER_KEY"
	head -c 32 /dev/urandom >"$work/other.key"
	chmod 600 "$work/other.key"
	expect 3 "" "the master key is not the one of this database" -- \
		"$A" --master-key "$work/other.key" dik1 list
	head -c 31 /dev/urandom >"$work/short.key"
	chmod 600 "$work/short.key"
	expect 3 "" "holds 31 bytes; it must hold exactly 32" -- \
		"$A" dik1 list --master-key "$work/short.key"
	expect 3 "" "cannot open master key file" -- \
		env RKS_MASTER_KEY="$work/none.key" "$A" dik1 list
	expect 0 "ID" "" -- env RKS_DB= RKS_MASTER_KEY= "$A" \
		--db "$RKS_DB" --master-key "$RKS_MASTER_KEY" dik1 list
	expect 2 "" "--db given twice" -- "$A" --db "$RKS_DB" dik1 list \
		--db "$RKS_DB"
}

test_dik1() {
	local kcv
	expect 0 "DIK1 1: KCV" "" -- "$A" dik1 generate --label "batch 1"
	kcv=$(kcv_of "$DIK1")
	expect 0 "DIK1 2: KCV $kcv" "" -- "$A" dik1 import --hex "$DIK1" \
		--kcv "$kcv" --label "imported"
	stdin=<(echo "$DIK1") expect 0 "DIK1 3: KCV $kcv" "" -- "$A" dik1 \
		import --hex -
	expect 0 "imported" "" -- "$A" dik1 list
	check "list shows the KCV" grep -q "^2 .*$kcv" "$work/out"

	refused 2 "--kcv: the key's KCV is $kcv, not 000000" -- dik1 import \
		--hex "$DIK1" --kcv 000000
	refused 2 "--hex: 46 hex digits; 48 expected" -- dik1 import \
		--hex "${DIK1:0:46}"
	refused 2 "--hex: character 5 is not a hex digit" -- dik1 import \
		--hex "1F2EXD4C5B6A79880F1E2D3C4B5A6978C1D2E3F405162738"
	refused 2 "degenerate" -- dik1 import --hex \
		"${DIK1:0:16}${DIK1:0:16}${DIK1:32:16}"
	refused 2 "--hex or --file (one of them)" -- dik1 import
	refused 2 "--hex or --file (one of them)" -- dik1 import \
		--hex "$DIK1" --file /dev/null
	refused 2 "--label: 0-64 printable" -- dik1 generate \
		--label "$(printf 'x%.0s' $(seq 65))"
	printf '# a comment\n%s\n' "$DIK1" >"$work/dik1.hex"
	chmod 644 "$work/dik1.hex"
	refused 2 "has mode 0644: a file holding a clear key must be \
readable by its owner only" -- dik1 import --file "$work/dik1.hex"
	chmod 600 "$work/dik1.hex"
	printf '%s\n%s\n' "$DIK1" "$DIK1" >>"$work/dik1.hex"
	refused 2 "dik1.hex:3: a second key line" -- dik1 import \
		--file "$work/dik1.hex"
	refused 2 "--file: $work/none" -- dik1 import --file "$work/none"
	printf '# a comment\n\n%s\r\n' "$DIK1" >"$work/dik1.hex"
	expect 0 "DIK1 4: KCV $kcv" "" -- "$A" dik1 import --file \
		"$work/dik1.hex"
}

test_export() {
	local line
	refused 1 "no DIK1 with id 99" -- dik1 export --id 99 \
		--out "$work/x.txt"
	check "no file for a refused export" test ! -e "$work/x.txt"
	refused 2 "--id: '0' is out of range" -- dik1 export --id 0 \
		--out "$work/x.txt"
	expect 0 "written to $work/dik1-2.txt (mode 0600)" "" -- "$A" \
		dik1 export --id 2 --out "$work/dik1-2.txt"
	check "export is 0600" test "$(mode "$work/dik1-2.txt")" = 600
	line=$(grep -v '^#' "$work/dik1-2.txt")
	check "export holds the DIK1" test "$line" = "$DIK1"
	check "export names it" grep -q "^# pinpad-rkd DIK1 2, KCV" \
		"$work/dik1-2.txt"
	refused 2 "(an export never replaces a file)" -- dik1 export --id 2 \
		--out "$work/dik1-2.txt"
	expect 0 "admin: dik1 export: DIK1 2 KCV" "" -- "$A" audit
	# what it wrote reads back (the factory's format is the same)
	expect 0 "DIK1 5: KCV $(kcv_of "$DIK1")" "" -- "$A" dik1 import \
		--file "$work/dik1-2.txt"
}

test_devices() {
	expect 0 "device PP-0001 added (DIK1 2)" "" -- "$A" device add \
		--dsn PP-0001 --dik1 2
	expect 0 "added" "" -- "$A" device add --dsn 'A!#$%&()*+,-./:;<=>?@[]^_`{|}~' \
		--dik1 1
	refused 1 "DSN 'PP-0001' exists already" -- device add --dsn PP-0001 \
		--dik1 1
	refused 1 "no DIK1 with id 42" -- device add --dsn PP-0002 --dik1 42
	refused 2 "character 3 is not graphic ASCII" -- device add \
		--dsn "PP 2" --dik1 1
	refused 2 "a DSN is 1-32 characters, not 33" -- device add \
		--dsn "$(printf 'D%.0s' $(seq 33))" --dik1 1
	refused 2 "a DSN is 1-32 characters, not 0" -- device add --dsn "" \
		--dik1 1
	refused 2 "--dik1: '0' is out of range" -- device add --dsn PP-0002 \
		--dik1 0
	refused 2 "--dik1: '-1' is not a number" -- device add --dsn PP-0002 \
		--dik1 -1
	refused 2 "missing --dik1" -- device add --dsn PP-0002
	expect 0 "PP-0001" "" -- "$A" device list
	check "list: DIK1 and state" grep -q "^PP-0001 *2 *0 *active" \
		"$work/out"
	expect 0 "state:     active" "" -- "$A" device show PP-0001
	refused 1 "no device with DSN 'PP-0009'" -- device show PP-0009
	refused 2 "missing DSN" -- device show
}

test_import() {
	local f=$work/devices.csv
	printf 'dsn,dik1_id\n# line 2 is a comment\nCSV-1,1\r\n\nCSV-2,2\n' \
		>"$f"
	expect 0 "2 devices imported from $f" "" -- "$A" device import \
		--csv "$f"
	expect 0 "CSV-2" "" -- "$A" device list

	printf 'CSV-3,1\nCSV-4,1\nCSV-5 1\n' >"$f"
	refused 2 "$f:3: expected DSN,DIK1_ID" -- device import --csv "$f"
	printf 'CSV-3,1\nCSV-4,x\n' >"$f"
	refused 2 "$f:2: DIK1 id 'x' is not a number" -- device import \
		--csv "$f"
	printf 'CSV-3,1\nCSV 4,1\n' >"$f"
	refused 2 "$f:2: 'CSV 4': character 4 is not graphic ASCII" -- \
		device import --csv "$f"
	printf 'CSV-3,1\nCSV-4,1\nCSV-3,2\n' >"$f"
	refused 1 "$f:3: DSN 'CSV-3' exists already" -- device import \
		--csv "$f"
	printf 'CSV-3,1\nCSV-1,1\n' >"$f"
	refused 1 "$f:2: DSN 'CSV-1' exists already" -- device import \
		--csv "$f"
	printf 'CSV-3,1\nCSV-4,77\n' >"$f"
	refused 1 "$f:2: no DIK1 with id 77" -- device import --csv "$f"
	check "says nothing was imported" grep -q "nothing was imported" \
		"$work/err"
	refused 2 "--csv: $work/none.csv" -- device import \
		--csv "$work/none.csv"
	stdin=<(printf 'STDIN-1,1\n') expect 0 "1 devices imported from -" \
		"" -- "$A" device import --csv -

	# Bulk: one transaction, one prepared statement.
	seq -f "BULK-%07g,1" 1 200000 >"$f"
	local t0 t1
	t0=$(date +%s.%N)
	expect 0 "200000 devices imported" "" -- "$A" device import --csv "$f"
	t1=$(date +%s.%N)
	echo "  device import: 200000 devices in $(echo "$t1 - $t0" | bc) s"
	check "200000 devices there" test "$(sqlite3 "$RKS_DB" \
		"SELECT count(*) FROM devices WHERE dsn LIKE 'BULK-%'")" = 200000
	# A bad last line of a big file aborts all of it.
	seq -f "MORE-%07g,1" 1 50000 >"$f"
	echo "BULK-0000001,1" >>"$f"
	refused 1 "$f:50001: DSN 'BULK-0000001' exists already" -- \
		device import --csv "$f"
}

test_keys() {
	local kcv16 kcv24
	kcv16=$(kcv_of "$K16")
	kcv24=$(kcv_of "$K24")
	expect 0 "key 1: DSN PP-0001 slot 0 tmk, 24 bytes, KCV" "" -- \
		"$A" key generate --dsn PP-0001 --slot 0 --usage tmk
	expect 0 "slot 1 tmk, 16 bytes" "" -- "$A" key generate \
		--dsn PP-0001 --slot 1 --usage TMK --length 16
	expect 0 "slot 16 pin, 16 bytes, KCV $kcv16; pending delivery" "" \
		-- "$A" key import --dsn PP-0001 --slot 16 --usage pin \
		--hex "$K16" --kcv "$kcv16"
	expect 0 "slot 47 data, 24 bytes, KCV $kcv24" "" -- "$A" key import \
		--dsn PP-0001 --slot 47 --usage data --hex "${K24,,}"
	stdin=<(echo "$K16") expect 0 "slot 17 mac, 16 bytes, KCV $kcv16" \
		"" -- "$A" key import --dsn PP-0001 --slot 17 --usage mac \
		--hex -

	refused 2 "slot 16 cannot hold a tmk key: TMKs go in slots 0-15" -- \
		key generate --dsn PP-0001 --slot 16 --usage tmk
	refused 2 "slot 15 cannot hold a pin key: PIN, MAC and DATA keys go \
in slots 16-47" -- key generate --dsn PP-0001 --slot 15 --usage pin
	refused 2 "--slot: '48' is out of range (0-47)" -- key generate \
		--dsn PP-0001 --slot 48 --usage data
	refused 2 "--usage: 'kek' is not tmk, pin, mac or data" -- \
		key generate --dsn PP-0001 --slot 20 --usage kek
	refused 2 "--length: '20'; a key is 16 or 24 bytes" -- key generate \
		--dsn PP-0001 --slot 20 --usage mac --length 20
	refused 2 "character 3 is not graphic ASCII" -- key generate \
		--dsn "PP 1" --slot 20 --usage mac
	refused 1 "no device with DSN 'PP-0009'" -- key generate \
		--dsn PP-0009 --slot 20 --usage mac
	refused 1 "slot 0 of DSN 'PP-0001' has a key waiting for delivery \
already (key 1)" -- key generate --dsn PP-0001 --slot 0 --usage tmk
	refused 1 "slot 16 of DSN 'PP-0001' has a key waiting" -- key import \
		--dsn PP-0001 --slot 16 --usage pin --hex "$K16"
	refused 2 "--kcv: the key's KCV is $kcv16, not ABCDEF" -- key import \
		--dsn PP-0001 --slot 20 --usage mac --hex "$K16" --kcv ABCDEF
	refused 2 "--hex: a key is 32 or 48 hex digits (16 or 24 bytes), \
not 40" -- key import --dsn PP-0001 --slot 20 --usage mac \
		--hex "${K24:0:40}"
	refused 2 "--hex: character 32 is not a hex digit" -- key import \
		--dsn PP-0001 --slot 20 --usage mac --hex "${K16:0:31}G"
	refused 2 "degenerate" -- key import --dsn PP-0001 --slot 20 \
		--usage mac --hex "${K16:0:16}${K16:0:16}"
	refused 2 "--kcv: 'XYZ123' is not hex" -- key import --dsn PP-0001 \
		--slot 20 --usage mac --hex "$K16" --kcv XYZ123
	refused 2 "missing --hex" -- key import --dsn PP-0001 --slot 20 \
		--usage mac

	expect 0 "PP-0001" "" -- "$A" key list --dsn PP-0001
	check "key list: slot 16" grep -q \
		"PP-0001 *16 *pin *16 *$kcv16 *pending" "$work/out"
	check "key list: slot 47" grep -q \
		"PP-0001 *47 *data *24 *$kcv24 *pending" "$work/out"
	check "key list: 5 keys" test "$(grep -c PP-0001 "$work/out")" = 5
	expect 0 "keys:      5 pending, 0 delivered" "" -- "$A" device show \
		PP-0001
	check "show: KCVs" grep -q "16 *pin *16 *$kcv16 *pending" "$work/out"
	expect 0 "ID" "" -- "$A" key list
	refused 2 "--dsn: a DSN is 1-32 characters" -- key list --dsn ""
	test_keys_csv
}

# key generate --csv: one transaction for them all, or nothing stored.
# On a copy of the database: the later tests count its keys.
test_keys_csv() {
	local f="$work/keys.csv" copy="$work/csv.db"

	sqlite3 "$RKS_DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
	cp "$RKS_DB" "$copy"
	local RKS_DB=$copy
	export RKS_DB

	printf '# DSN,SLOT,USAGE[,LENGTH]\nPP-0001,2,tmk\n\nPP-0001,20,mac,16\n' \
		>"$f"
	expect 0 "2 keys generated; pending delivery" "" -- "$A" key \
		generate --csv "$f"
	check "csv: 7 keys" test "$("$A" key list --dsn PP-0001 | \
		grep -c PP-0001)" = 7
	check "csv: slot 20 mac 16" grep -q "admin: key add.*slot 20 mac 16" \
		<("$A" audit --dsn PP-0001)
	printf 'PP-0001,3,tmk\nPP-0001,3,tmk\n' >"$f"
	refused 1 "key 2 of 2 (DSN PP-0001 slot 3): no key stored" -- key \
		generate --csv "$f"
	printf 'PP-0001,3,tmk\nPP-0001,16,tmk\n' >"$f"
	refused 2 "keys.csv:2: slot: slot 16 cannot hold a tmk key" -- key \
		generate --csv "$f"
	printf 'PP-0001,3\n' >"$f"
	refused 2 "keys.csv:1: expected DSN,SLOT,USAGE[,LENGTH]" -- key \
		generate --csv "$f"
	refused 2 "give --dsn, --slot and --usage, or --csv FILE" -- key \
		generate --csv "$f" --dsn PP-0001
}

test_unlock() {
	sqlite3 "$RKS_DB" "UPDATE devices SET locked = 1, failures = 5 \
		WHERE dsn = 'PP-0001'"
	expect 0 "state:     locked" "" -- "$A" device show PP-0001
	expect 0 "device PP-0001 unlocked (it was locked, with 5 \
consecutive failures)" "" -- "$A" device unlock PP-0001
	expect 0 "state:     active" "" -- "$A" device show PP-0001
	check "failures reset" grep -q "failures:  0 consecutive" "$work/out"
	refused 0 "" -- device unlock PP-0001
	check "nothing to unlock" grep -q "was not locked" "$work/out"
	refused 1 "no device with DSN 'PP-0009'" -- device unlock PP-0009
	expect 0 "admin: device unlock: was locked, 5 consecutive failures" \
		"" -- "$A" audit --dsn PP-0001

	# the server's lock is temporary: shown with its end, and the back-off
	sqlite3 "$RKS_DB" "UPDATE devices SET failures = 5, locks = 2, \
		locked_until = strftime('%s', 'now') + 3600 WHERE dsn = 'PP-0001'"
	expect 0 "state:     locked until 20" "" -- "$A" device show PP-0001
	check "back-off shown" grep -q "locks:     2 since the last delivery" \
		"$work/out"
	expect 0 "device PP-0001 unlocked (it was locked, with 5 \
consecutive failures)" "" -- "$A" device unlock PP-0001
	check "back-off cleared" test "$(sqlite3 "$RKS_DB" "SELECT locks, \
		locked_until FROM devices WHERE dsn = 'PP-0001'")" = "0|0"

	# the administrator's lock: for good, audited; twice changes nothing
	expect 0 "device PP-0001 locked until an administrator unlocks it" \
		"" -- "$A" device lock PP-0001
	expect 0 "state:     locked" "" -- "$A" device show PP-0001
	check "lock: the locked column" test "$(sqlite3 "$RKS_DB" "SELECT \
		locked, locked_until FROM devices WHERE dsn = 'PP-0001'")" = "1|0"
	refused 0 "" -- device lock PP-0001
	check "locked already" grep -q "was locked already" "$work/out"
	refused 1 "no device with DSN 'PP-0009'" -- device lock PP-0009
	refused 2 "" -- device lock "bad dsn"
	expect 0 "admin: device lock: locked until an administrator unlocks \
it" "" -- "$A" audit --dsn PP-0001
	expect 0 "" "" -- "$A" device unlock PP-0001
}

test_audit() {
	expect 0 "admin: key add" "" -- "$A" audit --dsn PP-0001 --limit 0
	check "audit --dsn: that device only" test "$(grep -c 'CSV-1' \
		"$work/out")" = 0
	expect 0 "OUTCOME" "" -- "$A" audit --limit 2
	check "audit --limit 2" test "$(wc -l <"$work/out")" = 3
	expect 0 "admin: init: database created" "" -- "$A" audit --limit 0
	refused 2 "--limit: 'x' is not a number" -- audit --limit x
	refused 2 "--dsn:" -- audit --dsn "a b"
	# The audit trail is append-only.
	check "audit rows cannot be deleted" test "$(sqlite3 "$RKS_DB" \
		'DELETE FROM audit' 2>&1 | grep -c append-only)" = 1
}

# Swaps the sealed values of two rows of @table with sqlite3.
swap() {
	local a b
	a=$(sqlite3 "$RKS_DB" "SELECT hex(value) FROM $1 WHERE id = $2")
	b=$(sqlite3 "$RKS_DB" "SELECT hex(value) FROM $1 WHERE id = $3")
	sqlite3 "$RKS_DB" "UPDATE $1 SET value = X'$b' WHERE id = $2; \
		UPDATE $1 SET value = X'$a' WHERE id = $3"
}

test_verify() {
	expect 0 "stored keys checked: all authenticate" "" -- "$A" verify
	# keys 1 (PP-0001 slot 0) and 4 (slot 47): both 24 bytes
	swap keys 1 4
	expect 4 "key 1: does not authenticate for its row" \
		"2 of 10 stored keys fail their checks" -- "$A" verify
	check "and key 4" grep -q "key 4: does not authenticate" "$work/out"
	swap keys 1 4
	swap dik1s 2 3
	expect 4 "" "the stored value of DIK1 2 does not authenticate for \
its row" -- "$A" dik1 export --id 2 --out "$work/x2.txt"
	check "no file from a refused export" test ! -e "$work/x2.txt"
	swap dik1s 2 3
	expect 0 "all authenticate" "" -- "$A" verify
	sqlite3 "$RKS_DB" "UPDATE keys SET kcv = X'000000' WHERE id = 2"
	expect 4 "key 2: decrypts, but not to a key with its stored KCV" \
		"" -- "$A" verify
}

# Retention (#14): archive, verify, tamper; DELETE stays refused but for
# the archive's own.
test_archive() {
	local n a=$work/archive-1.txt t=$work/tampered.txt
	n=$(sqlite3 "$RKS_DB" "SELECT count(*) FROM audit")
	refused 2 "--before '2026-13-01': a date is YYYY-MM-DD" -- audit \
		archive --before 2026-13-01 --out "$a"
	refused 1 "no audit record to archive" -- audit archive \
		--before 2000-01-01 --out "$a"
	check "no file from a refused archive" test ! -e "$a"
	expect 0 "records 1-$n ($n, older than 2999-01-01T00:00:00Z) moved" \
		"" -- "$A" audit archive --before 2999-01-01 --out "$a"
	check "archive 0600" test "$(mode "$a")" = 600
	check "archive: header, $n records, trailer" \
		test "$(wc -l <"$a")" = $((n + 2))
	check "archive: header" grep -q "^rks-audit-archive 1 older_than=\
32472144000 first=1 last=$n count=$n\$" "$a"
	check "the records left the table; the archive's own record stays" \
		test "$(sqlite3 "$RKS_DB" "SELECT count(*), min(id), outcome \
		FROM audit")" = "1|$((n + 1))|admin: audit archive"
	check "the archive is recorded" test "$(sqlite3 "$RKS_DB" "SELECT \
		first_id, last_id, count FROM audit_archives")" = "1|$n|$n"
	refused 1 "exists already: an archive is never overwritten" -- audit \
		archive --before 2999-01-01 --out "$a"
	expect 0 "intact: records 1-$n ($n)" "" -- "$A" audit \
		verify-archive "$a"
	check "recorded as archive 1" grep -q "as archive 1 on" "$work/out"

	# altered, deleted, moved, cut: the first bad line is named
	sed '3s/admin/Admin/' "$a" >"$t"
	expect 4 "" "tampered.txt:3: the hash chain breaks here" -- "$A" \
		audit verify-archive "$t"
	sed '3d' "$a" >"$t"
	expect 4 "" "tampered.txt:3: the hash chain breaks here" -- "$A" \
		audit verify-archive "$t"
	awk 'NR == 3 { h = $0; next } NR == 4 { print; print h; next } 1' \
		"$a" >"$t"
	expect 4 "" "tampered.txt:3: the hash chain breaks here" -- "$A" \
		audit verify-archive "$t"
	head -n -1 "$a" >"$t"
	expect 4 "" "tampered.txt:$((n + 2)): the file ends before its \
trailer" -- "$A" audit verify-archive "$t"
	sed '$s/count=[0-9]*/count=1/' "$a" >"$t"
	expect 4 "" "tampered.txt:$((n + 2)): the trailer counts 1" -- "$A" \
		audit verify-archive "$t"
	sed '1s/first=1 /first=2 /' "$a" >"$t"
	expect 4 "" "tampered.txt:2: the hash chain breaks here" -- "$A" \
		audit verify-archive "$t"

	# everything else still may not delete, or move the watermark
	check "DELETE refused" test "$(sqlite3 "$RKS_DB" "DELETE FROM audit" \
		2>&1 | grep -c 'append-only')" = 1
	check "watermark stays" test "$(sqlite3 "$RKS_DB" "UPDATE \
		audit_watermark SET id = id + 1" 2>&1 | grep -c 'only rises')" = 1
	check "watermark not lowered" test "$(sqlite3 "$RKS_DB" "UPDATE \
		audit_watermark SET id = 0" 2>&1 | grep -c 'only rises')" = 1
	check "archive records stay" test "$(sqlite3 "$RKS_DB" "DELETE FROM \
		audit_archives" 2>&1 | grep -c 'does not change')" = 1
	check "the trail is whole" test "$(sqlite3 "$RKS_DB" "SELECT \
		count(*) FROM audit")" = 1

	# the next archive follows on; a file the database does not know
	expect 0 "records $((n + 1))-$((n + 1)) (1," "" -- "$A" audit \
		archive --before 2999-01-01 --out "$work/archive-2.txt"
	expect 0 "as archive 2" "" -- "$A" audit verify-archive \
		"$work/archive-2.txt"
	expect 0 "intact" "" -- "$A" audit verify-archive "$a"
	sed 's/^rks-audit-archive 1 older_than=[0-9]*/rks-audit-archive 1 older_than=1/' \
		"$work/archive-2.txt" >"$t"
	expect 4 "" "tampered.txt:2: the hash chain breaks here" -- "$A" \
		audit verify-archive "$t"
}

# A database one step behind (the last step of keydb/db_schema.c undone:
# today the key-block step's keys table; when a step is added, this undoes
# the new last one) is refused until `rks-admin db migrate`.
test_migrate() {
	local before
	expect 0 "schema version $schema on SQLite" "" -- "$A" db migrate
	sqlite3 "$RKS_DB" "CREATE TABLE k1 (id INTEGER PRIMARY KEY, dsn TEXT \
		NOT NULL REFERENCES devices(dsn), slot INTEGER NOT NULL, usage \
		INTEGER NOT NULL, len INTEGER NOT NULL CHECK (len IN (16, 24)), \
		value BLOB NOT NULL, kcv BLOB NOT NULL, status TEXT NOT NULL \
		DEFAULT 'pending', created INTEGER NOT NULL, delivered INTEGER); \
		INSERT INTO k1 SELECT id, dsn, slot, usage, len, value, kcv, \
		status, created, delivered FROM keys; DROP TABLE keys; \
		ALTER TABLE k1 RENAME TO keys; \
		PRAGMA user_version = $((schema - 1))"
	expect 3 "" "older than this program's ($schema): run \`rks-admin db migrate\`" \
		-- "$A" dik1 list
	expect 0 "schema version $schema on SQLite" "" -- "$A" db migrate
	check "migrated: the keys have their attributes again" test \
		"$(sqlite3 "$RKS_DB" "SELECT count(kb_usage) FROM keys; PRAGMA \
		user_version")" = "0
$schema"
	expect 0 "" "" -- "$A" dik1 list
	before=$(dump)
	expect 0 "schema version $schema on SQLite" "" -- "$A" db migrate
	check "migrate on a current schema changes nothing" test \
		"$(dump)" = "$before"
}

test_help
test_init
test_migrate
test_work_cert
test_revoke
test_master_key
test_dik1
test_export
test_devices
test_import
test_keys
test_unlock
test_audit
test_verify
test_archive
summary
