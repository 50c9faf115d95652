// `ispman process ...`: the work queued for the hosts' agents.
#pragma once

#include "cli/session.h"

namespace Isp::Cli {

void addProcessCommands(CLI::App &app, const GlobalOptions &options, int &exitCode);

} // namespace Isp::Cli
