// SPDX-License-Identifier: GPL-2.0
/*
 * TDES ECB and CBC with slot keys, through the kernel crypto API (and so
 * AF_ALG and libkcapi). See Documentation/crypto-api.md.
 *
 * The "key" given to setkey is a struct pinpad_token from
 * PINPAD_IOC_TOKEN_GET, never key bytes: the tfm keeps the token, and every
 * request looks it up again under the device lock, so a token revoked (or
 * killed by tamper or a slot change) after setkey stops working at the next
 * request. The names are our own, not "ecb(des3_ede)": testmgr would feed
 * its vectors to setkey; for ours it logs "No test for" and allows them.
 *
 * Requests run under the device mutex, so they must be allowed to sleep
 * (CRYPTO_TFM_REQ_MAY_SLEEP, which AF_ALG sets); others get -EOPNOTSUPP.
 */
#include <crypto/des.h>
#include <crypto/internal/skcipher.h>
#include <linux/module.h>
#include <linux/string.h>

#include "handles.h"
#include "skcipher.h"

static struct pinpad_device *pinpad_skcipher_dev;

struct pinpad_skcipher_ctx {
	struct pinpad_token token;	/* all zero until setkey succeeds */
};

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
	const struct pinpad_key *k;
	struct skcipher_walk walk;
	int err;

	if (!(req->base.flags & CRYPTO_TFM_REQ_MAY_SLEEP))
		return -EOPNOTSUPP;
	if (req->cryptlen % DES3_EDE_BLOCK_SIZE)
		return -EINVAL;

	mutex_lock(&dev->lock);
	/*
	 * again at every request: the token may have died since setkey, and
	 * the key's mode of use must allow this direction
	 */
	err = pinpad_handle_key(dev, &ctx->token, &use, &k);
	if (!err && k->alg != PINPAD_ALG_TDES)
		err = -ENOKEY;
	if (err)
		goto out;
	err = skcipher_walk_virt(&walk, req, false);
	while (walk.nbytes) {
		unsigned int n = round_down(walk.nbytes, DES3_EDE_BLOCK_SIZE);

		if (cbc)
			pinpad_tdes_cbc(k, encrypt, walk.iv,
					walk.dst.virt.addr,
					walk.src.virt.addr, n);
		else
			pinpad_tdes_ecb(k, encrypt, walk.dst.virt.addr,
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

#define PINPAD_SKCIPHER_BASE(name, driver) {				\
	.cra_name		= name,					\
	.cra_driver_name	= driver,				\
	.cra_priority		= 100,					\
	.cra_blocksize		= DES3_EDE_BLOCK_SIZE,			\
	.cra_ctxsize		= sizeof(struct pinpad_skcipher_ctx),	\
	.cra_module		= THIS_MODULE,				\
}

static struct skcipher_alg pinpad_skciphers[] = {
	{
		.base		= PINPAD_SKCIPHER_BASE(PINPAD_ALG_ECB,
						       "pinpad-ecb-tdes"),
		.min_keysize	= sizeof(struct pinpad_token),
		.max_keysize	= sizeof(struct pinpad_token),
		.setkey		= pinpad_skcipher_setkey,
		.encrypt	= pinpad_ecb_encrypt,
		.decrypt	= pinpad_ecb_decrypt,
		.exit		= pinpad_skcipher_exit,
	}, {
		.base		= PINPAD_SKCIPHER_BASE(PINPAD_ALG_CBC,
						       "pinpad-cbc-tdes"),
		.min_keysize	= sizeof(struct pinpad_token),
		.max_keysize	= sizeof(struct pinpad_token),
		.ivsize		= DES3_EDE_BLOCK_SIZE,
		.setkey		= pinpad_skcipher_setkey,
		.encrypt	= pinpad_cbc_encrypt,
		.decrypt	= pinpad_cbc_decrypt,
		.exit		= pinpad_skcipher_exit,
	},
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
