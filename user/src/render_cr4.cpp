// SPDX-License-Identifier: GPL-2.0
#include "render_cr4.h"

#include "cr4_names.h"
#include "json_writer.h"
#include "table.h"

namespace cpulab {

namespace {

// What an audit found on a CPU, with the bits: "shadow-mismatch:pce".
std::string finding_detail(const Cr4AuditRecord &audit)
{
	if (!audit.last_audit)
		return "clean";
	std::string text = cr4_findings_text(audit.last_audit);
	if (audit.last_finding != 0 && (audit.last_audit & (1u << audit.last_finding)))
		text += ":" + cr4_bits_text(audit.last_finding_bits);
	return text;
}

// Bits by name: "+pce -smep" for what @value has beyond or lacks against @reference.
std::string difference(uint64_t value, uint64_t reference)
{
	std::string text;
	for (const std::string &name : cr4_bit_names(value & ~reference))
		text += (text.empty() ? "+" : " +") + name;
	for (const std::string &name : cr4_bit_names(reference & ~value))
		text += (text.empty() ? "-" : " -") + name;
	return text;
}

void names_json(JsonWriter &json, const std::vector<std::string> &names)
{
	json.begin_array();
	for (const std::string &name : names)
		json.value(name);
	json.end_array();
}

} // namespace

std::string render_cr4_table(const Cr4AuditSummary &summary, const std::vector<CpuState> &cpus)
{
	const std::vector<TableColumn> columns = {
		{"CPU", Align::right},	  {"CR4", Align::right},	{"SHADOW", Align::right},
		{"AUDIT", Align::left},	  {"FINDINGS", Align::right}, {"COST_NS", Align::right},
	};
	std::vector<std::vector<std::string>> rows;
	const CpuState *first = nullptr;
	for (const CpuState &cpu : cpus) {
		if (!cpu.online || !cpu.cr4_audit)
			continue;
		if (!first)
			first = &cpu;
		rows.push_back({std::to_string(cpu.cpu), hex_string(*cpu.cr4), optional_hex(cpu.cr4_shadow),
				finding_detail(*cpu.cr4_audit), std::to_string(cpu.cr4_audit->findings),
				std::to_string(cpu.cr4_audit->audit_cost_ns)});
	}
	std::string out = render_table(columns, rows);
	if (first) {
		out += "CR4 of CPU " + std::to_string(first->cpu) + ": " + cr4_bits_text(*first->cr4) + "\n";
		for (const CpuState &cpu : cpus)
			if (cpu.online && cpu.cr4 && *cpu.cr4 != *first->cr4)
				out += "CR4 of CPU " + std::to_string(cpu.cpu) + " against CPU " +
				       std::to_string(first->cpu) + ": " + difference(*cpu.cr4, *first->cr4) + "\n";
	}
	out += "pinned by this kernel: " + cr4_bits_text(summary.pinned_mask) +
	       "; set on the boot CPU: " + cr4_bits_text(summary.pinned_reference) + "\n";
	out += std::to_string(summary.audited) + " CPUs audited, " + std::to_string(summary.findings) +
	       " findings\n";
	return out;
}

std::string render_cr4_json(const Cr4AuditSummary &summary, const std::vector<CpuState> &cpus)
{
	JsonWriter json;
	json.begin_object();
	json.key("audited").value(uint64_t{summary.audited});
	json.key("findings").value(summary.findings);
	json.key("pinned_mask").value(hex_string(summary.pinned_mask));
	json.key("pinned_bits");
	names_json(json, cr4_bit_names(summary.pinned_mask));
	json.key("pinned_reference").value(hex_string(summary.pinned_reference));
	json.key("cpus").begin_array();
	for (const CpuState &cpu : cpus) {
		if (!cpu.online || !cpu.cr4_audit)
			continue;
		const Cr4AuditRecord &audit = *cpu.cr4_audit;
		json.begin_object();
		json.key("cpu").value(uint64_t{cpu.cpu});
		json.key("cr4").value(hex_string(*cpu.cr4));
		json.key("cr4_shadow");
		cpu.cr4_shadow ? json.value(hex_string(*cpu.cr4_shadow)) : json.null();
		json.key("cr4_bits");
		names_json(json, cr4_bit_names(*cpu.cr4));
		json.key("findings");
		names_json(json, cr4_finding_list(audit.last_audit));
		json.key("finding_bits");
		names_json(json, audit.last_audit ? cr4_bit_names(audit.last_finding_bits) : std::vector<std::string>{});
		json.key("findings_total").value(audit.findings);
		json.key("audits").value(audit.audits);
		json.key("audit_cost_ns").value(audit.audit_cost_ns);
		json.key("perturbed_bit");
		audit.perturbed_bit ? json.value(cr4_bits_text(uint64_t{1} << *audit.perturbed_bit)) : json.null();
		json.end_object();
	}
	json.end_array().end_object();
	return json.str() + '\n';
}

std::string render_cr4_perturb_line(const Cr4PerturbResult &result, bool restore)
{
	return "CPU " + std::to_string(result.cpu) + ": CR4." + cr4_bits_text(uint64_t{1} << result.bit) +
	       (restore ? " restored to the shadow's value" : " flipped in hardware only") + "; CR4 now " +
	       hex_string(result.cr4) + "\n";
}

std::string render_cr4_perturb_json(const Cr4PerturbResult &result, bool restore)
{
	JsonWriter json;
	json.begin_object();
	json.key("cpu").value(uint64_t{result.cpu});
	json.key("bit").value(cr4_bits_text(uint64_t{1} << result.bit));
	json.key("action").value(restore ? "restore" : "perturb");
	json.key("cr4").value(hex_string(result.cr4));
	json.end_object();
	return json.str() + '\n';
}

} // namespace cpulab
