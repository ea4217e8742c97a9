// SPDX-License-Identifier: GPL-2.0
/*
 * What a PIN pad is for: ISO 9564-1 format 0 PIN blocks under a PIN key,
 * ISO 9797-1 MAC algorithm 3 (X9.19 retail MAC) with MAC keys, and DATA
 * keys through the kernel crypto API ("ecb(pinpad-tdes)", "cbc(pinpad-tdes)")
 * reached with libkcapi, keyed by tokens from PINPAD_IOC_TOKEN_GET.
 *
 * Known answers (sources cited at each) are compared with OpenSSL's result
 * for the clear key (vectors.h, from gen-vectors.sh). Every refusal checks
 * that nothing changed.
 */
#include "kselftest_harness.h"	/* first: it defines _GNU_SOURCE */

#include <grp.h>
#include <sys/wait.h>

#include "kcapi_util.h"
#include "pinpad_util.h"

#define TMK_SLOT	3
#define DATA_SLOT	20
#define PIN_SLOT	21
#define MAC_SLOT	22
#define MACB_SLOT	23	/* the ISO 9797-1 Annex B key */
#define MAC24_SLOT	24	/* a triple-length MAC key: refused for MACs */
#define EMPTY_SLOT	40

#define NOBODY		65534

/* ISO/IEC 9797-1:2011 Annex B.4, MAC algorithm 3, padding method 1, m = 32 */
static const unsigned char ANNEX_B4_MAC1[4] = { 0xA1, 0xC7, 0x2E, 0x74 };
static const unsigned char ANNEX_B4_MAC2[4] = { 0x2E, 0x2B, 0x14, 0x28 };
/* KCV of 0123456789ABCDEF FEDCBA9876543210, printed in key ceremonies */
static const unsigned char KCV_0123_FEDC[3] = { 0x08, 0xD7, 0xB4 };

FIXTURE(ops) {
	int fd;
};

/*
 * A FACTORY device: a TMK, and under it a DATA (24 bytes), a PIN and a MAC
 * key; the Annex B MAC key and a 24-byte MAC key injected in clear.
 */
FIXTURE_SETUP(ops)
{
	PP_SETUP_FRESH(self);
	ASSERT_EQ(0, pp_load_fixture_keys(self->fd, TMK_SLOT, DATA_SLOT,
					  PIN_SLOT, MAC_SLOT));
	ASSERT_EQ(0, pp_inject(self->fd, MACB_SLOT, PINPAD_USAGE_MAC, MACB_KEY,
			       16, MACB_KCV));
	ASSERT_EQ(0, pp_inject(self->fd, MAC24_SLOT, PINPAD_USAGE_MAC,
			       WK_MAC24, 24, WK_MAC24_KCV));
}

FIXTURE_TEARDOWN(ops)
{
	if (self->fd >= 0)
		pp_close(self->fd);
}

/* ---- helpers ----------------------------------------------------------- */

static void snapshot(int fd, struct pinpad_slot_info *all)
{
	unsigned int i;

	for (i = 0; i < PINPAD_SLOTS; i++)
		pp_slot_info(fd, i, &all[i]);
}

/* PIN_BLOCK with the PIN and PAN as strings; @pb is left as the kernel did */
static int pin_block(int fd, unsigned int slot, const char *pin,
		     const char *pan, struct pinpad_pin_block *pb)
{
	memset(pb, 0, sizeof(*pb));
	pb->slot = slot;
	pb->format = PINPAD_PIN_FORMAT_ISO0;
	pb->pin_len = strlen(pin);
	pb->pan_len = strlen(pan);
	memcpy(pb->pin, pin, pb->pin_len > PINPAD_PIN_MAX ? PINPAD_PIN_MAX
							  : pb->pin_len);
	memcpy(pb->pan, pan, pb->pan_len > PINPAD_PAN_MAX ? PINPAD_PAN_MAX
							  : pb->pan_len);
	memset(pb->block, 0xEE, sizeof(pb->block));
	return pp_ioctl(fd, PINPAD_IOC_PIN_BLOCK, pb);
}

static bool block_untouched(const struct pinpad_pin_block *pb)
{
	static const unsigned char ee[PINPAD_BLOCK_LEN] = {
		0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE,
	};

	return !memcmp(pb->block, ee, sizeof(ee));
}

/* MAC_GENERATE: the MAC goes to @mac (8 bytes, a TDES MAC's whole field) */
static int mac_generate(int fd, unsigned int slot, unsigned int padding,
			const void *data, unsigned int len,
			unsigned int mac_len, unsigned char *mac)
{
	struct pinpad_mac m = {
		.slot = slot, .padding = padding, .len = len,
		.mac_len = mac_len, .data = (unsigned long)data,
	};
	int err;

	memset(m.mac, 0xEE, sizeof(m.mac));
	err = pp_ioctl(fd, PINPAD_IOC_MAC_GENERATE, &m);
	memcpy(mac, m.mac, PINPAD_MAC_LEN);
	return err;
}

static int mac_verify(int fd, unsigned int slot, unsigned int padding,
		      const void *data, unsigned int len,
		      const unsigned char *mac, unsigned int mac_len)
{
	struct pinpad_mac m = {
		.slot = slot, .padding = padding, .len = len,
		.mac_len = mac_len, .data = (unsigned long)data,
	};

	memcpy(m.mac, mac, mac_len > 8 ? 8 : mac_len);
	return pp_ioctl(fd, PINPAD_IOC_MAC_VERIFY, &m);
}

static int token_get(int fd, unsigned int slot, struct pinpad_token *tok)
{
	memset(tok, 0, sizeof(*tok));
	tok->slot = slot;
	return pp_ioctl(fd, PINPAD_IOC_TOKEN_GET, tok);
}

static int token_revoke(int fd, const struct pinpad_token *tok)
{
	struct pinpad_token copy = *tok;

	return pp_ioctl(fd, PINPAD_IOC_TOKEN_REVOKE, &copy);
}

/* Only setkey, on a fresh handle: 0 or -errno. */
static int kc_setkey(const struct pinpad_token *tok)
{
	struct kcapi_handle *h = NULL;
	int err = kc_open(&h, PINPAD_ALG_ECB, tok, sizeof(*tok));

	kcapi_cipher_destroy(h);
	return err;
}

/* Encrypt PLAIN (8 bytes of it) with ECB through a token: 0 or -errno. */
static int kc_try(const struct pinpad_token *tok)
{
	struct kcapi_handle *h = NULL;
	unsigned char out[8];
	int err;

	err = kc_open(&h, PINPAD_ALG_ECB, tok, sizeof(*tok));
	if (!err)
		err = kc_crypt(h, true, PLAIN, out, 8, NULL);
	if (!err && memcmp(out, DATA_ECB, 8))
		err = -EIO;
	kcapi_cipher_destroy(h);
	return err;
}

/* ---- PIN blocks -------------------------------------------------------- */

TEST_F(ops, pin_block_iso0_known_answers)
{
	struct pinpad_pin_block pb;

	/*
	 * ISO 9564-1 format 0, PIN 1234, PAN 4012345678909: clear block
	 * 041274EDCBA9876F (worked in gen-vectors.sh), encrypted by openssl
	 * under the PIN key. Only the block field is written back.
	 */
	ASSERT_EQ(0, pin_block(self->fd, PIN_SLOT, "1234", "4012345678909",
			       &pb));
	EXPECT_EQ(0, memcmp(pb.block, PINBLK1_ENC, 8));
	EXPECT_NE(0, memcmp(pb.block, PINBLK1_CLEAR, 8));
	EXPECT_EQ(0, memcmp(pb.pin, "1234\0\0\0\0\0\0\0\0", 12));
	EXPECT_EQ(4, pb.pin_len);
	EXPECT_FALSE(pp_leaks(&pb, sizeof(pb), PINBLK1_CLEAR, 8));
	EXPECT_FALSE(pp_leaks(&pb, sizeof(pb), WK_PIN, 16));

	/* the longest PIN and PAN */
	ASSERT_EQ(0, pin_block(self->fd, PIN_SLOT, "123456789012",
			       "1234567890123456789", &pb));
	EXPECT_EQ(0, memcmp(pb.block, PINBLK2_ENC, 8));
	/* a 16-digit PAN, PIN 0000 */
	ASSERT_EQ(0, pin_block(self->fd, PIN_SLOT, "0000", "5555555555554444",
			       &pb));
	EXPECT_EQ(0, memcmp(pb.block, PINBLK3_ENC, 8));
}

TEST_F(ops, pin_block_refusals_change_nothing)
{
	struct pinpad_slot_info before[PINPAD_SLOTS], after[PINPAD_SLOTS];
	static const char *const bad_pins[] = {
		"123", "1234567890123", "12a4", "12 4", "", "-123", "123456789:",
	};
	static const char *const bad_pans[] = {
		"401234567890", "40123456789012345678", "401234567890X",
		"4012 45678909", "", "40123456789/9",
	};
	struct pinpad_pin_block pb;
	unsigned int i;

	snapshot(self->fd, before);
	for (i = 0; i < ARRAY_SIZE(bad_pins); i++) {
		EXPECT_EQ(-EINVAL, pin_block(self->fd, PIN_SLOT, bad_pins[i],
					     "4012345678909", &pb));
		EXPECT_TRUE(block_untouched(&pb));
	}
	for (i = 0; i < ARRAY_SIZE(bad_pans); i++) {
		EXPECT_EQ(-EINVAL, pin_block(self->fd, PIN_SLOT, "1234",
					     bad_pans[i], &pb));
		EXPECT_TRUE(block_untouched(&pb));
	}
	/* a PIN length beyond the field, with digits behind it */
	pin_block(self->fd, PIN_SLOT, "1234", "4012345678909", &pb);
	pb.pin_len = 40;
	memset(pb.block, 0xEE, 8);
	EXPECT_EQ(-EINVAL, pp_ioctl(self->fd, PINPAD_IOC_PIN_BLOCK, &pb));
	EXPECT_TRUE(block_untouched(&pb));
	/* another format, a reserved byte, a bad slot */
	pin_block(self->fd, PIN_SLOT, "1234", "4012345678909", &pb);
	pb.format = 1;
	memset(pb.block, 0xEE, 8);
	EXPECT_EQ(-EINVAL, pp_ioctl(self->fd, PINPAD_IOC_PIN_BLOCK, &pb));
	pb.format = PINPAD_PIN_FORMAT_ISO0;
	pb.reserved0 = 1;
	EXPECT_EQ(-EINVAL, pp_ioctl(self->fd, PINPAD_IOC_PIN_BLOCK, &pb));
	EXPECT_TRUE(block_untouched(&pb));
	EXPECT_EQ(-EINVAL, pin_block(self->fd, PINPAD_SLOTS, "1234",
				     "4012345678909", &pb));
	/* no key, or a key of another usage */
	EXPECT_EQ(-ENOKEY, pin_block(self->fd, EMPTY_SLOT, "1234",
				     "4012345678909", &pb));
	EXPECT_EQ(-EKEYREJECTED, pin_block(self->fd, DATA_SLOT, "1234",
					   "4012345678909", &pb));
	EXPECT_EQ(-EKEYREJECTED, pin_block(self->fd, MAC_SLOT, "1234",
					   "4012345678909", &pb));
	EXPECT_EQ(-EKEYREJECTED, pin_block(self->fd, TMK_SLOT, "1234",
					   "4012345678909", &pb));
	EXPECT_TRUE(block_untouched(&pb));
	EXPECT_EQ(-EFAULT, pp_ioctl(self->fd, PINPAD_IOC_PIN_BLOCK,
				    (void *)8));
	snapshot(self->fd, after);
	EXPECT_EQ(0, memcmp(before, after, sizeof(before)));
}

/* ---- MACs ----------------------------------------------------------------- */

TEST_F(ops, mac_iso9797_annex_b)
{
	unsigned char mac[8];

	/* ISO/IEC 9797-1:2011 Annex B.4: "Now is the time for all " */
	ASSERT_EQ(0, mac_generate(self->fd, MACB_SLOT, PINPAD_MAC_PAD_ISO1,
				  MACB_DATA1, sizeof(MACB_DATA1), 8, mac));
	EXPECT_EQ(0, memcmp(mac, ANNEX_B4_MAC1, 4));
	EXPECT_EQ(0, memcmp(mac, MACB_D1_P1, 8));
	/* "Now is the time for it": 22 bytes, padded with zeros */
	ASSERT_EQ(0, mac_generate(self->fd, MACB_SLOT, PINPAD_MAC_PAD_ISO1,
				  MACB_DATA2, sizeof(MACB_DATA2), 8, mac));
	EXPECT_EQ(0, memcmp(mac, ANNEX_B4_MAC2, 4));
	EXPECT_EQ(0, memcmp(mac, MACB_D2_P1, 8));
	/* padding method 2 on both (OpenSSL's answers) */
	ASSERT_EQ(0, mac_generate(self->fd, MACB_SLOT, PINPAD_MAC_PAD_ISO2,
				  MACB_DATA1, sizeof(MACB_DATA1), 8, mac));
	EXPECT_EQ(0, memcmp(mac, MACB_D1_P2, 8));
	ASSERT_EQ(0, mac_generate(self->fd, MACB_SLOT, PINPAD_MAC_PAD_ISO2,
				  MACB_DATA2, sizeof(MACB_DATA2), 8, mac));
	EXPECT_EQ(0, memcmp(mac, MACB_D2_P2, 8));
	/* the m = 32 bits the standard prints, the rest zeroed */
	ASSERT_EQ(0, mac_generate(self->fd, MACB_SLOT, PINPAD_MAC_PAD_ISO1,
				  MACB_DATA1, sizeof(MACB_DATA1), 4, mac));
	EXPECT_EQ(0, memcmp(mac, ANNEX_B4_MAC1, 4));
	EXPECT_EQ(0, memcmp(mac + 4, "\0\0\0\0", 4));
}

TEST_F(ops, mac_matches_openssl)
{
	static unsigned char max[PINPAD_DATA_MAX];
	unsigned char mac[8];
	unsigned int i;

	for (i = 0; i < sizeof(max); i++)
		max[i] = i & 0xff;
	ASSERT_EQ(0, mac_generate(self->fd, MAC_SLOT, PINPAD_MAC_PAD_ISO1,
				  PLAIN, 32, 8, mac));
	EXPECT_EQ(0, memcmp(mac, MAC_PLAIN_P1, 8));
	ASSERT_EQ(0, mac_generate(self->fd, MAC_SLOT, PINPAD_MAC_PAD_ISO2,
				  PLAIN, 32, 8, mac));
	EXPECT_EQ(0, memcmp(mac, MAC_PLAIN_P2, 8));
	ASSERT_EQ(0, mac_generate(self->fd, MAC_SLOT, PINPAD_MAC_PAD_ISO1,
				  "", 1, 8, mac));
	EXPECT_EQ(0, memcmp(mac, MAC_BYTE_P1, 8));
	/* one zero byte padded with zeros is the zero block: the KCV */
	EXPECT_EQ(0, memcmp(mac, WK_MAC_KCV, 3));
	ASSERT_EQ(0, mac_generate(self->fd, MAC_SLOT, PINPAD_MAC_PAD_ISO2,
				  "", 1, 8, mac));
	EXPECT_EQ(0, memcmp(mac, MAC_BYTE_P2, 8));
	ASSERT_EQ(0, mac_generate(self->fd, MAC_SLOT, PINPAD_MAC_PAD_ISO2,
				  max, sizeof(max), 8, mac));
	EXPECT_EQ(0, memcmp(mac, MAC_MAX_P2, 8));
}

TEST_F(ops, mac_verify)
{
	unsigned char mac[8];
	unsigned int i;

	memcpy(mac, MACB_D1_P1, 8);
	EXPECT_EQ(0, mac_verify(self->fd, MACB_SLOT, PINPAD_MAC_PAD_ISO1,
				MACB_DATA1, sizeof(MACB_DATA1), mac, 8));
	EXPECT_EQ(0, mac_verify(self->fd, MACB_SLOT, PINPAD_MAC_PAD_ISO1,
				MACB_DATA1, sizeof(MACB_DATA1),
				ANNEX_B4_MAC1, 4));
	for (i = 0; i < 8; i++) {
		mac[i] ^= 0x01;
		EXPECT_EQ(-EBADMSG, mac_verify(self->fd, MACB_SLOT,
					       PINPAD_MAC_PAD_ISO1, MACB_DATA1,
					       sizeof(MACB_DATA1), mac, 8));
		mac[i] ^= 0x01;
	}
	/* the right MAC for other padding, data, or key */
	EXPECT_EQ(-EBADMSG, mac_verify(self->fd, MACB_SLOT,
				       PINPAD_MAC_PAD_ISO2, MACB_DATA1,
				       sizeof(MACB_DATA1), mac, 8));
	EXPECT_EQ(-EBADMSG, mac_verify(self->fd, MACB_SLOT,
				       PINPAD_MAC_PAD_ISO1, MACB_DATA2,
				       sizeof(MACB_DATA2), mac, 8));
	EXPECT_EQ(-EBADMSG, mac_verify(self->fd, MAC_SLOT,
				       PINPAD_MAC_PAD_ISO1, MACB_DATA1,
				       sizeof(MACB_DATA1), mac, 8));
	EXPECT_EQ(0, mac_verify(self->fd, MAC_SLOT, PINPAD_MAC_PAD_ISO2,
				PLAIN, 32, MAC_PLAIN_P2, 8));
}

TEST_F(ops, mac_refusals_change_nothing)
{
	struct pinpad_slot_info before[PINPAD_SLOTS], after[PINPAD_SLOTS];
	static unsigned char big[PINPAD_DATA_MAX + 8];
	const unsigned char ee[8] = {
		0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE,
	};
	unsigned char mac[8];

	snapshot(self->fd, before);
	/* data lengths: none, one past the maximum */
	EXPECT_EQ(-EINVAL, mac_generate(self->fd, MAC_SLOT,
					PINPAD_MAC_PAD_ISO1, big, 0, 8, mac));
	EXPECT_EQ(0, memcmp(mac, ee, 8));
	EXPECT_EQ(-EINVAL, mac_generate(self->fd, MAC_SLOT,
					PINPAD_MAC_PAD_ISO1, big,
					PINPAD_DATA_MAX + 1, 8, mac));
	EXPECT_EQ(-EINVAL, mac_verify(self->fd, MAC_SLOT, PINPAD_MAC_PAD_ISO1,
				      big, 0, MAC_BYTE_P1, 8));
	EXPECT_EQ(-EINVAL, mac_verify(self->fd, MAC_SLOT, PINPAD_MAC_PAD_ISO1,
				      big, PINPAD_DATA_MAX + 8, MAC_BYTE_P1,
				      8));
	/* MAC lengths, paddings */
	EXPECT_EQ(-EINVAL, mac_generate(self->fd, MAC_SLOT,
					PINPAD_MAC_PAD_ISO1, PLAIN, 8, 3,
					mac));
	EXPECT_EQ(-EINVAL, mac_generate(self->fd, MAC_SLOT,
					PINPAD_MAC_PAD_ISO1, PLAIN, 8, 9,
					mac));
	EXPECT_EQ(-EINVAL, mac_verify(self->fd, MAC_SLOT, PINPAD_MAC_PAD_ISO1,
				      PLAIN, 8, MAC_BYTE_P1, 0));
	EXPECT_EQ(-EINVAL, mac_generate(self->fd, MAC_SLOT, 0, PLAIN, 8, 8,
					mac));
	EXPECT_EQ(-EINVAL, mac_generate(self->fd, MAC_SLOT, 3, PLAIN, 8, 8,
					mac));
	EXPECT_EQ(-EINVAL, mac_generate(self->fd, PINPAD_SLOTS,
					PINPAD_MAC_PAD_ISO1, PLAIN, 8, 8,
					mac));
	EXPECT_EQ(0, memcmp(mac, ee, 8));
	/* no key, a key of another usage, a 24-byte MAC key */
	EXPECT_EQ(-ENOKEY, mac_generate(self->fd, EMPTY_SLOT,
					PINPAD_MAC_PAD_ISO1, PLAIN, 8, 8,
					mac));
	EXPECT_EQ(-EKEYREJECTED, mac_generate(self->fd, DATA_SLOT,
					      PINPAD_MAC_PAD_ISO1, PLAIN, 8,
					      8, mac));
	EXPECT_EQ(-EKEYREJECTED, mac_generate(self->fd, PIN_SLOT,
					      PINPAD_MAC_PAD_ISO1, PLAIN, 8,
					      8, mac));
	EXPECT_EQ(-EKEYREJECTED, mac_generate(self->fd, TMK_SLOT,
					      PINPAD_MAC_PAD_ISO1, PLAIN, 8,
					      8, mac));
	EXPECT_EQ(-EKEYREJECTED, mac_generate(self->fd, MAC24_SLOT,
					      PINPAD_MAC_PAD_ISO1, PLAIN, 8,
					      8, mac));
	EXPECT_EQ(-EKEYREJECTED, mac_verify(self->fd, PIN_SLOT,
					    PINPAD_MAC_PAD_ISO1, PLAIN, 8,
					    MAC_BYTE_P1, 8));
	EXPECT_EQ(0, memcmp(mac, ee, 8));
	/* unmapped data or argument */
	EXPECT_EQ(-EFAULT, mac_generate(self->fd, MAC_SLOT,
					PINPAD_MAC_PAD_ISO1, (void *)8, 8, 8,
					mac));
	EXPECT_EQ(-EFAULT, pp_ioctl(self->fd, PINPAD_IOC_MAC_GENERATE,
				    (void *)8));
	EXPECT_EQ(-EFAULT, pp_ioctl(self->fd, PINPAD_IOC_MAC_VERIFY,
				    (void *)8));
	snapshot(self->fd, after);
	EXPECT_EQ(0, memcmp(before, after, sizeof(before)));
}

TEST_F(ops, kcv_known_answers)
{
	struct pinpad_slot_info info;

	ASSERT_EQ(0, pp_slot_info(self->fd, MACB_SLOT, &info));
	EXPECT_EQ(0, memcmp(info.kcv, KCV_0123_FEDC, 3));
	EXPECT_EQ(0, memcmp(info.kcv, MACB_KCV, 3));
	ASSERT_EQ(0, pp_slot_info(self->fd, MAC24_SLOT, &info));
	EXPECT_EQ(24, info.key_len);
	EXPECT_EQ(0, memcmp(info.kcv, WK_MAC24_KCV, 3));
	ASSERT_EQ(0, pp_slot_info(self->fd, PIN_SLOT, &info));
	EXPECT_EQ(0, memcmp(info.kcv, WK_PIN_KCV, 3));
}

/* ---- each key does its one job ---------------------------------------- */

TEST_F(ops, each_key_does_only_its_job)
{
	struct pinpad_slot_info before[PINPAD_SLOTS], after[PINPAD_SLOTS];
	struct pinpad_pin_block pb;
	struct pinpad_token tok;
	unsigned char buf[8] = { 0 }, mac[8];

	snapshot(self->fd, before);
	/* a PIN key: PIN blocks, nothing else */
	EXPECT_EQ(-EKEYREJECTED, pp_cipher(self->fd, PIN_SLOT, PINPAD_MODE_ECB,
					   PINPAD_OP_ENCRYPT, buf, buf, 8,
					   NULL));
	EXPECT_EQ(-EKEYREJECTED, pp_cipher(self->fd, PIN_SLOT, PINPAD_MODE_CBC,
					   PINPAD_OP_DECRYPT, buf, buf, 8,
					   buf));
	EXPECT_EQ(-EKEYREJECTED, mac_generate(self->fd, PIN_SLOT,
					      PINPAD_MAC_PAD_ISO2, buf, 8, 8,
					      mac));
	EXPECT_EQ(-EKEYREJECTED, token_get(self->fd, PIN_SLOT, &tok));
	EXPECT_EQ(-EKEYREJECTED, pp_load_wk(self->fd, 30, PIN_SLOT, KB_DATA,
					    WK_DATA_KCV));
	/* a MAC key: MACs only */
	EXPECT_EQ(-EKEYREJECTED, pin_block(self->fd, MAC_SLOT, "1234",
					   "4012345678909", &pb));
	EXPECT_EQ(-EKEYREJECTED, pp_cipher(self->fd, MAC_SLOT, PINPAD_MODE_ECB,
					   PINPAD_OP_ENCRYPT, buf, buf, 8,
					   NULL));
	EXPECT_EQ(-EKEYREJECTED, token_get(self->fd, MAC_SLOT, &tok));
	/* a DATA key: neither PIN blocks nor MACs */
	EXPECT_EQ(-EKEYREJECTED, pin_block(self->fd, DATA_SLOT, "1234",
					   "4012345678909", &pb));
	EXPECT_EQ(-EKEYREJECTED, mac_generate(self->fd, DATA_SLOT,
					      PINPAD_MAC_PAD_ISO1, buf, 8, 8,
					      mac));
	/* a TMK: wraps working keys only */
	EXPECT_EQ(-EKEYREJECTED, pin_block(self->fd, TMK_SLOT, "1234",
					   "4012345678909", &pb));
	EXPECT_EQ(-EKEYREJECTED, mac_verify(self->fd, TMK_SLOT,
					    PINPAD_MAC_PAD_ISO1, buf, 8,
					    MAC_BYTE_P1, 8));
	EXPECT_EQ(-EKEYREJECTED, token_get(self->fd, TMK_SLOT, &tok));
	EXPECT_EQ(0, memcmp(buf, "\0\0\0\0\0\0\0\0", 8));
	snapshot(self->fd, after);
	EXPECT_EQ(0, memcmp(before, after, sizeof(before)));
}

TEST_F(ops, ops_need_a_writable_live_device)
{
	struct pinpad_token tok = { .slot = DATA_SLOT };
	struct pinpad_pin_block pb;
	unsigned char mac[8] = { 0 };
	int ro = pp_open(O_RDONLY);

	ASSERT_LE(0, ro);
	EXPECT_EQ(-EBADF, pin_block(ro, PIN_SLOT, "1234", "4012345678909",
				    &pb));
	EXPECT_EQ(-EBADF, mac_generate(ro, MAC_SLOT, PINPAD_MAC_PAD_ISO1,
				       PLAIN, 8, 8, mac));
	EXPECT_EQ(-EBADF, mac_verify(ro, MAC_SLOT, PINPAD_MAC_PAD_ISO1,
				     PLAIN, 8, mac, 8));
	EXPECT_EQ(-EBADF, token_get(ro, DATA_SLOT, &tok));
	EXPECT_EQ(-EBADF, token_revoke(ro, &tok));
	pp_close(ro);

	/* SEALED works as FACTORY does */
	ASSERT_EQ(0, pp_provision(self->fd));
	ASSERT_EQ(0, pp_ioctl(self->fd, PINPAD_IOC_SEAL, NULL));
	ASSERT_EQ(0, pin_block(self->fd, PIN_SLOT, "1234", "4012345678909",
			       &pb));
	EXPECT_EQ(0, memcmp(pb.block, PINBLK1_ENC, 8));
	ASSERT_EQ(0, token_get(self->fd, DATA_SLOT, &tok));

	/* ZEROIZED: none of it */
	ASSERT_EQ(0, pp_ioctl(self->fd, PINPAD_IOC_TAMPER, NULL));
	EXPECT_EQ(-EACCES, pin_block(self->fd, PIN_SLOT, "1234",
				     "4012345678909", &pb));
	EXPECT_EQ(-EACCES, mac_generate(self->fd, MAC_SLOT,
					PINPAD_MAC_PAD_ISO1, PLAIN, 8, 8,
					mac));
	EXPECT_EQ(-EACCES, mac_verify(self->fd, MAC_SLOT, PINPAD_MAC_PAD_ISO1,
				      PLAIN, 8, mac, 8));
	EXPECT_EQ(-EACCES, token_get(self->fd, DATA_SLOT, &tok));
	EXPECT_EQ(-EACCES, token_revoke(self->fd, &tok));
}

/* ---- tokens and the kernel crypto API ---------------------------------- */

TEST_F(ops, token_only_for_data_keys)
{
	struct pinpad_token tok, tok2;

	ASSERT_EQ(0, token_get(self->fd, DATA_SLOT, &tok));
	EXPECT_EQ(PINPAD_TOKEN_MAGIC, tok.magic);
	EXPECT_EQ(DATA_SLOT, tok.slot);
	EXPECT_NE(0, tok.epoch);
	EXPECT_FALSE(pp_leaks(&tok, sizeof(tok), WK_DATA, 24));
	/* every token has its own handle, the same epoch */
	ASSERT_EQ(0, token_get(self->fd, DATA_SLOT, &tok2));
	EXPECT_NE(0, memcmp(tok.handle, tok2.handle, PINPAD_HANDLE_LEN));
	EXPECT_EQ(tok.epoch, tok2.epoch);

	EXPECT_EQ(-EKEYREJECTED, token_get(self->fd, PIN_SLOT, &tok));
	EXPECT_EQ(-EKEYREJECTED, token_get(self->fd, MAC_SLOT, &tok));
	EXPECT_EQ(-EKEYREJECTED, token_get(self->fd, MACB_SLOT, &tok));
	EXPECT_EQ(-EKEYREJECTED, token_get(self->fd, TMK_SLOT, &tok));
	EXPECT_EQ(-ENOKEY, token_get(self->fd, EMPTY_SLOT, &tok));
	EXPECT_EQ(-ENOKEY, token_get(self->fd, 0, &tok));
	EXPECT_EQ(-EINVAL, token_get(self->fd, PINPAD_SLOTS, &tok));
	/* the request carries a slot and zeros, nothing else */
	memset(&tok, 0, sizeof(tok));
	tok.slot = DATA_SLOT;
	tok.magic = PINPAD_TOKEN_MAGIC;
	EXPECT_EQ(-EINVAL, pp_ioctl(self->fd, PINPAD_IOC_TOKEN_GET, &tok));
	tok.magic = 0;
	tok.epoch = 1;
	EXPECT_EQ(-EINVAL, pp_ioctl(self->fd, PINPAD_IOC_TOKEN_GET, &tok));
	tok.epoch = 0;
	tok.handle[15] = 1;
	EXPECT_EQ(-EINVAL, pp_ioctl(self->fd, PINPAD_IOC_TOKEN_GET, &tok));
	EXPECT_EQ(-EFAULT, pp_ioctl(self->fd, PINPAD_IOC_TOKEN_GET,
				    (void *)8));
}

TEST_F(ops, af_alg_ecb_equals_ioctl_and_openssl)
{
	unsigned char via_ioctl[32], via_kcapi[32], back[32];
	struct kcapi_handle *h = NULL;
	struct pinpad_token tok;

	ASSERT_EQ(0, token_get(self->fd, DATA_SLOT, &tok));
	ASSERT_EQ(0, kc_open(&h, PINPAD_ALG_ECB, &tok, sizeof(tok)));
	ASSERT_EQ(0, kc_crypt(h, true, PLAIN, via_kcapi, 32, NULL));
	ASSERT_EQ(0, pp_cipher(self->fd, DATA_SLOT, PINPAD_MODE_ECB,
			       PINPAD_OP_ENCRYPT, PLAIN, via_ioctl, 32, NULL));
	EXPECT_EQ(0, memcmp(via_kcapi, DATA_ECB, 32));
	EXPECT_EQ(0, memcmp(via_kcapi, via_ioctl, 32));
	ASSERT_EQ(0, kc_crypt(h, false, DATA_ECB, back, 32, NULL));
	EXPECT_EQ(0, memcmp(back, PLAIN, 32));
	/* not whole blocks */
	EXPECT_GT(0, kc_crypt(h, true, PLAIN, via_kcapi, 12, NULL));
	kcapi_cipher_destroy(h);
}

TEST_F(ops, af_alg_cbc_equals_ioctl_and_openssl)
{
	unsigned char via_ioctl[32], via_kcapi[32], back[32], iv[8];
	struct kcapi_handle *h = NULL;
	struct pinpad_token tok;

	ASSERT_EQ(0, token_get(self->fd, DATA_SLOT, &tok));
	ASSERT_EQ(0, kc_open(&h, PINPAD_ALG_CBC, &tok, sizeof(tok)));
	ASSERT_EQ(0, kc_crypt(h, true, PLAIN, via_kcapi, 32, DATA_IV));
	memcpy(iv, DATA_IV, 8);
	ASSERT_EQ(0, pp_cipher(self->fd, DATA_SLOT, PINPAD_MODE_CBC,
			       PINPAD_OP_ENCRYPT, PLAIN, via_ioctl, 32, iv));
	EXPECT_EQ(0, memcmp(via_kcapi, DATA_CBC, 32));
	EXPECT_EQ(0, memcmp(via_kcapi, via_ioctl, 32));
	ASSERT_EQ(0, kc_crypt(h, false, DATA_CBC, back, 32, DATA_IV));
	EXPECT_EQ(0, memcmp(back, PLAIN, 32));
	kcapi_cipher_destroy(h);
}

/* More than a page through AF_ALG equals the ioctl path, 4 KiB at a time. */
TEST_F(ops, af_alg_large_request)
{
	static unsigned char in[16384], out[16384], ref[16384];
	struct kcapi_handle *h = NULL;
	struct pinpad_token tok;
	unsigned int i;

	for (i = 0; i < sizeof(in); i++)
		in[i] = i * 7 + 3;
	ASSERT_EQ(0, token_get(self->fd, DATA_SLOT, &tok));
	ASSERT_EQ(0, kc_open(&h, PINPAD_ALG_ECB, &tok, sizeof(tok)));
	ASSERT_EQ(0, kc_crypt(h, true, in, out, sizeof(in), NULL));
	kcapi_cipher_destroy(h);
	for (i = 0; i < sizeof(in); i += PINPAD_DATA_MAX)
		ASSERT_EQ(0, pp_cipher(self->fd, DATA_SLOT, PINPAD_MODE_ECB,
				       PINPAD_OP_ENCRYPT, in + i, ref + i,
				       PINPAD_DATA_MAX, NULL));
	EXPECT_EQ(0, memcmp(out, ref, sizeof(out)));
}

TEST_F(ops, forged_tokens_are_enokey)
{
	struct kcapi_handle *h = NULL;
	struct pinpad_token tok, bad;
	unsigned char out[8];
	unsigned int i;

	ASSERT_EQ(0, token_get(self->fd, DATA_SLOT, &tok));
	/* any one bit of the handle */
	for (i = 0; i < PINPAD_HANDLE_LEN * 8; i += 13) {
		bad = tok;
		bad.handle[i / 8] ^= 1 << (i % 8);
		EXPECT_EQ(-ENOKEY, kc_try(&bad));
	}
	/* the right handle with another slot, magic or epoch */
	bad = tok;
	bad.slot = PIN_SLOT;
	EXPECT_EQ(-ENOKEY, kc_setkey(&bad));
	EXPECT_EQ(-ENOKEY, kc_try(&bad));
	bad = tok;
	bad.magic ^= 1;
	EXPECT_EQ(-ENOKEY, kc_try(&bad));
	bad = tok;
	bad.epoch ^= 1;
	EXPECT_EQ(-ENOKEY, kc_try(&bad));
	/* a guess that names the slot, all zeros, all ones */
	memset(&bad, 0, sizeof(bad));
	bad.magic = PINPAD_TOKEN_MAGIC;
	bad.slot = DATA_SLOT;
	bad.epoch = tok.epoch;
	EXPECT_EQ(-ENOKEY, kc_try(&bad));
	memset(&bad, 0, sizeof(bad));
	EXPECT_EQ(-ENOKEY, kc_try(&bad));
	memset(&bad, 0xff, sizeof(bad));
	EXPECT_EQ(-ENOKEY, kc_try(&bad));
	/* key bytes are no token: wrong length */
	ASSERT_EQ(0, kcapi_cipher_init(&h, PINPAD_ALG_ECB, 0));
	EXPECT_EQ(-EINVAL, kcapi_cipher_setkey(h, WK_DATA, 24));
	EXPECT_EQ(-EINVAL, kcapi_cipher_setkey(h, WK_DATA, 16));
	/* never keyed: the crypto API refuses */
	EXPECT_GT(0, kc_crypt(h, true, PLAIN, out, 8, NULL));
	kcapi_cipher_destroy(h);
	/* and the real one works */
	EXPECT_EQ(0, kc_try(&tok));
	/* revoking a forgery revokes nothing */
	EXPECT_EQ(-ENOKEY, token_revoke(self->fd, &bad));
	EXPECT_EQ(0, kc_try(&tok));
}

TEST_F(ops, revoked_token_fails_at_use)
{
	struct pinpad_token tok, other;
	struct kcapi_handle *h = NULL;
	unsigned char out[8];

	ASSERT_EQ(0, token_get(self->fd, DATA_SLOT, &tok));
	ASSERT_EQ(0, token_get(self->fd, DATA_SLOT, &other));
	ASSERT_EQ(0, kc_open(&h, PINPAD_ALG_ECB, &tok, sizeof(tok)));
	ASSERT_EQ(0, kc_crypt(h, true, PLAIN, out, 8, NULL));
	EXPECT_EQ(0, memcmp(out, DATA_ECB, 8));

	ASSERT_EQ(0, token_revoke(self->fd, &tok));
	/* the tfm keyed before the revocation stops at its next request */
	EXPECT_EQ(-ENOKEY, kc_crypt(h, true, PLAIN, out, 8, NULL));
	EXPECT_EQ(-ENOKEY, kc_crypt(h, false, DATA_ECB, out, 8, NULL));
	kcapi_cipher_destroy(h);
	/* and setkey refuses it */
	EXPECT_EQ(-ENOKEY, kc_setkey(&tok));
	EXPECT_EQ(-ENOKEY, kc_try(&tok));
	EXPECT_EQ(-ENOKEY, token_revoke(self->fd, &tok));
	/* another token of the same slot lives on */
	EXPECT_EQ(0, kc_try(&other));
}

TEST_F(ops, token_dies_with_its_slot)
{
	struct pinpad_token tok, other;
	struct kcapi_handle *h = NULL;
	unsigned char out[8];
	__u32 slot = DATA_SLOT;

	/* cleared */
	ASSERT_EQ(0, token_get(self->fd, DATA_SLOT, &tok));
	ASSERT_EQ(0, kc_open(&h, PINPAD_ALG_ECB, &tok, sizeof(tok)));
	ASSERT_EQ(0, pp_ioctl(self->fd, PINPAD_IOC_CLEAR_SLOT, &slot));
	EXPECT_EQ(-ENOKEY, kc_crypt(h, true, PLAIN, out, 8, NULL));
	/* refilled with the very same key: still dead */
	ASSERT_EQ(0, pp_load_wk(self->fd, DATA_SLOT, TMK_SLOT, KB_DATA,
				WK_DATA_KCV));
	EXPECT_EQ(-ENOKEY, kc_crypt(h, true, PLAIN, out, 8, NULL));
	kcapi_cipher_destroy(h);
	EXPECT_EQ(-ENOKEY, kc_try(&tok));

	/* replaced (a new load over a live key) */
	ASSERT_EQ(0, token_get(self->fd, DATA_SLOT, &tok));
	ASSERT_EQ(0, kc_try(&tok));
	ASSERT_EQ(0, pp_load_wk(self->fd, DATA_SLOT, TMK_SLOT, KB_DATA,
				WK_DATA_KCV));
	EXPECT_EQ(-ENOKEY, kc_try(&tok));
	/* a refused load changes nothing, the token included */
	ASSERT_EQ(0, token_get(self->fd, DATA_SLOT, &tok));
	EXPECT_EQ(-EBADMSG, pp_load_wk_len(self->fd, DATA_SLOT, TMK_SLOT,
					   KB_DATA, strlen(KB_DATA) - 2, NULL));
	EXPECT_EQ(0, kc_try(&tok));
	/* another slot's change does not touch it */
	ASSERT_EQ(0, pp_inject(self->fd, 30, PINPAD_USAGE_DATA, WK_DATA, 24,
			       NULL));
	ASSERT_EQ(0, token_get(self->fd, 30, &other));
	slot = 30;
	ASSERT_EQ(0, pp_ioctl(self->fd, PINPAD_IOC_CLEAR_SLOT, &slot));
	EXPECT_EQ(0, kc_try(&tok));
	EXPECT_EQ(-ENOKEY, kc_try(&other));
	/*
	 * a slot made PIN-key cannot be reached with its old token (another
	 * key: one key never changes its usage)
	 */
	ASSERT_EQ(0, pp_inject(self->fd, 30, PINPAD_USAGE_DATA, WK_DATA2, 16,
			       NULL));
	ASSERT_EQ(0, token_get(self->fd, 30, &other));
	EXPECT_EQ(-EKEYREJECTED, pp_inject(self->fd, 30, PINPAD_USAGE_PIN,
					   WK_DATA2, 16, NULL));
	ASSERT_EQ(0, pp_inject(self->fd, 30, PINPAD_USAGE_PIN, WK_MAC1, 16,
			       NULL));
	EXPECT_EQ(-ENOKEY, kc_try(&other));
}

TEST_F(ops, token_dies_with_tamper)
{
	struct kcapi_handle *h = NULL;
	struct pinpad_token tok;
	unsigned char out[8];

	ASSERT_EQ(0, token_get(self->fd, DATA_SLOT, &tok));
	ASSERT_EQ(0, kc_open(&h, PINPAD_ALG_CBC, &tok, sizeof(tok)));
	ASSERT_EQ(0, kc_crypt(h, true, PLAIN, out, 8, DATA_IV));
	EXPECT_EQ(0, memcmp(out, DATA_CBC, 8));
	ASSERT_EQ(0, pp_ioctl(self->fd, PINPAD_IOC_TAMPER, NULL));
	EXPECT_EQ(-ENOKEY, kc_crypt(h, true, PLAIN, out, 8, DATA_IV));
	kcapi_cipher_destroy(h);
	EXPECT_EQ(-ENOKEY, kc_setkey(&tok));
	EXPECT_EQ(-ENOKEY, kc_try(&tok));
}

/*
 * A bound AF_ALG socket pins the module; after a reload, a token of the
 * earlier load is stale even for the same key in the same slot.
 */
TEST_F(ops, token_stale_after_reload)
{
	struct kcapi_handle *h = NULL;
	struct pinpad_token tok, fresh;

	ASSERT_EQ(0, token_get(self->fd, DATA_SLOT, &tok));
	/* keyed while the file that took the token is open (issue #13) */
	ASSERT_EQ(0, kc_open(&h, PINPAD_ALG_ECB, &tok, sizeof(tok)));
	pp_close(self->fd);
	self->fd = -1;
	EXPECT_EQ(-EWOULDBLOCK, pp_reload(""));
	kcapi_cipher_destroy(h);

	ASSERT_EQ(0, pp_reload(""));
	self->fd = pp_open(O_RDWR);
	ASSERT_LE(0, self->fd);
	ASSERT_EQ(0, pp_inject(self->fd, DATA_SLOT, PINPAD_USAGE_DATA, WK_DATA,
			       24, WK_DATA_KCV));
	EXPECT_EQ(-ENOKEY, kc_try(&tok));
	EXPECT_EQ(-ENOKEY, token_revoke(self->fd, &tok));
	ASSERT_EQ(0, token_get(self->fd, DATA_SLOT, &fresh));
	EXPECT_NE(tok.epoch, fresh.epoch);
	EXPECT_EQ(0, kc_try(&fresh));
	/* the old handle under the new epoch is still nothing */
	tok.epoch = fresh.epoch;
	EXPECT_EQ(-ENOKEY, kc_try(&tok));
}

/*
 * Only a process that may open /dev/pinpad (root, mode 0600) gets a token.
 * AF_ALG itself checks nothing: an unprivileged process can bind the
 * algorithm, but without a token it reaches no key; with one handed to it,
 * it can encrypt (never read the key), which is the point of a token.
 */
TEST_F(ops, unprivileged_process_cannot_get_a_token)
{
	struct pinpad_token tok;
	int status;
	pid_t pid;

	ASSERT_EQ(0, token_get(self->fd, DATA_SLOT, &tok));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct pinpad_token forged = tok;
		int fd;

		pp_close(self->fd);
		if (setgroups(0, NULL) || setgid(NOBODY) || setuid(NOBODY))
			_exit(10);
		fd = pp_open(O_RDWR);
		if (fd >= 0 || errno != EACCES)
			_exit(11);
		fd = pp_open(O_RDONLY);
		if (fd >= 0 || errno != EACCES)
			_exit(12);
		forged.handle[0] ^= 0x80;
		if (kc_try(&forged) != -ENOKEY)
			_exit(13);
		if (kc_try(&tok) != 0)
			_exit(14);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

/*
 * The record table is bounded. Since issue #13 one file holds at most
 * PINPAD_TOKENS_PER_FILE tokens, so the table is filled from several
 * files (the setup changed; the assertions are the ones of the one-file
 * test).
 */
#define FILLERS	(PINPAD_TOKENS_MAX / PINPAD_TOKENS_PER_FILE)

static int filler_fd(int *fds, unsigned int i)
{
	return fds[i / PINPAD_TOKENS_PER_FILE];
}

TEST_F(ops, token_table_is_bounded)
{
	struct pinpad_token toks[PINPAD_TOKENS_MAX], extra;
	int fds[FILLERS], late;
	unsigned int i;

	fds[0] = self->fd;
	for (i = 1; i < FILLERS; i++)
		ASSERT_LE(0, fds[i] = pp_open_node(PINPAD_ROLE_USE, O_RDWR));
	ASSERT_LE(0, late = pp_open_node(PINPAD_ROLE_USE, O_RDWR));

	for (i = 0; i < PINPAD_TOKENS_MAX; i++)
		ASSERT_EQ(0, token_get(filler_fd(fds, i), DATA_SLOT, &toks[i]));
	EXPECT_EQ(-ENOSPC, token_get(late, DATA_SLOT, &extra));
	ASSERT_EQ(0, token_revoke(self->fd, &toks[7]));
	ASSERT_EQ(0, token_get(self->fd, DATA_SLOT, &extra));
	EXPECT_EQ(-ENOKEY, kc_try(&toks[7]));
	EXPECT_EQ(0, kc_try(&toks[8]));
	EXPECT_EQ(0, kc_try(&extra));
	/* clearing the slot frees every record */
	i = DATA_SLOT;
	ASSERT_EQ(0, pp_ioctl(self->fd, PINPAD_IOC_CLEAR_SLOT, &i));
	ASSERT_EQ(0, pp_inject(self->fd, DATA_SLOT, PINPAD_USAGE_DATA, WK_DATA,
			       24, NULL));
	for (i = 0; i < PINPAD_TOKENS_MAX; i++)
		ASSERT_EQ(0, token_get(filler_fd(fds, i), DATA_SLOT, &toks[i]));
	for (i = 1; i < FILLERS; i++)
		close(fds[i]);
	close(late);
}

TEST_HARNESS_MAIN
