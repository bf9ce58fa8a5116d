// SPDX-License-Identifier: GPL-2.0
#pragma once

struct nl_sock;

namespace cpulab::netlink {

// Throws CliError when the loaded module's family speaks another protocol
// version than this CLI was built for (CPULAB_FAMILY_VERSION), naming
// both: its replies and events would be laid out otherwise (version 3
// moved every object into a nest of its own), and misread. The family's
// version comes from the controller's family dump on @sock.
void require_protocol_version(nl_sock *sock);

} // namespace cpulab::netlink
