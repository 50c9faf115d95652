#include "core/validation/ipaddress.h"

#include "core/validation/validationinternal_p.h"

#include <QStringList>

#include <algorithm>

#include <arpa/inet.h>

using namespace Qt::StringLiterals;

namespace Isp::Core::Validate {

using namespace Internal;

namespace {

Validated<QString> v4(const Subject &subject, const QString &value)
{
    for (const QChar c : value) {
        if (!isAsciiDigit(c) && c != u'.')
            return subject.invalid(
                u"ipv4"_s, u"it must be four numbers from 0 to 255 separated by dots, like 192.0.2.10"_s);
    }
    const QStringList parts = value.split(u'.');
    if (parts.size() != 4)
        return subject.invalid(
            u"ipv4"_s, u"it must be four numbers from 0 to 255 separated by dots, like 192.0.2.10"_s);
    for (const QString &part : parts) {
        if (part.size() > 1 && part.front() == u'0')
            return subject.invalid(
                u"ipv4"_s, u"the numbers may not have leading zeros (some programs read them as octal)"_s);
        if (part.isEmpty() || part.size() > 3 || part.toInt() > 255)
            return subject.invalid(
                u"ipv4"_s, u"it must be four numbers from 0 to 255 separated by dots, like 192.0.2.10"_s);
    }
    const QByteArray text = value.toLatin1();
    in_addr address {};
    if (inet_pton(AF_INET, text.constData(), &address) != 1)
        return subject.invalid(
            u"ipv4"_s, u"it must be four numbers from 0 to 255 separated by dots, like 192.0.2.10"_s);
    char out[INET_ADDRSTRLEN] = {};
    if (!inet_ntop(AF_INET, &address, out, sizeof out))
        return subject.invalid(u"ipv4"_s, u"it cannot be converted back to text"_s);
    return QString::fromLatin1(out);
}

Validated<QString> v6(const Subject &subject, const QString &value)
{
    const QString syntax = u"it must be an IPv6 address like 2001:db8::1 (no brackets, zone ids or prefix lengths)"_s;
    if (value.size() > INET6_ADDRSTRLEN - 1)
        return subject.invalid(u"ipv6"_s, syntax);
    for (const QChar c : value) {
        const bool hexDigit = isAsciiDigit(c) || (c.unicode() >= u'a' && c.unicode() <= u'f')
            || (c.unicode() >= u'A' && c.unicode() <= u'F');
        if (!hexDigit && c != u':' && c != u'.')
            return subject.invalid(u"ipv6"_s, syntax);
    }
    const QByteArray text = value.toLatin1();
    in6_addr address {};
    if (inet_pton(AF_INET6, text.constData(), &address) != 1)
        return subject.invalid(u"ipv6"_s, syntax);
    char out[INET6_ADDRSTRLEN] = {};
    if (!inet_ntop(AF_INET6, &address, out, sizeof out))
        return subject.invalid(u"ipv6"_s, u"it cannot be converted back to text"_s);
    return QString::fromLatin1(out);
}

} // namespace

Validated<QString> ipv4Address(const QString &field, const QString &value)
{
    const Subject subject(field, value, u"IPv4 address"_s);
    if (const auto e = subject.basicProblem())
        return *e;
    return v4(subject, value);
}

Validated<QString> ipv6Address(const QString &field, const QString &value)
{
    const Subject subject(field, value, u"IPv6 address"_s);
    if (const auto e = subject.basicProblem())
        return *e;
    return v6(subject, value);
}

Validated<QString> ipAddress(const QString &field, const QString &value)
{
    const Subject subject(field, value, u"IP address"_s);
    if (const auto e = subject.basicProblem())
        return *e;
    return value.contains(u':') ? v6(subject, value) : v4(subject, value);
}

Validated<QString> network(const QString &field, const QString &value)
{
    const Subject subject(field, value, u"network"_s);
    if (const auto e = subject.basicProblem())
        return *e;
    const qsizetype slash = value.indexOf(u'/');
    const QString addressText = slash < 0 ? value : value.left(slash);
    auto address = ipAddress(field, addressText);
    if (!address.ok())
        return subject.invalid(u"network"_s, u"it must be an IP address or a network like 192.0.2.0/24 or 2001:db8::/32"_s);
    const bool v6 = address->contains(u':');
    const int maxPrefix = v6 ? 128 : 32;
    int prefix = maxPrefix;
    if (slash >= 0) {
        const QString p = value.mid(slash + 1);
        bool ok = !p.isEmpty() && p.size() <= 3 && std::all_of(p.begin(), p.end(), isAsciiDigit);
        prefix = ok ? p.toInt() : -1;
        if (!ok || prefix > maxPrefix || (p.size() > 1 && p.front() == u'0'))
            return subject.invalid(u"prefix"_s, u"the prefix length must be a number from 0 to %1"_s.arg(maxPrefix));
    }
    QByteArray bytes(v6 ? 16 : 4, '\0');
    const QByteArray text = address->toLatin1();
    if (inet_pton(v6 ? AF_INET6 : AF_INET, text.constData(), bytes.data()) != 1)
        return subject.invalid(u"network"_s, u"it must be an IP address or a network like 192.0.2.0/24 or 2001:db8::/32"_s);
    for (int bit = prefix; bit < maxPrefix; ++bit) {
        if (quint8(bytes.at(bit / 8)) & (0x80 >> (bit % 8)))
            return subject.invalid(u"host-bits"_s, u"the address has bits set after the prefix; write the network's first address (like 192.0.2.0/24)"_s);
    }
    return u"%1/%2"_s.arg(*address).arg(prefix);
}

} // namespace Isp::Core::Validate
