# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
# tests/lib/check.sh - the assertions of the shell test scripts (tests/
# install, dkms, cross, deb). Source it after setting $suite:
#   check NAME COMMAND...   COMMAND's status passes or fails NAME; a
#                           failure prints "FAIL <suite>: NAME"
#   check_summary           prints "<suite>: N passed, M failed" (the last
#                           line every suite ends with) and returns 1 on
#                           any failure
passed=0 failed=0

check() {
	local name=$1
	shift
	if "$@"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL ${suite:?}: $name"
	fi
}

check_summary() {
	echo "${suite:?}: $passed passed, $failed failed"
	[ "$failed" = 0 ]
}
