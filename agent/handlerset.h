// The handlers an agent runs, from its configuration: every service whose handler is enabled.
#pragma once

#include "agent/agentconfig.h"
#include "agent/handler.h"

#include <memory>
#include <vector>

namespace Isp::Agent {

std::vector<std::unique_ptr<Handler>> makeHandlers(const AgentConfig &config);

} // namespace Isp::Agent
