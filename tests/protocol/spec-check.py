#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""spec-check: Documentation/protocol.md alone defines version 3.

Parses the worked example's frames from the document and recomputes every
derived value -- DIK2, H_C, K_CE, K_CA, T, AT, TK1, TK2, TK, TK_SHA2, H_R,
K_MAC, KBPK_S, each KEY's MAC and its X9.143 key block (version D: the
CMAC key derivation, AES-CBC with the MAC as IV, the AES-CMAC; opened and
made again), each key's KCV (X9.24-1 A.2 TDES, A.3 AES), DONE, RECEIPT,
ACK, the counter blocks -- with Python's hashlib/hmac and
python3-cryptography's primitives, written from the document's formulas
and ANSI X9.143 only (no project code). Run by check-worked-example.

Usage: spec-check.py PROTOCOL_MD WORK_KEY_PEM
"""
import re, sys, hashlib, hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives import serialization, hashes, cmac
from cryptography.hazmat.primitives.asymmetric import padding
try:
    from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
except ImportError:
    TripleDES = algorithms.TripleDES

doc = open(sys.argv[1]).read()
ex = doc[doc.index('worked-example:begin'):doc.index('worked-example:end')]
frames = []
for m in re.finditer(r'\n(S\d+) (\S+) -> (\S+) (\w+), body (\d+) bytes:\n((?:[0-9a-f]+\n)+)', ex):
    frames.append((m.group(4), bytes.fromhex(m.group(6).replace('\n', ''))))
vals = dict(re.findall(r'\n(\w+(?: \d+)?)\s+([0-9a-f]{16,})\s*(?=\n)', ex))
# "slot N    key HEX, USAGE ALG, KCV HEX": the keys delivered
slots = {int(m[0]): (bytes.fromhex(m[1]), m[2].encode(), bytes.fromhex(m[3]))
         for m in re.findall(r'\nslot (\d+)\s+key ([0-9a-f]+), (\w\w) (?:AES|TDES), KCV ([0-9a-f]{6})', ex)}
wk = serialization.load_pem_private_key(open(sys.argv[2], 'rb').read(), None)

def sha(x): return hashlib.sha256(x).digest()
def H(k, x): return hmac.new(k, x, hashlib.sha256).digest()
def mac16(k, x): return H(k, x)[:16]
def kdf(k, label, ctx, n):
    out, i = b'', 1
    while len(out) < n:
        out += H(k, i.to_bytes(4, 'big') + label + b'\0' + ctx + (8 * n).to_bytes(4, 'big'))
        i += 1
    return out[:n]
def tdes(k, x, enc):
    if len(k) == 16: k = k + k[:8]
    c = Cipher(TripleDES(k), modes.ECB())
    o = c.encryptor() if enc else c.decryptor()
    return o.update(x) + o.finalize()
def aes_cbc(k, iv, x, enc):
    c = Cipher(algorithms.AES(k), modes.CBC(iv))
    o = c.encryptor() if enc else c.decryptor()
    return o.update(x) + o.finalize()
def aes_cmac(k, x):
    c = cmac.CMAC(algorithms.AES(k)); c.update(x); return c.finalize()
# X9.143 (TR-31) version D: KBEK and KBAK from an AES KBPK by CMAC over
# counter || usage (0000 encryption, 0001 MAC) || 00 || algorithm (0002,
# 0003, 0004 for AES-128/192/256) || length in bits
def kb_derive(kbpk, usage):
    alg = {16: 2, 24: 3, 32: 4}[len(kbpk)]
    out, i = b'', 1
    while len(out) < len(kbpk):
        out += aes_cmac(kbpk, bytes([i]) + usage.to_bytes(2, 'big') + b'\0' +
                        alg.to_bytes(2, 'big') + (8 * len(kbpk)).to_bytes(2, 'big'))
        i += 1
    return out[:len(kbpk)]
def kb_unwrap_d(kbpk, block):
    hdr, rest = block[:16], block[16:]
    assert hdr[:1] == b'D' and int(hdr[1:5]) == len(block) and hdr[12:14] == b'00'
    enc, mac = bytes.fromhex(rest[:-32].decode()), bytes.fromhex(rest[-32:].decode())
    pay = aes_cbc(kb_derive(kbpk, 0), mac, enc, False)
    check('  block MAC = AES-CMAC(KBAK, header || payload)',
          aes_cmac(kb_derive(kbpk, 1), hdr + pay), mac)
    n = int.from_bytes(pay[:2], 'big') // 8
    return hdr, pay[2:2 + n], pay[2 + n:]
def kb_wrap_d(kbpk, hdr, key, pad):
    pay = (8 * len(key)).to_bytes(2, 'big') + key + pad
    mac = aes_cmac(kb_derive(kbpk, 1), hdr + pay)
    return hdr + aes_cbc(kb_derive(kbpk, 0), mac, pay, True).hex().upper().encode() + mac.hex().upper().encode()
def kcv(alg, key):
    return (aes_cmac(key, bytes(16)) if alg == b'A' else tdes(key, bytes(8), True))[:3]
def oaep_dec(ct):
    return wk.decrypt(ct, padding.OAEP(mgf=padding.MGF1(hashes.SHA256()), algorithm=hashes.SHA256(), label=None))
def check(name, got, want):
    print(('ok  ' if got == want else 'BAD ') + name)
    if got != want: sys.exit(1)

names = [f[0] for f in frames]
print('frames:', names)
for n, fr in frames:
    assert fr[:3] == b'RK\x03' and int.from_bytes(fr[4:8], 'big') == len(fr) - 8
body = lambda i: frames[i][1][8:]
hello, cert, factor, chal, resp = (frames[i][1] for i in range(5))
dik2 = bytes.fromhex(vals['DIK2'])
# F
dik1 = bytes.fromhex(vals['DIK1']); fac = bytes.fromhex(vals['factor'])
dsn = body(0)[1:1 + body(0)[0]]
key1 = tdes(dik1, sha(dsn)[:24], True)
check('DIK2 = F(DSN, factor, DIK1)', tdes(key1, sha(fac)[:24], False), dik2)
check('HELLO = len || DSN || N_D', body(0)[1 + len(dsn):], bytes.fromhex(vals['N_D']))
check('FACTOR decrypts to factor', oaep_dec(body(2)), fac)
h_c = sha(hello + cert + factor)
check('H_C', h_c, bytes.fromhex(vals['H_C']))
k = kdf(dik2, b'pinpad-rkd v2 CHALLENGE', h_c, 56)
check('K_CE', k[:24], bytes.fromhex(vals['K_CE'])); check('K_CA', k[24:], bytes.fromhex(vals['K_CA']))
C, T = body(3)[:56], body(3)[56:]
check('CHALLENGE T = MAC16(K_CA, 04 || C)', mac16(k[24:], b'\x04' + C), T)
pt = tdes(k[:24], C, False)
check('AT', pt[:24], bytes.fromhex(vals['AT'])); check('TK1', pt[24:], bytes.fromhex(vals['TK1']))
r = oaep_dec(body(4)); at, tk2, tksha = r[:24], r[24:56], r[56:]
check('RESPONSE AT', at, pt[:24]); check('TK2', tk2, bytes.fromhex(vals['TK2']))
tk = bytes(a ^ b for a, b in zip(pt[24:], tk2))
check('TK', tk, bytes.fromhex(vals['TK'])); check('TK_SHA2', sha(tk), tksha)
h_r = sha(h_c + chal + resp)
check('H_R', h_r, bytes.fromhex(vals['H_R']))
kmac = kdf(tk, b'pinpad-rkd v3 K_MAC', h_r, 32)
check('K_MAC', kmac, bytes.fromhex(vals['K_MAC']))
kbpk = kdf(tk, b'pinpad-rkd v3 KBPK', h_r, 32)
check('KBPK_S', kbpk, bytes.fromhex(vals['KBPK_S']))
i = 5
keys = []
while names[i] == 'KEY':
    b = body(i); B = int.from_bytes(b[2:4], 'big')
    check('KEY %d: B and zero bytes' % b[0], (len(b), b[4:8]), (8 + B + 16, bytes(4)))
    check('KEY %d MAC' % b[0], mac16(kmac, b'\x06' + b[:8 + B]), b[8 + B:])
    block = b[8:8 + B]
    hdr, key, pad = kb_unwrap_d(kbpk, block)
    check('  key and usage of slot %d' % b[1], (key, hdr[5:7]), slots[b[1]][:2])
    check('  KCV of slot %d (X9.24-1 A.2 TDES, A.3 AES)' % b[1], kcv(hdr[7:8], key), slots[b[1]][2])
    check('  exportability N, obfuscated to the largest key, padding 01 02 ...',
          (hdr[11:12], len(key) + len(pad) >= {b'A': 32, b'T': 24}[hdr[7:8]],
           pad), (b'N', True, bytes(range(1, len(pad) + 1))))
    check('  the block made again', kb_wrap_d(kbpk, hdr, key, pad), block)
    keys.append((b[1], kcv(hdr[7:8], key))); i += 1
d = body(i); check('DONE count and MAC', (d[0], mac16(kmac, b'\x07' + d[:1])), (len(keys), d[1:]))
rc = body(i + 1); n = rc[0]
check('RECEIPT entries', [(rc[1 + 4 * j], rc[2 + 4 * j:5 + 4 * j]) for j in range(n)], keys)
check('RECEIPT MAC', mac16(kmac, b'\x08' + rc[:1 + 4 * n]), rc[1 + 4 * n:])
a = body(i + 2); check('ACK', mac16(kmac, b'\x09' + a[:1]), a[1:])
# the device's random bytes: counter blocks
blk = lambda c: sha(b'pinpad-rkd worked example' + c.to_bytes(4, 'big'))
check('N_D is block 0', blk(0), bytes.fromhex(vals['N_D']))
check('TK2 is block 2', blk(2), tk2)
print('all derived values reproduced from protocol.md alone')
