// Opening a domain's customer panel as its owner, for an administrator (`ispman panel link`,
// the console's customer view): who may (whoever may manage the domain's content: admins, its
// reseller and client), and the signed login link the panel accepts (core/acl/signedtoken.h,
// purpose "login", claims d = the domain and by = who opened it, so the panel shows and logs it).
#pragma once

#include "core/ops/directorysession.h"
#include "core/ops/operror.h"

#include <QDateTime>

namespace Isp::Core {

struct PanelLogin
{
    QString domain; // checked and normalized
    QString by;     // the caller's DN
};

// Checks the name, the caller's right and that the domain exists.
OpResult<PanelLogin> authorizePanelLogin(DirectorySession &session, const QString &domain);

// "<panelBase>/login/link?t=<token>"; empty when the key cannot sign (too short).
QString panelLoginLink(const QByteArray &key, const QString &panelBase, const PanelLogin &login, const QDateTime &expires);

} // namespace Isp::Core
