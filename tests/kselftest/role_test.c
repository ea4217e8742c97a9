// SPDX-License-Identifier: GPL-2.0
/*
 * Least privilege and rate limits (issue #13): a node per role and every
 * command refused outside its role; uid 0 without capabilities; the PIN
 * budget against a codebook attack (PCI PTS POI, exhaustive PIN
 * determination); failed LOAD_WK and MAC_VERIFY budgets; per-file token
 * quotas; recovery from ZEROIZED while an AF_ALG socket is open; the root
 * key and keyring out of userspace's reach; a bounded kernel log.
 */
#include "kselftest_harness.h"	/* first: it defines _GNU_SOURCE */

#include <grp.h>
#include <linux/if_alg.h>
#include <linux/keyctl.h>
#include <sys/klog.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>

#include "pinpad_util.h"

#define TMK_SLOT	3
#define DATA_SLOT	20
#define PIN_SLOT	21
#define MAC_SLOT	23	/* the ISO 9797-1 Annex B key */
#define NOBODY		65534
#define PAN		"4012345678909"

FIXTURE(role) {
	int fd;			/* a handle on every node (pinpad_util.h) */
};

/* A FACTORY device with an identity, a TMK, DATA, PIN and MAC keys. */
FIXTURE_SETUP(role)
{
	PP_SETUP_FRESH(self);
	ASSERT_EQ(0, pp_provision(self->fd));
	ASSERT_EQ(0, pp_load_fixture_keys(self->fd, TMK_SLOT, DATA_SLOT,
					  PIN_SLOT, -1));
	ASSERT_EQ(0, pp_inject(self->fd, MAC_SLOT, PINPAD_USAGE_MAC, MACB_KEY,
			       16, MACB_KCV));
}

FIXTURE_TEARDOWN(role)
{
	if (self->fd >= 0)
		pp_close(self->fd);
}

/* Every command of ioctl/pinpad.h, and the role whose node takes it. */
static const struct {
	unsigned long cmd;
	const char *name;
} commands[] = {
#define C(x) { PINPAD_IOC_##x, #x }
	C(STATUS), C(SLOT_INFO), C(LIMIT_GET), C(SET_DSN), C(SET_DIK2),
	C(SET_ROOT), C(INJECT_KEY), C(SEAL), C(CLEAR_SLOT), C(TAMPER),
	C(RECOVER), C(LIMIT_SET), C(DEVICE_KEY), C(STATE_EXPORT),
	C(STATE_IMPORT), C(TPM_KEY), C(STATE_COMMIT), C(SESSION), C(SESSION_END), C(LOAD_WK), C(CIPHER),
	C(PIN_BLOCK), C(MAC_GENERATE), C(MAC_VERIFY), C(TOKEN_GET),
	C(TOKEN_REVOKE), C(SLOT_UNLOCK),
#undef C
};

static int status_of(int fd, struct pinpad_status *st)
{
	return pp_status(fd, st);
}

TEST_F(role, every_command_outside_its_role_is_eperm)
{
	static unsigned char arg[4096];
	struct pinpad_status before, after;
	unsigned int i, refused = 0;
	int role, fd;

	ASSERT_EQ(0, status_of(self->fd, &before));
	for (role = 0; role < 4; role++) {
		/* opened for writing, so only the role can be the reason */
		fd = pp_open_node(role, O_RDWR);
		ASSERT_LE(0, fd);
		for (i = 0; i < ARRAY_SIZE(commands); i++) {
			int want = pp_role_of(commands[i].cmd);

			if (want < 0 || want == role)
				continue;
			memset(arg, 0, sizeof(arg));
			EXPECT_EQ(-EPERM, pp_ioctl(fd, commands[i].cmd, arg))
				TH_LOG("%s on %s", commands[i].name,
				       pp_node[role]);
			refused++;
		}
		/* looking is every role's right */
		EXPECT_EQ(0, status_of(fd, &after));
		close(fd);
	}
	/* 15 admin, 2 download and 7 key-use commands, on 3 nodes each */
	EXPECT_EQ((15 + 2 + 7) * 3, refused);
	ASSERT_EQ(0, status_of(self->fd, &after));
	after.generation = before.generation;
	EXPECT_EQ(0, memcmp(&before, &after, sizeof(before)));
}

TEST_F(role, nodes_and_their_default_modes)
{
	static const mode_t mode[] = {
		[PINPAD_ROLE_STATUS] = 0444, [PINPAD_ROLE_USE] = 0600,
		[PINPAD_ROLE_DOWNLOAD] = 0600, [PINPAD_ROLE_ADMIN] = 0600,
	};
	struct stat sb;
	int role;

	for (role = 0; role < 4; role++) {
		ASSERT_EQ(0, stat(pp_node[role], &sb));
		EXPECT_TRUE(S_ISCHR(sb.st_mode));
		EXPECT_EQ(mode[role], sb.st_mode & 07777);
	}
}

/* Runs the block in a child, whose exit status is 0 if all went well. */
#define IN_CHILD(...)							\
	do {								\
		int status_;						\
		pid_t pid_ = fork();					\
		ASSERT_LE(0, pid_);					\
		if (pid_ == 0) {					\
			__VA_ARGS__;					\
			_exit(0);					\
		}							\
		ASSERT_EQ(pid_, waitpid(pid_, &status_, 0));		\
		ASSERT_TRUE(WIFEXITED(status_));			\
		EXPECT_EQ(0, WEXITSTATUS(status_));			\
	} while (0)

TEST_F(role, uid0_without_capabilities_cannot_tamper_or_clear)
{
	struct pinpad_status before, after;

	ASSERT_EQ(0, pp_status(self->fd, &before));
	IN_CHILD({
		struct pinpad_limit_info li = { .limit = 0, .per_hour = 1,
						.burst = 1 };
		unsigned int slot = DATA_SLOT;
		int adm;

		if (pp_drop_all_caps() || getuid() != 0)
			_exit(10);
		/* the admin node is root's: the open itself works */
		adm = pp_open_node(PINPAD_ROLE_ADMIN, O_RDWR);
		if (adm < 0)
			_exit(11);
		if (pp_ioctl(adm, PINPAD_IOC_TAMPER, NULL) != -EPERM)
			_exit(12);
		if (pp_ioctl(adm, PINPAD_IOC_CLEAR_SLOT, &slot) != -EPERM)
			_exit(13);
		if (pp_ioctl(adm, PINPAD_IOC_LIMIT_SET, &li) != -EPERM)
			_exit(14);
		if (pp_set_dsn(adm, "NOCAP") != -EPERM)
			_exit(15);
		/* and no other node takes them */
		adm = pp_open_node(PINPAD_ROLE_USE, O_RDWR);
		if (adm < 0 || pp_ioctl(adm, PINPAD_IOC_TAMPER, NULL) != -EPERM)
			_exit(16);
		_exit(0);
	});
	ASSERT_EQ(0, pp_status(self->fd, &after));
	EXPECT_EQ(PINPAD_STATE_FACTORY, after.state);
	EXPECT_EQ(0, memcmp(&before, &after, sizeof(before)));
}

TEST_F(role, nobody_reads_status_and_nothing_else)
{
	IN_CHILD({
		struct pinpad_status st;
		int fd, role;

		pp_close(self->fd);
		if (setgroups(0, NULL) || setgid(NOBODY) || setuid(NOBODY))
			_exit(10);
		for (role = 0; role < 4; role++) {
			if (role == PINPAD_ROLE_STATUS)
				continue;
			if (pp_open_node(role, O_RDONLY) >= 0 ||
			    errno != EACCES)
				_exit(11);
		}
		fd = pp_open_node(PINPAD_ROLE_STATUS, O_RDONLY);
		if (fd < 0 || pp_status(fd, &st) ||
		    st.state != PINPAD_STATE_FACTORY)
			_exit(12);
		if (pp_ioctl(fd, PINPAD_IOC_TAMPER, NULL) != -EPERM)
			_exit(13);
		_exit(0);
	});
}

/* ---- rate limits ------------------------------------------------------- */

static int limit_get(int fd, unsigned int limit, struct pinpad_limit_info *li)
{
	memset(li, 0, sizeof(*li));
	li->limit = limit;
	return pp_ioctl(fd, PINPAD_IOC_LIMIT_GET, li);
}

static int pin_block(int fd, const char *pin)
{
	struct pinpad_pin_block pb = {
		.slot = PIN_SLOT, .format = PINPAD_PIN_FORMAT_ISO0,
		.pin_len = strlen(pin), .pan_len = strlen(PAN),
	};

	memcpy(pb.pin, pin, pb.pin_len);
	memcpy(pb.pan, PAN, pb.pan_len);
	return pp_ioctl(fd, PINPAD_IOC_PIN_BLOCK, &pb);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_BOOTTIME, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * The codebook attack of issue #13: with an encrypted ISO format 0 block
 * and its PAN, encrypt all 10,000 4-digit PINs and compare. The budget
 * must make that take days, not seconds.
 */
TEST_F(role, pin_codebook_attack_is_throttled)
{
	unsigned int pin, done = 0, refused = 0, other = 0;
	struct pinpad_limit_info li;
	double t0, elapsed, days;
	char digits[5];
	int err;

	ASSERT_EQ(0, limit_get(self->fd, PINPAD_LIMIT_PIN_BLOCK, &li));
	EXPECT_EQ(PINPAD_PIN_PER_HOUR, li.per_hour);
	EXPECT_EQ(PINPAD_PIN_BURST, li.burst);
	EXPECT_EQ(li.burst, li.available);
	EXPECT_EQ(0, li.retry_after_ms);

	t0 = now_s();
	for (pin = 0; pin < 10000; pin++) {
		snprintf(digits, sizeof(digits), "%04u", pin);
		err = pin_block(self->fd, digits);
		if (!err)
			done++;
		else if (err == -EAGAIN)
			refused++;
		else
			other++;
	}
	elapsed = now_s() - t0;
	EXPECT_EQ(0, other);
	/* the burst, and what the average rate let through meanwhile */
	EXPECT_GE(PINPAD_PIN_BURST + 1 +
		  (unsigned int)(elapsed * PINPAD_PIN_PER_HOUR / 3600), done);
	EXPECT_GE(done, PINPAD_PIN_BURST);
	EXPECT_EQ(10000 - done, refused);

	ASSERT_EQ(0, limit_get(self->fd, PINPAD_LIMIT_PIN_BLOCK, &li));
	EXPECT_EQ(0, li.available);
	EXPECT_EQ(refused, li.refused);
	/* the next call is at most one interval (30 s) away */
	EXPECT_LT(0, li.retry_after_ms);
	EXPECT_GE(3600 * 1000 / li.per_hour, li.retry_after_ms);

	/* the time to try every 4-digit PIN, from the enforced rate */
	days = (10000.0 - li.burst) / li.per_hour / 24;
	TH_LOG("%u of 10000 PIN blocks in %.1f s; the rest of the 4-digit space needs %.1f days at %u per hour",
	       done, elapsed, days, li.per_hour);
	EXPECT_LE(3.0, days);
}

TEST_F(role, admin_lowers_limits_never_raises_them)
{
	struct pinpad_limit_info li = { .limit = PINPAD_LIMIT_PIN_BLOCK };
	int adm = pp_open_node(PINPAD_ROLE_ADMIN, O_RDWR), use;

	ASSERT_LE(0, adm);
	li.per_hour = PINPAD_PIN_PER_HOUR + 1;
	li.burst = 1;
	EXPECT_EQ(-EINVAL, pp_ioctl(adm, PINPAD_IOC_LIMIT_SET, &li));
	li.per_hour = 1;
	li.burst = PINPAD_PIN_BURST + 1;
	EXPECT_EQ(-EINVAL, pp_ioctl(adm, PINPAD_IOC_LIMIT_SET, &li));
	li.burst = 0;
	EXPECT_EQ(-EINVAL, pp_ioctl(adm, PINPAD_IOC_LIMIT_SET, &li));
	li.burst = 2;
	use = pp_open_node(PINPAD_ROLE_USE, O_RDWR);
	ASSERT_LE(0, use);
	EXPECT_EQ(-EPERM, pp_ioctl(use, PINPAD_IOC_LIMIT_SET, &li));
	close(use);
	ASSERT_EQ(0, pp_ioctl(adm, PINPAD_IOC_LIMIT_SET, &li));
	EXPECT_EQ(1, li.per_hour);
	EXPECT_EQ(2, li.burst);

	/* two PIN blocks, then an hour to wait */
	EXPECT_EQ(0, pin_block(self->fd, "1234"));
	EXPECT_EQ(0, pin_block(self->fd, "1235"));
	EXPECT_EQ(-EAGAIN, pin_block(self->fd, "1236"));
	ASSERT_EQ(0, limit_get(self->fd, PINPAD_LIMIT_PIN_BLOCK, &li));
	EXPECT_LT(3500 * 1000, li.retry_after_ms);
	EXPECT_GE(3600 * 1000, li.retry_after_ms);
	close(adm);
}

static int mac_verify(int fd, const unsigned char *mac)
{
	struct pinpad_mac m = {
		.slot = MAC_SLOT, .padding = PINPAD_MAC_PAD_ISO1,
		.len = sizeof(MACB_DATA1), .mac_len = 8,
		.data = (unsigned long)MACB_DATA1,
	};

	memcpy(m.mac, mac, 8);
	return pp_ioctl(fd, PINPAD_IOC_MAC_VERIFY, &m);
}

TEST_F(role, failed_mac_verify_and_load_wk_are_throttled)
{
	char bad[PINPAD_KEY_BLOCK_MAX + 1];
	__u32 unlock = TMK_SLOT;
	struct pinpad_limit_info li;
	unsigned char wrong[8];
	unsigned int i;

	memcpy(wrong, MACB_D1_P1, 8);
	wrong[0] ^= 1;
	/* good MACs do not count */
	for (i = 0; i < 2 * PINPAD_FAIL_BURST; i++)
		ASSERT_EQ(0, mac_verify(self->fd, MACB_D1_P1));
	for (i = 0; i < PINPAD_FAIL_BURST; i++)
		ASSERT_EQ(-EBADMSG, mac_verify(self->fd, wrong));
	EXPECT_EQ(-EAGAIN, mac_verify(self->fd, wrong));
	EXPECT_EQ(-EAGAIN, mac_verify(self->fd, MACB_D1_P1));
	ASSERT_EQ(0, limit_get(self->fd, PINPAD_LIMIT_MAC_VERIFY, &li));
	EXPECT_EQ(2, li.refused);
	EXPECT_LT(0, li.retry_after_ms);

	/*
	 * a key block whose MAC fails: a refused unwrap, an oracle like the
	 * MAC. The KBPK locks after PINPAD_KBPK_FAIL_MAX in a row: the admin
	 * unlocks it before, so the budget is what refuses in the end.
	 */
	snprintf(bad, sizeof(bad), "%s", KB_DATA);
	bad[strlen(bad) - 1] ^= 1;
	for (i = 0; i < PINPAD_FAIL_BURST; i++) {
		if (i % (PINPAD_KBPK_FAIL_MAX - 1) == 0)
			ASSERT_EQ(0, pp_ioctl(self->fd, PINPAD_IOC_SLOT_UNLOCK,
					      &unlock));
		ASSERT_EQ(-EBADMSG, pp_load_wk(self->fd, DATA_SLOT + 2,
					       TMK_SLOT, bad, NULL));
	}
	EXPECT_EQ(-EAGAIN, pp_load_wk(self->fd, DATA_SLOT + 2, TMK_SLOT,
				      KB_DATA, WK_DATA_KCV));
	/* PIN blocks have their own budget */
	EXPECT_EQ(0, pin_block(self->fd, "1234"));
}

/* ---- tokens ------------------------------------------------------------ */

static int token_get(int fd, struct pinpad_token *tok)
{
	memset(tok, 0, sizeof(*tok));
	tok->slot = DATA_SLOT;
	return pp_ioctl(fd, PINPAD_IOC_TOKEN_GET, tok);
}

/* An AF_ALG "ecb(pinpad-tdes)" socket keyed with @tok: the op socket. */
static int alg_open(const struct pinpad_token *tok, int *err)
{
	struct sockaddr_alg sa = {
		.salg_family = AF_ALG, .salg_type = "skcipher",
		.salg_name = PINPAD_ALG_ECB,
	};
	int tfm, op;

	*err = 0;
	tfm = socket(AF_ALG, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (tfm < 0 || bind(tfm, (struct sockaddr *)&sa, sizeof(sa))) {
		*err = -errno;
		return -1;
	}
	if (setsockopt(tfm, SOL_ALG, ALG_SET_KEY, tok, sizeof(*tok))) {
		*err = -errno;
		close(tfm);
		return -1;
	}
	op = accept(tfm, NULL, 0);
	if (op < 0)
		*err = -errno;
	close(tfm);
	return op;
}

/* Encrypt one block on an op socket: 0 or -errno. */
static int alg_encrypt(int op)
{
	unsigned char out[8];
	int err = pp_alg_op(op, true, PLAIN, out, 8);

	if (err)
		return err;
	return memcmp(out, DATA_ECB, 8) ? -EIO : 0;
}

static int alg_try(const struct pinpad_token *tok)
{
	int err, op = alg_open(tok, &err);

	if (op >= 0) {
		err = alg_encrypt(op);
		close(op);
	}
	return err;
}

TEST_F(role, tokens_die_with_the_file_that_took_them)
{
	struct pinpad_token tok, theirs;
	int ready[2], go[2], back[2];
	pid_t kids[PINPAD_TOKENS_MAX / PINPAD_TOKENS_PER_FILE];
	unsigned int k, n = ARRAY_SIZE(kids);
	char c = 0;
	int status;

	ASSERT_EQ(0, pipe(ready));
	ASSERT_EQ(0, pipe(go));
	ASSERT_EQ(0, pipe(back));
	for (k = 0; k < n; k++) {
		kids[k] = fork();
		ASSERT_LE(0, kids[k]);
		if (kids[k] == 0) {
			struct pinpad_token t, kept;
			int fd = pp_open_node(PINPAD_ROLE_USE, O_RDWR);
			unsigned int i;

			if (fd < 0)
				_exit(10);
			for (i = 0; i < PINPAD_TOKENS_PER_FILE; i++)
				if (token_get(fd, &kept))
					_exit(11);
			/* its quota: no more for this file */
			if (token_get(fd, &t) != -EDQUOT)
				_exit(12);
			if (k == 0 && write(back[1], &kept, sizeof(kept)) !=
			    sizeof(kept))
				_exit(13);
			if (write(ready[1], &c, 1) != 1 ||
			    read(go[0], &c, 1) != 1)
				_exit(14);
			_exit(0);	/* without revoking anything */
		}
	}
	for (k = 0; k < n; k++)
		ASSERT_EQ(1, read(ready[0], &c, 1));
	ASSERT_EQ(sizeof(theirs), read(back[0], &theirs, sizeof(theirs)));
	/* every record is taken, by files that are still open */
	EXPECT_EQ(-ENOSPC, token_get(self->fd, &tok));
	EXPECT_EQ(0, alg_try(&theirs));

	for (k = 0; k < n; k++)
		ASSERT_EQ(1, write(go[1], &c, 1));
	for (k = 0; k < n; k++) {
		ASSERT_EQ(kids[k], waitpid(kids[k], &status, 0));
		EXPECT_EQ(0, WEXITSTATUS(status));
	}
	/* their files are released: the records are free, their tokens dead */
	ASSERT_EQ(0, token_get(self->fd, &tok));
	EXPECT_EQ(0, alg_try(&tok));
	EXPECT_EQ(-ENOKEY, alg_try(&theirs));
}

/* ---- recovery ---------------------------------------------------------- */

TEST_F(role, af_alg_socket_of_nobody_does_not_block_recovery)
{
	int ready[2], go[2], status;
	struct pinpad_token tok;
	struct pinpad_status st;
	pid_t pid;
	char c = 0;

	ASSERT_EQ(0, token_get(self->fd, &tok));
	ASSERT_EQ(0, pipe(ready));
	ASSERT_EQ(0, pipe(go));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		int err, op;

		pp_close(self->fd);
		if (setgroups(0, NULL) || setgid(NOBODY) || setuid(NOBODY))
			_exit(10);
		op = alg_open(&tok, &err);
		if (op < 0 || alg_encrypt(op))
			_exit(11);
		if (write(ready[1], &c, 1) != 1 || read(go[0], &c, 1) != 1)
			_exit(12);
		/* the device was tampered with and recovered meanwhile */
		c = alg_encrypt(op) == -ENOKEY ? 'k' : 'x';
		if (write(ready[1], &c, 1) != 1 || read(go[0], &c, 1) != 1)
			_exit(13);
		_exit(0);	/* the socket stays open until here */
	}
	ASSERT_EQ(1, read(ready[0], &c, 1));

	EXPECT_EQ(-EACCES, pp_ioctl(self->fd, PINPAD_IOC_RECOVER, NULL));
	ASSERT_EQ(0, pp_ioctl(self->fd, PINPAD_IOC_TAMPER, NULL));
	ASSERT_EQ(0, pp_ioctl(self->fd, PINPAD_IOC_RECOVER, NULL));
	ASSERT_EQ(0, pp_status(self->fd, &st));
	EXPECT_EQ(PINPAD_STATE_FACTORY, st.state);
	EXPECT_EQ(0, st.flags);
	EXPECT_EQ(0, st.dsn_len);
	EXPECT_EQ(0, st.keys_loaded);

	ASSERT_EQ(1, write(go[1], &c, 1));
	ASSERT_EQ(1, read(ready[0], &c, 1));
	EXPECT_EQ('k', c);	/* requests on the old socket: -ENOKEY */

	/* nobody's socket pins the module: a reload was no way out */
	pp_close(self->fd);
	self->fd = -1;
	EXPECT_NE(0, syscall(__NR_delete_module, "pinpad", O_NONBLOCK));
	ASSERT_EQ(1, write(go[1], &c, 1));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(0, WEXITSTATUS(status));

	/* a factory device again: provisioning works, old tokens stay dead */
	self->fd = pp_open(O_RDWR);
	ASSERT_LE(0, self->fd);
	EXPECT_EQ(0, pp_provision(self->fd));
	EXPECT_EQ(0, pp_inject(self->fd, DATA_SLOT, PINPAD_USAGE_DATA, WK_DATA,
			       24, WK_DATA_KCV));
	EXPECT_EQ(-ENOKEY, alg_try(&tok));
	ASSERT_EQ(0, token_get(self->fd, &tok));
	EXPECT_EQ(0, alg_try(&tok));
}

/* ---- the trust anchor -------------------------------------------------- */

static long kc(int op, long a, long b)
{
	return syscall(__NR_keyctl, op, a, b, 0, 0) < 0 ? -errno : 0;
}

/* The serials of the module's root keyring and of the root key in it. */
static int find_root(int *keyring, int *key)
{
	char line[512];
	FILE *f = fopen("/proc/keys", "r");
	int ids[8];
	long n;

	*keyring = 0;
	while (f && fgets(line, sizeof(line), f))
		if (strstr(line, " keyring ") && strstr(line, "pinpad:root"))
			*keyring = strtol(line, NULL, 16);
	if (f)
		fclose(f);
	if (!*keyring)
		return -ENOENT;
	n = syscall(__NR_keyctl, KEYCTL_READ, *keyring, ids, sizeof(ids), 0);
	if (n < (long)sizeof(int))
		return -ENOENT;
	*key = ids[0];
	return 0;
}

TEST_F(role, root_key_and_keyring_cannot_be_removed)
{
	unsigned char out[PINPAD_SESSION_OUT_MIN];
	struct pinpad_session_step s = {
		.out = (unsigned long)out, .out_cap = sizeof(out),
	};
	struct pinpad_status before, after;
	int kr, key;

	ASSERT_EQ(0, find_root(&kr, &key));
	ASSERT_EQ(0, pp_status(self->fd, &before));
	ASSERT_TRUE(before.flags & PINPAD_STATUS_HAS_ROOT);

	IN_CHILD({
		if (pp_drop_all_caps())
			_exit(10);
		if (!kc(KEYCTL_INVALIDATE, key, 0) ||
		    !kc(KEYCTL_INVALIDATE, kr, 0))
			_exit(11);
		if (!kc(KEYCTL_REVOKE, key, 0) || !kc(KEYCTL_REVOKE, kr, 0))
			_exit(12);
		if (!kc(KEYCTL_UNLINK, key, kr) || !kc(KEYCTL_CLEAR, kr, 0))
			_exit(13);
		if (!kc(KEYCTL_SETPERM, key, 0x3f3f3f3f))
			_exit(14);
		_exit(0);
	});
	/* KEY_FLAG_KEEP: not even CAP_SYS_ADMIN removes them */
	EXPECT_NE(0, kc(KEYCTL_INVALIDATE, key, 0));
	EXPECT_NE(0, kc(KEYCTL_INVALIDATE, kr, 0));
	EXPECT_NE(0, kc(KEYCTL_REVOKE, key, 0));
	EXPECT_NE(0, kc(KEYCTL_CLEAR, kr, 0));

	ASSERT_EQ(0, pp_status(self->fd, &after));
	EXPECT_TRUE(after.flags & PINPAD_STATUS_HAS_ROOT);
	EXPECT_EQ(0, memcmp(before.root_fpr, after.root_fpr, 32));
	/* and the root still works: a download can start */
	ASSERT_EQ(0, pp_ioctl(self->fd, PINPAD_IOC_SEAL, NULL));
	EXPECT_EQ(0, pp_ioctl(self->fd, PINPAD_IOC_SESSION, &s));
	EXPECT_EQ(PINPAD_MSG_HELLO, s.out_type);
}

/* ---- the kernel log ---------------------------------------------------- */

/* How many lines of the kernel log name the module. */
static int log_lines(void)
{
	int size = klogctl(10, NULL, 0), n, i, lines = 0;	/* SIZE_BUFFER */
	char *buf, *p;

	if (size <= 0 || !(buf = malloc(size + 1)))
		return -1;
	n = klogctl(3, buf, size);				/* READ_ALL */
	if (n < 0) {
		free(buf);
		return -1;
	}
	buf[n] = 0;
	for (p = buf, i = 0; (p = strstr(p, "pinpad")); i++) {
		lines++;
		p = strchr(p, '\n');
		if (!p)
			break;
	}
	free(buf);
	return lines;
}

TEST_F(role, session_starts_write_a_bounded_log)
{
	unsigned char out[PINPAD_SESSION_OUT_MIN];
	struct pinpad_session_step s;
	int before, after, bound, i;
	double t0, elapsed;

	ASSERT_EQ(0, pp_ioctl(self->fd, PINPAD_IOC_SEAL, NULL));
	before = log_lines();
	ASSERT_LE(0, before);
	t0 = now_s();
	for (i = 0; i < 2000; i++) {
		memset(&s, 0, sizeof(s));
		s.out = (unsigned long)out;
		s.out_cap = sizeof(out);
		ASSERT_EQ(0, pp_ioctl(self->fd, PINPAD_IOC_SESSION, &s));
		ASSERT_EQ(0, pp_ioctl(self->fd, PINPAD_IOC_SESSION_END, NULL));
	}
	elapsed = now_s() - t0;
	after = log_lines();
	/*
	 * PINPAD_LOG_BURST (10) lines per 5 s interval for the whole device,
	 * plus one "callbacks suppressed" line per interval.
	 */
	bound = ((int)(elapsed / 5) + 2) * (10 + 1);
	TH_LOG("2000 session starts in %.1f s wrote %d log lines (bound %d)",
	       elapsed, after - before, bound);
	EXPECT_GE(bound, after - before);
	EXPECT_LT(after - before, 100);
}

TEST_HARNESS_MAIN
