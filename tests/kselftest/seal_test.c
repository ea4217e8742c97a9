// SPDX-License-Identifier: GPL-2.0
/*
 * Sealed persistence of /dev/pinpad: the device key (a logon key), blobs
 * exported and imported, every refusal leaving the device pristine, tamper
 * revoking the device key, and poll(2) reporting changes.
 */
#include "kselftest_harness.h"
#include "pinpad_util.h"

#include <linux/keyctl.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <poll.h>

static const unsigned char DEVICE_KEY_A[32] = "device key A: 32 bytes of secret";
static const unsigned char DEVICE_KEY_B[32] = "device key B: another terminal!!";

/* add (or replace) the logon device key in this process's keyring */
static int add_device_key(const unsigned char *key, size_t len)
{
	long id = syscall(__NR_add_key, "logon", PINPAD_DEVICE_KEY_DESC, key,
			  len, KEY_SPEC_PROCESS_KEYRING);

	return id < 0 ? -errno : 0;
}

static int export_blob(int fd, unsigned char *buf, unsigned int cap,
		       unsigned int *len, __u64 *gen)
{
	struct pinpad_state_blob sb = { .addr = (unsigned long)buf,
					.cap = cap };
	int err = pp_ioctl(fd, PINPAD_IOC_STATE_EXPORT, &sb);

	*len = sb.len;
	if (gen)
		*gen = sb.generation;
	return err;
}

static int import_blob(int fd, const unsigned char *buf, unsigned int len)
{
	struct pinpad_state_blob sb = { .addr = (unsigned long)buf,
					.len = len };

	return pp_ioctl(fd, PINPAD_IOC_STATE_IMPORT, &sb);
}

FIXTURE(seal) {
	int fd;
	unsigned char blob[PINPAD_STATE_MAX];
	unsigned int len;
	struct pinpad_status before;
};

/*
 * A sealed, provisioned device with a TMK and a DATA key, device key A
 * loaded, and its state exported into self->blob.
 */
FIXTURE_SETUP(seal)
{
	PP_SETUP_FRESH(self);
	ASSERT_EQ(0, add_device_key(DEVICE_KEY_A, 32));
	ASSERT_EQ(0, pp_ioctl(self->fd, PINPAD_IOC_DEVICE_KEY, NULL));
	ASSERT_EQ(0, pp_provision(self->fd));
	ASSERT_EQ(0, pp_inject(self->fd, 2, PINPAD_USAGE_TMK, TMK3, 24, NULL));
	ASSERT_EQ(0, pp_load_wk(self->fd, 20, 2, KB_DATA, WK_DATA_KCV));
	ASSERT_EQ(0, pp_ioctl(self->fd, PINPAD_IOC_SEAL, NULL));
	ASSERT_EQ(0, pp_status(self->fd, &self->before));
	ASSERT_EQ(0, export_blob(self->fd, self->blob, sizeof(self->blob),
				 &self->len, NULL));
}

FIXTURE_TEARDOWN(seal)
{
	if (self->fd >= 0)
		pp_close(self->fd);
}

/* Reload the module and load @key as the device key. */
static int fresh_device(FIXTURE_DATA(seal) *self, const unsigned char *key)
{
	int err;

	pp_close(self->fd);
	self->fd = -1;
	err = pp_reload("");
	if (err)
		return err;
	self->fd = pp_open(O_RDWR);
	if (self->fd < 0)
		return -errno;
	err = add_device_key(key, 32);
	if (err)
		return err;
	return pp_ioctl(self->fd, PINPAD_IOC_DEVICE_KEY, NULL);
}

static void expect_pristine(struct __test_metadata *_metadata, int fd)
{
	struct pinpad_status st;

	ASSERT_EQ(0, pp_status(fd, &st));
	EXPECT_EQ(PINPAD_STATE_FACTORY, st.state);
	EXPECT_EQ(PINPAD_STATUS_HAS_DEVICE_KEY, st.flags);
	EXPECT_EQ(0, st.dsn_len);
	EXPECT_EQ(0, st.keys_loaded);
}

TEST_F(seal, restore_after_reload)
{
	unsigned char out[32], expect[32];
	struct pinpad_slot_info info;
	struct pinpad_status st;

	ASSERT_EQ(0, pp_cipher(self->fd, 20, PINPAD_MODE_ECB,
			       PINPAD_OP_ENCRYPT, PLAIN, expect, 32, NULL));
	ASSERT_EQ(0, fresh_device(self, DEVICE_KEY_A));
	ASSERT_EQ(0, import_blob(self->fd, self->blob, self->len));
	ASSERT_EQ(0, pp_status(self->fd, &st));
	EXPECT_EQ(PINPAD_STATE_SEALED, st.state);
	EXPECT_EQ(self->before.dsn_len, st.dsn_len);
	EXPECT_EQ(0, memcmp(st.dsn, self->before.dsn, st.dsn_len));
	EXPECT_EQ(0, memcmp(st.dik2_kcv, DIK2_KCV, 3));
	EXPECT_EQ(0, memcmp(st.root_fpr, ROOT2048_SHA256, 32));
	EXPECT_EQ(self->before.factor_len, st.factor_len);
	EXPECT_EQ(2, st.keys_loaded);
	/* the import itself is a change: one generation past the blob's */
	EXPECT_EQ(self->before.generation + 1, st.generation);
	ASSERT_EQ(0, pp_slot_info(self->fd, 2, &info));
	EXPECT_EQ(PINPAD_USAGE_TMK, info.usage);
	EXPECT_EQ(0, memcmp(info.kcv, TMK3_KCV, 3));
	/* the restored DATA key encrypts exactly as before */
	ASSERT_EQ(0, pp_cipher(self->fd, 20, PINPAD_MODE_ECB,
			       PINPAD_OP_ENCRYPT, PLAIN, out, 32, NULL));
	EXPECT_EQ(0, memcmp(out, expect, 32));
	/* and the restored root still checks work certificates */
	EXPECT_FALSE(pp_leaks(self->blob, self->len, WK_DATA, 24));
	EXPECT_FALSE(pp_leaks(self->blob, self->len, DIK2, 24));
	EXPECT_FALSE(pp_leaks(self->blob, self->len, TMK, 16));
}

TEST_F(seal, corrupted_blobs_are_refused_and_change_nothing)
{
	unsigned int offs[] = { 0, 4, 8, 20, 30, 44, 100, self->len - 40,
				self->len - 1 };
	unsigned int i;
	int want;

	ASSERT_EQ(0, fresh_device(self, DEVICE_KEY_A));
	for (i = 0; i < sizeof(offs) / sizeof(offs[0]); i++) {
		self->blob[offs[i]] ^= 0x10;
		TH_LOG("bit flipped at %u", offs[i]);
		/* the key id (8..15) names another device: EKEYREJECTED */
		want = offs[i] >= 8 && offs[i] < 16 ? -EKEYREJECTED : -EBADMSG;
		EXPECT_EQ(want, import_blob(self->fd, self->blob, self->len));
		self->blob[offs[i]] ^= 0x10;
		expect_pristine(_metadata, self->fd);
	}
	/* truncated, and bad lengths */
	EXPECT_EQ(-EBADMSG, import_blob(self->fd, self->blob, self->len - 1));
	EXPECT_EQ(-EBADMSG, import_blob(self->fd, self->blob, 40));
	EXPECT_EQ(-EINVAL, import_blob(self->fd, self->blob, 0));
	EXPECT_EQ(-EINVAL, import_blob(self->fd, self->blob,
				       PINPAD_STATE_MAX + 1));
	EXPECT_EQ(-EFAULT, import_blob(self->fd, (void *)8, self->len));
	expect_pristine(_metadata, self->fd);
	/* and the intact blob still goes in */
	EXPECT_EQ(0, import_blob(self->fd, self->blob, self->len));
}

TEST_F(seal, blob_of_another_device_is_refused)
{
	ASSERT_EQ(0, fresh_device(self, DEVICE_KEY_B));
	EXPECT_EQ(-EKEYREJECTED, import_blob(self->fd, self->blob, self->len));
	expect_pristine(_metadata, self->fd);
}

TEST_F(seal, import_only_into_a_pristine_device)
{
	EXPECT_EQ(-EACCES, import_blob(self->fd, self->blob, self->len));
	ASSERT_EQ(0, fresh_device(self, DEVICE_KEY_A));
	ASSERT_EQ(0, pp_set_dsn(self->fd, "OTHER"));
	EXPECT_EQ(-EBUSY, import_blob(self->fd, self->blob, self->len));
}

TEST_F(seal, device_key_rules)
{
	struct pinpad_status st;

	/* one device key per load */
	EXPECT_EQ(-EEXIST, pp_ioctl(self->fd, PINPAD_IOC_DEVICE_KEY, NULL));
	ASSERT_EQ(0, pp_status(self->fd, &st));
	EXPECT_TRUE(st.flags & PINPAD_STATUS_HAS_DEVICE_KEY);

	/* without one, nothing is sealed or restored */
	pp_close(self->fd);
	ASSERT_EQ(0, pp_reload(""));
	self->fd = pp_open(O_RDWR);
	ASSERT_LE(0, self->fd);
	EXPECT_EQ(-ENOKEY, export_blob(self->fd, self->blob, sizeof(self->blob),
				       &self->len, NULL));
	EXPECT_EQ(-ENOKEY, import_blob(self->fd, self->blob, 100));
	/* a logon key of the wrong size */
	ASSERT_EQ(0, add_device_key(DEVICE_KEY_A, 16));
	EXPECT_EQ(-EINVAL, pp_ioctl(self->fd, PINPAD_IOC_DEVICE_KEY, NULL));
}

TEST_F(seal, export_needs_room)
{
	unsigned int len = 0;

	EXPECT_EQ(-ENOSPC, export_blob(self->fd, self->blob, 64, &len, NULL));
	EXPECT_LE(self->len, len);
}

/* Tamper revokes the device key: the old blob cannot come back. */
TEST_F(seal, tamper_revokes_the_device_key)
{
	ASSERT_EQ(0, pp_ioctl(self->fd, PINPAD_IOC_TAMPER, NULL));
	pp_close(self->fd);
	ASSERT_EQ(0, pp_reload(""));
	self->fd = pp_open(O_RDWR);
	ASSERT_LE(0, self->fd);
	/* the same logon key, still in our keyring, is revoked */
	EXPECT_EQ(-ENOKEY, pp_ioctl(self->fd, PINPAD_IOC_DEVICE_KEY, NULL));
	EXPECT_EQ(-ENOKEY, import_blob(self->fd, self->blob, self->len));
	/* a new device key (what boot makes after tamper) refuses it too */
	ASSERT_EQ(0, add_device_key(DEVICE_KEY_B, 32));
	ASSERT_EQ(0, pp_ioctl(self->fd, PINPAD_IOC_DEVICE_KEY, NULL));
	EXPECT_EQ(-EKEYREJECTED, import_blob(self->fd, self->blob, self->len));
	expect_pristine(_metadata, self->fd);
}

TEST_F(seal, poll_reports_every_change)
{
	struct pollfd p = { .events = POLLPRI };
	struct pinpad_status st;
	__u32 slot = 20;
	int other = pp_open(O_RDWR);

	ASSERT_LE(0, other);
	p.fd = other;
	ASSERT_EQ(0, pp_status(other, &st));
	EXPECT_EQ(0, poll(&p, 1, 0));
	ASSERT_EQ(0, pp_ioctl(self->fd, PINPAD_IOC_CLEAR_SLOT, &slot));
	EXPECT_EQ(1, poll(&p, 1, 1000));
	EXPECT_TRUE(p.revents & POLLPRI);
	ASSERT_EQ(0, pp_status(other, &st));
	EXPECT_EQ(self->before.generation + 1, st.generation);
	EXPECT_EQ(0, poll(&p, 1, 0));
	/* using a key is no change */
	EXPECT_EQ(-ENOKEY, pp_cipher(self->fd, 20, PINPAD_MODE_ECB,
				     PINPAD_OP_ENCRYPT, PLAIN, self->blob, 8,
				     NULL));
	EXPECT_EQ(0, poll(&p, 1, 0));
	ASSERT_EQ(0, pp_ioctl(self->fd, PINPAD_IOC_TAMPER, NULL));
	EXPECT_EQ(1, poll(&p, 1, 1000));
	pp_close(other);
}

/*
 * Reseal @blob (sealed under DEVICE_KEY_A) with @rec appended to its
 * plaintext, as a later version of the module would: the keys are the
 * module's derivation (kmod/seal.c: HMAC-SHA-256 of the device key and a
 * label), the layout secure-module.md's version 2 (IV at 32, length at
 * 48, ciphertext at 52, HMAC-SHA-256 last). Returns the new length.
 */
static unsigned int reseal_with(const unsigned char *blob, unsigned int len,
				const unsigned char *rec, unsigned int rec_len,
				unsigned char *out)
{
	unsigned char enc[32], mac[32], *pt;
	unsigned int n, ct = len - 52 - 32, m;
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	int l;

	HMAC(EVP_sha256(), DEVICE_KEY_A, 32,
	     (const unsigned char *)"pinpad-rkd seal v1 encryption", 29, enc,
	     &m);
	HMAC(EVP_sha256(), DEVICE_KEY_A, 32,
	     (const unsigned char *)"pinpad-rkd seal v1 MAC", 22, mac, &m);
	pt = malloc(ct + rec_len);
	EVP_DecryptInit_ex(c, EVP_aes_256_ctr(), NULL, enc, blob + 32);
	EVP_DecryptUpdate(c, pt, &l, blob + 52, ct);
	memcpy(pt + ct, rec, rec_len);
	n = ct + rec_len;
	memcpy(out, blob, 52);
	out[48] = n >> 24;
	out[49] = n >> 16;
	out[50] = n >> 8;
	out[51] = n;
	EVP_EncryptInit_ex(c, EVP_aes_256_ctr(), NULL, enc, blob + 32);
	EVP_EncryptUpdate(c, out + 52, &l, pt, n);
	HMAC(EVP_sha256(), mac, 32, out, 52 + n, out + 52 + n, &m);
	EVP_CIPHER_CTX_free(c);
	free(pt);
	return 52 + n + 32;
}

/* Records after the slots (kmod/seal.c): unknown ones skipped unless
 * critical (type 0x80 and up), and bounded */
TEST_F(seal, records_after_the_slots)
{
	static const unsigned char skip[] = { 0x01, 0x00, 0x02, 'h', 'i' };
	static const unsigned char crit[] = { 0xfe, 0x00, 0x01, 0x00 };
	/* the revocation list number (0x81) must be 8 bytes */
	static const unsigned char bad_rl[] = { 0x81, 0x00, 0x01, 0x00 };
	static const unsigned char cut[] = { 0x01, 0x00, 0x05, 'x' };
	unsigned char b[PINPAD_STATE_MAX];
	struct pinpad_status st;
	unsigned int n;

	ASSERT_EQ(0, fresh_device(self, DEVICE_KEY_A));
	/* the control: resealed as is, it imports (the helper is right) */
	n = reseal_with(self->blob, self->len, NULL, 0, b);
	ASSERT_EQ(self->len, n);
	EXPECT_EQ(0, memcmp(b, self->blob, n));
	/* a critical record this module does not know: refused */
	n = reseal_with(self->blob, self->len, crit, sizeof(crit), b);
	EXPECT_EQ(-EBADMSG, import_blob(self->fd, b, n));
	expect_pristine(_metadata, self->fd);
	/* a known critical record of the wrong length: refused */
	n = reseal_with(self->blob, self->len, bad_rl, sizeof(bad_rl), b);
	EXPECT_EQ(-EBADMSG, import_blob(self->fd, b, n));
	expect_pristine(_metadata, self->fd);
	/* a record longer than what is left: refused */
	n = reseal_with(self->blob, self->len, cut, sizeof(cut), b);
	EXPECT_EQ(-EBADMSG, import_blob(self->fd, b, n));
	expect_pristine(_metadata, self->fd);
	/* an unknown, non-critical record: skipped, the state restored */
	n = reseal_with(self->blob, self->len, skip, sizeof(skip), b);
	EXPECT_EQ(0, import_blob(self->fd, b, n));
	ASSERT_EQ(0, pp_status(self->fd, &st));
	EXPECT_EQ(self->before.keys_loaded, st.keys_loaded);
	EXPECT_EQ(PINPAD_STATE_SEALED, st.state);
}

/* The VM suite has no TPM: software sealing, said so, and no TPM paths */
TEST_F(seal, software_sealing_without_a_tpm)
{
	struct pinpad_tpm_key tk = { .addr = (unsigned long)self->blob,
				     .cap = sizeof(self->blob) };
	struct pinpad_status st;
	__u64 gen = self->before.generation;

	ASSERT_EQ(0, pp_status(self->fd, &st));
	EXPECT_FALSE(st.flags & PINPAD_STATUS_SEAL_TPM);
	EXPECT_TRUE(st.flags & PINPAD_STATUS_HAS_DEVICE_KEY);
	EXPECT_EQ(-ENODEV, pp_ioctl(self->fd, PINPAD_IOC_TPM_KEY, &tk));
	/* bad arguments are refused before anything else */
	tk.reserved0 = 1;
	EXPECT_EQ(-EINVAL, pp_ioctl(self->fd, PINPAD_IOC_TPM_KEY, &tk));
	/* a commit is a no-op without a counter */
	EXPECT_EQ(0, pp_ioctl(self->fd, PINPAD_IOC_STATE_COMMIT, &gen));
	/* the blob carries counter 0 (offset 24, secure-module.md) */
	EXPECT_EQ(0, memcmp(self->blob + 24, "\0\0\0\0\0\0\0\0", 8));
	EXPECT_EQ(PINPAD_SEAL_VERSION, self->blob[4]);
}

/* The plaintext of a blob sealed under DEVICE_KEY_A (as reseal_with) */
static unsigned int unseal_pt(const unsigned char *blob, unsigned int len,
			      unsigned char *pt)
{
	unsigned int ct = len - 52 - 32, m;
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	unsigned char enc[32];
	int l;

	HMAC(EVP_sha256(), DEVICE_KEY_A, 32,
	     (const unsigned char *)"pinpad-rkd seal v1 encryption", 29, enc,
	     &m);
	EVP_DecryptInit_ex(c, EVP_aes_256_ctr(), NULL, enc, blob + 32);
	EVP_DecryptUpdate(c, pt, &l, blob + 52, ct);
	EVP_CIPHER_CTX_free(c);
	return ct;
}

/*
 * Version 2 of the same state, as the module before key blocks sealed
 * it: each slot "slot | class | len | key", without the algorithm and
 * the attributes, and the header's version 2. Returns the blob's length.
 */
static unsigned int as_version_2(const unsigned char *blob, unsigned int len,
				 unsigned char *out)
{
	static unsigned char pt[PINPAD_STATE_MAX], v2[PINPAD_STATE_MAX];
	unsigned int n = unseal_pt(blob, len, pt), p = 0, q, i, slots;

	p += 1;				/* state */
	p += 1 + pt[p];			/* DSN */
	p += 1 + pt[p];			/* DIK2 */
	p += 1 + pt[p];			/* factor */
	p += 2 + (pt[p] << 8 | pt[p + 1]);	/* root certificate */
	slots = pt[p++];
	memcpy(v2, pt, p);
	q = p;
	for (i = 0; i < slots; i++) {
		unsigned int klen = pt[p + 3];

		v2[q++] = pt[p];		/* slot */
		v2[q++] = pt[p + 1];		/* class */
		v2[q++] = klen;
		memcpy(v2 + q, pt + p + 4, klen);
		q += klen;
		p += 4 + klen + 8;		/* alg, attributes */
	}
	memcpy(v2 + q, pt + p, n - p);		/* the records */
	q += n - p;
	memcpy(out, blob, 52);
	out[4] = 2;
	return reseal_with(out, 52 + 32, v2, q, out);
}

/*
 * Version 3 keeps each slot's attributes and the KBPK locks; a version 2
 * blob (before key blocks) imports, each key with its class's attributes
 * (TMK K0/D, PIN P0/E, MAC M3/C, DATA D0/B), as secure-module.md says.
 */
TEST_F(seal, attributes_and_locks_survive_and_version_2_imports)
{
	unsigned char b[PINPAD_STATE_MAX], out[32];
	struct pinpad_slot_info info;
	char bad[sizeof(KB_DATA)];
	unsigned int i, n;

	/* a KBPK locked by failed loads, then the state saved */
	memcpy(bad, KB_DATA, sizeof(bad));
	bad[40] ^= 1;
	for (i = 0; i < PINPAD_KBPK_FAIL_MAX; i++)
		ASSERT_EQ(-EBADMSG, pp_load_wk(self->fd, 21, 2, bad, NULL));
	ASSERT_EQ(0, export_blob(self->fd, self->blob, sizeof(self->blob),
				 &self->len, NULL));
	EXPECT_EQ(PINPAD_SEAL_VERSION, self->blob[4]);

	ASSERT_EQ(0, fresh_device(self, DEVICE_KEY_A));
	ASSERT_EQ(0, import_blob(self->fd, self->blob, self->len));
	ASSERT_EQ(0, pp_slot_info(self->fd, 2, &info));
	EXPECT_EQ(PINPAD_SLOT_F_LOCKED, info.flags);
	EXPECT_EQ(0, memcmp(&info.attr, "K0TD00N", 8));
	EXPECT_EQ(-EKEYREVOKED, pp_load_wk(self->fd, 21, 2, KB_DATA, NULL));
	ASSERT_EQ(0, pp_slot_info(self->fd, 20, &info));
	EXPECT_EQ(PINPAD_ALG_TDES, info.alg);
	EXPECT_EQ(0, memcmp(&info.attr, "D0TB00N", 8));

	/* the same state as version 2: class defaults, no lock record */
	n = as_version_2(self->blob, self->len, b);
	ASSERT_EQ(0, fresh_device(self, DEVICE_KEY_A));
	ASSERT_EQ(0, import_blob(self->fd, b, n));
	ASSERT_EQ(0, pp_slot_info(self->fd, 2, &info));
	EXPECT_EQ(0, memcmp(&info.attr, "K0TD00N", 8));
	EXPECT_EQ(0, memcmp(info.kcv, TMK3_KCV, 3));
	ASSERT_EQ(0, pp_slot_info(self->fd, 20, &info));
	EXPECT_EQ(0, memcmp(&info.attr, "D0TB00N", 8));
	EXPECT_EQ(0, memcmp(info.kcv, WK_DATA_KCV, 3));
	ASSERT_EQ(0, pp_cipher(self->fd, 20, PINPAD_MODE_ECB,
			       PINPAD_OP_ENCRYPT, PLAIN, out, 32, NULL));
	EXPECT_EQ(0, memcmp(out, DATA_ECB, 32));
	/* a version the module does not know: refused */
	n = reseal_with(self->blob, self->len, NULL, 0, b);
	b[4] = 4;
	n = reseal_with(b, n, NULL, 0, b);
	ASSERT_EQ(0, fresh_device(self, DEVICE_KEY_A));
	EXPECT_EQ(-EBADMSG, import_blob(self->fd, b, n));
	expect_pristine(_metadata, self->fd);
}

TEST_HARNESS_MAIN
