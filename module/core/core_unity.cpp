// SPDX-License-Identifier: GPL-2.0
//
// The whole core is one translation unit. Kbuild records every function's
// fentry call site (-mrecord-mcount); an inline or template function emitted
// out of line in two C++ objects would appear twice and break the module
// link. One unity object makes every such function appear exactly once.
// The userspace unit tests compile this same file.
#include "cpuid.cpp"
#include "virt_capability.cpp"
#include "cpu_report.cpp"
#include "virt_error.cpp"
#include "status.cpp"
#include "vmx_operation.cpp"
#include "svm_operation.cpp"
#include "virt_lifecycle.cpp"
#include "cache_coherence.cpp"
#include "stop_protocol.cpp"
#include "cr4_audit.cpp"
#include "latency_stats.cpp"
