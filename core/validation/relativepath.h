// Paths below a directory ISPMan owns (a vhost's document root "htdocs", script directory
// "cgi-bin"), which agents join to that directory and pass to mkdir, chown and the web server
// configuration. The rules keep the result inside the parent whatever the caller does next:
// relative, no "." or ".." or hidden components, no component starting with '-' (it would read
// as an option), only [A-Za-z0-9._/-], at most 255 characters. Pure functions, thread-safe.
#pragma once

#include "core/validation/validationerror.h"

#include <QString>

namespace Isp::Core::Validate {

inline constexpr qsizetype MaxRelativePathLength = 255;

// "htdocs", "sites/shop/public"; one trailing '/' is removed. Empty components ("a//b") refused.
[[nodiscard]] Validated<QString> relativePath(const QString &field, const QString &value);

} // namespace Isp::Core::Validate
