// `ispman domain ...`.
#pragma once

#include "cli/session.h"

namespace Isp::Cli {

void addDomainCommands(CLI::App &app, const GlobalOptions &options, int &exitCode);

} // namespace Isp::Cli
