// Reseller and client operations against a real slapd: add/show/list/edit/suspend/delete/move,
// hostile values in every field (refused, or stored literally where the field is free text),
// the max-clients limit (also under concurrent adds from several sessions), refusals that leave
// nothing behind, and passwords that slapd hashes and that work for a bind.
#include "core/ops/hostops.h"
#include "core/ops/tenantops.h"
#include "tests/support/testdirectory.h"

#include <QSet>
#include <QTest>
#include <QThread>

#include <latch>
#include <mutex>

using namespace Isp::Core;
using namespace Isp::Core::TenantOps;
using Isp::Test::TestDirectory;

class TestTenantOps : public QObject
{
    Q_OBJECT

private:
    TestDirectory m_dir;
    std::unique_ptr<DirectorySession> m_s;

    int entriesBelowTenants()
    {
        auto found = m_s->find(m_s->dit().tenants(), LdapFilter(), { QStringLiteral("1.1") });
        return found.ok() ? int(found->size()) : -1;
    }

    qint64 newReseller(const QString &name, const QString &maxClients = QString())
    {
        ResellerSpec spec;
        spec.name = name;
        spec.maxClients = maxClients;
        auto r = addReseller(*m_s, spec);
        if (!r.ok()) {
            qWarning() << r.error().message;
            return -1;
        }
        return r->id;
    }

    qint64 newClient(qint64 reseller, const QString &name)
    {
        ClientSpec spec;
        spec.resellerId = reseller;
        spec.name = name;
        auto c = addClient(*m_s, spec);
        if (!c.ok()) {
            qWarning() << c.error().message;
            return -1;
        }
        return c->id;
    }

    // A domain entry owned by a client (domains are written directly: they are another module).
    bool addDomain(const QString &name, qint64 reseller, qint64 client)
    {
        LdapEntry d(m_s->dit().domain(name));
        d.setTexts(QStringLiteral("objectClass"), { QStringLiteral("ispmanBranch"), QStringLiteral("ispmanDomain") });
        d.setText(QStringLiteral("ispmanDomain"), name);
        d.setText(QStringLiteral("ispmanResellerId"), QString::number(reseller));
        d.setText(QStringLiteral("ispmanClientId"), QString::number(client));
        return m_s->add(d).ok();
    }

    bool canBind(const LdapDn &dn, const QByteArray &password)
    {
        LdapConnectionSettings st = m_dir->adminSettings();
        st.bindDn = dn.toString();
        st.password = password;
        st.autoReconnect = false;
        DirectorySession s(st, Dit(m_dir->base()));
        return s.whoAmI().ok();
    }

    QByteArray storedPassword(const LdapDn &dn)
    {
        auto e = m_s->read(dn, { QStringLiteral("userPassword") });
        return e.ok() && e->has_value() ? (*e)->value(QStringLiteral("userPassword")) : QByteArray();
    }

private Q_SLOTS:
    void initTestCase()
    {
        ISP_START_DIRECTORY(m_dir);
        m_s = std::make_unique<DirectorySession>(m_dir->adminSettings(), Dit(m_dir->base()));
        QVERIFY(HostOps::add(*m_s, { QStringLiteral("mail1.example.net"), {}, {}, {}, {} }).ok());
        QVERIFY(HostOps::add(*m_s, { QStringLiteral("web1.example.net"), {}, {}, {}, {} }).ok());
        QVERIFY(HostOps::add(*m_s, { QStringLiteral("ns1.example.net"), {}, {}, {}, {} }).ok());
    }

    void addShowListReseller()
    {
        ResellerSpec spec;
        spec.name = QStringLiteral("  Zürich Hosting AG ");
        spec.contact.givenName = QStringLiteral("Rita");
        spec.contact.sn = QStringLiteral("Reseller");
        spec.contact.cn = QStringLiteral("Rita Reseller");
        spec.contact.mail = QStringLiteral("rita@example.org");
        spec.contact.telephone = QStringLiteral("+41 44 668 18 00");
        spec.contact.street = QStringLiteral("Bahnhofstrasse 1");
        spec.contact.postalCode = QStringLiteral("8001");
        spec.contact.locality = QStringLiteral("Zürich");
        spec.contact.country = QStringLiteral("ch");
        spec.login = QStringLiteral("Rita.Reseller");
        spec.password = QStringLiteral("correct horse battery");
        auto r = addReseller(*m_s, spec);
        QVERIFY2(r.ok(), qPrintable(r.error().message));
        QVERIFY(r->id > 0);
        QCOMPARE(r->name, QStringLiteral("Zürich Hosting AG"));
        QCOMPARE(r->login, QStringLiteral("rita.reseller"));
        QCOMPARE(r->contact.country, QStringLiteral("CH"));
        QCOMPARE(r->contact.locality, QStringLiteral("Zürich"));
        QCOMPARE(r->maxClients, qint64(5));
        QCOMPARE(r->status, TenantStatus::Active);
        QVERIFY(r->created.isValid());
        QCOMPARE(r->clientCount, 0);

        // The password was hashed by slapd, and works.
        const LdapDn dn = m_s->dit().reseller(r->id);
        QVERIFY2(storedPassword(dn).startsWith("{ARGON2}"), storedPassword(dn).left(10).constData());
        QVERIFY(canBind(dn, "correct horse battery"));
        QVERIFY(!canBind(dn, "wrong horse battery"));
        QVERIFY(r->passwordChanged.isValid());

        // Ids come from the counter; a second reseller gets the next one.
        const qint64 second = newReseller(QStringLiteral("Second Reseller"), QStringLiteral("-1"));
        QCOMPARE(second, r->id + 1);
        auto counter = m_s->read(m_s->dit().counter(QStringLiteral("resellercounter")), { QStringLiteral("currid") });
        QCOMPARE((*counter)->text(QStringLiteral("currid")).toLongLong(), second);

        auto list = listResellers(*m_s);
        QVERIFY(list.ok());
        QCOMPARE(list->size(), 2);
        QCOMPARE(list->at(0).id, r->id);
        QCOMPARE(list->at(1).maxClients, qint64(-1));
        // No password hash travels with listed entries.
        auto shown = showReseller(*m_s, r->id);
        QVERIFY(shown.ok());
        QCOMPARE(shown->contact, r->contact);
    }

    void hostileResellerInputRefused_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("value");
        const QString nul = QStringLiteral("a") + QChar(0) + QStringLiteral("b");
        const QString badUtf8 = QString::fromUtf8("caf\xe9 \xff");
        for (const char *f : { "name", "cn", "sn", "given-name", "street", "postal-code", "city" }) {
            const QString field = QLatin1String(f);
            QTest::addRow("%s: NUL", f) << field << nul;
            QTest::addRow("%s: newline", f) << field << QStringLiteral("a\nb");
            QTest::addRow("%s: bad UTF-8", f) << field << badUtf8;
            QTest::addRow("%s: overlong", f) << field << QString(300, QLatin1Char('x'));
            QTest::addRow("%s: bidi override", f) << field << QStringLiteral("abc\u202Edef");
        }
        for (const char *f : { "login", "mail", "phone", "country", "max-clients" }) {
            const QString field = QLatin1String(f);
            QTest::addRow("%s: filter injection", f) << field << QStringLiteral("*)(uid=*");
            QTest::addRow("%s: DN injection", f) << field << QStringLiteral("a,ou=x");
            QTest::addRow("%s: NUL", f) << field << nul;
            QTest::addRow("%s: newline", f) << field << QStringLiteral("a\nb");
            QTest::addRow("%s: bad UTF-8", f) << field << badUtf8;
            QTest::addRow("%s: overlong", f) << field << QString(300, QLatin1Char('7'));
        }
        QTest::newRow("max-clients: negative") << QStringLiteral("max-clients") << QStringLiteral("-2");
        QTest::newRow("max-clients: hex") << QStringLiteral("max-clients") << QStringLiteral("0x10");
        QTest::newRow("login: starts with dot") << QStringLiteral("login") << QStringLiteral(".rita");
        QTest::newRow("login: non-ASCII") << QStringLiteral("login") << QStringLiteral("rïta");
        QTest::newRow("password: too short") << QStringLiteral("password") << QStringLiteral("short");
        QTest::newRow("password: same as login") << QStringLiteral("password") << QStringLiteral("newlogin1");
        QTest::newRow("password: NUL") << QStringLiteral("password") << (QStringLiteral("longenough") + QChar(0));
        QTest::newRow("password: bad UTF-8") << QStringLiteral("password") << QString::fromUtf8("longenough\xff");
    }

    void hostileResellerInputRefused()
    {
        QFETCH(QString, field);
        QFETCH(QString, value);
        ResellerSpec spec;
        spec.name = QStringLiteral("Hostile Reseller");
        spec.login = QStringLiteral("newlogin1");
        QMap<QString, QString *> fields { { QStringLiteral("name"), &spec.name },
            { QStringLiteral("cn"), &spec.contact.cn }, { QStringLiteral("sn"), &spec.contact.sn },
            { QStringLiteral("given-name"), &spec.contact.givenName }, { QStringLiteral("mail"), &spec.contact.mail },
            { QStringLiteral("phone"), &spec.contact.telephone }, { QStringLiteral("street"), &spec.contact.street },
            { QStringLiteral("postal-code"), &spec.contact.postalCode },
            { QStringLiteral("city"), &spec.contact.locality }, { QStringLiteral("country"), &spec.contact.country },
            { QStringLiteral("max-clients"), &spec.maxClients }, { QStringLiteral("login"), &spec.login },
            { QStringLiteral("password"), &spec.password } };
        *fields.value(field) = value;
        const int before = entriesBelowTenants();
        auto counterBefore
            = m_s->read(m_s->dit().counter(QStringLiteral("resellercounter")), { QStringLiteral("currid") });
        auto r = addReseller(*m_s, spec);
        QVERIFY2(!r.ok(), "hostile input was accepted");
        QCOMPARE(int(r.error().kind), int(OpError::Kind::Invalid));
        QCOMPARE(r.error().field, field);
        QVERIFY2(r.error().message.startsWith(field + QLatin1Char(':')), qPrintable(r.error().message));
        QVERIFY2(!r.error().message.contains(QChar(0)) && !r.error().message.contains(QLatin1Char('\n')),
            qPrintable(r.error().message));
        QCOMPARE(entriesBelowTenants(), before);
        // Refused before an id was taken.
        auto counterAfter
            = m_s->read(m_s->dit().counter(QStringLiteral("resellercounter")), { QStringLiteral("currid") });
        QCOMPARE((*counterAfter)->text(QStringLiteral("currid")), (*counterBefore)->text(QStringLiteral("currid")));
    }

    void injectionInFreeTextIsStoredLiterally()
    {
        // Free text may contain LDAP syntax characters: they are data, never filter or DN syntax.
        ResellerSpec spec;
        spec.name = QStringLiteral("*)(uid=*");
        spec.contact.cn = QStringLiteral("a,ou=x");
        spec.contact.street = QStringLiteral("\\2a)(objectClass=*");
        auto r = addReseller(*m_s, spec);
        QVERIFY2(r.ok(), qPrintable(r.error().message));
        QCOMPARE(r->name, QStringLiteral("*)(uid=*"));
        QCOMPARE(r->contact.cn, QStringLiteral("a,ou=x"));
        QCOMPARE(r->contact.sn, QStringLiteral("a,ou=x"));
        QCOMPARE(m_s->dit().reseller(r->id).depth(), m_s->dit().tenants().depth() + 1);
        auto found = m_s->find(
            m_s->dit().tenants(), LdapFilter::equals(QStringLiteral("ispmanResellerName"), QStringLiteral("*)(uid=*")));
        QCOMPARE(found->size(), 1);
        QVERIFY(removeReseller(*m_s, r->id).ok());
    }

    void loginsAreUnique()
    {
        ResellerSpec spec;
        spec.name = QStringLiteral("Copycat");
        spec.login = QStringLiteral("RITA.reseller");
        auto r = addReseller(*m_s, spec);
        QCOMPARE(int(r.error().kind), int(OpError::Kind::Conflict));
        QCOMPARE(r.error().field, QStringLiteral("login"));
        ClientSpec c;
        c.resellerId = 1;
        c.name = QStringLiteral("Copycat client");
        c.login = QStringLiteral("rita.reseller");
        QCOMPARE(addClient(*m_s, c).error().field, QStringLiteral("login"));
        QVERIFY(showReseller(*m_s, 1)->clients.isEmpty());
    }

    void clientAddShowAndLimit()
    {
        const qint64 reseller = newReseller(QStringLiteral("Small Reseller"), QStringLiteral("2"));
        QVERIFY(reseller > 0);
        ClientSpec spec;
        spec.resellerId = reseller;
        spec.name = QStringLiteral("Carl's Bakery");
        spec.contact.mail = QStringLiteral("carl@example.com");
        spec.maxDomains = QStringLiteral("3");
        spec.hosts.mailDrop = QStringLiteral("MAIL1.example.net");
        spec.hosts.web = { QStringLiteral("web1.example.net") };
        spec.hosts.dns = { QStringLiteral("ns1.example.net") };
        spec.login = QStringLiteral("carl");
        spec.password = QStringLiteral("bread and butter");
        auto c = addClient(*m_s, spec);
        QVERIFY2(c.ok(), qPrintable(c.error().message));
        QCOMPARE(c->resellerId, reseller);
        QCOMPARE(c->resellerName, QStringLiteral("Small Reseller"));
        QCOMPARE(c->maxDomains, qint64(3));
        QCOMPARE(c->hosts.mailDrop, QStringLiteral("mail1.example.net"));
        QCOMPARE(c->hosts.web, QStringList { QStringLiteral("web1.example.net") });
        QCOMPARE(c->contact.cn, QStringLiteral("Carl's Bakery"));
        const LdapDn dn = m_s->dit().client(reseller, c->id);
        QVERIFY(m_s->read(dn)->has_value());
        QVERIFY(storedPassword(dn).startsWith("{ARGON2}"));
        QVERIFY(canBind(dn, "bread and butter"));

        QVERIFY(addDomain(QStringLiteral("bakery.example"), reseller, c->id));
        auto shown = showClient(*m_s, c->id);
        QCOMPARE(shown->domains, QStringList { QStringLiteral("bakery.example") });

        QVERIFY(newClient(reseller, QStringLiteral("Second")) > 0);
        const int before = entriesBelowTenants();
        ClientSpec third;
        third.resellerId = reseller;
        third.name = QStringLiteral("Third");
        auto refused = addClient(*m_s, third);
        QCOMPARE(int(refused.error().kind), int(OpError::Kind::LimitReached));
        QVERIFY2(refused.error().message.contains(QLatin1String("2")), qPrintable(refused.error().message));
        QCOMPARE(entriesBelowTenants(), before);
        auto r = showReseller(*m_s, reseller);
        QCOMPARE(r->clientCount, 2);

        auto perReseller = listClients(*m_s, reseller);
        QCOMPARE(perReseller->size(), 2);
        auto all = listClients(*m_s);
        QVERIFY(all->size() >= 2);
        QCOMPARE(int(listClients(*m_s, 9999).error().kind), int(OpError::Kind::NotFound));
    }

    void hostileClientInputRefused_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("value");
        for (const char *f : { "mail-host", "web-host", "dns-host", "smtp-host", "file-server" }) {
            QTest::addRow("%s: filter injection", f) << QString(QLatin1String(f)) << QStringLiteral("*)(uid=*");
            QTest::addRow("%s: DN injection", f) << QString(QLatin1String(f)) << QStringLiteral("a,ou=x");
            QTest::addRow("%s: newline", f) << QString(QLatin1String(f)) << QStringLiteral("web1\nweb2");
            QTest::addRow("%s: NUL", f) << QString(QLatin1String(f)) << (QStringLiteral("web1") + QChar(0));
            QTest::addRow("%s: overlong", f) << QString(QLatin1String(f)) << QString(64, QLatin1Char('a'));
            QTest::addRow("%s: bad UTF-8", f) << QString(QLatin1String(f))
                                              << QString::fromUtf8("w\xff"
                                                                   "b");
        }
        QTest::newRow("max-domains: text") << QStringLiteral("max-domains") << QStringLiteral("five");
        QTest::newRow("max-domains: overflow")
            << QStringLiteral("max-domains") << QStringLiteral("99999999999999999999");
        QTest::newRow("name: empty") << QStringLiteral("name") << QString();
        QTest::newRow("name: NUL") << QStringLiteral("name") << (QStringLiteral("x") + QChar(0));
    }

    void hostileClientInputRefused()
    {
        QFETCH(QString, field);
        QFETCH(QString, value);
        ClientSpec spec;
        spec.resellerId = 2; // unlimited
        spec.name = QStringLiteral("Hostile Client");
        if (field == QLatin1String("mail-host"))
            spec.hosts.mailDrop = value;
        else if (field == QLatin1String("web-host"))
            spec.hosts.web = { value };
        else if (field == QLatin1String("dns-host"))
            spec.hosts.dns = { value };
        else if (field == QLatin1String("smtp-host"))
            spec.hosts.smtp = { value };
        else if (field == QLatin1String("file-server"))
            spec.hosts.fileServer = value;
        else if (field == QLatin1String("max-domains"))
            spec.maxDomains = value;
        else if (field == QLatin1String("name"))
            spec.name = value;
        const int before = entriesBelowTenants();
        auto r = addClient(*m_s, spec);
        QVERIFY(!r.ok());
        QCOMPARE(int(r.error().kind), int(OpError::Kind::Invalid));
        QCOMPARE(r.error().field, field);
        QVERIFY2(r.error().message.startsWith(field + QLatin1Char(':')), qPrintable(r.error().message));
        QCOMPARE(entriesBelowTenants(), before);
    }

    void unknownHostAndResellerRefused()
    {
        ClientSpec spec;
        spec.resellerId = 2;
        spec.name = QStringLiteral("Client");
        spec.hosts.smtp = { QStringLiteral("ghost.example.net") };
        auto r = addClient(*m_s, spec);
        QCOMPARE(int(r.error().kind), int(OpError::Kind::NotFound));
        QCOMPARE(r.error().field, QStringLiteral("smtp-host"));
        spec.hosts.smtp.clear();
        spec.resellerId = 4242;
        QCOMPARE(int(addClient(*m_s, spec).error().kind), int(OpError::Kind::NotFound));
        spec.resellerId = -3;
        QCOMPARE(int(addClient(*m_s, spec).error().kind), int(OpError::Kind::Invalid));
    }

    void suspendedResellerGetsNoClients()
    {
        const qint64 reseller = newReseller(QStringLiteral("Sleepy"));
        auto s = setResellerStatus(*m_s, reseller, TenantStatus::Suspended);
        QVERIFY(s.ok());
        QCOMPARE(s->status, TenantStatus::Suspended);
        ClientSpec spec;
        spec.resellerId = reseller;
        spec.name = QStringLiteral("Hopeful");
        const int before = entriesBelowTenants();
        auto refused = addClient(*m_s, spec);
        QCOMPARE(int(refused.error().kind), int(OpError::Kind::NotAllowed));
        QVERIFY(refused.error().message.contains(QLatin1String("suspended")));
        QCOMPARE(entriesBelowTenants(), before);
        QCOMPARE(setResellerStatus(*m_s, reseller, TenantStatus::Active)->status, TenantStatus::Active);
        QVERIFY(addClient(*m_s, spec).ok());

        // Clients are suspended and resumed on their own.
        const qint64 client = showReseller(*m_s, reseller)->clients.first().id;
        QCOMPARE(setClientStatus(*m_s, client, TenantStatus::Suspended)->status, TenantStatus::Suspended);
        auto raw = m_s->read(m_s->dit().client(reseller, client), { QStringLiteral("ispmanStatus") });
        QCOMPARE((*raw)->text(QStringLiteral("ispmanStatus")), QStringLiteral("suspended"));
        QCOMPARE(setClientStatus(*m_s, client, TenantStatus::Active)->status, TenantStatus::Active);
    }

    void editReseller()
    {
        const qint64 reseller = newReseller(QStringLiteral("Editable"), QStringLiteral("3"));
        const qint64 client = newClient(reseller, QStringLiteral("Dependent"));
        QVERIFY(newClient(reseller, QStringLiteral("Dependent 2")) > 0);
        QVERIFY(addDomain(QStringLiteral("dependent.example"), reseller, client));

        ResellerChange change;
        change.name = QStringLiteral("Edited Reseller");
        change.contact.mail = QStringLiteral("new@example.org");
        change.contact.telephone = QStringLiteral("+1 (555) 0100");
        change.login = QStringLiteral("edited");
        auto r = TenantOps::editReseller(*m_s, reseller, change);
        QVERIFY2(r.ok(), qPrintable(r.error().message));
        QCOMPARE(r->name, QStringLiteral("Edited Reseller"));
        QCOMPARE(r->contact.mail, QStringLiteral("new@example.org"));
        QCOMPARE(r->login, QStringLiteral("edited"));
        QCOMPARE(r->contact.cn, QStringLiteral("Editable")); // untouched
        // The copies of the name follow.
        QCOMPARE(showClient(*m_s, client)->resellerName, QStringLiteral("Edited Reseller"));
        auto domain = m_s->read(
            m_s->dit().domain(QStringLiteral("dependent.example")), { QStringLiteral("ispmanResellerName") });
        QCOMPARE((*domain)->text(QStringLiteral("ispmanResellerName")), QStringLiteral("Edited Reseller"));

        // Removing a field; refusing to remove a required one; a limit below the clients it has.
        ResellerChange remove;
        remove.contact.telephone = QString();
        QVERIFY(TenantOps::editReseller(*m_s, reseller, remove)->contact.telephone.isEmpty());
        ResellerChange noCn;
        noCn.contact.cn = QString();
        QCOMPARE(TenantOps::editReseller(*m_s, reseller, noCn).error().field, QStringLiteral("cn"));
        ResellerChange tooLow;
        tooLow.maxClients = QStringLiteral("1");
        tooLow.name = QStringLiteral("Must not be written");
        auto low = TenantOps::editReseller(*m_s, reseller, tooLow);
        QCOMPARE(int(low.error().kind), int(OpError::Kind::Conflict));
        QCOMPARE(low.error().field, QStringLiteral("max-clients"));
        QCOMPARE(showReseller(*m_s, reseller)->name, QStringLiteral("Edited Reseller"));
        ResellerChange bad;
        bad.contact.country = QStringLiteral("Switzerland");
        QCOMPARE(TenantOps::editReseller(*m_s, reseller, bad).error().field, QStringLiteral("country"));

        // Without a login there is no password any more either.
        QVERIFY(setResellerPassword(*m_s, reseller, QStringLiteral("a fine password")).ok());
        QVERIFY(canBind(m_s->dit().reseller(reseller), "a fine password"));
        ResellerChange logout;
        logout.login = QString();
        QVERIFY(TenantOps::editReseller(*m_s, reseller, logout)->login.isEmpty());
        QVERIFY(storedPassword(m_s->dit().reseller(reseller)).isEmpty());
        QVERIFY(!canBind(m_s->dit().reseller(reseller), "a fine password"));
        auto noLogin = setResellerPassword(*m_s, reseller, QStringLiteral("a fine password"));
        QCOMPARE(noLogin.error().field, QStringLiteral("login"));
    }

    void editClient()
    {
        const qint64 reseller = newReseller(QStringLiteral("Host Reseller"));
        const qint64 client = newClient(reseller, QStringLiteral("Editable Client"));
        QVERIFY(addDomain(QStringLiteral("one.example"), reseller, client));
        QVERIFY(addDomain(QStringLiteral("two.example"), reseller, client));
        ClientChange change;
        change.name = QStringLiteral("Renamed Client");
        change.maxDomains = QStringLiteral("2");
        change.hosts.web = QStringList { QStringLiteral("web1.example.net"), QStringLiteral("mail1.example.net") };
        change.hosts.smtp = QStringList { QStringLiteral("mail1.example.net") };
        change.hosts.fileServer = QStringLiteral("web1.example.net");
        auto c = TenantOps::editClient(*m_s, client, change);
        QVERIFY2(c.ok(), qPrintable(c.error().message));
        QCOMPARE(c->maxDomains, qint64(2));
        QCOMPARE(c->hosts.web.size(), 2);
        QCOMPARE(c->hosts.fileServer, QStringLiteral("web1.example.net"));
        auto domain
            = m_s->read(m_s->dit().domain(QStringLiteral("two.example")), { QStringLiteral("ispmanClientName") });
        QCOMPARE((*domain)->text(QStringLiteral("ispmanClientName")), QStringLiteral("Renamed Client"));

        ClientChange tooLow;
        tooLow.maxDomains = QStringLiteral("1");
        QCOMPARE(int(TenantOps::editClient(*m_s, client, tooLow).error().kind), int(OpError::Kind::Conflict));
        ClientChange ghost;
        ghost.hosts.dns = QStringList { QStringLiteral("ghost.example.net") };
        QCOMPARE(TenantOps::editClient(*m_s, client, ghost).error().field, QStringLiteral("dns-host"));
        ClientChange clear;
        clear.hosts.web = QStringList();
        clear.hosts.fileServer = QString();
        c = TenantOps::editClient(*m_s, client, clear);
        QVERIFY(c->hosts.web.isEmpty());
        QVERIFY(c->hosts.fileServer.isEmpty());
        QCOMPARE(c->hosts.smtp, QStringList { QStringLiteral("mail1.example.net") });
        QCOMPARE(int(TenantOps::editClient(*m_s, 99999, change).error().kind), int(OpError::Kind::NotFound));
    }

    void deleteRefusedWhileInUse()
    {
        const qint64 reseller = newReseller(QStringLiteral("Parent"));
        const qint64 client = newClient(reseller, QStringLiteral("Child"));
        QVERIFY(addDomain(QStringLiteral("child.example"), reseller, client));

        auto r = removeReseller(*m_s, reseller);
        QCOMPARE(int(r.error().kind), int(OpError::Kind::Conflict));
        QVERIFY2(r.error().message.contains(QString::number(client)), qPrintable(r.error().message));
        auto c = removeClient(*m_s, client);
        QCOMPARE(int(c.error().kind), int(OpError::Kind::Conflict));
        QVERIFY(c.error().message.contains(QLatin1String("child.example")));
        QVERIFY(showClient(*m_s, client).ok());

        // A domain that carries the reseller's id directly also keeps the reseller.
        QVERIFY(m_s->modify(m_s->dit().domain(QStringLiteral("child.example")),
                       { LdapModification::replace(QStringLiteral("ispmanClientId"), QStringLiteral("0")) })
                    .ok());
        QVERIFY(removeClient(*m_s, client).ok());
        QCOMPARE(int(showClient(*m_s, client).error().kind), int(OpError::Kind::NotFound));
        r = removeReseller(*m_s, reseller);
        QCOMPARE(int(r.error().kind), int(OpError::Kind::Conflict));
        QVERIFY(r.error().message.contains(QLatin1String("child.example")));
        QVERIFY(m_s->remove(m_s->dit().domain(QStringLiteral("child.example"))).ok());
        QVERIFY(removeReseller(*m_s, reseller).ok());
        QCOMPARE(int(showReseller(*m_s, reseller).error().kind), int(OpError::Kind::NotFound));
    }

    void moveClient()
    {
        const qint64 from = newReseller(QStringLiteral("From"));
        const qint64 to = newReseller(QStringLiteral("To"), QStringLiteral("1"));
        const qint64 client = newClient(from, QStringLiteral("Mover"));
        QVERIFY(addDomain(QStringLiteral("mover.example"), from, client));
        auto uuid = [&](const LdapDn &dn) {
            auto e = m_s->read(dn, { QStringLiteral("entryUUID") });
            return e.ok() && e->has_value() ? (*e)->value(QStringLiteral("entryUUID")) : QByteArray();
        };
        const QByteArray before = uuid(m_s->dit().client(from, client));
        QVERIFY(!before.isEmpty());

        auto moved = TenantOps::moveClient(*m_s, client, to);
        QVERIFY2(moved.ok(), qPrintable(moved.error().message));
        QCOMPARE(moved->resellerId, to);
        QCOMPARE(moved->resellerName, QStringLiteral("To"));
        QCOMPARE(uuid(m_s->dit().client(to, client)), before); // renamed, not re-created
        QVERIFY(!m_s->read(m_s->dit().client(from, client))->has_value());
        auto domain
            = m_s->read(m_s->dit().domain(QStringLiteral("mover.example")), { QStringLiteral("ispmanResellerId") });
        QCOMPARE((*domain)->text(QStringLiteral("ispmanResellerId")), QString::number(to));

        // "to" is full now; a move back to a suspended reseller is refused; nothing changes.
        const qint64 other = newClient(from, QStringLiteral("Other"));
        auto full = TenantOps::moveClient(*m_s, other, to);
        QCOMPARE(int(full.error().kind), int(OpError::Kind::LimitReached));
        QCOMPARE(full.error().field, QString());
        QCOMPARE(showClient(*m_s, other)->resellerId, from);
        QVERIFY(setResellerStatus(*m_s, from, TenantStatus::Suspended).ok());
        auto suspended = TenantOps::moveClient(*m_s, client, from);
        QCOMPARE(int(suspended.error().kind), int(OpError::Kind::NotAllowed));
        QCOMPARE(showClient(*m_s, client)->resellerId, to);
        QVERIFY(setResellerStatus(*m_s, from, TenantStatus::Active).ok());
        QCOMPARE(int(TenantOps::moveClient(*m_s, client, 77777).error().kind), int(OpError::Kind::NotFound));
        QVERIFY(TenantOps::moveClient(*m_s, client, from).ok());
        QCOMPARE(showReseller(*m_s, to)->clientCount, 0);
        QVERIFY(m_s->remove(m_s->dit().domain(QStringLiteral("mover.example"))).ok());
    }

    void clientPasswords()
    {
        const qint64 reseller = newReseller(QStringLiteral("Password Reseller"));
        ClientSpec spec;
        spec.resellerId = reseller;
        spec.name = QStringLiteral("No Login Yet");
        auto c = addClient(*m_s, spec);
        QVERIFY(c.ok());
        QCOMPARE(
            setClientPassword(*m_s, c->id, QStringLiteral("long enough pw")).error().field, QStringLiteral("login"));
        ClientChange login;
        login.login = QStringLiteral("latecomer");
        QVERIFY(TenantOps::editClient(*m_s, c->id, login).ok());
        QCOMPARE(setClientPassword(*m_s, c->id, QStringLiteral("latecomer")).error().field, QStringLiteral("password"));
        QCOMPARE(setClientPassword(*m_s, c->id, QStringLiteral("short")).error().field, QStringLiteral("password"));
        QVERIFY(setClientPassword(*m_s, c->id, QStringLiteral("long enough pw")).ok());
        const LdapDn dn = m_s->dit().client(reseller, c->id);
        QVERIFY(storedPassword(dn).startsWith("{ARGON2}"));
        QVERIFY(!storedPassword(dn).contains("long enough pw"));
        QVERIFY(canBind(dn, "long enough pw"));
        // A password without a login is refused at creation.
        spec.password = QStringLiteral("long enough pw");
        QCOMPARE(addClient(*m_s, spec).error().field, QStringLiteral("password"));
    }

    void concurrentAddsRespectTheLimit_data()
    {
        QTest::addColumn<int>("max");
        QTest::addColumn<int>("sessions");
        for (int round = 0; round < 6; ++round)
            QTest::addRow("max 1, two sessions, round %d", round) << 1 << 2;
        QTest::newRow("max 2, five sessions") << 2 << 5;
    }

    void concurrentAddsRespectTheLimit()
    {
        QFETCH(int, max);
        QFETCH(int, sessions);
        const qint64 reseller = newReseller(QStringLiteral("Contested"), QString::number(max));
        QVERIFY(reseller > 0);
        std::mutex lock;
        QList<OpError::Kind> refusals;
        QList<qint64> added;
        std::latch ready(sessions);
        QList<QThread *> threads;
        for (int t = 0; t < sessions; ++t) {
            threads << QThread::create([&, t] {
                DirectorySession s(m_dir->adminSettings(), Dit(m_dir->base()));
                (void)s.whoAmI(); // connected before the start line
                ClientSpec spec;
                spec.resellerId = reseller;
                spec.name = QStringLiteral("Racer %1").arg(t);
                ready.arrive_and_wait();
                auto r = addClient(s, spec);
                std::lock_guard guard(lock);
                if (r.ok())
                    added << r->id;
                else
                    refusals << r.error().kind;
            });
            threads.last()->start();
        }
        for (QThread *t : std::as_const(threads)) {
            QVERIFY(t->wait(120000));
            delete t;
        }
        QCOMPARE(added.size(), max);
        QCOMPARE(refusals.size(), sessions - max);
        for (OpError::Kind k : std::as_const(refusals))
            QCOMPARE(int(k), int(OpError::Kind::LimitReached));
        auto r = showReseller(*m_s, reseller);
        QCOMPARE(r->clientCount, max);
        QList<qint64> ids;
        for (const Client &c : std::as_const(r->clients))
            ids << c.id;
        std::sort(added.begin(), added.end());
        QCOMPARE(ids, added);
    }
};

QTEST_GUILESS_MAIN(TestTenantOps)
#include "tst_tenantops.moc"
