// SPDX-License-Identifier: GPL-2.0
// The names generated from spec/cpulab.yaml (protocol_names.h) against the
// module core's own tables and the CLI's words for them.
#include <gtest/gtest.h>

#include <string>

#include "control_registers.h"
#include "cpu_state.h"
#include "cpulab.h"
#include "cpulab_core.h"
#include "cr4_audit.h"
#include "protocol_names.h"
#include "stop_result.h"

namespace {

namespace protocol = cpulab::protocol;

// The CLI names CR4 bits from the spec; the audit flags every bit its own
// table lacks as unknown-bit. The two must be the same list.
TEST(ProtocolNames, SpecCr4BitsAreTheCoreAuditsBits)
{
	size_t core_bits = 0;
	for (const cpulab::cr4::BitName &entry : cpulab::cr4::architectural_bits) {
		EXPECT_EQ(protocol::name_of(protocol::cr4_bit_names, entry.bit), entry.name)
			<< "bit " << int{entry.bit};
		core_bits++;
	}
	EXPECT_EQ(std::size(protocol::cr4_bit_names), core_bits);
}

TEST(ProtocolNames, SpecCr4FindingsAreTheCores)
{
	ASSERT_EQ(std::size(protocol::cr4_finding_names), size_t{__CPULAB_CR4_FINDING_MAX});
	for (const protocol::NamedValue &finding : protocol::cr4_finding_names)
		EXPECT_EQ(finding.name, cpulab::cr4_finding_names[finding.value]);
}

// A refusal's cookie is its status number; the CLI prints the spec's name
// for it, which must be the name the core's table gives that status.
TEST(ProtocolNames, SpecStatusesAreTheCoresNames)
{
	ASSERT_EQ(std::size(protocol::status_names), size_t{CPULAB_STATUS_COUNT});
	for (const protocol::NamedValue &status : protocol::status_names)
		EXPECT_EQ(status.name, cpulab_core_status_info(static_cast<cpulab_status>(status.value))->name);
}

// Every value of every enum the CLI prints has a word, none "unknown".
TEST(ProtocolNames, EveryEnumValueHasACliWord)
{
	for (const protocol::NamedValue &mode : protocol::stop_mode_names)
		EXPECT_NE(cpulab::stop_mode_name(static_cast<uint8_t>(mode.value)), "unknown");
	EXPECT_EQ(cpulab::stop_mode_name(CPULAB_STOP_MODE_MAX + 1), "unknown");
	for (const protocol::NamedValue &state : protocol::virt_state_names)
		EXPECT_EQ(cpulab::virt_state_name(static_cast<cpulab::VirtState>(state.value)), state.name);
	for (const protocol::NamedValue &verdict : protocol::stop_verdict_names)
		EXPECT_EQ(cpulab::stop_verdict_name(static_cast<uint8_t>(verdict.value)), verdict.name);
	EXPECT_EQ(cpulab::inject_class_name(CPULAB_INJECT_VMX_BAD_REVISION), "bad-revision");
	EXPECT_EQ(cpulab::inject_class_name(CPULAB_INJECT_PRECHECK), "precheck");
	EXPECT_EQ(cpulab::cache_reasons_text(CPULAB_CACHE_REASON_SME | CPULAB_CACHE_REASON_MARKED | 8),
		  "sme,marked,unknown");
}

} // namespace
