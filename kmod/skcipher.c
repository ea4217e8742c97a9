// SPDX-License-Identifier: GPL-2.0
/*
 * TDES and AES, ECB and CBC, with slot keys through the kernel crypto API
 * (and so AF_ALG and libkcapi): "ecb(pinpad-tdes)", "cbc(pinpad-tdes)",
 * "ecb(pinpad-aes)", "cbc(pinpad-aes)". See Documentation/crypto-api.md.
 *
 * The "key" given to setkey is a struct pinpad_token from
 * PINPAD_IOC_TOKEN_GET, never key bytes: the tfm keeps the token, and every
 * request looks it up again under the device lock, so a token revoked (or
 * killed by tamper or a slot change) after setkey stops working at the next
 * request, and checks the key's algorithm (each pair takes tokens of its
 * own algorithm's keys only) and mode of use (the direction). The names
 * are our own, not "ecb(des3_ede)" or "ecb(aes)": testmgr would feed
 * its vectors to setkey; for ours it logs "No test for" and allows them.
 *
 * Requests run under the device mutex, so they must be allowed to sleep
 * (CRYPTO_TFM_REQ_MAY_SLEEP, which AF_ALG sets); others get -EOPNOTSUPP.
 */
#include <crypto/aes.h>
#include <crypto/des.h>
#include <crypto/internal/skcipher.h>
#include <linux/module.h>
#include <linux/string.h>

#include "cipher.h"
#include "handles.h"
#include "skcipher.h"

static struct pinpad_device *pinpad_skcipher_dev;

struct pinpad_skcipher_ctx {
	struct pinpad_token token;	/* all zero until setkey succeeds */
};

/*
 * The algorithm a tfm's token must name: its block size tells the AES
 * pair (16) from the TDES pair (8). A token is refused by the other pair.
 */
static u32 pinpad_skcipher_alg(struct crypto_skcipher *tfm)
{
	return crypto_skcipher_blocksize(tfm) == AES_BLOCK_SIZE ?
	       PINPAD_ALG_AES : PINPAD_ALG_TDES;
}

static int pinpad_skcipher_setkey(struct crypto_skcipher *tfm, const u8 *key,
				  unsigned int len)
{
	struct pinpad_skcipher_ctx *ctx = crypto_skcipher_ctx(tfm);
	struct pinpad_device *dev = pinpad_skcipher_dev;
	const struct pinpad_key *k;
	struct pinpad_token tok;
	int err;

	memzero_explicit(&ctx->token, sizeof(ctx->token));
	if (len != sizeof(tok))
		return -EINVAL;
	memcpy(&tok, key, sizeof(tok));

	mutex_lock(&dev->lock);
	err = pinpad_handle_key(dev, &tok, NULL, &k);
	if (!err && k->alg != pinpad_skcipher_alg(tfm))
		err = -EKEYREJECTED;
	mutex_unlock(&dev->lock);
	if (!err)
		memcpy(&ctx->token, &tok, sizeof(tok));
	memzero_explicit(&tok, sizeof(tok));
	return err;
}

static int pinpad_skcipher_crypt(struct skcipher_request *req, bool cbc,
				 bool encrypt)
{
	struct crypto_skcipher *tfm = crypto_skcipher_reqtfm(req);
	struct pinpad_skcipher_ctx *ctx = crypto_skcipher_ctx(tfm);
	struct pinpad_device *dev = pinpad_skcipher_dev;
	enum pinpad_key_use use = encrypt ? PINPAD_USE_ENCRYPT :
				  PINPAD_USE_DECRYPT;
	unsigned int bs = crypto_skcipher_blocksize(tfm);
	const struct pinpad_key *k;
	struct skcipher_walk walk;
	int err;

	if (!(req->base.flags & CRYPTO_TFM_REQ_MAY_SLEEP))
		return -EOPNOTSUPP;
	if (req->cryptlen % bs)
		return -EINVAL;

	mutex_lock(&dev->lock);
	/*
	 * again at every request: the token may have died since setkey, and
	 * the key's mode of use must allow this direction
	 */
	err = pinpad_handle_key(dev, &ctx->token, &use, &k);
	if (!err && k->alg != pinpad_skcipher_alg(tfm))
		err = -EKEYREJECTED;
	if (err)
		goto out;
	err = skcipher_walk_virt(&walk, req, false);
	while (walk.nbytes) {
		unsigned int n = round_down(walk.nbytes, bs);

		if (cbc)
			pinpad_key_cbc(k, encrypt, walk.iv,
				       walk.dst.virt.addr,
				       walk.src.virt.addr, n);
		else
			pinpad_key_ecb(k, encrypt, walk.dst.virt.addr,
				       walk.src.virt.addr, n);
		err = skcipher_walk_done(&walk, walk.nbytes - n);
	}
out:
	mutex_unlock(&dev->lock);
	return err;
}

static int pinpad_ecb_encrypt(struct skcipher_request *req)
{
	return pinpad_skcipher_crypt(req, false, true);
}

static int pinpad_ecb_decrypt(struct skcipher_request *req)
{
	return pinpad_skcipher_crypt(req, false, false);
}

static int pinpad_cbc_encrypt(struct skcipher_request *req)
{
	return pinpad_skcipher_crypt(req, true, true);
}

static int pinpad_cbc_decrypt(struct skcipher_request *req)
{
	return pinpad_skcipher_crypt(req, true, false);
}

static void pinpad_skcipher_exit(struct crypto_skcipher *tfm)
{
	struct pinpad_skcipher_ctx *ctx = crypto_skcipher_ctx(tfm);

	memzero_explicit(ctx, sizeof(*ctx));
}

#define PINPAD_SKCIPHER_BASE(name, driver, bs) {			\
	.cra_name		= name,					\
	.cra_driver_name	= driver,				\
	.cra_priority		= 100,					\
	.cra_blocksize		= bs,					\
	.cra_ctxsize		= sizeof(struct pinpad_skcipher_ctx),	\
	.cra_module		= THIS_MODULE,				\
}

/* One skcipher keyed by a token: @iv 0 for ECB, the block size for CBC */
#define PINPAD_SKCIPHER(name, driver, bs, iv, enc, dec) {		\
	.base		= PINPAD_SKCIPHER_BASE(name, driver, bs),	\
	.min_keysize	= sizeof(struct pinpad_token),			\
	.max_keysize	= sizeof(struct pinpad_token),			\
	.ivsize		= iv,						\
	.setkey		= pinpad_skcipher_setkey,			\
	.encrypt	= enc,						\
	.decrypt	= dec,						\
	.exit		= pinpad_skcipher_exit,				\
}

static struct skcipher_alg pinpad_skciphers[] = {
	PINPAD_SKCIPHER(PINPAD_ALG_ECB, "pinpad-ecb-tdes", DES3_EDE_BLOCK_SIZE,
			0, pinpad_ecb_encrypt, pinpad_ecb_decrypt),
	PINPAD_SKCIPHER(PINPAD_ALG_CBC, "pinpad-cbc-tdes", DES3_EDE_BLOCK_SIZE,
			DES3_EDE_BLOCK_SIZE, pinpad_cbc_encrypt,
			pinpad_cbc_decrypt),
	PINPAD_SKCIPHER(PINPAD_ALG_AES_ECB, "pinpad-ecb-aes", AES_BLOCK_SIZE,
			0, pinpad_ecb_encrypt, pinpad_ecb_decrypt),
	PINPAD_SKCIPHER(PINPAD_ALG_AES_CBC, "pinpad-cbc-aes", AES_BLOCK_SIZE,
			AES_BLOCK_SIZE, pinpad_cbc_encrypt, pinpad_cbc_decrypt),
};

/*
 * pinpad_skcipher_register() - offer the algorithms; after the self-test
 *
 * Every tfm holds a reference on this module (cra_module), so the module,
 * and @dev with it, cannot go away while an AF_ALG socket is bound.
 */
int pinpad_skcipher_register(struct pinpad_device *dev)
{
	int err;

	pinpad_skcipher_dev = dev;
	err = crypto_register_skciphers(pinpad_skciphers,
					ARRAY_SIZE(pinpad_skciphers));
	if (err)
		pinpad_skcipher_dev = NULL;
	return err;
}

void pinpad_skcipher_unregister(void)
{
	crypto_unregister_skciphers(pinpad_skciphers,
				    ARRAY_SIZE(pinpad_skciphers));
	pinpad_skcipher_dev = NULL;
}
