// SPDX-License-Identifier: GPL-2.0
//
// CR4, bit by bit, with the manual's names. [intel/vol3] 2.5 "Control
// Registers", Figure 2-7 and the CR4 flag list; [amd/apm2] 3.1.3 "CR4
// Register" for the bits AMD defines the same way. Access is separate:
// platform.h. Header-only and constexpr, so the CLI renders names from the
// very same table the module audits with.
#ifndef CPULAB_CORE_CONTROL_REGISTERS_H
#define CPULAB_CORE_CONTROL_REGISTERS_H

#include "msr.h"

namespace cpulab::cr4 {

struct BitName {
	uint8_t bit;
	const char *name;	// lower case, as /proc/cpuinfo and the kernel spell them
};

// Every architectural CR4 bit through FRED (bit 32). The gaps (15, 26,
// 29-31, 33-63) are reserved: setting one raises #GP, so seeing one set is
// an audit finding.
inline constexpr BitName architectural_bits[] = {
	{0, "vme"},		// virtual-8086 mode extensions
	{1, "pvi"},		// protected-mode virtual interrupts
	{2, "tsd"},		// RDTSC at CPL>0 faults
	{3, "de"},		// debugging extensions (DR4/DR5 #UD)
	{4, "pse"},		// 4 MiB pages in 32-bit paging
	{5, "pae"},
	{6, "mce"},
	{7, "pge"},		// global pages
	{8, "pce"},		// RDPMC at CPL>0 allowed
	{9, "osfxsr"},
	{10, "osxmmexcpt"},
	{11, "umip"},
	{12, "la57"},		// 5-level paging
	{13, "vmxe"},
	{14, "smxe"},
	{16, "fsgsbase"},
	{17, "pcide"},
	{18, "osxsave"},
	{19, "kl"},		// Key Locker
	{20, "smep"},
	{21, "smap"},
	{22, "pke"},
	{23, "cet"},
	{24, "pks"},
	{25, "uintr"},		// user interrupts
	{27, "lass"},		// linear-address space separation
	{28, "lam_sup"},	// LAM for supervisor pointers
	{32, "fred"},
};

constexpr uint64_t known_bits()
{
	uint64_t mask = 0;
	for (const BitName &entry : architectural_bits)
		mask |= bit(entry.bit);
	return mask;
}

// nullptr for a reserved bit.
constexpr const char *bit_name(unsigned int position)
{
	for (const BitName &entry : architectural_bits)
		if (entry.bit == position)
			return entry.name;
	return nullptr;
}

inline constexpr uint64_t pce = bit(8);
inline constexpr uint64_t umip = bit(11);
inline constexpr uint64_t vmxe = bit(13);
inline constexpr uint64_t fsgsbase = bit(16);
inline constexpr uint64_t smep = bit(20);
inline constexpr uint64_t smap = bit(21);
inline constexpr uint64_t cet = bit(23);
inline constexpr uint64_t fred = bit(32);

static_assert(bit_name(13)[0] == 'v' && bit_name(15) == nullptr && bit_name(32) != nullptr);

} // namespace cpulab::cr4

namespace cpulab {

// [intel/vol3] A.7/A.8 "VMX-Fixed Bits in CR0/CR4": a bit set in FIXED0
// must be 1, a bit clear in FIXED1 must be 0.
constexpr bool satisfies_fixed_bits(uint64_t value, uint64_t fixed0, uint64_t fixed1)
{
	return (value & fixed0) == fixed0 && (value & ~fixed1) == 0;
}

} // namespace cpulab

#endif // CPULAB_CORE_CONTROL_REGISTERS_H
