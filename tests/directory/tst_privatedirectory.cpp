// PrivateDirectory: the DIT it bootstraps, server-side password hashing, what anonymous clients
// may see, sample data, restart with data and port kept, and refusal of a bad base DN.
#include "core/directory/privatedirectory.h"
#include "core/ldap/ldapconnection.h"
#include "core/ldap/ldapwait.h"
#include "tests/support/testdirectory.h"

#include <QTemporaryDir>
#include <QTest>

using namespace Isp::Core;
using Isp::Test::TestDirectory;

class TestPrivateDirectory : public QObject
{
    Q_OBJECT

private:
    TestDirectory m_dir;
    std::unique_ptr<LdapConnection> m_root;

    Result<LdapSearchResult> search(LdapConnection &c, const LdapDn &base, LdapScope scope,
                                    const LdapFilter &filter = LdapFilter(), const QStringList &attrs = {})
    {
        LdapSearchRequest r;
        r.base = base;
        r.scope = scope;
        r.filter = filter;
        r.attributes = attrs;
        return ldapWait<LdapSearchResult>([&](QObject *ctx, auto done) { c.search(r, ctx, done); });
    }

    static QStringList rdnValues(const QList<LdapEntry> &entries)
    {
        QStringList out;
        for (const LdapEntry &e : entries)
            out << e.dn().rdnValue();
        out.sort();
        return out;
    }

    LdapDn under(const QString &path)
    {
        auto rel = LdapDn::parse(path + QLatin1Char(',') + m_dir.directory().base().toString());
        return rel.value_or(LdapDn());
    }

private Q_SLOTS:
    void initTestCase()
    {
        ISP_START_DIRECTORY(m_dir, true);
        m_root = std::make_unique<LdapConnection>(m_dir.rootSettings());
    }

    void ditContainers()
    {
        auto top = search(*m_root, m_dir->base(), LdapScope::OneLevel, LdapFilter::objectClass(QStringLiteral("ispmanBranch")));
        QVERIFY2(top.ok(), qPrintable(top.error().toString()));
        const QStringList containers = {QStringLiteral("DNS"),      QStringLiteral("admins"),         QStringLiteral("conf"),
                                        QStringLiteral("counters"), QStringLiteral("domainServices"), QStringLiteral("hostgroups"),
                                        QStringLiteral("hosts"),    QStringLiteral("ispman"),         QStringLiteral("processes"),
                                        QStringLiteral("services")};
        for (const QString &c : containers)
            QVERIFY2(rdnValues(top->entries).contains(c), qPrintable(c));

        auto base = search(*m_root, m_dir->base(), LdapScope::Base);
        QCOMPARE(base->entries.first().text(QStringLiteral("ispmanSchemaVersion")), QStringLiteral("1"));
    }

    void configurationAndCatalogues()
    {
        auto quota = search(*m_root, under(QStringLiteral("ou=conf")), LdapScope::Subtree,
                            LdapFilter::equals(QStringLiteral("ispmanVar"), QStringLiteral("defaultUserMailQuota")));
        QCOMPARE(quota->entries.size(), 1);
        QCOMPARE(quota->entries.first().text(QStringLiteral("ispmanVal")), QStringLiteral("50"));
        QVERIFY(!quota->entries.first().text(QStringLiteral("ispmanQuestion")).isEmpty());

        auto vars = search(*m_root, under(QStringLiteral("ou=conf")), LdapScope::Subtree,
                           LdapFilter::objectClass(QStringLiteral("ispmanConfVar")));
        QVERIFY2(vars->entries.size() >= 60, qPrintable(QString::number(vars->entries.size())));

        auto groups = search(*m_root, under(QStringLiteral("ou=hostgroups")), LdapScope::OneLevel);
        QCOMPARE(rdnValues(groups->entries),
                 (QStringList{QStringLiteral("databasegroup"), QStringLiteral("dnsgroup"), QStringLiteral("fileservergroup"),
                              QStringLiteral("httpgroup"), QStringLiteral("mailstoregroup"), QStringLiteral("smtpgroup"),
                              QStringLiteral("webmailgroup")}));

        auto counters = search(*m_root, under(QStringLiteral("ou=counters")), LdapScope::OneLevel);
        for (const char *c : {"uidcounter", "gidcounter", "pidcounter", "resellercounter", "clientcounter"})
            QVERIFY2(rdnValues(counters->entries).contains(QLatin1String(c)), c);

        auto services = search(*m_root, under(QStringLiteral("ou=domainServices")), LdapScope::OneLevel);
        QVERIFY(rdnValues(services->entries).contains(QStringLiteral("mail")));
    }

    void adminPasswordIsHashedBySlapd()
    {
        auto admin = search(*m_root, m_dir->adminDn(), LdapScope::Base, LdapFilter(), {QStringLiteral("userPassword"), QStringLiteral("ispmanSysadminLevel")});
        QVERIFY2(admin.ok(), qPrintable(admin.error().toString()));
        QCOMPARE(admin->entries.first().text(QStringLiteral("ispmanSysadminLevel")), QStringLiteral("100"));
        const QByteArray stored = admin->entries.first().value(QStringLiteral("userPassword"));
        QVERIFY2(stored.startsWith("{ARGON2}"), stored.constData());
        QVERIFY(!stored.contains(m_dir->adminPassword()));

        LdapConnection asAdmin(m_dir->adminSettings());
        auto me = ldapWait<QString>([&](QObject *ctx, auto done) { asAdmin.whoAmI(ctx, done); });
        QVERIFY2(me.ok(), qPrintable(me.error().toString()));

        LdapConnectionSettings wrong = m_dir->adminSettings();
        wrong.password = m_dir->adminPassword() + "x";
        LdapConnection bad(wrong);
        auto denied = ldapWait<QString>([&](QObject *ctx, auto done) { bad.whoAmI(ctx, done); });
        QCOMPARE(denied.error().code(), LdapCode::InvalidCredentials);
    }

    void cleartextPasswordsAreHashedOnWrite()
    {
        LdapEntry e(under(QStringLiteral("ou=services")).child(QStringLiteral("cn"), QStringLiteral("postfix")));
        e.setTexts(QStringLiteral("objectClass"), {QStringLiteral("ispmanServiceAccount")});
        e.setText(QStringLiteral("cn"), QStringLiteral("postfix"));
        e.setText(QStringLiteral("userPassword"), QStringLiteral("plain-text"));
        auto added = ldapWait<LdapWriteResult>([&](QObject *ctx, auto done) { m_root->add(e, ctx, done); });
        QVERIFY2(added.ok(), qPrintable(added.error().toString()));
        auto back = search(*m_root, e.dn(), LdapScope::Base, LdapFilter(), {QStringLiteral("userPassword")});
        QVERIFY(back->entries.first().value(QStringLiteral("userPassword")).startsWith("{ARGON2}"));
        // ...and the service account can bind with it and read beyond the anonymous size limit.
        LdapConnectionSettings s = m_dir->rootSettings();
        s.bindDn = e.dn().toString();
        s.password = "plain-text";
        LdapConnection svc(s);
        auto users = search(svc, m_dir->base(), LdapScope::Subtree, LdapFilter::objectClass(QStringLiteral("ispmanDomainUser")));
        QVERIFY2(users.ok(), qPrintable(users.error().toString()));
        QVERIFY(users->entries.size() >= 4);
    }

    void anonymousSeesTheShapeOnly()
    {
        LdapConnectionSettings s;
        s.uris = QStringList{m_dir->uri()};
        s.bindMethod = LdapConnectionSettings::BindMethod::Anonymous;
        LdapConnection anon(s);
        auto tree = search(anon, m_dir->base(), LdapScope::Subtree);
        QVERIFY2(tree.ok(), qPrintable(tree.error().toString()));
        const QStringList seen = rdnValues(tree->entries);
        QVERIFY2(seen.contains(QStringLiteral("conf")) && seen.contains(QStringLiteral("hosts")), qPrintable(seen.join(u',')));
        // Nothing below the containers: no admins, variables, domains or users.
        for (const LdapEntry &e : std::as_const(tree->entries))
            QVERIFY2(e.dn().depth() <= m_dir->base().depth() + 1, qPrintable(e.dn().toString()));
        QVERIFY(!seen.contains(QStringLiteral("example.com")));
        auto admin = search(anon, m_dir->adminDn(), LdapScope::Base);
        QVERIFY(!admin.ok() || admin->entries.isEmpty());
    }

    void sampleData()
    {
        auto domains = search(*m_root, m_dir->base(), LdapScope::OneLevel, LdapFilter::present(QStringLiteral("ispmanDomain")));
        QCOMPARE(rdnValues(domains->entries),
                 (QStringList{QStringLiteral("example.com"), QStringLiteral("example.net"), QStringLiteral("example.org")}));
        auto john = search(*m_root, m_dir->base(), LdapScope::Subtree,
                           LdapFilter::equals(QStringLiteral("mailLocalAddress"), QStringLiteral("john@example.com")));
        QCOMPARE(john->entries.size(), 1);
        QCOMPARE(john->entries.first().dn().rdnValue(), QStringLiteral("john_example_com"));
    }

    // Last: restarts the server.
    void restartKeepsDataPortAndPassword()
    {
        const quint16 port = m_dir->port();
        QVERIFY(m_dir->stop());
        QVERIFY(!m_dir->isRunning());
        QVERIFY(!m_dir->isResponding());
        QString error;
        QVERIFY2(m_dir->start(&error), qPrintable(error));
        QCOMPARE(m_dir->port(), port);
        LdapConnection asAdmin(m_dir->adminSettings());
        QVERIFY(ldapWait<QString>([&](QObject *ctx, auto done) { asAdmin.whoAmI(ctx, done); }).ok());
        QVERIFY(m_dir->start(&error) == false); // already running: said so, not started twice
        QVERIFY(error.contains(QLatin1String("already running")));
    }

    void badBaseIsRefusedBeforeWriting()
    {
        QTemporaryDir tmp;
        PrivateDirectoryOptions o;
        o.directory = tmp.path() + QStringLiteral("/inst");
        o.base = LdapDn::fromTrusted(u"cn=nope,dc=example");
        PrivateDirectory d(o);
        QString error;
        QVERIFY(!d.start(&error));
        QVERIFY2(error.contains(QLatin1String("base DN")), qPrintable(error));
        QVERIFY(!QFileInfo::exists(o.directory + QStringLiteral("/slapd.d")));
    }
};

QTEST_GUILESS_MAIN(TestPrivateDirectory)
#include "tst_privatedirectory.moc"
