// SPDX-License-Identifier: GPL-2.0
/*
 * Token buckets, one per limit and device, in their GCRA form: the bucket
 * is its theoretical arrival time @tat. A call is allowed when @tat is at
 * most (burst - 1) intervals ahead of now, and each counted call pushes
 * @tat one interval further (from now, if it lay in the past). So at most
 * @burst calls pass at once, and then one per interval: per_hour an hour
 * on average. The clock is CLOCK_BOOTTIME, which a suspend does not stop.
 */
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/lockdep.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/uaccess.h>

#include "budget.h"

#define PINPAD_NS_PER_HOUR	(3600ULL * NSEC_PER_SEC)

/* The defaults are also the maxima: the admin role can only lower them. */
static const struct {
	u32 per_hour;
	u32 burst;
	const char *name;
} pinpad_limit_max[PINPAD_LIMITS] = {
	[PINPAD_LIMIT_PIN_BLOCK] = { PINPAD_PIN_PER_HOUR, PINPAD_PIN_BURST,
				     "PIN_BLOCK" },
	[PINPAD_LIMIT_LOAD_WK] = { PINPAD_FAIL_PER_HOUR, PINPAD_FAIL_BURST,
				   "failed LOAD_WK" },
	[PINPAD_LIMIT_MAC_VERIFY] = { PINPAD_FAIL_PER_HOUR, PINPAD_FAIL_BURST,
				      "MAC_VERIFY mismatch" },
};

static void pinpad_budget_set(struct pinpad_budget *b, u32 per_hour,
			      u32 burst)
{
	b->per_hour = per_hour;
	b->burst = burst;
	b->interval = div_u64(PINPAD_NS_PER_HOUR, per_hour);
}

/* pinpad_budgets_init() - every bucket full, at its default rate */
void pinpad_budgets_init(struct pinpad_device *dev)
{
	u32 i;

	for (i = 0; i < PINPAD_LIMITS; i++) {
		dev->budgets[i].tat = 0;
		dev->budgets[i].refused = 0;
		pinpad_budget_set(&dev->budgets[i], pinpad_limit_max[i].per_hour,
				  pinpad_limit_max[i].burst);
	}
}

/* The latest @tat at which one more call is still allowed. */
static u64 pinpad_budget_horizon(const struct pinpad_budget *b, u64 now)
{
	return now + (u64)(b->burst - 1) * b->interval;
}

/*
 * pinpad_budget_take() - may one more call of @limit run now?
 *
 * Return: 0, or -EAGAIN when the budget is spent (the refusal is counted,
 * and logged within the device's log limit). Nothing is charged: the
 * caller charges with pinpad_budget_charge() once the call counted.
 */
int pinpad_budget_take(struct pinpad_device *dev, u32 limit)
{
	struct pinpad_budget *b = &dev->budgets[limit];

	lockdep_assert_held(&dev->lock);

	if (b->tat <= pinpad_budget_horizon(b, ktime_get_boottime_ns()))
		return 0;
	b->refused++;
	pinpad_warn_rl(dev, "%s refused: rate limit of %u per hour reached\n",
		       pinpad_limit_max[limit].name, b->per_hour);
	return -EAGAIN;
}

/* pinpad_budget_charge() - count one call of @limit */
void pinpad_budget_charge(struct pinpad_device *dev, u32 limit)
{
	struct pinpad_budget *b = &dev->budgets[limit];

	lockdep_assert_held(&dev->lock);

	b->tat = max(b->tat, ktime_get_boottime_ns()) + b->interval;
}

static void pinpad_budget_info(const struct pinpad_budget *b,
			       struct pinpad_limit_info *li)
{
	u64 now = ktime_get_boottime_ns(), horizon;

	li->per_hour = b->per_hour;
	li->burst = b->burst;
	li->refused = b->refused;
	li->available = b->burst;
	/*
	 * DIV64_U64_ROUND_UP, not DIV_ROUND_UP_ULL: the interval (30 s for
	 * PIN_BLOCK) does not fit the latter's 32-bit divisor (do_div()).
	 */
	if (b->tat > now)
		li->available -= min_t(u64, b->burst,
				       DIV64_U64_ROUND_UP(b->tat - now,
							  b->interval));
	horizon = pinpad_budget_horizon(b, now);
	li->retry_after_ms = b->tat > horizon ?
		DIV_ROUND_UP_ULL(b->tat - horizon, NSEC_PER_MSEC) : 0;
}

int pinpad_ioctl_limit_get(struct pinpad_file *pf, void __user *arg)
{
	struct pinpad_limit_info li;

	if (copy_from_user(&li, arg, sizeof(li)))
		return -EFAULT;
	if (li.limit >= PINPAD_LIMITS || li.per_hour || li.burst ||
	    li.available || li.retry_after_ms || li.refused)
		return -EINVAL;
	pinpad_budget_info(&pf->dev->budgets[li.limit], &li);
	return copy_to_user(arg, &li, sizeof(li)) ? -EFAULT : 0;
}

/*
 * PINPAD_IOC_LIMIT_SET: lower (or restore up to its default) a limit. The
 * calls already counted stay counted, at most a full new burst's worth.
 */
int pinpad_ioctl_limit_set(struct pinpad_file *pf, void __user *arg)
{
	struct pinpad_limit_info li;
	struct pinpad_budget *b;
	u64 full;

	if (copy_from_user(&li, arg, sizeof(li)))
		return -EFAULT;
	if (li.limit >= PINPAD_LIMITS || li.available || li.retry_after_ms ||
	    li.refused || !li.per_hour || !li.burst ||
	    li.per_hour > pinpad_limit_max[li.limit].per_hour ||
	    li.burst > pinpad_limit_max[li.limit].burst)
		return -EINVAL;
	b = &pf->dev->budgets[li.limit];
	pinpad_budget_set(b, li.per_hour, li.burst);
	full = ktime_get_boottime_ns() + (u64)b->burst * b->interval;
	b->tat = min(b->tat, full);
	pr_notice("admin: %s limited to %u per hour, burst %u\n",
		  pinpad_limit_max[li.limit].name, li.per_hour, li.burst);
	pinpad_budget_info(b, &li);
	return copy_to_user(arg, &li, sizeof(li)) ? -EFAULT : 0;
}
