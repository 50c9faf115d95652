// What the mail section's two controllers share: mail.cpp (mail users) and mailgroups.cpp
// (mail groups, signature). Internal to customer-web/controllers.
#pragma once

#include "customer-web/controllers/controllers.h"

#include "core/model/domain.h"
#include "core/model/mailuser.h"

#include <optional>

namespace Isp::Panel::MailSupport {

using M = Request::Method;
using A = Panel::Access;
using Failed = std::function<Response(const Request &, const Core::OpError &)>;

// The value among `values` that `id` (idOf) names, if any.
std::optional<QString> valueOf(const QStringList &values, const QString &id);
// Template rows {value, id} for a list of stored values.
Mustache::data values(const QStringList &list);
std::optional<Core::Domain> sessionDomain(Panel &p, const Request &r);
// The domain's mail groups from the cache, and one by name (case-insensitive).
QList<Core::MailGroup> groups(Panel &p, const QString &domain);
std::optional<Core::MailGroup> findGroup(Panel &p, const QString &domain, const QString &name);

void addUserRoutes(Panel &panel);
void addGroupRoutes(Panel &panel);
void addSignatureRoutes(Panel &panel);

} // namespace Isp::Panel::MailSupport
