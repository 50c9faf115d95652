// `ispman directory ...`: create, start, stop and inspect a private ISPMan directory (slapd)
// in a folder — what scripts/demo runs, and what a single-machine installation can use.
#pragma once

#include "cli/session.h"

namespace CLI {
class App;
}

namespace Isp::Cli {

// Adds the `directory` subcommand group to the application.
void addDirectoryCommands(CLI::App &app, const GlobalOptions &options, int &exitCode);

} // namespace Isp::Cli
