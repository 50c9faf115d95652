// Domain operations against a real slapd with the sample data (hosts in their groups, two
// domains with users, a replica): every type, the entries and processes they write, every input
// rule with hostile values leaving nothing behind, limits, edit/lock/suspend/password, and
// deletion with its clean-up work.
#include "core/ops/domainops.h"
#include "core/ops/permissions.h"
#include "core/ops/processqueue.h"
#include "core/ops/serviceops.h"
#include "tests/support/testdirectory.h"

#include <QSet>
#include <QThread>

#include <atomic>
#include <QTest>

Q_DECLARE_METATYPE(Isp::Core::DomainOps::DomainSpec)

using namespace Isp::Core;
using Isp::Test::TestDirectory;

class TestDomainOps : public QObject
{
    Q_OBJECT

private:
    TestDirectory m_dir;
    std::unique_ptr<DirectorySession> m_s;

    // process name -> hosts, for the processes about `domain` written so far.
    QMultiHash<QString, QString> processes(const QString &domain)
    {
        QMultiHash<QString, QString> out;
        auto found = m_s->find(m_s->dit().processes(), LdapFilter::equals(QStringLiteral("ispmanDomain"), domain));
        if (found.ok()) {
            for (const LdapEntry &p : std::as_const(*found))
                out.insert(p.text(QStringLiteral("ispmanProcess")), p.text(QStringLiteral("ispmanHostName")));
        }
        return out;
    }
    int entryCount()
    {
        auto all = m_s->find(m_s->dit().base(), LdapFilter(), {QStringLiteral("1.1")});
        return all.ok() ? int(all->size()) : -1;
    }

private Q_SLOTS:
    void initTestCase()
    {
        ISP_START_DIRECTORY(m_dir, true);
        m_s = std::make_unique<DirectorySession>(m_dir->adminSettings(), Dit(m_dir->base()));
    }

    void addPrimary()
    {
        DomainOps::DomainSpec spec;
        spec.name = QStringLiteral("Bücher.Example");
        spec.owner = QStringLiteral("Jürgen Müller");
        spec.comment = QStringLiteral("bookshop");
        auto r = DomainOps::add(*m_s, spec);
        QVERIFY2(r.ok(), qPrintable(r.error().toString()));
        const Domain &d = r->domain;
        QCOMPARE(d.name, QStringLiteral("xn--bcher-kva.example"));
        QCOMPARE(d.type, Domain::Type::Primary);
        QCOMPARE(d.services, (QStringList{QStringLiteral("mail"), QStringLiteral("web")})); // catalogue defaults
        QVERIFY(d.uidNumber >= 10000 && d.gidNumber >= 10000);
        QVERIFY(d.uidNumber > 10007); // the sample's numbers are skipped
        QCOMPARE(d.homeDirectory, QStringLiteral("/var/www/xn--bcher-kva.example"));
        QCOMPARE(d.maxAccounts, -1);
        // Branches, POSIX group and zone.
        for (const char *ou : {"users", "httpdata", "httpusers", "ispmanMailGroup", "databases"})
            QVERIFY2(m_s->read(m_s->dit().domain(d.name).child(QStringLiteral("ou"), QLatin1String(ou)))->has_value(), ou);
        auto group = m_s->read(m_s->dit().domain(d.name).child(QStringLiteral("cn"), d.name));
        QCOMPARE((*group)->text(QStringLiteral("gidNumber")).toLongLong(), d.gidNumber);
        auto zone = m_s->read(m_s->dit().zone(d.name));
        QVERIFY2(zone->has_value(), "no zone");
        QVERIFY(!(*zone)->text(QStringLiteral("sOARecord")).isEmpty());
        // Work: directories on the file server group, the zone on the DNS group.
        const auto work = processes(d.name);
        QCOMPARE(work.values(QStringLiteral("createDomainDirectories")), QStringList{QStringLiteral("web1.example.net")});
        QCOMPARE(work.values(QStringLiteral("modifyDomain")), QStringList{QStringLiteral("ns1.example.net")});
        QCOMPARE(work.size(), 2);
        // Again: conflict.
        QCOMPARE(int(DomainOps::add(*m_s, spec).error().kind), int(OpError::Kind::Conflict));
    }

    void addOtherTypes()
    {
        DomainOps::DomainSpec slave;
        slave.name = QStringLiteral("slave.example");
        slave.type = QStringLiteral("slave");
        auto noMasters = DomainOps::add(*m_s, slave);
        QCOMPARE(noMasters.error().field, QStringLiteral("masters"));
        slave.dnsMasters = {QStringLiteral("192.0.2.53"), QStringLiteral("2001:DB8::53")};
        slave.dnsHosts = {QStringLiteral("ns1.example.net")};
        auto s = DomainOps::add(*m_s, slave);
        QVERIFY2(s.ok(), qPrintable(s.error().toString()));
        QCOMPARE(s->domain.dnsMasters, (QStringList{QStringLiteral("192.0.2.53"), QStringLiteral("2001:db8::53")}));
        QVERIFY(!m_s->read(m_s->dit().zone(QStringLiteral("slave.example")))->has_value()); // no zone here
        QCOMPARE(processes(QStringLiteral("slave.example")).values(QStringLiteral("modifyDomain")), QStringList{QStringLiteral("ns1.example.net")});

        DomainOps::DomainSpec nodns;
        nodns.name = QStringLiteral("nodns.example");
        nodns.type = QStringLiteral("nodns");
        QVERIFY(DomainOps::add(*m_s, nodns).ok());
        QVERIFY(!processes(QStringLiteral("nodns.example")).contains(QStringLiteral("modifyDomain")));

        DomainOps::DomainSpec replica;
        replica.name = QStringLiteral("buecher.example");
        replica.type = QStringLiteral("replica");
        replica.replicaMaster = QStringLiteral("bücher.example");
        auto rep = DomainOps::add(*m_s, replica);
        QVERIFY2(rep.ok(), qPrintable(rep.error().toString()));
        QCOMPARE(rep->domain.replicaMaster, QStringLiteral("xn--bcher-kva.example"));
        QVERIFY(!m_s->read(m_s->dit().users(QStringLiteral("buecher.example")))->has_value()); // no branches
        auto master = DomainOps::show(*m_s, QStringLiteral("xn--bcher-kva.example"));
        QCOMPARE(master->replicas, QStringList{QStringLiteral("buecher.example")});

        replica.name = QStringLiteral("buecher2.example");
        replica.replicaMaster = QStringLiteral("buecher.example");
        QCOMPARE(DomainOps::add(*m_s, replica).error().field, QStringLiteral("master"));
        replica.replicaMaster = QStringLiteral("ghost.example");
        QCOMPARE(int(DomainOps::add(*m_s, replica).error().kind), int(OpError::Kind::NotFound));
    }

    void refusedInputWritesNothing_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<DomainOps::DomainSpec>("spec");
        auto base = [] {
            DomainOps::DomainSpec s;
            s.name = QStringLiteral("refused.example");
            return s;
        };
        DomainOps::DomainSpec s = base();
        s.name = QStringLiteral("*)(ispmanDomain=*");
        QTest::newRow("filter injection in name") << QStringLiteral("domain") << s;
        s = base();
        s.name = QStringLiteral("x,ou=admins.example");
        QTest::newRow("DN injection in name") << QStringLiteral("domain") << s;
        s = base();
        s.name = QStringLiteral("../etc");
        QTest::newRow("path in name") << QStringLiteral("domain") << s;
        s = base();
        s.name = QStringLiteral("localhost");
        QTest::newRow("single label") << QStringLiteral("domain") << s;
        s = base();
        s.type = QStringLiteral("master");
        QTest::newRow("unknown type") << QStringLiteral("type") << s;
        s = base();
        s.owner = QStringLiteral("line\nbreak");
        QTest::newRow("newline in owner") << QStringLiteral("owner") << s;
        s = base();
        s.comment = QString(1025, QLatin1Char('c'));
        QTest::newRow("overlong comment") << QStringLiteral("comment") << s;
        s = base();
        s.services = {QStringLiteral("mail"), QStringLiteral("teleport")};
        QTest::newRow("unknown service") << QStringLiteral("services") << s;
        s = base();
        s.mailDropHost = QStringLiteral("ghost.example.net");
        QTest::newRow("unknown mail host") << QStringLiteral("") << s;
        s = base();
        s.webHosts = {QStringLiteral("web 1")};
        QTest::newRow("bad web host") << QStringLiteral("web-host") << s;
        s = base();
        s.maxAccounts = QStringLiteral("lots");
        QTest::newRow("limit not a number") << QStringLiteral("max-accounts") << s;
        s = base();
        s.maxVhosts = QStringLiteral("-5");
        QTest::newRow("negative limit") << QStringLiteral("max-vhosts") << s;
        s = base();
        s.mailDelivery = QStringLiteral("pigeon");
        QTest::newRow("unknown delivery") << QStringLiteral("delivery") << s;
        s = base();
        s.dnsMasters = {QStringLiteral("192.0.2.1")};
        QTest::newRow("masters on a primary") << QStringLiteral("masters") << s;
        s = base();
        s.clientId = QStringLiteral("1 OR 1=1");
        QTest::newRow("client id injection") << QStringLiteral("client") << s;
        s = base();
        s.password = QStringLiteral("short");
        QTest::newRow("weak password") << QStringLiteral("password") << s;
    }

    void refusedInputWritesNothing()
    {
        QFETCH(QString, field);
        QFETCH(DomainOps::DomainSpec, spec);
        const int before = entryCount();
        auto r = DomainOps::add(*m_s, spec);
        QVERIFY(!r.ok());
        if (!field.isEmpty()) {
            QCOMPARE(r.error().field, field);
            QVERIFY2(r.error().message.startsWith(field + QLatin1Char(':')), qPrintable(r.error().message));
        }
        QCOMPARE(entryCount(), before);
    }

    void clientAndItsLimit()
    {
        DomainOps::DomainSpec spec;
        spec.name = QStringLiteral("client-one.example");
        spec.clientId = QStringLiteral("1");
        auto r = DomainOps::add(*m_s, spec);
        QVERIFY2(r.ok(), qPrintable(r.error().toString()));
        QCOMPARE(r->domain.clientId, 1);
        QCOMPARE(r->domain.resellerId, 1);
        auto client = m_s->find(m_s->dit().tenants(), LdapFilter::equals(QStringLiteral("ispmanClientId"), QStringLiteral("1")));
        const LdapDn clientDn = client->first().dn();
        auto mine = DomainOps::list(*m_s, {}, QStringLiteral("1"));
        QVERIFY(m_s->modify(clientDn, {LdapModification::replace(QStringLiteral("ispmanClientMaxDomains"), QString::number(mine->size()))}).ok());
        spec.name = QStringLiteral("client-two.example");
        const int before = entryCount();
        QCOMPARE(int(DomainOps::add(*m_s, spec).error().kind), int(OpError::Kind::LimitReached));
        QCOMPARE(entryCount(), before);
        spec.clientId = QStringLiteral("999");
        QCOMPARE(int(DomainOps::add(*m_s, spec).error().kind), int(OpError::Kind::NotFound));
    }

    void concurrentAddsRespectTheClientLimit()
    {
        auto client = m_s->find(m_s->dit().tenants(), LdapFilter::equals(QStringLiteral("ispmanClientId"), QStringLiteral("1")));
        const LdapDn clientDn = client->first().dn();
        for (int round = 0; round < 3; ++round) {
            auto mine = DomainOps::list(*m_s, {}, QStringLiteral("1"));
            QVERIFY(m_s->modify(clientDn, {LdapModification::replace(QStringLiteral("ispmanClientMaxDomains"), QString::number(mine->size() + 1))}).ok());
            std::atomic<int> won{0}, limited{0};
            QList<QThread *> threads;
            for (int t = 0; t < 3; ++t) {
                threads << QThread::create([&, t] {
                    DirectorySession s(m_dir->adminSettings(), Dit(m_dir->base()));
                    DomainOps::DomainSpec spec;
                    spec.name = QStringLiteral("race%1-%2.example").arg(round).arg(t);
                    spec.clientId = QStringLiteral("1");
                    auto r = DomainOps::add(s, spec);
                    if (r.ok())
                        ++won;
                    else if (r.error().kind == OpError::Kind::LimitReached)
                        ++limited;
                });
                threads.last()->start();
            }
            for (QThread *t : std::as_const(threads)) {
                QVERIFY(t->wait(60000));
                delete t;
            }
            QCOMPARE(won.load(), 1);
            QCOMPARE(limited.load(), 2);
        }
    }

    void editLockSuspendPassword()
    {
        DomainOps::DomainChange c;
        c.owner = QStringLiteral("New Owner");
        c.maxAccounts = QStringLiteral("10");
        c.services = QStringList{QStringLiteral("mail")};
        c.webHosts = QStringList{QStringLiteral("web1.example.net")};
        auto r = DomainOps::edit(*m_s, QStringLiteral("nodns.example"), c);
        QVERIFY2(r.ok(), qPrintable(r.error().toString()));
        QCOMPARE(r->domain.owner, QStringLiteral("New Owner"));
        QCOMPARE(r->domain.maxAccounts, 10);
        QCOMPARE(r->domain.services, QStringList{QStringLiteral("mail")});
        QCOMPARE(r->domain.webHosts, QStringList{QStringLiteral("web1.example.net")});

        QVERIFY(DomainOps::setLocked(*m_s, QStringLiteral("nodns.example"), true)->domain.locked);
        auto refused = DomainOps::edit(*m_s, QStringLiteral("nodns.example"), c);
        QCOMPARE(int(refused.error().kind), int(OpError::Kind::NotAllowed));
        QCOMPARE(int(DomainOps::remove(*m_s, QStringLiteral("nodns.example")).error().kind), int(OpError::Kind::NotAllowed));
        QVERIFY(!DomainOps::setLocked(*m_s, QStringLiteral("nodns.example"), false)->domain.locked);

        auto suspended = DomainOps::setSuspended(*m_s, QStringLiteral("nodns.example"), true);
        QVERIFY(suspended->domain.suspended);
        QCOMPARE((*m_s->read(m_s->dit().domain(QStringLiteral("nodns.example"))))->text(QStringLiteral("FTPStatus")), QStringLiteral("disabled"));
        QVERIFY(!DomainOps::setSuspended(*m_s, QStringLiteral("nodns.example"), false)->domain.suspended);

        QVERIFY(DomainOps::setPassword(*m_s, QStringLiteral("nodns.example"), QStringLiteral("owner-secret-1")).ok());
        LdapConnectionSettings owner = m_dir->rootSettings();
        owner.bindDn = m_s->dit().domain(QStringLiteral("nodns.example")).toString();
        owner.password = "owner-secret-1";
        DirectorySession asOwner(owner, m_s->dit());
        QVERIFY2(asOwner.whoAmI().ok(), "the domain owner cannot bind with the new password");
        QCOMPARE(DomainOps::setPassword(*m_s, QStringLiteral("nodns.example"), QStringLiteral("nodns.example")).error().field,
                 QStringLiteral("password"));
    }

    void signatureRefused_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("rule");
        const QString ok = QStringLiteral("Fresh bread\n");
        QTest::newRow("NUL") << ok + QChar(0) + QStringLiteral("x") << QStringLiteral("control character");
        QTest::newRow("bell") << ok + QChar(7) << QStringLiteral("control character");
        QTest::newRow("escape sequence") << QStringLiteral("\x1b[31mred") << QStringLiteral("control character");
        QTest::newRow("vertical tab inside") << QStringLiteral("a\vb") << QStringLiteral("control character");
        QTest::newRow("bidi override") << QStringLiteral("abc\u202Edef") << QStringLiteral("invisible formatting");
        QTest::newRow("line separator") << QStringLiteral("a\u2028b") << QStringLiteral("control character");
        QTest::newRow("unpaired surrogate") << QStringLiteral("a") + QChar(0xd800) + QStringLiteral("b") << QStringLiteral("surrogate");
        QTest::newRow("replacement character") << QStringLiteral("caf\uFFFD") << QStringLiteral("U+FFFD");
        QTest::newRow("1025 characters") << QString(1025, QLatin1Char('x')) << QStringLiteral("at most 1024");
        QTest::newRow("10000 characters") << QString(10000, QLatin1Char('<')) << QStringLiteral("at most 1024");
    }

    void signature()
    {
        const QString domain = QStringLiteral("example.org");
        const auto stored = [&] {
            auto e = m_s->read(m_s->dit().domain(domain), {QStringLiteral("ispmanDomainSignature")});
            return e.ok() && e->has_value() ? (*e)->values(QStringLiteral("ispmanDomainSignature")) : QList<QByteArray>{"(unreadable)"};
        };
        // Several lines, tabs, any script; CR LF become LF; the "-- " separator keeps its space;
        // blank lines before and white space after are dropped.
        const QString typed = QStringLiteral("\r\n-- \r\nJürgen Müller\tBäckerei «Brot»\r\nΑθήνα · 東京 · <b>&amp;</b> \"'\r\n\r\n  ");
        const QString expected = QStringLiteral("-- \nJürgen Müller\tBäckerei «Brot»\nΑθήνα · 東京 · <b>&amp;</b> \"'");
        auto r = DomainOps::setSignature(*m_s, domain, typed);
        QVERIFY2(r.ok(), qPrintable(r.error().toString()));
        QCOMPARE(stored(), QList<QByteArray>{expected.toUtf8()});
        QCOMPARE(*DomainOps::signature(*m_s, domain), expected);
        // Exactly the bound, counted in characters (a character outside the BMP is one).
        const QString longest = QString(1022, QLatin1Char('x')) + QStringLiteral("\n") + QString::fromUcs4(U"\U0001F35E");
        QVERIFY2(DomainOps::setSignature(*m_s, domain, longest).ok(), "1,024 characters are allowed");
        QVERIFY(DomainOps::setSignature(*m_s, domain, expected).ok());

        // A locked domain keeps its signature; a domain that does not exist is not found.
        QVERIFY(DomainOps::setLocked(*m_s, domain, true).ok());
        QCOMPARE(int(DomainOps::setSignature(*m_s, domain, QStringLiteral("new")).error().kind), int(OpError::Kind::NotAllowed));
        QVERIFY(DomainOps::setLocked(*m_s, domain, false).ok());
        QCOMPARE(stored(), QList<QByteArray>{expected.toUtf8()});
        QCOMPARE(int(DomainOps::setSignature(*m_s, QStringLiteral("nowhere.example"), QStringLiteral("x")).error().kind), int(OpError::Kind::NotFound));
        QCOMPARE(DomainOps::setSignature(*m_s, QStringLiteral("bad name,ou=x"), QStringLiteral("x")).error().field, QStringLiteral("domain"));

        // The panel acting for example.org's owner may change its signature, not example.com's.
        QVERIFY(ServiceOps::setPassword(*m_s, QStringLiteral("panel"), QStringLiteral("panel-secret-1")).ok());
        LdapConnectionSettings settings = m_dir->rootSettings();
        settings.bindDn = m_s->dit().services().child(QStringLiteral("cn"), QStringLiteral("panel")).toString();
        settings.password = "panel-secret-1";
        DirectorySession panel(settings, m_s->dit());
        QVERIFY(Permissions::actAs(panel, m_s->dit().domain(domain)).ok());
        QVERIFY(DomainOps::setSignature(panel, domain, QStringLiteral("from the owner")).ok());
        QCOMPARE(stored(), QList<QByteArray>{"from the owner"});
        QCOMPARE(*DomainOps::signature(panel, domain), QStringLiteral("from the owner"));
        auto other = m_s->read(m_s->dit().domain(QStringLiteral("example.com")), {QStringLiteral("ispmanDomainSignature")});
        QVERIFY(other.ok() && other->has_value());
        const QList<QByteArray> before = (*other)->values(QStringLiteral("ispmanDomainSignature"));
        const auto foreign = DomainOps::setSignature(panel, QStringLiteral("example.com"), QStringLiteral("defaced"));
        QVERIFY(!foreign.ok());
        QVERIFY(foreign.error().kind == OpError::Kind::NotFound || foreign.error().kind == OpError::Kind::NotAllowed);
        QVERIFY(!DomainOps::signature(panel, QStringLiteral("example.com")).ok());
        QCOMPARE((*m_s->read(m_s->dit().domain(QStringLiteral("example.com")), {QStringLiteral("ispmanDomainSignature")}))->values(QStringLiteral("ispmanDomainSignature")), before);

        // Empty (or only white space) removes it.
        QVERIFY(DomainOps::setSignature(*m_s, domain, QStringLiteral(" \r\n\t ")).ok());
        QCOMPARE(stored(), QList<QByteArray>());
        QCOMPARE(*DomainOps::signature(*m_s, domain), QString());
        QVERIFY(DomainOps::setSignature(*m_s, domain, QString()).ok()); // removing what is not there
    }

    void signatureRefused()
    {
        // Refused values write nothing and name the field and the rule.
        const QString domain = QStringLiteral("example.org");
        QVERIFY(DomainOps::setSignature(*m_s, domain, QStringLiteral("kept")).ok());
        QFETCH(QString, text);
        QFETCH(QString, rule);
        auto refused = DomainOps::setSignature(*m_s, domain, text);
        QVERIFY(!refused.ok());
        QCOMPARE(int(refused.error().kind), int(OpError::Kind::Invalid));
        QCOMPARE(refused.error().field, QStringLiteral("signature"));
        QVERIFY2(refused.error().message.startsWith(QStringLiteral("signature: ")) && refused.error().message.contains(rule),
                 qPrintable(refused.error().message));
        QVERIFY2(!refused.error().message.contains(QChar(0)) && !refused.error().message.contains(QChar(0x1b)),
                 "the message shows control characters raw");
        QCOMPARE(*DomainOps::signature(*m_s, domain), QStringLiteral("kept"));
    }

    void domainChangesReachItsWebsites()
    {
        // example.com has the sample website www on web1: suspending the domain, and adding or
        // deleting a replica of it, each tell the web server to render the site again.
        const auto modifies = [this] { return processes(QStringLiteral("example.com")).values(QStringLiteral("ModifyVirtualHost")).size(); };
        const qsizetype before = modifies();
        auto suspended = DomainOps::setSuspended(*m_s, QStringLiteral("example.com"), true);
        QVERIFY2(suspended.ok(), qPrintable(suspended.error().message));
        QCOMPARE(modifies(), before + 1);
        QVERIFY(processes(QStringLiteral("example.com")).values(QStringLiteral("ModifyVirtualHost")).contains(QStringLiteral("web1.example.net")));
        QVERIFY(DomainOps::setSuspended(*m_s, QStringLiteral("example.com"), false).ok());
        QCOMPARE(modifies(), before + 2);
        DomainOps::DomainSpec replica;
        replica.name = QStringLiteral("mirror-of-example.test");
        replica.type = QStringLiteral("replica");
        replica.replicaMaster = QStringLiteral("example.com");
        QVERIFY(DomainOps::add(*m_s, replica).ok());
        QCOMPARE(modifies(), before + 3);
        QVERIFY(DomainOps::remove(*m_s, QStringLiteral("mirror-of-example.test")).ok());
        QCOMPARE(modifies(), before + 4);
    }

    void deleteQueuesCleanUp()
    {
        // The sample's example.com has a replica (example.net): refused until it goes.
        auto refused = DomainOps::remove(*m_s, QStringLiteral("example.com"));
        QCOMPARE(int(refused.error().kind), int(OpError::Kind::Conflict));
        QVERIFY(refused.error().message.contains(QLatin1String("example.net")));
        QVERIFY2(DomainOps::remove(*m_s, QStringLiteral("example.net")).ok(), "cannot delete the replica");
        auto r = DomainOps::remove(*m_s, QStringLiteral("example.com"));
        QVERIFY2(r.ok(), qPrintable(r.error().toString()));
        QVERIFY(!m_s->read(m_s->dit().domain(QStringLiteral("example.com")))->has_value());
        QVERIFY(!m_s->read(m_s->dit().zone(QStringLiteral("example.com")))->has_value());
        const auto work = processes(QStringLiteral("example.com"));
        QCOMPARE(work.count(QStringLiteral("deleteMailbox")), 2);           // john, jane on mail1
        QCOMPARE(work.count(QStringLiteral("deleteHomeDirectory")), 2);
        QCOMPARE(work.count(QStringLiteral("DeleteVirtualHost")), 1);
        QCOMPARE(work.count(QStringLiteral("deleteDomainDirectories")), 1);
        QVERIFY(work.contains(QStringLiteral("modifyDomain")));
        QCOMPARE(work.values(QStringLiteral("deleteMailbox")).first(), QStringLiteral("mail1.example.net"));
        // A delete process carries what the agent needs once the object is gone.
        auto mailbox = m_s->find(m_s->dit().processes(), LdapFilter::allOf({LdapFilter::equals(QStringLiteral("ispmanProcess"), QStringLiteral("deleteMailbox")),
                                                                            LdapFilter::equals(QStringLiteral("ispmanDomain"), QStringLiteral("example.com"))}));
        QSet<QString> boxes;
        for (const LdapEntry &p : std::as_const(*mailbox))
            for (const auto &[k, v] : decodeProcessParams(p.text(QStringLiteral("ispmanParams"))))
                if (k == QLatin1String("mailbox"))
                    boxes << v;
        QCOMPARE(boxes, (QSet<QString>{QStringLiteral("john@example.com"), QStringLiteral("jane@example.com")}));
        QCOMPARE(int(DomainOps::remove(*m_s, QStringLiteral("example.com")).error().kind), int(OpError::Kind::NotFound));
    }

    void listAndFilter()
    {
        auto all = DomainOps::list(*m_s);
        QVERIFY(all.ok());
        QStringList names;
        for (const Domain &d : std::as_const(*all))
            names << d.name;
        QVERIFY(names.contains(QStringLiteral("example.org")));
        QVERIFY(std::is_sorted(names.begin(), names.end()));
        auto slaves = DomainOps::list(*m_s, QStringLiteral("slave"));
        QCOMPARE(slaves->size(), 1);
        QCOMPARE(DomainOps::list(*m_s, QStringLiteral("bogus")).error().field, QStringLiteral("type"));
    }
};

QTEST_GUILESS_MAIN(TestDomainOps)
#include "tst_domainops.moc"
