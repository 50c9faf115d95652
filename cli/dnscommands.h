// `ispman dns ...`: zones and their records, zone file export and import.
#pragma once

#include "cli/session.h"

namespace Isp::Cli {

void addDnsCommands(CLI::App &app, const GlobalOptions &options, int &exitCode);

} // namespace Isp::Cli
