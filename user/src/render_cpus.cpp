// SPDX-License-Identifier: GPL-2.0
#include "render_cpus.h"

#include <algorithm>
#include <stdexcept>

#include "cpulab.h"
#include "cr4_names.h"
#include "json_writer.h"
#include "table.h"

namespace cpulab {


namespace {

struct StatusColumn {
	const char *name;	// for -o, lower case
	TableColumn column;
	std::string (*cell)(const CpuState &cpu);
};

std::string cache_cell(const CpuState &cpu, std::string (*field)(const CacheRecord &))
{
	return cpu.cache ? field(*cpu.cache) : "-";
}

std::string audit_cell(const CpuState &cpu, std::string (*field)(const Cr4AuditRecord &))
{
	return cpu.cr4_audit ? field(*cpu.cr4_audit) : "-";
}

const std::vector<StatusColumn> &status_columns()
{
	static const std::vector<StatusColumn> columns = {
		{"cpu", {"CPU", Align::right}, [](const CpuState &cpu) { return std::to_string(cpu.cpu); }},
		{"online", {"ONLINE", Align::left},
		 [](const CpuState &cpu) { return std::string(cpu.online ? "yes" : "no"); }},
		{"cr4", {"CR4", Align::right}, [](const CpuState &cpu) { return optional_hex(cpu.cr4); }},
		{"cr4_shadow", {"CR4_SHADOW", Align::right},
		 [](const CpuState &cpu) { return optional_hex(cpu.cr4_shadow); }},
		{"cap", {"CAP", Align::left},
		 [](const CpuState &cpu) {
			 return cpu.virt_capability ? std::string(virt_capability_name(*cpu.virt_capability)) : "-";
		 }},
		{"virt", {"VIRT", Align::left},
		 [](const CpuState &cpu) { return std::string(virt_state_name(cpu.virt.state)); }},
		{"error", {"ERROR", Align::left},
		 [](const CpuState &cpu) { return cpu.virt.error == "none" ? "-" : cpu.virt.error; }},
		{"requests", {"REQUESTS", Align::right},
		 [](const CpuState &cpu) { return std::to_string(cpu.virt.requests); }},
		{"enables", {"ENABLES", Align::right},
		 [](const CpuState &cpu) { return std::to_string(cpu.virt.enables); }},
		{"disables", {"DISABLES", Align::right},
		 [](const CpuState &cpu) { return std::to_string(cpu.virt.disables); }},
		{"emergency", {"EMERGENCY", Align::left},
		 [](const CpuState &cpu) {
			 return cpu.virt.emergency_callback
					? std::string(emergency_owner_name(*cpu.virt.emergency_callback))
					: "-";
		 }},
		{"incoherent", {"INCOHERENT", Align::left},
		 [](const CpuState &cpu) {
			 return cache_cell(cpu, [](const CacheRecord &c) { return std::string(c.incoherent ? "yes" : "no"); });
		 }},
		{"reasons", {"REASONS", Align::left},
		 [](const CpuState &cpu) {
			 return cache_cell(cpu, [](const CacheRecord &c) { return cache_reasons_text(c.reasons); });
		 }},
		{"wbinvds", {"WBINVDS", Align::right},
		 [](const CpuState &cpu) {
			 return cache_cell(cpu, [](const CacheRecord &c) { return std::to_string(c.wbinvds); });
		 }},
		{"cr4_audit", {"CR4_AUDIT", Align::left},
		 [](const CpuState &cpu) {
			 return audit_cell(cpu, [](const Cr4AuditRecord &a) {
				 return a.audits ? cr4_findings_text(a.last_audit) : std::string("-");
			 });
		 }},
		{"findings", {"FINDINGS", Align::right},
		 [](const CpuState &cpu) {
			 return audit_cell(cpu, [](const Cr4AuditRecord &a) { return std::to_string(a.findings); });
		 }},
		{"perturbed", {"PERTURBED", Align::left},
		 [](const CpuState &cpu) {
			 return audit_cell(cpu, [](const Cr4AuditRecord &a) {
				 return a.perturbed_bit ? cr4_bits_text(uint64_t{1} << *a.perturbed_bit) : std::string("-");
			 });
		 }},
	};
	return columns;
}

} // namespace

std::vector<std::string> status_column_names()
{
	std::vector<std::string> names;
	for (const StatusColumn &column : status_columns())
		names.emplace_back(column.name);
	return names;
}

std::vector<std::string> default_status_columns()
{
	return {"cpu", "online", "cr4", "cap", "virt", "error", "incoherent", "cr4_audit"};
}

std::string render_cpus_table(const std::vector<CpuState> &cpus, const std::vector<std::string> &names)
{
	std::vector<const StatusColumn *> chosen;
	for (const std::string &name : names) {
		const auto &all = status_columns();
		const auto found = std::find_if(all.begin(), all.end(),
						[&](const StatusColumn &column) { return name == column.name; });
		if (found == all.end())
			throw std::invalid_argument("unknown column \"" + name + "\"");
		chosen.push_back(&*found);
	}
	std::vector<TableColumn> columns;
	for (const StatusColumn *column : chosen)
		columns.push_back(column->column);
	std::vector<std::vector<std::string>> rows;
	for (const CpuState &cpu : cpus) {
		std::vector<std::string> row;
		for (const StatusColumn *column : chosen)
			row.push_back(column->cell(cpu));
		rows.push_back(row);
	}
	return render_table(columns, rows);
}

namespace {

void bit_names_json(JsonWriter &json, uint64_t value)
{
	json.begin_array();
	for (const std::string &name : cr4_bit_names(value))
		json.value(name);
	json.end_array();
}

void cr4_audit_json(JsonWriter &json, const Cr4AuditRecord &audit)
{
	json.begin_object();
	json.key("audits").value(audit.audits);
	json.key("findings").value(audit.findings);
	json.key("last_audit").begin_array();
	for (const std::string &name : cr4_finding_list(audit.last_audit))
		json.value(name);
	json.end_array();
	json.key("last_audit_ns").value(audit.last_audit_ns);
	json.key("audit_cost_ns").value(audit.audit_cost_ns);
	json.key("last_finding").value(cr4_finding_name(audit.last_finding));
	json.key("last_finding_bits");
	bit_names_json(json, audit.last_finding_bits);
	json.key("last_finding_ns").value(audit.last_finding_ns);
	json.key("pinned_mask").value(hex_string(audit.pinned_mask));
	json.key("pinned_reference").value(hex_string(audit.pinned_reference));
	json.key("perturbed_bit");
	audit.perturbed_bit ? json.value(cr4_bits_text(uint64_t{1} << *audit.perturbed_bit)) : json.null();
	json.end_object();
}

} // namespace

namespace {

// The kernel's own values for one CPU; null where not read.
void kernel_cpu_json(JsonWriter &json, const KernelViewCpu *kernel)
{
	json.begin_object();
	json.key("cr4_shadow");
	kernel && kernel->cr4_shadow ? json.value(hex_string(*kernel->cr4_shadow)) : json.null();
	json.key("cache_state_incoherent");
	kernel && kernel->cache_incoherent ? json.value(*kernel->cache_incoherent) : json.null();
	json.key("virtualization_nr_users");
	kernel && kernel->virt_users ? json.value(int64_t{*kernel->virt_users}) : json.null();
	json.end_object();
}

void kernel_view_json(JsonWriter &json, const KernelView &kernel)
{
	json.key("kernel_view").begin_object();
	json.key("source").value("bpf");
	json.key("error");
	kernel.read() ? json.null() : json.value(kernel.error);
	json.key("variables").begin_object();
	for (const KernelVariable variable : kernel_variables)
		json.key(std::string(kernel_variable_key(variable))).value(kernel_variable_status(kernel, variable));
	json.end_object();
	json.end_object();
}

} // namespace

std::string render_cpus_json(const std::vector<CpuState> &cpus, const KernelView *kernel)
{
	JsonWriter json;
	json.begin_object();
	if (kernel)
		kernel_view_json(json, *kernel);
	json.key("cpus").begin_array();
	for (const CpuState &cpu : cpus) {
		json.begin_object();
		json.key("cpu").value(uint64_t{cpu.cpu});
		json.key("online").value(cpu.online);
		json.key("cr4");
		cpu.cr4 ? json.value(hex_string(*cpu.cr4)) : json.null();
		json.key("cr4_shadow");
		cpu.cr4_shadow ? json.value(hex_string(*cpu.cr4_shadow)) : json.null();
		json.key("cr4_bits");
		if (cpu.cr4)
			bit_names_json(json, *cpu.cr4);
		else
			json.null();
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
		json.key("cr4_audit");
		if (cpu.cr4_audit)
			cr4_audit_json(json, *cpu.cr4_audit);
		else
			json.null();
		if (kernel) {
			json.key("kernel");
			kernel_cpu_json(json, kernel->cpu(cpu.cpu));
		}
		json.end_object();
	}
	json.end_array().end_object();
	return json.str() + '\n';
}

} // namespace cpulab
