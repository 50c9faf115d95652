// The DNS pages of the panel: list, add, edit, delete records of the domain's zone, against the
// real panel and a real slapd. Every change is checked in the directory (records, SOA serial,
// the modifyDomain process for the DNS hosts) and on the list page the redirect leads to.
#include "core/model/dnsrecord.h"
#include "core/ops/dnsops.h"
#include "panelfixture.h"

#include <QRegularExpression>

using namespace Isp;
using namespace Isp::Core;
using namespace Isp::Test;

namespace {

const QString Com = QStringLiteral("example.com");
const QString Org = QStringLiteral("example.org");
const QString Net = QStringLiteral("example.net");
const QString Script = QStringLiteral("<script>alert(1)</script>");

// What the templates make of a value ({{value}}: kainjow's HTML escaping).
QString esc(const QString &s)
{
    QString out;
    for (const QChar c : s) {
        switch (c.unicode()) {
        case '&':
            out += QStringLiteral("&amp;");
            break;
        case '<':
            out += QStringLiteral("&lt;");
            break;
        case '>':
            out += QStringLiteral("&gt;");
            break;
        case '"':
            out += QStringLiteral("&quot;");
            break;
        case '\'':
            out += QStringLiteral("&apos;");
            break;
        default:
            out += c;
        }
    }
    return out;
}

QList<std::pair<QString, QString>> recordForm(
    const QString &name, const QString &type, const QString &value, const QString &ttl = {})
{
    return { { QStringLiteral("name"), name }, { QStringLiteral("type"), type }, { QStringLiteral("value"), value },
        { QStringLiteral("ttl"), ttl } };
}

} // namespace

class TestPanelDns : public QObject
{
    Q_OBJECT

    PanelFixture m_fixture;
    std::unique_ptr<DirectorySession> m_root;

    DnsZone zone(const QString &name)
    {
        auto z = DnsOps::showZone(*m_root, name);
        if (!z.ok())
            qWarning() << z.error().toString();
        return z.ok() ? *z : DnsZone {};
    }
    bool has(const QString &zoneName, const QString &name, DnsRecordType type, const QString &value)
    {
        const DnsZone z = zone(zoneName);
        return std::any_of(z.records.begin(), z.records.end(),
            [&](const DnsRecord &r) { return r.name == name && r.type == type && r.value == value; });
    }
    quint32 serial(const QString &zoneName) { return zone(zoneName).soa.serial; }
    // modifyDomain processes queued for the zone (no agent runs here: they stay).
    qsizetype queued(const QString &zoneName)
    {
        auto found = m_root->find(m_root->dit().processes(),
            LdapFilter::allOf({ LdapFilter::equals(QStringLiteral("ispmanProcess"), QStringLiteral("modifyDomain")),
                LdapFilter::equals(QStringLiteral("ispmanDomain"), zoneName) }),
            { QStringLiteral("ispmanParams") }, LdapScope::OneLevel);
        if (!found.ok())
            return -1;
        qsizetype n = 0;
        for (const LdapEntry &e : std::as_const(*found))
            n += e.text(QStringLiteral("ispmanParams")).contains(QStringLiteral("zone=") + zoneName) ? 1 : 0;
        return n;
    }
    // The id in the edit link of the record shown with `type` and `value` on the list page.
    static QString idOf(const HttpResult &page, const QString &type, const QString &value)
    {
        const QRegularExpression link(
            QStringLiteral("href=\"/dns/([A-Za-z0-9_-]+)/edit\" aria-label=\"Edit the %1 record %2\"")
                .arg(QRegularExpression::escape(type), QRegularExpression::escape(esc(value))));
        const auto m = link.match(page.text());
        return m.hasMatch() ? m.captured(1) : QString();
    }
    static bool fieldError(const HttpResult &page, const QString &field, const QString &text)
    {
        const QRegularExpression span(
            QStringLiteral("<span class=\"field-error\" id=\"%1-error\">([^<]*)</span>").arg(field));
        const auto m = span.match(page.text());
        return m.hasMatch() && m.captured(1).contains(esc(text))
            && page.text().contains(QStringLiteral("name=\"%1\"").arg(field))
            && page.text().contains(QStringLiteral("aria-invalid=\"true\""));
    }

private Q_SLOTS:
    void initTestCase()
    {
        ISP_START_PANEL(m_fixture);
        m_root = m_fixture.rootSession();
        // The replica has no panel password in the sample data.
        auto set = DomainOps::setPassword(*m_root, Net, PanelFixture::ownerPassword(Net));
        QVERIFY2(set.ok(), qPrintable(set.error().toString()));
    }

    void listShowsTheZone()
    {
        auto c = m_fixture.owner(Com);
        QVERIFY(c);
        const HttpResult r = c->get(QStringLiteral("/dns"));
        QCOMPARE(r.status, 200);
        const QString page = r.text();
        QVERIFY(page.contains(QStringLiteral("aria-current=\"page\">DNS")));
        // Grouped by owner name.
        QVERIFY(page.contains(QStringLiteral("<th scope=\"rowgroup\" colspan=\"4\">example.com <small")));
        QVERIFY(page.contains(QStringLiteral("<th scope=\"rowgroup\" colspan=\"4\">www.example.com</th>")));
        QVERIFY(page.contains(QStringLiteral("<th scope=\"rowgroup\" colspan=\"4\">ftp.example.com</th>")));
        QVERIFY(page.contains(esc(QStringLiteral("\"v=spf1 mx -all\""))));
        QVERIFY(page.contains(QStringLiteral("<code>www.example.com.</code>")));
        QVERIFY(page.contains(QStringLiteral("<code>10 mail1.example.net.</code>")));
        QVERIFY(page.contains(QStringLiteral("<code>ns2.example.net.</code>")));
        // Every record has its edit link, each id differs.
        const QString a = idOf(r, QStringLiteral("A"), QStringLiteral("192.0.2.30"));
        const QString cname = idOf(r, QStringLiteral("CNAME"), QStringLiteral("www.example.com."));
        QVERIFY(!a.isEmpty() && !cname.isEmpty() && a != cname);
        QCOMPARE(page.count(QStringLiteral("/edit\" aria-label=\"Edit the ")), zone(Com).records.size());
        // The SOA, read-only: shown, no form for it.
        QVERIFY(page.contains(QStringLiteral("Zone settings (SOA)")));
        QVERIFY(page.contains(QStringLiteral("<td>%1</td>").arg(serial(Com))));
        QVERIFY(page.contains(QStringLiteral("<code>hostmaster.example.net.</code>")));
        QVERIFY(!page.contains(QStringLiteral("SOA record")));
        // The add form: the eight types, the value formats explained.
        QVERIFY(page.contains(QStringLiteral("action=\"/dns/add\"")));
        for (const char *t : { "A", "AAAA", "CNAME", "MX", "NS", "TXT", "SRV", "CAA" })
            QVERIFY2(page.contains(QStringLiteral("<option>%1</option>").arg(QLatin1String(t)))
                    || page.contains(QStringLiteral("<option selected>%1</option>").arg(QLatin1String(t))),
                t);
        QVERIFY(!page.contains(QStringLiteral("<option>PTR</option>")));
        QVERIFY(!page.contains(QStringLiteral("<option>SOA</option>")));
        QVERIFY(page.contains(QStringLiteral("<code>10 5 5060 sip.example.net.</code>")));
        QVERIFY(page.contains(QStringLiteral("<code>10 mail.example.net.</code>")));
        // example.org's owner sees example.org's zone only.
        auto o = m_fixture.owner(Org);
        QVERIFY(o);
        const HttpResult other = o->get(QStringLiteral("/dns"));
        QCOMPARE(other.status, 200);
        QVERIFY(other.text().contains(QStringLiteral("www.example.org")));
        QVERIFY(!other.text().contains(QStringLiteral("example.com")));
        QVERIFY(!other.text().contains(esc(QStringLiteral("\"v=spf1 mx -all\""))));
    }

    void addRecord_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("ttl");
        QTest::addColumn<QString>("owner"); // as stored
        QTest::addColumn<QString>("stored"); // the value as stored
        QTest::newRow("A, new name with its TTL") << "shop"
                                                  << "A"
                                                  << "192.0.2.44"
                                                  << "600"
                                                  << "shop"
                                                  << "192.0.2.44";
        QTest::newRow("AAAA") << "shop"
                              << "AAAA"
                              << "2001:DB8::44"
                              << ""
                              << "shop"
                              << "2001:db8::44";
        QTest::newRow("MX at the apex, relative server") << "@"
                                                         << "MX"
                                                         << "20 mx2"
                                                         << ""
                                                         << "@"
                                                         << "20 mx2.example.com.";
        QTest::newRow("MX, empty name is the apex") << ""
                                                    << "MX"
                                                    << "30 mail.example.net."
                                                    << ""
                                                    << "@"
                                                    << "30 mail.example.net.";
        QTest::newRow("TXT with quotes and spaces") << "txt"
                                                    << "TXT"
                                                    << "\"hello world\" \"say \\\"hi\\\"\""
                                                    << ""
                                                    << "txt"
                                                    << "\"hello world\" \"say \\\"hi\\\"\"";
        QTest::newRow("TXT unquoted with spaces") << "_dmarc"
                                                  << "TXT"
                                                  << "v=DMARC1; p=none; rua=mailto:d@example.com"
                                                  << ""
                                                  << "_dmarc"
                                                  << "\"v=DMARC1; p=none; rua=mailto:d@example.com\"";
        QTest::newRow("SRV") << "_sip._tcp"
                             << "SRV"
                             << "10 5 5060 sip"
                             << ""
                             << "_sip._tcp"
                             << "10 5 5060 sip.example.com.";
        QTest::newRow("CAA") << "@"
                             << "CAA"
                             << "0 issue \"letsencrypt.org\""
                             << ""
                             << "@"
                             << "0 issue \"letsencrypt.org\"";
        QTest::newRow("CNAME to another domain") << "blog"
                                                 << "CNAME"
                                                 << "blogs.example.net."
                                                 << ""
                                                 << "blog"
                                                 << "blogs.example.net.";
        QTest::newRow("NS delegating a subdomain") << "lab"
                                                   << "NS"
                                                   << "ns1.example.org."
                                                   << ""
                                                   << "lab"
                                                   << "ns1.example.org.";
        QTest::newRow("type in lower case") << "shop"
                                            << "txt"
                                            << "shop"
                                            << ""
                                            << "shop"
                                            << "\"shop\"";
    }

    void addRecord()
    {
        QFETCH(QString, name);
        QFETCH(QString, type);
        QFETCH(QString, value);
        QFETCH(QString, ttl);
        QFETCH(QString, owner);
        QFETCH(QString, stored);
        const DnsRecordType t = *dnsRecordTypeFromName(type);
        auto c = m_fixture.owner(Com);
        QVERIFY(c);
        QCOMPARE(c->get(QStringLiteral("/dns")).status, 200);
        QVERIFY(!has(Com, owner, t, stored));
        const quint32 before = serial(Com);
        const qsizetype processes = queued(Com);
        QVERIFY(processes >= 0);

        const HttpResult r = c->post(QStringLiteral("/dns/add"), recordForm(name, type, value, ttl));
        QVERIFY2(r.status == 303, qPrintable(r.text().mid(r.text().indexOf(QStringLiteral("<main")), 800)));
        QCOMPARE(r.location(), QStringLiteral("/dns?done=added"));
        QVERIFY(has(Com, owner, t, stored));
        QVERIFY(serial(Com) > before);
        QCOMPARE(queued(Com), processes + 1);
        if (!ttl.isEmpty()) {
            const DnsZone z = zone(Com);
            for (const DnsRecord &rec : z.records) {
                if (rec.name == owner)
                    QCOMPARE(rec.ttl, std::optional<int>(ttl.toInt()));
            }
        }
        // The page the redirect leads to shows it already, with the new serial.
        const HttpResult list = c->get(r.location());
        QCOMPARE(list.status, 200);
        QVERIFY(list.text().contains(QStringLiteral("Added.")));
        QVERIFY2(!idOf(list, dnsRecordTypeName(t), stored).isEmpty(), qPrintable(stored));
        QVERIFY(list.text().contains(QStringLiteral("<td>%1</td>").arg(serial(Com))));
        if (!ttl.isEmpty())
            QVERIFY(list.text().contains(QStringLiteral("<td>%1</td>").arg(ttl)));
    }

    void editRecord()
    {
        auto c = m_fixture.owner(Com);
        QVERIFY(c);
        QCOMPARE(c->post(QStringLiteral("/dns/add"),
                      recordForm(QStringLiteral("edit-me"), QStringLiteral("A"), QStringLiteral("192.0.2.50")))
                     .status,
            303);
        HttpResult list = c->get(QStringLiteral("/dns"));
        const QString id = idOf(list, QStringLiteral("A"), QStringLiteral("192.0.2.50"));
        QVERIFY(!id.isEmpty());

        // The form shows the record.
        const HttpResult form = c->get(QStringLiteral("/dns/%1/edit").arg(id));
        QCOMPARE(form.status, 200);
        QVERIFY(form.text().contains(QStringLiteral("action=\"/dns/%1/edit\"").arg(id)));
        QVERIFY(form.text().contains(QStringLiteral("name=\"value\" value=\"192.0.2.50\"")));
        QVERIFY(form.text().contains(QStringLiteral("name=\"name\" value=\"edit-me\"")));
        QVERIFY(form.text().contains(QStringLiteral("<option selected>A</option>")));

        // A bad value: 422, the message next to the value, nothing changed.
        quint32 before = serial(Com);
        HttpResult r = c->post(QStringLiteral("/dns/%1/edit").arg(id),
            recordForm(QStringLiteral("edit-me"), QStringLiteral("A"), QStringLiteral("192.0.2.500")));
        QCOMPARE(r.status, 422);
        QVERIFY(fieldError(r, QStringLiteral("value"), QStringLiteral("value:")));
        QVERIFY(
            r.text().contains(QStringLiteral("name=\"value\" value=\"192.0.2.500\""))); // what was typed, to correct
        QVERIFY(has(Com, QStringLiteral("edit-me"), DnsRecordType::A, QStringLiteral("192.0.2.50")));
        QCOMPARE(serial(Com), before);

        // The value changes: one change, one serial, one process.
        const qsizetype processes = queued(Com);
        r = c->post(QStringLiteral("/dns/%1/edit").arg(id),
            recordForm(QStringLiteral("edit-me"), QStringLiteral("A"), QStringLiteral("192.0.2.51")));
        QCOMPARE(r.status, 303);
        QCOMPARE(r.location(), QStringLiteral("/dns?done=saved"));
        QVERIFY(has(Com, QStringLiteral("edit-me"), DnsRecordType::A, QStringLiteral("192.0.2.51")));
        QVERIFY(!has(Com, QStringLiteral("edit-me"), DnsRecordType::A, QStringLiteral("192.0.2.50")));
        QVERIFY(serial(Com) > before);
        QCOMPARE(queued(Com), processes + 1);
        list = c->get(r.location());
        QVERIFY(list.text().contains(QStringLiteral("Saved.")));
        QVERIFY(list.text().contains(QStringLiteral("<code>192.0.2.51</code>")));
        QVERIFY(!list.text().contains(QStringLiteral("<code>192.0.2.50</code>")));
        // The old id names nothing now.
        QCOMPARE(c->get(QStringLiteral("/dns/%1/edit").arg(id)).status, 404);

        // Name and type change too: the old name goes with its only record.
        const QString id2 = idOf(list, QStringLiteral("A"), QStringLiteral("192.0.2.51"));
        QVERIFY(!id2.isEmpty());
        c->get(QStringLiteral("/dns/%1/edit").arg(id2));
        before = serial(Com);
        r = c->post(QStringLiteral("/dns/%1/edit").arg(id2),
            recordForm(QStringLiteral("edited"), QStringLiteral("AAAA"), QStringLiteral("2001:db8::51"),
                QStringLiteral("300")));
        QCOMPARE(r.status, 303);
        QVERIFY(has(Com, QStringLiteral("edited"), DnsRecordType::Aaaa, QStringLiteral("2001:db8::51")));
        QVERIFY(serial(Com) > before);
        QCOMPARE(queued(Com), processes + 2); // one change: one process
        const DnsZone z = zone(Com);
        QVERIFY(
            std::none_of(z.records.begin(), z.records.end(), [](const DnsRecord &x) { return x.name == u"edit-me"; }));
        auto gone = m_root->read(m_root->dit().dnsName(Com, QStringLiteral("edit-me")));
        QVERIFY(gone.ok() && !gone->has_value());
        list = c->get(r.location());
        QVERIFY(list.text().contains(QStringLiteral("edited.example.com")));
        // The only record of a name may change the name's TTL.
        const QString id3 = idOf(list, QStringLiteral("AAAA"), QStringLiteral("2001:db8::51"));
        QVERIFY(!id3.isEmpty());
        r = c->post(QStringLiteral("/dns/%1/edit").arg(id3),
            recordForm(QStringLiteral("edited"), QStringLiteral("AAAA"), QStringLiteral("2001:db8::51"),
                QStringLiteral("900")));
        QCOMPARE(r.status, 303);
        const DnsZone z900 = zone(Com);
        QVERIFY(std::any_of(z900.records.begin(), z900.records.end(),
            [](const DnsRecord &x) { return x.name == u"edited" && x.ttl == std::optional<int>(900); }));

        // A TTL that differs from the other records of the name is explained at the TTL field.
        list = c->get(QStringLiteral("/dns"));
        const QString www = idOf(list, QStringLiteral("A"), QStringLiteral("192.0.2.30"));
        QVERIFY(!www.isEmpty());
        c->post(QStringLiteral("/dns/add"),
            recordForm(QStringLiteral("www"), QStringLiteral("AAAA"), QStringLiteral("2001:db8::30")));
        list = c->get(QStringLiteral("/dns"));
        const QString www6 = idOf(list, QStringLiteral("AAAA"), QStringLiteral("2001:db8::30"));
        QVERIFY(!www6.isEmpty());
        before = serial(Com);
        r = c->post(QStringLiteral("/dns/%1/edit").arg(www6),
            recordForm(
                QStringLiteral("www"), QStringLiteral("AAAA"), QStringLiteral("2001:db8::31"), QStringLiteral("60")));
        QCOMPARE(r.status, 422);
        QVERIFY(fieldError(r, QStringLiteral("ttl"), QStringLiteral("all records of a name share one TTL")));
        QCOMPARE(serial(Com), before);
        QVERIFY(has(Com, QStringLiteral("www"), DnsRecordType::Aaaa, QStringLiteral("2001:db8::30")));
    }

    void deleteRecord()
    {
        auto c = m_fixture.owner(Com);
        QVERIFY(c);
        QCOMPARE(c->post(QStringLiteral("/dns/add"),
                      recordForm(QStringLiteral("gone"), QStringLiteral("TXT"), QStringLiteral("bye")))
                     .status,
            303);
        HttpResult list = c->get(QStringLiteral("/dns"));
        const QString id = idOf(list, QStringLiteral("TXT"), QStringLiteral("\"bye\""));
        QVERIFY(!id.isEmpty());
        QVERIFY(list.text().contains(QStringLiteral("action=\"/dns/%1/delete\"").arg(id)));
        const quint32 before = serial(Com);
        const qsizetype processes = queued(Com);
        const HttpResult r = c->post(QStringLiteral("/dns/%1/delete").arg(id), {});
        QCOMPARE(r.status, 303);
        QCOMPARE(r.location(), QStringLiteral("/dns?done=deleted"));
        QVERIFY(!has(Com, QStringLiteral("gone"), DnsRecordType::Txt, QStringLiteral("\"bye\"")));
        auto entry = m_root->read(m_root->dit().dnsName(Com, QStringLiteral("gone")));
        QVERIFY(entry.ok() && !entry->has_value());
        QVERIFY(serial(Com) > before);
        QCOMPARE(queued(Com), processes + 1);
        list = c->get(r.location());
        QVERIFY(list.text().contains(QStringLiteral("Deleted.")));
        QVERIFY(!list.text().contains(QStringLiteral("gone.example.com")));
        QCOMPARE(c->post(QStringLiteral("/dns/%1/delete").arg(id), {}).status, 404);
    }

    void lastApexNsStays()
    {
        auto c = m_fixture.owner(Org);
        QVERIFY(c);
        HttpResult list = c->get(QStringLiteral("/dns"));
        const QString ns1 = idOf(list, QStringLiteral("NS"), QStringLiteral("ns1.example.net."));
        const QString ns2 = idOf(list, QStringLiteral("NS"), QStringLiteral("ns2.example.net."));
        QVERIFY(!ns1.isEmpty() && !ns2.isEmpty());
        QVERIFY(list.text().contains(QStringLiteral("action=\"/dns/%1/delete\"").arg(ns1)));
        QCOMPARE(c->post(QStringLiteral("/dns/%1/delete").arg(ns2), {}).status, 303);
        list = c->get(QStringLiteral("/dns"));
        // The last one has no delete button, and posting anyway gives core's reason.
        QVERIFY(!list.text().contains(QStringLiteral("action=\"/dns/%1/delete\"").arg(ns1)));
        QVERIFY(list.text().contains(QStringLiteral("kept: the domain needs one NS record")));
        const quint32 before = serial(Org);
        const HttpResult r = c->post(QStringLiteral("/dns/%1/delete").arg(ns1), {});
        QCOMPARE(r.status, 422);
        QVERIFY(r.text().contains(QStringLiteral("must keep at least one NS record")));
        QVERIFY(has(Org, QStringLiteral("@"), DnsRecordType::Ns, QStringLiteral("ns1.example.net.")));
        QCOMPARE(serial(Org), before);
        // Back as it was.
        QCOMPARE(c->post(QStringLiteral("/dns/add"),
                      recordForm(QStringLiteral("@"), QStringLiteral("NS"), QStringLiteral("ns2.example.net.")))
                     .status,
            303);
    }

    void invalidInput_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("ttl");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("message");
        QTest::newRow("CNAME beside other records") << "www"
                                                    << "CNAME"
                                                    << "shop.example.net."
                                                    << ""
                                                    << "name"
                                                    << "a name with a CNAME has no other records";
        QTest::newRow("A beside a CNAME") << "ftp"
                                          << "A"
                                          << "192.0.2.9"
                                          << ""
                                          << "name"
                                          << "a name with a CNAME has no other records";
        QTest::newRow("CNAME at the apex") << "@"
                                           << "CNAME"
                                           << "www"
                                           << ""
                                           << "name"
                                           << "CNAME";
        QTest::newRow("invalid IPv4") << "host"
                                      << "A"
                                      << "192.0.2.256"
                                      << ""
                                      << "value"
                                      << "value:";
        QTest::newRow("IPv6 in an A record") << "host"
                                             << "A"
                                             << "2001:db8::1"
                                             << ""
                                             << "value"
                                             << "value:";
        QTest::newRow("MX without preference") << "@"
                                               << "MX"
                                               << "mail.example.net."
                                               << ""
                                               << "value"
                                               << "value:";
        QTest::newRow("SRV with three numbers missing") << "_sip._tcp"
                                                        << "SRV"
                                                        << "sip.example.com."
                                                        << ""
                                                        << "value"
                                                        << "value:";
        QTest::newRow("SRV name without service") << "sip"
                                                  << "SRV"
                                                  << "10 5 5060 sip.example.com."
                                                  << ""
                                                  << "name"
                                                  << "name:";
        QTest::newRow("CAA with an unknown tag") << "@"
                                                 << "CAA"
                                                 << "0 nonsense \"x\""
                                                 << ""
                                                 << "value"
                                                 << "value:";
        QTest::newRow("duplicate") << "www"
                                   << "A"
                                   << "192.0.2.30"
                                   << ""
                                   << "value"
                                   << "already has";
        QTest::newRow("PTR is not offered") << "host"
                                            << "PTR"
                                            << "host.example.com."
                                            << ""
                                            << "type"
                                            << "kept by your provider";
        QTest::newRow("SOA is not a record to add") << "@"
                                                    << "SOA"
                                                    << "ns1.example.net. x 1 2 3 4 5"
                                                    << ""
                                                    << "type"
                                                    << "type:";
        QTest::newRow("unknown type") << "host"
                                      << "HINFO"
                                      << "x"
                                      << ""
                                      << "type"
                                      << "type:";
        QTest::newRow("TTL not a number") << "host"
                                          << "A"
                                          << "192.0.2.9"
                                          << "1h"
                                          << "ttl"
                                          << "ttl:";
        QTest::newRow("negative TTL") << "host"
                                      << "A"
                                      << "192.0.2.9"
                                      << "-1"
                                      << "ttl"
                                      << "ttl:";
        QTest::newRow("TTL of a name with another one") << "www"
                                                        << "AAAA"
                                                        << "2001:db8::99"
                                                        << "7"
                                                        << "ttl"
                                                        << "share one TTL";
        QTest::newRow("empty value") << "host"
                                     << "A"
                                     << ""
                                     << ""
                                     << "value"
                                     << "value:";
    }

    void invalidInput()
    {
        QFETCH(QString, name);
        QFETCH(QString, type);
        QFETCH(QString, value);
        QFETCH(QString, ttl);
        QFETCH(QString, field);
        QFETCH(QString, message);
        auto c = m_fixture.owner(Com);
        QVERIFY(c);
        c->get(QStringLiteral("/dns"));
        const DnsZone before = zone(Com);
        const qsizetype processes = queued(Com);
        const HttpResult r = c->post(QStringLiteral("/dns/add"), recordForm(name, type, value, ttl));
        QCOMPARE(r.status, 422);
        QVERIFY2(fieldError(r, field, message),
            qPrintable(r.text().mid(r.text().indexOf(QStringLiteral("role=\"alert\"")), 600)));
        QVERIFY(r.text().contains(QStringLiteral("action=\"/dns/add\""))); // the form again, filled in
        if (!value.isEmpty())
            QVERIFY(r.text().contains(QStringLiteral("name=\"value\" value=\"%1\"").arg(esc(value))));
        QCOMPARE(zone(Com), before);
        QCOMPARE(queued(Com), processes);
    }

    void otherDomainsRecordsAreNotFound()
    {
        auto com = m_fixture.owner(Com);
        QVERIFY(com);
        const HttpResult comList = com->get(QStringLiteral("/dns"));
        // www A 192.0.2.30 exists in both zones: the id of example.com's must not reach example.org's.
        const QString id = idOf(comList, QStringLiteral("A"), QStringLiteral("192.0.2.30"));
        const QString txt = idOf(comList, QStringLiteral("TXT"), QStringLiteral("\"v=spf1 mx -all\""));
        QVERIFY(!id.isEmpty() && !txt.isEmpty());
        const DnsZone comBefore = zone(Com);
        const DnsZone orgBefore = zone(Org);

        auto org = m_fixture.owner(Org);
        QVERIFY(org);
        org->get(QStringLiteral("/dns"));
        for (const QString &x : { id, txt }) {
            const HttpResult edit = org->get(QStringLiteral("/dns/%1/edit").arg(x));
            QCOMPARE(edit.status, 404);
            QVERIFY(!edit.text().contains(QStringLiteral("192.0.2.30")));
            QVERIFY(!edit.text().contains(esc(QStringLiteral("\"v=spf1 mx -all\""))));
            QCOMPARE(org->post(QStringLiteral("/dns/%1/edit").arg(x),
                            recordForm(QStringLiteral("www"), QStringLiteral("A"), QStringLiteral("192.0.2.99")))
                         .status,
                404);
            QCOMPARE(org->post(QStringLiteral("/dns/%1/delete").arg(x), {}).status, 404);
        }
        // Made-up ids.
        for (const QString &x :
            { QStringLiteral("AAAAAAAAAAAAAAAAAAAAAA"), QStringLiteral("..%2F..%2Fetc"), QStringLiteral("*)(uid=*") })
            QCOMPARE(org->get(QStringLiteral("/dns/%1/edit").arg(x)).status, 404);
        QCOMPARE(zone(Com), comBefore);
        QCOMPARE(zone(Org), orgBefore);
    }

    void anonymousIsSentToLogin()
    {
        auto c = m_fixture.client();
        HttpResult r = c->get(QStringLiteral("/dns"));
        QCOMPARE(r.status, 303);
        QCOMPARE(r.location(), QStringLiteral("/login?next=%2Fdns"));
        auto owner = m_fixture.owner(Com);
        QVERIFY(owner);
        const QString id = idOf(owner->get(QStringLiteral("/dns")), QStringLiteral("A"), QStringLiteral("192.0.2.30"));
        QVERIFY(!id.isEmpty());
        QCOMPARE(c->get(QStringLiteral("/dns/%1/edit").arg(id)).status, 303);
        const DnsZone before = zone(Com);
        r = c->post(QStringLiteral("/dns/add"),
            recordForm(QStringLiteral("anon"), QStringLiteral("A"), QStringLiteral("192.0.2.7")));
        QCOMPARE(r.status, 303);
        QVERIFY(r.location().startsWith(QStringLiteral("/login")));
        QCOMPARE(c->post(QStringLiteral("/dns/%1/delete").arg(id), {}).status, 303);
        QCOMPARE(c->post(QStringLiteral("/dns/%1/edit").arg(id),
                      recordForm(QStringLiteral("www"), QStringLiteral("A"), QStringLiteral("192.0.2.8")))
                     .status,
            303);
        QCOMPARE(zone(Com), before);
    }

    void csrfIsRequired()
    {
        auto c = m_fixture.owner(Com);
        QVERIFY(c);
        const HttpResult list = c->get(QStringLiteral("/dns"));
        const QString id = idOf(list, QStringLiteral("A"), QStringLiteral("192.0.2.30"));
        QVERIFY(!id.isEmpty());
        const DnsZone before = zone(Com);
        const qsizetype processes = queued(Com);
        auto fields = recordForm(QStringLiteral("csrf"), QStringLiteral("A"), QStringLiteral("192.0.2.7"));
        fields.append({ QStringLiteral("_csrf"), QString() });
        QCOMPARE(c->post(QStringLiteral("/dns/add"), fields).status, 403);
        QCOMPARE(c->postRaw(QStringLiteral("/dns/add"), "name=csrf&type=A&value=192.0.2.7",
                      "application/x-www-form-urlencoded")
                     .status,
            403);
        QCOMPARE(
            c->post(QStringLiteral("/dns/%1/delete").arg(id), { { QStringLiteral("_csrf"), QStringLiteral("AAAA") } })
                .status,
            403);
        QCOMPARE(c->postRaw(QStringLiteral("/dns/%1/delete").arg(id), QByteArray(), "application/x-www-form-urlencoded")
                     .status,
            403);
        auto edit = recordForm(QStringLiteral("www"), QStringLiteral("A"), QStringLiteral("192.0.2.8"));
        edit.append({ QStringLiteral("_csrf"), QString() });
        QCOMPARE(c->post(QStringLiteral("/dns/%1/edit").arg(id), edit).status, 403);
        // From another site, with the right token.
        QCOMPARE(c->postRaw(QStringLiteral("/dns/%1/delete").arg(id), "_csrf=" + QUrl::toPercentEncoding(c->csrf()),
                      "application/x-www-form-urlencoded", { { "Origin", "http://evil.example" } })
                     .status,
            403);
        QCOMPARE(zone(Com), before);
        QCOMPARE(queued(Com), processes);
    }

    void hostileValues_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("ttl");
        QTest::addColumn<int>("status"); // 422 refused, 303 stored
        QTest::newRow("script as name") << Script << "A"
                                        << "192.0.2.1"
                                        << "" << 422;
        QTest::newRow("filter injection as name") << "*)(uid=*"
                                                  << "A"
                                                  << "192.0.2.1"
                                                  << "" << 422;
        QTest::newRow("DN injection as name") << "a,ou=x"
                                              << "A"
                                              << "192.0.2.1"
                                              << "" << 422;
        QTest::newRow("plus in a name") << "a+cn=x"
                                        << "A"
                                        << "192.0.2.1"
                                        << "" << 422;
        QTest::newRow("path as name") << "../"
                                      << "A"
                                      << "192.0.2.1"
                                      << "" << 422;
        QTest::newRow("quotes as name") << "\"'"
                                        << "A"
                                        << "192.0.2.1"
                                        << "" << 422;
        QTest::newRow("10000-char name") << QString(10000, QLatin1Char('a')) << "A"
                                         << "192.0.2.1"
                                         << "" << 422;
        QTest::newRow("script as A value") << "hostile"
                                           << "A" << Script << "" << 422;
        QTest::newRow("filter injection as A value") << "hostile"
                                                     << "A"
                                                     << "*)(uid=*"
                                                     << "" << 422;
        QTest::newRow("DN injection as CNAME target") << "hostile"
                                                      << "CNAME"
                                                      << "a,ou=x"
                                                      << "" << 422;
        QTest::newRow("path as CNAME target") << "hostile"
                                              << "CNAME"
                                              << "../"
                                              << "" << 422;
        QTest::newRow("newline in a TXT") << "hostile"
                                          << "TXT"
                                          << "a\n$INCLUDE /etc/passwd"
                                          << "" << 422;
        QTest::newRow("script as TXT value") << "hostile"
                                             << "TXT" << Script << "" << 303;
        QTest::newRow("quotes inside a quoted TXT") << "hostile"
                                                    << "TXT"
                                                    << "\"it's a \\\"quote\\\"\""
                                                    << "" << 303;
        QTest::newRow("quotes as TXT value") << "hostile"
                                             << "TXT"
                                             << "\"'"
                                             << "" << 422;
        QTest::newRow("10000-char TXT value") << "hostile"
                                              << "TXT" << QString(10000, QLatin1Char('x')) << "" << 422;
        QTest::newRow("script as type") << "hostile" << Script << "192.0.2.1"
                                        << "" << 422;
        QTest::newRow("script as TTL") << "hostile"
                                       << "A"
                                       << "192.0.2.1" << Script << 422;
        QTest::newRow("10000-digit TTL") << "hostile"
                                         << "A"
                                         << "192.0.2.1" << QString(10000, QLatin1Char('9')) << 422;
    }

    void hostileValues()
    {
        QFETCH(QString, name);
        QFETCH(QString, type);
        QFETCH(QString, value);
        QFETCH(QString, ttl);
        QFETCH(int, status);
        auto c = m_fixture.owner(Com);
        QVERIFY(c);
        c->get(QStringLiteral("/dns"));
        const DnsZone before = zone(Com);
        const HttpResult r = c->post(QStringLiteral("/dns/add"), recordForm(name, type, value, ttl));
        QCOMPARE(r.status, status);
        QVERIFY(!r.text().contains(Script));
        if (r.status == 422) {
            QCOMPARE(zone(Com), before);
            QVERIFY(r.text().contains(QStringLiteral("class=\"field-error\"")));
            return;
        }
        // Stored: shown escaped, and removed again through the panel.
        const DnsZone after = zone(Com);
        QCOMPARE(after.records.size(), before.records.size() + 1);
        const HttpResult list = c->get(r.location());
        QCOMPARE(list.status, 200);
        QVERIFY(!list.text().contains(Script));
        DnsRecord added;
        for (const DnsRecord &x : after.records) {
            if (!before.records.contains(x))
                added = x;
        }
        const QString id = idOf(list, dnsRecordTypeName(added.type), added.value);
        QVERIFY2(!id.isEmpty(), qPrintable(added.value));
        if (value == Script)
            QVERIFY(list.text().contains(esc(Script)));
        QCOMPARE(c->post(QStringLiteral("/dns/%1/delete").arg(id), {}).status, 303);
        QCOMPARE(zone(Com).records, before.records);
    }

    void badUtf8IsRefused()
    {
        auto c = m_fixture.owner(Com);
        QVERIFY(c);
        c->get(QStringLiteral("/dns"));
        const DnsZone before = zone(Com);
        const QByteArray csrf = QUrl::toPercentEncoding(c->csrf());
        for (const QByteArray &body : { QByteArray("name=bad%FF%FE&type=A&value=192.0.2.1&_csrf=") + csrf,
                 QByteArray("name=bad&type=TXT&value=%C3%28%80&_csrf=") + csrf,
                 QByteArray("name=bad&type=TXT&value=\xff\xfe&_csrf=") + csrf }) {
            const HttpResult r = c->postRaw(QStringLiteral("/dns/add"), body, "application/x-www-form-urlencoded");
            QCOMPARE(r.status, 400); // the wrapper refuses a form that is not UTF-8
        }
        QCOMPARE(zone(Com), before);
    }

    void replicaGetsAnExplanation()
    {
        auto c = m_fixture.owner(Net);
        QVERIFY(c);
        const HttpResult r = c->get(QStringLiteral("/dns"));
        QCOMPARE(r.status, 200);
        QVERIFY(r.text().contains(QStringLiteral("example.net is another name for <strong>example.com</strong>")));
        QVERIFY(r.text().contains(QStringLiteral("change the DNS records of example.com")));
        QVERIFY(!r.text().contains(QStringLiteral("action=\"/dns/add\"")));
        QVERIFY(!r.text().contains(QStringLiteral("192.0.2.30"))); // not the master's records either
        // Nothing to change, whatever is posted.
        const HttpResult add = c->post(QStringLiteral("/dns/add"),
            recordForm(QStringLiteral("www"), QStringLiteral("A"), QStringLiteral("192.0.2.1")));
        QCOMPARE(add.status, 403);
        QVERIFY(add.text().contains(QStringLiteral("another name for")));
        auto zoneEntry = m_root->read(m_root->dit().zone(Net));
        QVERIFY(zoneEntry.ok() && !zoneEntry->has_value());
        // example.com's record ids mean nothing here.
        auto com = m_fixture.owner(Com);
        QVERIFY(com);
        const QString id = idOf(com->get(QStringLiteral("/dns")), QStringLiteral("A"), QStringLiteral("192.0.2.30"));
        QVERIFY(!id.isEmpty());
        const DnsZone before = zone(Com);
        QCOMPARE(c->get(QStringLiteral("/dns/%1/edit").arg(id)).status, 404);
        QCOMPARE(c->post(QStringLiteral("/dns/%1/delete").arg(id), {}).status, 404);
        QCOMPARE(zone(Com), before);
    }
};

QTEST_MAIN(TestPanelDns)
#include "tst_paneldns.moc"
