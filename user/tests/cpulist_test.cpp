// SPDX-License-Identifier: GPL-2.0
#include <gtest/gtest.h>

#include "cpulist.h"

namespace {

using cpulab::CpulistError;
using cpulab::format_cpulist;
using cpulab::parse_cpulist;
using Cpus = std::vector<uint32_t>;

TEST(Cpulist, SingleRangeAndMixed)
{
	EXPECT_EQ(parse_cpulist("0"), Cpus({0}));
	EXPECT_EQ(parse_cpulist("0-3"), Cpus({0, 1, 2, 3}));
	EXPECT_EQ(parse_cpulist("0-3,7"), Cpus({0, 1, 2, 3, 7}));
	EXPECT_EQ(parse_cpulist("5,1-2"), Cpus({1, 2, 5}));
}

TEST(Cpulist, DuplicatesAndOverlapsCollapse)
{
	EXPECT_EQ(parse_cpulist("1,1,0-2,2"), Cpus({0, 1, 2}));
	EXPECT_EQ(parse_cpulist("3-3"), Cpus({3}));
}

TEST(Cpulist, RejectsMalformedInput)
{
	for (const char *bad : {"", ",", "1,", ",1", "1,,2", "a", "1-", "-1", "3-1", "1-2-3", " 1",
				"1 ", "0x1", "+1", "1.5", "8192", "65536", "4294967296", "0-99999999999"})
		EXPECT_THROW(parse_cpulist(bad), CpulistError) << '"' << bad << '"';
}

TEST(Cpulist, ErrorNamesTheProblem)
{
	try {
		parse_cpulist("3-1");
		FAIL();
	} catch (const CpulistError &e) {
		EXPECT_NE(std::string(e.what()).find("runs backwards"), std::string::npos) << e.what();
	}
}

TEST(Cpulist, AcceptsTheMaximum)
{
	EXPECT_EQ(parse_cpulist("8191"), Cpus({8191}));
}

TEST(Cpulist, FormatRoundTrips)
{
	EXPECT_EQ(format_cpulist({}), "");
	EXPECT_EQ(format_cpulist({0, 1, 2, 3, 7}), "0-3,7");
	EXPECT_EQ(format_cpulist({1, 3, 5}), "1,3,5");
	for (const char *text : {"0", "0-3,7", "1,3-4,9-12"})
		EXPECT_EQ(format_cpulist(parse_cpulist(text)), text);
}

} // namespace
