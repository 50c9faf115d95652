#include "core/validation/password.h"

#include "core/validation/validationinternal_p.h"

using namespace Qt::StringLiterals;

namespace Isp::Core::Validate {

using namespace Internal;

namespace {

ValidationError refused(const QString &field, const QString &rule, const QString &reason)
{
    return { field, rule, u"%1: the password is not acceptable: %2"_s.arg(field, reason) };
}

} // namespace

Validated<QString> password(const QString &field, const QString &value, const QString &userName)
{
    if (value.isEmpty())
        return ValidationError { field, u"required"_s, u"%1: a value is required (password)"_s.arg(field) };
    // Cheap bound first: no need to look at a megabyte of input.
    if (value.size() > 2 * MaxPasswordLength)
        return refused(field, u"length"_s, u"it may have at most %1 characters"_s.arg(MaxPasswordLength));
    if (const auto p = textProblem(value))
        return refused(field, p->rule, p->reason);
    qsizetype codePoints = 0;
    for (qsizetype i = 0; i < value.size(); ++i) {
        if (value.at(i).isHighSurrogate())
            ++i;
        ++codePoints;
    }
    if (codePoints < MinPasswordLength)
        return refused(field, u"length"_s, u"it must have at least %1 characters"_s.arg(MinPasswordLength));
    if (codePoints > MaxPasswordLength)
        return refused(field, u"length"_s, u"it may have at most %1 characters"_s.arg(MaxPasswordLength));
    if (!userName.isEmpty()) {
        const QString localPart = userName.section(u'@', 0, 0);
        if (value.compare(userName, Qt::CaseInsensitive) == 0
            || (!localPart.isEmpty() && value.compare(localPart, Qt::CaseInsensitive) == 0))
            return refused(field, u"same-as-user"_s, u"it may not be the same as the user name"_s);
    }
    return value;
}

} // namespace Isp::Core::Validate
