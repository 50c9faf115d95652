// `ispman ldif export|import`: the ISP's data as LDIF, for backups and for copying it into
// another directory of the same schema (core/ops/ldifops.h).
#pragma once

#include "cli/session.h"

namespace Isp::Cli {

void addLdifCommands(CLI::App &app, const GlobalOptions &options, int &exitCode);

} // namespace Isp::Cli
