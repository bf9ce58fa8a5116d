// SPDX-License-Identifier: GPL-2.0
// Rendering, checked by an independent JSON parser (nlohmann) for JSON.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "json_writer.h"
#include "render_cpus.h"
#include "table.h"

namespace {

using cpulab::CpuState;
using cpulab::VirtCapability;

std::vector<CpuState> two_cpus()
{
	CpuState online;
	online.cpu = 0;
	online.online = true;
	online.cr4 = 0x3506f0;
	online.cr4_shadow = 0x3506f0;
	online.virt_capability = VirtCapability::svm;
	online.virt = {cpulab::VirtState::on, "none", 0, 2, 1, 1500, 900};
	CpuState offline;
	offline.cpu = 11;
	offline.virt = {cpulab::VirtState::failed, "vmfail-invalid", 5, 0, 0, 0, 0};
	return {online, offline};
}

TEST(RenderCpus, JsonIsTypedAndParses)
{
	const auto json = nlohmann::json::parse(cpulab::render_cpus_json(two_cpus()));
	ASSERT_TRUE(json["cpus"].is_array());
	ASSERT_EQ(json["cpus"].size(), 2u);
	const auto &cpu0 = json["cpus"][0];
	EXPECT_EQ(cpu0["cpu"], 0);
	EXPECT_EQ(cpu0["online"], true);
	EXPECT_EQ(cpu0["cr4"], "0x3506f0");
	EXPECT_EQ(cpu0["cr4_shadow"], "0x3506f0");
	EXPECT_EQ(cpu0["virt_cap"], "svm");
	EXPECT_EQ(cpu0["virt"]["state"], "on");
	EXPECT_EQ(cpu0["virt"]["error"], "none");
	EXPECT_EQ(cpu0["virt"]["errno"], 0);
	EXPECT_EQ(cpu0["virt"]["enables"], 2);
	EXPECT_EQ(cpu0["virt"]["disables"], 1);
	EXPECT_EQ(cpu0["virt"]["enable_ns"], 1500);
	EXPECT_EQ(cpu0["virt"]["disable_ns"], 900);
	const auto &cpu11 = json["cpus"][1];
	EXPECT_EQ(cpu11["cpu"], 11);
	EXPECT_EQ(cpu11["online"], false);
	EXPECT_TRUE(cpu11["cr4"].is_null());
	EXPECT_TRUE(cpu11["cr4_shadow"].is_null());
	EXPECT_TRUE(cpu11["virt_cap"].is_null());
	EXPECT_EQ(cpu11["virt"]["state"], "failed");
	EXPECT_EQ(cpu11["virt"]["error"], "vmfail-invalid");
	EXPECT_EQ(cpu11["virt"]["errno"], 5);
}

TEST(RenderCpus, EmptyListIsValidJson)
{
	const auto json = nlohmann::json::parse(cpulab::render_cpus_json({}));
	EXPECT_TRUE(json["cpus"].is_array());
	EXPECT_TRUE(json["cpus"].empty());
}

TEST(RenderCpus, TableAlignsLikeLscpu)
{
	EXPECT_EQ(cpulab::render_cpus_table(two_cpus()),
		  "CPU ONLINE      CR4 CR4_SHADOW CAP VIRT   ERROR\n"
		  "  0 yes    0x3506f0   0x3506f0 svm on     -\n"
		  " 11 no            -          - -   failed vmfail-invalid\n");
}

TEST(JsonWriter, EscapesStrings)
{
	cpulab::JsonWriter json;
	json.begin_array().value("quote\" backslash\\ newline\n tab\t bell\x07").end_array();
	const auto parsed = nlohmann::json::parse(json.str());
	EXPECT_EQ(parsed[0], "quote\" backslash\\ newline\n tab\t bell\x07");
	EXPECT_NE(json.str().find("\\u0007"), std::string::npos);
}

TEST(JsonWriter, NestsWithCommas)
{
	cpulab::JsonWriter json;
	json.begin_object()
		.key("a").value(uint64_t{18446744073709551615u})
		.key("b").begin_array().value(true).null().begin_object().end_object().end_array()
		.key("c").value("x")
		.end_object();
	EXPECT_EQ(json.str(), R"({"a":18446744073709551615,"b":[true,null,{}],"c":"x"})");
}

TEST(Table, RejectsRaggedRows)
{
	EXPECT_THROW(cpulab::render_table({{"A", cpulab::Align::left}}, {{"1", "2"}}), std::logic_error);
}

} // namespace
