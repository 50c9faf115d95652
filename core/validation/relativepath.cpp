#include "core/validation/relativepath.h"

#include "core/validation/validationinternal_p.h"

#include <QStringList>

using namespace Qt::StringLiterals;

namespace Isp::Core::Validate {

using namespace Internal;

Validated<QString> relativePath(const QString &field, const QString &value)
{
    const Subject subject(field, value, u"relative path"_s);
    if (const auto e = subject.basicProblem())
        return *e;
    if (value.size() > MaxRelativePathLength)
        return subject.invalid(u"length"_s, u"it has %1 characters; at most 255 are allowed"_s.arg(value.size()));
    if (value.startsWith(u'/'))
        return subject.invalid(u"absolute"_s, u"it must be relative, without a leading /"_s);
    for (const QChar c : value) {
        if (!isAsciiAlpha(c) && !isAsciiDigit(c) && c != u'.' && c != u'_' && c != u'/' && c != u'-')
            return subject.invalid(
                u"path-character"_s, u"it may contain only letters A-Z and a-z, digits, '.', '_', '-' and '/'"_s);
    }
    const QString path = value.endsWith(u'/') ? value.chopped(1) : value;
    const QStringList components = path.split(u'/');
    for (const QString &component : components) {
        if (component.isEmpty())
            return subject.invalid(u"empty-component"_s, u"it has an empty component (\"//\")"_s);
        if (component == u"..")
            return subject.invalid(u"dotdot"_s, u"it may not contain \"..\""_s);
        if (component.startsWith(u'.'))
            return subject.invalid(
                u"hidden-component"_s, u"no component may start with a dot (\".\", hidden directories)"_s);
        if (component.startsWith(u'-'))
            return subject.invalid(u"dash-component"_s, u"no component may start with '-'"_s);
    }
    return path;
}

} // namespace Isp::Core::Validate
