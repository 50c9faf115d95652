#include "core/ops/zonefile.h"

#include "core/ops/dnsops.h"
#include "core/validation/dnsrecordvalue.h"
#include "core/validation/domainname.h"
#include "core/validation/number.h"

#include <QMap>
#include <QStringDecoder>

namespace Isp::Core {

namespace {

const QString kFile = QStringLiteral("file");
const QString kApex = QStringLiteral("@");
constexpr qsizetype MaxNameColumn = 40;

// --- Reading ------------------------------------------------------------------------------------

struct Token
{
    QString text; // escapes kept as written
    bool quoted = false;
};

// One record or directive: its tokens over one line, or several inside parentheses.
struct Entry
{
    int line = 0;
    bool ownerOmitted = false; // the first token did not start the line
    QList<Token> tokens;
};

OpError fileError(int line, const QString &what)
{
    return OpError::invalid(kFile,
        line > 0 ? QStringLiteral("file: line %1: %2").arg(line).arg(what) : QStringLiteral("file: %1").arg(what));
}

OpError fileError(int line, const ValidationError &e)
{
    return fileError(line, e.message);
}

// A short, display-safe form of a token for messages.
QString shown(const QString &text)
{
    QString out;
    for (const QChar c : text.left(40))
        out += c.unicode() < 0x20 || c.unicode() == 0x7f ? QChar(u'?') : c;
    return QLatin1Char('"') + out + (text.size() > 40 ? QStringLiteral("...\"") : QStringLiteral("\""));
}

bool isSpace(QChar c)
{
    return c == u' ' || c == u'\t' || c == u'\r';
}

OpResult<QList<Entry>> tokenize(const QString &text)
{
    QList<Entry> entries;
    Entry current;
    int line = 1;
    int openedOn = 0; // line of the open parenthesis, 0 when none is open
    bool lineStart = true;
    const qsizetype n = text.size();
    const auto finish = [&] {
        if (!current.tokens.isEmpty())
            entries << current;
        current = Entry();
    };
    qsizetype i = 0;
    while (i < n) {
        const QChar c = text.at(i);
        if (c == u'\n') {
            ++line;
            lineStart = true;
            ++i;
            if (!openedOn)
                finish();
            continue;
        }
        const bool atStart = lineStart;
        lineStart = false;
        if (isSpace(c)) {
            ++i;
            continue;
        }
        if (c == u';') {
            while (i < n && text.at(i) != u'\n')
                ++i;
            continue;
        }
        if (c == u'(') {
            if (openedOn)
                return fileError(
                    line, QStringLiteral("parentheses cannot be nested (one is open since line %1)").arg(openedOn));
            openedOn = line;
            ++i;
            continue;
        }
        if (c == u')') {
            if (!openedOn)
                return fileError(line, QStringLiteral("\")\" without an open \"(\""));
            openedOn = 0;
            ++i;
            continue;
        }
        Token t;
        if (current.tokens.isEmpty()) {
            current.line = line;
            current.ownerOmitted = !atStart;
        }
        if (c == u'"') {
            t.quoted = true;
            ++i;
            bool closed = false;
            while (i < n && text.at(i) != u'\n') {
                const QChar d = text.at(i);
                if (d == u'\\' && i + 1 < n && text.at(i + 1) != u'\n') {
                    t.text += d;
                    t.text += text.at(i + 1);
                    i += 2;
                    continue;
                }
                ++i;
                if (d == u'"') {
                    closed = true;
                    break;
                }
                t.text += d;
            }
            if (!closed)
                return fileError(line, QStringLiteral("a quoted string is not closed on its line"));
        } else {
            while (i < n) {
                const QChar d = text.at(i);
                if (d == u'\\') {
                    if (i + 1 >= n || text.at(i + 1) == u'\n')
                        return fileError(line, QStringLiteral("a backslash at the end of a line"));
                    t.text += d;
                    t.text += text.at(i + 1);
                    i += 2;
                    continue;
                }
                if (isSpace(d) || d == u'\n' || d == u';' || d == u'(' || d == u')' || d == u'"')
                    break;
                t.text += d;
                ++i;
            }
        }
        current.tokens << t;
    }
    if (openedOn)
        return fileError(openedOn, QStringLiteral("\"(\" is not closed"));
    finish();
    return entries;
}

bool endsWithUnescapedDot(const QString &name)
{
    if (!name.endsWith(QLatin1Char('.')))
        return false;
    qsizetype backslashes = 0;
    for (qsizetype i = name.size() - 2; i >= 0 && name.at(i) == u'\\'; --i)
        ++backslashes;
    return backslashes % 2 == 0;
}

// `name` made absolute against `origin` (which has no trailing dot).
QString absolute(const QString &name, const QString &origin)
{
    if (name == kApex)
        return origin + QLatin1Char('.');
    if (endsWithUnescapedDot(name))
        return name;
    return origin.isEmpty() ? name + QLatin1Char('.') : name + QLatin1Char('.') + origin + QLatin1Char('.');
}

bool isUtf8(const QByteArray &bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString decoded = decoder.decode(bytes);
    Q_UNUSED(decoded)
    return !decoder.hasError();
}

// Character-strings of the tokens, decoded (\X, \DDD) to bytes, as the text the validators read:
// each string quoted with only " and \ escaped, so that a control character written as \DDD
// meets the validator's control-character rule.
OpResult<QString> characterStrings(int line, const QList<Token> &tokens, const QString &field)
{
    QStringList written;
    for (const Token &t : tokens)
        written << (t.quoted ? QLatin1Char('"') + t.text + QLatin1Char('"') : t.text);
    const auto strings = parseDnsCharacterStrings(written.join(QLatin1Char(' ')));
    if (!strings)
        return fileError(
            line, QStringLiteral("%1: the text is not well formed (an escape \\DDD must be 000-255)").arg(field));
    QStringList quoted;
    for (const QByteArray &s : *strings) {
        if (!isUtf8(s))
            return fileError(
                line, QStringLiteral("%1: the text is not UTF-8 (ISPMan keeps TXT and CAA values as text)").arg(field));
        QString text = QString::fromUtf8(s);
        text.replace(QLatin1Char('\\'), QStringLiteral("\\\\")).replace(QLatin1Char('"'), QStringLiteral("\\\""));
        quoted << QLatin1Char('"') + text + QLatin1Char('"');
    }
    return quoted.join(QLatin1Char(' '));
}

bool isClass(const QString &token)
{
    for (const char *c : { "IN", "CH", "CS", "HS" }) {
        if (token.compare(QLatin1String(c), Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

OpResult<int> duration(int line, const QString &field, const QString &token)
{
    const auto seconds = parseDnsDuration(token);
    if (!seconds)
        return fileError(line,
            QStringLiteral("%1: %2 is not a time: seconds, or numbers with the units w, d, h, m, s (1h30m)")
                .arg(field, shown(token)));
    auto ttl = Validate::dnsTtl(field, QString::number(*seconds));
    if (!ttl.ok())
        return fileError(line, ttl.error());
    return int(**ttl);
}

struct Parsed
{
    DnsRecord record;
    int line = 0;
    int ttl = 0;
};

struct Parser
{
    QString zone;
    QString origin;
    std::optional<int> dollarTtl;
    std::optional<int> lastTtl;
    QString lastOwner;
    std::optional<DnsSoa> soa;
    int soaLine = 0;
    int soaTtl = 0;
    QList<Parsed> records;

    OpResult<Done> directive(const Entry &e)
    {
        const QString name = e.tokens.first().text.toUpper();
        if (name == QLatin1String("$INCLUDE"))
            return fileError(e.line, QStringLiteral("$INCLUDE is not supported: import one self-contained file"));
        if (name == QLatin1String("$GENERATE"))
            return fileError(e.line, QStringLiteral("$GENERATE is not supported: write the records it would generate"));
        if (name != QLatin1String("$ORIGIN") && name != QLatin1String("$TTL"))
            return fileError(e.line,
                QStringLiteral("%1 is not a directive ($ORIGIN and $TTL are)").arg(shown(e.tokens.first().text)));
        if (e.tokens.size() != 2 || e.tokens.at(1).quoted)
            return fileError(e.line, QStringLiteral("%1 takes one value").arg(name));
        if (name == QLatin1String("$TTL")) {
            auto ttl = duration(e.line, QStringLiteral("$TTL"), e.tokens.at(1).text);
            if (!ttl.ok())
                return ttl.error();
            dollarTtl = *ttl;
            return Done {};
        }
        const QString full = absolute(e.tokens.at(1).text, origin);
        if (full == QLatin1String(".")) {
            origin.clear(); // the root, as named-compilezone writes it before absolute names
            return Done {};
        }
        // Names below it may have service labels ("$ORIGIN _tcp.example.com.").
        auto checked = Validate::dnsTargetName(QStringLiteral("$ORIGIN"), full, zone, DnsRecordType::Cname);
        if (!checked.ok())
            return fileError(e.line, checked.error());
        origin = checked->chopped(1);
        return Done {};
    }

    OpResult<Done> soaRecord(const Entry &e, const QString &owner, const QList<Token> &rdata, std::optional<int> ttl)
    {
        if (soa)
            return fileError(
                e.line, QStringLiteral("a zone has one SOA record (the first is on line %1)").arg(soaLine));
        auto name = Validate::dnsOwnerName(QStringLiteral("name"), owner, zone, DnsRecordType::Ns);
        if (!name.ok())
            return fileError(e.line, name.error());
        if (*name != kApex)
            return fileError(e.line,
                QStringLiteral("name: the SOA record belongs to the zone apex (%1.), not to %2")
                    .arg(zone, shown(owner)));
        if (rdata.size() != 7)
            return fileError(e.line,
                QStringLiteral(
                    "SOA: expected primary name server, mailbox, serial, refresh, retry, expire and minimum"));
        DnsSoa s;
        auto primary = Validate::dnsTargetName(
            QStringLiteral("primary"), absolute(rdata.at(0).text, origin), zone, DnsRecordType::Ns);
        if (!primary.ok())
            return fileError(e.line, primary.error());
        s.primary = *primary;
        auto mailbox = Validate::dnsSoaMailbox(QStringLiteral("mailbox"), absolute(rdata.at(1).text, origin));
        if (!mailbox.ok())
            return fileError(e.line, mailbox.error());
        s.mailbox = *mailbox;
        auto serial = Validate::integer(QStringLiteral("serial"), rdata.at(2).text, 0, 4294967295LL);
        if (!serial.ok())
            return fileError(e.line, serial.error());
        s.serial = quint32(*serial);
        const QString fields[] = { QStringLiteral("refresh"), QStringLiteral("retry"), QStringLiteral("expire"),
            QStringLiteral("minimum") };
        int *timers[] = { &s.refresh, &s.retry, &s.expire, &s.minimum };
        for (int i = 0; i < 4; ++i) {
            auto seconds = duration(e.line, fields[i], rdata.at(3 + i).text);
            if (!seconds.ok())
                return seconds.error();
            *timers[i] = *seconds;
        }
        soa = s;
        soaLine = e.line;
        soaTtl = ttl ? *ttl : (dollarTtl ? *dollarTtl : lastTtl.value_or(s.minimum));
        return Done {};
    }

    OpResult<Done> record(const Entry &e)
    {
        qsizetype i = 0;
        QString owner;
        if (e.ownerOmitted) {
            if (lastOwner.isEmpty())
                return fileError(
                    e.line, QStringLiteral("the first record needs an owner name at the start of its line"));
            owner = lastOwner;
        } else {
            if (e.tokens.first().quoted)
                return fileError(e.line, QStringLiteral("an owner name cannot be quoted"));
            owner = absolute(e.tokens.first().text, origin);
            lastOwner = owner;
            i = 1;
        }
        std::optional<int> ttl;
        bool classSeen = false;
        while (i < e.tokens.size() && !e.tokens.at(i).quoted) {
            const QString &t = e.tokens.at(i).text;
            if (!ttl && !t.isEmpty() && t.at(0).isDigit()) {
                auto seconds = duration(e.line, QStringLiteral("ttl"), t);
                if (!seconds.ok())
                    return seconds.error();
                ttl = *seconds;
                ++i;
                continue;
            }
            if (!classSeen && isClass(t)) {
                if (t.compare(QLatin1String("IN"), Qt::CaseInsensitive) != 0)
                    return fileError(e.line,
                        QStringLiteral("class %1: only Internet (IN) records can be imported").arg(t.toUpper()));
                classSeen = true;
                ++i;
                continue;
            }
            break;
        }
        if (i >= e.tokens.size() || e.tokens.at(i).quoted)
            return fileError(e.line, QStringLiteral("type: the record has no type"));
        const QString typeText = e.tokens.at(i).text;
        const QList<Token> rdata = e.tokens.mid(i + 1);
        if (ttl)
            lastTtl = ttl;
        if (typeText.compare(QLatin1String("SOA"), Qt::CaseInsensitive) == 0)
            return soaRecord(e, owner, rdata, ttl);
        auto type = Validate::dnsRecordType(QStringLiteral("type"), typeText);
        if (!type.ok())
            return fileError(e.line, type.error());
        int effective = 0;
        if (ttl)
            effective = *ttl;
        else if (dollarTtl)
            effective = *dollarTtl;
        else if (lastTtl)
            effective = *lastTtl;
        else if (soa)
            effective = soa->minimum;
        else
            return fileError(
                e.line, QStringLiteral("ttl: the record has no TTL; give one, or start the file with $TTL"));

        for (qsizetype k = 0; k < rdata.size(); ++k) {
            if (rdata.at(k).quoted && !(*type == DnsRecordType::Txt || (*type == DnsRecordType::Caa && k == 2)))
                return fileError(e.line,
                    QStringLiteral("value: quoted text where %1 expects a name or a number")
                        .arg(dnsRecordTypeName(*type)));
        }
        const auto expect = [&](qsizetype count, const QString &what) -> std::optional<OpError> {
            if (rdata.size() != count)
                return fileError(e.line, QStringLiteral("value: %1 has %2").arg(dnsRecordTypeName(*type), what));
            return std::nullopt;
        };
        std::optional<OpError> wrong;
        QString value;
        switch (*type) {
        case DnsRecordType::A:
        case DnsRecordType::Aaaa:
            wrong = expect(1, QStringLiteral("one address"));
            if (!wrong)
                value = rdata.at(0).text;
            break;
        case DnsRecordType::Cname:
        case DnsRecordType::Ns:
        case DnsRecordType::Ptr:
            wrong = expect(1, QStringLiteral("one name"));
            if (!wrong)
                value = absolute(rdata.at(0).text, origin);
            break;
        case DnsRecordType::Mx:
            wrong = expect(2, QStringLiteral("a preference and a mail server, like 10 mx1.example.com."));
            if (!wrong)
                value = rdata.at(0).text + QLatin1Char(' ') + absolute(rdata.at(1).text, origin);
            break;
        case DnsRecordType::Srv:
            wrong = expect(4, QStringLiteral("priority, weight, port and target, like 0 5 5060 sip.example.com."));
            if (!wrong)
                value = QStringList { rdata.at(0).text, rdata.at(1).text, rdata.at(2).text,
                    absolute(rdata.at(3).text, origin) }
                            .join(QLatin1Char(' '));
            break;
        case DnsRecordType::Txt: {
            if (rdata.isEmpty()) {
                wrong = fileError(e.line, QStringLiteral("value: TXT has at least one string"));
                break;
            }
            auto strings = characterStrings(e.line, rdata, QStringLiteral("value"));
            if (!strings.ok())
                return strings.error();
            value = *strings;
            break;
        }
        case DnsRecordType::Caa: {
            wrong = expect(3, QStringLiteral("flags, tag and value, like 0 issue \"letsencrypt.org\""));
            if (wrong)
                break;
            auto v = characterStrings(e.line, { rdata.at(2) }, QStringLiteral("value"));
            if (!v.ok())
                return v.error();
            value = rdata.at(0).text + QLatin1Char(' ') + rdata.at(1).text + QLatin1Char(' ') + *v;
            break;
        }
        }
        if (wrong)
            return *wrong;
        auto checked = DnsOps::checkRecord(zone, DnsRecord { owner, *type, value, std::nullopt });
        if (!checked.ok())
            return fileError(e.line, checked.error());
        records << Parsed { *checked, e.line, effective };
        return Done {};
    }

    // The rules for the zone as a whole.
    OpResult<Done> check() const
    {
        if (!soa)
            return fileError(
                0, QStringLiteral("the file has no SOA record; a zone file starts with the SOA of the zone"));
        struct Seen
        {
            DnsRecordType type;
            QString value;
            int line;
            int ttl;
        };
        QMap<QString, QList<Seen>> names;
        names[kApex]; // the SOA's TTL is the apex's
        bool apexNs = false;
        for (const Parsed &p : records) {
            const DnsRecord &r = p.record;
            const int nameTtl = r.name == kApex ? soaTtl : p.ttl;
            QList<Seen> &seen = names[r.name];
            if (r.name == kApex && p.ttl != soaTtl)
                return fileError(p.line,
                    QStringLiteral("ttl: the apex has the TTL %1 (SOA, line %2), this record %3; all records of a name "
                                   "share one TTL")
                        .arg(soaTtl)
                        .arg(soaLine)
                        .arg(p.ttl));
            for (const Seen &s : std::as_const(seen)) {
                if (s.type == r.type && s.value.compare(r.value, Qt::CaseInsensitive) == 0)
                    return fileError(p.line,
                        QStringLiteral("value: duplicate of the %1 record on line %2")
                            .arg(dnsRecordTypeName(r.type))
                            .arg(s.line));
                if (s.ttl != nameTtl)
                    return fileError(p.line,
                        QStringLiteral(
                            "ttl: %1 has the TTL %2 on line %3 and %4 here; all records of a name share one TTL")
                            .arg(r.name)
                            .arg(s.ttl)
                            .arg(s.line)
                            .arg(nameTtl));
                if (s.type == DnsRecordType::Cname && r.type == DnsRecordType::Cname)
                    return fileError(p.line,
                        QStringLiteral("value: %1 has a CNAME on line %2 already; a name has at most one")
                            .arg(r.name)
                            .arg(s.line));
                if (s.type == DnsRecordType::Mx && r.type == DnsRecordType::Mx
                    && (s.value == QLatin1String("0 .") || r.value == QLatin1String("0 .")))
                    return fileError(p.line,
                        QStringLiteral("value: %1 has a null MX (0 .: no mail at all) and other MX records (line %2); "
                                       "a null MX stands alone (RFC 7505)")
                            .arg(r.name)
                            .arg(s.line));
                if ((s.type == DnsRecordType::Cname) != (r.type == DnsRecordType::Cname))
                    return fileError(p.line,
                        QStringLiteral("name: %1 has a CNAME (line %2) and other records; a name with a CNAME has no "
                                       "other records (RFC 1034 3.6.2)")
                            .arg(r.name)
                            .arg(s.type == DnsRecordType::Cname ? s.line : p.line));
            }
            seen << Seen { r.type, r.value, p.line, nameTtl };
            apexNs = apexNs || (r.name == kApex && r.type == DnsRecordType::Ns);
        }
        if (!apexNs)
            return fileError(soaLine, QStringLiteral("the zone apex has no NS record; a zone needs at least one"));
        return Done {};
    }
};

// --- Writing ------------------------------------------------------------------------------------

QString txtText(const QString &value, qsizetype indent)
{
    const auto strings = parseDnsCharacterStrings(value);
    if (!strings || strings->isEmpty())
        return value; // not ISPMan's form: as stored
    if (strings->size() == 1)
        return printDnsCharacterStrings(*strings, true);
    QStringList parts;
    for (const QByteArray &s : *strings)
        parts << printDnsCharacterStrings({ s }, true);
    return QStringLiteral("( ") + parts.join(QLatin1Char('\n') + QString(indent + 2, QLatin1Char(' ')))
        + QStringLiteral(" )");
}

} // namespace

QString exportZone(const DnsZone &zone)
{
    qsizetype nameWidth = 1;
    qsizetype ttlWidth = 0;
    for (const DnsRecord &r : zone.records) {
        nameWidth = std::max(nameWidth, std::min(r.name.size(), MaxNameColumn));
        if (r.ttl)
            ttlWidth = std::max(ttlWidth, QString::number(*r.ttl).size());
    }
    const auto prefix = [&](const QString &name, const std::optional<int> &ttl, const QString &type) {
        QString p = name.leftJustified(nameWidth) + QLatin1Char(' ');
        if (ttlWidth > 0)
            p += (ttl ? QString::number(*ttl) : QString()).leftJustified(ttlWidth) + QLatin1Char(' ');
        return p + QStringLiteral("IN ") + type.leftJustified(5) + QLatin1Char(' ');
    };
    QString out;
    out += QStringLiteral("; Zone %1, written by ISPMan\n").arg(zone.name);
    out += QStringLiteral("$ORIGIN %1.\n").arg(zone.name);
    out += QStringLiteral("$TTL %1\n").arg(zone.ttl);
    const QString soaPrefix = prefix(kApex, std::nullopt, QStringLiteral("SOA"));
    const QString indent(soaPrefix.size() + 2, QLatin1Char(' '));
    out += soaPrefix + QStringLiteral("%1 %2 (\n").arg(zone.soa.primary, zone.soa.mailbox);
    out += indent + QStringLiteral("%1 ; serial\n").arg(QString::number(zone.soa.serial).leftJustified(10));
    out += indent + QStringLiteral("%1 ; refresh\n").arg(QString::number(zone.soa.refresh).leftJustified(10));
    out += indent + QStringLiteral("%1 ; retry\n").arg(QString::number(zone.soa.retry).leftJustified(10));
    out += indent + QStringLiteral("%1 ; expire\n").arg(QString::number(zone.soa.expire).leftJustified(10));
    out += indent
        + QStringLiteral("%1 ; minimum\n")
              .arg((QString::number(zone.soa.minimum) + QStringLiteral(" )")).leftJustified(10));
    QList<DnsRecord> records = zone.records;
    sortDnsRecords(records);
    for (const DnsRecord &r : std::as_const(records)) {
        const QString p = prefix(r.name, r.ttl, dnsRecordTypeName(r.type));
        out += p + (r.type == DnsRecordType::Txt ? txtText(r.value, p.size()) : r.value) + QLatin1Char('\n');
    }
    return out;
}

OpResult<DnsZone> parseZone(const QString &zone, const QString &text)
{
    auto z = Validate::domainName(QStringLiteral("zone"), zone);
    if (!z.ok())
        return OpError::invalid(z.error().field, z.error().message);
    auto entries = tokenize(text);
    if (!entries.ok())
        return entries.error();
    Parser parser;
    parser.zone = *z;
    parser.origin = *z;
    for (const Entry &e : std::as_const(*entries)) {
        const Token &first = e.tokens.first();
        auto done = !first.quoted && first.text.startsWith(QLatin1Char('$')) ? parser.directive(e) : parser.record(e);
        if (!done.ok())
            return done.error();
    }
    auto checked = parser.check();
    if (!checked.ok())
        return checked.error();
    DnsZone out;
    out.name = *z;
    out.soa = *parser.soa;
    out.ttl = parser.soaTtl;
    for (const Parsed &p : std::as_const(parser.records)) {
        DnsRecord r = p.record;
        r.ttl = r.name != kApex && p.ttl != out.ttl ? std::optional<int>(p.ttl) : std::nullopt;
        out.records << r;
    }
    sortDnsRecords(out.records);
    return out;
}

} // namespace Isp::Core
