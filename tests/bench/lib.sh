# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash disable=SC2154
# (SC2154: $top, $w and $results are set by the script that sources this)
# lib.sh: helpers of tests/bench/run. Source it with $top (repo root),
# $w (work directory) and $results (the raw results file) set.
#
# Every server started here listens on 127.0.0.1 only (port 0: any free
# port), and every load is bounded in sessions and seconds.

# shellcheck source=tests/e2e/rks-fixture.sh
. "$top/tests/e2e/rks-fixture.sh"

B_BENCH=$top/build/bench

# rec KIND key=value...: one line of raw results
rec() {
	echo "$*" >>"$results"
}

# rec_text NAME free text: a line whose value may hold spaces
rec_text() {
	local name=$1
	shift
	echo "text $name $*" >>"$results"
}

note() {
	echo "bench: $*" >&2
}

# admin_db DB ARGS...: rks-admin on database DB, a file or a PostgreSQL
# URI (master key: $w/rks's)
admin_db() {
	local db=$1
	shift
	"$B_RKS/rks-admin" --db "$db" --master-key "$w/rks/master.key" "$@"
}

# checkpoint DB: fold the WAL into the main file, so that the file alone
# is the whole database (for copies and for its size)
checkpoint() {
	sqlite3 "$1" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null
}

# restore: the pristine database back in place (every key pending again)
restore() {
	rm -f "$w/rks/rks.db-wal" "$w/rks/rks.db-shm"
	cp "$w/pristine.db" "$w/rks/rks.db"
}

# srv_start DB CORE NOFILE [rks-server options...]: rks-server on DB,
# pinned to CPU CORE (or unpinned if CORE is "-"), with RLIMIT_NOFILE
# NOFILE; sets RKS_PID and RKS_PORT (as rks-fixture.sh's rks_start).
# The load generator is one address: no per-source rate limit here, unless
# SRV_SOURCE_RATE says (the flood's run: admission control on).
srv_start() {
	local db=$1 core=$2 nofile=$3 pin=()
	shift 3
	[ "$core" = - ] || pin=(taskset -c "$core")
	: >"$w/server.log"
	(
		ulimit -n "$nofile"
		exec "${pin[@]}" "$B_RKS/rks-server" --port 0 --database "$db" \
			--master-key "$w/rks/master.key" \
			--work-cert "$w/rks/work/work-cert.der" \
			--work-key "$w/rks/work/work-key.pem" \
			--source-rate "${SRV_SOURCE_RATE:-0}" "$@"
	) >>"$w/server.log" 2>&1 &
	RKS_PID=$!
	RKS_PORT=""
	for _ in $(seq 100); do
		RKS_PORT=$(sed -n 's/.*event=listening .*port=\([0-9]*\).*/\1/p' \
			"$w/server.log" | head -n 1)
		[ -n "$RKS_PORT" ] && return 0
		kill -0 "$RKS_PID" 2>/dev/null || break
		sleep 0.1
	done
	note "rks-server did not start:"
	cat "$w/server.log" >&2
	return 1
}

# schedstat PID: /proc/PID/schedstat summed over PID's threads (the event
# loop, the workers, the audit writer): ns on a CPU, ns runnable but
# waiting for one (behind another tenant, or behind its own threads),
# time slices (%.0f: mawk's %d stops at 2^31 ns)
schedstat() {
	cat /proc/"$1"/task/*/schedstat 2>/dev/null |
		awk '{ a += $1; b += $2; c += $3 } END { printf "%.0f %.0f %.0f\n", a, b, c }'
}

# cpu_ticks PID: user + system time of PID so far, in clock ticks
cpu_ticks() {
	awk '{ print $14 + $15 }' "/proc/$1/stat"
}

# rss_kb PID: resident set size of PID in KiB
rss_kb() {
	awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"
}

# fd_count PID: open descriptors of PID
fd_count() {
	find "/proc/$1/fd" -mindepth 1 -maxdepth 1 | wc -l
}

# loadgen ARGS...: rks-loadgen pinned to the load core, against RKS_PORT,
# with the bench's root and DIK1; prints its machine-readable line
loadgen() {
	local pin=()
	[ "$LG_CORE" = - ] || pin=(taskset -c "$LG_CORE")
	"${pin[@]}" "$B_BENCH/rks-loadgen" --port "$RKS_PORT" \
		--root "$w/rks/ca/root-cert.der" --dik1-file "$w/dik1.hex" \
		--quiet "$@" | sed -n 's/^rks-loadgen: //p'
}

# field LINE KEY: the value of KEY in a key=value line
field() {
	echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p" | head -n 1
}

# rsa_rate: RSA-2048 private operations per second on the server's core
rsa_rate() {
	local pin=()
	[ "$SRV_CORE" = - ] || pin=(taskset -c "$SRV_CORE")
	"${pin[@]}" openssl speed -seconds "$RSA_SECS" rsa2048 2>/dev/null |
		awk '$1 == "rsa" && $2 == "2048" { print $6 }'
}

# delivered DB: how many keys the database (a file or a PostgreSQL URI)
# marks delivered
delivered() {
	local sql="SELECT count(*) FROM keys WHERE status = 'delivered';"
	case $1 in
	postgresql://*) psql -X -At "$1" -c "$sql" ;;
	*) sqlite3 "$1" "$sql" ;;
	esac
}
