/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Test-only module parameters that remove one of cpulab's protections.
 * They exist only to prove that a lane fails without the protection (the
 * kexec lanes' mutant runs, ci/kexec-lane.sh): off by default, documented
 * "TEST ONLY" in modinfo and docs/design.md, and a set one taints the kernel
 * (TAINT_TEST, 'N'), so every later splat says a protection was off.
 */
#ifndef CPULAB_KERNEL_TEST_KNOB_H
#define CPULAB_KERNEL_TEST_KNOB_H

#include <linux/kernel.h>
#include <linux/panic.h>
#include <linux/printk.h>

/* Call at load for each test-only knob; loud when it is set. */
static inline void cpulab_test_knob_check(const char *name, bool set)
{
	if (!set)
		return;
	pr_warn("%s=1: TEST ONLY, a protection is off; tainting the kernel\n", name);
	add_taint(TAINT_TEST, LOCKDEP_STILL_OK);
}

#endif /* CPULAB_KERNEL_TEST_KNOB_H */
