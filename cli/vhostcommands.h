// `ispman vhost ...` (websites of hosted domains: their aliases, redirects and password-protected
// locations) and `ispman webuser ...` (the web users those locations let in). Passwords and the
// extra Apache configuration are read from files ("-": standard input), never from arguments.
#pragma once

#include "cli/session.h"

namespace Isp::Cli {

void addVhostCommands(CLI::App &app, const GlobalOptions &options, int &exitCode);

} // namespace Isp::Cli
