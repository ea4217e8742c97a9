// SPDX-License-Identifier: GPL-2.0
/*
 * CBC for key blocks through the kernel crypto API: "cbc(aes)",
 * "cbc(des3_ede)" (their CMAC is cmac.c's). Debian's 6.1 and 6.12 build
 * cbc and aes in, des3_ede (des_generic) as a module: a soft dependency of
 * this module (main.c), so the test VM, which has no module tree for
 * request_module(), loads it first too.
 *
 * A tfm per call: LOAD_WK is rare and rate limited, and no key stays in a
 * tfm after it (crypto_free_*() wipes the context).
 */
#include <crypto/skcipher.h>
#include <linux/err.h>
#include <linux/scatterlist.h>
#include <linux/string.h>

#include "keyblock_crypto.h"
#include "pinpad.h"

/* @buf must not be on the stack: it goes into a scatterlist */
int pinpad_kb_cbc_decrypt(u32 alg, const u8 *key, u32 key_len, const u8 *iv,
			  u8 *buf, u32 len)
{
	struct crypto_skcipher *tfm;
	struct skcipher_request *req;
	struct scatterlist sg;
	DECLARE_CRYPTO_WAIT(wait);
	u8 ivbuf[16];
	int err;

	tfm = crypto_alloc_skcipher(alg == PINPAD_ALG_AES ? "cbc(aes)" :
				    "cbc(des3_ede)", 0, CRYPTO_ALG_ASYNC);
	if (IS_ERR(tfm))
		return PTR_ERR(tfm);
	err = crypto_skcipher_setkey(tfm, key, key_len);
	if (err)
		goto out;
	req = skcipher_request_alloc(tfm, GFP_KERNEL);
	if (!req) {
		err = -ENOMEM;
		goto out;
	}
	memcpy(ivbuf, iv, crypto_skcipher_ivsize(tfm));
	sg_init_one(&sg, buf, len);
	skcipher_request_set_callback(req, CRYPTO_TFM_REQ_MAY_SLEEP,
				      crypto_req_done, &wait);
	skcipher_request_set_crypt(req, &sg, &sg, len, ivbuf);
	err = crypto_wait_req(crypto_skcipher_decrypt(req), &wait);
	skcipher_request_free(req);
	memzero_explicit(ivbuf, sizeof(ivbuf));
out:
	crypto_free_skcipher(tfm);
	return err;
}
