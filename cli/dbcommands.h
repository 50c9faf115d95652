// `ispman db ...`: customer databases (MariaDB) of hosted domains.
#pragma once

#include "cli/session.h"

namespace Isp::Cli {

void addDatabaseCommands(CLI::App &app, const GlobalOptions &options, int &exitCode);

} // namespace Isp::Cli
