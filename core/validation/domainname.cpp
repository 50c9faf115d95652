#include "core/validation/domainname.h"

#include "core/validation/validationinternal_p.h"

using namespace Qt::StringLiterals;

namespace Isp::Core::Validate {

using namespace Internal;

namespace {

Validated<QString> absoluteName(const QString &field, const QString &value, const QString &what, qsizetype minLabels)
{
    const Subject subject(field, value, what);
    if (const auto e = subject.basicProblem())
        return *e;
    const QStringView name = withoutTrailingDot(value, nullptr);
    if (name.isEmpty())
        return subject.invalid(u"empty-label"_s, u"the root \".\" is not a name that can be used here"_s);
    NameRules rules;
    rules.minLabels = minLabels;
    auto checked = checkName(name, rules);
    if (!checked.ok())
        return subject.invalid(checked.error());
    return std::move(checked).value();
}

} // namespace

Validated<QString> domainName(const QString &field, const QString &value)
{
    return absoluteName(field, value, u"domain name"_s, 2);
}

Validated<QString> hostName(const QString &field, const QString &value)
{
    return absoluteName(field, value, u"host name"_s, 1);
}

QString domainNameForDisplay(const QString &asciiName)
{
    return nameToUnicode(asciiName);
}

} // namespace Isp::Core::Validate
