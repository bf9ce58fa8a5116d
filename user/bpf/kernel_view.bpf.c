// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's own per-CPU view of the state cpulab reads in hardware,
 * read from its BTF with no export needed: run once per `cpulab status`
 * through BPF_PROG_TEST_RUN (user/src/kernel_view.cpp).
 *
 *   cpu_tlbstate.cr4          the CR4 shadow (arch/x86/mm/tlb.c; the
 *                             accessors are cr4_read_shadow() and friends)
 *   cache_state_incoherent    "caches may be incoherent, WBINVD before
 *                             kexec" (6.18+, arch/x86/kernel/machine_kexec_64.c)
 *   virtualization_nr_users   x86/virt's per-CPU reference count behind
 *                             x86_virt_get_ref()/x86_virt_put_ref() (7.1+,
 *                             arch/x86/virt/hw.c)
 *
 * Each is a weak typed ksym: on a kernel whose BTF lacks one, libbpf
 * resolves its address to 0, the verifier drops the branch that reads it,
 * and `found` says so.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#include "kernel_view_abi.h"

/* Only the member read; libbpf finds its offset in the kernel's BTF (CO-RE). */
struct tlb_state {
	unsigned long cr4;
} __attribute__((preserve_access_index));

extern const struct tlb_state cpu_tlbstate __ksym __weak;
extern const _Bool cache_state_incoherent __ksym __weak;
extern const int virtualization_nr_users __ksym __weak;

/* Set by the loader before load: the kernel's possible CPUs. */
const volatile __u32 possible_cpus = 0;

struct kernel_view_values values = { 0 };

SEC("syscall")
int read_kernel_view(void *ctx)
{
	__u32 cpu;

	values.found = 0;
	if (&cpu_tlbstate)
		values.found |= KERNEL_VIEW_FOUND_CR4_SHADOW;
	if (&cache_state_incoherent)
		values.found |= KERNEL_VIEW_FOUND_CACHE_INCOHERENT;
	if (&virtualization_nr_users)
		values.found |= KERNEL_VIEW_FOUND_VIRT_USERS;
	values.cpus = 0;
	for (cpu = 0; cpu < KERNEL_VIEW_MAX_CPUS && cpu < possible_cpus; cpu++) {
		if (&cpu_tlbstate) {
			const struct tlb_state *tlb = bpf_per_cpu_ptr(&cpu_tlbstate, cpu);

			if (!tlb)
				break;
			values.cr4_shadow[cpu] = tlb->cr4;
		}
		if (&cache_state_incoherent) {
			const _Bool *incoherent = bpf_per_cpu_ptr(&cache_state_incoherent, cpu);

			if (!incoherent)
				break;
			values.cache_incoherent[cpu] = *incoherent;
		}
		if (&virtualization_nr_users) {
			const int *users = bpf_per_cpu_ptr(&virtualization_nr_users, cpu);

			if (!users)
				break;
			values.virt_users[cpu] = *users;
		}
		values.cpus = cpu + 1;
	}
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
