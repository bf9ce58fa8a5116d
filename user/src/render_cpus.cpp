// SPDX-License-Identifier: GPL-2.0
#include "render_cpus.h"

#include "cpulab.h"
#include "json_writer.h"
#include "table.h"

namespace cpulab {

namespace {

// Offline CPUs have no register values: "-" in the table, null in JSON.
std::string optional_hex(const std::optional<uint64_t> &value)
{
	return value ? hex_string(*value) : "-";
}

} // namespace

std::string render_cpus_table(const std::vector<CpuState> &cpus)
{
	const std::vector<TableColumn> columns = {
		{"CPU", Align::right},
		{"ONLINE", Align::left},
		{"CR4", Align::right},
		{"CR4_SHADOW", Align::right},
		{"CAP", Align::left},
		{"VIRT", Align::left},
		{"ERROR", Align::left},
		{"EMERGENCY", Align::left},
		{"INCOHERENT", Align::left},
		{"REASONS", Align::left},
		{"WBINVDS", Align::right},
	};
	std::vector<std::vector<std::string>> rows;
	for (const CpuState &cpu : cpus) {
		rows.push_back({
			std::to_string(cpu.cpu),
			cpu.online ? "yes" : "no",
			optional_hex(cpu.cr4),
			optional_hex(cpu.cr4_shadow),
			cpu.virt_capability ? std::string(virt_capability_name(*cpu.virt_capability)) : "-",
			std::string(virt_state_name(cpu.virt.state)),
			cpu.virt.error == "none" ? "-" : cpu.virt.error,
			cpu.virt.emergency_callback ? std::string(emergency_owner_name(*cpu.virt.emergency_callback))
						    : "-",
			cpu.cache ? (cpu.cache->incoherent ? "yes" : "no") : "-",
			cpu.cache ? cache_reasons_text(cpu.cache->reasons) : "-",
			cpu.cache ? std::to_string(cpu.cache->wbinvds) : "-",
		});
	}
	return render_table(columns, rows);
}

std::string render_cpus_json(const std::vector<CpuState> &cpus)
{
	JsonWriter json;
	json.begin_object().key("cpus").begin_array();
	for (const CpuState &cpu : cpus) {
		json.begin_object();
		json.key("cpu").value(uint64_t{cpu.cpu});
		json.key("online").value(cpu.online);
		json.key("cr4");
		cpu.cr4 ? json.value(hex_string(*cpu.cr4)) : json.null();
		json.key("cr4_shadow");
		cpu.cr4_shadow ? json.value(hex_string(*cpu.cr4_shadow)) : json.null();
		json.key("virt_cap");
		cpu.virt_capability ? json.value(virt_capability_name(*cpu.virt_capability)) : json.null();
		json.key("virt").begin_object();
		json.key("state").value(virt_state_name(cpu.virt.state));
		json.key("error").value(cpu.virt.error);
		json.key("errno").value(uint64_t{cpu.virt.error_errno});
		json.key("enables").value(cpu.virt.enables);
		json.key("disables").value(cpu.virt.disables);
		json.key("enable_ns").value(cpu.virt.enable_ns);
		json.key("disable_ns").value(cpu.virt.disable_ns);
		json.key("requests").value(uint64_t{cpu.virt.requests});
		json.key("armed_injection").value(inject_class_name(cpu.virt.armed_injection));
		json.key("emergency_callback");
		cpu.virt.emergency_callback ? json.value(emergency_owner_name(*cpu.virt.emergency_callback))
					    : json.null();
		json.end_object();
		json.key("cache");
		if (cpu.cache) {
			json.begin_object();
			json.key("incoherent").value(cpu.cache->incoherent);
			json.key("reasons").begin_array();
			if (cpu.cache->reasons & CPULAB_CACHE_REASON_SME)
				json.value("sme");
			if (cpu.cache->reasons & CPULAB_CACHE_REASON_MARKED)
				json.value("marked");
			json.end_array();
			json.key("wbinvds").value(cpu.cache->wbinvds);
			json.key("wbinvd_ns").value(cpu.cache->wbinvd_ns);
			json.key("set_ns").value(cpu.cache->set_ns);
			json.key("clear_ns").value(cpu.cache->clear_ns);
			json.end_object();
		} else {
			json.null();
		}
		json.end_object();
	}
	json.end_array().end_object();
	return json.str() + '\n';
}

} // namespace cpulab
