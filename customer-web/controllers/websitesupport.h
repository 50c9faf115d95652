// What the websites section's two controllers share: websites.cpp (sites, aliases, redirects,
// protected locations) and webusers.cpp (web users). Internal to customer-web/controllers.
#pragma once

#include "customer-web/controllers/controllers.h"

#include "core/model/domain.h"
#include "core/model/vhost.h"

#include <optional>
#include <utility>

namespace Isp::Panel::WebsiteSupport {

// Core's field name -> the form's (empty: the error is shown above the form only).
using FieldMap = QList<std::pair<QString, QString>>;

// A value as one segment of a link: percent-encoded, ':' kept ("www:8080").
QString segment(const QString &value);
// "www.example.com", or "www.example.com:8080" for a site on another port.
QString shownName(const Core::Vhost &v);
// Core's error with its field renamed for the form (and not-found/not-allowed about typed
// input turned into a field error).
Core::OpError forForm(Core::OpError e, const FieldMap &fields);
std::optional<Core::Domain> domainOf(Panel &p, const QString &name);
// The session domain's websites, assembled from the cache.
QList<Core::Vhost> websites(Panel &p, const QString &domain);
QStringList webUserIds(Panel &p, const QString &domain);
// replica / locked / suspended flags of the pages.
void setDomainState(Mustache::data &d, const std::optional<Core::Domain> &domain);

void addSiteRoutes(Panel &panel);
void addWebUserRoutes(Panel &panel);

} // namespace Isp::Panel::WebsiteSupport
