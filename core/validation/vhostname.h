// VhostName: the name of a virtual host inside its domain, as ISPMan 1.x stores it in
// ispmanVhostName: "www" or, for a second site on another port, "www:8080". The site answers to
// <name>.<domain>. Validate::vhostName() checks and normalises it; Validate::vhostAlias() checks
// a ServerAlias, which is either local ("web", served as web.<domain>) or a foreign name
// ("www.example.org"). Pure functions, thread-safe.
#pragma once

#include "core/validation/validationerror.h"

#include <QString>

namespace Isp::Core {

struct VhostName
{
    QString name; // lower case, A-labels, relative to the domain: "www", "shop.eu"
    int port = 0; // 1-65535; 0 when none was given (the web server's default port)

    // "www" or "www:8080": the stored form.
    [[nodiscard]] QString toString() const;
    bool operator==(const VhostName &) const = default;
};

namespace Validate {

// "name" or "name:port": name a relative host name of one or more LDH labels (ISPMan 1.x allowed
// dots), no wildcard, name + "." + domain at most 253 characters; port 1-65535 without leading
// zeros. `domain` as returned by domainName().
[[nodiscard]] Validated<VhostName> vhostName(const QString &field, const QString &value, const QString &domain);

// A local alias is a single label (no dot) and is returned as such; anything with a dot is a fully
// qualified foreign name (a trailing dot is removed) with at least two labels. Lower case,
// A-labels, no wildcards.
[[nodiscard]] Validated<QString> vhostAlias(const QString &field, const QString &value, const QString &domain);

} // namespace Validate
} // namespace Isp::Core
