#!/bin/sh
# SPDX-License-Identifier: MIT
# make-pki.sh DIR - test certificates for the download protocol, made with
# the openssl CLI as design.md specifies them: a self-signed RSA-2048 root
# RKS_RCRT, and work certificates RKS_WCRT signed by it with
# sha256WithRSAEncryption, an authorityKeyIdentifier and the RKS work
# certificate extendedKeyUsage (protocol.md, "Certificate profile"). Also the ones a
# device must refuse: signed by another root, without AKI, RSA-1024.
# Keys are written 0600. Idempotent: does nothing if DIR/.done exists.
set -eu
dir=$1
[ -e "$dir/.done" ] && exit 0
mkdir -p "$dir"
umask 077

root() {	# root NAME
	openssl req -x509 -newkey rsa:2048 -nodes -keyout "$dir/$1.key" \
		-subj "/O=pinpad-rkd test/CN=RKS_RCRT $1" -days 36500 \
		-out "$dir/$1.pem" -addext basicConstraints=critical,CA:TRUE \
		-addext keyUsage=critical,keyCertSign,cRLSign \
		-addext subjectKeyIdentifier=hash 2>/dev/null
	openssl x509 -in "$dir/$1.pem" -outform DER -out "$dir/$1.der"
}

work() {	# work NAME BITS CA AKI(yes/no)
	openssl req -new -newkey rsa:"$2" -nodes -keyout "$dir/$1.key" \
		-subj "/O=pinpad-rkd test/CN=RKS_WCRT $1" \
		-out "$dir/$1.csr" 2>/dev/null
	{
		echo "basicConstraints=CA:FALSE"
		echo "keyUsage=critical,keyEncipherment"
		echo "extendedKeyUsage=2.25.85263653689768906022751384621377904822"
		echo "subjectKeyIdentifier=hash"
		if [ "$4" = yes ]; then echo "authorityKeyIdentifier=keyid"
		else echo "authorityKeyIdentifier=none"; fi
	} >"$dir/$1.ext"
	openssl x509 -req -in "$dir/$1.csr" -CA "$dir/$3.pem" \
		-CAkey "$dir/$3.key" -CAcreateserial -days 36500 -sha256 \
		-extfile "$dir/$1.ext" -out "$dir/$1.pem" 2>/dev/null
	openssl x509 -in "$dir/$1.pem" -outform DER -out "$dir/$1.der"
	rm -f "$dir/$1.csr" "$dir/$1.ext"
}

root root
root rogue
work work2048 2048 root yes
work work3072 3072 root yes
work work1024 1024 root yes
work workrogue 2048 rogue yes
work worknoaki 2048 root no
# the profile's table (rks-server --check-config's test), as the module's
"$(dirname "$0")/../../../tests/lib/cert-table.sh" "$dir" root
rm -f "$dir"/*.srl
chmod 0644 "$dir"/*.pem "$dir"/*.der
touch "$dir/.done"
