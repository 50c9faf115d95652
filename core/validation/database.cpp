#include "core/validation/database.h"

#include "core/validation/domainname.h"
#include "core/validation/ipaddress.h"
#include "core/validation/validationinternal_p.h"

#include <array>

using namespace Qt::StringLiterals;

namespace Isp::Core::Validate {

using namespace Internal;

namespace {

constexpr std::array<QStringView, 5> ReservedDatabases { u"mysql", u"information_schema", u"performance_schema", u"sys",
    u"test" };
constexpr std::array<QStringView, 3> ReservedUsers { u"root", u"mysql", u"public" };

template<std::size_t N>
Validated<QString> identifier(const Subject &subject, const QString &value, qsizetype maxLength,
    const std::array<QStringView, N> &reserved, bool testPrefixReserved)
{
    if (const auto e = subject.basicProblem())
        return *e;
    if (value.size() > maxLength)
        return subject.invalid(
            u"length"_s, u"it has %1 characters; at most %2 are allowed"_s.arg(value.size()).arg(maxLength));
    const QString name = asciiLower(value);
    for (const QChar c : name) {
        if (!isAsciiLower(c) && !isAsciiDigit(c) && c != u'_')
            return subject.invalid(u"identifier"_s, u"it may contain only letters a-z, digits and underscores"_s);
    }
    if (!isAsciiLower(name.front()))
        return subject.invalid(u"identifier"_s, u"it must start with a letter"_s);
    for (const QStringView r : reserved) {
        if (name == r)
            return subject.invalid(u"reserved"_s, u"the name is reserved for the database server"_s);
    }
    if (testPrefixReserved && name.startsWith(u"test_"))
        return subject.invalid(u"reserved"_s,
            u"names starting with test_ are open to every user on default "
            u"MySQL installations"_s);
    return name;
}

constexpr std::array<QStringView, 19> Privileges { u"ALL", u"SELECT", u"INSERT", u"UPDATE", u"DELETE", u"CREATE",
    u"DROP", u"INDEX", u"ALTER", u"CREATE TEMPORARY TABLES", u"LOCK TABLES", u"EXECUTE", u"CREATE VIEW",
    u"SHOW VIEW", u"CREATE ROUTINE", u"ALTER ROUTINE", u"TRIGGER", u"EVENT", u"REFERENCES" };

const QString HostPatternForms = u"use %, localhost, a host name, %.<domain>, an IP address, an IPv4 prefix "
                                 u"like 10.0.0.% or a network like 10.0.0.0/24"_s;

// "10", "10.0", "10.0.0" (whole octets, no leading zeros) -> true.
bool isOctetPrefix(QStringView text, int maxOctets)
{
    const auto parts = text.split(u'.');
    if (parts.size() > maxOctets)
        return false;
    for (const QStringView part : parts) {
        if (part.isEmpty() || part.size() > 3 || !isAllDigits(part) || (part.size() > 1 && part.front() == u'0')
            || part.toInt() > 255)
            return false;
    }
    return true;
}

quint32 ipv4Value(const QString &canonical)
{
    quint32 v = 0;
    for (const QString &part : canonical.split(u'.'))
        v = (v << 8) | quint32(part.toUInt());
    return v;
}

QString ipv4Text(quint32 v)
{
    return u"%1.%2.%3.%4"_s.arg(v >> 24).arg((v >> 16) & 0xff).arg((v >> 8) & 0xff).arg(v & 0xff);
}

Validated<QString> ipv4Network(const Subject &subject, const QString &field, const QString &value)
{
    const qsizetype slash = value.indexOf(u'/');
    auto address = ipv4Address(field, value.left(slash));
    if (!address.ok())
        return subject.invalid(u"host-pattern"_s, u"a network must be an IPv4 address, '/' and a prefix length or netmask"_s);
    const QString suffix = value.mid(slash + 1);
    quint32 mask = 0;
    if (isAllDigits(suffix) && !suffix.isEmpty() && suffix.size() <= 2 && !(suffix.size() > 1 && suffix.front() == u'0')) {
        const int bits = suffix.toInt();
        if (bits < 1 || bits > 32)
            return subject.invalid(u"host-pattern"_s, u"the prefix length must be from 1 to 32"_s);
        mask = bits == 32 ? 0xffffffffU : ~(0xffffffffU >> bits);
    } else {
        auto m = ipv4Address(field, suffix);
        if (!m.ok())
            return subject.invalid(u"host-pattern"_s, u"the part after '/' must be a prefix length or a netmask"_s);
        mask = ipv4Value(*m);
        if (mask == 0 || (~mask & (~mask + 1)) != 0)
            return subject.invalid(u"host-pattern"_s, u"the netmask must be contiguous ones followed by zeros"_s);
    }
    const quint32 net = ipv4Value(*address);
    if ((net & ~mask) != 0)
        return subject.invalid(u"host-pattern"_s, u"the address has bits set outside the network (use %1)"_s.arg(ipv4Text(net & mask)));
    return ipv4Text(net) + u'/' + ipv4Text(mask);
}

} // namespace

Validated<QString> databaseHostPattern(const QString &field, const QString &value)
{
    const Subject subject(field, value, u"client host pattern"_s);
    if (const auto e = subject.basicProblem())
        return *e;
    if (value.size() > 255)
        return subject.invalid(u"length"_s, u"it has %1 characters; at most 255 are allowed"_s.arg(value.size()));
    if (value == u"%")
        return value;
    if (value.contains(u'_'))
        return subject.invalid(u"host-pattern"_s, u"'_' is a wildcard in host patterns; "_s + HostPatternForms);
    if (value.contains(u':'))
        return ipv6Address(field, value);
    if (value.startsWith(u"%.")) {
        auto d = domainName(field, value.mid(2));
        if (!d.ok())
            return subject.invalid(u"host-pattern"_s, u"after %. must come a domain name"_s);
        return u"%."_s + *d;
    }
    if (value.endsWith(u".%")) {
        if (!isOctetPrefix(QStringView(value).chopped(2), 3))
            return subject.invalid(u"host-pattern"_s, u"a wildcard address is one to three numbers from 0 to 255 followed by .%"_s);
        return value;
    }
    if (value.contains(u'%'))
        return subject.invalid(u"host-pattern"_s, u"'%' may stand alone, start %.<domain> or end an IPv4 prefix; "_s + HostPatternForms);
    if (value.contains(u'/'))
        return ipv4Network(subject, field, value);
    bool digitsAndDots = true;
    for (const QChar c : value)
        digitsAndDots = digitsAndDots && (isAsciiDigit(c) || c == u'.');
    if (digitsAndDots)
        return ipv4Address(field, value);
    auto h = hostName(field, value);
    if (!h.ok())
        return subject.invalid(u"host-pattern"_s, HostPatternForms);
    return *h;
}

QStringList databasePrivilegeNames()
{
    QStringList out;
    for (const QStringView p : Privileges)
        out << p.toString();
    return out;
}

Validated<QString> databasePrivilege(const QString &field, const QString &value)
{
    const Subject subject(field, value, u"database privilege"_s);
    if (const auto e = subject.basicProblem())
        return *e;
    if (!isAscii(value) || value.size() > 40)
        return subject.invalid(u"privilege"_s, u"it must be one of "_s + databasePrivilegeNames().join(u", "_s));
    QString words;
    for (const QChar c : value) {
        const QChar u = (c.unicode() >= u'a' && c.unicode() <= u'z') ? QChar(c.unicode() - 32) : c;
        if (u == u'_' || u == u' ') {
            if (!words.isEmpty() && !words.endsWith(u' '))
                words += u' ';
        } else {
            words += u;
        }
    }
    for (const QStringView p : Privileges) {
        if (words == p)
            return p.toString();
    }
    return subject.invalid(u"privilege"_s, u"it must be one of "_s + databasePrivilegeNames().join(u", "_s));
}

Validated<QStringList> databasePrivileges(const QString &field, const QStringList &values)
{
    if (values.isEmpty())
        return ValidationError { field, u"required"_s, u"%1: give at least one privilege"_s.arg(field) };
    QStringList canonical;
    for (const QString &v : values) {
        auto p = databasePrivilege(field, v);
        if (!p.ok())
            return p.error();
        canonical << *p;
    }
    if (canonical.contains(u"ALL"_s) && canonical.count(u"ALL"_s) != canonical.size())
        return ValidationError { field, u"all-alone"_s, u"%1: ALL already grants every privilege; give it alone"_s.arg(field) };
    QStringList out;
    for (const QStringView p : Privileges) {
        if (canonical.contains(p.toString()))
            out << p.toString();
    }
    return out;
}

Validated<QString> databaseName(const QString &field, const QString &value)
{
    return identifier(Subject(field, value, u"database name"_s), value, MaxDatabaseNameLength, ReservedDatabases, true);
}

Validated<QString> databaseUser(const QString &field, const QString &value)
{
    return identifier(
        Subject(field, value, u"database user name"_s), value, MaxDatabaseUserLength, ReservedUsers, false);
}

} // namespace Isp::Core::Validate
