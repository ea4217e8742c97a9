// SPDX-License-Identifier: GPL-2.0
/*
 * Key blocks (ANSI X9.143 / TR-31, versions B and D) inside the module:
 * LOAD_WK takes nothing else (issue #11).
 *
 *  - the published examples, TR-31:2018 A.7.2.2 (version B) and A.7.4
 *    (version D) (Documentation/test-vectors.md), authenticate in the
 *    module, and their clear key, re-wrapped with exportability N under
 *    the same KBPKs, loads with the published KCVs 57C409 and 08793E;
 *  - the refusal list: one bit flipped anywhere, the usage changed with
 *    the MAC left, truncated, a wrong length field, an unknown version, a
 *    B block under an AES KBPK, a key stronger than its KBPK, an unknown
 *    optional block; each refused, no slot changed;
 *  - usage binding: a PIN key's block cannot decrypt by CIPHER nor reach
 *    the crypto API; a MAC key cannot CIPHER; directions of D0 keys;
 *  - failed loads lock the KBPK until an admin unlocks it.
 *
 * Every block but the published ones is made at build time by the openssl
 * CLI (gen-keyblocks.sh), independently of the module's parser.
 */
#include "kselftest_harness.h"
#include "pinpad_util.h"

#define TMK_SLOT	3	/* TMK3, K0 T D */
#define AES_SLOT	4	/* TMK_AES, K0 A D (the A.7.4 KBPK) */
#define PUB_SLOT	5	/* the A.7.2.2 KBPK, K0 T B */
#define TMK2_SLOT	6	/* TMK, two-key, K0 T D */
#define AES128_SLOT	7	/* an AES-128 KBPK, K0 A D */
#define PIN_SLOT	21
#define MAC_SLOT	22
#define FREE_SLOT	30

/* the AES-128 KBPK of KB_AES_STRONGER (gen-vectors.sh) */
static const unsigned char AES128_KEY[16] = {
	0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17,
	0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f,
};

FIXTURE(kb) {
	int fd;
	struct pinpad_slot_info before[PINPAD_SLOTS];
};

static void snapshot(int fd, struct pinpad_slot_info *all)
{
	unsigned int i;

	for (i = 0; i < PINPAD_SLOTS; i++)
		pp_slot_info(fd, i, &all[i]);
}

FIXTURE_SETUP(kb)
{
	PP_SETUP_FRESH(self);
	ASSERT_EQ(0, pp_inject(self->fd, TMK_SLOT, PINPAD_USAGE_TMK, TMK3, 24,
			       TMK3_KCV));
	ASSERT_EQ(0, pp_inject_attr(self->fd, AES_SLOT, PINPAD_ALG_AES,
				    "K0AD00N", TMK_AES, 32, NULL));
	ASSERT_EQ(0, pp_inject_attr(self->fd, PUB_SLOT, PINPAD_ALG_TDES,
				    "K0TB00N", PUB_KBPK_B, 16, NULL));
	ASSERT_EQ(0, pp_inject(self->fd, TMK2_SLOT, PINPAD_USAGE_TMK, TMK, 16,
			       NULL));
	ASSERT_EQ(0, pp_inject_attr(self->fd, AES128_SLOT, PINPAD_ALG_AES,
				    "K0AD00N", AES128_KEY, 16, NULL));
	ASSERT_EQ(0, pp_load_wk(self->fd, PIN_SLOT, TMK_SLOT, KB_PIN,
				WK_PIN_KCV));
	ASSERT_EQ(0, pp_load_wk(self->fd, MAC_SLOT, TMK_SLOT, KB_MAC,
				WK_MAC_KCV));
	snapshot(self->fd, self->before);
}

FIXTURE_TEARDOWN(kb)
{
	pp_close(self->fd);
}

/* The admin's unlock of a KBPK slot (restarts its count of failures) */
static int unlock(int fd, __u32 slot)
{
	return pp_ioctl(fd, PINPAD_IOC_SLOT_UNLOCK, &slot);
}

/*
 * LOAD_WK of @len bytes of @block into FREE_SLOT under @kbpk must fail
 * with @want and change no slot; the KBPK is unlocked after, so that a
 * list of refusals does not lock it (the lockout has its own test).
 */
#define REFUSED(want, kbpk, block, len)					\
	do {								\
		struct pinpad_slot_info now_[PINPAD_SLOTS];		\
									\
		EXPECT_EQ(want, pp_load_wk_len(self->fd, FREE_SLOT,	\
					       kbpk, block, len, NULL))	\
			TH_LOG("block %.*s", (int)(len), block);	\
		ASSERT_EQ(0, unlock(self->fd, kbpk));			\
		snapshot(self->fd, now_);				\
		EXPECT_EQ(0, memcmp(self->before, now_, sizeof(now_)));	\
	} while (0)

TEST_F(kb, published_examples_authenticate_and_decode)
{
	struct pinpad_slot_info info;

	/*
	 * As printed, exportability E: the MAC verifies (else -EBADMSG),
	 * then policy refuses them (the module exports nothing).
	 */
	REFUSED(-EKEYREJECTED, PUB_SLOT, PUB_KB_B, strlen(PUB_KB_B));
	REFUSED(-EKEYREJECTED, AES_SLOT, PUB_KB_D, strlen(PUB_KB_D));

	/* the same key and KBPKs, exportability N: the published KCVs */
	ASSERT_EQ(0, pp_load_wk(self->fd, 30, PUB_SLOT, PUB_KB_B_N,
				PUB_KCV_B));
	ASSERT_EQ(0, pp_slot_info(self->fd, 30, &info));
	EXPECT_EQ(PINPAD_ALG_TDES, info.alg);
	EXPECT_EQ(16, info.key_len);
	EXPECT_EQ(PINPAD_USAGE_PIN, info.usage);
	EXPECT_EQ(0, memcmp(&info.attr, "P0TE00N", 8));
	EXPECT_EQ(0, memcmp(info.kcv, PUB_KCV_B, 3));

	ASSERT_EQ(0, pp_load_wk(self->fd, 31, AES_SLOT, PUB_KB_D_N,
				PUB_KCV_D));
	ASSERT_EQ(0, pp_slot_info(self->fd, 31, &info));
	EXPECT_EQ(PINPAD_ALG_AES, info.alg);
	EXPECT_EQ(16, info.key_len);
	EXPECT_EQ(PINPAD_USAGE_PIN, info.usage);
	EXPECT_EQ(0, memcmp(&info.attr, "P0AE00N", 8));
	EXPECT_EQ(0, memcmp(info.kcv, PUB_KCV_D, 3));
}

TEST_F(kb, one_bit_flipped_anywhere)
{
	/*
	 * Each header field (version, length, usage, algorithm, mode, key
	 * version, exportability, count, reserved), the key data and the
	 * MAC: one bit each, within the failed-load budget.
	 */
	static const unsigned int pos[] = {
		0, 3, 5, 6, 7, 8, 9, 11, 13, 15, 16, 40, 63, 64, 79,
	};
	char b[sizeof(KB_PIN)];
	unsigned int i;

	ASSERT_EQ(80, strlen(KB_PIN));
	for (i = 0; i < ARRAY_SIZE(pos); i++) {
		memcpy(b, KB_PIN, sizeof(b));
		b[pos[i]] ^= 0x01;
		REFUSED(-EBADMSG, TMK_SLOT, b, strlen(b));
	}
	/* and the untouched block loads */
	EXPECT_EQ(0, pp_load_wk(self->fd, FREE_SLOT, TMK_SLOT, KB_PIN,
				WK_PIN_KCV));
}

TEST_F(kb, one_bit_flipped_in_a_version_d_block)
{
	static const unsigned int pos[] = { 0, 5, 11, 16, 50, 80, 111 };
	char b[sizeof(PUB_KB_D_N)];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(pos); i++) {
		memcpy(b, PUB_KB_D_N, sizeof(b));
		b[pos[i]] ^= 0x04;
		REFUSED(-EBADMSG, AES_SLOT, b, strlen(b));
	}
}

TEST_F(kb, malformed_blocks_are_one_answer)
{
	char b[PINPAD_KEY_BLOCK_MAX + 1];
	size_t n = strlen(KB_PIN);

	/* the usage changed with the MAC left as it was */
	snprintf(b, sizeof(b), "%s", KB_PIN);
	memcpy(b + 5, "D0", 2);
	REFUSED(-EBADMSG, TMK_SLOT, b, n);
	/* truncated: by one character; by the whole MAC, length fixed */
	REFUSED(-EBADMSG, TMK_SLOT, KB_PIN, n - 1);
	snprintf(b, sizeof(b), "%s", KB_PIN);
	memcpy(b + 1, "0064", 4);
	REFUSED(-EBADMSG, TMK_SLOT, b, n - 16);
	/* a length field that is not the length */
	snprintf(b, sizeof(b), "%s", KB_PIN);
	memcpy(b + 1, "0079", 4);
	REFUSED(-EBADMSG, TMK_SLOT, b, n);
	memcpy(b + 1, "0O80", 4);
	REFUSED(-EBADMSG, TMK_SLOT, b, n);
	/* versions other than B and D: A and C exist, and are refused */
	snprintf(b, sizeof(b), "%s", KB_PIN);
	b[0] = 'A';
	REFUSED(-EBADMSG, TMK_SLOT, b, n);
	b[0] = 'C';
	REFUSED(-EBADMSG, TMK_SLOT, b, n);
	b[0] = '1';
	REFUSED(-EBADMSG, TMK_SLOT, b, n);
	/* a B block under an AES KBPK, a D block under a TDES one */
	REFUSED(-EBADMSG, AES_SLOT, KB_DATA, strlen(KB_DATA));
	REFUSED(-EBADMSG, TMK_SLOT, KB_AES_DATA, strlen(KB_AES_DATA));
	/* lower-case hex */
	snprintf(b, sizeof(b), "%s", KB_PIN);
	b[n - 1] = b[n - 1] >= 'A' ? b[n - 1] + 32 : b[n - 1];
	if (b[n - 1] != KB_PIN[n - 1])
		REFUSED(-EBADMSG, TMK_SLOT, b, n);
}

TEST_F(kb, authenticated_blocks_that_policy_refuses)
{
	/* a key stronger than its KBPK: 3TDEA under 2TDEA, AES-256 under 128 */
	REFUSED(-EKEYREJECTED, TMK2_SLOT, KB_STRONGER, strlen(KB_STRONGER));
	REFUSED(-EKEYREJECTED, AES128_SLOT, KB_AES_STRONGER,
		strlen(KB_AES_STRONGER));
	/* an unknown optional block (we know no non-critical one) */
	REFUSED(-EKEYREJECTED, TMK_SLOT, KB_UNKNOWN_OPT,
		strlen(KB_UNKNOWN_OPT));
	/* a KC block whose KCV is not the key's */
	REFUSED(-EKEYREJECTED, TMK_SLOT, KB_KC_BAD, strlen(KB_KC_BAD));
	/* exportable; a BDK (B0, a later issue) */
	REFUSED(-EKEYREJECTED, TMK_SLOT, KB_EXPORT, strlen(KB_EXPORT));
	REFUSED(-EKEYREJECTED, TMK_SLOT, KB_BDK, strlen(KB_BDK));
	/* the PIN key again as a DATA key, made by the KBPK's holder */
	REFUSED(-EKEYREJECTED, TMK_SLOT, KB_PIN_AS_DATA,
		strlen(KB_PIN_AS_DATA));
}

TEST_F(kb, obfuscated_lengths_and_optional_blocks_load)
{
	ASSERT_EQ(0, pp_load_wk(self->fd, FREE_SLOT, TMK_SLOT, KB_PIN2_OBF,
				WK_PIN2_KCV));
	ASSERT_EQ(0, pp_load_wk(self->fd, FREE_SLOT + 1, TMK_SLOT, KB_KC_OK,
				WK_DATA3_KCV));
	ASSERT_EQ(0, pp_load_wk(self->fd, FREE_SLOT + 2, AES_SLOT,
				KB_AES_DATA, NULL));
}

static int cipher(int fd, unsigned int slot, unsigned int op)
{
	unsigned char buf[8] = { 0 };

	return pp_cipher(fd, slot, PINPAD_MODE_ECB, op, buf, buf, 8, NULL);
}

static int token_get(int fd, unsigned int slot, struct pinpad_token *tok)
{
	memset(tok, 0, sizeof(*tok));
	tok->slot = slot;
	return pp_ioctl(fd, PINPAD_IOC_TOKEN_GET, tok);
}

static int pin_block(int fd, unsigned int slot)
{
	struct pinpad_pin_block pb = {
		.slot = slot, .format = PINPAD_PIN_FORMAT_ISO0,
		.pin_len = 4, .pan_len = 13,
	};

	memcpy(pb.pin, "1234", 4);
	memcpy(pb.pan, "4012345678909", 13);
	return pp_ioctl(fd, PINPAD_IOC_PIN_BLOCK, &pb);
}

static int mac(int fd, unsigned long cmd, unsigned int slot,
	       unsigned char out[8])
{
	struct pinpad_mac m = {
		.slot = slot, .padding = PINPAD_MAC_PAD_ISO1,
		.len = sizeof(PLAIN), .mac_len = 8,
		.data = (unsigned long)PLAIN,
	};
	int err;

	memcpy(m.mac, out, 8);
	err = pp_ioctl(fd, cmd, &m);
	if (!err && cmd == PINPAD_IOC_MAC_GENERATE)
		memcpy(out, m.mac, 8);
	return err;
}

/* One AF_ALG request on ecb(pinpad-tdes) keyed with @tok: 0 or -errno */
static int alg_crypt(const struct pinpad_token *tok, bool encrypt)
{
	struct sockaddr_alg sa = {
		.salg_family = AF_ALG, .salg_type = "skcipher",
		.salg_name = PINPAD_ALG_ECB,
	};
	unsigned char out[8];
	int tfm, op, err = 0;

	tfm = socket(AF_ALG, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (tfm < 0 || bind(tfm, (struct sockaddr *)&sa, sizeof(sa)) ||
	    setsockopt(tfm, SOL_ALG, ALG_SET_KEY, tok, sizeof(*tok))) {
		err = -errno;
		if (tfm >= 0)
			close(tfm);
		return err;
	}
	op = accept(tfm, NULL, 0);
	close(tfm);
	if (op < 0)
		return -errno;
	err = pp_alg_op(op, encrypt, PLAIN, out, 8);
	close(op);
	return err;
}

/*
 * The usage-confusion sequence of issue #11: the PIN key's block, which
 * the POS application holds, loaded anywhere it can be, never decrypts;
 * a MAC key never ciphers.
 */
TEST_F(kb, a_pin_key_never_decrypts_and_a_mac_key_never_ciphers)
{
	struct pinpad_slot_info info;
	struct pinpad_token tok;
	unsigned char m[8] = { 0 };
	char b[sizeof(KB_PIN)];

	/* the PIN block's own key: no CIPHER, no token */
	EXPECT_EQ(-EKEYREJECTED, cipher(self->fd, PIN_SLOT, PINPAD_OP_DECRYPT));
	EXPECT_EQ(-EKEYREJECTED, cipher(self->fd, PIN_SLOT, PINPAD_OP_ENCRYPT));
	EXPECT_EQ(-EKEYREJECTED, token_get(self->fd, PIN_SLOT, &tok));
	EXPECT_EQ(-EKEYREJECTED, mac(self->fd, PINPAD_IOC_MAC_GENERATE,
				     PIN_SLOT, m));
	/* its block loaded again into a free slot keeps its usage, P0 */
	ASSERT_EQ(0, pp_load_wk(self->fd, FREE_SLOT, TMK_SLOT, KB_PIN,
				WK_PIN_KCV));
	ASSERT_EQ(0, pp_slot_info(self->fd, FREE_SLOT, &info));
	EXPECT_EQ(PINPAD_USAGE_PIN, info.usage);
	EXPECT_EQ(0, memcmp(&info.attr, "P0TE00N", 8));
	EXPECT_EQ(-EKEYREJECTED, cipher(self->fd, FREE_SLOT,
					PINPAD_OP_DECRYPT));
	EXPECT_EQ(-EKEYREJECTED, token_get(self->fd, FREE_SLOT, &tok));
	/* a forged token naming the PIN slot reaches nothing */
	memset(&tok, 0, sizeof(tok));
	tok.magic = PINPAD_TOKEN_MAGIC;
	tok.slot = PIN_SLOT;
	EXPECT_NE(0, alg_crypt(&tok, false));
	/* its header made to say D0: the MAC fails */
	memcpy(b, KB_PIN, sizeof(b));
	memcpy(b + 5, "D0", 2);
	EXPECT_EQ(-EBADMSG, pp_load_wk(self->fd, FREE_SLOT + 1, TMK_SLOT, b,
				       NULL));
	/*
	 * re-wrapped as D0 by the KBPK's holder: the same key, refused, in a
	 * free slot and over the PIN key itself
	 */
	EXPECT_EQ(-EKEYREJECTED, pp_load_wk(self->fd, FREE_SLOT + 1, TMK_SLOT,
					    KB_PIN_AS_DATA, NULL));
	ASSERT_EQ(0, pp_slot_info(self->fd, FREE_SLOT + 1, &info));
	EXPECT_EQ(PINPAD_ALG_NONE, info.alg);
	ASSERT_EQ(0, unlock(self->fd, TMK_SLOT));
	EXPECT_EQ(-EKEYREJECTED, pp_load_wk(self->fd, PIN_SLOT, TMK_SLOT,
					    KB_PIN_AS_DATA, NULL));
	ASSERT_EQ(0, pp_slot_info(self->fd, PIN_SLOT, &info));
	EXPECT_EQ(0, memcmp(&info.attr, "P0TE00N", 8));
	/* and the PIN key still makes PIN blocks */
	EXPECT_EQ(0, pin_block(self->fd, PIN_SLOT));

	/* a MAC key: MACs only */
	EXPECT_EQ(-EKEYREJECTED, cipher(self->fd, MAC_SLOT, PINPAD_OP_DECRYPT));
	EXPECT_EQ(-EKEYREJECTED, cipher(self->fd, MAC_SLOT, PINPAD_OP_ENCRYPT));
	EXPECT_EQ(-EKEYREJECTED, token_get(self->fd, MAC_SLOT, &tok));
	EXPECT_EQ(-EKEYREJECTED, pin_block(self->fd, MAC_SLOT));
	EXPECT_EQ(0, mac(self->fd, PINPAD_IOC_MAC_GENERATE, MAC_SLOT, m));
	/* a KBPK: unwraps only */
	EXPECT_EQ(-EKEYREJECTED, cipher(self->fd, TMK_SLOT, PINPAD_OP_DECRYPT));
	EXPECT_EQ(-EKEYREJECTED, pin_block(self->fd, TMK_SLOT));
	EXPECT_EQ(-EKEYREJECTED, token_get(self->fd, TMK_SLOT, &tok));
}

TEST_F(kb, modes_of_use_bind_directions)
{
	struct pinpad_token tok;
	unsigned char m[8] = { 0 };

	ASSERT_EQ(0, pp_load_wk(self->fd, 32, TMK_SLOT, KB_DATA_ENC,
				WK_DATA2_KCV));
	ASSERT_EQ(0, pp_load_wk(self->fd, 33, TMK_SLOT, KB_DATA_DEC,
				WK_DATA3_KCV));
	/* D0, mode E: encrypt only; mode D: decrypt only */
	EXPECT_EQ(0, cipher(self->fd, 32, PINPAD_OP_ENCRYPT));
	EXPECT_EQ(-EKEYREJECTED, cipher(self->fd, 32, PINPAD_OP_DECRYPT));
	EXPECT_EQ(0, cipher(self->fd, 33, PINPAD_OP_DECRYPT));
	EXPECT_EQ(-EKEYREJECTED, cipher(self->fd, 33, PINPAD_OP_ENCRYPT));
	/* and through the crypto API, checked at every request */
	ASSERT_EQ(0, token_get(self->fd, 32, &tok));
	EXPECT_EQ(0, alg_crypt(&tok, true));
	EXPECT_EQ(-EKEYREJECTED, alg_crypt(&tok, false));
	ASSERT_EQ(0, token_get(self->fd, 33, &tok));
	EXPECT_EQ(0, alg_crypt(&tok, false));
	EXPECT_EQ(-EKEYREJECTED, alg_crypt(&tok, true));

	/* M3, mode G: generates, never verifies */
	ASSERT_EQ(0, pp_load_wk(self->fd, 34, TMK_SLOT, KB_MAC_GEN, NULL));
	EXPECT_EQ(0, mac(self->fd, PINPAD_IOC_MAC_GENERATE, 34, m));
	EXPECT_EQ(-EKEYREJECTED, mac(self->fd, PINPAD_IOC_MAC_VERIFY, 34, m));
	/* M1: the usage picks ISO 9797-1 algorithm 1 (openssl's CBC-MAC) */
	ASSERT_EQ(0, pp_load_wk(self->fd, 35, TMK_SLOT, KB_MAC1, NULL));
	EXPECT_EQ(0, mac(self->fd, PINPAD_IOC_MAC_GENERATE, 35, m));
	EXPECT_EQ(0, memcmp(m, MAC1_PLAIN_P1, 8));
	EXPECT_EQ(0, mac(self->fd, PINPAD_IOC_MAC_VERIFY, 35, m));
}

TEST_F(kb, failed_loads_lock_the_kbpk_until_an_admin_unlocks_it)
{
	struct pinpad_slot_info info;
	char bad[sizeof(KB_PIN)];
	__u32 slot = TMK_SLOT;
	unsigned int i;

	memcpy(bad, KB_PIN, sizeof(bad));
	bad[70] ^= 0x01;
	/* PINPAD_KBPK_FAIL_MAX - 1 failures, a success: the count restarts */
	for (i = 0; i + 1 < PINPAD_KBPK_FAIL_MAX; i++)
		ASSERT_EQ(-EBADMSG, pp_load_wk(self->fd, FREE_SLOT, TMK_SLOT,
					       bad, NULL));
	ASSERT_EQ(0, pp_load_wk(self->fd, FREE_SLOT, TMK_SLOT, KB_PIN, NULL));
	for (i = 0; i + 1 < PINPAD_KBPK_FAIL_MAX; i++)
		ASSERT_EQ(-EBADMSG, pp_load_wk(self->fd, FREE_SLOT + 1,
					       TMK_SLOT, bad, NULL));
	ASSERT_EQ(0, pp_slot_info(self->fd, TMK_SLOT, &info));
	EXPECT_EQ(0, info.flags);
	/* the limit: locked; even a good block is refused now */
	ASSERT_EQ(-EBADMSG, pp_load_wk(self->fd, FREE_SLOT + 1, TMK_SLOT,
				       bad, NULL));
	ASSERT_EQ(0, pp_slot_info(self->fd, TMK_SLOT, &info));
	EXPECT_EQ(PINPAD_SLOT_F_LOCKED, info.flags);
	EXPECT_EQ(-EKEYREVOKED, pp_load_wk(self->fd, FREE_SLOT + 1, TMK_SLOT,
					   KB_MAC, NULL));
	ASSERT_EQ(0, pp_slot_info(self->fd, FREE_SLOT + 1, &info));
	EXPECT_EQ(PINPAD_ALG_NONE, info.alg);
	/* the lock is the KBPK's alone: its keys work, other KBPKs load */
	EXPECT_EQ(0, pin_block(self->fd, PIN_SLOT));
	EXPECT_EQ(0, pp_load_wk(self->fd, 31, AES_SLOT, PUB_KB_D_N,
				PUB_KCV_D));
	/* only the admin node unlocks (the use node's fd, directly) */
	EXPECT_EQ(-1, ioctl(self->fd, PINPAD_IOC_SLOT_UNLOCK, &slot));
	EXPECT_EQ(EPERM, errno);
	ASSERT_EQ(0, unlock(self->fd, TMK_SLOT));
	ASSERT_EQ(0, pp_slot_info(self->fd, TMK_SLOT, &info));
	EXPECT_EQ(0, info.flags);
	EXPECT_EQ(0, pp_load_wk(self->fd, FREE_SLOT + 1, TMK_SLOT, KB_MAC,
				WK_MAC_KCV));
	EXPECT_EQ(-EINVAL, unlock(self->fd, PINPAD_SLOTS));

	/* locked again, then cleared and refilled: a new key, no lock */
	for (i = 0; i < PINPAD_KBPK_FAIL_MAX; i++)
		ASSERT_EQ(-EBADMSG, pp_load_wk(self->fd, FREE_SLOT + 2,
					       TMK_SLOT, bad, NULL));
	ASSERT_EQ(0, pp_ioctl(self->fd, PINPAD_IOC_CLEAR_SLOT, &slot));
	ASSERT_EQ(0, pp_inject(self->fd, TMK_SLOT, PINPAD_USAGE_TMK, TMK3, 24,
			       TMK3_KCV));
	ASSERT_EQ(0, pp_slot_info(self->fd, TMK_SLOT, &info));
	EXPECT_EQ(0, info.flags);
	EXPECT_EQ(0, pp_load_wk(self->fd, FREE_SLOT + 2, TMK_SLOT, KB_PIN,
				WK_PIN_KCV));
}

TEST_HARNESS_MAIN
