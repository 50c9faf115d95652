// Websites and web users against a real slapd with the sample data: the entry, its branches and
// the work an add queues (directories on the file host, configuration on each web host, by the
// site's own hosts else httpgroup), the DNS records it implies in a primary zone (claimed, with a
// new serial) and none for nodns/slave domains; replicas refused; edits that move the site
// between web hosts; suspend and resume; local and foreign aliases and their uniqueness (also
// between two concurrent sessions); redirects; protected locations and web users (hashed by
// slapd, bind works, the last allowed user cannot go); the domain's website limit; delete with
// its clean-up work that keeps records an admin typed; hostile input refused with the field and
// rule named and nothing written.
#include "core/ops/dnsops.h"
#include "core/ops/domainops.h"
#include "core/ops/hostops.h"
#include "core/ops/processqueue.h"
#include "core/ops/vhostops.h"
#include "tests/support/testdirectory.h"

#include <QTest>
#include <QThread>

#include <atomic>

using namespace Isp::Core;
using Isp::Test::TestDirectory;

namespace {

const QString Com = QStringLiteral("example.com");
const QString Org = QStringLiteral("example.org");
const QString Web1 = QStringLiteral("web1.example.net");
const QString Web2 = QStringLiteral("web2.example.net");
const QString NoDns = QStringLiteral("nodns.test");
const QString Slave = QStringLiteral("slave.test");

VhostOps::VhostSpec spec(const QString &name, const QString &domain = Com)
{
    VhostOps::VhostSpec s;
    s.domain = domain;
    s.name = name;
    return s;
}

} // namespace

class TestVhostOps : public QObject
{
    Q_OBJECT

private:
    TestDirectory m_dir;
    std::unique_ptr<DirectorySession> m_s;

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
    QList<LdapEntry> processEntries(const LdapDn &target, const QString &name = {})
    {
        LdapFilter f = LdapFilter::equals(QStringLiteral("ispmanProcessTarget"), target.toString());
        if (!name.isEmpty())
            f = LdapFilter::allOf({ f, LdapFilter::equals(QStringLiteral("ispmanProcess"), name) });
        auto found = m_s->find(m_s->dit().processes(), f);
        return found.ok() ? *found : QList<LdapEntry>();
    }
    // "process@host" for every process about `target`, sorted.
    QStringList processesFor(const LdapDn &target)
    {
        QStringList out;
        for (const LdapEntry &p : processEntries(target))
            out << p.text(QStringLiteral("ispmanProcess")) + QLatin1Char('@')
                    + p.text(QStringLiteral("ispmanHostName"));
        out.sort();
        return out;
    }
    QString processParam(const LdapEntry &p, const QString &key)
    {
        for (const auto &[k, v] : decodeProcessParams(p.text(QStringLiteral("ispmanParams")))) {
            if (k == key)
                return v;
        }
        return QString();
    }
    LdapDn vhostDn(const QString &domain, const QString &name) { return m_s->dit().vhost(domain, name); }
    QString uuidOf(const LdapDn &dn)
    {
        auto e = m_s->read(dn, { QStringLiteral("entryUUID") });
        return e.ok() && e->has_value() ? (*e)->text(QStringLiteral("entryUUID")) : QString();
    }
    quint32 serial(const QString &zone)
    {
        auto z = DnsOps::showZone(*m_s, zone);
        return z.ok() ? z->soa.serial : 0;
    }
    int zoneUpdates(const QString &zone)
    {
        return int(processEntries(m_s->dit().zone(zone), QStringLiteral("modifyDomain")).size());
    }
    // The DNS name's entry (nullopt: none).
    std::optional<LdapEntry> dnsName(const QString &zone, const QString &name)
    {
        auto e = m_s->read(m_s->dit().dnsName(zone, name), { QStringLiteral("*") });
        if (!e.ok())
            return std::nullopt;
        return *e;
    }
    QStringList values(const std::optional<LdapEntry> &e, const QString &attr)
    {
        QStringList out = e ? e->texts(attr) : QStringList();
        out.sort();
        return out;
    }
    bool exists(const LdapDn &dn)
    {
        auto e = m_s->read(dn, { QStringLiteral("1.1") });
        return e.ok() && e->has_value();
    }
    bool canBind(const LdapDn &dn, const QByteArray &password)
    {
        LdapConnectionSettings as = m_dir.rootSettings();
        as.bindDn = dn.toString();
        as.password = password;
        DirectorySession session(as, m_s->dit());
        return session.whoAmI().ok();
    }
    void setDomainAttr(const QString &domain, const QString &attr, const QString &value)
    {
        auto r = m_s->modify(m_s->dit().domain(domain), { LdapModification::replace(attr, value) });
        QVERIFY2(r.ok(), qPrintable(r.error().toString()));
    }

private Q_SLOTS:
    void initTestCase()
    {
        ISP_START_DIRECTORY(m_dir, true);
        m_s = std::make_unique<DirectorySession>(m_dir->adminSettings(), Dit(m_dir->base()));
        // A second web server in httpgroup (web1.example.net is the sample's).
        HostOps::HostSpec h;
        h.name = Web2;
        h.ip = QStringLiteral("192.0.2.31");
        h.groups = { QStringLiteral("httpgroup") };
        auto added = HostOps::add(*m_s, h);
        QVERIFY2(added.ok(), qPrintable(added.error().toString()));
        // Domains without a zone of their own: no default hosts, so their work goes to the groups.
        DomainOps::DomainSpec nodns;
        nodns.name = NoDns;
        nodns.type = QStringLiteral("nodns");
        auto n = DomainOps::add(*m_s, nodns);
        QVERIFY2(n.ok(), qPrintable(n.error().toString()));
        DomainOps::DomainSpec slave;
        slave.name = Slave;
        slave.type = QStringLiteral("slave");
        slave.dnsMasters = { QStringLiteral("192.0.2.53") };
        auto sl = DomainOps::add(*m_s, slave);
        QVERIFY2(sl.ok(), qPrintable(sl.error().toString()));
    }

    void addWritesEntryBranchesProcessesAndRecords()
    {
        const quint32 serialBefore = serial(Com);
        const int updatesBefore = zoneUpdates(Com);
        VhostOps::VhostSpec s = spec(QStringLiteral("Shop"));
        s.aliases = { QStringLiteral("store"), QStringLiteral("shop.elsewhere.test") };
        s.password = QStringLiteral("shop-secret-9");
        auto v = VhostOps::add(*m_s, s);
        QVERIFY2(v.ok(), qPrintable(v.error().toString()));
        QCOMPARE(v->name, QStringLiteral("shop"));
        QCOMPARE(v->domain, Com);
        QCOMPARE(v->serverName(), QStringLiteral("shop.example.com"));
        QCOMPARE(v->uid, QStringLiteral("shop.example.com"));
        QCOMPARE(v->homeDirectory, QStringLiteral("/var/www/example.com/vhosts/shop"));
        QCOMPARE(v->webHosts, QStringList { Web1 }); // the domain's default web host
        QCOMPARE(v->fileHost, Web1);
        QCOMPARE(v->gidNumber, qint64(10000));
        QVERIFY(v->uidNumber > 10007);
        QCOMPARE(v->documentRoot, QStringLiteral("htdocs"));
        QCOMPARE(v->scriptDir, QStringLiteral("cgi-bin"));
        QCOMPARE(
            v->documentRootOptions, (QStringList { QStringLiteral("FollowSymLinks"), QStringLiteral("MultiViews") }));
        QCOMPARE(v->scriptDirOptions, (QStringList { QStringLiteral("ExecCGI"), QStringLiteral("FollowSymLinks") }));
        QCOMPARE(v->features, QStringList { QStringLiteral("suexec") });
        QCOMPARE(v->ipAddress, QStringLiteral("*"));
        QCOMPARE(v->ftpQuotaMBytes, 10);
        QVERIFY(v->ftpEnabled);
        QVERIFY(!v->suspended);
        QCOMPARE(v->aliases, (QStringList { QStringLiteral("shop.elsewhere.test"), QStringLiteral("store") }));

        // The entry, its FTP login (the password hashed by slapd) and its branches.
        const LdapDn dn = vhostDn(Com, QStringLiteral("shop"));
        auto e = m_s->read(dn, { QStringLiteral("*"), QStringLiteral("entryUUID") });
        QVERIFY(e.ok() && e->has_value());
        for (const char *oc : { "ispmanBranch", "ispmanVirtualHost", "posixAccount", "PureFTPdUser" })
            QVERIFY2((*e)->hasObjectClass(QLatin1String(oc)), oc);
        QVERIFY((*e)->value(QStringLiteral("userPassword")).startsWith("{ARGON2}"));
        QVERIFY(canBind(dn, "shop-secret-9"));
        QVERIFY(!canBind(dn, "wrong-password"));
        for (const LdapDn &branch : { Vhost::aliasesBranch(m_s->dit(), Com, QStringLiteral("shop")),
                 Vhost::redirectsBranch(m_s->dit(), Com, QStringLiteral("shop")),
                 Vhost::protectionsBranch(m_s->dit(), Com, QStringLiteral("shop")) })
            QVERIFY2(exists(branch), qPrintable(branch.toString()));
        QVERIFY(exists(Vhost::aliasDn(m_s->dit(), Com, QStringLiteral("shop"), QStringLiteral("store"))));
        QVERIFY(exists(Vhost::aliasDn(m_s->dit(), Com, QStringLiteral("shop"), QStringLiteral("shop.elsewhere.test"))));

        // Directories on the file host first, then the configuration on the web host.
        QCOMPARE(processesFor(dn),
            (QStringList { QStringLiteral("AddVirtualHost@web1.example.net"),
                QStringLiteral("AddVirtualHostDirectories@web1.example.net") }));
        QCOMPARE(processEntries(dn, QStringLiteral("AddVirtualHostDirectories"))
                     .first()
                     .text(QStringLiteral("ispmanProcessPriority")),
            QStringLiteral("11"));
        QCOMPARE(
            processEntries(dn, QStringLiteral("AddVirtualHost")).first().text(QStringLiteral("ispmanProcessPriority")),
            QStringLiteral("12"));
        QCOMPARE(
            processEntries(dn, QStringLiteral("AddVirtualHost")).first().text(QStringLiteral("ispmanDomain")), Com);

        // The A record of its name and the CNAME of its local alias, claimed; none for the
        // foreign alias; a new serial and one zone update.
        const QString uuid = (*e)->text(QStringLiteral("entryUUID"));
        QVERIFY(!uuid.isEmpty());
        auto a = dnsName(Com, QStringLiteral("shop"));
        QVERIFY(a);
        QCOMPARE(values(a, QStringLiteral("aRecord")), QStringList { QStringLiteral("192.0.2.30") });
        QVERIFY(a->hasObjectClass(QStringLiteral("ispmanDnsOwnership")));
        QCOMPARE(values(a, QStringLiteral("ispmanDnsOwner")), QStringList { QStringLiteral("A 192.0.2.30 ") + uuid });
        auto cname = dnsName(Com, QStringLiteral("store"));
        QVERIFY(cname);
        QCOMPARE(values(cname, QStringLiteral("cNAMERecord")), QStringList { QStringLiteral("shop.example.com.") });
        QCOMPARE(values(cname, QStringLiteral("ispmanDnsOwner")),
            QStringList { QStringLiteral("CNAME shop.example.com. ") + uuid });
        auto foreign = m_s->find(m_s->dit().dns(),
            LdapFilter::equals(QStringLiteral("relativeDomainName"), QStringLiteral("shop.elsewhere.test")),
            { QStringLiteral("1.1") });
        QVERIFY(foreign.ok() && foreign->isEmpty());
        QVERIFY(serial(Com) > serialBefore);
        QCOMPARE(zoneUpdates(Com), updatesBefore + 1);
        QCOMPARE(processEntries(m_s->dit().zone(Com), QStringLiteral("modifyDomain"))
                     .last()
                     .text(QStringLiteral("ispmanHostName")),
            QStringLiteral("ns1.example.net"));

        // show and list give the same site back.
        auto shown = VhostOps::show(*m_s, QStringLiteral("EXAMPLE.com"), QStringLiteral("SHOP"));
        QVERIFY2(shown.ok(), qPrintable(shown.error().toString()));
        QCOMPARE(shown->uidNumber, v->uidNumber);
        QCOMPARE(shown->aliases, v->aliases);
        auto all = VhostOps::list(*m_s, Com);
        QVERIFY(all.ok());
        QStringList names;
        for (const Vhost &x : *all)
            names << x.name;
        QCOMPARE(names, (QStringList { QStringLiteral("shop"), QStringLiteral("www") }));
    }

    void severalWebHostsAndGroupTargeting()
    {
        // Named web hosts: one AddVirtualHost each, one A record per host address.
        VhostOps::VhostSpec s = spec(QStringLiteral("multi"));
        s.webHosts = { Web1, Web2 };
        auto v = VhostOps::add(*m_s, s);
        QVERIFY2(v.ok(), qPrintable(v.error().toString()));
        QCOMPARE(v->webHosts, (QStringList { Web1, Web2 }));
        const LdapDn dn = vhostDn(Com, QStringLiteral("multi"));
        QCOMPARE(processesFor(dn),
            (QStringList { QStringLiteral("AddVirtualHost@web1.example.net"),
                QStringLiteral("AddVirtualHost@web2.example.net"),
                QStringLiteral("AddVirtualHostDirectories@web1.example.net") }));
        QCOMPARE(values(dnsName(Com, QStringLiteral("multi")), QStringLiteral("aRecord")),
            (QStringList { QStringLiteral("192.0.2.30"), QStringLiteral("192.0.2.31") }));

        // A domain without default hosts: the least used member of httpgroup (web2 holds fewer
        // sites), the directories on fileservergroup's members.
        auto n = VhostOps::add(*m_s, spec(QStringLiteral("www"), NoDns));
        QVERIFY2(n.ok(), qPrintable(n.error().toString()));
        QCOMPARE(n->webHosts, QStringList { Web2 });
        QCOMPARE(n->homeDirectory, QStringLiteral("/var/www/nodns.test/vhosts/www"));
        const LdapDn ndn = vhostDn(NoDns, QStringLiteral("www"));
        QCOMPARE(processesFor(ndn),
            (QStringList { QStringLiteral("AddVirtualHost@web2.example.net"),
                QStringLiteral("AddVirtualHostDirectories@web1.example.net") }));

        // A site that names no web host (as 1.x data may): its work goes to every member of
        // httpgroup.
        QVERIFY(m_s->modify(ndn, { LdapModification::remove(QStringLiteral("webHost")) }).ok());
        auto suspended = VhostOps::setSuspended(*m_s, NoDns, QStringLiteral("www"), true);
        QVERIFY2(suspended.ok(), qPrintable(suspended.error().toString()));
        QStringList modify;
        for (const LdapEntry &p : processEntries(ndn, QStringLiteral("ModifyVirtualHost")))
            modify << p.text(QStringLiteral("ispmanHostName"));
        modify.sort();
        QCOMPARE(modify, (QStringList { Web1, Web2 }));
        QVERIFY(VhostOps::setSuspended(*m_s, NoDns, QStringLiteral("www"), false).ok());
    }

    void noRecordsWithoutAPrimaryZone()
    {
        const int entriesBefore = entryCount();
        for (const QString &domain : { NoDns, Slave }) {
            const LdapFilter zoneWork = LdapFilter::allOf(
                { LdapFilter::equals(QStringLiteral("ispmanProcess"), QStringLiteral("modifyDomain")),
                    LdapFilter::equals(QStringLiteral("ispmanDomain"), domain) });
            const qsizetype updatesBefore = m_s->find(m_s->dit().processes(), zoneWork, { QStringLiteral("1.1") })
                                                ->size(); // slave: the domain's own
            VhostOps::VhostSpec s = spec(QStringLiteral("site"), domain);
            s.aliases = { QStringLiteral("web") };
            auto v = VhostOps::add(*m_s, s);
            QVERIFY2(v.ok(), qPrintable(v.error().toString()));
            QCOMPARE(v->aliases, QStringList { QStringLiteral("web") });
            const QString uuid = uuidOf(vhostDn(domain, QStringLiteral("site")));
            auto claimed = m_s->find(m_s->dit().dns(),
                LdapFilter::endsWith(QStringLiteral("ispmanDnsOwner"), QLatin1Char(' ') + uuid),
                { QStringLiteral("1.1") });
            QVERIFY(claimed.ok());
            QVERIFY(claimed->isEmpty());
            auto zone = m_s->find(
                m_s->dit().dns(), LdapFilter::equals(QStringLiteral("zoneName"), domain), { QStringLiteral("1.1") });
            QVERIFY(zone.ok() && zone->isEmpty());
            auto updates = m_s->find(m_s->dit().processes(), zoneWork, { QStringLiteral("1.1") });
            QVERIFY(updates.ok());
            QCOMPARE(updates->size(), updatesBefore);
        }
        // Entry + 3 branches + 1 alias + 2 processes, per site; nothing in any zone.
        QCOMPARE(entryCount(), entriesBefore + 2 * 7);
    }

    void replicaRefused()
    {
        const int before = entryCount();
        auto r = VhostOps::add(*m_s, spec(QStringLiteral("www"), QStringLiteral("example.net")));
        QVERIFY(!r.ok());
        QCOMPARE(int(r.error().kind), int(OpError::Kind::NotAllowed));
        QVERIFY(r.error().message.contains(QStringLiteral("replica")));
        QCOMPARE(int(VhostOps::addWebUser(
                     *m_s, QStringLiteral("example.net"), QStringLiteral("editor"), QStringLiteral("editor-pass-1"))
                         .error()
                         .kind),
            int(OpError::Kind::NotAllowed));
        QCOMPARE(int(VhostOps::add(*m_s, spec(QStringLiteral("www"), QStringLiteral("nowhere.test"))).error().kind),
            int(OpError::Kind::NotFound));
        QCOMPARE(entryCount(), before);
        // A locked domain: its websites can be read, not changed.
        QVERIFY(DomainOps::setLocked(*m_s, Org, true).ok());
        const int locked = entryCount();
        QCOMPARE(
            int(VhostOps::add(*m_s, spec(QStringLiteral("new"), Org)).error().kind), int(OpError::Kind::NotAllowed));
        QCOMPARE(int(VhostOps::setSuspended(*m_s, Org, QStringLiteral("www"), true).error().kind),
            int(OpError::Kind::NotAllowed));
        QCOMPARE(int(VhostOps::addWebUser(*m_s, Org, QStringLiteral("editor"), QStringLiteral("editor-pass-1"))
                         .error()
                         .kind),
            int(OpError::Kind::NotAllowed));
        QVERIFY(VhostOps::show(*m_s, Org, QStringLiteral("www")).ok());
        QCOMPARE(entryCount(), locked);
        QVERIFY(DomainOps::setLocked(*m_s, Org, false).ok());
    }

    void dnsConflictRefused()
    {
        // "ftp" is a CNAME an admin typed: a website of that name would need an A record there.
        const int before = entryCount();
        const quint32 serialBefore = serial(Com);
        auto r = VhostOps::add(*m_s, spec(QStringLiteral("ftp")));
        QVERIFY(!r.ok());
        QCOMPARE(int(r.error().kind), int(OpError::Kind::Conflict));
        QCOMPARE(r.error().field, QStringLiteral("name"));
        QVERIFY2(r.error().message.contains(QStringLiteral("CNAME")), qPrintable(r.error().message));
        QCOMPARE(entryCount(), before);
        QCOMPARE(serial(Com), serialBefore);
        // The same record as an admin typed it is used as it is, and not claimed: "www:8080"
        // shares www's A record.
        auto alt = VhostOps::add(*m_s, spec(QStringLiteral("www:8080")));
        QVERIFY2(alt.ok(), qPrintable(alt.error().toString()));
        QCOMPARE(alt->uid, QStringLiteral("www.example.com:8080"));
        QCOMPARE(alt->homeDirectory, QStringLiteral("/var/www/example.com/vhosts/www_8080"));
        auto www = dnsName(Com, QStringLiteral("www"));
        QCOMPARE(values(www, QStringLiteral("aRecord")), QStringList { QStringLiteral("192.0.2.30") });
        QVERIFY(values(www, QStringLiteral("ispmanDnsOwner")).isEmpty());
        QCOMPARE(serial(Com), serialBefore);
        QVERIFY(VhostOps::remove(*m_s, Com, QStringLiteral("www:8080")).ok());
        QCOMPARE(values(dnsName(Com, QStringLiteral("www")), QStringLiteral("aRecord")),
            QStringList { QStringLiteral("192.0.2.30") });
    }

    void editMovesBetweenWebHosts()
    {
        const LdapDn dn = vhostDn(Com, QStringLiteral("shop"));
        const QString uuid = uuidOf(dn);
        const quint32 serialBefore = serial(Com);
        VhostOps::VhostChange c;
        c.webHosts = QStringList { Web2 };
        auto v = VhostOps::edit(*m_s, Com, QStringLiteral("shop"), c);
        QVERIFY2(v.ok(), qPrintable(v.error().toString()));
        QCOMPARE(v->webHosts, QStringList { Web2 });
        const QList<LdapEntry> deletes = processEntries(dn, QStringLiteral("DeleteVirtualHost"));
        QCOMPARE(deletes.size(), 1);
        QCOMPARE(deletes.first().text(QStringLiteral("ispmanHostName")), Web1);
        QCOMPARE(processParam(deletes.first(), QStringLiteral("ispmanVhostName")), QStringLiteral("shop"));
        QCOMPARE(processParam(deletes.first(), QStringLiteral("serverName")), QStringLiteral("shop.example.com"));
        QStringList adds;
        for (const LdapEntry &p : processEntries(dn, QStringLiteral("AddVirtualHost")))
            adds << p.text(QStringLiteral("ispmanHostName"));
        adds.sort();
        QCOMPARE(adds, (QStringList { Web1, Web2 })); // the first from add
        QVERIFY(processEntries(dn, QStringLiteral("ModifyVirtualHost")).isEmpty()); // no host kept it
        // The A record follows the web host.
        auto a = dnsName(Com, QStringLiteral("shop"));
        QCOMPARE(values(a, QStringLiteral("aRecord")), QStringList { QStringLiteral("192.0.2.31") });
        QCOMPARE(values(a, QStringLiteral("ispmanDnsOwner")), QStringList { QStringLiteral("A 192.0.2.31 ") + uuid });
        QVERIFY(serial(Com) > serialBefore);

        // Settings: a ModifyVirtualHost for the host it is on.
        VhostOps::VhostChange s;
        s.documentRoot = QStringLiteral("public/");
        s.extraConfig = QStringLiteral("directoryindex index.php index.html\nErrorDocument 404 /missing.html\n");
        s.features = QStringList { QStringLiteral("suexec"), QStringLiteral("StatDir") };
        s.ftpQuota = QStringLiteral("25");
        s.documentRootOptions = QStringLiteral("indexes followsymlinks");
        auto edited = VhostOps::edit(*m_s, Com, QStringLiteral("shop"), s);
        QVERIFY2(edited.ok(), qPrintable(edited.error().toString()));
        QCOMPARE(edited->documentRoot, QStringLiteral("public"));
        QCOMPARE(edited->extraConfig,
            (QStringList { QStringLiteral("DirectoryIndex index.php index.html"),
                QStringLiteral("ErrorDocument 404 /missing.html") }));
        QCOMPARE(edited->features, (QStringList { QStringLiteral("suexec"), QStringLiteral("statdir") }));
        QVERIFY(edited->stats); // statdir turns the statistics on, as add does
        QCOMPARE(edited->ftpQuotaMBytes, 25);
        QCOMPARE(
            edited->documentRootOptions, (QStringList { QStringLiteral("Indexes"), QStringLiteral("FollowSymLinks") }));
        QCOMPARE(processEntries(dn, QStringLiteral("ModifyVirtualHost")).size(), 1);
        QCOMPARE(processEntries(dn, QStringLiteral("ModifyVirtualHost")).first().text(QStringLiteral("ispmanHostName")),
            Web2);
        // An empty extra configuration removes it.
        VhostOps::VhostChange clear;
        clear.extraConfig = QString();
        QVERIFY(VhostOps::edit(*m_s, Com, QStringLiteral("shop"), clear)->extraConfig.isEmpty());

        // Its own address: the A record points there; back to "*": the web host's again.
        VhostOps::VhostChange ip;
        ip.ipAddress = QStringLiteral("192.0.2.99");
        QCOMPARE(VhostOps::edit(*m_s, Com, QStringLiteral("shop"), ip)->ipAddress, QStringLiteral("192.0.2.99"));
        QCOMPARE(values(dnsName(Com, QStringLiteral("shop")), QStringLiteral("aRecord")),
            QStringList { QStringLiteral("192.0.2.99") });
        ip.ipAddress = QStringLiteral("2001:DB8::5");
        QCOMPARE(VhostOps::edit(*m_s, Com, QStringLiteral("shop"), ip)->ipAddress, QStringLiteral("2001:db8::5"));
        QVERIFY(values(dnsName(Com, QStringLiteral("shop")), QStringLiteral("aRecord")).isEmpty());
        QCOMPARE(values(dnsName(Com, QStringLiteral("shop")), dnsRecordAttribute(DnsRecordType::Aaaa)),
            QStringList { QStringLiteral("2001:db8::5") });
        QCOMPARE(values(dnsName(Com, QStringLiteral("shop")), QStringLiteral("ispmanDnsOwner")),
            QStringList { QStringLiteral("AAAA 2001:db8::5 ") + uuid });
        ip.ipAddress = QStringLiteral("*");
        QVERIFY(VhostOps::edit(*m_s, Com, QStringLiteral("shop"), ip).ok());
        QCOMPARE(values(dnsName(Com, QStringLiteral("shop")), QStringLiteral("aRecord")),
            QStringList { QStringLiteral("192.0.2.31") });
    }

    void hostileEditsWriteNothing_data()
    {
        QTest::addColumn<QString>("what");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("field");
        QTest::newRow("document root: ..")
            << QStringLiteral("documentRoot") << QStringLiteral("../../etc") << QStringLiteral("document-root");
        QTest::newRow("document root: absolute")
            << QStringLiteral("documentRoot") << QStringLiteral("/etc") << QStringLiteral("document-root");
        QTest::newRow("script dir: option")
            << QStringLiteral("scriptDir") << QStringLiteral("-rf") << QStringLiteral("script-dir");
        QTest::newRow("extra config: include")
            << QStringLiteral("extraConfig") << QStringLiteral("DirectoryIndex index.html\nInclude /etc/shadow")
            << QStringLiteral("extra-config");
        QTest::newRow("extra config: section")
            << QStringLiteral("extraConfig") << QStringLiteral("</VirtualHost>") << QStringLiteral("extra-config");
        QTest::newRow("ip: injection") << QStringLiteral("ipAddress") << QStringLiteral("192.0.2.1>\n<VirtualHost *")
                                       << QStringLiteral("ip");
        QTest::newRow("options: All") << QStringLiteral("documentRootOptions") << QStringLiteral("All")
                                      << QStringLiteral("document-root-options");
        QTest::newRow("web hosts: none") << QStringLiteral("webHosts") << QString() << QStringLiteral("web-host");
        QTest::newRow("web hosts: injection")
            << QStringLiteral("webHosts") << QStringLiteral("*)(ispmanHostName=*") << QStringLiteral("web-host");
        QTest::newRow("feature: unknown")
            << QStringLiteral("features") << QStringLiteral("root-shell") << QStringLiteral("feature");
        QTest::newRow("ftp quota: negative")
            << QStringLiteral("ftpQuota") << QStringLiteral("-5") << QStringLiteral("ftp-quota");
    }

    void hostileEditsWriteNothing()
    {
        QFETCH(QString, what);
        QFETCH(QString, value);
        QFETCH(QString, field);
        VhostOps::VhostChange c;
        if (what == QLatin1String("documentRoot"))
            c.documentRoot = value;
        else if (what == QLatin1String("scriptDir"))
            c.scriptDir = value;
        else if (what == QLatin1String("extraConfig"))
            c.extraConfig = value;
        else if (what == QLatin1String("ipAddress"))
            c.ipAddress = value;
        else if (what == QLatin1String("documentRootOptions"))
            c.documentRootOptions = value;
        else if (what == QLatin1String("webHosts"))
            c.webHosts = value.isEmpty() ? QStringList() : QStringList { value };
        else if (what == QLatin1String("features"))
            c.features = QStringList { value };
        else if (what == QLatin1String("ftpQuota"))
            c.ftpQuota = value;
        const int before = entryCount();
        const int work = processCount();
        auto shown = VhostOps::show(*m_s, Com, QStringLiteral("shop"));
        auto r = VhostOps::edit(*m_s, Com, QStringLiteral("shop"), c);
        QVERIFY(!r.ok());
        QCOMPARE(int(r.error().kind), int(OpError::Kind::Invalid));
        QCOMPARE(r.error().field, field);
        QVERIFY2(r.error().message.startsWith(field + QLatin1Char(':')), qPrintable(r.error().message));
        QCOMPARE(entryCount(), before);
        QCOMPARE(processCount(), work);
        auto after = VhostOps::show(*m_s, Com, QStringLiteral("shop"));
        QCOMPARE(after->documentRoot, shown->documentRoot);
        QCOMPARE(after->webHosts, shown->webHosts);
        QCOMPARE(after->extraConfig, shown->extraConfig);
    }

    void suspendAndResume()
    {
        const LdapDn dn = vhostDn(Com, QStringLiteral("shop"));
        const int modifies = int(processEntries(dn, QStringLiteral("ModifyVirtualHost")).size());
        auto v = VhostOps::setSuspended(*m_s, Com, QStringLiteral("shop"), true);
        QVERIFY2(v.ok(), qPrintable(v.error().toString()));
        QVERIFY(v->suspended);
        QVERIFY(!v->ftpEnabled);
        auto e = m_s->read(dn, { QStringLiteral("ispmanStatus"), QStringLiteral("FTPStatus") });
        QCOMPARE((*e)->text(QStringLiteral("ispmanStatus")), QStringLiteral("suspended"));
        QCOMPARE((*e)->text(QStringLiteral("FTPStatus")), QStringLiteral("disabled"));
        QCOMPARE(processEntries(dn, QStringLiteral("ModifyVirtualHost")).size(), modifies + 1);
        // Its FTP login cannot come back while it is suspended.
        const int before = entryCount();
        VhostOps::VhostChange ftp;
        ftp.ftpEnabled = true;
        auto refused = VhostOps::edit(*m_s, Com, QStringLiteral("shop"), ftp);
        QVERIFY(!refused.ok());
        QCOMPARE(int(refused.error().kind), int(OpError::Kind::NotAllowed));
        QVERIFY(refused.error().message.startsWith(QStringLiteral("ftp:")));
        QCOMPARE(entryCount(), before);
        QCOMPARE((*m_s->read(dn, { QStringLiteral("FTPStatus") }))->text(QStringLiteral("FTPStatus")),
            QStringLiteral("disabled"));
        auto r = VhostOps::setSuspended(*m_s, Com, QStringLiteral("shop"), false);
        QVERIFY(r.ok());
        QVERIFY(!r->suspended);
        QVERIFY(r->ftpEnabled);
        QCOMPARE(processEntries(dn, QStringLiteral("ModifyVirtualHost")).size(), modifies + 2);
        QCOMPARE(int(VhostOps::setSuspended(*m_s, Com, QStringLiteral("nosuch"), true).error().kind),
            int(OpError::Kind::NotFound));
    }

    void aliases()
    {
        const LdapDn dn = vhostDn(Com, QStringLiteral("shop"));
        const QString uuid = uuidOf(dn);
        // Local: a CNAME, claimed, with a new serial; removed with the alias.
        quint32 before = serial(Com);
        auto v = VhostOps::addAlias(*m_s, Com, QStringLiteral("shop"), QStringLiteral("Boutique"));
        QVERIFY2(v.ok(), qPrintable(v.error().toString()));
        QVERIFY(v->aliases.contains(QStringLiteral("boutique")));
        auto cname = dnsName(Com, QStringLiteral("boutique"));
        QCOMPARE(values(cname, QStringLiteral("cNAMERecord")), QStringList { QStringLiteral("shop.example.com.") });
        QCOMPARE(values(cname, QStringLiteral("ispmanDnsOwner")),
            QStringList { QStringLiteral("CNAME shop.example.com. ") + uuid });
        QVERIFY(serial(Com) > before);
        before = serial(Com);
        auto removed = VhostOps::removeAlias(*m_s, Com, QStringLiteral("shop"), QStringLiteral("boutique"));
        QVERIFY2(removed.ok(), qPrintable(removed.error().toString()));
        QVERIFY(!removed->aliases.contains(QStringLiteral("boutique")));
        QVERIFY(!exists(m_s->dit().dnsName(Com, QStringLiteral("boutique"))));
        QVERIFY(!exists(Vhost::aliasDn(m_s->dit(), Com, QStringLiteral("shop"), QStringLiteral("boutique"))));
        QVERIFY(serial(Com) > before);
        QCOMPARE(int(VhostOps::removeAlias(*m_s, Com, QStringLiteral("shop"), QStringLiteral("boutique")).error().kind),
            int(OpError::Kind::NotFound));

        // Foreign: no DNS record; an IDN is stored as its A-label.
        before = serial(Com);
        auto foreign = VhostOps::addAlias(*m_s, Com, QStringLiteral("shop"), QStringLiteral("www.b\u00fccher.example"));
        QVERIFY2(foreign.ok(), qPrintable(foreign.error().toString()));
        QVERIFY(foreign->aliases.contains(QStringLiteral("www.xn--bcher-kva.example")));
        QCOMPARE(serial(Com), before);
        QVERIFY(
            VhostOps::removeAlias(*m_s, Com, QStringLiteral("shop"), QStringLiteral("www.b\u00fccher.example")).ok());
        QVERIFY(!VhostOps::show(*m_s, Com, QStringLiteral("shop"))
                     ->aliases.contains(QStringLiteral("www.xn--bcher-kva.example")));
    }

    void namesAlreadyServedAreRefused_data()
    {
        QTest::addColumn<QString>("domain");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("alias");
        QTest::newRow("another site's local alias") << Com << QStringLiteral("multi") << QStringLiteral("store");
        QTest::newRow("another site's foreign alias")
            << Com << QStringLiteral("multi") << QStringLiteral("shop.elsewhere.test");
        QTest::newRow("another site's name") << Com << QStringLiteral("multi") << QStringLiteral("shop");
        QTest::newRow("a site of another domain")
            << Com << QStringLiteral("multi") << QStringLiteral("www.example.org");
        QTest::newRow("from another domain") << Org << QStringLiteral("www") << QStringLiteral("store.example.com");
        QTest::newRow("its own name") << Com << QStringLiteral("shop") << QStringLiteral("shop.example.com");
        QTest::newRow("an alias it has") << Com << QStringLiteral("shop") << QStringLiteral("STORE");
        QTest::newRow("a CNAME an admin typed") << Com << QStringLiteral("multi") << QStringLiteral("ftp");
    }

    void namesAlreadyServedAreRefused()
    {
        QFETCH(QString, domain);
        QFETCH(QString, name);
        QFETCH(QString, alias);
        const int before = entryCount();
        const quint32 serialBefore = serial(Com);
        auto r = VhostOps::addAlias(*m_s, domain, name, alias);
        QVERIFY(!r.ok());
        QVERIFY2(r.error().kind == OpError::Kind::Conflict || r.error().kind == OpError::Kind::Invalid,
            qPrintable(r.error().toString()));
        QCOMPARE(r.error().field, QStringLiteral("alias"));
        QVERIFY2(r.error().message.startsWith(QStringLiteral("alias:")), qPrintable(r.error().message));
        QCOMPARE(entryCount(), before);
        QCOMPARE(serial(Com), serialBefore);
        // Nor can a new website take a name that is served.
        if (domain == Com && !alias.contains(QLatin1Char('.')) && alias != QLatin1String("shop")
            && alias != QLatin1String("STORE")) {
            auto site = VhostOps::add(*m_s, spec(alias));
            QVERIFY(!site.ok());
            QCOMPARE(int(site.error().kind), int(OpError::Kind::Conflict));
            QCOMPARE(entryCount(), before);
        }
    }

    void concurrentSameAliasOneWins_data()
    {
        QTest::addColumn<QString>("otherDomain");
        QTest::addColumn<QString>("otherSite");
        QTest::addColumn<QString>("alias");
        QTest::newRow("local, same domain") << Com << QStringLiteral("multi") << QStringLiteral("racea%1");
        QTest::newRow("foreign, same domain")
            << Com << QStringLiteral("multi") << QStringLiteral("raceb%1.elsewhere.test");
        QTest::newRow("foreign, two domains")
            << Org << QStringLiteral("www") << QStringLiteral("racec%1.elsewhere.test");
    }

    void concurrentSameAliasOneWins()
    {
        QFETCH(QString, otherDomain);
        QFETCH(QString, otherSite);
        QFETCH(QString, alias);
        for (int round = 0; round < 3; ++round) {
            const QString name = alias.arg(round);
            const QList<std::pair<QString, QString>> sites { { Com, QStringLiteral("shop") },
                { otherDomain, otherSite } };
            std::atomic<int> won { 0 };
            QList<QThread *> threads;
            for (const auto &[domain, site] : sites) {
                threads << QThread::create([&, domain = domain, site = site] {
                    DirectorySession s(m_dir->adminSettings(), Dit(m_dir->base()));
                    if (VhostOps::addAlias(s, domain, site, name).ok())
                        ++won;
                });
                threads.last()->start();
            }
            for (QThread *t : std::as_const(threads)) {
                QVERIFY(t->wait(60000));
                delete t;
            }
            QCOMPARE(won.load(), 1);
            auto holders = m_s->find(m_s->dit().base(),
                LdapFilter::allOf({ LdapFilter::objectClass(QStringLiteral("ispmanVirtualHostAlias")),
                    LdapFilter::equals(QStringLiteral("ispmanVhostServerAlias"), name) }),
                { QStringLiteral("1.1") });
            QVERIFY(holders.ok());
            QCOMPARE(holders->size(), 1);
            if (!name.contains(QLatin1Char('.'))) {
                auto cname = dnsName(Com, name);
                QCOMPARE(values(cname, QStringLiteral("cNAMERecord")).size(), 1);
                QCOMPARE(values(cname, QStringLiteral("ispmanDnsOwner")).size(), 1);
            }
        }
    }

    void concurrentSameSiteOneWins()
    {
        for (int round = 0; round < 3; ++round) {
            std::atomic<int> won { 0 };
            QList<QThread *> threads;
            for (int t = 0; t < 2; ++t) {
                threads << QThread::create([&, round] {
                    DirectorySession s(m_dir->adminSettings(), Dit(m_dir->base()));
                    if (VhostOps::add(s, spec(QStringLiteral("same%1").arg(round))).ok())
                        ++won;
                });
                threads.last()->start();
            }
            for (QThread *t : std::as_const(threads)) {
                QVERIFY(t->wait(60000));
                delete t;
            }
            QCOMPARE(won.load(), 1);
            const LdapDn dn = vhostDn(Com, QStringLiteral("same%1").arg(round));
            QCOMPARE(processesFor(dn),
                (QStringList { QStringLiteral("AddVirtualHost@web1.example.net"),
                    QStringLiteral("AddVirtualHostDirectories@web1.example.net") }));
            QCOMPARE(
                values(dnsName(Com, QStringLiteral("same%1").arg(round)), QStringLiteral("ispmanDnsOwner")).size(), 1);
            QVERIFY(VhostOps::remove(*m_s, Com, QStringLiteral("same%1").arg(round)).ok());
        }
    }

    void redirects()
    {
        const LdapDn dn = vhostDn(Com, QStringLiteral("shop"));
        const int modifies = int(processEntries(dn, QStringLiteral("ModifyVirtualHost")).size());
        auto v = VhostOps::addRedirect(*m_s, Com, QStringLiteral("shop"), QStringLiteral("/old"),
            QStringLiteral("HTTPS://www.example.com/new?x=1"));
        QVERIFY2(v.ok(), qPrintable(v.error().toString()));
        QCOMPARE(v->redirects.size(), 1);
        QCOMPARE(v->redirects.first().path, QStringLiteral("/old"));
        QCOMPARE(v->redirects.first().target, QStringLiteral("https://www.example.com/new?x=1"));
        QVERIFY(exists(Vhost::redirectDn(m_s->dit(), Com, QStringLiteral("shop"), QStringLiteral("/old"))));
        QCOMPARE(processEntries(dn, QStringLiteral("ModifyVirtualHost")).size(), modifies + 1);

        const int before = entryCount();
        const int work = processCount();
        auto twice = VhostOps::addRedirect(
            *m_s, Com, QStringLiteral("shop"), QStringLiteral("/old"), QStringLiteral("https://example.org/"));
        QCOMPARE(int(twice.error().kind), int(OpError::Kind::Conflict));
        QCOMPARE(twice.error().field, QStringLiteral("path"));
        for (const auto &[path, target, field] :
            { std::tuple {
                  QStringLiteral("/a/../../etc"), QStringLiteral("https://example.org/"), QStringLiteral("path") },
                std::tuple {
                    QStringLiteral("relative"), QStringLiteral("https://example.org/"), QStringLiteral("path") },
                std::tuple { QStringLiteral("/x y"), QStringLiteral("https://example.org/"), QStringLiteral("path") },
                std::tuple { QStringLiteral("/x\nRedirect / https://evil.example/"),
                    QStringLiteral("https://example.org/"), QStringLiteral("path") },
                std::tuple { QStringLiteral("/x"), QStringLiteral("javascript:alert(1)"), QStringLiteral("target") },
                std::tuple { QStringLiteral("/x"), QStringLiteral("https://example.org/\"\n</VirtualHost>"),
                    QStringLiteral("target") },
                std::tuple {
                    QStringLiteral("/x"), QStringLiteral("https://user@example.org/"), QStringLiteral("target") },
                std::tuple { QStringLiteral("/x"), QStringLiteral("file:///etc/passwd"), QStringLiteral("target") } }) {
            auto r = VhostOps::addRedirect(*m_s, Com, QStringLiteral("shop"), path, target);
            QVERIFY2(!r.ok(), qPrintable(path + QLatin1Char(' ') + target));
            QCOMPARE(int(r.error().kind), int(OpError::Kind::Invalid));
            QCOMPARE(r.error().field, field);
            QVERIFY(r.error().message.startsWith(field + QLatin1Char(':')));
        }
        QCOMPARE(entryCount(), before);
        QCOMPARE(processCount(), work);

        auto removed = VhostOps::removeRedirect(*m_s, Com, QStringLiteral("shop"), QStringLiteral("/old"));
        QVERIFY2(removed.ok(), qPrintable(removed.error().toString()));
        QVERIFY(removed->redirects.isEmpty());
        QCOMPARE(int(VhostOps::removeRedirect(*m_s, Com, QStringLiteral("shop"), QStringLiteral("/old")).error().kind),
            int(OpError::Kind::NotFound));
    }

    void webUsersAndProtectedLocations()
    {
        // A web user: the password hashed by slapd; binding as it works.
        auto u = VhostOps::addWebUser(*m_s, Com, QStringLiteral("Editor"), QStringLiteral("editor-pass-1"));
        QVERIFY2(u.ok(), qPrintable(u.error().toString()));
        QCOMPARE(u->userId, QStringLiteral("editor"));
        const LdapDn udn = WebUser::dn(m_s->dit(), Com, QStringLiteral("editor"));
        auto e = m_s->read(udn, { QStringLiteral("userPassword") });
        QVERIFY(e.ok() && e->has_value());
        QVERIFY((*e)->value(QStringLiteral("userPassword")).startsWith("{ARGON2}"));
        QVERIFY(canBind(udn, "editor-pass-1"));
        QVERIFY(
            VhostOps::setWebUserPassword(*m_s, Com, QStringLiteral("editor"), QStringLiteral("editor-pass-2")).ok());
        QVERIFY(canBind(udn, "editor-pass-2"));
        QVERIFY(!canBind(udn, "editor-pass-1"));

        const int before = entryCount();
        // A mail user's name, a web user twice, a bad name, a weak password: refused.
        QCOMPARE(
            int(VhostOps::addWebUser(*m_s, Com, QStringLiteral("john"), QStringLiteral("john-pass-12")).error().kind),
            int(OpError::Kind::Conflict));
        QCOMPARE(int(VhostOps::addWebUser(*m_s, Com, QStringLiteral("editor"), QStringLiteral("editor-pass-3"))
                         .error()
                         .kind),
            int(OpError::Kind::Conflict));
        auto bad
            = VhostOps::addWebUser(*m_s, Com, QStringLiteral("*)(ispmanUserId=*"), QStringLiteral("editor-pass-3"));
        QCOMPARE(bad.error().field, QStringLiteral("user"));
        auto weak = VhostOps::addWebUser(*m_s, Com, QStringLiteral("writer"), QStringLiteral("short"));
        QCOMPARE(weak.error().field, QStringLiteral("password"));
        QVERIFY(!weak.error().message.contains(QStringLiteral("short")));
        QCOMPARE(entryCount(), before);

        auto second = VhostOps::addWebUser(*m_s, Com, QStringLiteral("writer"), QStringLiteral("writer-pass-1"));
        QVERIFY(second.ok());
        auto listed = VhostOps::listWebUsers(*m_s, Com);
        QVERIFY(listed.ok());
        QCOMPARE(listed->size(), 2);
        QCOMPARE(listed->at(0).userId, QStringLiteral("editor"));
        QCOMPARE(listed->at(1).userId, QStringLiteral("writer"));
        QVERIFY(VhostOps::listWebUsers(*m_s, Org)->isEmpty());

        // Protected locations: web users and mail users of the domain.
        const LdapDn dn = vhostDn(Com, QStringLiteral("shop"));
        auto p = VhostOps::addProtection(
            *m_s, Com, QStringLiteral("shop"), QStringLiteral("/private"), { QStringLiteral("editor") });
        QVERIFY2(p.ok(), qPrintable(p.error().toString()));
        QCOMPARE(p->protections.size(), 1);
        QCOMPARE(
            p->protections.first(), (VhostProtection { QStringLiteral("/private"), { QStringLiteral("editor") } }));
        QVERIFY(exists(Vhost::protectionDn(m_s->dit(), Com, QStringLiteral("shop"), QStringLiteral("/private"))));
        QVERIFY(VhostOps::addProtection(*m_s, Com, QStringLiteral("shop"), QStringLiteral("/team"),
            { QStringLiteral("editor"), QStringLiteral("writer"), QStringLiteral("john") })
                    .ok());

        const int now = entryCount();
        const int work = processCount();
        for (const auto &[location, users, field, kind] :
            { std::tuple { QStringLiteral("/ghost"), QStringList { QStringLiteral("ghost") }, QString(),
                  OpError::Kind::NotFound },
                std::tuple { QStringLiteral("/ghost"), QStringList { QStringLiteral("alice") }, QString(),
                    OpError::Kind::NotFound }, // example.org's
                std::tuple { QStringLiteral("/ghost"), QStringList {}, QStringLiteral("user"), OpError::Kind::Invalid },
                std::tuple { QStringLiteral("/ghost"), QStringList { QStringLiteral("*)(objectClass=*") },
                    QStringLiteral("user"), OpError::Kind::Invalid },
                std::tuple { QStringLiteral("/private"), QStringList { QStringLiteral("writer") },
                    QStringLiteral("location"), OpError::Kind::Conflict },
                std::tuple { QStringLiteral("/a/../b"), QStringList { QStringLiteral("writer") },
                    QStringLiteral("location"), OpError::Kind::Invalid },
                std::tuple { QStringLiteral("/a\"><Location /"), QStringList { QStringLiteral("writer") },
                    QStringLiteral("location"), OpError::Kind::Invalid } }) {
            auto r = VhostOps::addProtection(*m_s, Com, QStringLiteral("shop"), location, users);
            QVERIFY2(!r.ok(), qPrintable(location));
            QCOMPARE(int(r.error().kind), int(kind));
            if (!field.isEmpty())
                QCOMPARE(r.error().field, field);
            QVERIFY(r.error().message.startsWith(QStringLiteral("user:"))
                || r.error().message.startsWith(QStringLiteral("location:")));
        }
        QCOMPARE(entryCount(), now);
        QCOMPARE(processCount(), work);

        // The only user allowed into /private cannot go; nothing changes.
        auto refused = VhostOps::removeWebUser(*m_s, Com, QStringLiteral("editor"));
        QCOMPARE(int(refused.error().kind), int(OpError::Kind::NotAllowed));
        QVERIFY(refused.error().message.contains(QStringLiteral("/private")));
        QVERIFY(exists(udn));
        QCOMPARE(processCount(), work);
        // One of several: dropped from the location, the site's hosts told.
        const int modifies = int(processEntries(dn, QStringLiteral("ModifyVirtualHost")).size());
        QVERIFY(VhostOps::removeWebUser(*m_s, Com, QStringLiteral("writer")).ok());
        QVERIFY(!exists(WebUser::dn(m_s->dit(), Com, QStringLiteral("writer"))));
        auto team = VhostOps::show(*m_s, Com, QStringLiteral("shop"));
        QCOMPARE(team->protections.last(),
            (VhostProtection { QStringLiteral("/team"), { QStringLiteral("editor"), QStringLiteral("john") } }));
        QCOMPARE(processEntries(dn, QStringLiteral("ModifyVirtualHost")).size(), modifies + 1);
        // Once /private is gone, editor can go too.
        auto unprotected = VhostOps::removeProtection(*m_s, Com, QStringLiteral("shop"), QStringLiteral("/private"));
        QVERIFY2(unprotected.ok(), qPrintable(unprotected.error().toString()));
        QCOMPARE(unprotected->protections.size(), 1);
        QVERIFY(VhostOps::removeWebUser(*m_s, Com, QStringLiteral("editor")).ok());
        QCOMPARE(VhostOps::show(*m_s, Com, QStringLiteral("shop"))->protections.first().users,
            QStringList { QStringLiteral("john") });
        QCOMPARE(int(VhostOps::removeWebUser(*m_s, Com, QStringLiteral("editor")).error().kind),
            int(OpError::Kind::NotFound));
        QCOMPARE(
            int(VhostOps::removeProtection(*m_s, Com, QStringLiteral("shop"), QStringLiteral("/private")).error().kind),
            int(OpError::Kind::NotFound));
    }

    void websiteLimit()
    {
        // example.org: ispmanMaxVhosts 2, one site (www) in the sample.
        auto two = VhostOps::add(*m_s, spec(QStringLiteral("two"), Org));
        QVERIFY2(two.ok(), qPrintable(two.error().toString()));
        const int before = entryCount();
        auto three = VhostOps::add(*m_s, spec(QStringLiteral("three"), Org));
        QVERIFY(!three.ok());
        QCOMPARE(int(three.error().kind), int(OpError::Kind::LimitReached));
        QCOMPARE(entryCount(), before);
        // 0: none at all.
        setDomainAttr(NoDns, QStringLiteral("ispmanMaxVhosts"), QStringLiteral("0"));
        QCOMPARE(int(VhostOps::add(*m_s, spec(QStringLiteral("more"), NoDns)).error().kind),
            int(OpError::Kind::LimitReached));
        setDomainAttr(NoDns, QStringLiteral("ispmanMaxVhosts"), QStringLiteral("-1"));
        QCOMPARE(entryCount(), before);
    }

    void concurrentAddsKeepTheLimit()
    {
        for (int round = 0; round < 3; ++round) {
            auto current = VhostOps::list(*m_s, Org);
            QVERIFY(current.ok());
            setDomainAttr(Org, QStringLiteral("ispmanMaxVhosts"), QString::number(current->size() + 1));
            std::atomic<int> won { 0 };
            QList<QThread *> threads;
            for (int t = 0; t < 2; ++t) {
                threads << QThread::create([&, round, t] {
                    DirectorySession s(m_dir->adminSettings(), Dit(m_dir->base()));
                    if (VhostOps::add(s, spec(QStringLiteral("race%1x%2").arg(round).arg(t), Org)).ok())
                        ++won;
                });
                threads.last()->start();
            }
            for (QThread *t : std::as_const(threads)) {
                QVERIFY(t->wait(60000));
                delete t;
            }
            QCOMPARE(won.load(), 1);
            QCOMPARE(VhostOps::list(*m_s, Org)->size(), current->size() + 1);
        }
    }

    void hostileInputRefusedWritesNothing_data()
    {
        QTest::addColumn<QString>("what");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("rule"); // a word of the message that names the rule
        const QString name = QStringLiteral("name");
        QTest::newRow("name: filter injection") << name << QStringLiteral("*)(uid=*") << name << QString();
        QTest::newRow("name: DN injection") << name << QStringLiteral("a,ou=admins") << name << QString();
        QTest::newRow("name: ..") << name << QStringLiteral("..") << name << QString();
        QTest::newRow("name: path") << name << QStringLiteral("../etc") << name << QString();
        QTest::newRow("name: slash") << name << QStringLiteral("www/x") << name << QString();
        QTest::newRow("name: newline") << name << QStringLiteral("www\nx") << name << QStringLiteral("\\n");
        QTest::newRow("name: space") << name << QStringLiteral("my site") << name << QString();
        QTest::newRow("name: wildcard") << name << QStringLiteral("*") << name << QString();
        QTest::newRow("name: absolute") << name << QStringLiteral("www.example.com.") << name
                                        << QStringLiteral("relative");
        QTest::newRow("name: overlong label") << name << QString(64, QLatin1Char('a')) << name << QStringLiteral("63");
        QTest::newRow("name: overlong") << name
                                        << (QString(60, QLatin1Char('a')) + QLatin1Char('.')).repeated(4)
                + QStringLiteral("x") << name
                                        << QStringLiteral("253");
        QTest::newRow("name: port 0") << name << QStringLiteral("www:0") << name << QStringLiteral("port");
        QTest::newRow("name: port too big") << name << QStringLiteral("www:65536") << name << QStringLiteral("port");
        QTest::newRow("name: bad UTF-8") << name << QString::fromUtf8("w\xff\xfew") << name << QString();
        QTest::newRow("name: NUL") << name << QStringLiteral("www") + QChar(0) + QStringLiteral("x") << name
                                   << QString();
        QTest::newRow("name: bidi override") << name << QStringLiteral("www\u202Egpj") << name << QString();
        QTest::newRow("name: IDN not allowed (symbol)") << name << QStringLiteral("i\u2665ny") << name << QString();
        QTest::newRow("name: bad A-label") << name << QStringLiteral("xn--zz") << name << QString();
        const QString alias = QStringLiteral("alias");
        QTest::newRow("alias: filter injection")
            << alias << QStringLiteral("*)(ispmanVhostServerAlias=*") << alias << QString();
        QTest::newRow("alias: path") << alias << QStringLiteral("../x") << alias << QString();
        QTest::newRow("alias: newline") << alias << QStringLiteral("web\nServerAlias *") << alias << QString();
        QTest::newRow("alias: wildcard") << alias << QStringLiteral("*.example.org") << alias << QString();
        QTest::newRow("alias: IDN not allowed") << alias << QStringLiteral("www.\u2665.example") << alias << QString();
        QTest::newRow("alias: bad UTF-8") << alias << QString::fromUtf8("web\xc3(") << alias << QString();
        const QString docroot = QStringLiteral("document-root");
        QTest::newRow("document root: ..")
            << QStringLiteral("documentRoot") << QStringLiteral("htdocs/../../..") << docroot << QString();
        QTest::newRow("document root: absolute")
            << QStringLiteral("documentRoot") << QStringLiteral("/etc") << docroot << QString();
        QTest::newRow("document root: hidden")
            << QStringLiteral("documentRoot") << QStringLiteral(".ssh") << docroot << QString();
        QTest::newRow("document root: option")
            << QStringLiteral("documentRoot") << QStringLiteral("-rf") << docroot << QString();
        QTest::newRow("document root: newline")
            << QStringLiteral("documentRoot") << QStringLiteral("htdocs\n/etc") << docroot << QString();
        QTest::newRow("document root: overlong")
            << QStringLiteral("documentRoot") << QString(256, QLatin1Char('d')) << docroot << QStringLiteral("255");
        QTest::newRow("script dir: ..") << QStringLiteral("scriptDir") << QStringLiteral("cgi-bin/..")
                                        << QStringLiteral("script-dir") << QString();
        const QString extra = QStringLiteral("extra-config");
        QTest::newRow("extra config: newline then include")
            << QStringLiteral("extraConfig") << QStringLiteral("DirectoryIndex index.html\nInclude /etc/shadow")
            << extra << QStringLiteral("line 2");
        QTest::newRow("extra config: section")
            << QStringLiteral("extraConfig") << QStringLiteral("<Directory />") << extra << QString();
        QTest::newRow("extra config: alias")
            << QStringLiteral("extraConfig") << QStringLiteral("Alias /x /etc") << extra << QString();
        QTest::newRow("extra config: CR") << QStringLiteral("extraConfig")
                                          << QStringLiteral("DirectoryIndex a\r\nLoadModule x y") << extra << QString();
        QTest::newRow("extra config: continuation")
            << QStringLiteral("extraConfig") << QStringLiteral("DirectoryIndex a \\\n</VirtualHost>") << extra
            << QString();
        QTest::newRow("extra config: php_admin")
            << QStringLiteral("extraConfig") << QStringLiteral("php_admin_value open_basedir /") << extra << QString();
        QTest::newRow("extra config: non-ASCII")
            << QStringLiteral("extraConfig") << QStringLiteral("DirectoryIndex \u00efndex.html") << extra << QString();
        QTest::newRow("extra config: overlong line")
            << QStringLiteral("extraConfig") << QStringLiteral("DirectoryIndex ") + QString(1000, QLatin1Char('a'))
            << extra << QString();
        QTest::newRow("options: All") << QStringLiteral("documentRootOptions") << QStringLiteral("All")
                                      << QStringLiteral("document-root-options") << QString();
        QTest::newRow("options: injection")
            << QStringLiteral("scriptDirOptions") << QStringLiteral("ExecCGI\n</Directory>")
            << QStringLiteral("script-dir-options") << QString();
        QTest::newRow("ip: leading zero")
            << QStringLiteral("ip") << QStringLiteral("010.0.0.1") << QStringLiteral("ip") << QString();
        QTest::newRow("ip: injection") << QStringLiteral("ip") << QStringLiteral("*:80>\n<Directory /")
                                       << QStringLiteral("ip") << QString();
        QTest::newRow("feature: unknown")
            << QStringLiteral("feature") << QStringLiteral("shell") << QStringLiteral("feature") << QString();
        QTest::newRow("ftp quota: text") << QStringLiteral("ftpQuota") << QStringLiteral("10; rm -rf /")
                                         << QStringLiteral("ftp-quota") << QString();
        QTest::newRow("password: too short")
            << QStringLiteral("password") << QStringLiteral("short") << QStringLiteral("password") << QString();
        QTest::newRow("password: the login") << QStringLiteral("password") << QStringLiteral("hostile.example.com")
                                             << QStringLiteral("password") << QString();
        QTest::newRow("web host: injection") << QStringLiteral("webHost") << QStringLiteral("*)(ispmanHostName=*")
                                             << QStringLiteral("web-host") << QString();
        QTest::newRow("file host: injection") << QStringLiteral("fileHost") << QStringLiteral("web1,ou=hosts")
                                              << QStringLiteral("file-host") << QString();
    }

    void hostileInputRefusedWritesNothing()
    {
        QFETCH(QString, what);
        QFETCH(QString, value);
        QFETCH(QString, field);
        QFETCH(QString, rule);
        VhostOps::VhostSpec s = spec(QStringLiteral("hostile"));
        if (what == QLatin1String("name"))
            s.name = value;
        else if (what == QLatin1String("alias"))
            s.aliases = { value };
        else if (what == QLatin1String("documentRoot"))
            s.documentRoot = value;
        else if (what == QLatin1String("scriptDir"))
            s.scriptDir = value;
        else if (what == QLatin1String("extraConfig"))
            s.extraConfig = value;
        else if (what == QLatin1String("documentRootOptions"))
            s.documentRootOptions = value;
        else if (what == QLatin1String("scriptDirOptions"))
            s.scriptDirOptions = value;
        else if (what == QLatin1String("ip"))
            s.ipAddress = value;
        else if (what == QLatin1String("feature"))
            s.features = { value };
        else if (what == QLatin1String("ftpQuota"))
            s.ftpQuota = value;
        else if (what == QLatin1String("password"))
            s.password = value;
        else if (what == QLatin1String("webHost"))
            s.webHosts = { value };
        else if (what == QLatin1String("fileHost"))
            s.fileHost = value;
        else
            QFAIL("unknown column value");
        const int before = entryCount();
        const int work = processCount();
        const quint32 serialBefore = serial(Com);
        auto r = VhostOps::add(*m_s, s);
        QVERIFY(!r.ok());
        QCOMPARE(int(r.error().kind), int(OpError::Kind::Invalid));
        QCOMPARE(r.error().field, field);
        QVERIFY2(r.error().message.startsWith(field + QLatin1Char(':')), qPrintable(r.error().message));
        // The message says what is wrong beyond the field name.
        QVERIFY2(r.error().message.size() > field.size() + 20, qPrintable(r.error().message));
        if (!rule.isEmpty())
            QVERIFY2(r.error().message.contains(rule), qPrintable(r.error().message));
        if (what == QLatin1String("password"))
            QVERIFY(!r.error().message.contains(value));
        QCOMPARE(entryCount(), before);
        QCOMPARE(processCount(), work);
        QCOMPARE(serial(Com), serialBefore);
    }

    void internationalNamesAreStoredAsALabels()
    {
        VhostOps::VhostSpec s = spec(QStringLiteral("B\u00fccher"));
        s.aliases = { QStringLiteral("b\u00fccherei") };
        auto v = VhostOps::add(*m_s, s);
        QVERIFY2(v.ok(), qPrintable(v.error().toString()));
        QCOMPARE(v->name, QStringLiteral("xn--bcher-kva"));
        QCOMPARE(v->uid, QStringLiteral("xn--bcher-kva.example.com"));
        QCOMPARE(v->aliases, QStringList { QStringLiteral("xn--bcherei-n2a") });
        QCOMPARE(values(dnsName(Com, QStringLiteral("xn--bcherei-n2a")), QStringLiteral("cNAMERecord")),
            QStringList { QStringLiteral("xn--bcher-kva.example.com.") });
        // Found by either spelling.
        QVERIFY(VhostOps::show(*m_s, Com, QStringLiteral("b\u00fccher")).ok());
        QVERIFY(VhostOps::remove(*m_s, Com, QStringLiteral("b\u00fccher")).ok());
        QVERIFY(!exists(m_s->dit().dnsName(Com, QStringLiteral("xn--bcherei-n2a"))));
    }

    void removeDeletesEverythingAndOnlyTheRecordsItImplied()
    {
        VhostOps::VhostSpec s = spec(QStringLiteral("blog"));
        s.aliases = { QStringLiteral("journal"), QStringLiteral("blog.elsewhere.test") };
        auto v = VhostOps::add(*m_s, s);
        QVERIFY2(v.ok(), qPrintable(v.error().toString()));
        QVERIFY(VhostOps::addRedirect(*m_s, Com, QStringLiteral("blog"), QStringLiteral("/feed"),
            QStringLiteral("https://feeds.example.com/blog"))
                    .ok());
        QVERIFY(VhostOps::addProtection(
            *m_s, Com, QStringLiteral("blog"), QStringLiteral("/admin"), { QStringLiteral("john") })
                    .ok());
        // An admin types records at the website's name.
        QVERIFY(DnsOps::addRecord(*m_s, Com,
            DnsRecord { QStringLiteral("blog"), DnsRecordType::Txt, QStringLiteral("typed by an admin"), std::nullopt })
                    .ok());
        QVERIFY(DnsOps::addRecord(*m_s, Com,
            DnsRecord { QStringLiteral("blog"), DnsRecordType::A, QStringLiteral("192.0.2.99"), std::nullopt })
                    .ok());

        const LdapDn dn = vhostDn(Com, QStringLiteral("blog"));
        const QString uuid = uuidOf(dn);
        const quint32 before = serial(Com);
        const int updates = zoneUpdates(Com);
        QVERIFY(VhostOps::remove(*m_s, Com, QStringLiteral("blog")).ok());

        // Nothing of it is left below its DN.
        auto below = m_s->find(dn, LdapFilter(), { QStringLiteral("1.1") });
        QVERIFY(!below.ok() || below->isEmpty());
        QVERIFY(!exists(dn));
        // Its CNAME is gone; at its name only what the admin typed is left, unclaimed.
        QVERIFY(!exists(m_s->dit().dnsName(Com, QStringLiteral("journal"))));
        auto name = dnsName(Com, QStringLiteral("blog"));
        QVERIFY(name);
        QCOMPARE(values(name, QStringLiteral("aRecord")), QStringList { QStringLiteral("192.0.2.99") });
        QCOMPARE(values(name, QStringLiteral("tXTRecord")).size(), 1);
        QVERIFY(values(name, QStringLiteral("ispmanDnsOwner")).isEmpty());
        QVERIFY(!name->hasObjectClass(QStringLiteral("ispmanDnsOwnership")));
        auto claims = m_s->find(m_s->dit().dns(),
            LdapFilter::endsWith(QStringLiteral("ispmanDnsOwner"), QLatin1Char(' ') + uuid), { QStringLiteral("1.1") });
        QVERIFY(claims.ok() && claims->isEmpty());
        QVERIFY(serial(Com) > before);
        QCOMPARE(zoneUpdates(Com), updates + 1);

        // The hosts' clean-up work.
        const QList<LdapEntry> conf = processEntries(dn, QStringLiteral("DeleteVirtualHost"));
        QCOMPARE(conf.size(), 1);
        QCOMPARE(conf.first().text(QStringLiteral("ispmanHostName")), Web1);
        QCOMPARE(processParam(conf.first(), QStringLiteral("ispmanVhostName")), QStringLiteral("blog"));
        QCOMPARE(processParam(conf.first(), QStringLiteral("serverName")), QStringLiteral("blog.example.com"));
        const QList<LdapEntry> dirs = processEntries(dn, QStringLiteral("DeleteVirtualHostDirectories"));
        QCOMPARE(dirs.size(), 1);
        QCOMPARE(dirs.first().text(QStringLiteral("ispmanHostName")), Web1);
        QCOMPARE(processParam(dirs.first(), QStringLiteral("homeDirectory")),
            QStringLiteral("/var/www/example.com/vhosts/blog"));
        QCOMPARE(dirs.first().text(QStringLiteral("ispmanProcessPriority")), QStringLiteral("21"));
        QCOMPARE(int(VhostOps::remove(*m_s, Com, QStringLiteral("blog")).error().kind), int(OpError::Kind::NotFound));

        // The admin's A record is in the way of a new site of that name; its aliases are free.
        const int entries = entryCount();
        auto again = VhostOps::add(*m_s, s);
        QCOMPARE(int(again.error().kind), int(OpError::Kind::Conflict));
        QVERIFY2(again.error().message.contains(QStringLiteral("192.0.2.99")), qPrintable(again.error().message));
        QCOMPARE(entryCount(), entries);
        s.name = QStringLiteral("diary");
        auto diary = VhostOps::add(*m_s, s);
        QVERIFY2(diary.ok(), qPrintable(diary.error().toString()));
        QCOMPARE(diary->aliases, (QStringList { QStringLiteral("blog.elsewhere.test"), QStringLiteral("journal") }));
        QVERIFY(VhostOps::remove(*m_s, Com, QStringLiteral("diary")).ok());

        // The sample's www, whose A record an admin typed: the record stays.
        QVERIFY(VhostOps::remove(*m_s, Com, QStringLiteral("www")).ok());
        QCOMPARE(values(dnsName(Com, QStringLiteral("www")), QStringLiteral("aRecord")),
            QStringList { QStringLiteral("192.0.2.30") });
    }

    void sharedRecordStaysWhileClaimed()
    {
        // Two sites at one name ("news" and "news:8080") claim the same A record; it goes with
        // the last of them.
        QVERIFY(VhostOps::add(*m_s, spec(QStringLiteral("news"))).ok());
        QVERIFY(VhostOps::add(*m_s, spec(QStringLiteral("news:8080"))).ok());
        QCOMPARE(values(dnsName(Com, QStringLiteral("news")), QStringLiteral("ispmanDnsOwner")).size(), 2);
        QVERIFY(VhostOps::remove(*m_s, Com, QStringLiteral("news")).ok());
        auto name = dnsName(Com, QStringLiteral("news"));
        QCOMPARE(values(name, QStringLiteral("aRecord")), QStringList { QStringLiteral("192.0.2.30") });
        QCOMPARE(values(name, QStringLiteral("ispmanDnsOwner")),
            QStringList { QStringLiteral("A 192.0.2.30 ") + uuidOf(vhostDn(Com, QStringLiteral("news:8080"))) });
        QVERIFY(VhostOps::remove(*m_s, Com, QStringLiteral("news:8080")).ok());
        QVERIFY(!exists(m_s->dit().dnsName(Com, QStringLiteral("news"))));
    }
};

QTEST_GUILESS_MAIN(TestVhostOps)
#include "tst_vhostops.moc"
