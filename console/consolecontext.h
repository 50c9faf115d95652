// ConsoleContext: what every part of the console is given (no singletons): the live view of
// the directory, the backend that runs core operations, the command stack, and the layout.
#pragma once

#include "console/backend.h"
#include "console/command.h"
#include "console/livedirectory.h"
#include "core/model/dit.h"

namespace Isp::Console {

struct ConsoleContext
{
    LiveDirectory *live = nullptr;
    Backend *backend = nullptr;
    CommandStack *commands = nullptr;
    Core::Dit dit{Core::LdapDn()};
    // The admin's bind DN, and the customer panel's address when one is configured.
    QString bindDn;
    QString panelUrl;
    QByteArray panelKey; // the panel's session key, to sign login links (empty: no customer view)
    // Ask before deleting (off in tests).
    bool confirmDestructive = true;
};

} // namespace Isp::Console
