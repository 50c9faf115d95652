// `ispman acl ...`: the permissions model compiled into slapd access rules.
#pragma once

#include "cli/session.h"

namespace Isp::Cli {

void addAclCommands(CLI::App &app, const GlobalOptions &options, int &exitCode);

} // namespace Isp::Cli
