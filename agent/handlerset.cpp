#include "agent/handlerset.h"

namespace Isp::Agent {

std::vector<std::unique_ptr<Handler>> makeHandlers(const AgentConfig &config)
{
    Q_UNUSED(config);
    std::vector<std::unique_ptr<Handler>> out;
    return out;
}

} // namespace Isp::Agent
