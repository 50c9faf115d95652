// BIND master files: what the parser reads (comments, parentheses, $ORIGIN, $TTL with units,
// relative and absolute names, "@", omitted owners, optional TTL and class in either order, every
// managed type), what it refuses with the line and the rule ($INCLUDE, $GENERATE, other classes
// and types, bad values, the zone-wide rules), how zones are written (SOA first, sorted, relative
// names, TXT escaping and splitting), and that a written zone reads back equal.
#include "core/ops/dnsops.h"
#include "core/ops/zonefile.h"
#include "core/validation/dnsrecordtype.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Isp::Core;
using namespace Qt::StringLiterals;

namespace Isp::Core {
char *toString(const DnsRecord &r)
{
    return QTest::toString(
        u"%1 %2 %3 ttl=%4"_s.arg(r.name, dnsRecordTypeName(r.type), r.value, r.ttl ? QString::number(*r.ttl) : u"-"_s));
}
char *toString(const DnsSoa &s)
{
    return QTest::toString(s.toString());
}
} // namespace Isp::Core

namespace {

const QString Zone = u"example.com"_s;
// Three lines: $TTL, SOA, NS. Rows' own lines start at line 4.
const QString Head
    = u"$TTL 3600\n@ IN SOA ns1.example.net. hostmaster.example.net. 1 3600 600 86400 3600\n@ IN NS ns1.example.net.\n"_s;

DnsRecord rec(const QString &name, DnsRecordType type, const QString &value, std::optional<int> ttl = std::nullopt)
{
    return DnsRecord { name, type, value, ttl };
}

} // namespace

class TestZoneFile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesTheSyntax()
    {
        // moc cannot read raw string literals: one line per literal.
        const QString text = QStringList{
            u"; example.com, as a person writes it"_s,
            u"$TTL 1h ; an hour"_s,
            u"$ORIGIN example.com."_s,
            u"@   IN  SOA ns1.example.net. hostmaster ("_s,
            u"        2024010101 ; serial"_s,
            u"        3H 30M     ; refresh, retry"_s,
            u"        1W 1D )    ; expire, minimum"_s,
            u"    IN  NS  ns1.example.net."_s,
            u"    IN  NS  ns2"_s,
            u"@       MX  10 mx1"_s,
            u"        MX  20 mx2.example.net."_s,
            u"        TXT \"v=spf1 mx -all\" ; a comment after a string"_s,
            u"        CAA 0 issue \"letsencrypt.org\""_s,
            u"www 300 IN A 192.0.2.10"_s,
            u"WWW IN 300 AAAA 2001:DB8:0::10"_s,
            u"ftp.example.com. CNAME www"_s,
            u"*.shop  A 192.0.2.11"_s,
            u"_sip._tcp SRV 0 5 5060 sip.example.com."_s,
            u"txt TXT \"a \\\"quoted\\\" word\" \"second; not a comment\" bare"_s,
            u"utf TXT \"Gr\\195\\188\\195\\159e\""_s,
            u"mail A 192.0.2.25"_s,
            u"ptr IN PTR @"_s,
            u"$ORIGIN sub.example.com."_s,
            u"host A 192.0.2.12"_s,
            u"$TTL 120"_s,
            u"late A 192.0.2.13"_s,
        }.join(u'\n') + u'\n';
        auto z = parseZone(u"Example.COM"_s, text);
        QVERIFY2(z.ok(), qPrintable(z.error().toString()));
        QCOMPARE(z->name, Zone);
        QCOMPARE(z->soa,
            (DnsSoa { u"ns1.example.net."_s, u"hostmaster.example.com."_s, 2024010101, 10800, 1800, 604800, 86400 }));
        QCOMPARE(z->ttl, 3600);
        QList<DnsRecord> expected {
            rec(u"@"_s, DnsRecordType::Ns, u"ns1.example.net."_s),
            rec(u"@"_s, DnsRecordType::Ns, u"ns2.example.com."_s),
            rec(u"@"_s, DnsRecordType::Mx, u"10 mx1.example.com."_s),
            rec(u"@"_s, DnsRecordType::Mx, u"20 mx2.example.net."_s),
            rec(u"@"_s, DnsRecordType::Txt, u"\"v=spf1 mx -all\""_s),
            rec(u"@"_s, DnsRecordType::Caa, u"0 issue \"letsencrypt.org\""_s),
            rec(u"www"_s, DnsRecordType::A, u"192.0.2.10"_s, 300),
            rec(u"www"_s, DnsRecordType::Aaaa, u"2001:db8::10"_s, 300),
            rec(u"ftp"_s, DnsRecordType::Cname, u"www.example.com."_s),
            rec(u"*.shop"_s, DnsRecordType::A, u"192.0.2.11"_s),
            rec(u"_sip._tcp"_s, DnsRecordType::Srv, u"0 5 5060 sip.example.com."_s),
            rec(u"txt"_s, DnsRecordType::Txt, u"\"a \\\"quoted\\\" word\" \"second; not a comment\" \"bare\""_s),
            rec(u"utf"_s, DnsRecordType::Txt, u"\"Grüße\""_s),
            rec(u"mail"_s, DnsRecordType::A, u"192.0.2.25"_s),
            rec(u"ptr"_s, DnsRecordType::Ptr, u"example.com."_s),
            rec(u"host.sub"_s, DnsRecordType::A, u"192.0.2.12"_s),
            rec(u"late.sub"_s, DnsRecordType::A, u"192.0.2.13"_s, 120),
        };
        sortDnsRecords(expected);
        QCOMPARE(z->records, expected);
    }

    void readsWhatBindWrites()
    {
        // named-compilezone -s relative: "$ORIGIN ." with absolute owners, TTL changes with $TTL,
        // owners left out, origins with service labels, comments after the SOA timers.
        const QString text = QStringList{
            u"$ORIGIN ."_s,
            u"$TTL 3600\t; 1 hour"_s,
            u"example.com\t\tIN SOA\tns1.example.net. hostmaster.example.net. ("_s,
            u"\t\t\t\t2026112508 ; serial"_s,
            u"\t\t\t\t10800      ; refresh (3 hours)"_s,
            u"\t\t\t\t1800       ; retry (30 minutes)"_s,
            u"\t\t\t\t604800     ; expire (1 week)"_s,
            u"\t\t\t\t3600       ; minimum (1 hour)"_s,
            u"\t\t\t\t)"_s,
            u"\t\t\tNS\tns1.example.net."_s,
            u"\t\t\tMX\t0 ."_s,
            u"$ORIGIN _tcp.example.com."_s,
            u"$TTL 60\t; 1 minute"_s,
            u"_sip\t\t\tSRV\t0 5 5060 sip.example.com."_s,
            u"$ORIGIN example.com."_s,
            u"$TTL 3600\t; 1 hour"_s,
            u"greet\t\t\tTXT\t\"Gr\\195\\188\\195\\159e \\\"x\\\"\""_s,
            u"$ORIGIN shop.example.com."_s,
            u"*\t\t\tA\t192.0.2.9"_s,
        }.join(u'\n') + u'\n';
        auto z = parseZone(Zone, text);
        QVERIFY2(z.ok(), qPrintable(z.error().toString()));
        QCOMPARE(z->soa.serial, 2026112508U);
        QCOMPARE(z->ttl, 3600);
        QList<DnsRecord> expected { rec(u"@"_s, DnsRecordType::Ns, u"ns1.example.net."_s),
            rec(u"@"_s, DnsRecordType::Mx, u"0 ."_s),
            rec(u"_sip._tcp"_s, DnsRecordType::Srv, u"0 5 5060 sip.example.com."_s, 60),
            rec(u"greet"_s, DnsRecordType::Txt, u"\"Grüße \\\"x\\\"\""_s),
            rec(u"*.shop"_s, DnsRecordType::A, u"192.0.2.9"_s) };
        sortDnsRecords(expected);
        QCOMPARE(z->records, expected);
    }

    void sortOrder()
    {
        QList<DnsRecord> records { rec(u"www"_s, DnsRecordType::A, u"192.0.2.1"_s),
            rec(u"a.www"_s, DnsRecordType::A, u"192.0.2.1"_s), rec(u"@"_s, DnsRecordType::Mx, u"10 b.example.com."_s),
            rec(u"@"_s, DnsRecordType::Mx, u"5 a.example.com."_s), rec(u"@"_s, DnsRecordType::A, u"192.0.2.1"_s),
            rec(u"@"_s, DnsRecordType::Ns, u"ns1.example.net."_s), rec(u"b"_s, DnsRecordType::A, u"192.0.2.1"_s) };
        sortDnsRecords(records);
        QStringList order;
        for (const DnsRecord &r : std::as_const(records))
            order << r.name + u' ' + dnsRecordTypeName(r.type) + u' ' + r.value;
        QCOMPARE(order,
            (QStringList { u"@ NS ns1.example.net."_s, u"@ MX 5 a.example.com."_s, u"@ MX 10 b.example.com."_s,
                u"@ A 192.0.2.1"_s, u"b A 192.0.2.1"_s, u"www A 192.0.2.1"_s, u"a.www A 192.0.2.1"_s }));
    }

    void errors_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("line"); // 0: the error names no line
        QTest::addColumn<QString>("mentions");

        QTest::newRow("$INCLUDE") << Head + u"$INCLUDE other.zone\n"_s << 4 << u"$INCLUDE is not supported"_s;
        QTest::newRow("$GENERATE") << Head + u"$GENERATE 1-10 host$ A 192.0.2.$\n"_s << 4
                                   << u"$GENERATE is not supported"_s;
        QTest::newRow("unknown directive") << Head + u"$FOO 1\n"_s << 4 << u"not a directive"_s;
        QTest::newRow("unknown type") << Head + u"www HINFO \"pc\" \"linux\"\n"_s << 4 << u"HINFO"_s;
        QTest::newRow("generic type") << Head + u"www TYPE65 \\# 0\n"_s << 4 << u"TYPE65"_s;
        QTest::newRow("no type") << Head + u"www 300 IN\n"_s << 4 << u"no type"_s;
        QTest::newRow("class CH") << Head + u"www CH A 192.0.2.1\n"_s << 4 << u"class CH"_s;
        QTest::newRow("bad IP") << Head + u"\n; comment\nwww A 192.0.2.300\n"_s << 6 << u"value:"_s;
        QTest::newRow("IPv6 in A") << Head + u"www A 2001:db8::1\n"_s << 4 << u"value:"_s;
        QTest::newRow("MX without preference") << Head + u"@ MX mx1.example.com.\n"_s << 4 << u"preference"_s;
        QTest::newRow("SRV short") << Head + u"_sip._tcp SRV 0 5 sip\n"_s << 4 << u"priority, weight, port"_s;
        QTest::newRow("quoted name") << Head + u"www CNAME \"www2\"\n"_s << 4 << u"quoted"_s;
        QTest::newRow("DN injection in owner") << Head + u"a\\,ou=x A 192.0.2.1\n"_s << 4 << u"name:"_s;
        QTest::newRow("filter injection in owner") << Head + u"*)(x=* A 192.0.2.1\n"_s << 4 << u"\")\""_s;
        QTest::newRow("owner outside the zone")
            << Head + u"www.example.org. A 192.0.2.1\n"_s << 4 << u"not inside the zone"_s;
        QTest::newRow("overlong label") << Head + QString(64, u'a') + u" A 192.0.2.1\n"_s << 4 << u"63"_s;
        QTest::newRow("newline in TXT") << Head + u"t TXT \"one\\010two\"\n"_s << 4 << u"control character"_s;
        QTest::newRow("TXT string over 255 bytes")
            << Head + u"t TXT \""_s + QString(256, u'x') + u"\"\n"_s << 4 << u"255"_s;
        QTest::newRow("TXT not UTF-8") << Head + u"t TXT \"\\255\"\n"_s << 4 << u"not UTF-8"_s;
        QTest::newRow("TXT bad escape") << Head + u"t TXT \"\\999\"\n"_s << 4 << u"000-255"_s;
        QTest::newRow("quote not closed") << Head + u"t TXT \"open\n"_s << 4 << u"not closed"_s;
        QTest::newRow("parenthesis not closed") << Head + u"www A (\n 192.0.2.1\n"_s << 4 << u"\"(\" is not closed"_s;
        QTest::newRow("closing parenthesis alone") << Head + u"www A 192.0.2.1 )\n"_s << 4 << u"\")\""_s;
        QTest::newRow("nested parentheses") << Head + u"www A ( ( 192.0.2.1 ) )\n"_s << 4 << u"nested"_s;
        QTest::newRow("bad TTL") << Head + u"www 1x A 192.0.2.1\n"_s << 4 << u"ttl:"_s;
        QTest::newRow("TTL too big") << Head + u"www 4294967295 A 192.0.2.1\n"_s << 4 << u"ttl:"_s;
        QTest::newRow("first record without owner") << u" IN A 192.0.2.1\n"_s << 1 << u"owner name"_s;
        QTest::newRow("no TTL before the SOA") << u"www A 192.0.2.1\n"_s << 1 << u"no TTL"_s;
        QTest::newRow("no SOA") << u"$TTL 3600\n@ NS ns1.example.net.\n"_s << 0 << u"no SOA"_s;
        QTest::newRow("second SOA") << Head + u"@ SOA ns1.example.net. h.example.net. 2 1 1 1 1\n"_s << 4
                                    << u"one SOA"_s;
        QTest::newRow("SOA below the apex")
            << u"$TTL 1h\nwww SOA ns1.example.net. h.example.net. 1 1 1 1 1\n"_s << 2 << u"apex"_s;
        QTest::newRow("SOA serial too big")
            << u"$TTL 1h\n@ SOA ns1.example.net. h.example.net. 4294967296 1 1 1 1\n"_s << 2 << u"serial:"_s;
        QTest::newRow("SOA mailbox") << u"$TTL 1h\n@ SOA ns1.example.net. h\\x.example.net. 1 1 1 1 1\n"_s << 2
                                     << u"mailbox:"_s;
        QTest::newRow("no NS at the apex")
            << u"$TTL 1h\n@ SOA ns1.example.net. h.example.net. 1 1 1 1 1\nwww A 192.0.2.1\n"_s << 2 << u"no NS"_s;
        QTest::newRow("duplicate") << Head + u"www A 192.0.2.1\nwww A 192.0.2.1\n"_s << 5
                                   << u"duplicate of the A record on line 4"_s;
        QTest::newRow("duplicate in other spelling")
            << Head + u"@ MX 10 mx1\n@ MX 10 MX1.example.com.\n"_s << 5 << u"duplicate"_s;
        QTest::newRow("CNAME at the apex") << Head + u"@ CNAME www\n"_s << 4 << u"apex"_s;
        QTest::newRow("CNAME next to A") << Head + u"www A 192.0.2.1\nwww CNAME ftp\n"_s << 5 << u"CNAME (line 5)"_s;
        QTest::newRow("A next to CNAME") << Head + u"www CNAME ftp\nwww A 192.0.2.1\n"_s << 5 << u"CNAME (line 4)"_s;
        QTest::newRow("second CNAME") << Head + u"www CNAME ftp\nwww CNAME mail\n"_s << 5 << u"at most one"_s;
        QTest::newRow("null MX next to MX") << Head + u"@ MX 10 mx1\n@ MX 0 .\n"_s << 5 << u"null MX"_s;
        QTest::newRow("$ORIGIN not a name") << Head + u"$ORIGIN a,b.example.com.\n"_s << 4 << u"$ORIGIN:"_s;
        QTest::newRow("two TTLs for a name") << Head + u"www 300 A 192.0.2.1\nwww 600 TXT x\n"_s << 5 << u"one TTL"_s;
        QTest::newRow("apex TTL differs from the SOA's") << Head + u"@ 60 A 192.0.2.1\n"_s << 4 << u"one TTL"_s;
    }

    void errors()
    {
        QFETCH(QString, text);
        QFETCH(int, line);
        QFETCH(QString, mentions);
        auto z = parseZone(Zone, text);
        QVERIFY(!z.ok());
        QCOMPARE(int(z.error().kind), int(OpError::Kind::Invalid));
        QCOMPARE(z.error().field, u"file"_s);
        const QString prefix = line > 0 ? u"file: line %1: "_s.arg(line) : u"file: "_s;
        QVERIFY2(z.error().message.startsWith(prefix), qPrintable(z.error().message));
        QVERIFY2(z.error().message.contains(mentions), qPrintable(z.error().message));
        QVERIFY2(!z.error().message.contains(u'\n'), qPrintable(z.error().message));
    }

    void exportFormat()
    {
        DnsZone z;
        z.name = Zone;
        z.ttl = 3600;
        z.soa = DnsSoa { u"ns1.example.net."_s, u"hostmaster.example.net."_s, 2024010101, 10800, 1800, 604800, 86400 };
        z.records = { rec(u"www"_s, DnsRecordType::A, u"192.0.2.10"_s, 300),
            rec(u"@"_s, DnsRecordType::Ns, u"ns1.example.net."_s),
            rec(u"t"_s, DnsRecordType::Txt, u"\"say \\\"hi\\\" \\\\o/ Grüße\""_s),
            rec(u"@"_s, DnsRecordType::Mx, u"10 mx1.example.com."_s) };
        const QString text = exportZone(z);
        const QStringList lines = text.split(u'\n');
        QCOMPARE(lines.at(1), u"$ORIGIN example.com."_s);
        QCOMPARE(lines.at(2), u"$TTL 3600"_s);
        QVERIFY2(lines.at(3).startsWith(u"@ "_s)
                && lines.at(3).contains(u" IN SOA   ns1.example.net. hostmaster.example.net. ("_s),
            qPrintable(text));
        QVERIFY(lines.at(4).contains(u"2024010101"_s));
        QVERIFY(lines.at(8).contains(u"86400"_s) && lines.at(8).contains(u')'));
        QCOMPARE(lines.at(9).simplified(), u"@ IN NS ns1.example.net."_s);
        QCOMPARE(lines.at(10).simplified(), u"@ IN MX 10 mx1.example.com."_s);
        QCOMPARE(lines.at(11).simplified(), u"t IN TXT \"say \\\"hi\\\" \\\\o/ Gr\\195\\188\\195\\159e\""_s);
        QCOMPARE(lines.at(12).simplified(), u"www 300 IN A 192.0.2.10"_s);
        for (const QChar c : text)
            QVERIFY2(c.unicode() < 0x80, "the zone file is ASCII");

        // Long text: one 255-byte string per line, in parentheses.
        auto long_ = DnsOps::recordValue(u"value"_s, DnsRecordType::Txt, QString(600, u'k'), Zone);
        QVERIFY(long_.ok());
        z.records
            = { rec(u"@"_s, DnsRecordType::Ns, u"ns1.example.net."_s), rec(u"long"_s, DnsRecordType::Txt, *long_) };
        const QString longText = exportZone(z);
        QVERIFY2(longText.contains(u"( \""_s + QString(255, u'k') + u"\"\n"_s), qPrintable(longText));
        QVERIFY(longText.contains(u'"' + QString(90, u'k') + u"\" )\n"_s));
        auto back = parseZone(Zone, longText);
        QVERIFY2(back.ok(), qPrintable(back.error().toString()));
        QCOMPARE(back->records, z.records);
    }

    void roundTrip()
    {
        const DnsZone z = everything();
        const QString text = exportZone(z);
        auto back = parseZone(Zone, text);
        QVERIFY2(back.ok(), qPrintable(back.error().toString() + u'\n' + text));
        QCOMPARE(back->soa, z.soa);
        QCOMPARE(back->ttl, z.ttl);
        QCOMPARE(back->records, z.records);
        QVERIFY(*back == z);
        QCOMPARE(exportZone(*back), text);
    }

    void bindLoadsTheExport()
    {
        const QString checker = QStandardPaths::findExecutable(u"named-checkzone"_s);
        if (checker.isEmpty())
            QSKIP("named-checkzone (BIND, Debian package bind9-utils) is not installed");
        QTemporaryDir tmp;
        QFile file(tmp.filePath(u"example.com.zone"_s));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(exportZone(everything()).toUtf8());
        file.close();
        QProcess p;
        p.start(checker, { u"-i"_s, u"local"_s, Zone, file.fileName() });
        QVERIFY(p.waitForFinished(30000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardOutput().constData());
    }

private:
    // A zone with every type and the awkward cases of each.
    static DnsZone everything()
    {
        DnsZone z;
        z.name = Zone;
        z.ttl = 7200;
        z.soa = DnsSoa { u"ns1.example.net."_s, u"john\\.doe.example.net."_s, 4294967295U, 1, 2, 3, 4 };
        const QList<std::tuple<QString, DnsRecordType, QString, std::optional<int>>> typed {
            { u"@"_s, DnsRecordType::Ns, u"ns1.example.net."_s, std::nullopt },
            { u"@"_s, DnsRecordType::Mx, u"0 ."_s, std::nullopt },
            { u"@"_s, DnsRecordType::Txt, u"\"v=spf1 -all\" \"part two\""_s, std::nullopt },
            { u"@"_s, DnsRecordType::Caa, u"128 issuewild \";\""_s, std::nullopt },
            { u"www"_s, DnsRecordType::A, u"192.0.2.1"_s, 0 },
            { u"www"_s, DnsRecordType::Aaaa, u"2001:db8::1"_s, 0 },
            { u"*.wild"_s, DnsRecordType::Cname, u"www"_s, std::nullopt },
            { u"_sip._udp"_s, DnsRecordType::Srv, u"0 0 0 ."_s, 86400 },
            { u"10"_s, DnsRecordType::Ptr, u"host.example.net."_s, std::nullopt },
            { u"esc"_s, DnsRecordType::Txt, u"back\\slash \"quote\" ;semicolon (paren) $dollar"_s, std::nullopt },
            { u"xn--bcher-kva"_s, DnsRecordType::Txt, u"Bücher ✓"_s, std::nullopt },
            { u"long"_s, DnsRecordType::Txt, QString(1000, u'z'), std::nullopt },
        };
        for (const auto &[name, type, value, ttl] : typed) {
            auto r = DnsOps::checkRecord(Zone, rec(name, type, value, ttl));
            if (!r.ok())
                qFatal("%s", qPrintable(r.error().message));
            z.records << *r;
        }
        sortDnsRecords(z.records);
        return z;
    }
};

QTEST_GUILESS_MAIN(TestZoneFile)
#include "tst_zonefile.moc"
