// The Apache "Options" words a document root or script directory may carry, from an allow-list:
// Indexes, FollowSymLinks, SymLinksIfOwnerMatch, MultiViews, ExecCGI, Includes, IncludesNOEXEC,
// None. "All" and the "+Word"/"-Word" forms are refused, so the stored words are complete and
// never merge with inherited ones. Whether a given customer may have ExecCGI is the caller's
// policy. Pure functions, thread-safe.
#pragma once

#include "core/validation/validationerror.h"

#include <QString>
#include <QStringList>

namespace Isp::Core::Validate {

// Words in any case, canonical spelling returned ("indexes" -> "Indexes"), duplicates removed,
// order kept. "None" only on its own. At least one word.
[[nodiscard]] Validated<QStringList> apacheOptions(const QString &field, const QStringList &words);
// The same for one string of words separated by spaces ("Indexes FollowSymLinks").
[[nodiscard]] Validated<QStringList> apacheOptions(const QString &field, const QString &value);

} // namespace Isp::Core::Validate
