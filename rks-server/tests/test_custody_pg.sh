#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# test_custody_pg.sh - rks-admin's #16 commands on a PostgreSQL database
# (#17): the audit chain (checkpoint, verify, an altered record named),
# the lifecycle (device and DIK1 retired, the triggers' refusals), and
# backup/restore refused with pg_dump/pg_restore named, nothing written.
# test_admin.sh tests the same commands on SQLite.
#
# usage: tests/pg/with-cluster bash tests/test_custody_pg.sh BUILD_DIR
set -u
bin=$(cd "${1:?usage: $0 BUILD_DIR}" && pwd)
A=$bin/rks-admin
. "$(dirname "$0")/lib.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
secrets=""
unset RKS_WORK_DIR RKS_TOKEN RKS_PKCS11_MODULE RKS_TOKEN_PIN_FILE
: "${RKS_TEST_PG:?run under tests/pg/with-cluster}"

pgc=$(dirname "$0")/../../tests/pg/pg-cluster
"$pgc" createdb "$RKS_TEST_PG" custody
check "database custody made" test $? = 0
RKS_DB=$("$pgc" uri "$RKS_TEST_PG" custody)
export RKS_DB RKS_MASTER_KEY=$work/master.key
q() { psql -At "$RKS_DB" -c "$1"; }

expect 0 "" "" -- "$A" init --ca-dir "$work/ca" --work-dir "$work/w"
expect 0 "DIK1 1" "" -- "$A" dik1 generate
expect 0 "DIK1 2" "" -- "$A" dik1 generate
expect 0 "added" "" -- "$A" device add --dsn CP-1 --dik1 1
expect 0 "key 1" "" -- "$A" key generate --dsn CP-1 --slot 0 --usage tmk

# the chain: a checkpoint, verify with the MACs, an altered record named
expect 0 "audit checkpoint at record" "" -- "$A" audit checkpoint
expect 0 "audit trail intact" "" -- "$A" audit verify
check "verify: MACs checked" grep -q "their MACs checked" "$work/out"
check "every record chained" test "$(q "SELECT count(*) - count(chain) \
FROM audit")" = 0

# the lifecycle, its triggers on this back end
expect 0 "device CP-1 retired: no more sessions; 1 pending keys \
cancelled" "" -- "$A" device retire CP-1
expect 1 "" "device 'CP-1' is retired: it never authenticates" -- "$A" \
	device unlock CP-1
check "retired stays retired (trigger)" sh -c "psql -q '$RKS_DB' -c \
\"UPDATE devices SET locked = 0 WHERE dsn = 'CP-1'\" 2>&1 | \
grep -q 'stays retired'"
expect 0 "DIK1 1 retired for new devices; DIK1 2 replaces it" "" -- \
	"$A" dik1 retire --id 1 --by 2
expect 1 "" "DIK1 1 is retired: new devices use its replacement" -- \
	"$A" device add --dsn CP-2 --dik1 1
expect 0 "device CP-2 added" "" -- "$A" device add --dsn CP-2 --dik1 2

# backup and restore are SQLite's: refused, pointing to pg_dump
expect 1 "" "pg_dump" -- "$A" backup --out "$work/b.db"
check "no backup file written" test ! -e "$work/b.db"
: >"$work/empty.db"
expect 1 "" "pg_restore" -- "$A" restore --from "$work/empty.db"

# one record altered behind the trigger's back: verify names it
id=$(q "SELECT min(id) + 1 FROM audit")
q "ALTER TABLE audit DISABLE TRIGGER audit_no_update; UPDATE audit SET \
detail = 'forged' WHERE id = $id; ALTER TABLE audit ENABLE TRIGGER \
audit_no_update" >/dev/null
expect 4 "first bad record: $id" "" -- "$A" audit verify
summary
