# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash disable=SC2154
# (SC2154: $top, $w, $results and the run's parameters are set by
# tests/bench/run, which sources this after lib.sh)
# pg.sh: part 7 of tests/bench/run (issue 17): sessions/s of one node and
# of two nodes on one PostgreSQL database against one node on SQLite, the
# same load for each (KEYS_C sessions in flight, one key each, SECS
# seconds), in turns within a round, REPS rounds. Every server and load is
# unpinned: one node already uses every core (its worker threads), so two
# nodes on this machine show what the shared database costs, not more CPU.
# The cluster is the tests' own (tests/pg/pg-cluster), in a directory of
# its own under TMPDIR: its owner (postgres) cannot enter $w (0700).

PG_CLUSTER=$top/tests/pg/pg-cluster
PG_DIR=$(mktemp -u "${TMPDIR:-/tmp}/rks-bench-pg.XXXXXX")

# pg_sql DB SQL: psql on database DB of the bench's cluster
pg_sql() {
	PGOPTIONS="-c client_min_messages=warning" psql -X -q -At \
		-v ON_ERROR_STOP=1 \
		"$("$PG_CLUSTER" uri "$PG_DIR" "$1")" -c "$2"
}

# pg_prepare: the cluster, and database rks_pristine with the bench's
# DIK1, its devices and one pending key for each BENCH1- device (made with
# rks-admin, as on SQLite; their values differ, the load does not see them)
pg_prepare() {
	local uri
	"$PG_CLUSTER" start "$PG_DIR" || return 1
	"$PG_CLUSTER" createdb "$PG_DIR" rks_pristine || return 1
	uri=$("$PG_CLUSTER" uri "$PG_DIR" rks_pristine)
	admin_db "$uri" db migrate >/dev/null || return 1
	echo "$DIK1" | admin_db "$uri" dik1 import --hex - \
		--label "bench (a test key)" >/dev/null || return 1
	admin_db "$uri" device import --csv "$w/devices.csv" >/dev/null ||
		return 1
	grep '^BENCH1-' "$w/keys.csv" >"$w/pg-keys.csv"
	admin_db "$uri" key generate --csv "$w/pg-keys.csv" >/dev/null ||
		return 1
}

# pg_fresh: database rks_run, a copy of rks_pristine (every key pending);
# prints its URI
pg_fresh() {
	pg_sql rks "DROP DATABASE IF EXISTS rks_run" &&
		pg_sql rks "CREATE DATABASE rks_run TEMPLATE rks_pristine" &&
		"$PG_CLUSTER" uri "$PG_DIR" rks_run
}

# pg_load KIND DB: one run of KIND (sqlite1, pg1: one node; pg2: two nodes,
# each with half the devices and half the sessions in flight) on DB; prints
# sessions_per_s, errors, stored keys, delivered keys
pg_load() {
	local kind=$1 db=$2 half=$((DEV1 / 2)) c=$KEYS_C a b pa pb pl
	if [ "$kind" != pg2 ]; then
		srv_start "$db" - $((c + 4096)) || return 1
		a=$(LG_CORE=- loadgen --dsn-prefix BENCH1- --devices "$DEV1" \
			-c "$c" --duration "$SECS" --expect-keys 1 --timeout 120)
		rks_stop
		echo "sessions_per_s=$(field "$a" sessions_per_s)" \
			"errors=$(field "$a" errors) stored=$(field "$a" keys)" \
			"delivered=$(delivered "$db")"
		return 0
	fi
	srv_start "$db" - $((c + 4096)) || return 1
	pa=$RKS_PID
	a=$RKS_PORT
	srv_start "$db" - $((c + 4096)) || { kill "$pa"; return 1; }
	pb=$RKS_PID
	b=$RKS_PORT
	LG_CORE=- RKS_PORT=$a loadgen --dsn-prefix BENCH1- --devices "$half" \
		-c $(((c + 1) / 2)) --duration "$SECS" --expect-keys 1 \
		--timeout 120 >"$w/pg-a.out" &
	pl=$!
	LG_CORE=- RKS_PORT=$b loadgen --dsn-prefix BENCH1- --first "$half" \
		--devices "$half" -c $(((c + 1) / 2)) --duration "$SECS" \
		--expect-keys 1 --timeout 120 >"$w/pg-b.out"
	wait "$pl"
	RKS_PID=$pa rks_stop
	RKS_PID=$pb rks_stop
	a=$(cat "$w/pg-a.out")
	b=$(cat "$w/pg-b.out")
	echo "sessions_per_s=$(echo "$(field "$a" sessions_per_s) + $(field "$b" sessions_per_s)" | bc)" \
		"errors=$(($(field "$a" errors) + $(field "$b" errors)))" \
		"stored=$(($(field "$a" keys) + $(field "$b" keys)))" \
		"delivered=$(delivered "$db")"
}

# pg_runs: part 7, REPS rounds of the three kinds in turns; a "pgload"
# line each, the cluster stopped at the end
pg_runs() {
	local r kind db line ret=0
	note "PostgreSQL: one node, two nodes, against SQLite..."
	pg_prepare || { "$PG_CLUSTER" stop "$PG_DIR"; return 1; }
	for r in $(seq "$REPS"); do
		for kind in sqlite1 pg1 pg2; do
			if [ "$kind" = sqlite1 ]; then
				restore
				db=$w/rks/rks.db
			else
				db=$(pg_fresh) || { ret=1; break 2; }
			fi
			line=$(pg_load "$kind" "$db") || { ret=1; break 2; }
			note "$kind: $line"
			rec "pgload n=$r kind=$kind concurrency=$KEYS_C secs=$SECS" \
				"$line"
		done
	done
	"$PG_CLUSTER" stop "$PG_DIR"
	return $ret
}
