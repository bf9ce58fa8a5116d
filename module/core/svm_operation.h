// SPDX-License-Identifier: GPL-2.0
//
// Setting and clearing EFER.SVME on the calling CPU.
#ifndef CPULAB_CORE_SVM_OPERATION_H
#define CPULAB_CORE_SVM_OPERATION_H

#include "cpulab_core.h"
#include "virt_error.h"

namespace cpulab {

// Context: the CPU itself, interrupts off; EFER.SVME clear on entry.
// @injection: only CPULAB_INJECT_PRECHECK applies to SVM.
VirtError svm_enable(cpulab_virt_cpu &virt, uint8_t injection);
VirtError svm_disable(cpulab_virt_cpu &virt);

} // namespace cpulab

#endif // CPULAB_CORE_SVM_OPERATION_H
