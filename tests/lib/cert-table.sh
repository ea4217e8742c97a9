#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# cert-table.sh DIR ROOT - the table of work certificates a device must
# refuse, each breaking one rule of the certificate profile
# (Documentation/protocol.md, "Certificate profile"), made with the openssl
# CLI and signed by DIR/ROOT.pem (key DIR/ROOT.key); and a root that is not
# a CA. One .der (and .pem, .key) per name, in DIR:
#   worksignonly  keyUsage digitalSignature        workca      cA TRUE
#   workcrit      an unknown critical extension   worknoeku   no RKS EKU
#   workpss       RSASSA-PSS signature            workec      EC P-256 key
#   workexpired   2020-2021                       worknotyet  2099-2100
#   rootnoca      self-signed, keyCertSign, cA FALSE
# The module's test (tests/kselftest/session_test.c) and rks-server's
# (--check-config, rks-server/tests/test_srv_config.c) use the same table.
set -eu
dir=$1 root=$2
RKS_EKU=2.25.85263653689768906022751384621377904822
GOOD_EXT="basicConstraints=CA:FALSE
keyUsage=critical,keyEncipherment
extendedKeyUsage=$RKS_EKU
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid"

# bad NAME KEYSPEC EXT [SIGOPT]: KEYSPEC rsa:BITS or ec
bad() {
	key=$2
	[ "$key" = ec ] && key="ec -pkeyopt ec_paramgen_curve:P-256"
	# shellcheck disable=SC2086
	openssl req -new -newkey $key -nodes -keyout "$dir/$1.key" \
		-subj "/O=pinpad-rkd test/CN=RKS_WCRT $1" -out "$dir/$1.csr" 2>/dev/null
	printf '%s\n' "$3" >"$dir/$1.ext"
	n=$1
	shift 3
	openssl x509 -req -in "$dir/$n.csr" -CA "$dir/$root.pem" \
		-CAkey "$dir/$root.key" -CAcreateserial -days 3650 -sha256 \
		-extfile "$dir/$n.ext" -out "$dir/$n.pem" ${1:+-sigopt "$1"} 2>/dev/null
	openssl x509 -in "$dir/$n.pem" -outform DER -out "$dir/$n.der"
	rm -f "$dir/$n.csr" "$dir/$n.ext"
}

# dated NAME STARTDATE ENDDATE: a good certificate with those dates
# (openssl ca can set both; openssl x509 -req of OpenSSL 3.0 cannot)
dated() {
	d=$dir/ca.$1
	mkdir -p "$d"
	: >"$d/index.txt"
	echo 1000 >"$d/serial"
	printf '%s\n' "[ca]" "default_ca=d" "[d]" "database=$d/index.txt" \
		"new_certs_dir=$d" "serial=$d/serial" "default_md=sha256" \
		"policy=p" "unique_subject=no" "[p]" "commonName=supplied" \
		"organizationName=optional" >"$d/cnf"
	printf '%s\n' "$GOOD_EXT" >"$d/ext"
	openssl req -new -newkey rsa:2048 -nodes -keyout "$dir/$1.key" \
		-subj "/O=pinpad-rkd test/CN=RKS_WCRT $1" -out "$d/csr" 2>/dev/null
	openssl ca -batch -config "$d/cnf" -cert "$dir/$root.pem" \
		-keyfile "$dir/$root.key" -in "$d/csr" -out "$dir/$1.pem" \
		-startdate "$2" -enddate "$3" -extfile "$d/ext" -notext 2>/dev/null
	openssl x509 -in "$dir/$1.pem" -outform DER -out "$dir/$1.der"
	rm -rf "$d"
}

bad worksignonly rsa:2048 "$(printf '%s\n' "$GOOD_EXT" |
	sed 's/^keyUsage=.*/keyUsage=critical,digitalSignature/')"
bad workca rsa:2048 "$(printf '%s\n' "$GOOD_EXT" |
	sed 's/^basicConstraints=.*/basicConstraints=critical,CA:TRUE/')"
bad workcrit rsa:2048 "$GOOD_EXT
1.3.6.1.4.1.99999.1=critical,ASN1:UTF8String:unknown"
bad worknoeku rsa:2048 "$(printf '%s\n' "$GOOD_EXT" | grep -v '^extendedKeyUsage')"
bad workpss rsa:2048 "$GOOD_EXT" rsa_padding_mode:pss
bad workec ec "$GOOD_EXT"
dated workexpired 20200101000000Z 20210101000000Z
dated worknotyet 20990101000000Z 21000101000000Z
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$dir/rootnoca.key" \
	-subj "/O=pinpad-rkd test/CN=RKS_RCRT not a CA" -days 3650 \
	-out "$dir/rootnoca.pem" -addext basicConstraints=critical,CA:FALSE \
	-addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
openssl x509 -in "$dir/rootnoca.pem" -outform DER -out "$dir/rootnoca.der"
rm -f "$dir"/*.srl
