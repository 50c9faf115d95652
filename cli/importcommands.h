// `ispman import-ispman1 FILE`: moves the data of an ISPMan 1.x directory, given as an LDIF
// export of it, into this directory (core/ops/ispman1import.h) and prints the report.
#pragma once

#include "cli/session.h"

namespace Isp::Cli {

void addImportCommands(CLI::App &app, const GlobalOptions &options, int &exitCode);

} // namespace Isp::Cli
