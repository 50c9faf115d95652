// `ispman panel link`: a short-lived login link into a domain's customer panel, signed with the
// panel's secret key, for an administrator who opens a customer's panel (docs/panel.md).
#pragma once

#include "cli/session.h"

namespace Isp::Cli {

void addPanelCommands(CLI::App &app, const GlobalOptions &options, int &exitCode);

} // namespace Isp::Cli
