/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * keystore.h - where the RKS's long-term secrets live, behind one narrow
 * seam: the master key (seals every key value at rest), the DIK1s (one per
 * device batch) and the work certificate's private key (RKS_WCRT_SK).
 *
 * Two back ends:
 *   file    today's behaviour: the master key from a 0600 file, each DIK1
 *           sealed in its database row, the work key from a 0600 PEM file;
 *           every secret is in this process's memory.
 *   pkcs11  a PKCS#11 token (SoftHSM2 by default, any HSM's module by
 *           path): all three are non-extractable token objects, and the
 *           token seals, unseals, derives and decrypts. See
 *           Documentation/rks-server.md for what remains in host memory.
 *
 * A DIK1 is named by a 24-byte reference (struct rks_dik1_ref) that the
 * database seals in the DIK1's row: for the file back end it is the clear
 * DIK1 itself, for pkcs11 the CKA_ID of the token object. Callers treat it
 * as secret either way (wipe it).
 *
 * Every function returns 0 or a negative errno. A handle may be shared by
 * threads: the file back end only reads its keys after open, the pkcs11
 * back end serialises its token session.
 */
#ifndef RKS_KEYSTORE_H
#define RKS_KEYSTORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/types.h>

#define RKS_KS_MASTER_KEY_LEN	32	/* AES-256 */
#define RKS_KS_DIK1_LEN		24	/* TDES K1K2K3 */
#define RKS_KS_KCV_LEN		3

/* A value at rest: nonce || AES-256-GCM ciphertext || tag. */
#define RKS_KS_GCM_NONCE_LEN	12
#define RKS_KS_GCM_TAG_LEN	16
#define RKS_KS_SEALED_LEN(n)	(RKS_KS_GCM_NONCE_LEN + (n) + \
				 RKS_KS_GCM_TAG_LEN)

/* The labels of the token objects (CKA_LABEL). */
#define RKS_KS_LABEL_MASTER	"rks-master-key"
#define RKS_KS_LABEL_WORK	"rks-work-key"
#define RKS_KS_LABEL_DIK1	"rks-dik1"

/* The PIN's file under $CREDENTIALS_DIRECTORY (systemd's LoadCredential=). */
#define RKS_KS_PIN_CREDENTIAL	"rks-token-pin"

enum rks_ks_kind {
	RKS_KS_FILE,
	RKS_KS_PKCS11,
};

/*
 * Where the secrets are. Unused fields may be NULL.
 * @master_key: file: the master key file (32 bytes, 0600 or 0400)
 * @work_key:   file: the work private key, PEM (0600); NULL: this user
 *              never decrypts (rks-admin)
 * @module:     pkcs11: the module's path (dlopen)
 * @token:      pkcs11: the token's label (CKA_LABEL of its token info)
 * @pin_file:   pkcs11: the user PIN's file; NULL: the systemd credential
 *              $CREDENTIALS_DIRECTORY/rks-token-pin. Never a command line.
 */
struct rks_ks_config {
	enum rks_ks_kind kind;
	const char *master_key;
	const char *work_key;
	const char *module;
	const char *token;
	const char *pin_file;
};

/* A DIK1 as the key store names it; see the top of this file. */
struct rks_dik1_ref {
	uint8_t b[RKS_KS_DIK1_LEN];
};

struct rks_keystore;

/*
 * rks_ks_open() - open the key store @cfg describes
 * @msg: receives why it failed, naming the file, module or token
 *
 * The file back end reads the master key file (and the work key, if
 * named); pkcs11 loads the module, finds the token, logs in and finds the
 * master key object (it must exist unless @create: `rks-admin init`).
 * Errors: -EINVAL a missing or bad setting; -EPERM a key, PIN or database
 * file readable by others or owned by another user; -ENOENT no such file,
 * token or object; -EACCES a wrong PIN; -EIO the module failed.
 */
int rks_ks_open(const struct rks_ks_config *cfg, bool create,
		struct rks_keystore **out, char *msg, size_t msg_size);
void rks_ks_close(struct rks_keystore *ks);

enum rks_ks_kind rks_ks_kind(const struct rks_keystore *ks);

/* "file /etc/rks/master.key" or "pkcs11 token 'rks' (module path)". */
const char *rks_ks_describe(const struct rks_keystore *ks);

/*
 * rks_ks_seal() - AES-256-GCM under the master key, random 96-bit nonce,
 * @aad (a NUL-terminated string) as associated data: @out receives
 * RKS_KS_SEALED_LEN(@len) bytes. @len may be 0 (authenticates @aad only).
 */
int rks_ks_seal(struct rks_keystore *ks, const char *aad, const uint8_t *pt,
		size_t len, uint8_t *out);

/*
 * rks_ks_unseal() - the reverse: -EBADMSG (and @pt wiped) if @in_len is
 * not RKS_KS_SEALED_LEN(@pt_len) or the value does not authenticate.
 */
int rks_ks_unseal(struct rks_keystore *ks, const char *aad,
		  const uint8_t *in, size_t in_len, uint8_t *pt,
		  size_t pt_len);

/*
 * rks_ks_dik1_store() - take a clear DIK1 in: file: @ref is @dik1;
 * pkcs11: a new non-extractable DES3 token object named by a random
 * CKA_ID, which @ref receives. The caller wipes @dik1.
 */
int rks_ks_dik1_store(struct rks_keystore *ks,
		      const uint8_t dik1[RKS_KS_DIK1_LEN],
		      struct rks_dik1_ref *ref);

/* Undo rks_ks_dik1_store() when its row could not be written. */
void rks_ks_dik1_forget(struct rks_keystore *ks,
			const struct rks_dik1_ref *ref);

/*
 * The KCV of the DIK1 @ref names (TDES-ECB-E of a zero block, 3 bytes):
 * pkcs11 reads the object's CKA_CHECK_VALUE. -ENOENT: no such object.
 */
int rks_ks_dik1_kcv(struct rks_keystore *ks, const struct rks_dik1_ref *ref,
		    uint8_t kcv[RKS_KS_KCV_LEN]);

/*
 * The clear DIK1 (for `rks-admin dik1 export`): file only; -EPERM for a
 * token, whose DIK1s are not extractable.
 */
int rks_ks_dik1_export(struct rks_keystore *ks,
		       const struct rks_dik1_ref *ref,
		       uint8_t dik1[RKS_KS_DIK1_LEN]);

/*
 * rks_ks_dik2() - the patent's F(DSN, factor, DIK1) (rkd_dik2(),
 * Documentation/protocol.md "The DIK2 function F"):
 *   KEY1 = TDES-ECB-E(DIK1, SHA256(DSN)[0..24))
 *   DIK2 = TDES-ECB-D(KEY1, SHA256(factor)[0..24))
 * pkcs11: KEY1 is derived inside the token (CKM_DES3_ECB_ENCRYPT_DATA) as
 * a sensitive session object and DIK2 decrypted with it (CKM_DES3_ECB);
 * only DIK2 leaves. A @ref that names no object gives the DIK2 of a
 * per-process random DIK1 after the same token work (a doomed session
 * costs what a good one does). @dsn_len, @factor_len: at least 1.
 */
int rks_ks_dik2(struct rks_keystore *ks, const struct rks_dik1_ref *ref,
		const char *dsn, size_t dsn_len, const uint8_t *factor,
		size_t factor_len, uint8_t dik2[RKS_KS_DIK1_LEN]);

/*
 * rks_ks_work_key() - bind the work private key that matches @pub (the
 * work certificate's public key): file: the PEM @cfg named; pkcs11: the
 * RSA private key object labelled rks-work-key with @pub's modulus and
 * exponent. @why says what did not match.
 */
int rks_ks_work_key(struct rks_keystore *ks, EVP_PKEY *pub, char *why,
		    size_t why_size);

/*
 * rks_ks_oaep_decrypt() - RSAES-OAEP (SHA-256, MGF1-SHA-256, empty label)
 * with the bound work key, as rkd_oaep_decrypt(): @in_len must be the
 * modulus size; -EBADMSG for any ciphertext that does not decode (one
 * answer for every reason). pkcs11: raw RSA (CKM_RSA_X_509) in the token,
 * OAEP decoded here in constant time (ks_oaep.c).
 */
int rks_ks_oaep_decrypt(struct rks_keystore *ks, const uint8_t *in,
			size_t in_len, uint8_t *out, size_t out_cap,
			size_t *out_len);

/*
 * rks_ks_work_key_import() - put @key (an RSA private key) into the token
 * as a sensitive, non-extractable object labelled rks-work-key, replacing
 * none (-EEXIST if one is there). pkcs11 only (-ENOTSUP for file).
 */
int rks_ks_work_key_import(struct rks_keystore *ks, EVP_PKEY *key);

/*
 * rks_ks_work_key_generate() - a new RSA work key pair of @bits (2048 to
 * 4096, a multiple of 8; public exponent 65537) made where this key store
 * keeps its work private key, and bound as rks_ks_work_key() binds one;
 * @pub receives the public key alone, for the work certificate (the
 * caller frees it). @msg says what failed.
 *   file:   made here by OpenSSL, written to the work key file the
 *           configuration named (@cfg->work_key), a new file of mode 0600
 *   pkcs11: made inside the token by C_GenerateKeyPair
 *           (CKM_RSA_PKCS_KEY_PAIR_GEN, PKCS#11 v2.40 section 2.1.4): the
 *           private key, labelled rks-work-key, is a sensitive token
 *           object that never was extractable and decrypts only, so its
 *           CKA_LOCAL, CKA_ALWAYS_SENSITIVE and CKA_NEVER_EXTRACTABLE are
 *           true: its numbers never exist outside the token. The public
 *           key is a session object, read and destroyed.
 * Errors: -EINVAL a bad @bits, or no work key file named (file); -EEXIST
 * the file exists or the token has a work key (either left alone);
 * -ENOTSUP the token lacks the mechanism; -EIO, -ENOMEM, or open(2)'s or
 * write(2)'s error (the half-written file removed).
 */
int rks_ks_work_key_generate(struct rks_keystore *ks, unsigned int bits,
			     EVP_PKEY **pub, char *msg, size_t msg_size);

/*
 * rks_ks_forget_made() - destroy the key objects this handle made, for an
 * operation that fails after making them (`rks-admin init --token`):
 *   pkcs11: the master key made by rks_ks_open(create) and the work key
 *           made by rks_ks_work_key_generate() (C_DestroyObject), so that
 *           the token is as before and the operation can be run again
 *           (a work key left behind made the next init fail with -EEXIST)
 *   file:   nothing (the files are the caller's to remove)
 * Objects found, not made, are left alone. No error: a failure to destroy
 * is what a token that already refuses everything would give.
 */
void rks_ks_forget_made(struct rks_keystore *ks);

/*
 * rks_secret_file_check() - the one rule for a file holding a secret (a
 * key, a PIN, the database): a regular file, owned by this process's
 * effective user, of mode 0600 or 0400 (its owner's alone). @fd is the open
 * file (fstat: no race with a rename); @what names it in @msg ("master key
 * file"). -EINVAL not a regular file; -EPERM a wrong owner or mode.
 */
int rks_secret_file_check(int fd, const char *path, const char *what,
			  char *msg, size_t msg_size);

/*
 * The same rule on what stat(2) said of @path: for an SQLite database,
 * which must not be opened a second time (closing any descriptor of the
 * file drops SQLite's POSIX locks on it).
 */
struct stat;
int rks_secret_stat_check(const struct stat *st, const char *path,
			  const char *what, char *msg, size_t msg_size);

/* The first OpenSSL error, for a message (per thread); clears the queue. */
const char *rks_ossl_reason(void);

/*
 * rks_ks_file_create() - write 32 random bytes to a new master key file,
 * mode 0600. -EEXIST if @path exists (left alone).
 */
int rks_ks_file_create(const char *path, char *msg, size_t msg_size);

/*
 * rks_ks_file_write() - write @mk (RKS_KS_MASTER_KEY_LEN bytes, e.g. the
 * XOR of custodians' components) to a new master key file, mode 0600.
 *
 * Return: 0; -EEXIST if @path exists (left alone); an error of open(2),
 * fchmod(2), write(2) or fsync(2), the half-written file removed. @msg
 * says which.
 */
int rks_ks_file_write(const char *path,
		      const uint8_t mk[RKS_KS_MASTER_KEY_LEN], char *msg,
		      size_t msg_size);

#endif /* RKS_KEYSTORE_H */
