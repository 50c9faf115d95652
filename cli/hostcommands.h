// `ispman host ...` and `ispman hostgroup ...`.
#pragma once

#include "cli/session.h"

namespace Isp::Cli {

void addHostCommands(CLI::App &app, const GlobalOptions &options, int &exitCode);

} // namespace Isp::Cli
