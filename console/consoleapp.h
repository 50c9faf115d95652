// runConsole(): what ispman-console's main() does — read the command line, connect (checking
// the bind first, with a clear message for a wrong password or an unreachable server), build
// the LiveDirectory, Backend and CommandStack, show the MainWindow and run the event loop.
#pragma once

#include "core/ldap/ldapconnection.h"
#include "core/ops/operror.h"

class QApplication;

namespace Isp::Console {

int runConsole(QApplication &app);

// Binds with `settings` once and says what is wrong, in words an admin can act on: the
// password, the server's address, TLS, or rights. Blocks (use before the window is shown, or
// on a worker).
Core::OpResult<QString> checkConnection(const Core::LdapConnectionSettings &settings);

// The customer view's options: the panel's address (http or https, no query) and its key file
// (as the panel reads it: private, long enough). Yields the key (empty when no file is given).
Core::OpResult<QByteArray> checkPanelOptions(const QString &panelUrl, const QString &keyFile);

} // namespace Isp::Console
