#include "core/model/dnsrecord.h"

#include <QStringDecoder>
#include <QStringList>

#include <algorithm>

namespace Isp::Core {

namespace {

constexpr quint32 MaxDuration = 4294967295U;

bool isUtf8(const QByteArray &bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString decoded = decoder.decode(bytes); // decoding is what sets the error
    Q_UNUSED(decoded)
    return !decoder.hasError();
}

bool isDigit(QChar c)
{
    return c.unicode() >= u'0' && c.unicode() <= u'9';
}

// Compares two owner names relative to the zone in DNS canonical order, the apex first.
int compareNames(const QString &a, const QString &b)
{
    if (a == b)
        return 0;
    if (a == QLatin1String("@"))
        return -1;
    if (b == QLatin1String("@"))
        return 1;
    const QStringList la = a.toLower().split(QLatin1Char('.'));
    const QStringList lb = b.toLower().split(QLatin1Char('.'));
    for (qsizetype i = 1; i <= std::min(la.size(), lb.size()); ++i) {
        const int c = la.at(la.size() - i).compare(lb.at(lb.size() - i));
        if (c != 0)
            return c;
    }
    return la.size() < lb.size() ? -1 : (la.size() > lb.size() ? 1 : 0);
}

// Compares values word by word, numbers as numbers ("5 mx" before "10 mx").
int compareValues(const QString &a, const QString &b)
{
    const QStringList wa = a.split(QLatin1Char(' '));
    const QStringList wb = b.split(QLatin1Char(' '));
    for (qsizetype i = 0; i < std::min(wa.size(), wb.size()); ++i) {
        bool na = false;
        bool nb = false;
        const qulonglong va = wa.at(i).toULongLong(&na);
        const qulonglong vb = wb.at(i).toULongLong(&nb);
        if (na && nb) {
            if (va != vb)
                return va < vb ? -1 : 1;
            continue;
        }
        const int c = wa.at(i).compare(wb.at(i));
        if (c != 0)
            return c;
    }
    return wa.size() < wb.size() ? -1 : (wa.size() > wb.size() ? 1 : 0);
}

} // namespace

QString DnsSoa::toString() const
{
    return QStringLiteral("%1 %2 %3 %4 %5 %6 %7")
        .arg(primary, mailbox)
        .arg(serial)
        .arg(refresh)
        .arg(retry)
        .arg(expire)
        .arg(minimum);
}

std::optional<DnsSoa> DnsSoa::fromString(const QString &text)
{
    const QStringList parts = text.simplified().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (parts.size() != 7)
        return std::nullopt;
    DnsSoa soa;
    soa.primary = parts.at(0);
    soa.mailbox = parts.at(1);
    bool ok = false;
    const qulonglong serial = parts.at(2).toULongLong(&ok);
    if (!ok || serial > MaxDuration)
        return std::nullopt;
    soa.serial = quint32(serial);
    int *timers[] = { &soa.refresh, &soa.retry, &soa.expire, &soa.minimum };
    for (int i = 0; i < 4; ++i) {
        const auto seconds = parseDnsDuration(parts.at(3 + i));
        if (!seconds || *seconds > 2147483647)
            return std::nullopt;
        *timers[i] = int(*seconds);
    }
    return soa;
}

QString dnsRecordAttribute(DnsRecordType type)
{
    switch (type) {
    case DnsRecordType::A:
        return QStringLiteral("aRecord");
    case DnsRecordType::Aaaa:
        return QStringLiteral("aAAARecord");
    case DnsRecordType::Cname:
        return QStringLiteral("cNAMERecord");
    case DnsRecordType::Ns:
        return QStringLiteral("nSRecord");
    case DnsRecordType::Ptr:
        return QStringLiteral("pTRRecord");
    case DnsRecordType::Mx:
        return QStringLiteral("mXRecord");
    case DnsRecordType::Txt:
        return QStringLiteral("tXTRecord");
    case DnsRecordType::Srv:
        return QStringLiteral("sRVRecord");
    case DnsRecordType::Caa:
        return QStringLiteral("cAARecord");
    }
    Q_UNREACHABLE();
    return {};
}

const QList<DnsRecordType> &dnsRecordTypes()
{
    static const QList<DnsRecordType> types { DnsRecordType::Ns, DnsRecordType::Mx, DnsRecordType::A,
        DnsRecordType::Aaaa, DnsRecordType::Cname, DnsRecordType::Ptr, DnsRecordType::Txt, DnsRecordType::Srv,
        DnsRecordType::Caa };
    return types;
}

void sortDnsRecords(QList<DnsRecord> &records)
{
    const QList<DnsRecordType> &order = dnsRecordTypes();
    std::stable_sort(records.begin(), records.end(), [&](const DnsRecord &a, const DnsRecord &b) {
        if (const int c = compareNames(a.name, b.name); c != 0)
            return c < 0;
        if (a.type != b.type)
            return order.indexOf(a.type) < order.indexOf(b.type);
        return compareValues(a.value, b.value) < 0;
    });
}

std::optional<qint64> parseDnsDuration(QStringView text)
{
    if (text.isEmpty())
        return std::nullopt;
    qint64 total = 0;
    qint64 number = -1; // -1: no digits since the last unit
    bool units = false;
    for (const QChar c : text) {
        if (isDigit(c)) {
            number = (number < 0 ? 0 : number) * 10 + (c.unicode() - u'0');
            if (number > MaxDuration)
                return std::nullopt;
            continue;
        }
        qint64 factor = 0;
        switch (c.toLower().unicode()) {
        case u'w':
            factor = 604800;
            break;
        case u'd':
            factor = 86400;
            break;
        case u'h':
            factor = 3600;
            break;
        case u'm':
            factor = 60;
            break;
        case u's':
            factor = 1;
            break;
        default:
            return std::nullopt;
        }
        if (number < 0)
            return std::nullopt;
        total += number * factor;
        if (total > MaxDuration)
            return std::nullopt;
        number = -1;
        units = true;
    }
    if (number >= 0) {
        // Digits after a unit ("1h30") are seconds, as BIND reads them.
        total += number;
        if (total > MaxDuration)
            return std::nullopt;
    } else if (!units) {
        return std::nullopt;
    }
    return total;
}

std::optional<QList<QByteArray>> parseDnsCharacterStrings(QStringView text)
{
    QList<QByteArray> out;
    qsizetype i = 0;
    const qsizetype n = text.size();
    while (i < n) {
        const QChar c = text.at(i);
        if (c == u' ' || c == u'\t') {
            ++i;
            continue;
        }
        const bool quoted = c == u'"';
        if (quoted)
            ++i;
        QByteArray bytes;
        bool closed = !quoted;
        while (i < n) {
            const QChar d = text.at(i);
            if (quoted && d == u'"') {
                closed = true;
                ++i;
                break;
            }
            if (!quoted && (d == u' ' || d == u'\t'))
                break;
            if (!quoted && d == u'"')
                return std::nullopt;
            if (d == u'\\') {
                if (i + 1 >= n)
                    return std::nullopt;
                if (isDigit(text.at(i + 1))) {
                    if (i + 3 >= n || !isDigit(text.at(i + 2)) || !isDigit(text.at(i + 3)))
                        return std::nullopt;
                    const int value = (text.at(i + 1).unicode() - u'0') * 100 + (text.at(i + 2).unicode() - u'0') * 10
                        + (text.at(i + 3).unicode() - u'0');
                    if (value > 255)
                        return std::nullopt;
                    bytes += char(value);
                    i += 4;
                    continue;
                }
                bytes += QString(text.at(i + 1)).toUtf8();
                i += 2;
                continue;
            }
            if (d.isHighSurrogate() && i + 1 < n) {
                bytes += text.mid(i, 2).toUtf8();
                i += 2;
                continue;
            }
            bytes += QString(d).toUtf8();
            ++i;
        }
        if (!closed)
            return std::nullopt;
        if (i < n && text.at(i) != u' ' && text.at(i) != u'\t')
            return std::nullopt; // "a""b": strings must be separated
        out.append(bytes);
    }
    return out;
}

QString printDnsCharacterStrings(const QList<QByteArray> &strings, bool asciiOnly)
{
    QByteArray out;
    for (const QByteArray &s : strings) {
        if (!out.isEmpty())
            out += ' ';
        out += '"';
        for (const char ch : s) {
            const auto b = uchar(ch);
            if (b == '"' || b == '\\') {
                out += '\\';
                out += char(b);
            } else if (b < 0x20 || b == 0x7f || (asciiOnly && b >= 0x80)) {
                out += '\\';
                out += QByteArray::number(b).rightJustified(3, '0');
            } else {
                out += char(b);
            }
        }
        out += '"';
    }
    return QString::fromUtf8(out);
}

QByteArray dnsValueToStorage(DnsRecordType type, const QString &value)
{
    if (type == DnsRecordType::Txt && value.startsWith(QLatin1Char('"'))) {
        if (const auto strings = parseDnsCharacterStrings(value))
            return printDnsCharacterStrings(*strings, true).toLatin1();
    }
    return value.toUtf8();
}

QString dnsValueFromStorage(DnsRecordType type, const QByteArray &stored)
{
    const QString text = QString::fromUtf8(stored);
    // Unquoted TXT values (written by hand or by other tools) are left as they are: the caller
    // reads them as one text, which is what their authors meant.
    if (type != DnsRecordType::Txt || !text.startsWith(QLatin1Char('"')))
        return text;
    const auto strings = parseDnsCharacterStrings(text);
    if (!strings)
        return text;
    for (const QByteArray &s : *strings) {
        if (!isUtf8(s))
            return text; // binary data: keep the escaped form
    }
    return printDnsCharacterStrings(*strings, false);
}

QList<DnsRecord> dnsRecordsFromEntry(const LdapEntry &entry, const QString &name, std::optional<int> ttl)
{
    QList<DnsRecord> out;
    for (const DnsRecordType type : dnsRecordTypes()) {
        for (const QByteArray &v : entry.values(dnsRecordAttribute(type)))
            out.append(DnsRecord { name, type, dnsValueFromStorage(type, v), ttl });
    }
    return out;
}

LdapEntry dnsNameEntry(
    const Dit &dit, const QString &zone, const QString &name, const QList<DnsRecord> &records, std::optional<int> ttl)
{
    LdapEntry e(dit.dnsName(zone, name));
    e.setTexts(QStringLiteral("objectClass"), { QStringLiteral("dNSZone") });
    e.setText(QStringLiteral("zoneName"), zone);
    e.setText(QStringLiteral("relativeDomainName"), name);
    e.setText(QStringLiteral("dNSClass"), QStringLiteral("IN"));
    if (ttl)
        e.setText(QStringLiteral("dNSTTL"), QString::number(*ttl));
    for (const DnsRecordType type : dnsRecordTypes()) {
        QList<QByteArray> values;
        for (const DnsRecord &r : records) {
            if (r.type == type)
                values << dnsValueToStorage(type, r.value);
        }
        if (!values.isEmpty())
            e.setValues(dnsRecordAttribute(type), values);
    }
    return e;
}

} // namespace Isp::Core
