// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * aes_tests.c - the module's cipher operations (kmod/modes.c, cmac.c,
 * pinblock.c) built on the host and checked against OpenSSL.
 *
 * 1. The module's own load-time self-tests (NIST SP 800-67 and SP 800-38A,
 *    SP 800-38B examples, the published format 4 examples), run here too.
 * 2. Random inputs, a fixed seed (reproducible): AES-ECB/CBC against
 *    EVP aes-*-ecb/cbc, TDES-ECB/CBC against des-ede3(-cbc); CMAC (AES-128/192/256 and TDES, the message in
 *    two parts) against EVP_MAC "CMAC" (cmac.c's crypto API calls are
 *    tests/kshim/'s here); ISO 9564-1 format 4 against the fields built here
 *    independently, from hex text, and enciphered with EVP.
 * 3. Refusals: bad PIN and PAN lengths and characters.
 */
#include <openssl/evp.h>

#include "cmac.h"
#include "host-test.h"
#include "modes.h"
#include "pinblock.h"

#define ROUNDS	200

/* xorshift64: reproducible inputs, the failing round printed */
static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint8_t rnd8(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint8_t)(rng_state >> 32);
}

static void rnd_bytes(uint8_t *p, size_t n)
{
	while (n--)
		*p++ = rnd8();
}

static void rnd_digits(uint8_t *p, size_t n)
{
	while (n--)
		*p++ = '0' + rnd8() % 10;
}

static const EVP_CIPHER *evp_aes(size_t key_len, bool cbc)
{
	if (key_len == 16)
		return cbc ? EVP_aes_128_cbc() : EVP_aes_128_ecb();
	if (key_len == 24)
		return cbc ? EVP_aes_192_cbc() : EVP_aes_192_ecb();
	return cbc ? EVP_aes_256_cbc() : EVP_aes_256_ecb();
}

/* OpenSSL's one-shot cipher, no padding; false on any failure */
static bool evp_crypt(const EVP_CIPHER *ciph, const uint8_t *key,
		      const uint8_t *iv, bool encrypt, uint8_t *out,
		      const uint8_t *in, int len)
{
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	int n = 0, m = 0;
	bool ok = c && EVP_CipherInit_ex(c, ciph, NULL, key, iv, encrypt) &&
		  EVP_CIPHER_CTX_set_padding(c, 0) &&
		  EVP_CipherUpdate(c, out, &n, in, len) &&
		  EVP_CipherFinal_ex(c, out + n, &m) && n + m == len;

	EVP_CIPHER_CTX_free(c);
	return ok;
}

/* OpenSSL's CMAC with @cipher ("AES-128-CBC", "DES-EDE3-CBC"), one-shot */
static bool evp_cmac(const char *cipher, const uint8_t *key, size_t key_len,
		     const uint8_t *data, size_t len, uint8_t *mac,
		     size_t mac_len)
{
	size_t out = 0;

	return EVP_Q_mac(NULL, "CMAC", NULL, cipher, NULL, key, key_len,
			 data, len, mac, mac_len, &out) && out == mac_len;
}

static void test_selftests(void)
{
	CHECK_INT(pinpad_modes_selftest(false), 0);
	/* and the refusal path a corrupted result takes: its log is expected */
	fprintf(stderr, "(a corrupted result on purpose; one FAILED line:)\n");
	CHECK_INT(pinpad_modes_selftest(true), -EIO);
	CHECK_INT(pinpad_cmac_selftest(), 0);
	CHECK_INT(pinpad_pinblock_selftest(), 0);
}

/* The module's CBC (chaining through @iv) or ECB, either way */
static void key_crypt(const struct pinpad_key *k, bool cbc, bool encrypt,
		      uint8_t *iv, uint8_t *out, const uint8_t *in, int len)
{
	if (cbc)
		pinpad_key_cbc(k, encrypt, iv, out, in, len);
	else
		pinpad_key_ecb(k, encrypt, out, in, len);
}

/*
 * @key_len bytes of @key (AES 16/24/32, TDES 24) and @len bytes: ECB or
 * CBC against OpenSSL's @ciph, then back in place
 */
static void check_mode(int round, uint32_t alg, const EVP_CIPHER *ciph,
		       const uint8_t *key, size_t key_len, bool cbc,
		       const uint8_t *in, int len)
{
	uint8_t iv[16], iv2[16], out[96], want[96];
	struct pinpad_key k;
	size_t bs = alg == PINPAD_ALG_AES ? 16 : 8;

	rnd_bytes(iv, sizeof(iv));
	CHECK_INT(pinpad_key_set(&k, alg, key, key_len), 0);
	CHECK(evp_crypt(ciph, key, cbc ? iv : NULL, true, want, in, len));
	memcpy(iv2, iv, sizeof(iv));
	key_crypt(&k, cbc, true, iv2, out, in, len);
	check_at(!memcmp(out, want, len), __FILE__, __LINE__,
		 "round %d: %s-%s-%zu encrypt differs from OpenSSL", round,
		 alg == PINPAD_ALG_AES ? "AES" : "TDES", cbc ? "CBC" : "ECB",
		 key_len * 8);
	/* the chaining value out is the last ciphertext block */
	if (cbc)
		CHECK_MEM(iv2, want + len - bs, bs);
	/* in place, back again */
	memcpy(iv2, iv, sizeof(iv));
	key_crypt(&k, cbc, false, iv2, out, out, len);
	check_at(!memcmp(out, in, len), __FILE__, __LINE__,
		 "round %d: decrypt does not give the plaintext back",
		 round);
}

static void test_modes(void)
{
	static const size_t key_lens[] = { 16, 24, 32 };
	uint8_t key[32], in[96];
	int round;

	for (round = 0; round < ROUNDS; round++) {
		size_t key_len = key_lens[round % 3];
		int len = 16 * (1 + rnd8() % 6);
		bool cbc = round & 1;

		rnd_bytes(key, sizeof(key));
		rnd_bytes(in, sizeof(in));
		check_mode(round, PINPAD_ALG_AES, evp_aes(key_len, cbc), key,
			   key_len, cbc, in, len);
		/* TDES, three random keys: K1 != K2 != K3 */
		check_mode(round, PINPAD_ALG_TDES, cbc ? EVP_des_ede3_cbc() :
			   EVP_des_ede3_ecb(), key, 24, cbc, in, len - 8);
	}
}

/*
 * kmod/cmac.c is the crypto API's CMAC; on the host, tests/kshim/ gives it
 * OpenSSL's. What is checked here is cmac.c's own part: the cipher and
 * key length it picks for each key, and a message in two parts (split at
 * a random point) giving the tag of the whole.
 */
static void test_cmac(void)
{
	static const char *const aes_names[] = {
		"AES-128-CBC", "AES-192-CBC", "AES-256-CBC",
	};
	uint8_t key[32], data[100], mac[16], want[16];
	int round;

	for (round = 0; round < ROUNDS; round++) {
		size_t key_len = 16 + 8 * (round % 3);
		size_t len = rnd8() % (sizeof(data) + 1);
		size_t split = len ? rnd8() % (len + 1) : 0;

		rnd_bytes(key, sizeof(key));
		rnd_bytes(data, sizeof(data));
		CHECK_INT(pinpad_cmac2(PINPAD_ALG_AES, key, key_len, data,
				       split, data + split, len - split, mac),
			  0);
		CHECK(evp_cmac(aes_names[round % 3], key, key_len, data, len,
			       want, 16));
		check_at(!memcmp(mac, want, 16), __FILE__, __LINE__,
			 "round %d: AES-CMAC (key %zu, %zu bytes) differs",
			 round, key_len, len);

		CHECK_INT(pinpad_cmac2(PINPAD_ALG_TDES, key, 24, data, split,
				       data + split, len - split, mac), 0);
		CHECK(evp_cmac("DES-EDE3-CBC", key, 24, data, len, want, 8));
		check_at(!memcmp(mac, want, 8), __FILE__, __LINE__,
			 "round %d: TDES-CMAC (%zu bytes) differs", round, len);
	}
	/* keys the ciphers do not take, and no cipher at all */
	CHECK_INT(pinpad_cmac(PINPAD_ALG_AES, key, 20, data, 16, mac), -EINVAL);
	CHECK_INT(pinpad_cmac(PINPAD_ALG_TDES, key, 16, data, 16, mac),
		  -EINVAL);
	CHECK_INT(pinpad_cmac(PINPAD_ALG_NONE, key, 16, data, 16, mac),
		  -EINVAL);
}

static void hex_to_bytes(const char *hex, uint8_t *out, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned int b;

		sscanf(hex + 2 * i, "%2x", &b);
		out[i] = (uint8_t)b;
	}
}

/*
 * Format 4 as ISO 9564-1:2017 9.4.2 words it, written out as hex text:
 * "4" N PIN "A"..., then the fill; M PAN "0"... (PAN 13..19 digits).
 */
static void iso4_fields(const uint8_t *pin, size_t pin_len,
			const uint8_t *pan, size_t pan_len,
			const uint8_t fill[8], uint8_t pin_field[16],
			uint8_t pan_field[16])
{
	char text[33];

	snprintf(text, sizeof(text), "4%X%.*sAAAAAAAAAAAAAA", (int)pin_len,
		 (int)pin_len, (const char *)pin);
	hex_to_bytes(text, pin_field, 8);
	memcpy(pin_field + 8, fill, 8);
	snprintf(text, sizeof(text), "%zu%.*s0000000000000000000",
		 pan_len - 12, (int)pan_len, (const char *)pan);
	hex_to_bytes(text, pan_field, 16);
}

static void test_iso4(void)
{
	uint8_t key[32], pin[12], pan[19], fill[8], block[16], want[16];
	uint8_t pin_field[16], pan_field[16], clear[16];
	struct crypto_aes_ctx k;
	int round, i;

	for (round = 0; round < ROUNDS; round++) {
		size_t key_len = 16 + 8 * (round % 3);
		size_t pin_len = PINPAD_PIN_MIN + rnd8() % 9;
		size_t pan_len = PINPAD_PAN_MIN + rnd8() % 7;
		const EVP_CIPHER *ecb = evp_aes(key_len, false);

		rnd_bytes(key, sizeof(key));
		rnd_digits(pin, pin_len);
		rnd_digits(pan, pan_len);
		rnd_bytes(fill, sizeof(fill));
		CHECK_INT(aes_expandkey(&k, key, key_len), 0);
		CHECK_INT(pinpad_pinblock_iso4(&k, pin, pin_len, pan, pan_len,
					       fill, block), 0);

		iso4_fields(pin, pin_len, pan, pan_len, fill, pin_field,
			    pan_field);
		CHECK(evp_crypt(ecb, key, NULL, true, want, pin_field, 16));
		for (i = 0; i < 16; i++)
			want[i] ^= pan_field[i];
		CHECK(evp_crypt(ecb, key, NULL, true, want, want, 16));
		check_at(!memcmp(block, want, 16), __FILE__, __LINE__,
			 "round %d: format 4 (PIN %zu, PAN %zu digits) differs",
			 round, pin_len, pan_len);

		/* and deciphered by OpenSSL, the PIN field is back */
		CHECK(evp_crypt(ecb, key, NULL, false, clear, block, 16));
		for (i = 0; i < 16; i++)
			clear[i] ^= pan_field[i];
		CHECK(evp_crypt(ecb, key, NULL, false, clear, clear, 16));
		CHECK_MEM(clear, pin_field, 16);
	}
}

/* Every refusal answers -EINVAL and leaves a zero block. */
static void check_refused(const char *pin, size_t pin_len, const char *pan,
			  size_t pan_len, int line)
{
	static const uint8_t zero[16], fill[8];
	uint8_t block[16], block0[8];
	struct crypto_aes_ctx k;

	aes_expandkey(&k, zero, 16);
	memset(block, 0xee, sizeof(block));
	check_at(pinpad_pinblock_iso4(&k, (const uint8_t *)pin, pin_len,
				      (const uint8_t *)pan, pan_len, fill,
				      block) == -EINVAL &&
		 !memcmp(block, zero, 16), __FILE__, line,
		 "format 4 accepted PIN \"%.*s\" PAN \"%.*s\"", (int)pin_len,
		 pin, (int)pan_len, pan);
	memset(block0, 0xee, sizeof(block0));
	check_at(pinpad_pinblock_iso0((const uint8_t *)pin, pin_len,
				      (const uint8_t *)pan, pan_len,
				      block0) == -EINVAL &&
		 !memcmp(block0, zero, 8), __FILE__, line,
		 "format 0 accepted PIN \"%.*s\" PAN \"%.*s\"", (int)pin_len,
		 pin, (int)pan_len, pan);
}

static void test_refusals(void)
{
	const char *pan = "4012345678909123456";

	check_refused("123", 3, pan, 13, __LINE__);
	check_refused("1234567890123", 13, pan, 13, __LINE__);
	check_refused("12a4", 4, pan, 13, __LINE__);
	check_refused("1234", 4, pan, 12, __LINE__);
	check_refused("1234", 4, "40123456789091234567", 20, __LINE__);
	check_refused("1234", 4, "401234567890F", 13, __LINE__);
	check_refused("12 4", 4, pan, 19, __LINE__);
}

int main(void)
{
	test_selftests();
	test_suite_done("selftests", 9);
	test_modes();
	test_suite_done("ecb-cbc", 9);
	test_cmac();
	test_suite_done("cmac", 9);
	test_iso4();
	test_suite_done("format4", 9);
	test_refusals();
	test_suite_done("refusals", 9);
	return test_summary();
}
