// LDIF export and import through real slapds: directory A (the sample data, plus passwords and a
// database) is exported and imported into fresh private directories B (everything) and C (one
// domain and its zone, its records given children first). Checked: no operational attributes
// and password hashes as stored in the export, parents before children; after the import the
// added entries are the same as in A and a password set in A binds in B; what exists is skipped,
// a second import adds nothing; a dry run writes nothing; hostile or broken files are refused
// before anything is written (outside the base, classes outside ISPMan's schema, operational
// attributes, duplicates, missing parents, garbled LDIF), a refusal by the server part-way
// leaves nothing behind, and only administrators of level 100 may export or import.
#include "core/ldap/ldapwait.h"
#include "core/ldap/ldif.h"
#include "core/ops/adminops.h"
#include "core/ops/databaseops.h"
#include "core/ops/dnsops.h"
#include "core/ops/ldifops.h"
#include "core/ops/userops.h"
#include "tests/support/testdirectory.h"

#include <QTest>

#include <algorithm>

using namespace Isp::Core;
using Isp::Test::TestDirectory;

namespace {

const QByteArray JohnPassword = "john-ldif-secret-1";

// An entry's user attributes as a comparable value: names without case, values as a set.
QMap<QString, QList<QByteArray>> content(const LdapEntry &e)
{
    QMap<QString, QList<QByteArray>> out;
    for (const LdapAttribute &a : e.attributes()) {
        QList<QByteArray> values = a.values;
        std::sort(values.begin(), values.end());
        out[a.name.toLower()] += values;
    }
    return out;
}

const QStringList Operational = { QStringLiteral("entryUUID"), QStringLiteral("entryCSN"),
    QStringLiteral("createTimestamp"), QStringLiteral("modifyTimestamp"), QStringLiteral("creatorsName"),
    QStringLiteral("modifiersName"), QStringLiteral("structuralObjectClass"), QStringLiteral("pwdChangedTime"),
    QStringLiteral("entryDN"), QStringLiteral("hasSubordinates"), QStringLiteral("subschemaSubentry") };

} // namespace

class TestLdifOps : public QObject
{
    Q_OBJECT

private:
    TestDirectory m_a, m_b, m_c;
    std::unique_ptr<DirectorySession> m_sa, m_sb, m_sc;
    QList<LdapEntry> m_whole;

    static int writeCount(DirectorySession &s)
    {
        LdapSearchRequest r;
        r.base = LdapDn::fromTrusted(u"cn=accesslog");
        r.scope = LdapScope::OneLevel;
        r.filter = LdapFilter::objectClass(QStringLiteral("auditWriteObject"));
        r.attributes = QStringList { QStringLiteral("1.1") };
        r.pageSize = 1000;
        r.discardEntries = true;
        auto res = s.search(r);
        return res.ok() ? int(res->entryCount) : -1;
    }
    static int entryCount(DirectorySession &s)
    {
        auto all = s.find(s.dit().base(), LdapFilter(), { QStringLiteral("1.1") });
        return all.ok() ? int(all->size()) : -1;
    }
    static QList<int> counts(DirectorySession &s) { return { writeCount(s), entryCount(s) }; }
    static bool canBind(TestDirectory &dir, const LdapDn &dn, const QByteArray &password)
    {
        LdapConnectionSettings st = dir.rootSettings();
        st.bindDn = dn.toString();
        st.password = password;
        st.autoReconnect = false;
        LdapConnection c(st);
        return ldapWait<QString>([&](QObject *ctx, auto done) { c.whoAmI(ctx, done); }).ok();
    }
    QByteArray base() const { return m_sb->dit().base().toString().toUtf8(); }

private Q_SLOTS:
    void initTestCase()
    {
        ISP_START_DIRECTORY(m_a, true);
        ISP_START_DIRECTORY(m_b);
        ISP_START_DIRECTORY(m_c);
        m_sa = std::make_unique<DirectorySession>(m_a->adminSettings(), Dit(m_a->base()));
        m_sb = std::make_unique<DirectorySession>(m_b->adminSettings(), Dit(m_b->base()));
        m_sc = std::make_unique<DirectorySession>(m_c->adminSettings(), Dit(m_c->base()));
        QCOMPARE(m_sa->dit().base(), m_sb->dit().base());
        // Passwords and a database hash in A, to be carried over as hashes.
        auto pw = UserOps::setPassword(*m_sa, QStringLiteral("john@example.com"), QString::fromUtf8(JohnPassword));
        QVERIFY2(pw.ok(), qPrintable(pw.error().toString()));
        DatabaseOps::DatabaseSpec db;
        db.domain = QStringLiteral("example.com");
        db.name = QStringLiteral("shop");
        db.password = QStringLiteral("shop-secret-99");
        db.host = QStringLiteral("web1.example.net");
        auto added = DatabaseOps::add(*m_sa, db);
        QVERIFY2(added.ok(), qPrintable(added.error().toString()));
    }

    void exportHasUserAttributesAndHashesParentsFirst()
    {
        auto entries = LdifOps::exportEntries(*m_sa);
        QVERIFY2(entries.ok(), qPrintable(entries.error().toString()));
        m_whole = *entries;
        QCOMPARE(m_whole.size(), entryCount(*m_sa));
        QCOMPARE(m_whole.first().dn(), m_sa->dit().base());
        QSet<QString> seen;
        for (const LdapEntry &e : std::as_const(m_whole)) {
            for (const QString &a : Operational)
                QVERIFY2(!e.hasAttribute(a), qPrintable(e.dn().toString() + QLatin1Char(' ') + a));
            if (!(e.dn() == m_sa->dit().base()))
                QVERIFY2(seen.contains(e.dn().parent().normalized()), qPrintable(e.dn().toString()));
            seen.insert(e.dn().normalized());
        }
        const auto john = std::find_if(m_whole.cbegin(), m_whole.cend(), [&](const LdapEntry &e) {
            return e.dn() == m_sa->dit().user(QStringLiteral("example.com"), QStringLiteral("john_example_com"));
        });
        QVERIFY(john != m_whole.cend());
        QVERIFY2(john->value(QStringLiteral("userPassword")).startsWith("{ARGON2}"),
            john->value(QStringLiteral("userPassword")).constData());
        const auto shop = std::find_if(m_whole.cbegin(), m_whole.cend(), [&](const LdapEntry &e) {
            return e.dn() == m_sa->dit().database(QStringLiteral("example.com"), QStringLiteral("example_com_shop"));
        });
        QVERIFY(shop != m_whole.cend());
        QCOMPARE(
            shop->text(QStringLiteral("ispmanDBPass")), Database::nativePasswordHash(QStringLiteral("shop-secret-99")));
        // The file is the same entries again.
        auto text = LdifOps::exportLdif(*m_sa);
        QVERIFY(text.ok());
        QVERIFY(!text->contains(JohnPassword));
        auto parsed = Ldif::parse(*text);
        QVERIFY2(parsed.ok(), qPrintable(parsed.error().toString()));
        QCOMPARE(*parsed, m_whole);
    }

    void wholeExportIntoFreshDirectory()
    {
        const QByteArray file = Ldif::write(m_whole);
        // A dry run plans and writes nothing.
        const QList<int> before = counts(*m_sb);
        auto dry = LdifOps::import(*m_sb, file, { true });
        QVERIFY2(dry.ok(), qPrintable(dry.error().toString()));
        QVERIFY(dry->dryRun);
        QCOMPARE(counts(*m_sb), before);

        auto r = LdifOps::import(*m_sb, file);
        QVERIFY2(r.ok(), qPrintable(r.error().toString()));
        QCOMPARE(r->added.size() + r->skipped.size(), m_whole.size());
        QCOMPARE(r->added.size(), dry->added.size());
        QVERIFY(r->added.size() > 20);
        // What the fresh directory had (its bootstrap) is skipped, not overwritten.
        QStringList skipped;
        for (const auto &i : r->skipped)
            skipped << i.dn;
        QVERIFY(skipped.contains(m_sb->dit().base().toString()));
        QVERIFY(skipped.contains(m_sb->dit().admin(QStringLiteral("ispman")).toString()));
        QVERIFY(skipped.contains(m_sb->dit().hostGroup(QStringLiteral("httpgroup")).toString()));
        // Every added entry is in B exactly as in A, and each line points at its record.
        QHash<QString, LdapEntry> byDn;
        for (const LdapEntry &e : std::as_const(m_whole))
            byDn.insert(e.dn().normalized(), e);
        const QList<QByteArray> lines = file.split('\n');
        for (const auto &i : r->added) {
            const LdapDn dn = *LdapDn::parse(i.dn);
            auto inB = m_sb->read(dn, { QStringLiteral("*") });
            QVERIFY(inB.ok() && inB->has_value());
            QCOMPARE(content(**inB), content(byDn.value(dn.normalized())));
            QVERIFY2(i.line > 0 && lines.at(i.line - 1).startsWith("dn:"), qPrintable(i.dn));
        }
        // The hash carried the password: john logs in to B with A's password.
        const LdapDn john = m_sb->dit().user(QStringLiteral("example.com"), QStringLiteral("john_example_com"));
        QVERIFY(canBind(m_b, john, JohnPassword));
        QVERIFY(!canBind(m_b, john, "not-his-password"));
        // And the operations read it like their own data.
        auto zone = DnsOps::showZone(*m_sb, QStringLiteral("example.com"));
        QVERIFY(zone.ok());
        QCOMPARE(*zone, *DnsOps::showZone(*m_sa, QStringLiteral("example.com")));
    }

    void secondImportAddsNothing()
    {
        const QList<int> before = counts(*m_sb);
        auto r = LdifOps::import(*m_sb, Ldif::write(m_whole));
        QVERIFY2(r.ok(), qPrintable(r.error().toString()));
        QVERIFY(r->added.isEmpty());
        QCOMPARE(r->skipped.size(), m_whole.size());
        QCOMPARE(counts(*m_sb), before);
        QVERIFY(r->toText().contains(QStringLiteral("Skipped (already there): %1").arg(m_whole.size())));
    }

    void domainExportIntoFreshDirectory()
    {
        auto entries = LdifOps::exportEntries(*m_sa, { QStringLiteral("Example.COM") });
        QVERIFY2(entries.ok(), qPrintable(entries.error().toString()));
        const LdapDn domain = m_sa->dit().domain(QStringLiteral("example.com"));
        const LdapDn zone = m_sa->dit().zone(QStringLiteral("example.com"));
        int inDomain = 0, inZone = 0;
        for (const LdapEntry &e : std::as_const(*entries)) {
            const bool d = e.dn() == domain || e.dn().isDescendantOf(domain);
            const bool z = e.dn() == zone || e.dn().isDescendantOf(zone);
            QVERIFY2(d || z, qPrintable(e.dn().toString()));
            inDomain += d;
            inZone += z;
        }
        auto domainTree = m_sa->find(domain, LdapFilter(), { QStringLiteral("1.1") });
        auto zoneTree = m_sa->find(zone, LdapFilter(), { QStringLiteral("1.1") });
        QCOMPARE(inDomain, int(domainTree->size()));
        QCOMPARE(inZone, int(zoneTree->size()));
        QVERIFY(inZone > 1);

        // Children before their parents in the file: the import adds parents first.
        QList<LdapEntry> reversed = *entries;
        std::reverse(reversed.begin(), reversed.end());
        auto r = LdifOps::import(*m_sc, Ldif::write(reversed));
        QVERIFY2(r.ok(), qPrintable(r.error().toString()));
        QCOMPARE(r->added.size(), entries->size());
        QVERIFY(r->skipped.isEmpty());
        QCOMPARE(r->added.first().dn, domain.toString());
        for (const LdapEntry &e : std::as_const(*entries)) {
            auto inC = m_sc->read(e.dn(), { QStringLiteral("*") });
            QVERIFY(inC.ok() && inC->has_value());
            QCOMPARE(content(**inC), content(e));
        }
        QCOMPARE(*DnsOps::showZone(*m_sc, QStringLiteral("example.com")),
            *DnsOps::showZone(*m_sa, QStringLiteral("example.com")));
        QVERIFY(UserOps::show(*m_sc, QStringLiteral("jane@example.com")).ok());
    }

    void domainExportRefusals()
    {
        auto none = LdifOps::exportEntries(*m_sa, { QStringLiteral("nowhere.example") });
        QCOMPARE(int(none.error().kind), int(OpError::Kind::NotFound));
        auto bad = LdifOps::exportEntries(*m_sa, { QStringLiteral("*)(ispmanDomain=*") });
        QCOMPARE(int(bad.error().kind), int(OpError::Kind::Invalid));
        QCOMPARE(bad.error().field, QStringLiteral("domain"));
    }

    void refusedBeforeAnythingIsWritten_data()
    {
        QTest::addColumn<QByteArray>("records");
        QTest::addColumn<QString>("expected");
        const QByteArray b = base();
        const QByteArray newHost = "dn: ispmanHostName=new1.example.net,ou=hosts," + b
            + "\nobjectClass: ispmanHost\nispmanHostName: new1.example.net\n\n";
        QTest::newRow("outside the base")
            << newHost + "dn: cn=evil,dc=example,dc=org\nobjectClass: organizationalRole\ncn: evil\n"
            << QStringLiteral("line 5: cn=evil,dc=example,dc=org is outside this directory's base");
        QTest::newRow("the base's parent") << newHost + "dn: dc=example,dc=com\nobjectClass: dcObject\ndc: example\n"
                                           << QStringLiteral("line 5: dc=example,dc=com is outside");
        QTest::newRow("slapd's configuration")
            << QByteArray("dn: olcDatabase={1}mdb,cn=config\nobjectClass: olcMdbConfig\nolcRootPW: x\n")
            << QStringLiteral("line 1: olcDatabase={1}mdb,cn=config is outside");
        QTest::newRow("class outside the schema")
            << newHost + "dn: uid=evil,ou=admins," + b + "\nobjectClass: account\nuid: evil\n"
            << QStringLiteral("line 5: uid=evil,ou=admins,") + QString::fromUtf8(b)
                + QStringLiteral(": the object class \"account\" is not part of ISPMan's schema");
        QTest::newRow("a second class outside") << "dn: ispmanHostName=new2.example.net,ou=hosts," + b
                + "\nobjectClass: ispmanHost\nobjectClass: olcGlobal\nispmanHostName: new2.example.net\n"
                                                << QStringLiteral("\"olcGlobal\" is not part of ISPMan's schema");
        QTest::newRow("no object class") << "dn: ispmanHostName=new3.example.net,ou=hosts," + b
                + "\nispmanHostName: new3.example.net\n"
                                         << QStringLiteral("line 1: ispmanHostName=new3.example.net,ou=hosts,")
                + QString::fromUtf8(b) + QStringLiteral(" has no objectClass");
        QTest::newRow("operational attribute") << newHost + "dn: ispmanHostName=new4.example.net,ou=hosts," + b
                + "\nobjectClass: ispmanHost\nispmanHostName: new4.example.net\nentryUUID: "
                  "1b4e28ba-2fa1-11d2-883f-0016d3cca427\n"
                                               << QStringLiteral("line 5: ispmanHostName=new4.example.net,ou=hosts,")
                + QString::fromUtf8(b) + QStringLiteral(": entryUUID is an operational attribute");
        QTest::newRow("forged creator") << newHost + "dn: ispmanHostName=new5.example.net,ou=hosts," + b
                + "\nobjectClass: ispmanHost\ncreatorsName: cn=root\n"
                                        << QStringLiteral("creatorsName is an operational attribute");
        QTest::newRow("twice the same") << newHost + "dn: ispmanHostName=NEW1.example.net,ou=hosts," + b
                + "\nobjectClass: ispmanHost\nispmanHostName: new1.example.net\n"
                                        << QStringLiteral("line 5: ispmanHostName=NEW1.example.net,ou=hosts,")
                + QString::fromUtf8(b) + QStringLiteral(" appears twice (first on line 1)");
        QTest::newRow("no parent") << newHost + "dn: uid=x_nowhere_example,ou=users,ispmanDomain=nowhere.example," + b
                + "\nobjectClass: ispmanDomainUser\nuid: x\ncn: x\nsn: x\n"
                                   << QStringLiteral("its parent ou=users,ispmanDomain=nowhere.example,")
                + QString::fromUtf8(b) + QStringLiteral(" is neither in the file nor in the directory");
        QTest::newRow("url value") << newHost + "dn: ispmanHostName=new6.example.net,ou=hosts," + b
                + "\nobjectClass: ispmanHost\nispmanHostInfo:< file:///etc/shadow\n"
                                   << QStringLiteral("line 7");
        QTest::newRow("delete record") << newHost + "dn: ispmanDomain=example.com," + b + "\nchangetype: delete\n"
                                       << QStringLiteral("line 6");
        QTest::newRow("empty") << QByteArray() << QStringLiteral("file: no records");
        QTest::newRow("not LDIF") << QByteArray("<html><body>hello</body></html>\n") << QStringLiteral("line 1");
    }

    void refusedBeforeAnythingIsWritten()
    {
        QFETCH(QByteArray, records);
        QFETCH(QString, expected);
        const QList<int> before = counts(*m_sb);
        for (bool dryRun : { true, false }) {
            auto r = LdifOps::import(*m_sb, records, { dryRun });
            QVERIFY(!r.ok());
            QCOMPARE(int(r.error().kind), int(OpError::Kind::Invalid));
            QCOMPARE(r.error().field, QStringLiteral("file"));
            QVERIFY2(r.error().message.startsWith(QStringLiteral("file: ")), qPrintable(r.error().message));
            QVERIFY2(r.error().message.contains(expected), qPrintable(r.error().message));
        }
        QCOMPARE(counts(*m_sb), before);
        QVERIFY(!m_sb->read(m_sb->dit().host(QStringLiteral("new1.example.net")))->has_value());
    }

    void refusalPartWayIsUndone_data()
    {
        QTest::addColumn<QByteArray>("last");
        QTest::addColumn<QString>("expected");
        QTest::newRow("attribute the class does not allow")
            << QByteArray("uidNumber: 12\n") << QStringLiteral("objectClassViolation");
        QTest::newRow("value of the wrong syntax") << QByteArray(
            "objectClass: posixAccount\nuid: h3\ncn: h3\nuidNumber: twelve\ngidNumber: 1\n"
            "homeDirectory: /tmp\n") << QStringLiteral("invalidAttributeSyntax");
        QTest::newRow("unknown attribute")
            << QByteArray("ispmanNoSuchAttribute: x\n") << QStringLiteral("undefinedAttributeType");
    }

    void refusalPartWayIsUndone()
    {
        QFETCH(QByteArray, last);
        QFETCH(QString, expected);
        const QByteArray b = base();
        // Two good records (one below the other), then one the server refuses.
        const QByteArray file = "dn: ispmanDomain=partway.example," + b
            + "\nobjectClass: ispmanBranch\nobjectClass: ispmanDomain\n"
              "ispmanDomain: partway.example\nispmanDomainType: nodns\n\n"
              "dn: ou=users,ispmanDomain=partway.example,"
            + b
            + "\nobjectClass: ispmanBranch\nou: users\n\n"
              "dn: ispmanHostName=h3.example.net,ou=hosts,"
            + b + "\nobjectClass: ispmanHost\nispmanHostName: h3.example.net\n" + last;
        const int entries = entryCount(*m_sb);
        auto r = LdifOps::import(*m_sb, file);
        QVERIFY(!r.ok());
        QCOMPARE(int(r.error().kind), int(OpError::Kind::Invalid));
        QCOMPARE(r.error().field, QStringLiteral("file"));
        QVERIFY2(r.error().message.startsWith(QStringLiteral("file: line 11: ispmanHostName=h3.example.net")),
            qPrintable(r.error().message));
        QVERIFY2(r.error().message.contains(expected), qPrintable(r.error().message));
        QVERIFY2(r.error().message.contains(QStringLiteral("nothing was written")), qPrintable(r.error().message));
        QCOMPARE(entryCount(*m_sb), entries);
        QVERIFY(!m_sb->read(m_sb->dit().domain(QStringLiteral("partway.example")))->has_value());
    }

    void onlyFullAdministrators()
    {
        AdminOps::AdminSpec spec;
        spec.uid = QStringLiteral("helper");
        spec.level = QStringLiteral("70");
        spec.password = QStringLiteral("helper-pass-70");
        auto added = AdminOps::add(*m_sb, spec);
        QVERIFY2(added.ok(), qPrintable(added.error().toString()));
        LdapConnectionSettings st = m_b->adminSettings();
        st.bindDn = m_sb->dit().admin(QStringLiteral("helper")).toString();
        st.password = "helper-pass-70";
        DirectorySession helper(st, m_sb->dit());
        QCOMPARE(int(LdifOps::exportEntries(helper).error().kind), int(OpError::Kind::NotAllowed));
        const QList<int> before = counts(*m_sb);
        const QByteArray file = "dn: ispmanHostName=new9.example.net,ou=hosts," + base()
            + "\nobjectClass: ispmanHost\nispmanHostName: new9.example.net\n";
        QCOMPARE(int(LdifOps::import(helper, file).error().kind), int(OpError::Kind::NotAllowed));
        QCOMPARE(counts(*m_sb), before);
    }
};

QTEST_GUILESS_MAIN(TestLdifOps)
#include "tst_ldifops.moc"
