// The ISPMan 1.x import against a real slapd: a fresh private directory (the bootstrap only) gets
// tests/data/ispman1/export.ldif, an export of a 1.x directory in 1.x's own layout and base DN.
// Checked: a dry run writes nothing and plans exactly what the import then does; every object is
// created with the right values (hosts and groups, reseller and client, the four domain types,
// users with aliases, forwards and quotas in KB, mail group, web user, websites with aliases,
// redirects and protected locations, database, administrators, and the DNS zone regrouped from
// 1.x's per-type/per-value branches), imported {crypt}/{clear}/plain passwords bind, the hosts'
// work is queued, suspensions survive; the report names every entry and attribute it could not
// carry over with its line and reason; a second run skips everything and writes nothing; garbled
// files are refused as a whole and hostile values one by one, by field, with nothing written.
#include "core/ldap/ldapwait.h"
#include "core/ops/adminops.h"
#include "core/ops/databaseops.h"
#include "core/ops/dnsops.h"
#include "core/ops/domainops.h"
#include "core/ops/hostops.h"
#include "core/ops/ispman1import.h"
#include "core/ops/mailgroupops.h"
#include "core/ops/tenantops.h"
#include "core/ops/userops.h"
#include "core/ops/vhostops.h"
#include "tests/support/testdirectory.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace Isp::Core;
using Isp::Test::TestDirectory;

namespace {

QByteArray exportFile()
{
    QFile f(QStringLiteral(":/ispman1/export.ldif"));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// A small 1.x export below o=ispman: `records` after the base entry and its branches.
QByteArray smallExport(const QByteArray &records)
{
    return "version: 1\n\ndn: o=ispman\nobjectclass: organization\no: ispman\n\n"
           "dn: ou=hosts, o=ispman\nobjectclass: ispmanBranch\nou: hosts\n\n"
        + records;
}

// 1-based line of the last record's "dn:" in `file`.
qsizetype lastDnLine(const QByteArray &file)
{
    const QList<QByteArray> lines = file.split('\n');
    for (qsizetype i = lines.size() - 1; i >= 0; --i) {
        if (lines.at(i).startsWith("dn:"))
            return i + 1;
    }
    return -1;
}

QString itemKey(const Ispman1Import::Item &i)
{
    return i.kind + QLatin1Char('|') + i.name;
}

} // namespace

class TestIspman1Import : public QObject
{
    Q_OBJECT

private:
    TestDirectory m_dir;
    std::unique_ptr<DirectorySession> m_s;
    QByteArray m_export;
    Ispman1Import::Report m_dry;
    Ispman1Import::Report m_report;

    int writeCount()
    {
        LdapSearchRequest r;
        r.base = LdapDn::fromTrusted(u"cn=accesslog");
        r.scope = LdapScope::OneLevel;
        r.filter = LdapFilter::objectClass(QStringLiteral("auditWriteObject"));
        r.attributes = QStringList { QStringLiteral("1.1") };
        r.pageSize = 1000;
        r.discardEntries = true;
        auto res = m_s->search(r);
        return res.ok() ? int(res->entryCount) : -1;
    }
    int entryCount()
    {
        auto all = m_s->find(m_s->dit().base(), LdapFilter(), { QStringLiteral("1.1") });
        return all.ok() ? int(all->size()) : -1;
    }
    int processCount()
    {
        auto all = m_s->find(m_s->dit().processes(), LdapFilter::objectClass(QStringLiteral("ispmanProcesses")),
            { QStringLiteral("1.1") });
        return all.ok() ? int(all->size()) : -1;
    }
    // Whether anything at all was written: slapd's accesslog counts every successful write.
    QList<int> counts() { return { writeCount(), entryCount(), processCount() }; }

    QStringList processesFor(const LdapDn &target)
    {
        QStringList out;
        auto found = m_s->find(
            m_s->dit().processes(), LdapFilter::equals(QStringLiteral("ispmanProcessTarget"), target.toString()));
        if (!found.ok())
            return { QStringLiteral("search failed: ") + found.error().toString() };
        for (const LdapEntry &p : *found)
            out << p.text(QStringLiteral("ispmanProcess")) + QLatin1Char('@')
                    + p.text(QStringLiteral("ispmanHostName"));
        out.sort();
        return out;
    }
    bool canBind(const LdapDn &dn, const QByteArray &password)
    {
        LdapConnectionSettings s = m_dir.rootSettings();
        s.bindDn = dn.toString();
        s.password = password;
        s.autoReconnect = false;
        LdapConnection c(s);
        return ldapWait<QString>([&](QObject *ctx, auto done) { c.whoAmI(ctx, done); }).ok();
    }
    // 1-based line of the export where the line starting with `prefix` is.
    qsizetype lineOf(const QByteArray &prefix) const
    {
        const QList<QByteArray> lines = m_export.split('\n');
        for (qsizetype i = 0; i < lines.size(); ++i) {
            if (lines.at(i).startsWith(prefix))
                return i + 1;
        }
        return -1;
    }
    qint64 resellerId()
    {
        auto all = TenantOps::listResellers(*m_s);
        for (const Reseller &r : *all) {
            if (r.name == QStringLiteral("Acme Hosting"))
                return r.id;
        }
        return -1;
    }
    qint64 clientId()
    {
        auto all = TenantOps::listClients(*m_s);
        for (const Client &c : *all) {
            if (c.name == QStringLiteral("B\u00e4ckerei M\u00fcller GmbH"))
                return c.id;
        }
        return -1;
    }

private Q_SLOTS:
    void initTestCase()
    {
        ISP_START_DIRECTORY(m_dir);
        m_s = std::make_unique<DirectorySession>(m_dir->adminSettings(), Dit(m_dir->base()));
        m_export = exportFile();
        QVERIFY2(!m_export.isEmpty(), "the export is not in the test's resources");
        QVERIFY(!m_s->dit().base().isDescendantOf(LdapDn::fromTrusted(u"o=ispman"))
            && m_s->dit().base() != LdapDn::fromTrusted(u"o=ispman"));
    }

    void garbledFilesAreRefusedWhole_data()
    {
        QTest::addColumn<QByteArray>("file");
        QTest::addColumn<QString>("expected"); // in the message after "file: "
        QTest::newRow("binary") << QByteArray("\x7f"
                                              "ELF\x02\x01\x01\0\0\0",
            10) << QStringLiteral("line 1");
        QTest::newRow("empty") << QByteArray() << QStringLiteral("no ISPMan 1.x data");
        QTest::newRow("no 1.x data") << QByteArray("dn: cn=x,dc=example,dc=org\nobjectclass: person\ncn: x\nsn: y\n")
                                     << QStringLiteral("no ISPMan 1.x data");
        QTest::newRow("url value") << smallExport(
            "dn: ispmanHostName=a.example.com, ou=hosts, o=ispman\nobjectclass: ispmanHost\n"
            "ispmanHostName:< file:///etc/shadow\n")
                                   << QStringLiteral("line 13");
        QTest::newRow("changetype delete")
            << smallExport("dn: ispmanDomain=example.com, o=ispman\nchangetype: delete\n") << QStringLiteral("line 12");
        QTest::newRow("bad base64") << smallExport(
            "dn: ispmanHostName=a.example.com, ou=hosts, o=ispman\nobjectclass: ispmanHost\n"
            "ispmanHostName:: ***notbase64***\n")
                                    << QStringLiteral("line 13");
        QTest::newRow("unescaped comma in a DN")
            << smallExport("dn: relativeDomainName=@, tXTRecord=a, b\"c, ou=txtRecord, dc=example, "
                           "dc=com, ou=DNS, o=ispman\nobjectclass: dNSZone\n")
            << QStringLiteral("line 11");
        QTest::newRow("DN not UTF-8") << smallExport(
            "dn: ispmanHostName=a\xff\xfe.example.com, ou=hosts, o=ispman\nobjectclass: ispmanHost\n")
                                      << QStringLiteral("line 11");
        QTest::newRow("control character in a DN") << smallExport(
            "dn:: " + QByteArray("ispmanHostName=a\nb,ou=hosts,o=ispman").toBase64() + "\nobjectclass: ispmanHost\n")
                                                   << QStringLiteral("line 11");
        QTest::newRow("record without attributes")
            << smallExport("dn: ispmanHostName=a.example.com, ou=hosts, o=ispman\n\n") << QStringLiteral("line 11");
        QTest::newRow("unsupported version")
            << QByteArray("version: 2\n\n") + exportFile().mid(12) << QStringLiteral("line 1");
    }

    void garbledFilesAreRefusedWhole()
    {
        QFETCH(QByteArray, file);
        QFETCH(QString, expected);
        const QList<int> before = counts();
        for (bool dryRun : { true, false }) {
            auto r = Ispman1Import::run(*m_s, file, { dryRun });
            QVERIFY(!r.ok());
            QCOMPARE(int(r.error().kind), int(OpError::Kind::Invalid));
            QCOMPARE(r.error().field, QStringLiteral("file"));
            QVERIFY2(r.error().message.startsWith(QStringLiteral("file: ")), qPrintable(r.error().message));
            QVERIFY2(r.error().message.contains(expected), qPrintable(r.error().message));
        }
        QCOMPARE(counts(), before);
    }

    void dryRunWritesNothing()
    {
        const QList<int> before = counts();
        auto r = Ispman1Import::run(*m_s, m_export, { true });
        QVERIFY2(r.ok(), qPrintable(r.error().toString()));
        QCOMPARE(counts(), before);
        QVERIFY(r->dryRun);
        QCOMPARE(r->sourceBase, QStringLiteral("o=ispman"));
        QVERIFY2(r->failed.isEmpty(), qPrintable(r->toText()));
        QVERIFY(r->toText().contains(QStringLiteral("dry run: nothing written")));
        m_dry = *r;
    }

    void importCreatesEveryObject()
    {
        const int entriesBefore = entryCount();
        auto r = Ispman1Import::run(*m_s, m_export);
        QVERIFY2(r.ok(), qPrintable(r.error().toString()));
        QVERIFY2(r->failed.isEmpty(), qPrintable(r->toText()));
        QVERIFY(!r->dryRun);
        m_report = *r;
        const QMap<QString, int> expected {
            { QStringLiteral("admin"), 2 },
            { QStringLiteral("alias"), 2 },
            { QStringLiteral("client"), 2 },
            { QStringLiteral("database"), 1 },
            { QStringLiteral("dns-record"), 12 },
            { QStringLiteral("domain"), 4 },
            { QStringLiteral("host"), 3 },
            { QStringLiteral("hostgroup"), 1 },
            { QStringLiteral("hostgroup-member"), 8 },
            { QStringLiteral("mailgroup"), 1 },
            { QStringLiteral("reseller"), 2 },
            { QStringLiteral("user"), 4 },
            { QStringLiteral("vhost"), 2 },
            { QStringLiteral("vhost-alias"), 2 },
            { QStringLiteral("vhost-protection"), 1 },
            { QStringLiteral("vhost-redirect"), 1 },
            { QStringLiteral("webuser"), 1 },
        };
        QCOMPARE(r->created, expected);
        QVERIFY(entryCount() > entriesBefore + 40);
        // What is already there: the bootstrap's host groups, its administrator, the catalogue.
        QStringList skipped;
        for (const auto &i : r->skipped)
            skipped << itemKey(i) + QLatin1Char('|') + i.reason;
        QVERIFY2(skipped.contains(QStringLiteral("admin|ispman|exists")), qPrintable(skipped.join(u'\n')));
        QVERIFY(skipped.contains(QStringLiteral("hostgroup|dnsgroup|exists")));
        QVERIFY(skipped.contains(QStringLiteral("domain-service|mail|in the catalogue")));
        QVERIFY(skipped.contains(QStringLiteral("domain-service|http|in the catalogue as \"web\"")));
    }

    void dryRunPlannedExactlyThis()
    {
        QCOMPARE(m_dry.created, m_report.created);
        QStringList planned, done;
        for (const auto &i : m_dry.createdItems)
            planned << itemKey(i) + QLatin1Char('|') + QString::number(i.line);
        for (const auto &i : m_report.createdItems)
            done << itemKey(i) + QLatin1Char('|') + QString::number(i.line);
        planned.sort();
        done.sort();
        QCOMPARE(planned, done);
        QStringList unmappedDry, unmappedReal;
        for (const auto &i : m_dry.unmapped)
            unmappedDry << QStringLiteral("%1|%2|%3|%4").arg(i.line).arg(i.dn, i.attribute, i.reason);
        for (const auto &i : m_report.unmapped)
            unmappedReal << QStringLiteral("%1|%2|%3|%4").arg(i.line).arg(i.dn, i.attribute, i.reason);
        QCOMPARE(unmappedDry, unmappedReal);
    }

    void hostsAndGroups()
    {
        auto ns = HostOps::show(*m_s, QStringLiteral("ns1.example.com"));
        QVERIFY2(ns.ok(), qPrintable(ns.error().toString()));
        QCOMPARE(ns->ip, QStringLiteral("192.0.2.53"));
        QCOMPARE(ns->aliases, QStringList { QStringLiteral("ns2.example.com") });
        QCOMPARE(ns->info, QStringLiteral("BIND 9"));
        QCOMPARE(HostOps::show(*m_s, QStringLiteral("mail.example.com"))->aliases,
            QStringList { QStringLiteral("mx1.example.com") });
        QCOMPARE(HostOps::showGroup(*m_s, QStringLiteral("dnsgroup"))->members,
            QStringList { QStringLiteral("ns1.example.com") });
        QCOMPARE(HostOps::showGroup(*m_s, QStringLiteral("mailstoregroup"))->members,
            QStringList { QStringLiteral("mail.example.com") });
        QCOMPARE(HostOps::showGroup(*m_s, QStringLiteral("databasegroup"))->members,
            QStringList { QStringLiteral("www1.example.com") });
        QVERIFY(HostOps::showGroup(*m_s, QStringLiteral("webmailgroup"))->members.isEmpty());
        auto backup = HostOps::showGroup(*m_s, QStringLiteral("backupgroup"));
        QVERIFY2(backup.ok(), qPrintable(backup.error().toString()));
        QCOMPARE(backup->info, QStringLiteral("Hosts backed up nightly"));
        QStringList members = backup->members;
        members.sort();
        QCOMPARE(members, (QStringList { QStringLiteral("mail.example.com"), QStringLiteral("www1.example.com") }));
    }

    void resellerAndClient()
    {
        const qint64 rid = resellerId();
        QVERIFY(rid > 0);
        auto reseller = TenantOps::showReseller(*m_s, rid);
        QVERIFY2(reseller.ok(), qPrintable(reseller.error().toString()));
        QCOMPARE(reseller->maxClients, 10);
        QCOMPARE(reseller->login, QStringLiteral("acme"));
        QCOMPARE(reseller->contact.cn, QStringLiteral("Richard Roe"));
        QCOMPARE(reseller->contact.locality, QStringLiteral("Berlin"));
        QCOMPARE(reseller->contact.country, QStringLiteral("DE"));
        QCOMPARE(reseller->status, TenantStatus::Active);
        const qint64 cid = clientId();
        QVERIFY(cid > 0);
        auto client = TenantOps::showClient(*m_s, cid);
        QVERIFY2(client.ok(), qPrintable(client.error().toString()));
        QCOMPARE(client->resellerId, rid); // moved below the reseller's new id
        QCOMPARE(client->maxDomains, 5);
        QCOMPARE(client->login, QStringLiteral("baeckerei"));
        QCOMPARE(client->hosts.mailDrop, QStringLiteral("mail.example.com"));
        QCOMPARE(client->hosts.web, QStringList { QStringLiteral("www1.example.com") });
        QStringList domains = client->domains;
        domains.sort();
        QCOMPARE(domains, (QStringList { QStringLiteral("example.com"), QStringLiteral("example.net") }));

        // A suspended reseller and its suspended client, suspended only once their domain was in.
        qint64 oldPartner = -1;
        const auto resellers = TenantOps::listResellers(*m_s);
        QVERIFY(resellers.ok());
        for (const Reseller &r : *resellers) {
            if (r.name == QStringLiteral("Old Partner"))
                oldPartner = r.id;
        }
        QVERIFY(oldPartner > 0);
        auto suspendedReseller = TenantOps::showReseller(*m_s, oldPartner);
        QVERIFY(suspendedReseller.ok());
        QCOMPARE(suspendedReseller->status, TenantStatus::Suspended);
        QCOMPARE(suspendedReseller->clients.size(), 1);
        auto dormant = TenantOps::showClient(*m_s, suspendedReseller->clients.first().id);
        QVERIFY(dormant.ok());
        QCOMPARE(dormant->name, QStringLiteral("Dormant Shop"));
        QCOMPARE(dormant->status, TenantStatus::Suspended);
        QCOMPARE(dormant->domains, QStringList { QStringLiteral("example.info") });
    }

    void domainsOfEveryType()
    {
        auto com = DomainOps::show(*m_s, QStringLiteral("example.com"));
        QVERIFY2(com.ok(), qPrintable(com.error().toString()));
        const Domain &d = com->domain;
        QCOMPARE(d.type, Domain::Type::Primary);
        QCOMPARE(d.owner, QStringLiteral("Anna Becker"));
        QCOMPARE(d.customer, QStringLiteral("K-1001"));
        QCOMPARE(d.comment, QStringLiteral("Shop and mail of the bakery"));
        QCOMPARE(d.services, (QStringList { QStringLiteral("mail"), QStringLiteral("web") })); // 1.x's "http"
        QCOMPARE(d.maxAccounts, 20);
        QCOMPARE(d.maxVhosts, 5);
        QCOMPARE(d.maxDatabases, 2);
        QCOMPARE(d.mailDropHost, QStringLiteral("mail.example.com"));
        QCOMPARE(d.webHosts, QStringList { QStringLiteral("www1.example.com") });
        QCOMPARE(d.fileServer, QStringLiteral("www1.example.com"));
        QCOMPARE(d.dbHost, QStringLiteral("www1.example.com"));
        QCOMPARE(d.clientId, clientId());
        QCOMPARE(d.resellerId, resellerId());
        QVERIFY(!d.suspended);
        QVERIFY(!d.locked);
        QCOMPARE(com->users, 3);
        QCOMPARE(com->websites, 2);
        QCOMPARE(com->databases, 1);
        QCOMPARE(com->replicas, QStringList { QStringLiteral("example.net") });
        // New POSIX numbers, not 1.x's (10001): the allocator's.
        QVERIFY(d.uidNumber >= 10000);

        auto net = DomainOps::show(*m_s, QStringLiteral("example.net"));
        QVERIFY(net.ok());
        QCOMPARE(net->domain.type, Domain::Type::Replica);
        QCOMPARE(net->domain.replicaMaster, QStringLiteral("example.com"));
        QCOMPARE(net->domain.clientId, clientId());

        auto org = DomainOps::show(*m_s, QStringLiteral("example.org"));
        QVERIFY(org.ok());
        QCOMPARE(org->domain.type, Domain::Type::Slave);
        QCOMPARE(
            org->domain.dnsMasters, (QStringList { QStringLiteral("198.51.100.1"), QStringLiteral("198.51.100.2") }));
        QCOMPARE(org->domain.mailDelivery, QStringLiteral("smtp"));
        QCOMPARE(org->domain.maxAccounts, -1);
        QCOMPARE(org->domain.clientId, qint64(0));

        auto info = DomainOps::show(*m_s, QStringLiteral("example.info"));
        QVERIFY(info.ok());
        QCOMPARE(info->domain.type, Domain::Type::NoDns);
        QVERIFY(info->domain.suspended); // after its user went in
        QCOMPARE(info->users, 1);
        // No zone for the slave, the nodns and the replica domain.
        for (const char *zone : { "example.org", "example.info", "example.net" })
            QCOMPARE(int(DnsOps::showZone(*m_s, QLatin1String(zone)).error().kind), int(OpError::Kind::NotFound));
    }

    void usersAliasesForwardsQuotas()
    {
        auto john = UserOps::show(*m_s, QStringLiteral("john@example.com"));
        QVERIFY2(john.ok(), qPrintable(john.error().toString()));
        QCOMPARE(john->uid, QStringLiteral("john_example_com"));
        QCOMPARE(john->givenName, QStringLiteral("John"));
        QCOMPARE(john->surname, QStringLiteral("Smith"));
        QCOMPARE(john->mailHost, QStringLiteral("mail.example.com"));
        QCOMPARE(john->mailQuotaKiB, qint64(51200)); // 50 MB, as 1.x stored it
        QCOMPARE(john->ftpQuotaMBytes, 5);
        QVERIFY(john->ftpEnabled);
        QStringList aliases = john->aliases;
        aliases.sort();
        QCOMPARE(
            aliases, (QStringList { QStringLiteral("info@example.com"), QStringLiteral("john.smith@example.net") }));
        QVERIFY(john->forwards.isEmpty());

        auto jane = UserOps::show(*m_s, QStringLiteral("jane@example.com"));
        QVERIFY(jane.ok());
        QCOMPARE(jane->mailQuotaKiB, qint64(10240)); // 10000 KB, rounded up to whole MB
        QCOMPARE(jane->forwards, QStringList { QStringLiteral("jane.doe@example.org") });
        QCOMPARE(jane->mailHost, QStringLiteral("mail.example.com"));
        QVERIFY(!jane->ftpEnabled);

        auto bob = UserOps::show(*m_s, QStringLiteral("bob@example.com"));
        QVERIFY(bob.ok());
        QVERIFY(bob->mailHost.isEmpty()); // forward-only, as in 1.x (no mail host)
        QCOMPARE(bob->forwards, QStringList { QStringLiteral("bob@example.org") });

        auto mary = UserOps::show(*m_s, QStringLiteral("mary@example.info"));
        QVERIFY(mary.ok());
        QVERIFY(mary->suspended);
        QCOMPARE(mary->mailQuotaKiB, qint64(20480));

        auto sales = MailGroupOps::show(*m_s, QStringLiteral("sales@example.com"));
        QVERIFY2(sales.ok(), qPrintable(sales.error().toString()));
        QStringList members = sales->members;
        members.sort();
        QCOMPARE(members, (QStringList { QStringLiteral("jane@example.com"), QStringLiteral("john@example.com") }));
        QCOMPARE(sales->aliases, QStringList { QStringLiteral("vertrieb@example.com") });
    }

    void websitesWebUsersDatabases()
    {
        auto www = VhostOps::show(*m_s, QStringLiteral("example.com"), QStringLiteral("www"));
        QVERIFY2(www.ok(), qPrintable(www.error().toString()));
        QCOMPARE(www->webHosts, QStringList { QStringLiteral("www1.example.com") });
        QCOMPARE(www->fileHost, QStringLiteral("www1.example.com"));
        QCOMPARE(www->ipAddress, QStringLiteral("*"));
        QCOMPARE(www->documentRootOptions,
            (QStringList {
                QStringLiteral("Indexes"), QStringLiteral("FollowSymLinks"), QStringLiteral("MultiViews") }));
        QCOMPARE(www->scriptDirOptions, QStringList { QStringLiteral("ExecCGI") });
        QCOMPARE(www->features, (QStringList { QStringLiteral("suexec"), QStringLiteral("statdir") }));
        QCOMPARE(www->extraConfig, QStringList { QStringLiteral("DirectoryIndex index.php index.html") });
        QCOMPARE(www->ftpQuotaMBytes, 100);
        QStringList aliases = www->aliases;
        aliases.sort();
        QCOMPARE(aliases, (QStringList { QStringLiteral("shop.example.biz"), QStringLiteral("web") }));
        QCOMPARE(www->redirects,
            (QList<VhostRedirect> { { QStringLiteral("/old"), QStringLiteral("http://www.example.com/new") } }));
        QCOMPARE(www->protections.size(), 1);
        QCOMPARE(www->protections.first().location, QStringLiteral("/private"));
        QCOMPARE(www->protections.first().users, (QStringList { QStringLiteral("john"), QStringLiteral("designer") }));
        QVERIFY(!www->suspended);

        auto intranet = VhostOps::show(*m_s, QStringLiteral("example.com"), QStringLiteral("intranet"));
        QVERIFY(intranet.ok());
        QVERIFY(intranet->suspended);
        QCOMPARE(intranet->ipAddress, QStringLiteral("192.0.2.81"));
        QVERIFY(intranet->extraConfig.isEmpty()); // 1.x's <Location> section is not allowed here
        QVERIFY(!intranet->ftpEnabled);

        auto webUsers = VhostOps::listWebUsers(*m_s, QStringLiteral("example.com"));
        QVERIFY(webUsers.ok());
        QCOMPARE(webUsers->size(), 1);
        QCOMPARE(webUsers->first().userId, QStringLiteral("designer"));

        auto db = DatabaseOps::show(*m_s, QStringLiteral("example.com"), QStringLiteral("example_com_shop"));
        QVERIFY2(db.ok(), qPrintable(db.error().toString()));
        QCOMPARE(db->host, QStringLiteral("www1.example.com"));
        QCOMPARE(db->user, QStringLiteral("example_com_shop"));
        QCOMPARE(db->accessFrom, QStringList { QStringLiteral("%.example.com") });
        QCOMPARE(db->privileges,
            (QStringList { QStringLiteral("SELECT"), QStringLiteral("INSERT"), QStringLiteral("UPDATE"),
                QStringLiteral("DELETE"), QStringLiteral("CREATE"), QStringLiteral("ALTER") }));
        // 1.x's MySQL 4.1 hash is MariaDB's: the customer keeps the password.
        QCOMPARE(db->passwordHash, QStringLiteral("*9BB2B278F3B326E3DF1A8BABD7A4861836F7308A"));
        QCOMPARE(db->passwordHash, Database::nativePasswordHash(QStringLiteral("shop-Db-Pass1")));

        auto op = AdminOps::show(*m_s, QStringLiteral("operator"));
        QVERIFY2(op.ok(), qPrintable(op.error().toString()));
        QCOMPARE(op->level, 70);
        QCOMPARE(op->mail, QStringLiteral("olga@example.com"));
        QCOMPARE(AdminOps::show(*m_s, QStringLiteral("helpdesk"))->level, 30);
        // The bootstrap's administrator is not touched by 1.x's uid=ispman.
        QCOMPARE(AdminOps::show(*m_s, QStringLiteral("ispman"))->mail, QStringLiteral("root@localhost"));
    }

    void zoneRegroupedFromOneEntryPerRecord()
    {
        auto zone = DnsOps::showZone(*m_s, QStringLiteral("example.com"));
        QVERIFY2(zone.ok(), qPrintable(zone.error().toString()));
        QCOMPARE(zone->soa.primary, QStringLiteral("ns1.example.com."));
        QCOMPARE(zone->soa.mailbox, QStringLiteral("dnsmaster.example.com."));
        QCOMPARE(zone->soa.refresh, 10800);
        QCOMPARE(zone->soa.retry, 1800);
        QCOMPARE(zone->soa.expire, 604800);
        QCOMPARE(zone->soa.minimum, 86400);
        QCOMPARE(zone->ttl, 86400);
        QStringList records;
        for (const DnsRecord &r : zone->records)
            records << QStringLiteral("%1 %2 %3").arg(r.name, dnsRecordTypeName(r.type), r.value);
        // Exactly 1.x's records: none of this ISPMan's defaults for new zones, no 1.x markers.
        QCOMPARE(records,
            (QStringList {
                QStringLiteral("@ NS ns1.example.com."),
                QStringLiteral("@ NS ns2.example.com."),
                QStringLiteral("@ MX 10 mail.example.com."),
                QStringLiteral("@ MX 20 mx2.example.org."),
                QStringLiteral("@ A 192.0.2.80"),
                QStringLiteral("@ TXT \"v=spf1 mx -all\""),
                QStringLiteral("ftp CNAME www.example.com."),
                QStringLiteral("intranet A 192.0.2.81"),
                QStringLiteral("mail A 192.0.2.25"),
                QStringLiteral("mail AAAA 2001:db8::25"),
                QStringLiteral("web CNAME www.example.com."),
                QStringLiteral("www A 192.0.2.80"),
            }));
        // One entry per owner name below the zone entry.
        auto names = m_s->find(m_s->dit().zone(QStringLiteral("example.com")),
            LdapFilter::objectClass(QStringLiteral("dNSZone")), { QStringLiteral("1.1") }, LdapScope::OneLevel);
        QVERIFY(names.ok());
        QCOMPARE(names->size(), 5); // ftp, intranet, mail, web, www
        QCOMPARE(
            int(DnsOps::showZone(*m_s, QStringLiteral("old-shop.com")).error().kind), int(OpError::Kind::NotFound));
    }

    void importedPasswordsBind_data()
    {
        QTest::addColumn<QString>("what");
        QTest::addColumn<QByteArray>("password");
        QTest::addColumn<bool>("binds");
        QTest::newRow("admin, {crypt}") << QStringLiteral("admin:operator") << QByteArray("Adm1n-Pass!") << true;
        QTest::newRow("admin, {crypt}, wrong")
            << QStringLiteral("admin:operator") << QByteArray("Adm1n-Wrong") << false;
        QTest::newRow("admin, {clear}") << QStringLiteral("admin:helpdesk") << QByteArray("helpdesk-Pass2") << true;
        QTest::newRow("admin, {clear} with its marker")
            << QStringLiteral("admin:helpdesk") << QByteArray("{clear}helpdesk-Pass2") << false;
        QTest::newRow("reseller, {crypt}") << QStringLiteral("reseller") << QByteArray("acme-Reseller9") << true;
        QTest::newRow("client, plain") << QStringLiteral("client") << QByteArray("Bakery-2009!") << true;
        QTest::newRow("domain, {crypt}") << QStringLiteral("domain:example.com") << QByteArray("domain-Ftp-77") << true;
        QTest::newRow("user, {crypt}") << QStringLiteral("user:john_example_com") << QByteArray("john-Secret1") << true;
        QTest::newRow("user, plain") << QStringLiteral("user:jane_example_com") << QByteArray("jane-Plain-55") << true;
        QTest::newRow("user, {SASL}: none set")
            << QStringLiteral("user:bob_example_com") << QByteArray("bob@EXAMPLE.COM") << false;
        QTest::newRow("website, {crypt}") << QStringLiteral("vhost:www") << QByteArray("www-Ftp-Pass1") << true;
        QTest::newRow("web user, {crypt}") << QStringLiteral("webuser:designer") << QByteArray("Designer-42x") << true;
    }

    void importedPasswordsBind()
    {
        QFETCH(QString, what);
        QFETCH(QByteArray, password);
        QFETCH(bool, binds);
        const Dit &dit = m_s->dit();
        const QString kind = what.section(u':', 0, 0);
        const QString name = what.section(u':', 1);
        LdapDn dn;
        if (kind == u"admin")
            dn = dit.admin(name);
        else if (kind == u"reseller")
            dn = dit.reseller(resellerId());
        else if (kind == u"client")
            dn = dit.client(resellerId(), clientId());
        else if (kind == u"domain")
            dn = dit.domain(name);
        else if (kind == u"user")
            dn = dit.user(QStringLiteral("example.com"), name);
        else if (kind == u"vhost")
            dn = dit.vhost(QStringLiteral("example.com"), name);
        else
            dn = WebUser::dn(dit, QStringLiteral("example.com"), name);
        QCOMPARE(canBind(dn, password), binds);
        // Never stored as the text that was imported: {crypt} as it was, the rest hashed by slapd.
        auto e = m_s->read(dn, { QStringLiteral("userPassword") });
        QVERIFY(e.ok() && e->has_value());
        for (const QByteArray &v : (*e)->values(QStringLiteral("userPassword"))) {
            QVERIFY2(v.startsWith('{'), v.constData());
            QVERIFY(!v.contains(password) || !binds);
        }
    }

    void hostsWorkIsQueued_data()
    {
        QTest::addColumn<QString>("target");
        QTest::addColumn<QStringList>("work");
        QTest::newRow("primary domain") << QStringLiteral("domain:example.com")
                                        << QStringList { QStringLiteral("createDomainDirectories@www1.example.com") };
        QTest::newRow("its zone") << QStringLiteral("zone:example.com")
                                  << QStringList { QStringLiteral("modifyDomain@ns1.example.com"),
                                         QStringLiteral("modifyDomain@ns1.example.com") };
        QTest::newRow("slave domain") << QStringLiteral("domain:example.org")
                                      << QStringList { QStringLiteral("createDomainDirectories@www1.example.com"),
                                             QStringLiteral("modifyDomain@ns1.example.com") };
        QTest::newRow("replica domain") << QStringLiteral("domain:example.net")
                                        << QStringList { QStringLiteral("modifyDomain@ns1.example.com") };
        QTest::newRow("user with a mailbox") << QStringLiteral("user:john_example_com")
                                             << QStringList { QStringLiteral("createHomeDirectory@www1.example.com"),
                                                    QStringLiteral("createMailbox@mail.example.com") };
        QTest::newRow("forward-only user") << QStringLiteral("user:bob_example_com")
                                           << QStringList { QStringLiteral("createHomeDirectory@www1.example.com") };
        QTest::newRow("website") << QStringLiteral("vhost:www")
                                 << QStringList { QStringLiteral("AddVirtualHost@www1.example.com"),
                                        QStringLiteral("AddVirtualHostDirectories@www1.example.com"),
                                        QStringLiteral("ModifyVirtualHost@www1.example.com"),
                                        QStringLiteral("ModifyVirtualHost@www1.example.com"),
                                        QStringLiteral("ModifyVirtualHost@www1.example.com"),
                                        QStringLiteral("ModifyVirtualHost@www1.example.com") };
        QTest::newRow("database") << QStringLiteral("db:example_com_shop")
                                  << QStringList { QStringLiteral("AddDatabase@www1.example.com") };
    }

    void hostsWorkIsQueued()
    {
        QFETCH(QString, target);
        QFETCH(QStringList, work);
        const Dit &dit = m_s->dit();
        const QString kind = target.section(u':', 0, 0);
        const QString name = target.section(u':', 1);
        const LdapDn dn = kind == u"domain" ? dit.domain(name)
            : kind == u"zone"               ? dit.zone(name)
            : kind == u"user"               ? dit.user(QStringLiteral("example.com"), name)
            : kind == u"vhost"              ? dit.vhost(QStringLiteral("example.com"), name)
                                            : dit.database(QStringLiteral("example.com"), name);
        QCOMPARE(processesFor(dn), work);
    }

    void reportNamesWhatIsNotCarriedOver_data()
    {
        QTest::addColumn<QByteArray>("dnLine"); // the start of the entry's "dn:" line in the export
        QTest::addColumn<QString>("attribute"); // empty: the whole entry
        QTest::addColumn<QString>("reason"); // part of the reason
        QTest::newRow("conf variable") << QByteArray("dn: ispmanVar=agentFrequency,") << QString()
                                       << QStringLiteral("ispman conf set");
        QTest::newRow("counter") << QByteArray("dn: cn=uidcounter,") << QString() << QStringLiteral("allocated here");
        QTest::newRow("1.x's unused acl counter")
            << QByteArray("dn: cn=aclidcounter,") << QString() << QStringLiteral("allocated here");
        QTest::newRow("queued work") << QByteArray("dn: ispmanPid=4711,") << QString() << QStringLiteral("queued work");
        QTest::newRow("session container")
            << QByteArray("dn: ispmanSession=1246363200,") << QString() << QStringLiteral("queued work");
        QTest::newRow("RADIUS profile") << QByteArray("dn: cn=default, ou=radiusprofiles") << QString()
                                        << QStringLiteral("RADIUS");
        QTest::newRow("address book") << QByteArray("dn: ou=example.com, ou=pabs") << QString()
                                      << QStringLiteral("address books");
        QTest::newRow("foreign entry") << QByteArray("dn: cn=replicator,") << QString()
                                       << QStringLiteral("not part of the 1.x layout");
        QTest::newRow("webmail") << QByteArray("dn: ispmanWebmailName=webmail,") << QString()
                                 << QStringLiteral("webmail");
        QTest::newRow("unknown domain service") << QByteArray("dn: ispmanDomainServiceName=antivirus,") << QString()
                                                << QStringLiteral("\"antivirus\" is not in this ISPMan's catalogue");
        QTest::newRow("zone of no domain") << QByteArray("dn: relativeDomainName=www, aRecord=192.0.2.99,") << QString()
                                           << QStringLiteral("old-shop.com belongs to no domain");
        QTest::newRow("host type") << QByteArray("dn: ispmanHostName=ns1.example.com,")
                                   << QStringLiteral("ispmanHostType") << QStringLiteral("no counterpart");
        QTest::newRow("fax number") << QByteArray("dn: ispmanResellerId=3,")
                                    << QStringLiteral("facsimileTelephoneNumber") << QStringLiteral("no counterpart");
        QTest::newRow("domain signature")
            << QByteArray("dn: ispmanDomain=example.com, o=ispman") << QStringLiteral("ispmanDomainSignature")
            << QStringLiteral("no counterpart");
        QTest::newRow("old uid number") << QByteArray("dn: ispmanDomain=example.com, o=ispman")
                                        << QStringLiteral("uidNumber")
                                        << QStringLiteral("a new uidNumber is allocated");
        QTest::newRow("domain FTP quota")
            << QByteArray("dn: ispmanDomain=example.com, o=ispman") << QStringLiteral("FTPQuotaMBytes")
            << QStringLiteral("defaultDomainFtpQuota");
        QTest::newRow("reseller without client")
            << QByteArray("dn: ispmanDomain=example.org,") << QStringLiteral("ispmanResellerId")
            << QStringLiteral("through a client");
        QTest::newRow("RADIUS of a user")
            << QByteArray("dn: uid=john_example_com,") << QStringLiteral("dialupAccess") << QStringLiteral("RADIUS");
        QTest::newRow("FTP proxy routing") << QByteArray("dn: uid=john_example_com,")
                                           << QStringLiteral("DestinationAddress") << QStringLiteral("FTP proxy");
        QTest::newRow("quota not whole MB")
            << QByteArray("dn: uid=jane_example_com,") << QStringLiteral("mailQuota")
            << QStringLiteral("10000 KB is not a whole number of MB; rounded up to 10 MB");
        QTest::newRow("{SASL} password") << QByteArray("dn: uid=bob_example_com,") << QStringLiteral("userPassword")
                                         << QStringLiteral("{SASL} cannot be verified");
        QTest::newRow("vhost marker TXT") << QByteArray("dn: relativeDomainName=www, aRecord=192.0.2.80,")
                                          << QStringLiteral("tXTRecord") << QStringLiteral("ownership marker");
        QTest::newRow("PTR request") << QByteArray("dn: relativeDomainName=mail, aRecord=192.0.2.25,")
                                     << QStringLiteral("pTRRecord") << QStringLiteral("reverse");
        QTest::newRow("Apache section") << QByteArray("dn: ispmanVhostName=intranet,")
                                        << QStringLiteral("ispmanVhostExtraConf")
                                        << QStringLiteral("extra-config: line 1: sections");
        QTest::newRow("log folder") << QByteArray("dn: ispmanVhostName=www,") << QStringLiteral("ispmanVhostLogdir")
                                    << QStringLiteral("apacheLogsDirectory");
        QTest::newRow("GRANT privilege") << QByteArray("dn: ispmanDBName=example_com_shop,")
                                         << QStringLiteral("ispmanDBPrivilege") << QStringLiteral("\"GRANT\"");
        QTest::newRow("admin's ou") << QByteArray("dn: uid=helpdesk,") << QStringLiteral("ou")
                                    << QStringLiteral("no counterpart");
    }

    void reportNamesWhatIsNotCarriedOver()
    {
        QFETCH(QByteArray, dnLine);
        QFETCH(QString, attribute);
        QFETCH(QString, reason);
        const qsizetype line = lineOf(dnLine);
        QVERIFY2(line > 0, dnLine.constData());
        QStringList seen;
        bool found = false;
        for (const auto &i : m_report.unmapped) {
            if (i.line != line)
                continue;
            seen << i.attribute + QStringLiteral(": ") + i.reason;
            found = found || (i.attribute == attribute && i.reason.contains(reason));
            QVERIFY(!i.dn.isEmpty());
        }
        QVERIFY2(found, qPrintable(QStringLiteral("line %1: %2").arg(line).arg(seen.join(QStringLiteral(" | ")))));
        // The text and JSON forms carry the same.
        QVERIFY(m_report.toText().contains(QStringLiteral("line %1: ").arg(line)));
        bool inJson = false;
        for (const QJsonValue &v : m_report.toJson().value(QStringLiteral("unmapped")).toArray())
            inJson = inJson || (v.toObject().value(QStringLiteral("line")).toInteger() == line);
        QVERIFY(inJson);
    }

    void everyAttributeIsAccountedFor()
    {
        // Each attribute of an entry is reported once per reason, and an attribute with a reason of
        // its own is not also reported as having no counterpart.
        QHash<QString, QStringList> reasons;
        for (const auto &i : m_report.unmapped) {
            QVERIFY2(!i.reason.isEmpty(), qPrintable(i.dn));
            if (i.attribute.isEmpty())
                continue;
            const QString key = QStringLiteral("%1|%2").arg(i.line).arg(i.attribute.toLower());
            QVERIFY2(!reasons.value(key).contains(i.reason), qPrintable(key + QLatin1Char('|') + i.reason));
            reasons[key] << i.reason;
        }
        for (auto it = reasons.cbegin(); it != reasons.cend(); ++it) {
            if (it.value().size() > 1)
                QVERIFY2(!it.value().contains(QStringLiteral("no counterpart in this ISPMan")), qPrintable(it.key()));
        }
    }

    void secondRunSkipsEverything()
    {
        const QList<int> before = counts();
        auto r = Ispman1Import::run(*m_s, m_export);
        QVERIFY2(r.ok(), qPrintable(r.error().toString()));
        QVERIFY2(r->created.isEmpty(), qPrintable(r->toText()));
        QVERIFY(r->createdItems.isEmpty());
        QVERIFY2(r->failed.isEmpty(), qPrintable(r->toText()));
        QCOMPARE(counts(), before);
        QSet<QString> skipped;
        for (const auto &i : r->skipped)
            skipped.insert(itemKey(i));
        for (const auto &i : m_report.createdItems) {
            if (i.kind == u"alias") // the user is skipped as a whole
                continue;
            QVERIFY2(skipped.contains(itemKey(i)), qPrintable(itemKey(i)));
        }
        // The passwords were not set again.
        QVERIFY(canBind(
            m_s->dit().user(QStringLiteral("example.com"), QStringLiteral("jane_example_com")), "jane-Plain-55"));
    }

    void hostileValuesAreRefusedByField_data()
    {
        QTest::addColumn<QByteArray>("records");
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("field");
        QTest::newRow("domain: DN injection")
            << QByteArray("dn: ispmanDomain=evil.example\\,ou=admins, o=ispman\nobjectclass: ispmanDomain\n"
                          "ispmanDomainType: primary\n")
            << QStringLiteral("domain") << QStringLiteral("domain");
        QTest::newRow("domain: filter injection")
            << QByteArray("dn: ispmanDomain=*)(ispmanDomain=*, o=ispman\nobjectclass: ispmanDomain\n")
            << QStringLiteral("domain") << QStringLiteral("domain");
        QTest::newRow("domain: unknown type")
            << QByteArray("dn: ispmanDomain=new.example, o=ispman\nobjectclass: ispmanDomain\n"
                          "ispmanDomainType: master; rm -rf /\n")
            << QStringLiteral("domain") << QStringLiteral("type");
        QTest::newRow("domain: hostile master list")
            << QByteArray("dn: ispmanDomain=new.example, o=ispman\nobjectclass: ispmanDomain\n"
                          "ispmanDomainType: slave\nispmanDnsMasters: 192.0.2.1; $(reboot)\n")
            << QStringLiteral("domain") << QStringLiteral("masters");
        QTest::newRow("host: filter injection")
            << QByteArray("dn: ispmanHostName=x, ou=hosts, o=ispman\nobjectclass: ispmanHost\n"
                          "ispmanHostName: *)(objectClass=*\nispmanHostIp: 192.0.2.9\n")
            << QStringLiteral("host") << QStringLiteral("name");
        QTest::newRow("host: bad address")
            << QByteArray("dn: ispmanHostName=new.example.com, ou=hosts, o=ispman\nobjectclass: ispmanHost\n"
                          "ispmanHostName: new.example.com\nispmanHostIp: 192.0.2.300\n")
            << QStringLiteral("host") << QStringLiteral("ip");
        QTest::newRow("user: local part with quotes")
            << QByteArray("dn: uid=x, ou=users, ispmanDomain=example.com, o=ispman\n"
                          "objectclass: ispmanDomainUser\nispmanUserId: a\"b c\nsn: X\n")
            << QStringLiteral("user") << QStringLiteral("user");
        QTest::newRow("user: newline in a name")
            << QByteArray("dn: uid=y, ou=users, ispmanDomain=example.com, o=ispman\n"
                          "objectclass: ispmanDomainUser\nispmanUserId: newbie\nsn:: "
                   + QByteArray("Evil\nsn: injected").toBase64() + "\n")
            << QStringLiteral("user") << QStringLiteral("surname");
        QTest::newRow("admin: level out of range")
            << QByteArray("dn: ou=admins, o=ispman\nobjectclass: ispmanBranch\nou: admins\n\n"
                          "dn: uid=root2, ou=admins, o=ispman\nobjectclass: ispmanSysadmin\n"
                          "uid: root2\nispmanSysadminLevel: 1000\n")
            << QStringLiteral("admin") << QStringLiteral("level");
        QTest::newRow("reseller: control character in the name") << QByteArray(
            "dn: ou=ispman, o=ispman\nobjectclass: ispmanBranch\nou: ispman\n\n"
            "dn: ispmanResellerId=9, ou=ispman, o=ispman\nobjectclass: ispmanReseller\nispmanResellerName:: "
            + QByteArray("Evil\x01Reseller").toBase64() + "\n") << QStringLiteral("reseller")
                                                                 << QStringLiteral("name");
        QTest::newRow("dns: not an address")
            << QByteArray("dn: ou=DNS, o=ispman\nobjectclass: ispmanBranch\nou: DNS\n\n"
                          "dn: relativeDomainName=evil, aRecord=999.0.2.1, ou=aRecord, dc=example, dc=com, "
                          "ou=DNS, o=ispman\nobjectclass: dNSZone\nzoneName: example.com\n"
                          "relativeDomainName: evil\naRecord: 999.0.2.1\n")
            << QStringLiteral("dns-record") << QStringLiteral("value");
        QTest::newRow("website: name with a path")
            << QByteArray("dn: ispmanVhostName=../../etc, ou=httpdata, ispmanDomain=example.com, o=ispman\n"
                          "objectclass: ispmanVirtualHost\nwebHost: www1.example.com\n")
            << QStringLiteral("vhost") << QStringLiteral("name");
        QTest::newRow("redirect: not an http URL")
            << QByteArray("dn: ispmanVhostRedirectURL=/x, ou=urlRedirections, ispmanVhostName=www, "
                          "ou=httpdata, ispmanDomain=example.com, o=ispman\n"
                          "objectclass: ispmanVirtualHostRedirection\nispmanVhostRedirectURL: /x\n"
                          "ispmanVhostRedirectLocation: javascript:alert(1)\n")
            << QStringLiteral("vhost-redirect") << QStringLiteral("target");
    }

    void hostileValuesAreRefusedByField()
    {
        QFETCH(QByteArray, records);
        QFETCH(QString, kind);
        QFETCH(QString, field);
        const QList<int> before = counts();
        auto r = Ispman1Import::run(*m_s, smallExport(records));
        QVERIFY2(r.ok(), qPrintable(r.error().toString()));
        QVERIFY2(r->created.isEmpty(), qPrintable(r->toText()));
        QCOMPARE(r->failed.size(), 1);
        const auto &f = r->failed.first();
        QCOMPARE(f.kind, kind);
        QVERIFY2(f.reason.startsWith(field + QLatin1Char(':')), qPrintable(f.reason));
        QCOMPARE(f.line, lastDnLine(smallExport(records)));
        QCOMPARE(counts(), before);
    }
};

QTEST_GUILESS_MAIN(TestIspman1Import)
#include "tst_ispman1import.moc"
