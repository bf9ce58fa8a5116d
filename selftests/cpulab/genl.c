// SPDX-License-Identifier: GPL-2.0
#include "genl.h"

#include <errno.h>
#include <stdio.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <linux/genetlink.h>

#define GENL_RECV_BUF (64 * 1024)
#define GENL_RECV_TIMEOUT_SEC 10

void genl_attrs_put(struct genl_attrs *attrs, uint16_t type, const void *data,
		    uint16_t len)
{
	struct nlattr *nla = (struct nlattr *)(attrs->buf + attrs->len);
	size_t total = NLA_ALIGN(NLA_HDRLEN + len);

	if (attrs->len + total > sizeof(attrs->buf))
		return;
	nla->nla_type = type;
	nla->nla_len = NLA_HDRLEN + len;
	memset((char *)nla + NLA_HDRLEN, 0, total - NLA_HDRLEN);
	if (len)
		memcpy((char *)nla + NLA_HDRLEN, data, len);
	attrs->len += total;
}

int genl_open(struct genl_sock *sock)
{
	struct timeval timeout = { .tv_sec = GENL_RECV_TIMEOUT_SEC };
	struct sockaddr_nl addr = { .nl_family = AF_NETLINK };
	int one = 1;

	memset(sock, 0, sizeof(*sock));
	sock->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (sock->fd < 0)
		return -errno;
	if (bind(sock->fd, (struct sockaddr *)&addr, sizeof(addr)) < 0 ||
	    setsockopt(sock->fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one)) < 0 ||
	    setsockopt(sock->fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one)) < 0 ||
	    setsockopt(sock->fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout)) < 0) {
		int saved = -errno;

		close(sock->fd);
		sock->fd = -1;
		return saved;
	}
	return 0;
}

void genl_close(struct genl_sock *sock)
{
	if (sock->fd >= 0)
		close(sock->fd);
	sock->fd = -1;
}

static void parse_attrs(const struct nlattr **tb, int maxattr, const char *start,
			size_t len)
{
	const struct nlattr *nla = (const struct nlattr *)start;

	memset(tb, 0, sizeof(*tb) * (maxattr + 1));
	while (len >= NLA_HDRLEN && nla->nla_len >= NLA_HDRLEN && nla->nla_len <= len) {
		int type = nla->nla_type & NLA_TYPE_MASK;

		if (type <= maxattr)
			tb[type] = nla;
		len -= NLA_ALIGN(nla->nla_len) < len ? NLA_ALIGN(nla->nla_len) : len;
		nla = (const struct nlattr *)((const char *)nla + NLA_ALIGN(nla->nla_len));
	}
}

/* NL_SET_ERR_MSG_FMT() came in 6.2: before it, an extack cannot name a CPU. */
static bool kernel_formats_extack(void)
{
	unsigned int major = 0, minor = 0;
	struct utsname name;

	if (uname(&name) || sscanf(name.release, "%u.%u", &major, &minor) != 2)
		return true;
	return major > 6 || (major == 6 && minor >= 2);
}

bool genl_ack_names_cpu(const struct genl_ack *ack, unsigned int cpu, enum cpulab_status status,
			const char *tail, const char *detail)
{
	char want[sizeof(ack->message)];

	if (ack->status != (int)status)
		return false;
	if (kernel_formats_extack())
		snprintf(want, sizeof(want), "CPU %u%s%s%s", cpu, tail, detail ? ": " : "",
			 detail ? detail : "");
	else
		snprintf(want, sizeof(want), "a CPU%s", tail);
	return !strcmp(ack->message, want);
}

uint8_t genl_attr_u8(const struct nlattr *nla)
{
	return nla ? *((const uint8_t *)nla + NLA_HDRLEN) : 0;
}

uint32_t genl_attr_u32(const struct nlattr *nla)
{
	uint32_t value = 0;

	if (nla)
		memcpy(&value, (const char *)nla + NLA_HDRLEN, sizeof(value));
	return value;
}

uint64_t genl_attr_u64(const struct nlattr *nla)
{
	uint64_t value = 0;

	if (nla)
		memcpy(&value, (const char *)nla + NLA_HDRLEN, sizeof(value));
	return value;
}

void genl_parse_nested(const struct nlattr **tb, int maxattr, const struct nlattr *nest)
{
	parse_attrs(tb, maxattr, (const char *)nest + NLA_HDRLEN, nest->nla_len - NLA_HDRLEN);
}

const struct nlattr *genl_nest_next(const struct nlattr *nest, const struct nlattr *prev)
{
	const char *end = (const char *)nest + nest->nla_len;
	const struct nlattr *next = prev ? (const struct nlattr *)((const char *)prev + NLA_ALIGN(prev->nla_len))
					 : (const struct nlattr *)((const char *)nest + NLA_HDRLEN);

	if ((const char *)next + NLA_HDRLEN > end || next->nla_len < NLA_HDRLEN ||
	    (const char *)next + next->nla_len > end)
		return NULL;
	return next;
}

/*
 * @nla's payload as a C string in @dst, cut to fit (the message, NUL
 * included). Leaves @dst as it is without @nla.
 */
static void copy_attr_text(char *dst, size_t size, const struct nlattr *nla)
{
	size_t len;

	if (!nla)
		return;
	len = nla->nla_len - NLA_HDRLEN;
	if (len >= size)
		len = size - 1;
	memcpy(dst, (const char *)nla + NLA_HDRLEN, len);
	dst[len] = '\0';
}

/* Extack TLVs of an NLMSG_ERROR or NLMSG_DONE (netlink_ack(), netlink_dump_done()). */
static void parse_ack(const struct nlmsghdr *nlh, int error, size_t tlv_offset,
		      struct genl_ack *ack)
{
	const struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];

	ack->error = -error;
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS) || nlh->nlmsg_len <= tlv_offset)
		return;
	parse_attrs(tb, NLMSGERR_ATTR_MAX, (const char *)nlh + tlv_offset,
		    nlh->nlmsg_len - tlv_offset);
	copy_attr_text(ack->message, sizeof(ack->message), tb[NLMSGERR_ATTR_MSG]);
	/* cpulab's cookie is the status's number, a u32 (cpulab_set_status_cookie()). */
	if (tb[NLMSGERR_ATTR_COOKIE] && tb[NLMSGERR_ATTR_COOKIE]->nla_len == NLA_HDRLEN + 4)
		ack->status = (int)genl_attr_u32(tb[NLMSGERR_ATTR_COOKIE]);
	if (tb[NLMSGERR_ATTR_OFFS]) {
		ack->has_offset = true;
		memcpy(&ack->offset, (const char *)tb[NLMSGERR_ATTR_OFFS] + NLA_HDRLEN, 4);
	}
	if (tb[NLMSGERR_ATTR_MISS_TYPE]) {
		ack->has_miss_type = true;
		memcpy(&ack->miss_type, (const char *)tb[NLMSGERR_ATTR_MISS_TYPE] + NLA_HDRLEN, 4);
	}
}

static int genl_send(struct genl_sock *sock, uint16_t type, uint8_t cmd,
		     uint8_t version, uint16_t flags, uint8_t reserved,
		     const struct genl_attrs *attrs)
{
	char buf[NLMSG_HDRLEN + GENL_HDRLEN + sizeof(attrs->buf)];
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct genlmsghdr *genl = (struct genlmsghdr *)(buf + NLMSG_HDRLEN);
	size_t attrs_len = attrs ? attrs->len : 0;
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };

	memset(buf, 0, NLMSG_HDRLEN + GENL_HDRLEN);
	nlh->nlmsg_len = NLMSG_HDRLEN + GENL_HDRLEN + attrs_len;
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	nlh->nlmsg_seq = ++sock->seq;
	genl->cmd = cmd;
	genl->version = version;
	genl->reserved = reserved;
	if (attrs_len)
		memcpy(buf + NLMSG_HDRLEN + GENL_HDRLEN, attrs->buf, attrs_len);
	if (sendto(sock->fd, buf, nlh->nlmsg_len, 0, (struct sockaddr *)&kernel,
		   sizeof(kernel)) < 0)
		return -errno;
	return 0;
}

static int genl_receive(struct genl_sock *sock, int maxattr, genl_reply_fn fn,
			void *arg, struct genl_ack *ack)
{
	static char buf[GENL_RECV_BUF];
	const struct nlattr *tb[256];

	if (maxattr > 255)
		return -EINVAL;
	for (;;) {
		ssize_t len = recv(sock->fd, buf, sizeof(buf), 0);
		const struct nlmsghdr *nlh = (const struct nlmsghdr *)buf;

		if (len < 0)
			return -errno;
		for (; NLMSG_OK(nlh, len); nlh = NLMSG_NEXT(nlh, len)) {
			if (nlh->nlmsg_seq != sock->seq)
				continue;
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *err = NLMSG_DATA(nlh);
				size_t offset = NLMSG_HDRLEN + sizeof(*err);

				if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
					offset += NLMSG_ALIGN(err->msg.nlmsg_len) - NLMSG_HDRLEN;
				parse_ack(nlh, err->error, offset, ack);
				return 0;
			}
			if (nlh->nlmsg_type == NLMSG_DONE) {
				int error = 0;

				if (nlh->nlmsg_len >= NLMSG_HDRLEN + sizeof(int))
					memcpy(&error, NLMSG_DATA(nlh), sizeof(int));
				parse_ack(nlh, error, NLMSG_HDRLEN + sizeof(int), ack);
				return 0;
			}
			if (fn) {
				parse_attrs(tb, maxattr, (const char *)NLMSG_DATA(nlh) + GENL_HDRLEN,
					    nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN);
				fn(tb, arg);
			}
		}
	}
}

int genl_transact(struct genl_sock *sock, uint8_t cmd, uint16_t flags,
		  uint8_t reserved, const struct genl_attrs *attrs,
		  int maxattr, genl_reply_fn fn, void *arg, struct genl_ack *ack)
{
	int ret;

	memset(ack, 0, sizeof(*ack));
	ack->status = -1;
	ret = genl_send(sock, sock->family_id, cmd, sock->family_version, flags,
			reserved, attrs);
	if (ret)
		return ret;
	return genl_receive(sock, maxattr, fn, arg, ack);
}

int genl_transact_raw(struct genl_sock *sock, uint8_t cmd, uint8_t version, uint16_t flags,
		      uint8_t reserved, const struct genl_attrs *attrs, struct genl_ack *ack)
{
	int ret;

	memset(ack, 0, sizeof(*ack));
	ret = genl_send(sock, sock->family_id, cmd, version, flags, reserved, attrs);
	if (ret)
		return ret;
	return genl_receive(sock, 0, NULL, NULL, ack);
}

struct family_lookup {
	uint16_t id;
	uint32_t version;
	uint32_t events_group;
};

/* CTRL_ATTR_MCAST_GROUPS: a nest of nests, each a group's name and id. */
static void find_events_group(const struct nlattr *groups, struct family_lookup *lookup)
{
	const struct nlattr *group = (const struct nlattr *)((const char *)groups + NLA_HDRLEN);
	size_t len = groups->nla_len - NLA_HDRLEN;

	while (len >= NLA_HDRLEN && group->nla_len >= NLA_HDRLEN && group->nla_len <= len) {
		const struct nlattr *tb[CTRL_ATTR_MCAST_GRP_MAX + 1];

		parse_attrs(tb, CTRL_ATTR_MCAST_GRP_MAX, (const char *)group + NLA_HDRLEN,
			    group->nla_len - NLA_HDRLEN);
		if (tb[CTRL_ATTR_MCAST_GRP_NAME] && tb[CTRL_ATTR_MCAST_GRP_ID] &&
		    !strcmp((const char *)tb[CTRL_ATTR_MCAST_GRP_NAME] + NLA_HDRLEN, "events"))
			memcpy(&lookup->events_group,
			       (const char *)tb[CTRL_ATTR_MCAST_GRP_ID] + NLA_HDRLEN, 4);
		len -= NLA_ALIGN(group->nla_len) < len ? NLA_ALIGN(group->nla_len) : len;
		group = (const struct nlattr *)((const char *)group + NLA_ALIGN(group->nla_len));
	}
}

static void on_family(const struct nlattr *const *tb, void *arg)
{
	struct family_lookup *lookup = arg;

	if (tb[CTRL_ATTR_FAMILY_ID])
		memcpy(&lookup->id, (const char *)tb[CTRL_ATTR_FAMILY_ID] + NLA_HDRLEN, 2);
	if (tb[CTRL_ATTR_VERSION])
		memcpy(&lookup->version, (const char *)tb[CTRL_ATTR_VERSION] + NLA_HDRLEN, 4);
	if (tb[CTRL_ATTR_MCAST_GROUPS])
		find_events_group(tb[CTRL_ATTR_MCAST_GROUPS], lookup);
}

int genl_resolve(struct genl_sock *sock, const char *family)
{
	struct family_lookup lookup = { 0 };
	struct genl_attrs attrs = { .len = 0 };
	struct genl_ack ack;
	int ret;

	genl_attrs_put(&attrs, CTRL_ATTR_FAMILY_NAME, family, strlen(family) + 1);
	memset(&ack, 0, sizeof(ack));
	ret = genl_send(sock, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1, 0, 0, &attrs);
	if (ret)
		return ret;
	ret = genl_receive(sock, CTRL_ATTR_MAX, on_family, &lookup, &ack);
	if (ret)
		return ret;
	if (ack.error)
		return -ack.error;
	if (!lookup.id)
		return -ENOENT;
	sock->family_id = lookup.id;
	sock->family_version = lookup.version;
	sock->events_group = lookup.events_group;
	return 0;
}

int genl_join_events(struct genl_sock *sock)
{
	if (!sock->events_group)
		return -ENOENT;
	if (setsockopt(sock->fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP,
		       &sock->events_group, sizeof(sock->events_group)) < 0)
		return -errno;
	return 0;
}

int genl_receive_events(struct genl_sock *sock, int timeout_ms, int maxattr,
			genl_reply_fn fn, void *arg)
{
	static char buf[GENL_RECV_BUF];
	const struct nlattr *tb[256];
	struct pollfd pfd = { .fd = sock->fd, .events = POLLIN };
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)buf;
	int delivered = 0;
	ssize_t len;
	int ready;

	if (maxattr > 255)
		return -EINVAL;
	ready = poll(&pfd, 1, timeout_ms);
	if (ready <= 0)
		return ready < 0 ? -errno : 0;
	len = recv(sock->fd, buf, sizeof(buf), 0);
	if (len < 0)
		return -errno;
	for (; NLMSG_OK(nlh, len); nlh = NLMSG_NEXT(nlh, len)) {
		/* Multicast: sequence 0, port 0, the family's type. */
		if (nlh->nlmsg_type != sock->family_id || nlh->nlmsg_seq != 0)
			continue;
		parse_attrs(tb, maxattr, (const char *)NLMSG_DATA(nlh) + GENL_HDRLEN,
			    nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN);
		fn(tb, arg);
		delivered++;
	}
	return delivered;
}
