// SPDX-License-Identifier: GPL-2.0
#include "netlink_client.h"

#include <cerrno>
#include <cstring>
#include <string>
#include <utility>

#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>
#include <sys/socket.h>

#include "cpulab.h"
#include "errors.h"
#include "protocol_version.h"

namespace cpulab::netlink {

namespace {

struct Transaction {
	const std::function<void(nl_msg *)> *on_reply;
	std::optional<KernelError> kernel_error;
	std::string protocol_error;
	bool done = false;
};

int on_valid(nl_msg *msg, void *arg)
{
	auto *tx = static_cast<Transaction *>(arg);
	try {
		(*tx->on_reply)(msg);
	} catch (const ProtocolError &e) {
		tx->protocol_error = e.what();
		return NL_STOP;
	}
	return NL_OK;
}

// libnl ignores the error code and extack a dump's NLMSG_DONE may carry.
int on_finish(nl_msg *msg, void *arg)
{
	auto *tx = static_cast<Transaction *>(arg);
	tx->done = true;
	KernelError done = parse_done_message(nlmsg_hdr(msg));
	if (done.error)
		tx->kernel_error = done;
	return NL_STOP;
}

// libnl hands us the nlmsgerr; the header (and so the TLVs) precede it.
int on_error(sockaddr_nl *, nlmsgerr *err, void *arg)
{
	auto *tx = static_cast<Transaction *>(arg);
	const auto *hdr = reinterpret_cast<const nlmsghdr *>(
		reinterpret_cast<const char *>(err) - NLMSG_HDRLEN);
	try {
		tx->kernel_error = parse_error_message(hdr);
	} catch (const ProtocolError &e) {
		tx->protocol_error = e.what();
	}
	tx->done = true;
	return NL_STOP;
}

ExitCode exit_code_for(int error)
{
	return error == EPERM ? ExitCode::permission : ExitCode::failed;
}

std::string describe(const char *what, const KernelError &error)
{
	std::string text = std::string(what) + " failed: " + std::strerror(error.error);
	if (!error.message.empty())
		text += ": " + error.message;
	if (!error.status.empty())
		text += " [" + error.status + "]";
	if (error.error == EPERM)
		text += " (this operation needs CAP_SYS_ADMIN; run it as root)";
	return text;
}

} // namespace

Client::Client()
{
	sock_ = nl_socket_alloc();
	if (!sock_)
		throw CliError(ExitCode::failed, "cannot allocate a netlink socket");
	int ret = genl_connect(sock_);
	if (ret < 0) {
		nl_socket_free(sock_);
		throw CliError(ExitCode::failed,
			       std::string("cannot open a generic netlink socket: ") + nl_geterror(ret));
	}

	// libnl enables neither: without them the kernel's extack text and the
	// offending attribute never reach us, and errors echo the whole request.
	const int one = 1;
	const int fd = nl_socket_get_fd(sock_);
	if (setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one)) < 0 ||
	    setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one)) < 0) {
		const int saved = errno;
		nl_socket_free(sock_);
		throw CliError(ExitCode::failed,
			       std::string("cannot enable netlink extended acks: ") + std::strerror(saved));
	}
	// Replies are the acknowledgement; an extra ACK would trail each do.
	nl_socket_disable_auto_ack(sock_);
	// A STOP reply grows with the CPU count: size each read to its message.
	nl_socket_enable_msg_peek(sock_);

	family_id_ = genl_ctrl_resolve(sock_, CPULAB_FAMILY_NAME);
	if (family_id_ < 0) {
		nl_socket_free(sock_);
		throw CliError(ExitCode::module_missing,
			       "kernel module not loaded (generic netlink family \"" CPULAB_FAMILY_NAME
			       "\" not found); load it with: insmod module/cpulab.ko");
	}
	try {
		require_protocol_version(sock_);
	} catch (...) {
		nl_socket_free(sock_);
		throw;
	}
}

Client::~Client()
{
	nl_socket_free(sock_);
}

void Client::transact(const char *what, NlMsgPtr request,
		      const std::function<void(nl_msg *)> &on_reply)
{
	Transaction tx{&on_reply, std::nullopt, {}, false};
	const bool dump = nlmsg_hdr(request.get())->nlmsg_flags & NLM_F_DUMP;

	int ret = nl_send_auto(sock_, request.get());
	if (ret < 0)
		throw CliError(ExitCode::failed, std::string(what) + ": send failed: " + nl_geterror(ret));

	nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb)
		throw std::bad_alloc();
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, &tx);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, on_finish, &tx);
	nl_cb_err(cb, NL_CB_CUSTOM, on_error, &tx);

	// A do ends with its one reply; a dump ends with NLMSG_DONE.
	do {
		ret = nl_recvmsgs(sock_, cb);
	} while (ret >= 0 && dump && !tx.done && tx.protocol_error.empty());
	nl_cb_put(cb);

	if (!tx.protocol_error.empty())
		throw CliError(ExitCode::failed, std::string(what) + ": " + tx.protocol_error);
	if (tx.kernel_error)
		throw CliError(exit_code_for(tx.kernel_error->error), describe(what, *tx.kernel_error));
	if (ret < 0)
		throw CliError(ExitCode::failed, std::string(what) + ": receive failed: " + nl_geterror(ret));
}


void Client::transact_ack(const char *what, NlMsgPtr request)
{
	transact(what, std::move(request),
		 [](nl_msg *) { throw ProtocolError("unexpected reply message; expected only an ack"); });
}

void Client::request_virt(bool enable, const std::vector<uint32_t> &cpus)
{
	transact_ack(enable ? "VIRT_ENABLE" : "VIRT_DISABLE", build_virt_request(family_id_, enable, cpus));
}

void Client::inject(uint32_t cpu, uint8_t injection)
{
	transact_ack("INJECT", build_inject_request(family_id_, cpu, injection));
}

void Client::cache(bool mark, const std::vector<uint32_t> &cpus)
{
	transact_ack(mark ? "CACHE_MARK" : "CACHE_FLUSH", build_cache_request(family_id_, mark, cpus));
}

template <typename T>
T Client::request(const char *what, NlMsgPtr message, T (*parse)(nl_msg *))
{
	std::optional<T> result;
	transact(what, std::move(message), [&](nl_msg *msg) { result = parse(msg); });
	if (!result)
		throw CliError(ExitCode::failed, std::string(what) + ": the kernel sent no reply");
	return *result;
}

StopResult Client::stop(const StopParams &params)
{
	return request("STOP", build_stop_request(family_id_, params), parse_stop_reply);
}

HotplugResult Client::hotplug(bool online, uint32_t cpu)
{
	return request(online ? "CPU_ONLINE" : "CPU_OFFLINE", build_hotplug_request(family_id_, online, cpu),
		       parse_hotplug_reply);
}

CycleResult Client::cycle(const std::vector<uint32_t> &cpus, uint32_t rounds)
{
	return request("CPU_CYCLE", build_cycle_request(family_id_, cpus, rounds), parse_cycle_reply);
}

Cr4AuditSummary Client::cr4_audit(const std::vector<uint32_t> &cpus)
{
	return request("CR4_AUDIT", build_cr4_audit_request(family_id_, cpus), parse_cr4_audit_reply);
}

Cr4PerturbResult Client::cr4_perturb(uint32_t cpu, std::optional<uint8_t> bit, bool restore)
{
	return request(restore ? "CR4_PERTURB (restore)" : "CR4_PERTURB",
		       build_cr4_perturb_request(family_id_, cpu, bit, restore), parse_cr4_perturb_reply);
}

CpuState Client::get_cpu(uint32_t cpu)
{
	return request("CPU_GET", build_cpu_get_request(family_id_, cpu), parse_cpu_state);
}

std::vector<CpuState> Client::dump_cpus()
{
	std::vector<CpuState> states;
	transact("CPU_GET dump", build_cpu_get_request(family_id_, std::nullopt),
		 [&](nl_msg *msg) { states.push_back(parse_cpu_state(msg)); });
	return states;
}

} // namespace cpulab::netlink
