// SPDX-License-Identifier: GPL-2.0
// Rendering, checked by an independent JSON parser (nlohmann) for JSON.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "json_writer.h"
#include "cpulab.h"
#include "render_cpus.h"
#include "render_cr4.h"
#include "render_events.h"
#include "render_hotplug.h"
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

TEST(RenderCpus, JsonCarriesTheKernelsViewAndWhatItLacks)
{
	cpulab::KernelView view;
	view.cr4_shadow_found = true;
	view.virt_users_found = true;
	view.cpus.assign(1, cpulab::KernelViewCpu{0x3506f0, std::nullopt, 1});
	const auto json = nlohmann::json::parse(cpulab::render_cpus_json(two_cpus(), &view));
	EXPECT_EQ(json["kernel_view"]["source"], "bpf");
	EXPECT_TRUE(json["kernel_view"]["error"].is_null());
	EXPECT_EQ(json["kernel_view"]["variables"]["cr4_shadow"], "read");
	EXPECT_EQ(json["kernel_view"]["variables"]["cache_state_incoherent"], "not in this kernel's BTF");
	EXPECT_EQ(json["kernel_view"]["variables"]["virtualization_nr_users"], "read");
	const auto &kernel0 = json["cpus"][0]["kernel"];
	EXPECT_EQ(kernel0["cr4_shadow"], "0x3506f0");
	EXPECT_TRUE(kernel0["cache_state_incoherent"].is_null());
	EXPECT_EQ(kernel0["virtualization_nr_users"], 1);
	// CPU 11 is past what was read: every value null.
	EXPECT_TRUE(json["cpus"][1]["kernel"]["cr4_shadow"].is_null());
	EXPECT_TRUE(json["cpus"][1]["kernel"]["virtualization_nr_users"].is_null());
	// Without a view (the other subcommands' --json), neither key.
	const auto plain = nlohmann::json::parse(cpulab::render_cpus_json(two_cpus()));
	EXPECT_FALSE(plain.contains("kernel_view"));
	EXPECT_FALSE(plain["cpus"][0].contains("kernel"));
}

TEST(RenderCpus, EmptyListIsValidJson)
{
	const auto json = nlohmann::json::parse(cpulab::render_cpus_json({}));
	EXPECT_TRUE(json["cpus"].is_array());
	EXPECT_TRUE(json["cpus"].empty());
}

TEST(RenderCpus, TableAlignsLikeLscpu)
{
	std::vector<CpuState> cpus = two_cpus();
	cpulab::Cr4AuditRecord audit;
	audit.audits = 3;
	audit.last_audit = 1u << CPULAB_CR4_FINDING_SHADOW_MISMATCH;
	cpus[0].cr4_audit = audit;
	EXPECT_EQ(cpulab::render_cpus_table(cpus),
		  "CPU ONLINE      CR4 CAP VIRT   ERROR          INCOHERENT CR4_AUDIT\n"
		  "  0 yes    0x3506f0 svm on     -              yes        shadow-mismatch\n"
		  " 11 no            - -   failed vmfail-invalid -          -\n");
}

TEST(RenderCpus, OutputPicksColumnsAndRefusesUnknownOnes)
{
	EXPECT_EQ(cpulab::render_cpus_table(two_cpus(), {"cpu", "cr4_shadow", "reasons", "wbinvds", "emergency"}),
		  "CPU CR4_SHADOW REASONS    WBINVDS EMERGENCY\n"
		  "  0   0x3506f0 sme,marked       3 ours\n"
		  " 11          - -                - -\n");
	EXPECT_THROW(cpulab::render_cpus_table(two_cpus(), {"cpu", "bogus"}), std::invalid_argument);
	for (const std::string &name : cpulab::status_column_names())
		EXPECT_NO_THROW(cpulab::render_cpus_table(two_cpus(), {name})) << name;
}

TEST(RenderCpus, DefaultColumnsFitEightyColumns)
{
	std::vector<CpuState> cpus = two_cpus();
	// The widest common values; only the long "precheck:..." error names overflow.
	cpus[0].virt.state = cpulab::VirtState::unsupported;
	cpus[0].virt.error = "vmfail-invalid";
	cpulab::Cr4AuditRecord audit;
	audit.audits = 1;
	audit.last_audit = 1u << CPULAB_CR4_FINDING_SHADOW_MISMATCH;
	cpus[0].cr4_audit = audit;
	const std::string table = cpulab::render_cpus_table(cpus);
	size_t start = 0;
	for (size_t end; (end = table.find('\n', start)) != std::string::npos; start = end + 1)
		EXPECT_LE(end - start, 80u) << table.substr(start, end - start);
}

TEST(RenderCr4, TableDecodesAndJsonParses)
{
	std::vector<CpuState> cpus = two_cpus();
	cpulab::Cr4AuditRecord clean;
	clean.audits = 4;
	clean.audit_cost_ns = 5000;
	clean.pinned_mask = 0xb10800;
	clean.pinned_reference = 0x310800;
	cpus[0].cr4_audit = clean;
	CpuState perturbed = cpus[0];
	perturbed.cpu = 1;
	perturbed.cr4 = 0x3507f0;
	perturbed.cr4_audit->last_audit = 1u << CPULAB_CR4_FINDING_SHADOW_MISMATCH;
	perturbed.cr4_audit->last_finding = CPULAB_CR4_FINDING_SHADOW_MISMATCH;
	perturbed.cr4_audit->last_finding_bits = 1u << 8;
	perturbed.cr4_audit->findings = 1;
	perturbed.cr4_audit->perturbed_bit = 8;
	cpus.insert(cpus.begin() + 1, perturbed);
	const cpulab::Cr4AuditSummary summary{2, 1, 0xb10800, 0x310800};
	EXPECT_EQ(cpulab::render_cr4_table(summary, cpus),
		  "CPU      CR4   SHADOW AUDIT               FINDINGS COST_NS\n"
		  "  0 0x3506f0 0x3506f0 clean                      0    5000\n"
		  "  1 0x3507f0 0x3506f0 shadow-mismatch:pce        1    5000\n"
		  "CR4 of CPU 0: pse pae mce pge osfxsr osxmmexcpt fsgsbase osxsave smep smap\n"
		  "CR4 of CPU 1 against CPU 0: +pce\n"
		  "pinned by this kernel: umip fsgsbase smep smap cet; set on the boot CPU: umip fsgsbase smep smap\n"
		  "2 CPUs audited, 1 findings\n");
	const auto json = nlohmann::json::parse(cpulab::render_cr4_json(summary, cpus));
	EXPECT_EQ(json["audited"], 2);
	EXPECT_EQ(json["pinned_bits"], nlohmann::json({"umip", "fsgsbase", "smep", "smap", "cet"}));
	ASSERT_EQ(json["cpus"].size(), 2u) << "offline CPUs have no CR4";
	EXPECT_EQ(json["cpus"][1]["findings"], nlohmann::json({"shadow-mismatch"}));
	EXPECT_EQ(json["cpus"][1]["finding_bits"], nlohmann::json({"pce"}));
	EXPECT_EQ(json["cpus"][1]["perturbed_bit"], "pce");
	EXPECT_TRUE(json["cpus"][0]["perturbed_bit"].is_null());
	EXPECT_EQ(json["cpus"][0]["cr4_bits"][0], "pse");
	const auto cpu_json = nlohmann::json::parse(cpulab::render_cpus_json(cpus));
	EXPECT_EQ(cpu_json["cpus"][1]["cr4_audit"]["last_audit"], nlohmann::json({"shadow-mismatch"}));
	EXPECT_TRUE(cpu_json["cpus"][2]["cr4_bits"].is_null());
}

TEST(RenderHotplug, CycleTableAndJson)
{
	cpulab::CycleResult result;
	result.cpus = {{1, 10, 10, 0, 0, {17820000, 20250000, 35340000}, {16670000, 39800000, 48650000}},
		       {2, 10, 9, 1, 16, {18000000, 19000000, 20000000}, {30000000, 31000000, 32000000}}};
	EXPECT_EQ(cpulab::render_cycle_table(10, result),
		  "CPU TRIES OK FAIL ERRNO OFF_MIN OFF_MED OFF_MAX ON_MIN ON_MED ON_MAX\n"
		  "  1    10 10    0 -       17.82   20.25   35.34  16.67  39.80  48.65\n"
		  "  2    10  9    1 EBUSY   18.00   19.00   20.00  30.00  31.00  32.00\n"
		  "10 rounds requested; latencies in ms\n");
	const auto json = nlohmann::json::parse(cpulab::render_cycle_json(10, result));
	EXPECT_EQ(json["rounds"], 10);
	EXPECT_EQ(json["interrupted"], false);
	EXPECT_EQ(json["cpus"][1]["failures"], 1);
	EXPECT_EQ(json["cpus"][1]["errno"], 16);
	EXPECT_EQ(json["cpus"][0]["online"]["median_ns"], 39800000);
	const auto one = nlohmann::json::parse(cpulab::render_hotplug_json(false, {{3, 41820000}}));
	EXPECT_EQ(one["action"], "offline");
	EXPECT_EQ(one["cpus"][0]["ns"], 41820000);
	EXPECT_EQ(cpulab::render_hotplug_table(true, {{3, 38820000}}), "CPU NOW       MS\n  3 online 38.82\n");
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
	cpulab::Event cr4 = online;
	cr4.type = cpulab::EventType::cr4;
	cr4.cause = "audit";
	cr4.cr4_finding = CPULAB_CR4_FINDING_SHADOW_MISMATCH;
	cr4.cr4_finding_bits = 1u << 8;
	EXPECT_EQ(cpulab::render_event_line(cr4), "[     0.000000005] #1 cpu 0 cr4 shadow-mismatch: pce (audit)");
	cr4.cr4_finding = CPULAB_CR4_FINDING_NONE;
	EXPECT_EQ(cpulab::render_event_line(cr4), "[     0.000000005] #1 cpu 0 cr4 audit clean (audit)");
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
	result.verdict = CPULAB_STOP_VERDICT_RACE;
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
		  "all 2 targets stopped in 20512.3 us; proceeded at 20600.0 us; verdict: RACE (it proceeded "
		  "while a stop handler was running, or one entered later)\n");
}

TEST(RenderStop, TimedOutIsSaidAsSuch)
{
	cpulab::StopResult result = raced_stop();
	result.all_stopped = false;
	result.verdict = CPULAB_STOP_VERDICT_TIMED_OUT;
	const std::string table = cpulab::render_stop_table(result);
	EXPECT_NE(table.find("NOT all 2 targets stopped"), std::string::npos) << table;
	EXPECT_NE(table.find("verdict: TIMED OUT"), std::string::npos) << table;
	EXPECT_EQ(table.find("RACE"), std::string::npos) << table;
	result.verdict = CPULAB_STOP_VERDICT_STOPPED;
	EXPECT_NE(cpulab::render_stop_table(result).find("verdict: stopped\n"), std::string::npos);
}

TEST(RenderStop, JsonAndRunStatisticsParse)
{
	cpulab::StopParams params;
	params.mode = CPULAB_STOP_MODE_NMI;
	const auto one = nlohmann::json::parse(cpulab::render_stop_json(params, raced_stop()));
	EXPECT_EQ(one["mode"], "nmi");
	EXPECT_EQ(one["race"], true);
	EXPECT_EQ(one["verdict"], "race");
	EXPECT_EQ(one["cpus"][0]["stage"], "nmi");
	EXPECT_EQ(one["cpus"][1]["clear_ns"], 45000);

	cpulab::StopResult clean = raced_stop();
	clean.verdict = CPULAB_STOP_VERDICT_STOPPED;
	clean.time_ns = 1000;
	cpulab::StopResult slow = raced_stop();
	slow.time_ns = 90000000;
	cpulab::StopResult timed_out = raced_stop();
	timed_out.all_stopped = false;
	timed_out.verdict = CPULAB_STOP_VERDICT_TIMED_OUT;
	const auto runs =
		nlohmann::json::parse(cpulab::render_stop_runs_json(params, {clean, raced_stop(), slow, timed_out}));
	EXPECT_EQ(runs["runs"], 4);
	EXPECT_EQ(runs["races"], 2);
	EXPECT_EQ(runs["timed_out_runs"], 1);
	EXPECT_EQ(runs["all_stopped_runs"], 3);
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
