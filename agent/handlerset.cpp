#include "agent/handlerset.h"

#include "agent/handlers/dnshandler.h"
#include "agent/handlers/fileshandler.h"
#include "agent/handlers/mailhandler.h"
#include "agent/handlers/mariadbhandler.h"
#include "agent/handlers/webhandler.h"

namespace Isp::Agent {

std::vector<std::unique_ptr<Handler>> makeHandlers(const AgentConfig &config)
{
    std::vector<std::unique_ptr<Handler>> out;
    if (config.files.enabled)
        out.push_back(std::make_unique<FilesHandler>());
    if (config.mail.enabled)
        out.push_back(std::make_unique<MailHandler>());
    if (config.dns.enabled)
        out.push_back(std::make_unique<DnsHandler>());
    if (config.web.enabled)
        out.push_back(std::make_unique<WebHandler>());
    if (config.mariadb.enabled)
        out.push_back(std::make_unique<MariadbHandler>());
    return out;
}

} // namespace Isp::Agent
