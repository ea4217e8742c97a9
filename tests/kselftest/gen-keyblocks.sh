#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# kb_wrap: ANSI X9.143 (TR-31) key blocks, versions B and D, made with the
# openssl CLI alone (CMAC, TDES/AES-CBC), independently of the module's
# parser and of librkdproto, as the standard reads (TR-31:2018 5.3.2.1 and
# 5.3.2.3, key derivation binding method):
#
#   KBEK, KBAK = CMAC(KBPK, counter | 0000 or 0001 | 00 | algorithm | bits)
#       for counter 01, 02, ... until the KBPK's length is reached
#   key data   = bits of the key (2 bytes) | key | padding to the block size
#   MAC        = CMAC(KBAK, header | key data), 8 bytes (B) or 16 (D)
#   block      = header | HEX(CBC(KBEK, IV = MAC, key data)) | HEX(MAC)
#
# Sourced by gen-vectors.sh. tests/keyblock/ checks the module's parser
# against the published TR-31 examples; these blocks are what the kselftests
# feed the module.

# hex HEXSTRING -> uppercase
kb_up() { tr a-f A-F; }

# kb_cmac CIPHER KEYHEX DATAHEX -> MAC hex (uppercase)
kb_cmac() {
	printf %s "$3" | xxd -r -p |
		openssl mac -cipher "$1" -macopt hexkey:"$2" CMAC
}

# kb_wrap VERSION KBPKHEX ATTR KEYHEX [NOPT OPTBLOCKS [PADHEX]]
#   ATTR: usage(2) algorithm mode version(2) exportability, e.g. P0TE00N
#   NOPT: the header's count of optional blocks (decimal), OPTBLOCKS their
#   ASCII; PADHEX: the padding (default: 0x5A bytes up to the block size;
#   give more for length obfuscation)
kb_wrap() {
	ver=$1 kbpk=$2 attr=$3 key=$4 nopt=${5:-0} opt=${6:-} pad=${7:-}
	klen=$((${#kbpk} / 2))
	case $ver$klen in
	B16) ciph=DES-EDE3-CBC enc=-des-ede3-cbc bs=8 alg=0000 bits=0080
	     kbpk=$kbpk$(printf %s "$kbpk" | cut -c1-16) ;;
	B24) ciph=DES-EDE3-CBC enc=-des-ede3-cbc bs=8 alg=0001 bits=00C0 ;;
	D16) ciph=AES-128-CBC enc=-aes-128-cbc bs=16 alg=0002 bits=0080 ;;
	D24) ciph=AES-192-CBC enc=-aes-192-cbc bs=16 alg=0003 bits=00C0 ;;
	D32) ciph=AES-256-CBC enc=-aes-256-cbc bs=16 alg=0004 bits=0100 ;;
	*) echo "kb_wrap: version $ver with a $klen-byte KBPK" >&2; exit 1 ;;
	esac
	kbek= kbak= i=1
	while [ $((${#kbek} / 2)) -lt "$klen" ]; do
		kbek=$kbek$(kb_cmac $ciph "$kbpk" "0${i}000000${alg}${bits}")
		kbak=$kbak$(kb_cmac $ciph "$kbpk" "0${i}000100${alg}${bits}")
		i=$((i + 1))
	done
	kbek=$(printf %s "$kbek" | cut -c1-$((klen * 2)))
	kbak=$(printf %s "$kbak" | cut -c1-$((klen * 2)))
	[ "$ver$klen" = B16 ] && {
		kbek=$kbek$(printf %s "$kbek" | cut -c1-16)
		kbak=$kbak$(printf %s "$kbak" | cut -c1-16)
	}
	data=$(printf '%04X' $((${#key} * 4)))$key
	if [ -z "$pad" ]; then
		while [ $((${#data} / 2 % bs)) -ne 0 ]; do data=${data}5A; done
	else
		data=$data$pad
	fi
	[ "$ver" = B ] && maclen=8 || maclen=16
	total=$((16 + ${#opt} + ${#data} + maclen * 2))
	hdr=$(printf '%s%04d%s%02d00%s' "$ver" "$total" "$attr" "$nopt" "$opt")
	mac=$(kb_cmac $ciph "$kbak" "$(printf %s "$hdr" | xxd -p | tr -d '\n')$data" |
		cut -c1-$((maclen * 2)))
	iv=$(printf %s "$mac" | cut -c1-$((bs * 2)))
	ct=$(printf %s "$data" | xxd -r -p |
		openssl enc "$enc" -nopad -K "$kbek" -iv "$iv" | xxd -p |
		tr -d '\n' | kb_up)
	printf '%s%s%s' "$hdr" "$ct" "$mac"
}

# emit_str NAME ASCII: a C string constant
emit_str() {
	printf 'static const char %s[] = "%s";\n' "$1" "$2"
}
