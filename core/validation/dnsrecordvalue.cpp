#include "core/validation/dnsrecordvalue.h"

#include "core/validation/ipaddress.h"
#include "core/validation/mailaddress.h"
#include "core/validation/validationinternal_p.h"

#include <QStringList>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace Isp::Core::Validate {

using namespace Internal;

namespace {

constexpr qsizetype MaxCharacterString = 255; // RFC 1035 3.3
constexpr qsizetype MaxTxtBytes = 4000;
constexpr qsizetype MaxCaaValueBytes = 1024;

QString zoneName(const QString &zone)
{
    Q_ASSERT_X(!zone.isEmpty(), "Validate", "records need the zone they belong to");
    return asciiLower(withoutTrailingDot(zone, nullptr));
}

Checked<QString> ownerChecked(QStringView value, const QString &zone, DnsRecordType type)
{
    const QString apexCname = u"a CNAME cannot be at the zone apex (@), which holds the SOA and NS records"_s;
    if (value == u"@") {
        if (type == DnsRecordType::Cname)
            return Problem { u"cname-apex"_s, apexCname };
        if (type == DnsRecordType::Srv)
            return Problem { u"srv-owner"_s, u"SRV record names start with _service._protocol, like _sip._tcp"_s };
        return u"@"_s;
    }
    bool absolute = false;
    const QStringView name = withoutTrailingDot(value, &absolute);
    if (name.isEmpty())
        return Problem { u"empty-label"_s, u"the root \".\" cannot hold records of a hosted zone"_s };

    NameRules rules;
    rules.underscores = type != DnsRecordType::A && type != DnsRecordType::Aaaa && type != DnsRecordType::Mx;
    // RFC 4592 4.2: wildcard delegations are undefined; SRV names begin with service labels.
    rules.wildcard = type != DnsRecordType::Ns && type != DnsRecordType::Srv;
    rules.allowNumericLastLabel = true;
    const QString z = zoneName(zone);
    QString relative;
    if (absolute) {
        auto checked = checkName(name, rules);
        if (!checked.ok())
            return checked.error();
        const QString full = std::move(checked).value();
        if (full == z)
            relative = u"@"_s;
        else if (full.endsWith(u'.' + z))
            relative = full.chopped(z.size() + 1);
        else
            return Problem { u"zone"_s,
                u"it is not inside the zone %1; write the name relative to the zone, like www"_s.arg(z) };
    } else {
        rules.suffixLength = z.size() + 1;
        auto checked = checkName(name, rules);
        if (!checked.ok())
            return checked.error();
        relative = std::move(checked).value();
    }
    if (relative == u"@" && type == DnsRecordType::Cname)
        return Problem { u"cname-apex"_s, apexCname };
    if (type == DnsRecordType::Srv) {
        const QStringList labels = relative.split(u'.');
        if (labels.size() < 2 || !labels.at(0).startsWith(u'_') || !labels.at(1).startsWith(u'_'))
            return Problem { u"srv-owner"_s, u"SRV record names start with _service._protocol, like _sip._tcp"_s };
    }
    return relative;
}

Checked<QString> targetChecked(QStringView value, const QString &zone, DnsRecordType type)
{
    if (value == u"@")
        return u"@"_s;
    bool absolute = false;
    const QStringView name = withoutTrailingDot(value, &absolute);
    if (name.isEmpty())
        return Problem { u"empty-label"_s, u"the root \".\" is not a valid target here"_s };
    NameRules rules;
    // CNAMEs may point at service names (DKIM and ACME delegation); NS, MX, SRV and PTR targets
    // are host names (RFC 2181 10.3, RFC 1123).
    rules.underscores = type == DnsRecordType::Cname;
    rules.allowNumericLastLabel = !absolute;
    if (!absolute)
        rules.suffixLength = zoneName(zone).size() + 1;
    auto checked = checkName(name, rules);
    if (!checked.ok())
        return checked.error();
    return absolute ? std::move(checked).value() + u'.' : std::move(checked).value();
}

// Splits on runs of spaces (control characters, tabs included, were refused before).
QStringList tokens(const QString &value)
{
    return value.split(u' ', Qt::SkipEmptyParts);
}

QString quoteCharacterString(const QByteArray &utf8)
{
    QString text = QString::fromUtf8(utf8);
    text.replace(u'\\', u"\\\\"_s).replace(u'"', u"\\\""_s);
    return u'"' + text + u'"';
}

// Splits UTF-8 text into pieces of at most 255 bytes, never inside a multi-byte sequence.
QList<QByteArray> splitCharacterStrings(const QByteArray &utf8)
{
    QList<QByteArray> out;
    qsizetype start = 0;
    while (start < utf8.size()) {
        qsizetype end = std::min(start + MaxCharacterString, utf8.size());
        if (end < utf8.size()) {
            while (end > start && (uchar(utf8.at(end)) & 0xc0) == 0x80)
                --end;
        }
        out.append(utf8.mid(start, end - start));
        start = end;
    }
    return out;
}

Checked<QList<QByteArray>> parseQuotedStrings(const QString &value)
{
    QList<QByteArray> out;
    qsizetype i = 0;
    const qsizetype n = value.size();
    while (i < n) {
        if (value.at(i) == u' ') {
            ++i;
            continue;
        }
        if (value.at(i) != u'"')
            return Problem { u"txt-quote"_s,
                u"text outside quotes; write either plain text or only \"quoted strings\""_s };
        ++i;
        QString text;
        bool closed = false;
        while (i < n) {
            const QChar c = value.at(i);
            if (c == u'\\') {
                if (i + 1 < n && (value.at(i + 1) == u'"' || value.at(i + 1) == u'\\')) {
                    text += value.at(i + 1);
                    i += 2;
                    continue;
                }
                return Problem { u"txt-escape"_s, u"only \\\" and \\\\ may be escaped inside quotes"_s };
            }
            ++i;
            if (c == u'"') {
                closed = true;
                break;
            }
            text += c;
        }
        if (!closed)
            return Problem { u"txt-quote"_s, u"a quoted string is not closed"_s };
        if (i < n && value.at(i) != u' ')
            return Problem { u"txt-quote"_s, u"quoted strings must be separated by spaces"_s };
        const QByteArray utf8 = text.toUtf8();
        if (utf8.size() > MaxCharacterString)
            return Problem { u"txt-length"_s,
                u"quoted string %1 has %2 bytes; each may have at most 255 (leave the quotes off and "
                u"ISPMan splits the text)"_s.arg(out.size() + 1)
                    .arg(utf8.size()) };
        out.append(utf8);
    }
    return out;
}

bool isCaaParameterKey(QStringView key)
{
    // RFC 8659 4.2: (ALPHA / DIGIT) *( *("-") (ALPHA / DIGIT))
    if (key.isEmpty() || key.front() == u'-' || key.back() == u'-')
        return false;
    for (const QChar c : key) {
        if (!isAsciiAlpha(c) && !isAsciiDigit(c) && c != u'-')
            return false;
    }
    return true;
}

Checked<QString> caaIssueValue(const QString &value)
{
    for (const QChar c : value) {
        if (c.unicode() < 0x20 || c.unicode() > 0x7e)
            return Problem { u"caa-value"_s, u"the value may contain only printable ASCII characters"_s };
    }
    const qsizetype semicolon = value.indexOf(u';');
    const QString issuer = (semicolon < 0 ? value : value.left(semicolon)).trimmed();
    QString out;
    if (!issuer.isEmpty()) {
        NameRules rules;
        rules.minLabels = 2;
        auto checked = checkName(issuer, rules);
        if (!checked.ok())
            return within(u"the issuer domain %1"_s.arg(quoted(issuer)), checked.error());
        out = std::move(checked).value();
    }
    QStringList parameters;
    if (semicolon >= 0) {
        const QStringList pieces = value.mid(semicolon + 1).split(u';');
        for (const QString &piece : pieces) {
            const QString p = piece.trimmed();
            if (p.isEmpty())
                continue;
            const qsizetype eq = p.indexOf(u'=');
            const QString key = eq < 0 ? p : p.left(eq).trimmed();
            const QString v = eq < 0 ? QString() : p.mid(eq + 1).trimmed();
            if (eq < 0 || !isCaaParameterKey(key))
                return Problem { u"caa-value"_s, u"parameters have the form key=value, like accounturi=https://..."_s };
            for (const QChar c : v) {
                // RFC 8659: %x21-3A / %x3C-7E (no spaces, no ';').
                if (c.unicode() <= 0x20 || c == u';' || c.unicode() > 0x7e)
                    return Problem { u"caa-value"_s, u"parameter values may not contain spaces or semicolons"_s };
            }
            parameters.append(key + u'=' + v);
        }
    }
    if (out.isEmpty() && parameters.isEmpty())
        return u";"_s; // no CA may issue
    if (!parameters.isEmpty())
        out += u"; "_s + parameters.join(u"; "_s);
    return out;
}

Checked<QString> caaIodefValue(const QString &value)
{
    const Problem bad { u"caa-value"_s, u"iodef needs a mailto:, https: or http: URL"_s };
    for (const QChar c : value) {
        if (c.unicode() <= 0x20 || c.unicode() > 0x7e)
            return bad;
    }
    const QUrl url(value, QUrl::StrictMode);
    if (!url.isValid())
        return bad;
    const QString scheme = url.scheme();
    if (scheme == u"mailto") {
        if (url.hasQuery() || url.hasFragment())
            return bad;
        const auto address = checkEmailAddress(url.path(), MailLocalPart::Forward);
        if (!address.ok())
            return within(u"the mailto: address"_s, address.error());
        return u"mailto:"_s + address.value();
    }
    if (scheme == u"https" || scheme == u"http") {
        if (!url.userInfo().isEmpty() || url.host().isEmpty())
            return bad;
        NameRules rules;
        if (!checkName(url.host(QUrl::FullyEncoded), rules).ok())
            return bad;
        return value;
    }
    return bad;
}

} // namespace

Validated<QString> dnsOwnerName(const QString &field, const QString &value, const QString &zone, DnsRecordType type)
{
    const Subject subject(field, value, u"%1 record name"_s.arg(dnsRecordTypeName(type)));
    if (const auto e = subject.basicProblem())
        return *e;
    auto checked = ownerChecked(value, zone, type);
    if (!checked.ok())
        return subject.invalid(checked.error());
    return std::move(checked).value();
}

Validated<QString> dnsTargetName(const QString &field, const QString &value, const QString &zone, DnsRecordType type)
{
    const Subject subject(field, value, u"%1 target"_s.arg(dnsRecordTypeName(type)));
    if (const auto e = subject.basicProblem())
        return *e;
    auto checked = targetChecked(value, zone, type);
    if (!checked.ok())
        return subject.invalid(checked.error());
    return std::move(checked).value();
}

Validated<std::optional<int>> dnsTtl(const QString &field, const QString &value)
{
    if (value.isEmpty())
        return std::optional<int> {};
    const Subject subject(field, value, u"TTL"_s);
    if (const auto e = subject.basicProblem())
        return *e;
    const auto ttl = parseInteger(value, 0, 2147483647);
    if (!ttl.ok())
        return subject.invalid(ttl.error().rule, ttl.error().reason + u" seconds"_s);
    return std::optional<int>(int(ttl.value()));
}

Validated<QString> dnsMxValue(const QString &field, const QString &value, const QString &zone)
{
    const Subject subject(field, value, u"MX value"_s);
    if (const auto e = subject.basicProblem())
        return *e;
    const QStringList parts = tokens(value);
    if (parts.size() != 2)
        return subject.invalid(
            u"syntax"_s, u"expected a preference and a mail server, like \"10 mail.example.com.\""_s);
    const auto preference = parseInteger(parts.at(0), 0, 65535);
    if (!preference.ok())
        return subject.invalid(within(u"the preference"_s, preference.error()));
    if (parts.at(1) == u".") {
        if (preference.value() != 0)
            return subject.invalid(u"null-mx"_s, u"a null MX (\".\", RFC 7505) must have preference 0"_s);
        return u"0 ."_s;
    }
    const auto target = targetChecked(parts.at(1), zone, DnsRecordType::Mx);
    if (!target.ok())
        return subject.invalid(within(u"the mail server"_s, target.error()));
    return u"%1 %2"_s.arg(QString::number(preference.value()), target.value());
}

Validated<QString> dnsSrvValue(const QString &field, const QString &value, const QString &zone)
{
    const Subject subject(field, value, u"SRV value"_s);
    if (const auto e = subject.basicProblem())
        return *e;
    const QStringList parts = tokens(value);
    if (parts.size() != 4)
        return subject.invalid(
            u"syntax"_s, u"expected priority, weight, port and target, like \"10 5 5060 sip.example.com.\""_s);
    const QString names[] = { u"the priority"_s, u"the weight"_s, u"the port"_s };
    QStringList out;
    for (int i = 0; i < 3; ++i) {
        const auto number = parseInteger(parts.at(i), 0, 65535);
        if (!number.ok())
            return subject.invalid(within(names[i], number.error()));
        out.append(QString::number(number.value()));
    }
    if (parts.at(3) == u".") {
        out.append(u"."_s);
    } else {
        const auto target = targetChecked(parts.at(3), zone, DnsRecordType::Srv);
        if (!target.ok())
            return subject.invalid(within(u"the target"_s, target.error()));
        out.append(target.value());
    }
    return out.join(u' ');
}

Validated<QString> dnsTxtValue(const QString &field, const QString &value)
{
    const Subject subject(field, value, u"TXT value"_s);
    if (const auto e = subject.basicProblem())
        return *e;
    const QString tooLong = u"the text may have at most 4000 bytes"_s;
    if (value.size() > 2 * MaxTxtBytes)
        return subject.invalid(u"length"_s, tooLong);
    QList<QByteArray> strings;
    if (value.startsWith(u'"')) {
        auto parsed = parseQuotedStrings(value);
        if (!parsed.ok())
            return subject.invalid(parsed.error());
        strings = std::move(parsed).value();
    } else {
        strings = splitCharacterStrings(value.toUtf8());
    }
    qsizetype total = 0;
    for (const QByteArray &s : strings)
        total += s.size();
    if (total == 0)
        return subject.invalid(u"txt-empty"_s, u"it has no text"_s);
    if (total > MaxTxtBytes)
        return subject.invalid(u"length"_s, u"the text has %1 bytes; it may have at most 4000"_s.arg(total));
    QStringList out;
    for (const QByteArray &s : strings)
        out.append(quoteCharacterString(s));
    return out.join(u' ');
}

Validated<QString> dnsCaaValue(const QString &field, const QString &value)
{
    const Subject subject(field, value, u"CAA value"_s);
    if (const auto e = subject.basicProblem())
        return *e;
    const QString syntax = u"expected flags, tag and value, like 0 issue \"letsencrypt.org\""_s;
    const qsizetype firstSpace = value.indexOf(u' ');
    if (firstSpace < 0)
        return subject.invalid(u"syntax"_s, syntax);
    const QString rest = value.mid(firstSpace).trimmed();
    const qsizetype secondSpace = rest.indexOf(u' ');
    if (secondSpace < 0)
        return subject.invalid(u"syntax"_s, syntax);
    const auto flags = parseInteger(QStringView(value).left(firstSpace), 0, 255);
    if (!flags.ok())
        return subject.invalid(within(u"the flags"_s, flags.error()));
    const QString tag = asciiLower(rest.left(secondSpace));
    if (tag != u"issue" && tag != u"issuewild" && tag != u"iodef")
        return subject.invalid(u"caa-tag"_s, u"the tag must be issue, issuewild or iodef"_s);
    QString text = rest.mid(secondSpace).trimmed();
    if (text.startsWith(u'"')) {
        if (text.size() < 2 || !text.endsWith(u'"'))
            return subject.invalid(u"caa-value"_s, u"the quoted value is not closed"_s);
        text = text.mid(1, text.size() - 2);
    }
    if (text.contains(u'"') || text.contains(u'\\'))
        return subject.invalid(u"caa-value"_s, u"quotes and backslashes are not allowed inside the value"_s);
    if (text.toUtf8().size() > MaxCaaValueBytes)
        return subject.invalid(u"length"_s, u"the value may have at most 1024 bytes"_s);
    auto checked = tag == u"iodef" ? caaIodefValue(text) : caaIssueValue(text);
    if (!checked.ok())
        return subject.invalid(checked.error());
    return u"%1 %2 \"%3\""_s.arg(QString::number(flags.value()), tag, checked.value());
}

Validated<DnsRecordType> dnsRecordType(const QString &field, const QString &value)
{
    const Subject subject(field, value, u"record type"_s);
    if (const auto e = subject.basicProblem())
        return *e;
    if (const auto type = dnsRecordTypeFromName(value))
        return *type;
    if (value.compare(u"SOA"_s, Qt::CaseInsensitive) == 0)
        return subject.invalid(u"record-type"_s,
            u"ISPMan keeps the SOA record itself (its serial changes with every change of the zone)"_s);
    return subject.invalid(u"record-type"_s, u"ISPMan manages A, AAAA, CNAME, NS, PTR, MX, TXT, SRV and CAA records"_s);
}

Validated<QString> dnsSoaMailbox(const QString &field, const QString &value)
{
    const Subject subject(field, value, u"SOA mailbox"_s);
    if (const auto e = subject.basicProblem())
        return *e;
    QString local;
    QString domain;
    const qsizetype at = value.indexOf(u'@');
    if (at >= 0) {
        local = value.left(at);
        domain = withoutTrailingDot(QStringView(value).mid(at + 1), nullptr).toString();
    } else {
        // The local part ends at the first dot that is not escaped.
        const QStringView name = withoutTrailingDot(value, nullptr);
        qsizetype i = 0;
        for (; i < name.size() && name.at(i) != u'.'; ++i) {
            if (name.at(i) != u'\\') {
                local += name.at(i);
                continue;
            }
            if (i + 1 >= name.size() || name.at(i + 1) != u'.')
                return subject.invalid(u"local-part"_s, u"only dots may be escaped (\\.) in the mailbox part"_s);
            local += u'.';
            ++i;
        }
        if (i >= name.size())
            return subject.invalid(u"labels"_s, u"expected mailbox.domain, like hostmaster.example.net"_s);
        domain = name.mid(i + 1).toString();
    }
    const auto address = checkEmailAddress(QString(local + u'@' + domain), MailLocalPart::Forward);
    if (!address.ok())
        return subject.invalid(address.error());
    const QString &checked = address.value();
    const qsizetype split = checked.lastIndexOf(u'@');
    QString rname = checked.left(split);
    rname.replace(u'.', u"\\."_s);
    return rname + u'.' + checked.mid(split + 1) + u'.';
}

Validated<QString> dnsRecordValue(const QString &field, DnsRecordType type, const QString &value, const QString &zone)
{
    switch (type) {
    case DnsRecordType::A:
        return ipv4Address(field, value);
    case DnsRecordType::Aaaa:
        return ipv6Address(field, value);
    case DnsRecordType::Cname:
    case DnsRecordType::Ns:
    case DnsRecordType::Ptr:
        return dnsTargetName(field, value, zone, type);
    case DnsRecordType::Mx:
        return dnsMxValue(field, value, zone);
    case DnsRecordType::Txt:
        return dnsTxtValue(field, value);
    case DnsRecordType::Srv:
        return dnsSrvValue(field, value, zone);
    case DnsRecordType::Caa:
        return dnsCaaValue(field, value);
    }
    Q_UNREACHABLE();
    return ValidationError {};
}

} // namespace Isp::Core::Validate
