// SPDX-License-Identifier: GPL-2.0
//
// Entering and leaving VMX operation on the calling CPU.
#ifndef CPULAB_CORE_VMX_OPERATION_H
#define CPULAB_CORE_VMX_OPERATION_H

#include "cpulab_core.h"
#include "virt_error.h"

namespace cpulab {

// Context: the CPU itself, interrupts off; CR4.VMXE clear on entry (the
// caller has ruled out a foreign owner). On failure nothing stays set.
// @injection (enum cpulab_inject_class) breaks one precondition on purpose.
VirtError vmx_enable(cpulab_virt_cpu &virt, uint8_t injection);

// Context: as above, in VMX operation that cpulab entered.
VirtError vmx_disable(cpulab_virt_cpu &virt);

} // namespace cpulab

#endif // CPULAB_CORE_VMX_OPERATION_H
