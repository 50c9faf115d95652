#include "core/validation/mailaddress.h"

#include "core/validation/validationinternal_p.h"

using namespace Qt::StringLiterals;

namespace Isp::Core::Validate {

using namespace Internal;

namespace {

Checked<QString> mailboxLocalPartChecked(QStringView value)
{
    if (value.size() > MaxLocalPartLength)
        return Problem { u"length"_s, u"it has %1 characters; at most 64 are allowed"_s.arg(value.size()) };
    const QString lower = asciiLower(value);
    for (const QChar c : lower) {
        if (!isAsciiLower(c) && !isAsciiDigit(c) && c != u'.' && c != u'-' && c != u'_')
            return Problem { u"local-part"_s,
                u"it may contain only letters a-z, digits, dots, hyphens and underscores"_s };
    }
    // A leading '-' would read as an option to the programs that get the name as an argument.
    if (!isAsciiLower(lower.front()) && !isAsciiDigit(lower.front()))
        return Problem { u"local-part"_s, u"it must start with a letter or a digit"_s };
    if (lower.endsWith(u'.') || lower.contains(u".."))
        return Problem { u"dots"_s, u"it may not end with a dot or have two dots in a row"_s };
    return lower;
}

bool isAtext(QChar c)
{
    // RFC 5322 3.2.3
    static constexpr QStringView Specials = u"!#$%&'*+-/=?^_`{|}~";
    return isAsciiAlpha(c) || isAsciiDigit(c) || Specials.contains(c);
}

Checked<QString> forwardLocalPartChecked(QStringView value)
{
    if (value.isEmpty())
        return Problem { u"local-part"_s, u"the part before the @ is empty"_s };
    if (value.size() > MaxLocalPartLength)
        return Problem { u"length"_s,
            u"the part before the @ has %1 characters; at most 64 are allowed"_s.arg(value.size()) };
    for (const QChar c : value) {
        if (!isAtext(c) && c != u'.')
            return Problem { u"local-part"_s,
                u"the part before the @ may contain only letters, digits, dots and "
                u"!#$%&'*+-/=?^_`{|}~ (no spaces, quotes or brackets)"_s };
    }
    if (value.startsWith(u'.') || value.endsWith(u'.') || value.contains(u".."))
        return Problem { u"dots"_s,
            u"the part before the @ may not start or end with a dot or have two dots in a row"_s };
    return value.toString();
}

} // namespace

Validated<QString> mailboxLocalPart(const QString &field, const QString &value)
{
    const Subject subject(field, value, u"user name"_s);
    if (const auto e = subject.basicProblem())
        return *e;
    auto checked = mailboxLocalPartChecked(value);
    if (!checked.ok())
        return subject.invalid(checked.error());
    return std::move(checked).value();
}

Validated<QString> emailAddress(const QString &field, const QString &value, MailLocalPart rule)
{
    const Subject subject(field, value, u"e-mail address"_s);
    if (const auto e = subject.basicProblem())
        return *e;
    auto checked = checkEmailAddress(value, rule);
    if (!checked.ok())
        return subject.invalid(checked.error());
    return std::move(checked).value();
}

Validated<QString> mailboxUid(const QString &field, const QString &localPart, const QString &domain)
{
    const QString shown = localPart + u'@' + domain;
    const Subject subject(field, shown, u"mailbox user"_s);
    if (localPart.isEmpty() || domain.isEmpty())
        return subject.required();
    if (const auto p = textProblem(shown))
        return subject.invalid(*p);
    auto local = mailboxLocalPartChecked(localPart);
    if (!local.ok())
        return subject.invalid(within(u"the user name"_s, local.error()));
    NameRules rules;
    rules.minLabels = 2;
    auto checkedDomain = checkName(withoutTrailingDot(domain, nullptr), rules);
    if (!checkedDomain.ok())
        return subject.invalid(within(u"the domain"_s, checkedDomain.error()));
    QString uid = local.value() + u'_' + checkedDomain.value();
    uid.replace(u'.', u'_');
    if (uid.size() > MaxUidLength)
        return subject.invalid(u"length"_s,
            u"the uid %1 would have %2 characters; at most 255 are allowed"_s.arg(
                quoted(uid), QString::number(uid.size())));
    // Both parts were checked, so this holds by construction; kept as the last line of defence
    // for a value that becomes an RDN, a file name and a mailbox name.
    for (const QChar c : uid) {
        if (!isAsciiLower(c) && !isAsciiDigit(c) && c != u'_' && c != u'-')
            return subject.invalid(
                u"uid"_s, u"the uid %1 would contain characters other than a-z, 0-9, _ and -"_s.arg(quoted(uid)));
    }
    if (!isAsciiLower(uid.front()) && !isAsciiDigit(uid.front()))
        return subject.invalid(u"uid"_s, u"the uid must start with a letter or a digit"_s);
    return uid;
}

} // namespace Isp::Core::Validate

namespace Isp::Core::Validate::Internal {

Checked<QString> checkEmailAddress(QStringView value, MailLocalPart rule)
{
    const Problem syntax { u"address-syntax"_s, u"an e-mail address has the form name@example.com"_s };
    if (value.size() > 4 * MaxMailAddressLength)
        return Problem { u"length"_s, u"an e-mail address may have at most 254 characters"_s };
    const qsizetype at = value.indexOf(u'@');
    if (at < 0 || value.indexOf(u'@', at + 1) >= 0)
        return syntax;
    const QStringView localPart = value.left(at);
    const QStringView domain = value.mid(at + 1);
    if (localPart.isEmpty() || domain.isEmpty())
        return syntax;
    QString local;
    if (rule == MailLocalPart::Mailbox) {
        auto checked = mailboxLocalPartChecked(localPart);
        if (!checked.ok())
            return within(u"the part before the @"_s, checked.error());
        local = std::move(checked).value();
    } else {
        auto checked = forwardLocalPartChecked(localPart);
        if (!checked.ok())
            return checked.error();
        local = std::move(checked).value();
    }
    if (domain.startsWith(u'['))
        return Problem { u"domain"_s, u"address literals like [192.0.2.1] are not accepted; use a domain name"_s };
    NameRules rules;
    rules.minLabels = 2;
    auto checkedDomain = checkName(domain, rules);
    if (!checkedDomain.ok())
        return within(u"the domain"_s, checkedDomain.error());
    const QString address = local + u'@' + checkedDomain.value();
    if (address.size() > MaxMailAddressLength)
        return Problem { u"length"_s,
            u"it has %1 characters; an e-mail address may have at most 254"_s.arg(address.size()) };
    return address;
}

} // namespace Isp::Core::Validate::Internal
