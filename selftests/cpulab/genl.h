/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A raw generic netlink client for the selftests: deliberately independent
 * of the CLI's libnl code, so the selftests check the CLI rather than share
 * its bugs. Every receive is bounded by a socket timeout.
 */
#ifndef CPULAB_SELFTEST_GENL_H
#define CPULAB_SELFTEST_GENL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/netlink.h>

#include "cpulab.h"

struct genl_sock {
	int fd;
	uint32_t seq;
	uint16_t family_id;
	uint32_t family_version;
	uint32_t events_group;	/* the "events" multicast group id, 0 if none */
};

/* What the final NLMSG_ERROR/NLMSG_DONE said, extack included. */
struct genl_ack {
	int error;			/* 0 or positive errno */
	char message[256];		/* NLMSGERR_ATTR_MSG, "" if none */
	int status;			/* NLMSGERR_ATTR_COOKIE: enum cpulab_status, -1 if none */
	bool has_offset;
	uint32_t offset;		/* NLMSGERR_ATTR_OFFS: bad attribute's offset */
	bool has_miss_type;
	uint32_t miss_type;		/* NLMSGERR_ATTR_MISS_TYPE */
};

/* Attributes for a request, appended in order. */
struct genl_attrs {
	char buf[1024];
	size_t len;
};

void genl_attrs_put(struct genl_attrs *attrs, uint16_t type, const void *data,
		    uint16_t len);

/* Opens a socket with NETLINK_EXT_ACK and NETLINK_CAP_ACK. 0 or -errno. */
int genl_open(struct genl_sock *sock);
void genl_close(struct genl_sock *sock);

/* Resolves a family through nlctrl. 0, -ENOENT if absent, or -errno. */
int genl_resolve(struct genl_sock *sock, const char *family);

/* Called with each reply message and its attributes parsed into tb. */
typedef void (*genl_reply_fn)(const struct nlattr *const *tb, void *arg);

/*
 * Sends one request (NLM_F_ACK is always added, so every exchange ends with
 * NLMSG_ERROR or NLMSG_DONE) and receives until that end. Returns 0 when the
 * exchange completed (ack->error may still be set), -errno on I/O failure.
 */
int genl_transact(struct genl_sock *sock, uint8_t cmd, uint16_t flags,
		  uint8_t reserved, const struct genl_attrs *attrs,
		  int maxattr, genl_reply_fn fn, void *arg,
		  struct genl_ack *ack);

/*
 * Whether @ack is cpulab's refusal @status naming @cpu as the running
 * kernel can give it: the status in the cookie, and the text
 * "CPU <cpu><tail>", then ": <detail>" when @detail is given (6.2+,
 * formatted extack), or "a CPU<tail>" on 6.1, whose text is static and
 * carries no detail.
 */
bool genl_ack_names_cpu(const struct genl_ack *ack, unsigned int cpu, enum cpulab_status status,
			const char *tail, const char *detail);

/*
 * genl_transact() with the generic netlink header's version chosen by the
 * caller and every reply but the final one ignored: for the fuzzer.
 */
int genl_transact_raw(struct genl_sock *sock, uint8_t cmd, uint8_t version, uint16_t flags,
		      uint8_t reserved, const struct genl_attrs *attrs, struct genl_ack *ack);

/* An attribute's value; 0 if @nla is NULL. */
uint8_t genl_attr_u8(const struct nlattr *nla);
uint32_t genl_attr_u32(const struct nlattr *nla);
uint64_t genl_attr_u64(const struct nlattr *nla);

/* Parses the attributes inside @nest into tb[0..maxattr]. */
void genl_parse_nested(const struct nlattr **tb, int maxattr, const struct nlattr *nest);

/* The attribute after @prev inside @nest (the first if @prev is NULL), or NULL. */
const struct nlattr *genl_nest_next(const struct nlattr *nest, const struct nlattr *prev);

/* Joins the family's "events" group (genl_resolve() first). 0 or -errno. */
int genl_join_events(struct genl_sock *sock);

/*
 * Waits up to @timeout_ms for multicast messages of the family and calls
 * fn for each. Returns how many it delivered (0 on timeout) or -errno
 * (-ENOBUFS: the socket overran and the kernel dropped some).
 */
int genl_receive_events(struct genl_sock *sock, int timeout_ms, int maxattr,
			genl_reply_fn fn, void *arg);

#endif /* CPULAB_SELFTEST_GENL_H */
