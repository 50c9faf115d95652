// DNS zone and record operations against a real slapd: zones created from the configuration,
// every record type stored in the form BIND reads, every rule with hostile values, CNAME
// exclusivity, duplicates, the SOA serial on every change (also under concurrent changes), child
// entries that go with their last record, the modifyDomain processes for the DNS hosts, zone
// export/import round trips, and imports that write all or nothing.
#include "core/ops/dnsops.h"
#include "core/ops/hostops.h"
#include "core/ops/zonefile.h"
#include "core/validation/dnsrecordtype.h"
#include "tests/support/testdirectory.h"

#include <QSet>
#include <QTest>
#include <QThread>
#include <QTimeZone>

#include <mutex>

using namespace Isp::Core;
using namespace Qt::StringLiterals;
using Isp::Test::TestDirectory;

namespace Isp::Core {
// For QCOMPARE's messages.
char *toString(const DnsRecord &r)
{
    return QTest::toString(
        QStringLiteral("%1 %2 %3 ttl=%4")
            .arg(r.name, dnsRecordTypeName(r.type), r.value, r.ttl ? QString::number(*r.ttl) : QStringLiteral("-")));
}
char *toString(const DnsZone &z)
{
    return QTest::toString(exportZone(z));
}
} // namespace Isp::Core

namespace {

const QString Zone = QStringLiteral("example.com");

QString todaySerialBase()
{
    return QDateTime::currentDateTimeUtc().date().toString(QStringLiteral("yyyyMMdd"));
}

} // namespace

class TestDnsOps : public QObject
{
    Q_OBJECT

private:
    TestDirectory m_dir;
    std::unique_ptr<DirectorySession> m_s;

    DirectorySession &s() { return *m_s; }

    OpResult<Done> makeZone(const QString &zone)
    {
        auto defaults = DnsOps::zoneDefaults(s(), zone);
        if (!defaults.ok())
            return defaults.error();
        Transaction tx(s());
        auto created = DnsOps::createZone(tx, zone, *defaults);
        if (!created.ok())
            return created.error();
        tx.commit();
        return Done {};
    }

    quint32 serial(const QString &zone = Zone)
    {
        auto z = DnsOps::showZone(s(), zone);
        return z.ok() ? z->soa.serial : 0;
    }

    std::optional<LdapEntry> entry(const QString &name, const QString &zone = Zone)
    {
        auto e = s().read(s().dit().dnsName(zone, name));
        return e.ok() ? *e : std::nullopt;
    }

    QList<LdapEntry> processes()
    {
        auto found = s().find(s().dit().processes(),
            LdapFilter::equals(QStringLiteral("ispmanProcess"), QStringLiteral("modifyDomain")),
            { QStringLiteral("*"), QStringLiteral("+") }, LdapScope::OneLevel);
        return found.ok() ? *found : QList<LdapEntry>();
    }

    void clearProcesses()
    {
        for (const LdapEntry &p : processes())
            QVERIFY(s().remove(p.dn()).ok());
    }

    void setConf(const QString &var, const QString &value)
    {
        auto r = s().modify(s().dit().confVar(QStringLiteral("dns_vars"), var),
            { LdapModification::replace(QStringLiteral("ispmanVal"), value) });
        QVERIFY2(r.ok(), qPrintable(r.error().toString()));
    }

    static DnsRecord rec(
        const QString &name, DnsRecordType type, const QString &value, std::optional<int> ttl = std::nullopt)
    {
        return DnsRecord { name, type, value, ttl };
    }

private Q_SLOTS:
    void initTestCase()
    {
        ISP_START_DIRECTORY(m_dir);
        m_s = std::make_unique<DirectorySession>(m_dir->adminSettings(), Dit(m_dir->base()));
        for (const char *host : { "dns1.example.net", "dns2.example.net" })
            QVERIFY(HostOps::add(s(), { QLatin1String(host), {}, {}, {}, { QStringLiteral("dnsgroup") } }).ok());
        QVERIFY(HostOps::add(s(), { QStringLiteral("dns3.example.net"), {}, {}, {}, {} }).ok());
    }

    void createZoneFromConfiguration()
    {
        auto created = makeZone(QStringLiteral("Example.COM."));
        QVERIFY2(created.ok(), qPrintable(created.error().toString()));
        const auto apex = entry(QStringLiteral("@"));
        QVERIFY(apex);
        // The bootstrap's dns_vars: ns1/ns2.example.net, mx1/mx2.example.net, hostmaster.example.net, date.
        QCOMPARE(apex->text(QStringLiteral("sOARecord")),
            QStringLiteral("ns1.example.net. hostmaster.example.net. ") + todaySerialBase()
                + QStringLiteral("01 10800 1800 604800 86400"));
        QCOMPARE(apex->texts(QStringLiteral("nSRecord")),
            (QStringList { QStringLiteral("ns1.example.net."), QStringLiteral("ns2.example.net.") }));
        QCOMPARE(apex->texts(QStringLiteral("mXRecord")),
            (QStringList { QStringLiteral("10 mx1.example.net."), QStringLiteral("20 mx2.example.net.") }));
        QCOMPARE(apex->text(QStringLiteral("relativeDomainName")), QStringLiteral("@"));
        QCOMPARE(apex->text(QStringLiteral("zoneName")), Zone);
        QCOMPARE(apex->text(QStringLiteral("dNSTTL")), QStringLiteral("3600"));
        QVERIFY(apex->hasObjectClass(QStringLiteral("ispmanApplyStatus")));
        QVERIFY(!entry(QStringLiteral("@"), QStringLiteral("example.org")));

        auto again = makeZone(Zone);
        QCOMPARE(int(again.error().kind), int(OpError::Kind::Conflict));
        QCOMPARE(again.error().field, QStringLiteral("zone"));

        auto zones = DnsOps::listZones(s());
        QVERIFY(zones.ok());
        QCOMPARE(zones->size(), 1);
        QCOMPARE(zones->first().name, Zone);
    }

    void zoneDefaultsSubstituteTheDomain()
    {
        setConf(QStringLiteral("primaryDNS"), QStringLiteral("ns1.%%domain%%"));
        setConf(QStringLiteral("dnsMasterEmail"), QStringLiteral("dnsmaster@%%domain%%"));
        setConf(QStringLiteral("secondaryMX"), QStringLiteral("none")); // no second MX
        setConf(QStringLiteral("dnsSerialFormat"), QStringLiteral("timestamp"));
        const qint64 before = QDateTime::currentSecsSinceEpoch();
        auto created = makeZone(QStringLiteral("example.org"));
        QVERIFY2(created.ok(), qPrintable(created.error().toString()));
        auto z = DnsOps::showZone(s(), QStringLiteral("example.org"));
        QVERIFY(z.ok());
        QCOMPARE(z->soa.primary, QStringLiteral("ns1.example.org."));
        QCOMPARE(z->soa.mailbox, QStringLiteral("dnsmaster.example.org."));
        QVERIFY(qint64(z->soa.serial) >= before && qint64(z->soa.serial) <= QDateTime::currentSecsSinceEpoch());
        QCOMPARE(z->records,
            (QList<DnsRecord> { rec(QStringLiteral("@"), DnsRecordType::Ns, QStringLiteral("ns1.example.org.")),
                rec(QStringLiteral("@"), DnsRecordType::Ns, QStringLiteral("ns2.example.net.")),
                rec(QStringLiteral("@"), DnsRecordType::Mx, QStringLiteral("10 mx1.example.net.")) }));

        // A wrong configuration is refused, naming the variable.
        setConf(QStringLiteral("dnsSerialFormat"), QStringLiteral("weekly"));
        auto bad = DnsOps::zoneDefaults(s(), QStringLiteral("example.net"));
        QCOMPARE(bad.error().field, QStringLiteral("dnsSerialFormat"));
        setConf(QStringLiteral("dnsSerialFormat"), QStringLiteral("date"));
        setConf(QStringLiteral("primaryDNS"), QStringLiteral("ns 1.example.net"));
        auto badHost = makeZone(QStringLiteral("example.net"));
        QCOMPARE(badHost.error().field, QStringLiteral("primaryDNS"));
        QVERIFY(!entry(QStringLiteral("@"), QStringLiteral("example.net")));
        setConf(QStringLiteral("primaryDNS"), QStringLiteral("ns1.example.net"));
        setConf(QStringLiteral("dnsMasterEmail"), QStringLiteral("hostmaster.example.net"));
        setConf(QStringLiteral("secondaryMX"), QStringLiteral("mx2.example.net"));

        Transaction tx(s());
        QVERIFY(DnsOps::deleteZone(tx, QStringLiteral("example.org")).ok());
        tx.commit();
    }

    void everyType_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("storedName");
        QTest::addColumn<QString>("storedValue"); // as DnsOps returns it
        QTest::addColumn<QString>("raw"); // as the directory holds it
        QTest::newRow("A") << u"www"_s << u"A"_s << u"192.0.2.10"_s << u"www"_s << u"192.0.2.10"_s << u"192.0.2.10"_s;
        QTest::newRow("AAAA canonical") << u"WWW"_s << u"aaaa"_s << u"2001:DB8:0::10"_s << u"www"_s << u"2001:db8::10"_s
                                        << u"2001:db8::10"_s;
        QTest::newRow("CNAME relative") << u"ftp"_s << u"CNAME"_s << u"www"_s << u"ftp"_s << u"www.example.com."_s
                                        << u"www.example.com."_s;
        QTest::newRow("MX relative") << u"@"_s << u"MX"_s << u"30 mx3"_s << u"@"_s << u"30 mx3.example.com."_s
                                     << u"30 mx3.example.com."_s;
        QTest::newRow("NS delegation") << u"sub"_s << u"NS"_s << u"ns1.example.net."_s << u"sub"_s
                                       << u"ns1.example.net."_s << u"ns1.example.net."_s;
        QTest::newRow("TXT plain") << u"@"_s << u"TXT"_s << u"v=spf1 mx -all"_s << u"@"_s << u"\"v=spf1 mx -all\""_s
                                   << u"\"v=spf1 mx -all\""_s;
        QTest::newRow("TXT quotes") << u"q"_s << u"TXT"_s << u"say \"hi\" \\o/"_s << u"q"_s
                                    << u"\"say \\\"hi\\\" \\\\o/\""_s << u"\"say \\\"hi\\\" \\\\o/\""_s;
        QTest::newRow("TXT non-ASCII as \\DDD") << u"greeting"_s << u"TXT"_s << u"Grüße"_s << u"greeting"_s
                                                << u"\"Grüße\""_s << u"\"Gr\\195\\188\\195\\159e\""_s;
        QTest::newRow("SRV") << u"_sip._tcp"_s << u"SRV"_s << u"0 5 5060 sip"_s << u"_sip._tcp"_s
                             << u"0 5 5060 sip.example.com."_s << u"0 5 5060 sip.example.com."_s;
        QTest::newRow("CAA") << u"@"_s << u"CAA"_s << u"0 issue letsencrypt.org"_s << u"@"_s
                             << u"0 issue \"letsencrypt.org\""_s << u"0 issue \"letsencrypt.org\""_s;
        QTest::newRow("PTR") << u"ptr"_s << u"PTR"_s << u"host.example.net."_s << u"ptr"_s << u"host.example.net."_s
                             << u"host.example.net."_s;
        QTest::newRow("wildcard") << u"*.shop"_s << u"A"_s << u"192.0.2.11"_s << u"*.shop"_s << u"192.0.2.11"_s
                                  << u"192.0.2.11"_s;
        QTest::newRow("absolute owner") << u"mail.example.com."_s << u"A"_s << u"192.0.2.25"_s << u"mail"_s
                                        << u"192.0.2.25"_s << u"192.0.2.25"_s;
        QTest::newRow("IDN owner") << u"Bücher"_s << u"A"_s << u"192.0.2.12"_s << u"xn--bcher-kva"_s << u"192.0.2.12"_s
                                   << u"192.0.2.12"_s;
        QTest::newRow("DKIM CNAME to service name")
            << u"sel._domainkey"_s << u"CNAME"_s << u"sel._domainkey.provider.example."_s << u"sel._domainkey"_s
            << u"sel._domainkey.provider.example."_s << u"sel._domainkey.provider.example."_s;
    }

    void everyType()
    {
        QFETCH(QString, name);
        QFETCH(QString, type);
        QFETCH(QString, value);
        QFETCH(QString, storedName);
        QFETCH(QString, storedValue);
        QFETCH(QString, raw);
        const auto t = dnsRecordTypeFromName(type);
        QVERIFY(t);
        const quint32 before = serial();
        auto r = DnsOps::addRecord(s(), Zone, rec(name, *t, value));
        QVERIFY2(r.ok(), qPrintable(r.error().toString()));
        QCOMPARE(r->added, QList<DnsRecord> { rec(storedName, *t, storedValue) });
        QVERIFY(r->removed.isEmpty());
        QCOMPARE(r->serial, before + 1);
        QCOMPARE(serial(), before + 1);
        auto z = DnsOps::showZone(s(), Zone);
        QVERIFY(z->records.contains(rec(storedName, *t, storedValue)));
        const auto e = entry(storedName);
        QVERIFY(e);
        QVERIFY2(e->values(dnsRecordAttribute(*t)).contains(raw.toUtf8()),
            qPrintable(e->texts(dnsRecordAttribute(*t)).join(QLatin1Char('|'))));
        if (storedName != QLatin1String("@")) {
            QCOMPARE(e->text(QStringLiteral("relativeDomainName")), storedName);
            QCOMPARE(e->text(QStringLiteral("zoneName")), Zone);
        }
    }

    void hostileInput_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("value");
        QTest::addColumn<int>("ttl"); // -2: none
        QTest::addColumn<QString>("field");
        QTest::newRow("filter injection in name") << u"*)(x=*"_s << u"A"_s << u"192.0.2.1"_s << -2 << u"name"_s;
        QTest::newRow("DN injection in name") << u"a,ou=x"_s << u"A"_s << u"192.0.2.1"_s << -2 << u"name"_s;
        QTest::newRow("path in name") << u"../"_s << u"A"_s << u"192.0.2.1"_s << -2 << u"name"_s;
        QTest::newRow("newline in name") << u"a\nb"_s << u"A"_s << u"192.0.2.1"_s << -2 << u"name"_s;
        QTest::newRow("overlong label") << QString(64, QLatin1Char('a')) << u"A"_s << u"192.0.2.1"_s << -2 << u"name"_s;
        QTest::newRow("overlong name") << QStringList(5, QString(60, QLatin1Char('a'))).join(QLatin1Char('.')) << u"A"_s
                                       << u"192.0.2.1"_s << -2 << u"name"_s;
        QTest::newRow("wildcard inside") << u"a.*.b"_s << u"A"_s << u"192.0.2.1"_s << -2 << u"name"_s;
        QTest::newRow("underscore in A name") << u"_x"_s << u"A"_s << u"192.0.2.1"_s << -2 << u"name"_s;
        QTest::newRow("SRV without service labels") << u"sip"_s << u"SRV"_s << u"0 5 5060 sip"_s << -2 << u"name"_s;
        QTest::newRow("name outside the zone") << u"www.example.org."_s << u"A"_s << u"192.0.2.1"_s << -2 << u"name"_s;
        QTest::newRow("CNAME at the apex") << u"@"_s << u"CNAME"_s << u"www"_s << -2 << u"name"_s;
        QTest::newRow("DN injection in CNAME") << u"x"_s << u"CNAME"_s << u"a,ou=x"_s << -2 << u"value"_s;
        QTest::newRow("filter injection in value") << u"x"_s << u"CNAME"_s << u"*)(x=*"_s << -2 << u"value"_s;
        QTest::newRow("bad IPv4") << u"x"_s << u"A"_s << u"192.0.2.300"_s << -2 << u"value"_s;
        QTest::newRow("octal-looking IPv4") << u"x"_s << u"A"_s << u"010.0.0.1"_s << -2 << u"value"_s;
        QTest::newRow("IPv6 for A") << u"x"_s << u"A"_s << u"2001:db8::1"_s << -2 << u"value"_s;
        QTest::newRow("bad IPv6") << u"x"_s << u"AAAA"_s << u"2001:db8::g"_s << -2 << u"value"_s;
        QTest::newRow("MX without preference") << u"@"_s << u"MX"_s << u"mx1.example.com."_s << -2 << u"value"_s;
        QTest::newRow("MX preference too big") << u"@"_s << u"MX"_s << u"70000 mx1"_s << -2 << u"value"_s;
        QTest::newRow("SRV port missing") << u"_sip._tcp"_s << u"SRV"_s << u"0 5 sip"_s << -2 << u"value"_s;
        QTest::newRow("newline in TXT") << u"t"_s << u"TXT"_s << u"line1\nline2"_s << -2 << u"value"_s;
        QTest::newRow("overlong TXT") << u"t"_s << u"TXT"_s << QString(4001, QLatin1Char('x')) << -2 << u"value"_s;
        QTest::newRow("overlong quoted TXT string")
            << u"t"_s << u"TXT"_s << QLatin1Char('"') + QString(256, QLatin1Char('x')) + QLatin1Char('"') << -2
            << u"value"_s;
        QTest::newRow("bad TXT escape") << u"t"_s << u"TXT"_s << u"\"a\\nb\""_s << -2 << u"value"_s;
        QTest::newRow("CAA unknown tag") << u"@"_s << u"CAA"_s << u"0 contactemail a@example.com"_s << -2 << u"value"_s;
        QTest::newRow("negative TTL") << u"x"_s << u"A"_s << u"192.0.2.1"_s << -1 << u"ttl"_s;
        QTest::newRow("empty value") << u"x"_s << u"A"_s << u""_s << -2 << u"value"_s;
    }

    void hostileInput()
    {
        QFETCH(QString, name);
        QFETCH(QString, type);
        QFETCH(QString, value);
        QFETCH(int, ttl);
        QFETCH(QString, field);
        const auto before = DnsOps::showZone(s(), Zone);
        QVERIFY(before.ok());
        clearProcesses();
        auto r = DnsOps::addRecord(s(), Zone,
            rec(name, *dnsRecordTypeFromName(type), value, ttl == -2 ? std::nullopt : std::optional<int>(ttl)));
        QVERIFY(!r.ok());
        QCOMPARE(int(r.error().kind), int(OpError::Kind::Invalid));
        QCOMPARE(r.error().field, field);
        QVERIFY2(r.error().message.startsWith(field + QLatin1Char(':')), qPrintable(r.error().message));
        QVERIFY(!r.error().message.contains(QLatin1Char('\n')));
        QCOMPARE(*DnsOps::showZone(s(), Zone), *before);
        QVERIFY(processes().isEmpty());
    }

    void cnameStandsAlone()
    {
        QVERIFY(
            DnsOps::addRecord(s(), Zone, rec(QStringLiteral("host"), DnsRecordType::A, QStringLiteral("192.0.2.20")))
                .ok());
        const quint32 before = serial();
        auto nextToA
            = DnsOps::addRecord(s(), Zone, rec(QStringLiteral("host"), DnsRecordType::Cname, QStringLiteral("www")));
        QCOMPARE(int(nextToA.error().kind), int(OpError::Kind::Conflict));
        QCOMPARE(nextToA.error().field, QStringLiteral("name"));
        QVERIFY2(nextToA.error().message.contains(QLatin1String("CNAME")), qPrintable(nextToA.error().message));

        QVERIFY(DnsOps::addRecord(s(), Zone, rec(QStringLiteral("alias"), DnsRecordType::Cname, QStringLiteral("www")))
                    .ok());
        auto second
            = DnsOps::addRecord(s(), Zone, rec(QStringLiteral("alias"), DnsRecordType::Cname, QStringLiteral("ftp")));
        QCOMPARE(int(second.error().kind), int(OpError::Kind::Conflict));
        QCOMPARE(second.error().field, QStringLiteral("value"));
        auto aNextToCname
            = DnsOps::addRecord(s(), Zone, rec(QStringLiteral("alias"), DnsRecordType::Txt, QStringLiteral("x")));
        QCOMPARE(int(aNextToCname.error().kind), int(OpError::Kind::Conflict));
        auto same = DnsOps::addRecord(
            s(), Zone, rec(QStringLiteral("alias"), DnsRecordType::Cname, QStringLiteral("www.example.com.")));
        QCOMPARE(int(same.error().kind), int(OpError::Kind::Conflict));
        QCOMPARE(serial(), before + 1); // only the alias was added
        // replaceRecords keeps the rule too.
        auto replaced = DnsOps::replaceRecords(
            s(), Zone, QStringLiteral("alias"), DnsRecordType::Cname, { QStringLiteral("www"), QStringLiteral("ftp") });
        QCOMPARE(int(replaced.error().kind), int(OpError::Kind::Conflict));
        auto moved = DnsOps::replaceRecords(
            s(), Zone, QStringLiteral("alias"), DnsRecordType::Cname, { QStringLiteral("ftp") });
        QVERIFY2(moved.ok(), qPrintable(moved.error().toString()));
        QCOMPARE(moved->removed,
            QList<DnsRecord> {
                rec(QStringLiteral("alias"), DnsRecordType::Cname, QStringLiteral("www.example.com.")) });
        QCOMPARE(moved->added,
            QList<DnsRecord> {
                rec(QStringLiteral("alias"), DnsRecordType::Cname, QStringLiteral("ftp.example.com.")) });
    }

    void duplicatesRefused()
    {
        const quint32 before = serial();
        auto dup
            = DnsOps::addRecord(s(), Zone, rec(QStringLiteral("www"), DnsRecordType::A, QStringLiteral("192.0.2.10")));
        QCOMPARE(int(dup.error().kind), int(OpError::Kind::Conflict));
        QCOMPARE(dup.error().field, QStringLiteral("value"));
        // Same value in another spelling.
        auto mx = DnsOps::addRecord(
            s(), Zone, rec(QStringLiteral("@"), DnsRecordType::Mx, QStringLiteral("30 MX3.example.com.")));
        QCOMPARE(int(mx.error().kind), int(OpError::Kind::Conflict));
        auto nullMx = DnsOps::addRecord(s(), Zone, rec(QStringLiteral("@"), DnsRecordType::Mx, QStringLiteral("0 .")));
        QCOMPARE(int(nullMx.error().kind), int(OpError::Kind::Conflict));
        QVERIFY2(nullMx.error().message.contains(QLatin1String("RFC 7505")), qPrintable(nullMx.error().message));
        auto twice = DnsOps::replaceRecords(s(), Zone, QStringLiteral("www"), DnsRecordType::A,
            { QStringLiteral("192.0.2.1"), QStringLiteral("192.0.2.1") });
        QCOMPARE(int(twice.error().kind), int(OpError::Kind::Invalid));
        QCOMPARE(serial(), before);
    }

    void serialRules_data()
    {
        QTest::addColumn<int>("format");
        QTest::addColumn<qint64>("current");
        QTest::addColumn<QDateTime>("now");
        QTest::addColumn<qint64>("expected");
        const QDateTime day(QDate(2026, 3, 14), QTime(23, 59, 59), QTimeZone::utc());
        QTest::newRow("date: first change of the day") << 0 << qint64(2026031307) << day << qint64(2026031401);
        QTest::newRow("date: same day increments nn") << 0 << qint64(2026031401) << day << qint64(2026031402);
        QTest::newRow("date: 99 changes borrow from tomorrow") << 0 << qint64(2026031499) << day << qint64(2026031500);
        QTest::newRow("date: ahead of the clock stays ahead") << 0 << qint64(2026040101) << day << qint64(2026040102);
        QTest::newRow("date: after a timestamp serial") << 0 << qint64(1700000000) << day << qint64(2026031401);
        QTest::newRow("timestamp: the clock") << 1 << qint64(1000) << day << day.toSecsSinceEpoch();
        QTest::newRow("timestamp: faster than the clock")
            << 1 << day.toSecsSinceEpoch() << day << day.toSecsSinceEpoch() + 1;
        QTest::newRow("timestamp: after a date serial") << 1 << qint64(2026031401) << day << qint64(2026031402);
    }

    void serialRules()
    {
        QFETCH(int, format);
        QFETCH(qint64, current);
        QFETCH(QDateTime, now);
        QFETCH(qint64, expected);
        QCOMPARE(qint64(DnsOps::nextSerial(quint32(current), DnsOps::SerialFormat(format), now)), expected);
    }

    void serialBumpsOnEveryChange()
    {
        const quint32 start = serial();
        QVERIFY(QString::number(start).startsWith(todaySerialBase()));
        auto added
            = DnsOps::addRecord(s(), Zone, rec(QStringLiteral("bump"), DnsRecordType::A, QStringLiteral("192.0.2.30")));
        QCOMPARE(added->serial, start + 1);
        auto replaced = DnsOps::replaceRecords(
            s(), Zone, QStringLiteral("bump"), DnsRecordType::A, { QStringLiteral("192.0.2.31") });
        QCOMPARE(replaced->serial, start + 2);
        auto same = DnsOps::replaceRecords(
            s(), Zone, QStringLiteral("bump"), DnsRecordType::A, { QStringLiteral("192.0.2.31") });
        QCOMPARE(same->serial, start + 2); // nothing changed: no new serial, no work queued
        QVERIFY(!same->changed);
        QVERIFY(added->changed && replaced->changed);
        auto removed = DnsOps::removeRecord(
            s(), Zone, rec(QStringLiteral("bump"), DnsRecordType::A, QStringLiteral("192.0.2.31")));
        QCOMPARE(removed->serial, start + 3);
        QCOMPARE(serial(), start + 3);
        auto apex = entry(QStringLiteral("@"));
        QCOMPARE(apex->text(QStringLiteral("ispmanApplyState")), QStringLiteral("pending"));
    }

    void concurrentChangesGetDistinctSerials()
    {
        const quint32 start = serial();
        const QDate day = QDateTime::currentDateTimeUtc().date();
        QList<qint64> serials;
        QStringList errors;
        std::mutex lock;
        QList<QThread *> threads;
        // Two threads add records, a third only bumps the serial (as the domain operations may):
        // their SOA writes meet, and the ones that lose the assertion take the next serial.
        threads << QThread::create([&] {
            DirectorySession session(m_dir->adminSettings(), Dit(m_dir->base()));
            for (int i = 0; i < 20; ++i) {
                Transaction tx(session);
                auto r = DnsOps::bumpSerial(tx, Zone);
                tx.commit();
                std::lock_guard guard(lock);
                if (r.ok())
                    serials << *r;
                else
                    errors << r.error().toString();
            }
        });
        threads.last()->start();
        for (int t = 0; t < 2; ++t) {
            threads << QThread::create([&, t] {
                DirectorySession session(m_dir->adminSettings(), Dit(m_dir->base()));
                for (int i = 0; i < 10; ++i) {
                    auto r = DnsOps::addRecord(session, Zone,
                        rec(QStringLiteral("c%1-%2").arg(t).arg(i), DnsRecordType::A,
                            QStringLiteral("192.0.2.%1").arg(100 + i)));
                    std::lock_guard guard(lock);
                    if (r.ok())
                        serials << r->serial;
                    else
                        errors << r.error().toString();
                }
            });
            threads.last()->start();
        }
        for (QThread *t : std::as_const(threads)) {
            QVERIFY(t->wait(120000));
            delete t;
        }
        QVERIFY2(errors.isEmpty(), qPrintable(errors.join(QLatin1Char('\n'))));
        QCOMPARE(serials.size(), 40);
        QCOMPARE(QSet<qint64>(serials.begin(), serials.end()).size(), 40);
        if (QDateTime::currentDateTimeUtc().date() == day)
            QCOMPARE(serial(), start + 40);
        auto z = DnsOps::showZone(s(), Zone);
        for (int t = 0; t < 2; ++t) {
            for (int i = 0; i < 10; ++i)
                QVERIFY(z->records.contains(rec(QStringLiteral("c%1-%2").arg(t).arg(i), DnsRecordType::A,
                    QStringLiteral("192.0.2.%1").arg(100 + i))));
        }
    }

    void childEntryGoesWithItsLastRecord()
    {
        QVERIFY(DnsOps::addRecord(s(), Zone, rec(QStringLiteral("two"), DnsRecordType::A, QStringLiteral("192.0.2.40")))
                    .ok());
        QVERIFY(DnsOps::addRecord(s(), Zone, rec(QStringLiteral("two"), DnsRecordType::Txt, QStringLiteral("second")))
                    .ok());
        QVERIFY(
            DnsOps::removeRecord(s(), Zone, rec(QStringLiteral("two"), DnsRecordType::A, QStringLiteral("192.0.2.40")))
                .ok());
        QVERIFY(entry(QStringLiteral("two")));
        // The value as typed, not as stored: normalised before it is looked up.
        auto last = DnsOps::removeRecord(
            s(), Zone, rec(QStringLiteral("TWO"), DnsRecordType::Txt, QStringLiteral("\"second\"")));
        QVERIFY2(last.ok(), qPrintable(last.error().toString()));
        QVERIFY(!entry(QStringLiteral("two")));
        auto missing
            = DnsOps::removeRecord(s(), Zone, rec(QStringLiteral("two"), DnsRecordType::Txt, QStringLiteral("second")));
        QCOMPARE(int(missing.error().kind), int(OpError::Kind::NotFound));
        QVERIFY(DnsOps::replaceRecords(s(), Zone, QStringLiteral("www"), DnsRecordType::Aaaa, {}).ok());
        QVERIFY(DnsOps::replaceRecords(s(), Zone, QStringLiteral("www"), DnsRecordType::A, {}).ok());
        QVERIFY(!entry(QStringLiteral("www")));
    }

    void apexKeepsAnNsRecord()
    {
        QVERIFY(DnsOps::removeRecord(
            s(), Zone, rec(QStringLiteral("@"), DnsRecordType::Ns, QStringLiteral("ns2.example.net.")))
                    .ok());
        auto last = DnsOps::removeRecord(
            s(), Zone, rec(QStringLiteral("@"), DnsRecordType::Ns, QStringLiteral("ns1.example.net.")));
        QCOMPARE(int(last.error().kind), int(OpError::Kind::Conflict));
        auto none = DnsOps::replaceRecords(s(), Zone, QStringLiteral("@"), DnsRecordType::Ns, {});
        QCOMPARE(int(none.error().kind), int(OpError::Kind::Conflict));
        QVERIFY(DnsOps::addRecord(
            s(), Zone, rec(QStringLiteral("@"), DnsRecordType::Ns, QStringLiteral("ns2.example.net.")))
                    .ok());
    }

    void oneTtlPerName()
    {
        auto added = DnsOps::addRecord(
            s(), Zone, rec(QStringLiteral("short"), DnsRecordType::A, QStringLiteral("192.0.2.50"), 300));
        QVERIFY2(added.ok(), qPrintable(added.error().toString()));
        QCOMPARE(entry(QStringLiteral("short"))->text(QStringLiteral("dNSTTL")), QStringLiteral("300"));
        auto other = DnsOps::addRecord(
            s(), Zone, rec(QStringLiteral("short"), DnsRecordType::Aaaa, QStringLiteral("2001:db8::50"), 600));
        QCOMPARE(int(other.error().kind), int(OpError::Kind::Conflict));
        QCOMPARE(other.error().field, QStringLiteral("ttl"));
        QVERIFY(DnsOps::addRecord(
            s(), Zone, rec(QStringLiteral("short"), DnsRecordType::Aaaa, QStringLiteral("2001:db8::50"), 300))
                    .ok());
        QVERIFY(
            DnsOps::addRecord(s(), Zone, rec(QStringLiteral("short"), DnsRecordType::Txt, QStringLiteral("x"))).ok());
        auto z = DnsOps::showZone(s(), Zone);
        QVERIFY(z->records.contains(rec(QStringLiteral("short"), DnsRecordType::Txt, QStringLiteral("\"x\""), 300)));
        auto apex = DnsOps::addRecord(s(), Zone, rec(QStringLiteral("@"), DnsRecordType::Txt, QStringLiteral("y"), 60));
        QCOMPARE(apex.error().field, QStringLiteral("ttl"));
    }

    void processesForTheDnsHosts()
    {
        clearProcesses();
        QVERIFY(
            DnsOps::addRecord(s(), Zone, rec(QStringLiteral("queued"), DnsRecordType::A, QStringLiteral("192.0.2.60")))
                .ok());
        QList<LdapEntry> queued = processes();
        QStringList hosts;
        const auto zoneEntry = s().read(s().dit().zone(Zone), { QStringLiteral("entryUUID") });
        for (const LdapEntry &p : std::as_const(queued)) {
            hosts << p.text(QStringLiteral("ispmanHostName"));
            QCOMPARE(p.text(QStringLiteral("ispmanProcessTarget")), s().dit().zone(Zone).toString());
            QCOMPARE(
                p.value(QStringLiteral("ispmanProcessTargetUuid")), (*zoneEntry)->value(QStringLiteral("entryUUID")));
            QCOMPARE(p.text(QStringLiteral("ispmanParams")), QStringLiteral("zone=example.com"));
            QCOMPARE(p.text(QStringLiteral("ispmanProcessPriority")), QStringLiteral("50"));
            QCOMPARE(p.text(QStringLiteral("ispmanDomain")), Zone);
        }
        hosts.sort();
        QCOMPARE(hosts, (QStringList { QStringLiteral("dns1.example.net"), QStringLiteral("dns2.example.net") }));

        // A domain entry with its own dnsHost takes the work instead of dnsgroup.
        LdapEntry domain(s().dit().domain(Zone));
        domain.setTexts(
            QStringLiteral("objectClass"), { QStringLiteral("ispmanBranch"), QStringLiteral("ispmanDomain") });
        domain.setText(QStringLiteral("ispmanDomain"), Zone);
        domain.setText(QStringLiteral("dnsHost"), QStringLiteral("dns3.example.net"));
        QVERIFY(s().add(domain).ok());
        clearProcesses();
        QVERIFY(DnsOps::removeRecord(
            s(), Zone, rec(QStringLiteral("queued"), DnsRecordType::A, QStringLiteral("192.0.2.60")))
                    .ok());
        queued = processes();
        QCOMPARE(queued.size(), 1);
        QCOMPARE(queued.first().text(QStringLiteral("ispmanHostName")), QStringLiteral("dns3.example.net"));
        QVERIFY(s().remove(domain.dn()).ok());

        // queueZoneUpdate, as the domain operations call it.
        clearProcesses();
        Transaction tx(s());
        QVERIFY(DnsOps::queueZoneUpdate(tx, Zone, { QStringLiteral("dns3.example.net") }).ok());
        QVERIFY(DnsOps::queueZoneUpdate(tx, Zone, {}).ok());
        tx.commit();
        QCOMPARE(processes().size(), 3);
        clearProcesses();
    }

    void writingToAMissingZone()
    {
        auto r = DnsOps::addRecord(s(), QStringLiteral("nowhere.example"),
            rec(QStringLiteral("www"), DnsRecordType::A, QStringLiteral("192.0.2.1")));
        QCOMPARE(int(r.error().kind), int(OpError::Kind::NotFound));
        QCOMPARE(
            int(DnsOps::showZone(s(), QStringLiteral("nowhere.example")).error().kind), int(OpError::Kind::NotFound));
        auto imported = DnsOps::importZone(s(), QStringLiteral("nowhere.example"),
            QStringLiteral("$TTL 1h\n@ SOA ns1.example.net. h.example.net. 1 1 1 1 1\n@ NS ns1.example.net.\n"),
            DnsOps::ImportMode::Merge);
        QCOMPARE(int(imported.error().kind), int(OpError::Kind::NotFound));
        QVERIFY(processes().isEmpty());
    }

    void recordsWrittenByOtherTools()
    {
        // Unquoted TXT and relative names, as hand-written LDIF (and the sample data) have them.
        LdapEntry e(s().dit().dnsName(Zone, QStringLiteral("legacy")));
        e.setTexts(QStringLiteral("objectClass"), { QStringLiteral("dNSZone") });
        e.setText(QStringLiteral("zoneName"), Zone);
        e.setText(QStringLiteral("relativeDomainName"), QStringLiteral("legacy"));
        e.setText(QStringLiteral("tXTRecord"), QStringLiteral("v=spf1 mx -all"));
        e.setText(QStringLiteral("mXRecord"), QStringLiteral("10 mx1"));
        QVERIFY(s().add(e).ok());
        auto z = DnsOps::showZone(s(), Zone);
        QVERIFY(z->records.contains(
            rec(QStringLiteral("legacy"), DnsRecordType::Txt, QStringLiteral("\"v=spf1 mx -all\""))));
        QVERIFY(z->records.contains(
            rec(QStringLiteral("legacy"), DnsRecordType::Mx, QStringLiteral("10 mx1.example.com."))));
        auto dup = DnsOps::addRecord(
            s(), Zone, rec(QStringLiteral("legacy"), DnsRecordType::Txt, QStringLiteral("v=spf1 mx -all")));
        QCOMPARE(int(dup.error().kind), int(OpError::Kind::Conflict));
        QVERIFY(DnsOps::removeRecord(
            s(), Zone, rec(QStringLiteral("legacy"), DnsRecordType::Txt, QStringLiteral("\"v=spf1 mx -all\"")))
                    .ok());
        QVERIFY(DnsOps::removeRecord(
            s(), Zone, rec(QStringLiteral("legacy"), DnsRecordType::Mx, QStringLiteral("10 mx1.example.com.")))
                    .ok());
        QVERIFY(!entry(QStringLiteral("legacy")));
    }

    void exportParseRoundTrip()
    {
        QVERIFY(DnsOps::addRecord(
            s(), Zone, rec(QStringLiteral("long"), DnsRecordType::Txt, QString(600, QLatin1Char('k'))))
                    .ok());
        auto z = DnsOps::showZone(s(), Zone);
        QVERIFY(z.ok());
        const QString text = exportZone(*z);
        QVERIFY(text.contains(QLatin1String("$ORIGIN example.com.\n")));
        auto parsed = parseZone(Zone, text);
        QVERIFY2(parsed.ok(), qPrintable(parsed.error().toString() + QLatin1Char('\n') + text));
        QCOMPARE(parsed->soa, z->soa);
        QCOMPARE(parsed->ttl, z->ttl);
        QCOMPARE(parsed->records, z->records);
        QCOMPARE(*parsed, *z);
    }

    void importIsAllOrNothing()
    {
        const auto before = DnsOps::showZone(s(), Zone);
        clearProcesses();
        QStringList lines = exportZone(*before).split(QLatin1Char('\n'));
        // A line in the middle that starts a record (not inside a parenthesised one).
        qsizetype middle = lines.size() / 2;
        while (middle < lines.size() && (lines.at(middle).isEmpty() || lines.at(middle).at(0).isSpace()))
            ++middle;
        lines.insert(middle, QStringLiteral("new-after  IN A 192.0.2.71"));
        lines.insert(middle, QStringLiteral("bad        IN A 192.0.2.300"));
        lines.insert(middle, QStringLiteral("new-before IN A 192.0.2.70"));
        for (const DnsOps::ImportMode mode : { DnsOps::ImportMode::Merge, DnsOps::ImportMode::Replace }) {
            auto r = DnsOps::importZone(s(), Zone, lines.join(QLatin1Char('\n')), mode);
            QVERIFY(!r.ok());
            QCOMPARE(int(r.error().kind), int(OpError::Kind::Invalid));
            QVERIFY2(r.error().message.startsWith(QStringLiteral("file: line %1: value:").arg(middle + 2)),
                qPrintable(r.error().message));
            QCOMPARE(*DnsOps::showZone(s(), Zone), *before);
        }
        // Valid on its own but not with the zone: a CNAME where the zone has an A record.
        const QString clash
            = QStringLiteral("$TTL 3600\n@ SOA ns1.example.net. hostmaster.example.net. 1 3h 30m 1w 1d\n"
                             "@ NS ns1.example.net.\nfresh A 192.0.2.80\nhost CNAME www\n");
        auto r = DnsOps::importZone(s(), Zone, clash, DnsOps::ImportMode::Merge);
        QCOMPARE(int(r.error().kind), int(OpError::Kind::Conflict));
        QCOMPARE(*DnsOps::showZone(s(), Zone), *before);
        QVERIFY(!entry(QStringLiteral("fresh")));
        QVERIFY(processes().isEmpty());
    }

    void importMergeAndReplace()
    {
        const auto before = DnsOps::showZone(s(), Zone);
        const QString merge = QStringLiteral("$ORIGIN example.com.\n$TTL 3600\n"
                                             "@ SOA other.example.net. someone.example.net. 7 1 1 1 1\n"
                                             "@ NS ns1.example.net.\n" // already there
                                             "merged 120 A 192.0.2.90\n"
                                             "host TXT \"merged text\"\n");
        auto merged = DnsOps::importZone(s(), Zone, merge, DnsOps::ImportMode::Merge);
        QVERIFY2(merged.ok(), qPrintable(merged.error().toString()));
        QCOMPARE(merged->added.size(), 2);
        QVERIFY(merged->removed.isEmpty());
        QCOMPARE(merged->serial, before->soa.serial + 1);
        auto z = DnsOps::showZone(s(), Zone);
        QCOMPARE(z->soa.primary, before->soa.primary); // merge keeps the zone's SOA
        QVERIFY(
            z->records.contains(rec(QStringLiteral("merged"), DnsRecordType::A, QStringLiteral("192.0.2.90"), 120)));
        QCOMPARE(processes().size(), 2);

        const QString replace = QStringLiteral("$ORIGIN example.com.\n$TTL 7200\n"
                                               "@ IN SOA ns9.example.net. dns\\.admin.example.net. ( 1 2h 1h 2w 1h )\n"
                                               "  IN NS ns9.example.net.\n"
                                               "  IN MX 0 .\n"
                                               "www 60 IN A 192.0.2.99\n"
                                               "merged A 192.0.2.90\n");
        auto replaced = DnsOps::importZone(s(), Zone, replace, DnsOps::ImportMode::Replace);
        QVERIFY2(replaced.ok(), qPrintable(replaced.error().toString()));
        z = DnsOps::showZone(s(), Zone);
        auto expected = parseZone(Zone, replace);
        QVERIFY(expected.ok());
        expected->soa.serial = merged->serial + 1;
        QCOMPARE(z->soa, expected->soa);
        QCOMPARE(z->soa.mailbox, QStringLiteral("dns\\.admin.example.net."));
        QCOMPARE(z->ttl, 7200);
        QCOMPARE(z->records, expected->records);
        QCOMPARE(*z, *expected);
        QVERIFY(!entry(QStringLiteral("host")));
        QCOMPARE(entry(QStringLiteral("merged"))->text(QStringLiteral("dNSTTL")), QString()); // the zone's TTL again

        // The same file again changes nothing.
        auto again = DnsOps::importZone(s(), Zone, replace, DnsOps::ImportMode::Replace);
        QVERIFY(again.ok());
        QVERIFY(!again->changed);
        QVERIFY(again->added.isEmpty() && again->removed.isEmpty());
        QCOMPARE(again->serial, z->soa.serial);

        // A name's TTL alone is a change too.
        QString ttlOnly = replace;
        ttlOnly.replace(QStringLiteral("www 60 IN A"), QStringLiteral("www 120 IN A"));
        auto ttl = DnsOps::importZone(s(), Zone, ttlOnly, DnsOps::ImportMode::Replace);
        QVERIFY2(ttl.ok(), qPrintable(ttl.error().toString()));
        QVERIFY(ttl->changed);
        QVERIFY(ttl->added.isEmpty() && ttl->removed.isEmpty());
        QCOMPARE(ttl->serial, z->soa.serial + 1);
        QCOMPARE(entry(QStringLiteral("www"))->text(QStringLiteral("dNSTTL")), QStringLiteral("120"));
    }

    void deleteZoneRemovesEverything()
    {
        QVERIFY(makeZone(QStringLiteral("gone.example")).ok());
        QVERIFY(DnsOps::addRecord(s(), QStringLiteral("gone.example"),
            rec(QStringLiteral("www"), DnsRecordType::A, QStringLiteral("192.0.2.1")))
                    .ok());
        QVERIFY(DnsOps::addRecord(s(), QStringLiteral("gone.example"),
            rec(QStringLiteral("a.b"), DnsRecordType::A, QStringLiteral("192.0.2.2")))
                    .ok());
        {
            Transaction tx(s());
            QVERIFY(DnsOps::deleteZone(tx, QStringLiteral("gone.example")).ok());
            // The work for the DNS hosts can still be queued for the zone that is gone.
            QVERIFY(DnsOps::queueZoneUpdate(tx, QStringLiteral("gone.example"), {}).ok());
            tx.commit();
        }
        QVERIFY(!entry(QStringLiteral("@"), QStringLiteral("gone.example")));
        QVERIFY(!entry(QStringLiteral("www"), QStringLiteral("gone.example")));
        Transaction tx(s());
        QVERIFY(DnsOps::deleteZone(tx, QStringLiteral("gone.example")).ok()); // nothing left: fine
        tx.commit();
        QVERIFY(DnsOps::showZone(s(), Zone).ok());
        clearProcesses();
    }
};

QTEST_GUILESS_MAIN(TestDnsOps)
#include "tst_dnsops.moc"
