// SPDX-License-Identifier: GPL-2.0
#include "event_listener.h"

#include <cerrno>
#include <cstring>
#include <string>

#include <linux/genetlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>
#include <poll.h>

#include "cpulab.h"
#include "errors.h"
#include "netlink_codec.h"
#include "protocol_version.h"

namespace cpulab::netlink {

namespace {

struct Delivery {
	int family_id = 0;
	const std::function<bool(const Event &)> *on_event = nullptr;
	bool stop = false;
	bool module_gone = false;
	std::string protocol_error;
};

// nlctrl announces CTRL_CMD_DELFAMILY on "notify" when a family unregisters.
bool is_our_family_removed(nl_msg *msg)
{
	const genlmsghdr *genl = static_cast<const genlmsghdr *>(nlmsg_data(nlmsg_hdr(msg)));
	if (genl->cmd != CTRL_CMD_DELFAMILY)
		return false;
	nlattr *tb[CTRL_ATTR_MAX + 1] = {};
	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, CTRL_ATTR_MAX, nullptr) < 0 || !tb[CTRL_ATTR_FAMILY_NAME])
		return false;
	return std::strcmp(nla_get_string(tb[CTRL_ATTR_FAMILY_NAME]), CPULAB_FAMILY_NAME) == 0;
}

int on_message(nl_msg *msg, void *arg)
{
	auto *delivery = static_cast<Delivery *>(arg);
	const int type = nlmsg_hdr(msg)->nlmsg_type;
	if (type == GENL_ID_CTRL) {
		if (is_our_family_removed(msg)) {
			delivery->module_gone = true;
			return NL_STOP;
		}
		return NL_OK;
	}
	if (type != delivery->family_id)
		return NL_OK;
	try {
		if (!(*delivery->on_event)(parse_event(msg))) {
			delivery->stop = true;
			return NL_STOP;
		}
	} catch (const ProtocolError &e) {
		delivery->protocol_error = e.what();
		return NL_STOP;
	}
	return NL_OK;
}

int accept_any_sequence(nl_msg *, void *)
{
	return NL_OK;
}

int resolve_group(nl_sock *sock, const char *family, const char *group)
{
	const int id = genl_ctrl_resolve_grp(sock, family, group);
	if (id < 0)
		throw CliError(ExitCode::failed, std::string("cannot resolve multicast group ") + family + "/" +
							 group + ": " + nl_geterror(id));
	return id;
}

void join(nl_sock *sock, int group_id, const char *name)
{
	const int ret = nl_socket_add_membership(sock, group_id);
	if (ret < 0)
		throw CliError(ExitCode::failed, std::string("cannot join multicast group ") + name + ": " +
							 nl_geterror(ret));
}

} // namespace

EventListener::EventListener()
{
	sock_ = nl_socket_alloc();
	if (!sock_)
		throw CliError(ExitCode::failed, "cannot allocate a netlink socket");
	try {
		const int ret = genl_connect(sock_);
		if (ret < 0)
			throw CliError(ExitCode::failed,
				       std::string("cannot open a generic netlink socket: ") + nl_geterror(ret));
		family_id_ = genl_ctrl_resolve(sock_, CPULAB_FAMILY_NAME);
		if (family_id_ < 0)
			throw CliError(ExitCode::module_missing,
				       "kernel module not loaded (generic netlink family \"" CPULAB_FAMILY_NAME
				       "\" not found); load it with: insmod cpulab.ko");
		require_protocol_version(sock_);
		// Both resolved before either is joined: once a group is joined,
		// its messages can arrive where the controller's reply to the
		// next lookup is expected, and libnl then fails the lookup (the
		// lifetime loop caught it: "nlctrl/notify: Object not found").
		const int events = resolve_group(sock_, CPULAB_FAMILY_NAME, CPULAB_MCGRP_EVENTS);
		const int notify = resolve_group(sock_, "nlctrl", "notify");
		join(sock_, events, CPULAB_FAMILY_NAME "/" CPULAB_MCGRP_EVENTS);
		join(sock_, notify, "nlctrl/notify");
		// Room for a burst (every CPU cycling) before the kernel drops.
		nl_socket_set_buffer_size(sock_, 1 << 20, 0);
	} catch (...) {
		nl_socket_free(sock_);
		throw;
	}
}

EventListener::~EventListener()
{
	nl_socket_free(sock_);
}

EventListener::End EventListener::run(int stop_fd, const std::function<bool(const Event &)> &on_event,
				      const std::function<void()> &on_overrun)
{
	Delivery delivery;
	delivery.family_id = family_id_;
	delivery.on_event = &on_event;
	nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb)
		throw CliError(ExitCode::failed, "cannot allocate netlink callbacks");
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_message, &delivery);
	// Events are not replies: they carry sequence number 0.
	nl_cb_set(cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, accept_any_sequence, nullptr);

	End end = End::interrupted;
	for (;;) {
		pollfd fds[2] = {{nl_socket_get_fd(sock_), POLLIN, 0}, {stop_fd, POLLIN, 0}};
		if (poll(fds, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			nl_cb_put(cb);
			throw CliError(ExitCode::failed, std::string("poll: ") + std::strerror(errno));
		}
		if (fds[1].revents)
			break;
		const int ret = nl_recvmsgs(sock_, cb);
		// libnl maps ENOBUFS to NLE_NOMEM: the socket overran and the
		// kernel dropped events addressed to it.
		if (ret == -NLE_NOMEM) {
			on_overrun();
			continue;
		}
		if (!delivery.protocol_error.empty()) {
			nl_cb_put(cb);
			throw CliError(ExitCode::failed, "bad event from the kernel: " + delivery.protocol_error);
		}
		if (delivery.module_gone) {
			end = End::module_gone;
			break;
		}
		if (delivery.stop) {
			end = End::stopped;
			break;
		}
		if (ret < 0 && ret != -NLE_AGAIN && ret != -NLE_INTR) {
			nl_cb_put(cb);
			throw CliError(ExitCode::failed, std::string("receiving events: ") + nl_geterror(ret));
		}
	}
	nl_cb_put(cb);
	return end;
}

} // namespace cpulab::netlink
