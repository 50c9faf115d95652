#include "core/validation/contact.h"

#include "core/validation/validationinternal_p.h"

using namespace Qt::StringLiterals;

namespace Isp::Core::Validate {

using namespace Internal;

Validated<QString> loginName(const QString &field, const QString &value)
{
    const Subject subject(field, value, u"login name"_s);
    if (const auto e = subject.basicProblem())
        return *e;
    if (value.size() > MaxLoginNameLength)
        return subject.invalid(
            u"length"_s, u"it has %1 characters; at most %2 are allowed"_s.arg(value.size()).arg(MaxLoginNameLength));
    const QString name = asciiLower(value);
    for (const QChar c : name) {
        if (!isAsciiLower(c) && !isAsciiDigit(c) && c != u'.' && c != u'_' && c != u'-')
            return subject.invalid(
                u"login-character"_s, u"it may contain only letters a-z, digits, '.', '_' and '-'"_s);
    }
    if (!isAsciiLower(name.front()) && !isAsciiDigit(name.front()))
        return subject.invalid(u"login-start"_s, u"it must start with a letter or a digit"_s);
    if (name.contains(u".."_s))
        return subject.invalid(u"dotdot"_s, u"it may not contain \"..\""_s);
    return name;
}

Validated<QString> countryCode(const QString &field, const QString &value)
{
    const Subject subject(field, value, u"country code"_s);
    if (const auto e = subject.basicProblem())
        return *e;
    if (value.size() != 2 || !isAsciiAlpha(value.at(0)) || !isAsciiAlpha(value.at(1)))
        return subject.invalid(u"country-code"_s, u"it must be a two-letter ISO 3166 code such as CH or DE"_s);
    return value.toUpper();
}

Validated<QString> telephoneNumber(const QString &field, const QString &value)
{
    const QString number = value.trimmed();
    const Subject subject(field, number, u"telephone number"_s);
    if (const auto e = subject.basicProblem())
        return *e;
    if (number.size() > MaxTelephoneNumberLength)
        return subject.invalid(u"length"_s,
            u"it has %1 characters; at most %2 are allowed"_s.arg(number.size()).arg(MaxTelephoneNumberLength));
    bool digit = false;
    for (qsizetype i = 0; i < number.size(); ++i) {
        const QChar c = number.at(i);
        if (isAsciiDigit(c)) {
            digit = true;
            continue;
        }
        if (c == u'+' && i != 0)
            return subject.invalid(u"phone-plus"_s, u"'+' may only stand at the start"_s);
        if (c != u'+' && c != u' ' && c != u'(' && c != u')' && c != u'-' && c != u'.' && c != u'/')
            return subject.invalid(u"phone-character"_s, u"it may contain only digits, spaces and + ( ) - . /"_s);
    }
    if (!digit)
        return subject.invalid(u"phone-digits"_s, u"it has no digits"_s);
    return number;
}

} // namespace Isp::Core::Validate
