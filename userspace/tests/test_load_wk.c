// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_load_wk.c - pinpad_load_wk() and the key's attributes afterwards,
 * against the fake device, which opens the blocks with librkdproto's codec
 * and checks usage and mode at every use as the module does (#11).
 *
 * Blocks are made here with rkd_kb_wrap() under the fake's TMKs (the KBPKs
 * of TR-31:2018 A.7.2.2 and A.7.4); the published blocks themselves are
 * used as they are.
 */
#include <errno.h>
#include <string.h>

#include "fake_device.h"
#include "libpinpad.h"
#include "rkd_crypto.h"
#include "rkd_keyblock.h"
#include "test.h"

static const uint8_t tmk_tdes[] = FAKE_TMK_TDES;
static const uint8_t tmk_aes[] = FAKE_TMK_AES;
/* the working keys wrapped below */
static const uint8_t wk16[16] = {
	0x10, 0x32, 0x54, 0x76, 0x98, 0xBA, 0xDC, 0xFE,
	0xEF, 0xCD, 0xAB, 0x89, 0x67, 0x45, 0x23, 0x01,
};
static const uint8_t wk24[24] = {
	0x10, 0x32, 0x54, 0x76, 0x98, 0xBA, 0xDC, 0xFE,
	0xEF, 0xCD, 0xAB, 0x89, 0x67, 0x45, 0x23, 0x01,
	0x89, 0xAB, 0xCD, 0xEF, 0x01, 0x23, 0x45, 0x67,
};

/*
 * TR-31:2018 A.7.2.2 (version B, KBPK the fake's slot 0) and A.7.4
 * (version D, KBPK its FAKE_AES_TMK_SLOT); also in openemv/tr31
 * test/tr31_decrypt_test.c and psec tests/test_tr31.py. Both say
 * exportability E.
 */
static const char vector_b[] =
	"B0080P0TE00E000094B420079CC80BA3461F86FE26EFC4A3B8E4FA4C5F534117"
	"6EED7B727B8A248E";
static const char vector_d[] =
	"D0112P0AE00E0000B82679114F470F540165EDFBF7E250FCEA43F810D215F8D2"
	"07E2E417C07156A27E8E31DA05F7425509593D03A457DC34";

struct kb {
	char text[RKD_KB_MAX];
	size_t len;
};

/* A block of @key under the TMK of @version ('B' slot 0, 'D' AES). */
static void wrap(struct kb *b, char version, const char *attr_text,
		 const uint8_t *key, size_t len,
		 const struct rkd_kb_wrap_opts *opts)
{
	struct rkd_kb_attr a;
	int err;

	memcpy(a.usage, attr_text, 2);
	a.algorithm = attr_text[2];
	a.mode = attr_text[3];
	memcpy(a.version, "00", 2);
	a.exportability = 'N';
	err = rkd_kb_wrap_ex(version, version == 'B' ? tmk_tdes : tmk_aes,
			     version == 'B' ? sizeof(tmk_tdes) : sizeof(tmk_aes),
			     &a, key, len, 1, opts, b->text, sizeof(b->text),
			     &b->len, NULL);
	CHECK_INT(err, 0);
}

static uint32_t slot_class(struct pinpad *pp, uint32_t slot)
{
	struct pinpad_slot_info info;

	CHECK_INT(pinpad_slot_info(pp, slot, &info), 0);
	return info.usage;
}

/* A block the device refuses with @err; it writes no slot. */
static void refused(struct pinpad *pp, uint32_t kbpk, const struct kb *b,
		    int err, const char *what)
{
	uint8_t kcv[PINPAD_KCV_LEN] = { 0xEE, 0xEE, 0xEE };
	int got = pinpad_load_wk(pp, 22, kbpk, b->text, b->len, kcv);

	check_at(got == err, __FILE__, __LINE__, "%s: %d, expected %d", what,
		 got, err);
	check_at(slot_class(pp, 22) == PINPAD_USAGE_NONE, __FILE__, __LINE__,
		 "%s: slot 22 written", what);
	check_at(!kcv[0] && !kcv[1] && !kcv[2], __FILE__, __LINE__,
		 "%s: a KCV answered", what);
	/* failures lock the KBPK (test_lockout()); the next case starts over */
	pinpad_slot_unlock(pp, kbpk);
}

/* The request the library builds, and what it refuses to send. */
static void test_request(void)
{
	struct pinpad *pp = NULL;
	const struct pinpad_wk_load *w = &fake.last.wk_load;
	static char big[PINPAD_KEY_BLOCK_MAX + 1];
	uint8_t kcv[PINPAD_KCV_LEN], want[PINPAD_KCV_LEN];
	unsigned int calls;
	struct kb b;

	fake_reset();
	CHECK_INT(pinpad_open("/dev/null", PINPAD_OPEN_RDWR, &pp), 0);
	wrap(&b, 'B', "P0TE", wk16, 16, NULL);
	CHECK_INT(pinpad_load_wk(pp, 20, 0, b.text, b.len, kcv), 0);
	CHECK_INT(fake.last_cmd, PINPAD_IOC_LOAD_WK);
	CHECK_INT(w->slot, 20);
	CHECK_INT(w->kbpk_slot, 0);
	CHECK_INT(w->block_len, b.len);
	CHECK(!memcmp(w->block, b.text, b.len));
	CHECK(!w->reserved0 && !w->reserved1[0] && !w->reserved1[4]);
	CHECK_INT(rkd_kcv_alg('T', wk16, 16, want), 0);
	CHECK(!memcmp(kcv, want, sizeof(kcv)));
	/* the KCV is optional */
	CHECK_INT(pinpad_load_wk(pp, 23, 0, b.text, b.len, NULL), 0);

	calls = fake.calls;
	memset(big, 'B', sizeof(big));
	CHECK_INT(pinpad_load_wk(pp, 20, 0, big, sizeof(big), kcv), -EINVAL);
	CHECK_INT(pinpad_load_wk(pp, 20, 0, b.text, 0, kcv), -EINVAL);
	CHECK_INT(pinpad_load_wk(pp, 20, 0, NULL, 16, kcv), -EINVAL);
	CHECK_INT(pinpad_load_wk(NULL, 20, 0, b.text, b.len, kcv), -EINVAL);
	CHECK_INT(fake.calls, calls);	/* none reached the device */
	/* the device's: a TMK slot as target, no such KBPK slot */
	CHECK_INT(pinpad_load_wk(pp, 3, 0, b.text, b.len, kcv), -EINVAL);
	CHECK_INT(pinpad_load_wk(pp, 20, 48, b.text, b.len, kcv), -EINVAL);
	pinpad_close(pp);
}

/* Keys loaded from blocks carry their attributes, and only those uses. */
static void test_loaded_keys(void)
{
	struct pinpad_slot_info info;
	uint8_t kcv[PINPAD_KCV_LEN], want[PINPAD_KCV_LEN];
	uint8_t block[PINPAD_AES_BLOCK_LEN], data[16] = { 0 };
	struct pinpad *pp = NULL;
	size_t n;
	struct kb b;

	fake_reset();
	CHECK_INT(pinpad_open("/dev/null", PINPAD_OPEN_RDWR, &pp), 0);
	/* a TDES P0 key under the TDES TMK (version B) */
	wrap(&b, 'B', "P0TE", wk16, 16, NULL);
	CHECK_INT(pinpad_load_wk(pp, 20, 0, b.text, b.len, kcv), 0);
	CHECK_INT(pinpad_slot_info(pp, 20, &info), 0);
	CHECK_INT(info.usage, PINPAD_USAGE_PIN);
	CHECK_INT(info.alg, PINPAD_ALG_TDES);
	CHECK_INT(info.key_len, 16);
	CHECK(!memcmp(info.attr.usage, "P0", 2) && info.attr.mode == 'E' &&
	      info.attr.algorithm == 'T' && info.attr.exportability == 'N');
	CHECK(!memcmp(info.kcv, kcv, PINPAD_KCV_LEN));
	CHECK_INT(pinpad_pin_block(pp, 20, PINPAD_PIN_FORMAT_ISO0, "1234", 4,
				   "4012345678909", 13, block, &n), 0);
	CHECK_INT(n, 8);
	/* the usage-confusion sequence: a PIN key is no data key, no MAC key */
	CHECK_INT(pinpad_cipher(pp, 20, PINPAD_MODE_ECB, PINPAD_OP_DECRYPT,
				data, data, 8, NULL, 0), -EKEYREJECTED);
	CHECK_INT(pinpad_mac_generate(pp, 20, PINPAD_MAC_PAD_ISO1, data, 8,
				      data, 8), -EKEYREJECTED);
	CHECK_INT(pinpad_pin_block(pp, 20, PINPAD_PIN_FORMAT_ISO4, "1234", 4,
				   "4012345678909", 13, block, &n),
		  -EKEYREJECTED);	/* format 4 is AES's */

	/* an AES P0 key under the AES-256 TMK (version D): format 4 */
	wrap(&b, 'D', "P0AE", wk16, 16, NULL);
	CHECK_INT(pinpad_load_wk(pp, 21, FAKE_AES_TMK_SLOT, b.text, b.len, kcv),
		  0);
	CHECK_INT(rkd_kcv_alg('A', wk16, 16, want), 0);
	CHECK(!memcmp(kcv, want, sizeof(kcv)));	/* X9.24-1 A.3 */
	CHECK_INT(pinpad_slot_info(pp, 21, &info), 0);
	CHECK_INT(info.alg, PINPAD_ALG_AES);
	CHECK_INT(pinpad_pin_block(pp, 21, PINPAD_PIN_FORMAT_ISO4, "1234", 4,
				   "4012345678909", 13, block, &n), 0);
	CHECK_INT(n, 16);
	CHECK_INT(pinpad_pin_block(pp, 21, PINPAD_PIN_FORMAT_ISO0, "1234", 4,
				   "4012345678909", 13, block, &n),
		  -EKEYREJECTED);
	CHECK_INT(n, 0);

	/* D0 encrypt-only: CIPHER encrypts, refuses to decrypt */
	wrap(&b, 'B', "D0TE", wk16, 16, NULL);
	CHECK_INT(pinpad_load_wk(pp, 24, 0, b.text, b.len, kcv), 0);
	CHECK_INT(pinpad_cipher(pp, 24, PINPAD_MODE_ECB, PINPAD_OP_ENCRYPT,
				data, data, 8, NULL, 0), 0);
	CHECK_INT(pinpad_cipher(pp, 24, PINPAD_MODE_ECB, PINPAD_OP_DECRYPT,
				data, data, 8, NULL, 0), -EKEYREJECTED);
	/* M3 verify-only: no MAC generation */
	wrap(&b, 'B', "M3TV", wk16, 16, NULL);
	CHECK_INT(pinpad_load_wk(pp, 25, 0, b.text, b.len, kcv), 0);
	CHECK_INT(pinpad_mac_generate(pp, 25, PINPAD_MAC_PAD_ISO1, data, 8,
				      data, 8), -EKEYREJECTED);
	CHECK_INT(pinpad_mac_verify(pp, 25, PINPAD_MAC_PAD_ISO1, data, 8,
				    data, 8), -EBADMSG);	/* allowed: wrong MAC */
	/* an AES D0 key: 16-byte IVs, whole AES blocks */
	wrap(&b, 'D', "D0AB", wk24, 24, NULL);
	CHECK_INT(pinpad_load_wk(pp, 26, FAKE_AES_TMK_SLOT, b.text, b.len,
				 kcv), 0);
	memset(block, 0, sizeof(block));
	CHECK_INT(pinpad_cipher(pp, 26, PINPAD_MODE_CBC, PINPAD_OP_ENCRYPT,
				data, data, 16, block, 16), 0);
	CHECK_INT(pinpad_cipher(pp, 26, PINPAD_MODE_ECB, PINPAD_OP_ENCRYPT,
				data, data, 8, NULL, 0), -EINVAL);
	CHECK_INT(pinpad_cipher(pp, 26, PINPAD_MODE_CBC, PINPAD_OP_ENCRYPT,
				data, data, 16, block, 12), -EINVAL);
	pinpad_close(pp);
}

/* The blocks the issue lists as refused; none writes a slot or a KCV. */
static void test_refused_blocks(void)
{
	static const struct rkd_kb_wrap_opts no_policy = { .no_policy = true };
	static const struct rkd_kb_wrap_opts unknown_opt = {
		.opt = "ZZ08ABCD", .n_opt = 1,
	};
	struct pinpad *pp = NULL;
	struct kb b, x;

	fake_reset();
	CHECK_INT(pinpad_open("/dev/null", PINPAD_OPEN_RDWR, &pp), 0);
	wrap(&b, 'B', "P0TE", wk16, 16, NULL);

	x = b;			/* one bit flipped in the MAC */
	x.text[x.len - 1] ^= 0x01;
	refused(pp, 0, &x, -EBADMSG, "a bit flipped");
	x = b;			/* the usage changed, the MAC left */
	memcpy(x.text + 5, "D0", 2);
	refused(pp, 0, &x, -EBADMSG, "usage P0 -> D0");
	x = b;
	x.len -= 16;
	refused(pp, 0, &x, -EBADMSG, "truncated");
	x = b;			/* the length field one off */
	x.text[4] = (char)(x.text[4] == '0' ? '1' : '0');
	refused(pp, 0, &x, -EBADMSG, "a wrong length field");
	x = b;
	x.text[0] = 'C';
	refused(pp, 0, &x, -EBADMSG, "version C");
	refused(pp, FAKE_AES_TMK_SLOT, &b, -EBADMSG,
		"a B block under an AES KBPK");
	/* authentic, but against the rules (pinpad.h: LOAD_WK) */
	wrap(&x, 'B', "P0TE", wk16, 16, &unknown_opt);
	refused(pp, 0, &x, -EKEYREJECTED, "an unknown optional block");
	wrap(&x, 'B', "P0TE", wk24, 24, &no_policy);
	refused(pp, 0, &x, -EKEYREJECTED, "a key stronger than its KBPK");
	wrap(&x, 'B', "B0TX", wk16, 16, &no_policy);
	refused(pp, 0, &x, -EKEYREJECTED, "B0 (a BDK)");
	wrap(&x, 'B', "K0TD", wk16, 16, NULL);
	refused(pp, 0, &x, -EKEYREJECTED, "a TMK into a working-key slot");
	x.len = strlen(vector_b);
	memcpy(x.text, vector_b, x.len);
	refused(pp, 0, &x, -EKEYREJECTED, "TR-31:2018 A.7.2.2 (exportable)");
	x.len = strlen(vector_d);
	memcpy(x.text, vector_d, x.len);
	refused(pp, FAKE_AES_TMK_SLOT, &x, -EKEYREJECTED,
		"TR-31:2018 A.7.4 (exportable)");
	/* KBPK slots that cannot unwrap */
	refused(pp, 5, &b, -ENOKEY, "an empty KBPK slot");
	refused(pp, PINPAD_WK_FIRST, &b, -EKEYREJECTED, "a D0 key as KBPK");
	pinpad_close(pp);
}

/* PINPAD_KBPK_FAIL_MAX failures in a row lock the KBPK; an admin unlocks */
static void test_lockout(void)
{
	struct pinpad_slot_info info;
	struct pinpad *pp = NULL;
	struct kb b, bad;
	unsigned int i;

	fake_reset();
	CHECK_INT(pinpad_open("/dev/null", PINPAD_OPEN_RDWR, &pp), 0);
	wrap(&b, 'B', "P0TE", wk16, 16, NULL);
	bad = b;
	bad.text[bad.len - 1] ^= 0x01;
	for (i = 0; i + 1 < PINPAD_KBPK_FAIL_MAX; i++)
		CHECK_INT(pinpad_load_wk(pp, 20, 0, bad.text, bad.len, NULL),
			  -EBADMSG);
	CHECK_INT(pinpad_load_wk(pp, 20, 0, b.text, b.len, NULL), 0);
	for (i = 0; i < PINPAD_KBPK_FAIL_MAX; i++)	/* the count restarted */
		CHECK_INT(pinpad_load_wk(pp, 20, 0, bad.text, bad.len, NULL),
			  -EBADMSG);
	CHECK_INT(pinpad_slot_info(pp, 0, &info), 0);
	CHECK(info.flags & PINPAD_SLOT_F_LOCKED);
	CHECK_INT(pinpad_load_wk(pp, 21, 0, b.text, b.len, NULL),
		  -EKEYREVOKED);	/* even a good block */
	CHECK_INT(slot_class(pp, 21), PINPAD_USAGE_NONE);
	CHECK_INT(pinpad_slot_unlock(pp, 0), 0);
	CHECK_INT(fake.last_cmd, PINPAD_IOC_SLOT_UNLOCK);
	CHECK_INT(pinpad_load_wk(pp, 21, 0, b.text, b.len, NULL), 0);
	CHECK_INT(pinpad_slot_unlock(pp, 16), -EINVAL);
	CHECK_INT(pinpad_slot_unlock(pp, 5), -ENOKEY);
	pinpad_close(pp);
}

void test_load_wk(void)
{
	test_request();
	test_loaded_keys();
	test_refused_blocks();
	test_lockout();
}
