// SPDX-License-Identifier: GPL-2.0
//
// Which CR4 bits the running kernel pins: native_write_cr4() puts them back
// and WARNs if anything clears them after boot (cr4_pinned_mask in
// arch/x86/kernel/cpu/common.c). One table keyed by kernel version; each
// row says where its mask comes from.
#ifndef CPULAB_CORE_CR4_PINNING_H
#define CPULAB_CORE_CR4_PINNING_H

#include "control_registers.h"

namespace cpulab::cr4 {

// LINUX_VERSION_CODE's encoding (KERNEL_VERSION(), sublevel capped at 255).
constexpr uint32_t kernel_version(uint32_t major, uint32_t minor, uint32_t sublevel)
{
	return (major << 16) + (minor << 8) + (sublevel > 255 ? 255 : sublevel);
}

struct PinningRow {
	uint32_t since;		// first kernel version the row applies to
	uint64_t mask;
	const char *source;
};

// Ascending by version; the last row not newer than the kernel wins.
inline constexpr PinningRow pinning_table[] = {
	{kernel_version(5, 3, 0), smep | smap | umip,
	 "v5.3: pinning introduced for SMEP, SMAP, UMIP"},
	{kernel_version(5, 9, 0), smep | smap | umip | fsgsbase,
	 "v5.9: FSGSBASE enabled and pinned"},
	{kernel_version(5, 18, 0), smep | smap | umip | fsgsbase | cet,
	 "v5.18: CET pinned with kernel IBT; read in Debian's 6.1.192 and 6.12.117 common.c"},
	{kernel_version(6, 9, 0), smep | smap | umip | fsgsbase | cet | fred,
	 "v6.9: FRED pinned (mainline; not read here)"},
	// Debian's 6.12.117 source has no FRED in cr4_pinned_mask: the stable
	// series dropped it after CR4 pinning turned FRED on in APs before
	// their FRED MSRs were set up. The exact stable release is not known
	// here, so the row starts at the one that was read.
	{kernel_version(6, 12, 117), smep | smap | umip | fsgsbase | cet,
	 "6.12.117: FRED no longer pinned (read in Debian's linux-source-6.12)"},
};

inline constexpr unsigned int pinning_rows = sizeof(pinning_table) / sizeof(pinning_table[0]);

// The row for @version, or pinning_rows before v5.3 (nothing pinned).
// An index, not a pointer: with -fno-delete-null-pointer-checks GCC will
// not compare a table address with nullptr in a constant expression.
constexpr unsigned int pinning_row_for(uint32_t version)
{
	unsigned int found = pinning_rows;
	for (unsigned int row = 0; row < pinning_rows; row++)
		if (pinning_table[row].since <= version)
			found = row;
	return found;
}

constexpr uint64_t pinned_mask_for(uint32_t version)
{
	const unsigned int row = pinning_row_for(version);
	return row < pinning_rows ? pinning_table[row].mask : 0;
}

static_assert(pinned_mask_for(kernel_version(6, 1, 192)) == (smep | smap | umip | fsgsbase | cet));
static_assert(pinned_mask_for(kernel_version(5, 2, 0)) == 0);

} // namespace cpulab::cr4

#endif // CPULAB_CORE_CR4_PINNING_H
