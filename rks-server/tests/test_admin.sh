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
		 "audit verify" "audit checkpoint" "audit export" \
		 "backup" "restore" "device retire" "key cancel" \
		 "dik1 retire" "rotate-master-key" \
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
		--out "$work/x.txt" --unsafe-single-file
	check "no file for a refused export" test ! -e "$work/x.txt"
	refused 2 "--id: '0' is out of range" -- dik1 export --id 0 \
		--out "$work/x.txt" --unsafe-single-file
	expect 0 "written to $work/dik1-2.txt (mode 0600)" "" -- "$A" \
		dik1 export --id 2 --out "$work/dik1-2.txt" --unsafe-single-file
	check "export is 0600" test "$(mode "$work/dik1-2.txt")" = 600
	line=$(grep -v '^#' "$work/dik1-2.txt")
	check "export holds the DIK1" test "$line" = "$DIK1"
	check "export names it" grep -q "^# pinpad-rkd DIK1 2, KCV" \
		"$work/dik1-2.txt"
	refused 2 "(an export never replaces a file)" -- dik1 export --id 2 \
		--out "$work/dik1-2.txt" --unsafe-single-file
	expect 0 "admin: dik1 export: DIK1 2 KCV" "" -- "$A" audit
	# what it wrote reads back (the factory's format is the same)
	expect 0 "DIK1 5: KCV $(kcv_of "$DIK1")" "" -- "$A" dik1 import \
		--file "$work/dik1-2.txt"
}

# The one hex line of key file $1.
key_line() { grep -v '^#' "$1" | grep .; }

# Split knowledge (#16): a DIK1 as two custodians' components, in and out.
test_components() {
	local c1=0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF c2 k1 k2 kcv
	local f1=$work/comp-alice f2=$work/comp-bob l1 l2 id
	c2=$(xor_hex "$c1" "$DIK1")
	secrets+=" $c1 $c2"
	kcv=$(kcv_of "$DIK1") k1=$(kcv_of "$c1") k2=$(kcv_of "$c2")
	(umask 077; echo "$c1" >"$f1"; echo "$c2" >"$f2")
	expect 0 "KCV $kcv" "KCV $k2 checked" -- "$A" dik1 import \
		--custodians alice,bob --component-files "$f1,$f2" \
		--component-kcvs "$k1,$k2" --label "from components"
	check "alice's component checked" grep -q \
		"component 1 of 2 (custodian alice): KCV $k1 checked" "$work/err"
	id=$(sed -n 's/^DIK1 \([0-9]*\): .*/\1/p' "$work/out")
	expect 0 "custodians alice, bob" "" -- "$A" audit
	# typed at a terminal (script(1) gives it a pty): echo is off, so
	# the terminal shows neither component (the sleeps let the prompt,
	# and echo off, come before each line)
	stdin=<(sleep 1; echo "$c1"; sleep 1; echo "$c2"; sleep 1) expect 0 \
		"component 2 of 2 (custodian bob): KCV $k2 checked" "" -- \
		script -qec "$A dik1 import --custodians alice,bob \
--component-kcvs $k1,$k2 --label typed" /dev/null
	check "typed: the DIK1's KCV" grep -q "KCV $kcv" "$work/out"
	check "typed: a prompt names alice" grep -q \
		"alice, component 1 (custodian alice) of 2: 48 hex digits (not \
shown)" "$work/out"
	refused 2 "one custodian is no split knowledge" -- dik1 import \
		--custodians alice --component-files "$f1" --component-kcvs "$k1"
	refused 2 "component 2 (custodian bob): its KCV is $k2, not 000000" \
		-- dik1 import --custodians alice,bob --component-files \
		"$f1,$f2" --component-kcvs "$k1,000000"
	refused 2 "--custodians: alice twice" -- dik1 import \
		--custodians alice,alice --component-files "$f1,$f2" \
		--component-kcvs "$k1,$k2"
	refused 2 "give one KCV per custodian (2)" -- dik1 import \
		--custodians alice,bob --component-files "$f1,$f2"
	refused 2 "stdin is no terminal" -- dik1 import \
		--custodians alice,bob --component-kcvs "$k1,$k2"
	refused 2 "(one of them), or as components with --custodians" -- dik1 \
		import --hex "$DIK1" --custodians alice,bob \
		--component-kcvs "$k1,$k2"
	refused 2 "at most 3 components" -- dik1 import --custodians a,b,c,d \
		--component-kcvs 1,2,3,4
	refused 2 "--custodians A,B[,C]" -- dik1 export --id "$id" \
		--out "$work/split"
	check "no file without a choice" test ! -e "$work/split"
	refused 2 "one custodian is no split knowledge" -- dik1 export \
		--id "$id" --out "$work/split" --custodians carol

	# out again as two fresh components, one file per custodian
	expect 0 "component 2 of 2 for custodian dave written to \
$work/split.2 (mode 0600), KCV" "" -- "$A" dik1 export --id "$id" \
		--out "$work/split" --custodians carol,dave
	check "no single file" test ! -e "$work/split"
	check "no third file" test ! -e "$work/split.3"
	check "component 1 is 0600" test "$(mode "$work/split.1")" = 600
	check "component 2 is 0600" test "$(mode "$work/split.2")" = 600
	l1=$(key_line "$work/split.1") l2=$(key_line "$work/split.2")
	secrets+=" $l1 $l2"
	check "no file holds the DIK1" test "$(grep -ci "$DIK1" \
		"$work/split.1" "$work/split.2" | grep -c ':0$')" = 2
	check "the components make the DIK1" test "$(xor_hex "$l1" "$l2")" \
		= "$DIK1"
	check "fresh components" test "$l1" != "$c1" -a "$l1" != "$c2"
	check "each file names its custodian and KCV" grep -q \
		"custodian carol, KCV $(kcv_of "$l1")" "$work/split.1"
	check "stdout shows component 1's KCV" grep -q \
		"carol written to $work/split.1 (mode 0600), KCV $(kcv_of "$l1")" \
		"$work/out"
	expect 0 "to custodian carol;" "" -- "$A" audit
	check "the audit names dave" grep -q "split.2 to custodian dave" \
		"$work/out"
	# the factory's side: the two files combine to the same KCV
	expect 0 "KCV $kcv" "" -- "$A" dik1 import --custodians carol,dave \
		--component-files "$work/split.1,$work/split.2" \
		--component-kcvs "$(kcv_of "$l1"),$(kcv_of "$l2")"

	# a TMK (key import) from three custodians, 16 bytes
	expect 0 "device PP-COMP added" "" -- "$A" device add --dsn PP-COMP \
		--dik1 "$id"
	local t1=${c1:0:32} t2=${K24:0:32} t3 tf=$work/comp-tmk
	t3=$(xor_hex "$(xor_hex "$t1" "$t2")" "$K16")
	secrets+=" $t3"
	(umask 077; echo "$t1" >"$tf.1"; echo "$t2" >"$tf.2"; echo "$t3" >"$tf.3")
	refused 2 "component 3 (custodian erin): its KCV is $(kcv_of "$t3"), \
not 000000" -- key import --dsn PP-COMP --slot 0 --usage tmk --length 16 \
		--custodians carol,dave,erin --component-files "$tf.1,$tf.2,$tf.3" \
		--component-kcvs "$(kcv_of "$t1"),$(kcv_of "$t2"),000000"
	refused 2 "missing --hex (the key), or --custodians" \
		-- key import --dsn PP-COMP --slot 0 --usage tmk
	refused 2 "--hex or --custodians, not both" -- key import --dsn \
		PP-COMP --slot 0 --usage tmk --hex "$K16" --custodians a,b
	expect 0 "16 bytes, KCV $(kcv_of "$K16")" "" -- "$A" key import \
		--dsn PP-COMP --slot 0 --usage tmk --length 16 \
		--custodians carol,dave,erin --component-files "$tf.1,$tf.2,$tf.3" \
		--component-kcvs "$(kcv_of "$t1"),$(kcv_of "$t2"),$(kcv_of "$t3")"
	expect 0 "custodians carol, dave, erin" "" -- "$A" audit
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

	test_import_rfc4180 "$f"

	# Bulk: one prepared statement; one part (one transaction, one
	# audit record: test_audit_chain counts on fewer than 64 records)
	seq -f "BULK-%07g,1" 1 200000 >"$f"
	local t0 t1
	t0=$(date +%s.%N)
	expect 0 "200000 devices imported" "" -- "$A" device import --csv "$f" \
		--chunk 200000
	t1=$(date +%s.%N)
	echo "  device import: 200000 devices in $(echo "$t1 - $t0" | bc) s"
	check "200000 devices there" test "$(sqlite3 "$RKS_DB" \
		"SELECT count(*) FROM devices WHERE dsn LIKE 'BULK-%'")" = 200000
	# A bad last line of a big file aborts all of it.
	seq -f "MORE-%07g,1" 1 50000 >"$f"
	echo "BULK-0000001,1" >>"$f"
	refused 1 "$f:50001: DSN 'BULK-0000001' exists already" -- \
		device import --csv "$f"
	refused 2 "--chunk: '0' is out of range" -- device import --csv "$f" --chunk 0
	test_import_resume
}

# An import killed while it adds its parts (--chunk 100: a part per
# transaction) leaves whole parts; the same import again is refused at
# the first DSN there, and with --resume it adds the rest, once.
test_import_resume() {
	local f=$work/resume.csv n pid i
	# a database of its own: its audit records stay out of the others'
	sqlite3 "$RKS_DB" ".backup '$work/resume.db'"
	chmod 600 "$work/resume.db"
	local RKS_DB=$work/resume.db
	q() { sqlite3 "$RKS_DB" "SELECT count(*) FROM devices WHERE dsn LIKE 'KILL-%'"; }
	seq -f "KILL-%07g,1" 1 200000 >"$f"
	"$A" device import --csv "$f" --chunk 100 >/dev/null 2>&1 &
	pid=$!
	for i in $(seq 3000); do
		n=$(q)
		[ "$n" -gt 0 ] && break
		sleep 0.01
	done
	kill -9 "$pid"
	wait "$pid" 2>/dev/null
	n=$(q)
	echo "  device import killed after $n of 200000 devices"
	check "killed while adding: some parts in ($n)" \
		test "$n" -gt 0 -a "$n" -lt 200000
	check "killed while adding: whole parts only ($n)" \
		test $((n % 100)) = 0
	check "each part audited" test "$(sqlite3 "$RKS_DB" "SELECT count(*) \
FROM audit WHERE detail LIKE '100 devices from $f (part %'")" = $((n / 100))
	refused 1 "$f:1: DSN 'KILL-0000001' exists already" -- \
		device import --csv "$f"
	expect 0 "$((200000 - n)) devices imported from $f ($n there already)" \
		"" -- "$A" device import --csv "$f" --resume
	check "resumed: every device once" test "$(q)" = 200000
	expect 0 "0 devices imported from $f (200000 there already)" "" -- \
		"$A" device import --csv "$f" --resume
	check "resumed twice: nothing more" test "$(q)" = 200000
}

# RFC 4180: quotes, doubled quotes, CRLF, a byte order mark; a NUL or a
# malformed line refused with its line number, nothing imported.
test_import_rfc4180() {
	local f=$1 q
	q() { sqlite3 "$RKS_DB" "SELECT count(*) FROM devices WHERE dsn = '$1'"; }
	printf '"Q-1",1\r\n"Q""2",1\r\n"Q,3","1"\r\nQ-4,1' >"$f"
	expect 0 "4 devices imported" "" -- "$A" device import --csv "$f"
	check "quoted DSN stored without its quotes" test "$(q Q-1)" = 1
	check "no DSN stored with its quotes" test "$(q '"Q-1"')" = 0
	check "doubled quote is one quote" test "$(q 'Q"2')" = 1
	check "quoted comma in a DSN" test "$(q 'Q,3')" = 1
	check "last line without a line end" test "$(q Q-4)" = 1
	printf '\357\273\277dsn,dik1_id\r\nBOM-1,1\r\n' >"$f"
	expect 0 "1 devices imported" "" -- "$A" device import --csv "$f"
	check "BOM stripped, header skipped" test "$(q BOM-1)" = 1

	printf 'N-1,1\nN-2,1\nN\000-3,1\nN-4,1\n' >"$f"
	refused 2 "$f:3: a NUL byte" -- device import --csv "$f"
	check "NUL: nothing imported" grep -q "nothing was imported" \
		"$work/err"
	check "NUL: N-1 rolled back" test "$(q N-1)" = 0
	printf 'M-1,1\n"M-2,1\nM-3,1\n' >"$f"
	refused 2 "$f:2: a quoted field opened on line 2 never closes" -- \
		device import --csv "$f"
	printf 'M-1,1\nM"2,1\n' >"$f"
	refused 2 "$f:2: field 1: a quote in a field not enclosed in quotes" \
		-- device import --csv "$f"
	printf 'M-1,1\n\n"M-2"x,1\n' >"$f"
	refused 2 "$f:3: field 1: 'x' after its closing quote" -- \
		device import --csv "$f"
	printf 'M-1,1\rM-2,1\n' >"$f"
	refused 2 "$f:1: a CR not followed by LF" -- device import --csv "$f"
	printf 'M-1,1\n"M\n-2",1\n' >"$f"
	refused 2 "$f:2: 'M?-2': character 2 is not graphic ASCII" -- \
		device import --csv "$f"
	printf 'M-1,1\nM-2,1,3\n' >"$f"
	refused 2 "$f:2: expected DSN,DIK1_ID" -- device import --csv "$f"
	printf 'M-1,1\n\357\273\277M-2,1\n' >"$f"
	refused 2 "$f:2: '???M-2': character 1 is not graphic ASCII" -- \
		device import --csv "$f"
	check "malformed: nothing imported" test "$(q M-1)" = 0
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
	printf '\357\273\277"PP-0001","3","tmk"\r\nPP-0001,4,tmk,\n' >"$f"
	refused 2 "keys.csv:2: length ''; a key is 16 or 24 bytes" -- key \
		generate --csv "$f"
	printf 'PP-0001,3,tmk\nPP-0001,4,t\000mk\n' >"$f"
	refused 2 "keys.csv:2: a NUL byte" -- key generate --csv "$f"
	printf '\357\273\277"PP-0001","3","tmk"\r\n"PP-0001",4,tmk,"16"' \
		>"$f"
	expect 0 "2 keys generated" "" -- "$A" key generate --csv "$f"
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

# --json of every listing: one JSON array (checked by jq), the same rows as
# the text table, strings escaped (a file name with a tab and a byte that
# is not UTF-8, in an audit record's detail).
test_json() {
	local n f
	expect 0 "" "" -- "$A" device list --json
	check "device list --json: an array" jq -e 'type == "array"' \
		"$work/out" >/dev/null
	n=$("$A" device list | tail -n +2 | wc -l)
	check "device list --json: every device" test \
		"$(jq length "$work/out")" = "$n"
	check "device list --json: PP-0001" jq -e '.[] | select(.dsn ==
		"PP-0001") | .dik1_id == 2 and .state == "active" and
		(.created | test("^[0-9-]+T[0-9:]+Z$"))' "$work/out" >/dev/null
	expect 0 "" "" -- "$A" key list --dsn PP-0001 --json
	check "key list --json: 5 keys" test "$(jq length "$work/out")" = 5
	check "key list --json: pending, delivered null" jq -e 'all(.status ==
		"pending" and .delivered == null and (.kcv | length) == 6)' \
		"$work/out" >/dev/null
	expect 0 "" "" -- "$A" dik1 list --json
	check "dik1 list --json: labels" jq -e 'any(.label == "imported")' \
		"$work/out" >/dev/null
	f=$(printf '%s/a\tb\377.csv' "$work")
	printf 'JSON-1,1\n' >"$f"
	expect 0 "1 devices imported" "" -- "$A" device import --csv "$f"
	expect 0 "" "" -- "$A" audit --limit 1 --json
	check "audit --json: one record" test "$(jq length "$work/out")" = 1
	check "audit --json: escaped detail" jq -e '.[0].detail |
		contains("a\tb\ufffd.csv")' "$work/out" >/dev/null
	check "audit --json: fields" jq -e '.[0] | has("id") and has("time")
		and has("dsn") and .outcome != null and .peer != null' \
		"$work/out" >/dev/null
	expect 0 "" "" -- "$A" audit --dsn PP-0001 --limit 3 --json
	check "audit --dsn --json" jq -e 'length == 3 and
		all(.dsn == "PP-0001")' "$work/out" >/dev/null
	refused 2 "unknown option '--jsn'" -- device list --jsn
}

# The audit trail proves itself (#16): on copies whose triggers are
# dropped, a record deleted, altered or swapped with another is named by
# `audit verify` (read-only, without the master key); a trail cut after a
# checkpoint, and a forged checkpoint (with the master key), too.
test_audit_chain() {
	local copy="$work/chain.db" n drop
	drop="DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;"
	expect 0 "audit checkpoint at record" "" -- "$A" audit checkpoint
	expect 0 "audit trail intact" "" -- "$A" audit verify
	check "verify: MACs checked" grep -q "their MACs checked" "$work/out"
	n=$(sqlite3 "$RKS_DB" "SELECT max(id) FROM audit")
	echo "  audit chain: $n records"
	check "a checkpoint every 64 records" test "$(sqlite3 "$RKS_DB" \
		"SELECT count(*) FROM audit_checkpoints WHERE audit_id % 64 = 0 \
		AND audit_id < $n")" = $(((n - 1) / 64))
	sqlite3 "$RKS_DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
	cp "$RKS_DB" "$copy.orig"
	chmod 444 "$copy.orig"
	# a read-only copy, no master key: the chain alone
	RKS_DB=$copy.orig RKS_MASTER_KEY=$work/none expect 0 \
		"$n records follow the hash chain" "" -- "$A" audit verify
	check "verify: no MACs without the key" grep -q "MACs not checked" \
		"$work/out"
	RKS_DB=$copy.orig RKS_MASTER_KEY=$work/none expect 0 "" "" -- "$A" \
		audit --limit 1 --json
	check "audit: read without the master key" test \
		"$(jq '.[0].id' "$work/out")" = "$n"

	# bad $1: SQL on a fresh copy; verify must name record $2
	bad() {
		cp "$copy.orig" "$copy"
		chmod 644 "$copy"
		sqlite3 "$copy" "$drop $1"
		RKS_DB=$copy RKS_MASTER_KEY=$work/none expect 4 \
			"first bad record: $2" "$3" -- "$A" audit verify
	}
	bad "DELETE FROM audit WHERE id = 5" 5 "record 5 is missing (deleted)"
	bad "DELETE FROM audit WHERE id IN (3, 4)" 3 "record 3 is missing"
	bad "UPDATE audit SET detail = 'nothing to see' WHERE id = 6" 6 \
		"record 6 does not follow the hash chain"
	bad "UPDATE audit SET outcome = 'delivered' WHERE id = 2" 2 ""
	# swapped: each row takes the other's content (ids and chains stay)
	bad "CREATE TEMP TABLE t AS SELECT * FROM audit WHERE id IN (7, 9);
	     UPDATE audit SET (time, peer, dsn, outcome, detail,
	       delivered_keys, chain) = (SELECT time, peer, dsn, outcome,
	       detail, delivered_keys, chain FROM t WHERE t.id = 16 - audit.id)
	     WHERE id IN (7, 9)" 7 "record 7 does not follow"
	# whole rows re-ordered: ids exchanged
	bad "UPDATE audit SET id = -id WHERE id IN (10, 11);
	     UPDATE audit SET id = 21 + id WHERE id IN (-10, -11)" 10 ""
	# the last record gone: the checkpoint there says so
	bad "DELETE FROM audit WHERE id = $n" "$n" "checkpoint"
	# a checkpoint forged: only the master key tells
	cp "$copy.orig" "$copy"
	chmod 644 "$copy"
	sqlite3 "$copy" "DROP TRIGGER audit_checkpoints_no_update;
		UPDATE audit_checkpoints SET mac = zeroblob(28)"
	RKS_DB=$copy RKS_MASTER_KEY=$work/none expect 0 "audit trail intact" \
		"" -- "$A" audit verify
	RKS_DB=$copy expect 4 "first bad record: $n" "does not authenticate" \
		-- "$A" audit verify
	check "the original copy is intact" test "$(RKS_DB=$copy.orig \
		"$A" audit verify >/dev/null 2>&1; echo $?)" = 0

	# export: filters
	expect 0 "" "" -- "$A" audit export --format json --dsn PP-0001
	check "export --dsn" jq -e 'length > 0 and all(.dsn == "PP-0001")' \
		"$work/out" >/dev/null
	expect 0 "" "" -- "$A" audit export --format json \
		--outcome "admin: device add"
	check "export --outcome" jq -e 'length > 0 and
		all(.outcome == "admin: device add")' "$work/out" >/dev/null
	expect 0 "" "" -- "$A" audit export --format json --since 2000-01-01 \
		--until 2000-01-02
	check "export --since --until: none" test "$(jq length \
		"$work/out")" = 0
	expect 0 "" "" -- "$A" audit export --format json --since 2000-01-01
	check "export --since: all" test "$(jq length "$work/out")" = \
		"$(sqlite3 "$RKS_DB" "SELECT count(*) FROM audit")"
	refused 2 "--format 'csv': the format is json" -- audit export \
		--format csv
	refused 2 "--since 'yesterday': a date is" -- audit export \
		--format json --since yesterday
}

# backup and restore (#16; the backup under load: test_srv_backup.c):
# the copy is whole and audited; a restore elsewhere gives the same rows;
# a backup of another installation is refused, over a database or not.
test_backup() {
	local b=$work/backup.db r=$work/restored.db id
	expect 0 "backup of installation " "" -- "$A" backup --out "$b"
	id=$(sqlite3 "$RKS_DB" "SELECT value FROM meta WHERE \
		name = 'installation_id'")
	check "installation id: 32 hex digits" grep -qE '^[0-9a-f]{32}$' \
		<<<"$id"
	check "backup names it" grep -q "$id" "$work/out"
	check "backup: mode 600" test "$(mode "$b")" = 600
	check "backup: one file, no WAL" test ! -e "$b-wal"
	check "backup: audited in itself" test "$(sqlite3 "$b" "SELECT \
		outcome FROM audit ORDER BY id DESC LIMIT 1")" = "admin: backup"
	refused 2 "exists already" -- backup --out "$b"
	RKS_DB=$r expect 0 "installation $id restored from $b" "" -- "$A" \
		restore --from "$b"
	check "restore: the same devices" test "$(sqlite3 "$r" "SELECT \
		group_concat(dsn) FROM devices")" = "$(sqlite3 "$RKS_DB" \
		"SELECT group_concat(dsn) FROM devices")"
	RKS_DB=$r expect 0 "stored keys checked: all authenticate" "" -- \
		"$A" verify
	RKS_DB=$r expect 0 "audit trail intact" "" -- "$A" audit verify
	check "restore: audited" test "$(sqlite3 "$r" "SELECT outcome FROM \
		audit ORDER BY id DESC LIMIT 1")" = "admin: restore"
	# over a database of another installation (the same master key)
	sqlite3 "$r" "UPDATE meta SET value = '$(printf '%032d' 7)' WHERE \
		name = 'installation_id'"
	before=$(sqlite3 "$r" .dump)
	RKS_DB=$r expect 1 "" "is a backup of installation $id; $r is \
installation 00000000000000000000000000000007: refused" -- "$A" restore \
		--from "$b"
	check "refused restore: database unchanged" test \
		"$(sqlite3 "$r" .dump)" = "$before"
	# a backup under another master key
	head -c 32 /dev/urandom >"$work/other.key"
	chmod 600 "$work/other.key"
	RKS_DB=$work/none.db RKS_MASTER_KEY=$work/other.key expect 1 "" \
		"a backup of another installation (it does not open under \
this master key)" -- "$A" restore --from "$b"
	check "refused restore: nothing created" test ! -e "$work/none.db"
	RKS_DB=$r expect 2 "" "$work/nothing.db" -- "$A" restore \
		--from "$work/nothing.db"
}

# Lifecycle (#16): a device retired (its pending keys cancelled, unlock
# refused), a pending key cancelled (a delivered one refused), a DIK1
# replaced for new devices.
test_lifecycle() {
	local id kid
	expect 0 "device LIFE-1 added" "" -- "$A" device add --dsn LIFE-1 \
		--dik1 2
	expect 0 "" "" -- "$A" key generate --dsn LIFE-1 --slot 0 --usage tmk
	expect 0 "" "" -- "$A" key generate --dsn LIFE-1 --slot 1 --usage tmk
	kid=$(sqlite3 "$RKS_DB" "SELECT id FROM keys WHERE dsn = 'LIFE-1' \
		AND slot = 1")
	expect 0 "key $kid cancelled: DSN LIFE-1 slot 1 tmk" "" -- "$A" key \
		cancel --id "$kid"
	check "cancel: audited with its KCV" grep -q "admin: key cancel.*key \
$kid slot 1 tmk, 24 bytes, KCV" <("$A" audit --dsn LIFE-1)
	refused 1 "no key with id $kid" -- key cancel --id "$kid"
	sqlite3 "$RKS_DB" "UPDATE keys SET status = 'delivered', delivered = 1 \
		WHERE dsn = 'LIFE-1' AND slot = 0"
	id=$(sqlite3 "$RKS_DB" "SELECT id FROM keys WHERE dsn = 'LIFE-1' \
		AND slot = 0")
	refused 1 "key $id was delivered already" -- key cancel --id "$id"
	refused 2 "--id: 'x' is not a number" -- key cancel --id x

	expect 0 "" "" -- "$A" key generate --dsn LIFE-1 --slot 2 --usage tmk
	expect 0 "device LIFE-1 retired: no more sessions; 1 pending keys \
cancelled" "" -- "$A" device retire LIFE-1
	expect 0 "" "" -- "$A" device list
	check "list: retired" grep -q "^LIFE-1 .* retired" "$work/out"
	refused 1 "device 'LIFE-1' is retired: it never authenticates" -- \
		device unlock LIFE-1
	refused 1 "device 'LIFE-1' was retired already" -- device retire \
		LIFE-1
	refused 1 "no device with DSN 'LIFE-9'" -- device retire LIFE-9
	check "retire: audited" grep -q "admin: device retire: no more \
sessions; 1 pending keys cancelled" <("$A" audit --dsn LIFE-1)
	check "retired stays retired (trigger)" test "$(sqlite3 "$RKS_DB" \
		"UPDATE devices SET locked = 0 WHERE dsn = 'LIFE-1'" 2>&1 |
		grep -c 'stays retired')" = 1

	# a DIK1 replaced for new devices; its devices keep it
	expect 0 "DIK1 " "" -- "$A" dik1 generate --label next
	id=$(sqlite3 "$RKS_DB" "SELECT max(id) FROM dik1s")
	expect 0 "DIK1 2 retired for new devices; DIK1 $id replaces it" "" \
		-- "$A" dik1 retire --id 2 --by "$id"
	refused 1 "DIK1 2 is retired: new devices use its replacement" -- \
		device add --dsn LIFE-2 --dik1 2
	expect 0 "device LIFE-2 added" "" -- "$A" device add --dsn LIFE-2 \
		--dik1 "$id"
	refused 1 "DIK1 2 was retired already" -- dik1 retire --id 2 \
		--by "$id"
	refused 1 "DIK1 2 cannot replace DIK1 1" -- dik1 retire --id 1 --by 2
	printf 'LIFE-3,2\n' >"$work/life.csv"
	refused 1 "life.csv:1: DIK1 2 is retired" -- device import \
		--csv "$work/life.csv"
	expect 0 "active" "" -- "$A" device show PP-0001
}

# Master key rotation (#16), on a copy: killed half-way (SIGKILL after 2
# keys, in its transaction), the database is still whole under the old
# key; the same command again rotates it; the new key opens everything
# (keys, DIK1s, checkpoint MACs), the old one nothing.
test_rotate() {
	local db=$work/rot.db old=$work/rot.key new=$work/rot-new.key before
	sqlite3 "$RKS_DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
	cp "$RKS_DB" "$db"
	cp "$RKS_MASTER_KEY" "$old"
	chmod 600 "$db" "$old"
	local RKS_DB=$db RKS_MASTER_KEY=$old
	# test_verify left key 2 with a wrong KCV: a rotation refuses it
	refused 4 "key 2 does not match its stored KCV" -- rotate-master-key \
		--new "$new"
	check "refused: no new key file left" test ! -e "$new"
	sqlite3 "$db" "DELETE FROM keys WHERE id = 2"
	expect 0 "audit checkpoint" "" -- "$A" audit checkpoint
	before=$(sqlite3 "$db" "SELECT hex(value) FROM keys ORDER BY id")
	RKS_TEST_MIGRATE_KILL=2 expect 137 "" "" -- "$A" rotate-master-key \
		--new "$new"
	check "killed: the new key file stays for the resume" test -s "$new"
	check "killed: every value as it was" test "$(sqlite3 "$db" \
		"SELECT hex(value) FROM keys ORDER BY id")" = "$before"
	expect 0 "stored keys checked: all authenticate" "" -- "$A" verify
	expect 0 "master key rotated: " "" -- "$A" rotate-master-key \
		--new "$new"
	check "rotated: every key value changed" test -z "$(comm -12 \
		<(sqlite3 "$db" "SELECT hex(value) FROM keys ORDER BY id" |
		sort) <(sort <<<"$before"))"
	RKS_MASTER_KEY=$new expect 0 "stored keys checked: all authenticate" \
		"" -- "$A" verify
	RKS_MASTER_KEY=$new expect 0 "their MACs checked" "" -- "$A" audit \
		verify
	check "rotated: audited" grep -q "admin: migrate: from file $old to \
file $new" <(RKS_MASTER_KEY=$new "$A" audit --limit 3)
	expect 3 "" "is not the one of this database" -- "$A" device list
	RKS_MASTER_KEY=$new refused 2 "--new '$new' is the master key file \
in use" -- rotate-master-key --new "$new"
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
its row" -- "$A" dik1 export --id 2 --out "$work/x2.txt" \
		--unsafe-single-file
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

# A database four steps behind (the steps of keydb/db_schema.c from the
# key-block one on undone: #16's lifecycle, installation id and audit
# chain, then the key-block step's keys table; when a step is added, this
# undoes it too) is refused until `rks-admin db migrate`.
test_migrate() {
	local before
	expect 0 "schema version $schema on SQLite" "" -- "$A" db migrate
	sqlite3 "$RKS_DB" "DROP TRIGGER devices_retired_stays; \
		DROP TRIGGER devices_current_dik1; \
		ALTER TABLE devices DROP COLUMN retired; \
		ALTER TABLE dik1s DROP COLUMN retired; \
		DELETE FROM meta WHERE name = 'installation_id'; \
		DROP TRIGGER audit_no_update; DROP TRIGGER audit_chained; \
		DROP TABLE audit_checkpoints; \
		ALTER TABLE audit DROP COLUMN chain; \
		ALTER TABLE audit_archives DROP COLUMN chain; \
		CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN \
		SELECT RAISE(ABORT, 'the audit trail is append-only'); END; \
		CREATE TABLE k1 (id INTEGER PRIMARY KEY, dsn TEXT \
		NOT NULL REFERENCES devices(dsn), slot INTEGER NOT NULL, usage \
		INTEGER NOT NULL, len INTEGER NOT NULL CHECK (len IN (16, 24)), \
		value BLOB NOT NULL, kcv BLOB NOT NULL, status TEXT NOT NULL \
		DEFAULT 'pending', created INTEGER NOT NULL, delivered INTEGER); \
		INSERT INTO k1 SELECT id, dsn, slot, usage, len, value, kcv, \
		status, created, delivered FROM keys; DROP TABLE keys; \
		ALTER TABLE k1 RENAME TO keys; \
		PRAGMA user_version = $((schema - 4))"
	expect 3 "" "older than this program's ($schema): run \`rks-admin db migrate\`" \
		-- "$A" dik1 list
	expect 0 "schema version $schema on SQLite" "" -- "$A" db migrate
	check "migrated: the keys have their attributes again" test \
		"$(sqlite3 "$RKS_DB" "SELECT count(kb_usage) FROM keys; PRAGMA \
		user_version")" = "0
$schema"
	check "migrated: #16's steps again (chained trail, installation id)" \
		test "$(sqlite3 "$RKS_DB" "SELECT count(*) - count(chain) FROM \
		audit; SELECT count(*) FROM meta WHERE name = \
		'installation_id'; SELECT count(retired) FROM devices")" = "0
1
0"
	expect 0 "" "" -- "$A" dik1 list
	before=$(dump)
	expect 0 "schema version $schema on SQLite" "" -- "$A" db migrate
	check "migrate on a current schema changes nothing" test \
		"$(dump)" = "$before"
}

test_help
# The master key of a new installation from two custodians' components
# (X9.24-1 split knowledge; each component an AES-256 key with its A.3
# KCV), in a directory of its own.
test_mk_components() {
	local d=$work/mkc c1 c2 mk kcv k1 k2 before
	c1=00112233445566778899AABBCCDDEEFF0F1E2D3C4B5A69788796A5B4C3D2E1F0
	c2=F0E1D2C3B4A5968778695A4B3C2D1E0FFFEEDDCCBBAA99887766554433221100
	mk=$(xor_hex "$c1" "$c2")
	secrets+=" $c1 $c2 $mk"
	kcv=$(aes_kcv_of "$mk") k1=$(aes_kcv_of "$c1") k2=$(aes_kcv_of "$c2")
	mkdir -p "$d"
	(umask 077; echo "$c1" >"$d/c1"; echo "$c2" >"$d/c2")
	local RKS_DB=$d/var/rks.db RKS_MASTER_KEY=$d/etc/master.key
	export RKS_DB RKS_MASTER_KEY
	local args=(init --ca-dir "$d/ca" --work-dir "$d/etc")

	expect 2 "" "one custodian is no split knowledge" -- "$A" \
		"${args[@]}" --custodians alice --component-files "$d/c1" \
		--component-kcvs "$k1"
	expect 2 "" "component 2 (custodian bob): its KCV is $k2, not $k1" \
		-- "$A" "${args[@]}" --custodians alice,bob \
		--component-files "$d/c1,$d/c2" --component-kcvs "$k1,$k1"
	expect 2 "" "need --custodians" -- "$A" "${args[@]}" \
		--component-files "$d/c1,$d/c2" --component-kcvs "$k1,$k2"
	expect 2 "" "the token generates the master key inside it" -- "$A" \
		--token rks "${args[@]}" --custodians alice,bob \
		--component-files "$d/c1,$d/c2" --component-kcvs "$k1,$k2"
	check "refused: nothing created" test "$(ls "$d")" = "$(printf \
		'c1\nc2')"

	expect 0 "from 2 components, KCV $kcv" "" -- "$A" "${args[@]}" \
		--custodians alice,bob --component-files "$d/c1,$d/c2" \
		--component-kcvs "$k1,$k2"
	check "components: master key 0600" test "$(mode "$RKS_MASTER_KEY")" \
		= 600
	check "components: the master key is their XOR" test "$(xxd -p -c 64 \
		"$RKS_MASTER_KEY" | tr a-f A-F)" = "$mk"
	expect 0 "custodians alice, bob" "" -- "$A" audit
	check "the init record names the custodians" grep -q \
		"custodians alice, bob.*admin: init" "$work/out"
	expect 0 "DIK1 1: KCV" "" -- "$A" dik1 generate --label mkc
	expect 0 "stored keys checked: all authenticate" "" -- "$A" verify
	# rotated to a master key from components too: c1 and the key make c2
	local new=$d/etc/new.key
	(umask 077; echo "$mk" >"$d/c3")
	refused 2 "one custodian is no split knowledge" -- rotate-master-key \
		--new "$new" --custodians carol --component-files "$d/c1" \
		--component-kcvs "$k1"
	refused 2 "component 2 (custodian dave): its KCV is $kcv, not $k2" \
		-- rotate-master-key --new "$new" --custodians carol,dave \
		--component-files "$d/c1,$d/c3" --component-kcvs "$k1,$k2"
	check "rotate refused: no new key file" test ! -e "$new"
	expect 0 "from 2 components, KCV $k2" "" -- "$A" rotate-master-key \
		--new "$new" --custodians carol,dave --component-files \
		"$d/c1,$d/c3" --component-kcvs "$k1,$kcv"
	check "rotated: the new key is the components' XOR" test "$(xxd -p \
		-c 64 "$new" | tr a-f A-F)" = "$c2"
	RKS_MASTER_KEY=$new expect 0 "stored keys checked: all authenticate" \
		"" -- "$A" verify
	check "rotated: the audit names the custodians" grep -q \
		"custodians carol, dave.*admin: migrate" <(RKS_MASTER_KEY=$new \
		"$A" audit --limit 3)
	cp "$new" "$RKS_MASTER_KEY"
	# an existing master key is kept by init, so components are refused
	before=$(dump)
	expect 2 "" "exists already; nothing was changed (--custodians" -- \
		"$A" init --ca-dir "$d/ca2" --work-dir "$d/etc2" \
		--custodians alice,bob --component-files "$d/c1,$d/c2" \
		--component-kcvs "$k1,$k2"
	check "refused: the database unchanged" test "$(dump)" = "$before"
}

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
test_json
test_audit_chain
test_backup
test_verify
test_archive
test_lifecycle
test_rotate
test_components
test_mk_components
summary
