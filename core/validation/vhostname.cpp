#include "core/validation/vhostname.h"

#include "core/validation/validationinternal_p.h"

using namespace Qt::StringLiterals;

namespace Isp::Core {

QString VhostName::toString() const
{
    return port > 0 ? u"%1:%2"_s.arg(name).arg(port) : name;
}

namespace Validate {

using namespace Internal;

Validated<VhostName> vhostName(const QString &field, const QString &value, const QString &domain)
{
    const Subject subject(field, value, u"web site name"_s);
    if (const auto e = subject.basicProblem())
        return *e;
    QStringView name = value;
    VhostName out;
    const qsizetype colon = value.indexOf(u':');
    if (colon >= 0) {
        name = QStringView(value).left(colon);
        const auto port = parseInteger(QStringView(value).mid(colon + 1), 1, 65535);
        if (!port.ok())
            return subject.invalid(within(u"the port"_s, port.error()));
        out.port = int(port.value());
    }
    if (name.isEmpty())
        return subject.invalid(u"empty-label"_s, u"the name before the port is empty"_s);
    if (name.endsWith(u'.'))
        return subject.invalid(u"relative"_s, u"write the name relative to the domain, like www"_s);
    NameRules rules;
    rules.allowNumericLastLabel = true;
    rules.suffixLength = withoutTrailingDot(domain, nullptr).size() + 1;
    auto checked = checkName(name, rules);
    if (!checked.ok())
        return subject.invalid(checked.error());
    out.name = std::move(checked).value();
    return out;
}

Validated<QString> vhostAlias(const QString &field, const QString &value, const QString &domain)
{
    const Subject subject(field, value, u"web site alias"_s);
    if (const auto e = subject.basicProblem())
        return *e;
    NameRules rules;
    QStringView name = value;
    if (value.contains(u'.')) {
        name = withoutTrailingDot(value, nullptr);
        rules.minLabels = 2;
    } else {
        rules.allowNumericLastLabel = true;
        rules.suffixLength = withoutTrailingDot(domain, nullptr).size() + 1;
    }
    auto checked = checkName(name, rules);
    if (!checked.ok())
        return subject.invalid(checked.error());
    return std::move(checked).value();
}

} // namespace Validate
} // namespace Isp::Core
