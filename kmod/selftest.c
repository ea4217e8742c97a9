// SPDX-License-Identifier: GPL-2.0
/*
 * Known-answer self-tests of every cipher, mode, PIN block, MAC, KDF and
 * key block the module computes (each in its own file), run before the
 * device appears. A PIN pad that cannot trust its cipher must not start.
 */
#include "cmac.h"
#include "device.h"
#include "kdf.h"
#include "keyblock.h"
#include "mac.h"
#include "modes.h"
#include "pinblock.h"

/*
 * pinpad_selftest() - run every known-answer test
 * @inject_fault: corrupt a result on purpose, to test the refusal path
 *
 * Return: 0 if all pass; -EIO (or -ENOMEM) otherwise.
 */
int pinpad_selftest(bool inject_fault)
{
	int err = pinpad_modes_selftest(inject_fault);

	if (!err)
		err = pinpad_pinblock_selftest();
	if (!err)
		err = pinpad_mac_selftest();
	if (!err)
		err = pinpad_kdf_selftest();
	if (!err) {
		err = pinpad_kb_selftest();
		if (err)
			pr_err("self-test key blocks (TR-31:2018 A.7.2.2, A.7.4): FAILED\n");
	}
	if (!err)
		err = pinpad_cmac_selftest();
	if (!err)
		pr_info("TDES, AES, PIN block, MAC, CMAC and key block self-tests: pass\n");
	return err;
}
