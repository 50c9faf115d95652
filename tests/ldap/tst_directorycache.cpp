// DirectoryCache against a real slapd: first refresh and readiness, lookups by UUID and DN, the
// children index, and one signal per change (add, modify, rename/move, delete), also across a
// stop/start of the cache.
#include "core/ldap/directorycache.h"
#include "core/ldap/ldapwait.h"
#include "tests/support/testdirectory.h"

#include <QSignalSpy>
#include <QTest>

using namespace Isp::Core;
using Isp::Test::TestDirectory;

class TestDirectoryCache : public QObject
{
    Q_OBJECT

private:
    TestDirectory m_dir;
    std::unique_ptr<LdapConnection> m_writer;
    LdapDn m_top;

    LdapDn ou(const LdapDn &parent, const QString &name) { return parent.child(QStringLiteral("ou"), name); }

    void addOu(const LdapDn &dn)
    {
        LdapEntry e(dn);
        e.setTexts(QStringLiteral("objectClass"), {QStringLiteral("organizationalUnit")});
        e.setText(QStringLiteral("ou"), dn.rdnValue());
        auto r = ldapWait<LdapWriteResult>([&](QObject *ctx, auto done) { m_writer->add(e, ctx, done); });
        QVERIFY2(r.ok(), qPrintable(r.error().toString()));
    }

    void write(const LdapDn &dn, const QList<LdapModification> &mods)
    {
        auto r = ldapWait<LdapWriteResult>([&](QObject *ctx, auto done) { m_writer->modify(dn, mods, ctx, done); });
        QVERIFY2(r.ok(), qPrintable(r.error().toString()));
    }

    QStringList childNames(const DirectoryCache &cache, const LdapDn &dn)
    {
        QStringList out;
        for (const QByteArray &uuid : cache.children(dn))
            out << cache.entry(uuid)->dn().rdnValue();
        out.sort();
        return out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        ISP_START_DIRECTORY(m_dir);
        m_writer = std::make_unique<LdapConnection>(m_dir.rootSettings());
        m_top = ou(m_dir->base(), QStringLiteral("cached"));
        addOu(m_top);
        addOu(ou(m_top, QStringLiteral("a")));
        addOu(ou(m_top, QStringLiteral("b")));
        addOu(ou(ou(m_top, QStringLiteral("a")), QStringLiteral("a1")));
    }

    void followsEveryKindOfChange()
    {
        LdapConnection conn(m_dir.rootSettings());
        LdapSearchRequest r;
        r.base = m_top;
        DirectoryCache cache(&conn, r);
        QSignalSpy ready(&cache, &DirectoryCache::ready);
        QSignalSpy added(&cache, &DirectoryCache::entryAdded);
        QSignalSpy changed(&cache, &DirectoryCache::entryChanged);
        QSignalSpy moved(&cache, &DirectoryCache::entryMoved);
        QSignalSpy removed(&cache, &DirectoryCache::entryRemoved);
        cache.start();
        QTRY_COMPARE(ready.size(), 1);
        QVERIFY(cache.isReady());
        QCOMPARE(cache.size(), 4);
        QCOMPARE(added.size(), 4);
        QCOMPARE(childNames(cache, m_top), (QStringList{QStringLiteral("a"), QStringLiteral("b")}));
        QCOMPARE(childNames(cache, ou(m_top, QStringLiteral("a"))), QStringList{QStringLiteral("a1")});
        const QByteArray a1 = cache.uuidOf(ou(ou(m_top, QStringLiteral("a")), QStringLiteral("a1")));
        QCOMPARE(a1.size(), 16);

        addOu(ou(m_top, QStringLiteral("c")));
        QTRY_COMPARE(added.size(), 5);
        QVERIFY(cache.entry(ou(m_top, QStringLiteral("c"))));

        write(ou(m_top, QStringLiteral("b")), {LdapModification::replace(QStringLiteral("description"), QStringLiteral("hello"))});
        QTRY_COMPARE(changed.size(), 1);
        QCOMPARE(cache.entry(ou(m_top, QStringLiteral("b")))->text(QStringLiteral("description")), QStringLiteral("hello"));

        // Move a1 from a to b: same UUID, new DN, both children lists updated.
        auto mv = ldapWait<LdapDn>([&](QObject *ctx, auto done) {
            m_writer->rename(ou(ou(m_top, QStringLiteral("a")), QStringLiteral("a1")), LdapRdn{{QStringLiteral("ou"), QStringLiteral("b1")}},
                             ou(m_top, QStringLiteral("b")), true, ctx, done);
        });
        QVERIFY2(mv.ok(), qPrintable(mv.error().toString()));
        QTRY_COMPARE(moved.size(), 1);
        QCOMPARE(moved.first().at(0).toByteArray(), a1);
        QCOMPARE(moved.first().at(1).value<LdapDn>(), ou(ou(m_top, QStringLiteral("a")), QStringLiteral("a1")));
        QCOMPARE(cache.uuidOf(*mv), a1);
        QVERIFY(!cache.entry(ou(ou(m_top, QStringLiteral("a")), QStringLiteral("a1"))));
        QCOMPARE(childNames(cache, ou(m_top, QStringLiteral("a"))), QStringList());
        QCOMPARE(childNames(cache, ou(m_top, QStringLiteral("b"))), QStringList{QStringLiteral("b1")});
        QCOMPARE(added.size(), 5); // a move is not an add

        auto del = ldapWait<LdapWriteResult>([&](QObject *ctx, auto done) { m_writer->remove(*mv, ctx, done); });
        QVERIFY(del.ok());
        QTRY_COMPARE(removed.size(), 1);
        QCOMPARE(removed.first().at(0).toByteArray(), a1);
        QCOMPARE(removed.first().at(1).value<LdapEntry>().dn(), *mv);
        QVERIFY(cache.uuidOf(*mv).isEmpty());
        QCOMPARE(cache.size(), 4);

        // Stopped, then started again: only what changed meanwhile is reported.
        cache.stop();
        added.clear();
        changed.clear();
        removed.clear();
        addOu(ou(m_top, QStringLiteral("d")));
        auto gone = ldapWait<LdapWriteResult>([&](QObject *ctx, auto done) { m_writer->remove(ou(m_top, QStringLiteral("c")), ctx, done); });
        QVERIFY(gone.ok());
        cache.start();
        QTRY_COMPARE(removed.size(), 1);
        QTRY_COMPARE(added.size(), 1);
        QCOMPARE(changed.size(), 0);
        QCOMPARE(childNames(cache, m_top), (QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("d")}));
    }
};

QTEST_GUILESS_MAIN(TestDirectoryCache)
#include "tst_directorycache.moc"
