// SPDX-License-Identifier: GPL-2.0
// Rendering, checked by an independent JSON parser (nlohmann) for JSON.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "json_writer.h"
#include "render_cpus.h"
#include "render_events.h"
#include "render_stop.h"
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
	online.virt = {cpulab::VirtState::on, "none", 0, 2, 1, 1500, 900, 1, 0, cpulab::EmergencyOwner::ours};
	online.cache = cpulab::CacheRecord{true, CPULAB_CACHE_REASON_SME | CPULAB_CACHE_REASON_MARKED, 3, 2100, 50, 40};
	CpuState offline;
	offline.cpu = 11;
	offline.virt = {cpulab::VirtState::failed, "vmfail-invalid", 5, 0, 0, 0, 0, 0, 0, std::nullopt};
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
	EXPECT_EQ(cpu0["virt"]["emergency_callback"], "ours");
	EXPECT_EQ(cpu0["cache"]["incoherent"], true);
	EXPECT_EQ(cpu0["cache"]["reasons"], nlohmann::json::array({"sme", "marked"}));
	EXPECT_EQ(cpu0["cache"]["wbinvds"], 3);
	EXPECT_EQ(cpu0["cache"]["wbinvd_ns"], 2100);
	const auto &cpu11 = json["cpus"][1];
	EXPECT_EQ(cpu11["cpu"], 11);
	EXPECT_EQ(cpu11["online"], false);
	EXPECT_TRUE(cpu11["cr4"].is_null());
	EXPECT_TRUE(cpu11["cr4_shadow"].is_null());
	EXPECT_TRUE(cpu11["virt_cap"].is_null());
	EXPECT_EQ(cpu11["virt"]["state"], "failed");
	EXPECT_EQ(cpu11["virt"]["error"], "vmfail-invalid");
	EXPECT_EQ(cpu11["virt"]["errno"], 5);
	EXPECT_TRUE(cpu11["virt"]["emergency_callback"].is_null());
	EXPECT_TRUE(cpu11["cache"].is_null());
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
		  "CPU ONLINE      CR4 CR4_SHADOW CAP VIRT   ERROR          EMERGENCY INCOHERENT REASONS    WBINVDS\n"
		  "  0 yes    0x3506f0   0x3506f0 svm on     -              ours      yes        sme,marked       3\n"
		  " 11 no            -          - -   failed vmfail-invalid -         -          -                -\n");
}

cpulab::Event virt_event()
{
	cpulab::Event event;
	event.type = cpulab::EventType::virt;
	event.seq = 42;
	event.time_ns = 12345678901;
	event.cpu = 2;
	event.cause = "request";
	event.virt_old = cpulab::VirtState::off;
	event.virt_new = cpulab::VirtState::failed;
	event.virt_error = "vmfail-invalid";
	event.virt_errno = 5;
	return event;
}

TEST(RenderEvents, LineReadsLikeIpMonitor)
{
	EXPECT_EQ(cpulab::render_event_line(virt_event()),
		  "[    12.345678901] #42 cpu 2 virt off -> failed: vmfail-invalid (errno 5) (request)");
	cpulab::Event online;
	online.type = cpulab::EventType::cpu_online;
	online.seq = 1;
	online.time_ns = 5;
	online.cpu = 0;
	online.cause = "hotplug";
	EXPECT_EQ(cpulab::render_event_line(online), "[     0.000000005] #1 cpu 0 online (hotplug)");
	cpulab::Event lost;
	lost.type = cpulab::EventType::lost;
	lost.seq = 600;
	lost.lost = 88;
	EXPECT_EQ(cpulab::render_event_line(lost), "[     0.000000000] #600 lost 88 events in the module");
}

TEST(RenderEvents, JsonIsOneTypedObject)
{
	const std::string line = cpulab::render_event_json(virt_event());
	EXPECT_EQ(line.find('\n'), std::string::npos);
	const auto json = nlohmann::json::parse(line);
	EXPECT_EQ(json["seq"], 42);
	EXPECT_EQ(json["time_ns"], 12345678901);
	EXPECT_EQ(json["type"], "virt");
	EXPECT_EQ(json["cpu"], 2);
	EXPECT_EQ(json["cause"], "request");
	EXPECT_EQ(json["old"], "off");
	EXPECT_EQ(json["new"], "failed");
	EXPECT_EQ(json["error"], "vmfail-invalid");
	EXPECT_EQ(json["errno"], 5);
	cpulab::Event lost;
	lost.type = cpulab::EventType::lost;
	lost.lost = 3;
	const auto lost_json = nlohmann::json::parse(cpulab::render_event_json(lost));
	EXPECT_TRUE(lost_json["cpu"].is_null());
	EXPECT_EQ(lost_json["lost"], 3);
}

cpulab::StopResult raced_stop()
{
	cpulab::StopResult result;
	result.targets = 2;
	result.all_stopped = true;
	result.race = true;
	result.time_ns = 20512345;
	result.proceed_ns = 20600000;
	result.cpus = {{1, CPULAB_STOP_STAGE_NMI, 20512345, 2, true, 2, 40000000, true, false},
		       {2, CPULAB_STOP_STAGE_IPI, 45000, 1, false, 0, 0, false, false}};
	return result;
}

TEST(RenderStop, TableEndsWithTheVerdict)
{
	EXPECT_EQ(cpulab::render_stop_table(raced_stop()),
		  "CPU STAGE CLEAR_US ENTRIES NMI_SENT WBINVDS WBINVD_US VIRT_OFF LATE\n"
		  "  1 nmi    20512.3       2 yes            2   40000.0 yes      no\n"
		  "  2 ipi       45.0       1 no             0       0.0 no       no\n"
		  "all 2 targets stopped in 20512.3 us; proceeded at 20600.0 us; race: DETECTED\n");
}

TEST(RenderStop, JsonAndRunStatisticsParse)
{
	cpulab::StopParams params;
	params.mode = CPULAB_STOP_MODE_NMI;
	const auto one = nlohmann::json::parse(cpulab::render_stop_json(params, raced_stop()));
	EXPECT_EQ(one["mode"], "nmi");
	EXPECT_EQ(one["race"], true);
	EXPECT_EQ(one["cpus"][0]["stage"], "nmi");
	EXPECT_EQ(one["cpus"][1]["clear_ns"], 45000);

	cpulab::StopResult clean = raced_stop();
	clean.race = false;
	clean.time_ns = 1000;
	cpulab::StopResult slow = raced_stop();
	slow.time_ns = 90000000;
	const auto runs = nlohmann::json::parse(cpulab::render_stop_runs_json(params, {clean, raced_stop(), slow}));
	EXPECT_EQ(runs["runs"], 3);
	EXPECT_EQ(runs["races"], 2);
	EXPECT_EQ(runs["time_ns"]["min"], 1000);
	EXPECT_EQ(runs["time_ns"]["median"], 20512345);
	EXPECT_EQ(runs["time_ns"]["max"], 90000000);
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
