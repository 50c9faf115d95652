// `ispman user ...` (mail/FTP users, their aliases and forwards) and `ispman mailgroup ...`.
#pragma once

#include "cli/session.h"

namespace Isp::Cli {

void addUserCommands(CLI::App &app, const GlobalOptions &options, int &exitCode);

} // namespace Isp::Cli
