// SPDX-License-Identifier: GPL-2.0
#include "protocol_version.h"

#include <string>

#include <netlink/cache.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/family.h>

#include "cpulab.h"
#include "errors.h"

namespace cpulab::netlink {

void require_protocol_version(nl_sock *sock)
{
	nl_cache *families = nullptr;
	if (genl_ctrl_alloc_cache(sock, &families) < 0)
		return;	// no answer is no mismatch: the requests will say what is wrong
	genl_family *family = genl_ctrl_search_by_name(families, CPULAB_FAMILY_NAME);
	const unsigned int version = family ? genl_family_get_version(family) : CPULAB_FAMILY_VERSION;
	if (family)
		genl_family_put(family);
	nl_cache_free(families);
	if (version != CPULAB_FAMILY_VERSION)
		throw CliError(ExitCode::failed, "the loaded cpulab module speaks protocol version " +
							 std::to_string(version) + ", this cpulab speaks " +
							 std::to_string(CPULAB_FAMILY_VERSION) +
							 ": use the CLI built with that module");
}

} // namespace cpulab::netlink
