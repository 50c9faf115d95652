#include "core/validation/url.h"

#include "core/validation/domainname.h"
#include "core/validation/ipaddress.h"
#include "core/validation/validationinternal_p.h"

#include <QList>

using namespace Qt::StringLiterals;

namespace Isp::Core::Validate {

using namespace Internal;

namespace {

bool isHex(QChar c)
{
    return isAsciiDigit(c) || (c.unicode() >= u'a' && c.unicode() <= u'f') || (c.unicode() >= u'A' && c.unicode() <= u'F');
}

// RFC 3986 pchar without "'" (it would end a quoted Apache argument in some tools) and '%'
// (checked separately).
bool isPathChar(QChar c)
{
    if (isAsciiAlpha(c) || isAsciiDigit(c))
        return true;
    return QStringView(u"-._~!$&()*+,;=:@").contains(c);
}

// The first problem with the characters of a path, query or fragment; `extra` are characters
// allowed besides pchar ("/", "?").
std::optional<Problem> charsProblem(QStringView text, QStringView extra)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c == u'%') {
            if (i + 2 >= text.size() || !isHex(text.at(i + 1)) || !isHex(text.at(i + 2)))
                return Problem{u"percent-escape"_s, u"'%' must be followed by two hexadecimal digits"_s};
            i += 2;
            continue;
        }
        if (!isPathChar(c) && !extra.contains(c))
            return Problem{u"url-character"_s,
                           u"it may contain only letters, digits, -._~!$&()*+,;=:@/ and %XX escapes (no spaces, quotes or backslashes)"_s};
    }
    return std::nullopt;
}

std::optional<Problem> segmentsProblem(QStringView path)
{
    const QStringView inner = path.mid(1);
    if (inner.isEmpty())
        return std::nullopt;
    const auto segments = inner.split(u'/');
    for (qsizetype i = 0; i < segments.size(); ++i) {
        const QStringView s = segments.at(i);
        if (s.isEmpty() && i + 1 < segments.size())
            return Problem{u"empty-segment"_s, u"it has an empty segment (\"//\")"_s};
        if (s == u"." || s == u"..")
            return Problem{u"dot-segment"_s, u"it may not contain \".\" or \"..\" segments"_s};
        // Encoded dots are the same segments to a server that decodes first.
        if (s.compare(u"%2e", Qt::CaseInsensitive) == 0 || s.compare(u"%2e%2e", Qt::CaseInsensitive) == 0
            || s.compare(u".%2e", Qt::CaseInsensitive) == 0 || s.compare(u"%2e.", Qt::CaseInsensitive) == 0)
            return Problem{u"dot-segment"_s, u"it may not contain \".\" or \"..\" segments, encoded or not"_s};
    }
    return std::nullopt;
}

} // namespace

Validated<QString> urlPath(const QString &field, const QString &value)
{
    const Subject subject(field, value, u"URL path"_s);
    if (const auto e = subject.basicProblem())
        return *e;
    if (value.size() > 255)
        return subject.invalid(u"length"_s, u"it has %1 characters; at most 255 are allowed"_s.arg(value.size()));
    if (!value.startsWith(u'/'))
        return subject.invalid(u"absolute-path"_s, u"it must start with /"_s);
    if (auto p = charsProblem(value, u"/"))
        return subject.invalid(*p);
    if (auto p = segmentsProblem(value))
        return subject.invalid(*p);
    return value;
}

Validated<QString> httpUrl(const QString &field, const QString &value, bool allowBackReferences)
{
    const Subject subject(field, value, u"http or https URL"_s);
    if (const auto e = subject.basicProblem())
        return *e;
    if (value.size() > MaxUrlLength)
        return subject.invalid(u"length"_s, u"it has %1 characters; at most %2 are allowed"_s.arg(value.size()).arg(MaxUrlLength));
    const qsizetype schemeEnd = value.indexOf(u"://"_s);
    const QString scheme = schemeEnd > 0 ? asciiLower(QStringView(value).left(schemeEnd)) : QString();
    if (scheme != u"http" && scheme != u"https")
        return subject.invalid(u"scheme"_s, u"it must start with http:// or https://"_s);
    QStringView rest = QStringView(value).mid(schemeEnd + 3);
    qsizetype authorityEnd = rest.size();
    for (const QChar stop : {u'/', u'?', u'#'}) {
        const qsizetype i = rest.indexOf(stop);
        if (i >= 0 && i < authorityEnd)
            authorityEnd = i;
    }
    const QStringView authority = rest.left(authorityEnd);
    if (authority.contains(u'@'))
        return subject.invalid(u"userinfo"_s, u"it may not contain user information (user@host)"_s);
    QString host;
    QStringView port;
    if (authority.startsWith(u'[')) {
        const qsizetype close = authority.indexOf(u']');
        if (close < 0)
            return subject.invalid(u"host"_s, u"the IPv6 address is not closed with ]"_s);
        auto ip = ipv6Address(field, authority.mid(1, close - 1).toString());
        if (!ip.ok())
            return subject.invalid(u"host"_s, u"the host is not a valid IPv6 address"_s);
        host = u'[' + *ip + u']';
        const QStringView after = authority.mid(close + 1);
        if (!after.isEmpty() && !after.startsWith(u':'))
            return subject.invalid(u"host"_s, u"only a port may follow the IPv6 address"_s);
        port = after.mid(1);
        if (after.isEmpty())
            port = QStringView();
    } else {
        const qsizetype colon = authority.indexOf(u':');
        const QStringView name = colon >= 0 ? authority.left(colon) : authority;
        if (colon >= 0)
            port = authority.mid(colon + 1);
        if (name.isEmpty())
            return subject.invalid(u"host"_s, u"it has no host name"_s);
        bool dot = false;
        const QStringView bare = withoutTrailingDot(name, &dot);
        bool allDigitsAndDots = true;
        for (const QChar c : bare)
            allDigitsAndDots = allDigitsAndDots && (isAsciiDigit(c) || c == u'.');
        if (allDigitsAndDots) {
            auto ip = ipv4Address(field, bare.toString());
            if (!ip.ok())
                return subject.invalid(u"host"_s, u"the host is not a valid IPv4 address"_s);
            host = *ip;
        } else {
            auto h = hostName(field, bare.toString());
            if (!h.ok())
                return subject.invalid(u"host"_s, u"the host is not a valid host name"_s);
            host = *h;
        }
    }
    QString out = scheme + u"://"_s + host;
    if (!port.isNull()) {
        const auto p = parseInteger(port, 1, 65535);
        if (!p.ok())
            return subject.invalid(within(u"the port"_s, p.error()));
        out += u':' + QString::number(p.value());
    }
    QString tail = rest.mid(authorityEnd).toString();
    QString checked = tail;
    for (int n = 0; n <= 9; ++n) {
        const QString ref = u'$' + QString::number(n);
        if (!checked.contains(ref))
            continue;
        // "$1" in a target means a back reference to Apache's RedirectMatch; elsewhere it would
        // be taken literally by some servers and substituted by others.
        if (!allowBackReferences || n == 0)
            return subject.invalid(u"url-character"_s, u"\"$%1\" (a back reference) is allowed only in the target of a pattern redirect"_s.arg(n));
        checked.replace(ref, u"x"_s);
    }
    const qsizetype hash = checked.indexOf(u'#');
    const QString beforeFragment = hash >= 0 ? checked.left(hash) : checked;
    const qsizetype q = beforeFragment.indexOf(u'?');
    const QString path = q >= 0 ? beforeFragment.left(q) : beforeFragment;
    if (auto p = charsProblem(path, u"/"))
        return subject.invalid(*p);
    if (q >= 0) {
        if (auto p = charsProblem(QStringView(beforeFragment).mid(q + 1), u"/?"))
            return subject.invalid(*p);
    }
    if (hash >= 0) {
        if (auto p = charsProblem(QStringView(checked).mid(hash + 1), u"/?"))
            return subject.invalid(*p);
    }
    return out + tail;
}

} // namespace Isp::Core::Validate
