#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# vm-smoke-guest.sh ROOT_SHA256 - pinpadctl against the real pinpad.ko,
# inside the VM (run by vm-smoke). Walks the whole lifecycle once: every
# subcommand, each refusal the device documents, and TDES results checked
# against OpenSSL.
#
# Expected values are the openssl CLI's (OpenSSL 3.0), e.g.
#   printf 0000000000000000 | xxd -r -p |
#	openssl enc -des-ede3 -nopad -K $TMK$(echo $TMK | cut -c1-16) | xxd -p
# for a KCV; -des-ede3-cbc -iv 0102030405060708 for CBC. KB_WK is WK in
# an X9.143 key block, version B, D0/B, under TMK (K1K2K1), KB_WK_PIN the
# same key as P0/E: made by tests/kselftest/gen-keyblocks.sh's kb_wrap
# (the openssl CLI). TMK is not MACK: one key, one usage (issue #11).
root_fpr=$1
TMK=1032547698BADCFEEFCDAB8967452301		# KCV 8A6416
DK=0123456789ABCDEFFEDCBA987654321089ABCDEF01234567	# KCV 3FD539
DIK2=00112233445566778899AABBCCDDEEFF0123456789ABCDEF
# WK 1111..2222.., KCV D2B91C
KB_WK=B0080D0TB00N000065479EB8836B0179ECC06FF6D9FCAAEB18C75A61041F7480702B86429F74EAF2
KB_WK_PIN=B0080P0TE00N0000E9E8B2D1CA9A2256511964B02E267256AFBA58C6FA1E9A32564253CF12B46538
KB_BAD=B0080D0TB00N000065479EB8836B0179ECC06FF6D9FCAAEB18C75A61041F7480702B86429F74EAF3
WEAK=0123456789ABCDEF0123456789ABCDEF		# K1 == K2
PT=00112233445566778899AABBCCDDEEFF
DK_ECB=41153ED6AC30654B715E4D2472AE73EF
DK_CBC=A258FF3D9856580D8A9206FFF0D96CC5		# IV 0102030405060708
WK_ECB=F7DB60417064728021FCC47C3A0D9EFF
# A PIN key (KCV 178557) and the ISO/IEC 9797-1 Annex B MAC key (KCV 08D7B4).
# PIN_BLOCK: the ISO 9564-1 format 0 block of PIN 1234, PAN 4012345678909
# (041274EDCBA9876F) under PINK, by openssl enc -des-ede3 -nopad.
PINK=1F2E3D4C5B6A79880011223344556677
PIN_BLOCK=0588544CD2197A61
MACK=0123456789ABCDEFFEDCBA9876543210
certs=/usr/share/pinpad-smoke
P=pinpadctl
passed=0 failed=0

# t EXIT TEXT CMD...: CMD must exit EXIT with TEXT in its output.
t() {
	want=$1 text=$2
	shift 2
	out=$("$@" 2>&1)
	rc=$?
	if [ "$rc" -eq "$want" ] && printf '%s\n' "$out" | grep -qF -- "$text"
	then
		passed=$((passed + 1))
		echo "ok   $*"
	else
		failed=$((failed + 1))
		echo "FAIL $* (exit $rc, expected $want with '$text'):"
		printf '%s\n' "$out"
	fi
}

# factory
t 0 "state:        factory" $P status
t 0 "  47  -        -  (empty)" $P slots
t 1 "slot is empty (ENOKEY)" $P encrypt --slot 16 --data 0011223344556677
t 1 "device identity incomplete" $P seal
t 0 "" $P set-dsn PP-0001
t 0 "" $P set-dik2 --dik2 $DIK2 --factor F00DF00D
t 1 "(EKEYREJECTED)" $P set-root $certs/root1024.der
t 1 "(EBADMSG)" $P set-root $certs/garbage.der
t 0 "" $P set-root $certs/root2048.der
t 0 "sha256 $root_fpr" $P status
t 0 "dsn:          PP-0001" $P status
t 0 "factor 4 bytes" $P status
t 1 "(EBADMSG)" $P inject --slot 0 --usage tmk --key $TMK --kcv 000000
t 0 "" $P inject --slot 0 --usage tmk --key $TMK --kcv 8a6416
t 1 "(EINVAL)" $P inject --slot 1 --usage tmk --key $WEAK
t 0 "" $P inject --slot 16 --usage data --key $DK
t 0 "" $P inject --slot 20 --usage pin --key $PINK --kcv 178557
t 0 "" $P inject --slot 21 --usage mac --key $MACK --kcv 08D7B4
t 0 "   0  tmk     16  8A6416" $P slots
t 0 "  16  data    24  3FD539" $P slot 16
t 0 "$DK_ECB" $P encrypt --slot 16 --data $PT
t 0 "$PT" $P decrypt --slot 16 --data $DK_ECB
t 0 "$DK_CBC" $P encrypt --slot 16 --mode cbc --iv 0102030405060708 \
	--data $PT
t 0 "$PT" $P decrypt --slot 16 --mode cbc --iv 0102030405060708 \
	--data $DK_CBC
# CBC in two calls, chained through the last ciphertext block
t 0 "A258FF3D9856580D" $P encrypt --slot 16 --mode cbc \
	--iv 0102030405060708 --data 0011223344556677
t 0 "8A9206FFF0D96CC5" $P encrypt --slot 16 --mode cbc \
	--iv A258FF3D9856580D --data 8899AABBCCDDEEFF

# sealed
t 0 "" $P seal
t 0 "state:        sealed" $P status
t 1 "current lifecycle state (EACCES)" $P set-dsn X
t 0 "slot 17 loaded, KCV D2B91C" $P load-wk --slot 17 --tmk-slot 0 \
	--block $KB_WK
t 0 "$WK_ECB" $P encrypt --slot 17 --data $PT
t 1 "(EBADMSG)" $P load-wk --slot 18 --tmk-slot 0 --block $KB_BAD
t 0 "  18  -        -  (empty)" $P slot 18
t 1 "slot is empty (ENOKEY)" $P load-wk --slot 18 --tmk-slot 1 \
	--block $KB_WK
# the same key as a PIN key: one key, one usage
t 1 "(EKEYREJECTED)" $P load-wk --slot 19 --tmk-slot 0 --block $KB_WK_PIN
t 0 "  19  -        -  (empty)" $P slot 19
t 1 "key usage does not permit this (EKEYREJECTED)" $P encrypt --slot 20 \
	--data 0011223344556677

# PIN blocks, retail MACs (ISO/IEC 9797-1 Annex B.4), the crypto API
t 0 "$PIN_BLOCK" $P pin-block --slot 20 --pin 1234 --pan 4012345678909
t 0 "$PIN_BLOCK" sh -c "echo 1234 | $P pin-block --slot 20 --pin - --pan 4012345678909"
t 2 "--pin: 3 digits" $P pin-block --slot 20 --pin 123 --pan 4012345678909
t 1 "(EKEYREJECTED)" $P pin-block --slot 21 --pin 1234 --pan 4012345678909
t 0 "A1C72E74EA3FA9B6" $P mac generate --slot 21 --text "Now is the time for all "
t 0 "2E2B1428" $P mac generate --slot 21 --length 4 --text "Now is the time for it"
t 0 "MAC verified" $P mac verify --slot 21 --text "Now is the time for it" \
	--mac 2E2B1428
t 1 "MAC does not match (EBADMSG)" $P mac verify --slot 21 \
	--text "Now is the time for it" --mac 2E2B1429
t 1 "(EKEYREJECTED)" $P mac generate --slot 20 --text x
t 1 "(EKEYREJECTED)" $P token get --slot 20
t 1 "(EKEYREJECTED)" $P token get --slot 21
t 0 "$DK_ECB" $P kcapi-encrypt --slot 16 --data $PT
t 0 "$DK_CBC" $P kcapi-encrypt --slot 16 --mode cbc --iv 0102030405060708 \
	--data $PT
# a token lives while the file that took it is open (issue #13): --hold
# keeps pinpadctl, and its file, until a signal
$P token get --slot 16 --hold >/tmp/token &
holder=$!
i=0
while [ ! -s /tmp/token ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
tok=$(cat /tmp/token)
t 0 "$PT" $P kcapi-decrypt --token "$tok" --data $DK_ECB
t 0 "$PT" $P kcapi-decrypt --token "$tok" --mode cbc --iv 0102030405060708 \
	--data $DK_CBC
t 0 "" $P token revoke "$tok"
t 1 "revoked or stale (ENOKEY)" $P kcapi-encrypt --token "$tok" --data $PT
t 1 "not a live token (ENOKEY)" $P token revoke "$tok"
kill "$holder"; wait "$holder" 2>/dev/null
# and one that is not revoked dies when its holder exits
tok=$($P token get --slot 16)
t 1 "revoked or stale (ENOKEY)" $P kcapi-encrypt --token "$tok" --data $PT

t 0 "" $P clear-slot 17
t 1 "slot is empty (ENOKEY)" $P encrypt --slot 17 --data 0011223344556677
t 0 "5 loaded of 48" $P status

# zeroized
t 0 "" $P tamper
t 0 "state:        zeroized" $P status
t 0 "0 loaded of 48" $P status
t 1 "(EACCES)" $P encrypt --slot 16 --data 0011223344556677
t 3 "cannot open '/dev/nope'" $P --device /dev/nope status

echo "vm-smoke: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
