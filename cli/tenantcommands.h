// `ispman reseller ...`, `ispman client ...`, `ispman admin ...` and `ispman conf ...`.
// Passwords are read from a file (--new-password-file FILE, "-" for the first line of stdin),
// never from the command line, where `ps` would show them.
#pragma once

#include "cli/session.h"

namespace Isp::Cli {

void addTenantCommands(CLI::App &app, const GlobalOptions &options, int &exitCode);

} // namespace Isp::Cli
