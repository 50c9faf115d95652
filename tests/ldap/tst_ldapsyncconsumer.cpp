// LdapSyncConsumer against a real slapd with syncprov: initial refresh, persist-phase add /
// modify / delete, an entry leaving and re-entering the filter, resume from a saved cookie after
// a consumer restart (exactly the missed state), refreshOnly, a slapd restart, and the full
// resync that follows e-syncRefreshRequired.
#include "core/ldap/ldapsyncconsumer.h"
#include "core/ldap/ldapwait.h"
#include "tests/support/testdirectory.h"

#include <QSignalSpy>
#include <QTest>

using namespace Isp::Core;
using Isp::Test::TestDirectory;

namespace {

// Records what a consumer reports, by DN text, for easy assertions.
struct Recorder : QObject
{
    QList<LdapSyncEvent> events;
    int refreshDone = 0;
    QByteArray cookie;
    explicit Recorder(LdapSyncConsumer *c)
    {
        connect(c, &LdapSyncConsumer::changed, this, [this](const LdapSyncEvent &e) { events << e; });
        connect(c, &LdapSyncConsumer::refreshDone, this, [this] { ++refreshDone; });
        connect(c, &LdapSyncConsumer::cookieChanged, this, [this](const QByteArray &k) { cookie = k; });
    }
    QStringList of(LdapSyncEvent::Type type) const
    {
        QStringList out;
        for (const auto &e : events) {
            if (e.type == type)
                out << e.dn.rdnValue();
        }
        out.sort();
        return out;
    }
    QStringList added() const { return of(LdapSyncEvent::Type::Added); }
    QStringList modified() const { return of(LdapSyncEvent::Type::Modified); }
    QStringList deleted() const { return of(LdapSyncEvent::Type::Deleted); }
    void clear() { events.clear(); }
};

} // namespace

class TestLdapSyncConsumer : public QObject
{
    Q_OBJECT

private:
    TestDirectory m_dir;
    std::unique_ptr<LdapConnection> m_writer;
    LdapDn m_base;

    LdapDn item(const QString &name) const { return m_base.child(QStringLiteral("cn"), name); }

    void addItem(const QString &name, const QString &state = QStringLiteral("active"))
    {
        LdapEntry e(item(name));
        e.setTexts(QStringLiteral("objectClass"), {QStringLiteral("organizationalRole")});
        e.setText(QStringLiteral("cn"), name);
        e.setText(QStringLiteral("description"), state);
        auto r = ldapWait<LdapWriteResult>([&](QObject *ctx, auto done) { m_writer->add(e, ctx, done); });
        QVERIFY2(r.ok(), qPrintable(r.error().toString()));
    }

    void setState(const QString &name, const QString &state)
    {
        auto r = ldapWait<LdapWriteResult>([&](QObject *ctx, auto done) {
            m_writer->modify(item(name), {LdapModification::replace(QStringLiteral("description"), state)}, ctx, done);
        });
        QVERIFY2(r.ok(), qPrintable(r.error().toString()));
    }

    void removeItem(const QString &name)
    {
        auto r = ldapWait<LdapWriteResult>([&](QObject *ctx, auto done) { m_writer->remove(item(name), ctx, done); });
        QVERIFY2(r.ok(), qPrintable(r.error().toString()));
    }

    LdapSearchRequest request(bool onlyActive = false) const
    {
        LdapSearchRequest r;
        r.base = m_base;
        r.scope = LdapScope::OneLevel;
        r.filter = onlyActive ? LdapFilter::allOf({LdapFilter::objectClass(QStringLiteral("organizationalRole")),
                                                   LdapFilter::equals(QStringLiteral("description"), QStringLiteral("active"))})
                              : LdapFilter::objectClass(QStringLiteral("organizationalRole"));
        return r;
    }

    // A fresh subtree per test, so tests do not see each other's entries.
    void freshBase(const QString &name)
    {
        m_base = m_dir->base().child(QStringLiteral("ou"), name);
        LdapEntry ou(m_base);
        ou.setTexts(QStringLiteral("objectClass"), {QStringLiteral("organizationalUnit")});
        ou.setText(QStringLiteral("ou"), name);
        auto r = ldapWait<LdapWriteResult>([&](QObject *ctx, auto done) { m_writer->add(ou, ctx, done); });
        QVERIFY2(r.ok(), qPrintable(r.error().toString()));
    }

    // Runs a consumer through its first refresh and returns what a caller would persist.
    struct Saved
    {
        QByteArray cookie;
        QHash<QByteArray, LdapDn> known;
    };
    std::optional<Saved> syncOnce(const LdapSearchRequest &r)
    {
        LdapConnection conn(m_dir.rootSettings());
        LdapSyncConsumer consumer(&conn);
        consumer.setRequest(r);
        Recorder rec(&consumer);
        consumer.start();
        if (!QTest::qWaitFor([&] { return rec.refreshDone == 1; }, 10000))
            return std::nullopt;
        return Saved{consumer.cookie(), consumer.knownEntries()};
    }

private Q_SLOTS:
    void initTestCase()
    {
        ISP_START_DIRECTORY(m_dir);
        m_writer = std::make_unique<LdapConnection>(m_dir.rootSettings());
    }

    void refreshThenPersist()
    {
        freshBase(QStringLiteral("persist"));
        addItem(QStringLiteral("a"));
        addItem(QStringLiteral("b"));
        addItem(QStringLiteral("c"));
        LdapConnection conn(m_dir.rootSettings());
        LdapSyncConsumer consumer(&conn);
        consumer.setRequest(request());
        Recorder rec(&consumer);
        consumer.start();
        QTRY_COMPARE(rec.refreshDone, 1);
        QCOMPARE(rec.added(), (QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}));
        QVERIFY(!rec.cookie.isEmpty());
        QCOMPARE(consumer.knownEntries().size(), 3);
        for (const auto &e : rec.events)
            QCOMPARE(e.uuid.size(), 16);
        rec.clear();

        addItem(QStringLiteral("d"));
        QTRY_COMPARE(rec.added(), QStringList{QStringLiteral("d")});
        QCOMPARE(rec.events.last().entry.text(QStringLiteral("description")), QStringLiteral("active"));

        const QByteArray cookieBefore = rec.cookie;
        setState(QStringLiteral("a"), QStringLiteral("changed"));
        QTRY_COMPARE(rec.modified(), QStringList{QStringLiteral("a")});
        QCOMPARE(rec.events.last().entry.text(QStringLiteral("description")), QStringLiteral("changed"));
        QTRY_VERIFY(rec.cookie != cookieBefore);

        removeItem(QStringLiteral("b"));
        QTRY_COMPARE(rec.deleted(), QStringList{QStringLiteral("b")});
        QCOMPARE(rec.events.last().dn, item(QStringLiteral("b")));
        QCOMPARE(consumer.knownEntries().size(), 3);
        QCOMPARE(rec.refreshDone, 1);
    }

    void entryLeavesAndReentersFilter()
    {
        freshBase(QStringLiteral("filter"));
        addItem(QStringLiteral("x"));
        addItem(QStringLiteral("y"));
        LdapConnection conn(m_dir.rootSettings());
        LdapSyncConsumer consumer(&conn);
        consumer.setRequest(request(true));
        Recorder rec(&consumer);
        consumer.start();
        QTRY_COMPARE(rec.refreshDone, 1);
        QCOMPARE(rec.added().size(), 2);
        rec.clear();

        setState(QStringLiteral("x"), QStringLiteral("suspended"));
        QTRY_COMPARE(rec.deleted(), QStringList{QStringLiteral("x")});
        setState(QStringLiteral("x"), QStringLiteral("suspended again")); // outside the filter: nothing
        addItem(QStringLiteral("marker"));
        QTRY_COMPARE(rec.added(), QStringList{QStringLiteral("marker")});
        QCOMPARE(rec.events.size(), 2); // the delete of x and the marker: nothing for x outside the filter
        setState(QStringLiteral("x"), QStringLiteral("active"));
        QTRY_COMPARE(rec.added(), (QStringList{QStringLiteral("marker"), QStringLiteral("x")}));
        QCOMPARE(rec.events.last().entry.text(QStringLiteral("description")), QStringLiteral("active"));
    }

    void resumeFromCookieDeliversExactlyTheMissedState()
    {
        freshBase(QStringLiteral("resume"));
        for (const char *n : {"keep", "change", "gone", "leaves"})
            addItem(QLatin1String(n));
        const auto saved = syncOnce(request(true));
        QVERIFY(saved);
        const QByteArray cookie = saved->cookie;
        const QHash<QByteArray, LdapDn> known = saved->known;
        QCOMPARE(known.size(), 4); // consumer stopped: the changes below happen while nobody listens
        for (int i = 0; i < 5; ++i)
            setState(QStringLiteral("change"), QStringLiteral("active"));
        setState(QStringLiteral("change"), QStringLiteral("active")); // no-op write
        {
            auto r = ldapWait<LdapWriteResult>([&](QObject *ctx, auto done) {
                m_writer->modify(item(QStringLiteral("change")),
                                 {LdapModification::replace(QStringLiteral("telephoneNumber"), QStringLiteral("+1 555 0100"))}, ctx, done);
            });
            QVERIFY(r.ok());
        }
        removeItem(QStringLiteral("gone"));
        setState(QStringLiteral("leaves"), QStringLiteral("suspended"));
        addItem(QStringLiteral("new1"));
        addItem(QStringLiteral("new2"));
        addItem(QStringLiteral("newInactive"), QStringLiteral("suspended"));

        LdapConnection conn(m_dir.rootSettings());
        LdapSyncConsumer consumer(&conn);
        consumer.setRequest(request(true));
        consumer.setCookie(cookie);
        consumer.setKnownEntries(known);
        Recorder rec(&consumer);
        consumer.start();
        QTRY_COMPARE(rec.refreshDone, 1);
        QCOMPARE(rec.added(), (QStringList{QStringLiteral("new1"), QStringLiteral("new2")}));
        QCOMPARE(rec.modified(), QStringList{QStringLiteral("change")});
        QCOMPARE(rec.deleted(), (QStringList{QStringLiteral("gone"), QStringLiteral("leaves")}));
        for (const auto &e : rec.events) {
            if (e.type == LdapSyncEvent::Type::Modified)
                QCOMPARE(e.entry.text(QStringLiteral("telephoneNumber")), QStringLiteral("+1 555 0100"));
        }
        // keep, change, new1, new2
        QCOMPARE(consumer.knownEntries().size(), 4);
    }

    void refreshOnlyMode()
    {
        freshBase(QStringLiteral("once"));
        addItem(QStringLiteral("p"));
        addItem(QStringLiteral("q"));
        LdapConnection conn(m_dir.rootSettings());
        LdapSyncConsumer consumer(&conn);
        consumer.setRequest(request());
        consumer.setMode(LdapSyncConsumer::Mode::RefreshOnly);
        Recorder rec(&consumer);
        QSignalSpy finished(&consumer, &LdapSyncConsumer::finished);
        consumer.start();
        QTRY_COMPARE(finished.size(), 1);
        QCOMPARE(rec.added(), (QStringList{QStringLiteral("p"), QStringLiteral("q")}));
        QCOMPARE(rec.refreshDone, 1);
        QVERIFY(!consumer.isRunning());
        const QByteArray cookie = consumer.cookie();
        QVERIFY(!cookie.isEmpty());

        // Poll again from the cookie: only the change.
        removeItem(QStringLiteral("p"));
        LdapSyncConsumer second(&conn);
        second.setRequest(request());
        second.setMode(LdapSyncConsumer::Mode::RefreshOnly);
        second.setCookie(cookie);
        second.setKnownEntries(consumer.knownEntries());
        Recorder rec2(&second);
        QSignalSpy finished2(&second, &LdapSyncConsumer::finished);
        second.start();
        QTRY_COMPARE(finished2.size(), 1);
        QCOMPARE(rec2.deleted(), QStringList{QStringLiteral("p")});
        QCOMPARE(rec2.added(), QStringList());
        QCOMPARE(rec2.modified(), QStringList());
    }

    void fullRefreshRemovesWhatVanished()
    {
        // A consumer restarted without a cookie (e.g. after e-syncRefreshRequired) but with its
        // known set must report entries that vanished meanwhile as deleted.
        freshBase(QStringLiteral("full"));
        addItem(QStringLiteral("m"));
        addItem(QStringLiteral("n"));
        const auto saved = syncOnce(request());
        QVERIFY(saved);
        const QHash<QByteArray, LdapDn> known = saved->known;
        removeItem(QStringLiteral("n"));
        LdapConnection conn(m_dir.rootSettings());
        LdapSyncConsumer consumer(&conn);
        consumer.setRequest(request());
        consumer.setKnownEntries(known);
        Recorder rec(&consumer);
        consumer.start();
        QTRY_COMPARE(rec.refreshDone, 1);
        QCOMPARE(rec.deleted(), QStringList{QStringLiteral("n")});
        QCOMPARE(rec.modified(), QStringList{QStringLiteral("m")});
        QCOMPARE(rec.added(), QStringList());
    }

    void refreshRequiredLeadsToFullResync()
    {
        // The access log database runs syncprov with reload hints: a stale cookie is answered
        // with e-syncRefreshRequired instead of a present phase.
        freshBase(QStringLiteral("logged"));
        addItem(QStringLiteral("w1"));
        LdapConnection conn(m_dir->adminSettings());
        LdapSyncConsumer consumer(&conn);
        LdapSearchRequest r;
        r.base = LdapDn::fromTrusted(u"cn=accesslog");
        r.scope = LdapScope::OneLevel;
        r.filter = LdapFilter::objectClass(QStringLiteral("auditWriteObject"));
        r.attributes = QStringList{QStringLiteral("reqDN"), QStringLiteral("reqType")};
        consumer.setRequest(r);
        consumer.setCookie("rid=000,csn=20000101000000.000000Z#000000#001#000000");
        const QByteArray ghost = QByteArray::fromHex("00112233445566778899aabbccddeeff");
        consumer.setKnownEntries({{ghost, LdapDn::fromTrusted(u"reqStart=20000101000000.000000Z,cn=accesslog")}});
        Recorder rec(&consumer);
        QSignalSpy required(&consumer, &LdapSyncConsumer::refreshRequired);
        consumer.start();
        QTRY_COMPARE(rec.refreshDone, 1);
        QCOMPARE(required.size(), 1);
        QVERIFY(rec.added().size() >= 2); // at least the ou and w1 adds were logged
        QCOMPARE(rec.deleted(), QStringList{QStringLiteral("20000101000000.000000Z")});
        QVERIFY(!consumer.knownEntries().contains(ghost));
        QVERIFY(!consumer.cookie().startsWith("rid=000,csn=2000"));
        bool sawW1 = false;
        for (const auto &e : rec.events)
            sawW1 = sawW1 || e.entry.text(QStringLiteral("reqDN")) == item(QStringLiteral("w1")).toString();
        QVERIFY(sawW1);
        rec.clear();
        addItem(QStringLiteral("w2")); // and it follows on in persist mode
        QTRY_VERIFY(rec.added().size() == 1);
    }

    // Last: restarts the server.
    void survivesServerRestart()
    {
        freshBase(QStringLiteral("restart"));
        addItem(QStringLiteral("r1"));
        LdapConnectionSettings s = m_dir.rootSettings();
        LdapConnection conn(s);
        LdapSyncConsumer consumer(&conn);
        consumer.setRequest(request());
        Recorder rec(&consumer);
        QSignalSpy errors(&consumer, &LdapSyncConsumer::errorOccurred);
        consumer.start();
        QTRY_COMPARE(rec.refreshDone, 1);
        rec.clear();

        QVERIFY(m_dir->stop());
        QTRY_VERIFY(errors.size() >= 1);
        QString error;
        QVERIFY2(m_dir->start(&error), qPrintable(error));
        addItem(QStringLiteral("r2"));
        QTRY_COMPARE_WITH_TIMEOUT(rec.added(), QStringList{QStringLiteral("r2")}, 15000);
        setState(QStringLiteral("r1"), QStringLiteral("after restart"));
        QTRY_COMPARE(rec.modified(), QStringList{QStringLiteral("r1")});
        QVERIFY(consumer.isRunning());
    }

    // A delete made while the consumer was away and before a slapd restart is no longer in the
    // (in-memory) session log, so resuming goes through a present phase: unchanged entries are
    // only listed as present, and whatever is neither present nor changed has been deleted.
    void resumeThroughPresentPhaseAfterRestart()
    {
        freshBase(QStringLiteral("present"));
        for (const char *n : {"same1", "same2", "edited", "dropped"})
            addItem(QLatin1String(n));
        const auto saved = syncOnce(request());
        QVERIFY(saved);
        const QByteArray cookie = saved->cookie;
        const QHash<QByteArray, LdapDn> known = saved->known;
        QCOMPARE(known.size(), 4);
        removeItem(QStringLiteral("dropped"));
        QVERIFY(m_dir->stop());
        QString error;
        QVERIFY2(m_dir->start(&error), qPrintable(error));
        // The writer learns of the restart on its next read: a request already written to the
        // old socket fails as serverDown (retryable), the next one goes to the new server.
        QTRY_VERIFY(ldapWait<QString>([&](QObject *ctx, auto done) { m_writer->whoAmI(ctx, done); }).ok());
        setState(QStringLiteral("edited"), QStringLiteral("edited while away"));

        LdapConnection conn(m_dir.rootSettings());
        LdapSyncConsumer consumer(&conn);
        consumer.setRequest(request());
        consumer.setCookie(cookie);
        consumer.setKnownEntries(known);
        Recorder rec(&consumer);
        consumer.start();
        QTRY_COMPARE(rec.refreshDone, 1);
        QCOMPARE(rec.modified(), QStringList{QStringLiteral("edited")});
        QCOMPARE(rec.deleted(), QStringList{QStringLiteral("dropped")});
        QCOMPARE(rec.added(), QStringList());
        QCOMPARE(consumer.knownEntries().size(), 3);
    }
};

QTEST_GUILESS_MAIN(TestLdapSyncConsumer)
#include "tst_ldapsyncconsumer.moc"
