// `ispman service list|passwd|delete`: the accounts Postfix, Dovecot, pure-ftpd, PowerDNS and
// the panel bind as (docs/permissions.md).
#pragma once

#include "cli/session.h"

namespace Isp::Cli {

void addServiceCommands(CLI::App &app, const GlobalOptions &options, int &exitCode);

} // namespace Isp::Cli
