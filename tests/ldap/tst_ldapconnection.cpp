// LdapConnection against a real, throwaway slapd: every operation, controls, paging, limits,
// concurrency of atomic counters, failover, reconnect after a server restart, bad credentials.
#include "core/ldap/ldapconnection.h"
#include "core/ldap/ldapwait.h"
#include "tests/support/testdirectory.h"

#include <QSet>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace Isp::Core;
using Isp::Test::TestDirectory;

class TestLdapConnection : public QObject
{
    Q_OBJECT

private:
    TestDirectory m_dir;
    std::unique_ptr<LdapConnection> m_conn;
    LdapDn m_people;

    template<typename T, typename F>
    Result<T> run(F &&f)
    {
        return ldapWait<T>(std::forward<F>(f), std::chrono::seconds(60));
    }

    Result<LdapWriteResult> add(LdapConnection &c, const LdapEntry &e)
    {
        return run<LdapWriteResult>([&](QObject *ctx, auto done) { c.add(e, ctx, done); });
    }

    Result<LdapSearchResult> search(LdapConnection &c, const LdapSearchRequest &r)
    {
        return run<LdapSearchResult>([&](QObject *ctx, auto done) { c.search(r, ctx, done); });
    }

    std::optional<LdapEntry> read(const LdapDn &target, const QStringList &attrs = {})
    {
        LdapSearchRequest r;
        r.base = target;
        r.scope = LdapScope::Base;
        r.attributes = attrs;
        auto res = search(*m_conn, r);
        if (!res.ok() || res->entries.size() != 1)
            return std::nullopt;
        return res->entries.first();
    }

    LdapEntry person(const QString &uid)
    {
        LdapEntry e(m_people.child(QStringLiteral("uid"), uid));
        e.setTexts(QStringLiteral("objectClass"), {QStringLiteral("inetOrgPerson")});
        e.setText(QStringLiteral("uid"), uid);
        e.setText(QStringLiteral("cn"), uid);
        e.setText(QStringLiteral("sn"), uid);
        return e;
    }

private Q_SLOTS:
    void initTestCase()
    {
        ISP_START_DIRECTORY(m_dir);
        m_conn = std::make_unique<LdapConnection>(m_dir.rootSettings());
        m_people = m_dir->base().child(QStringLiteral("ou"), QStringLiteral("people"));
        LdapEntry ou(m_people);
        ou.setTexts(QStringLiteral("objectClass"), {QStringLiteral("organizationalUnit")});
        ou.setText(QStringLiteral("ou"), QStringLiteral("people"));
        auto r = add(*m_conn, ou);
        QVERIFY2(r.ok(), qPrintable(r.error().toString()));
        QVERIFY(m_conn->isConnected());
        QCOMPARE(m_conn->currentUri(), m_dir->uri());
    }

    void whoAmI()
    {
        auto r = run<QString>([&](QObject *ctx, auto done) { m_conn->whoAmI(ctx, done); });
        QVERIFY2(r.ok(), qPrintable(r.error().toString()));
        QCOMPARE(LdapDn::parse(r->mid(3)).value(), m_dir->rootDn());
        QVERIFY(r->startsWith(QLatin1String("dn:")));
    }

    void addAndReadBack()
    {
        LdapEntry e = person(QStringLiteral("alice"));
        e.setText(QStringLiteral("description"), QStringLiteral("Grüße, \"quoted\" ü"));
        QByteArray photo;
        for (int i = 0; i < 256; ++i)
            photo.append(char(i));
        e.setValue(QStringLiteral("jpegPhoto"), photo);
        e.setTexts(QStringLiteral("mail"), {QStringLiteral("alice@example.com"), QStringLiteral("a@example.com")});
        auto r = add(*m_conn, e);
        QVERIFY2(r.ok(), qPrintable(r.error().toString()));

        auto back = read(e.dn());
        QVERIFY(back);
        QCOMPARE(back->text(QStringLiteral("DESCRIPTION")), e.text(QStringLiteral("description")));
        QCOMPARE(back->value(QStringLiteral("jpegPhoto")), photo);
        QCOMPARE(back->values(QStringLiteral("mail")).size(), 2);

        // Attribute list: only what was asked for.
        auto partial = read(e.dn(), {QStringLiteral("uid")});
        QVERIFY(partial);
        QCOMPARE(partial->attributeNames(), QStringList{QStringLiteral("uid")});

        // Adding it again: entryAlreadyExists, terminal, with the server's words.
        auto again = add(*m_conn, e);
        QVERIFY(!again.ok());
        QCOMPARE(again.error().code(), LdapCode::AlreadyExists);
        QVERIFY(!again.error().isRetryable());
        QVERIFY(again.error().toString().contains(QLatin1String("entryAlreadyExists")));
    }

    void searchScopes()
    {
        for (const QString &uid : {QStringLiteral("s1"), QStringLiteral("s2")})
            QVERIFY(add(*m_conn, person(uid)).ok());
        LdapSearchRequest r;
        r.base = m_dir->base();
        r.filter = LdapFilter::anyOf({LdapFilter::equals(QStringLiteral("uid"), QStringLiteral("s1")),
                                      LdapFilter::equals(QStringLiteral("uid"), QStringLiteral("s2"))});
        r.scope = LdapScope::Subtree;
        QCOMPARE(search(*m_conn, r)->entries.size(), 2);
        r.scope = LdapScope::OneLevel;
        QCOMPARE(search(*m_conn, r)->entries.size(), 0);
        r.base = m_people;
        QCOMPARE(search(*m_conn, r)->entries.size(), 2);
        r.scope = LdapScope::Base;
        QCOMPARE(search(*m_conn, r)->entries.size(), 0);

        // A base that does not exist: noSuchObject with the matched DN.
        r.base = m_people.child(QStringLiteral("ou"), QStringLiteral("nowhere"));
        auto missing = search(*m_conn, r);
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().code(), LdapCode::NoSuchObject);
        QCOMPARE(LdapDn::parse(missing.error().matchedDn()).value(), m_people);
    }

    void hostileFilterValueMatchesLiterally()
    {
        LdapSearchRequest r;
        r.base = m_people;
        r.filter = LdapFilter::equals(QStringLiteral("uid"), QStringLiteral("*)(uid=*))(|(uid=*"));
        auto res = search(*m_conn, r);
        QVERIFY2(res.ok(), qPrintable(res.error().toString()));
        QCOMPARE(res->entries.size(), 0);
        // The same injection attempt as a DN value lands in one RDN of the intended parent.
        LdapEntry e = person(QStringLiteral("x,ou=evil+cn=y\\"));
        QVERIFY(add(*m_conn, e).ok());
        auto back = read(e.dn());
        QVERIFY(back);
        QCOMPARE(back->dn().parent(), m_people);
        QCOMPARE(back->text(QStringLiteral("uid")), QStringLiteral("x,ou=evil+cn=y\\"));
    }

    void invalidFilterIsRefused()
    {
        LdapSearchRequest r;
        r.base = m_people;
        r.filter = LdapFilter::equals(QStringLiteral("uid)(objectClass=*"), QStringLiteral("x"));
        auto res = search(*m_conn, r);
        QVERIFY(!res.ok());
        QCOMPARE(res.error().code(), LdapCode::FilterError);
    }

    void modifyAllKinds()
    {
        LdapEntry e = person(QStringLiteral("bob"));
        e.setText(QStringLiteral("employeeNumber"), QStringLiteral("41"));
        QVERIFY(add(*m_conn, e).ok());
        const QList<LdapModification> mods = {
            LdapModification::add(QStringLiteral("mail"), {"bob@example.com", "b@example.com"}),
            LdapModification::replace(QStringLiteral("sn"), QStringLiteral("Builder")),
            LdapModification::remove(QStringLiteral("cn"), {"bob"}),
            LdapModification::add(QStringLiteral("cn"), {"Bob B."}),
        };
        auto r = run<LdapWriteResult>([&](QObject *ctx, auto done) { m_conn->modify(e.dn(), mods, ctx, done); });
        QVERIFY2(r.ok(), qPrintable(r.error().toString()));
        auto back = read(e.dn());
        QCOMPARE(back->values(QStringLiteral("mail")).size(), 2);
        QCOMPARE(back->text(QStringLiteral("sn")), QStringLiteral("Builder"));
        QCOMPARE(back->texts(QStringLiteral("cn")), QStringList{QStringLiteral("Bob B.")});

        // Delete a whole attribute.
        r = run<LdapWriteResult>([&](QObject *ctx, auto done) {
            m_conn->modify(e.dn(), {LdapModification::remove(QStringLiteral("mail"))}, ctx, done);
        });
        QVERIFY(r.ok());
        QVERIFY(!read(e.dn())->hasAttribute(QStringLiteral("mail")));

        // Removing a value that is not there: noSuchAttribute, entry unchanged.
        r = run<LdapWriteResult>([&](QObject *ctx, auto done) {
            m_conn->modify(e.dn(), {LdapModification::remove(QStringLiteral("sn"), {"Nobody"})}, ctx, done);
        });
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code(), 16);
        QCOMPARE(read(e.dn())->text(QStringLiteral("sn")), QStringLiteral("Builder"));
    }

    void incrementWithPostReadIsAtomic()
    {
        const LdapDn counter = m_dir->base().child(QStringLiteral("ou"), QStringLiteral("counters")).child(QStringLiteral("cn"), QStringLiteral("uidcounter"));
        auto before = read(counter);
        QVERIFY2(before, "bootstrap has no uid counter");
        const QString attr = QStringLiteral("ispmanCurrUid");
        const qint64 start = before->text(attr).toLongLong();
        LdapWriteOptions o;
        o.preRead = QStringList{attr};
        o.postRead = QStringList{attr};
        auto r = run<LdapWriteResult>([&](QObject *ctx, auto done) {
            m_conn->modify(counter, {LdapModification::increment(attr)}, o, ctx, done);
        });
        QVERIFY2(r.ok(), qPrintable(r.error().toString()));
        QVERIFY(r->preRead && r->postRead);
        QCOMPARE(r->preRead->text(attr).toLongLong(), start);
        QCOMPARE(r->postRead->text(attr).toLongLong(), start + 1);
        QCOMPARE(r->postRead->dn(), counter);
    }

    void assertionControl()
    {
        LdapEntry e = person(QStringLiteral("carol"));
        e.setText(QStringLiteral("description"), QStringLiteral("new"));
        QVERIFY(add(*m_conn, e).ok());
        LdapWriteOptions claim;
        claim.assertion = LdapFilter::equals(QStringLiteral("description"), QStringLiteral("new"));
        auto first = run<LdapWriteResult>([&](QObject *ctx, auto done) {
            m_conn->modify(e.dn(), {LdapModification::replace(QStringLiteral("description"), QStringLiteral("running"))}, claim, ctx, done);
        });
        QVERIFY2(first.ok(), qPrintable(first.error().toString()));
        // A second claim of the same entry fails: the assertion no longer holds.
        auto second = run<LdapWriteResult>([&](QObject *ctx, auto done) {
            m_conn->modify(e.dn(), {LdapModification::replace(QStringLiteral("description"), QStringLiteral("stolen"))}, claim, ctx, done);
        });
        QVERIFY(!second.ok());
        QCOMPARE(second.error().code(), LdapCode::AssertionFailed);
        QCOMPARE(read(e.dn())->text(QStringLiteral("description")), QStringLiteral("running"));
        // Same for delete.
        auto del = run<LdapWriteResult>([&](QObject *ctx, auto done) { m_conn->remove(e.dn(), claim, ctx, done); });
        QCOMPARE(del.error().code(), LdapCode::AssertionFailed);
        QVERIFY(read(e.dn()));
    }

    void compare()
    {
        const LdapDn alice = m_people.child(QStringLiteral("uid"), QStringLiteral("alice"));
        auto yes = run<bool>([&](QObject *ctx, auto done) { m_conn->compare(alice, QStringLiteral("uid"), "ALICE", ctx, done); });
        QVERIFY2(yes.ok(), qPrintable(yes.error().toString()));
        QCOMPARE(*yes, true);
        auto no = run<bool>([&](QObject *ctx, auto done) { m_conn->compare(alice, QStringLiteral("uid"), "bob", ctx, done); });
        QCOMPARE(*no, false);
        auto missing = run<bool>([&](QObject *ctx, auto done) {
            m_conn->compare(m_people.child(QStringLiteral("uid"), QStringLiteral("ghost")), QStringLiteral("uid"), "x", ctx, done);
        });
        QCOMPARE(missing.error().code(), LdapCode::NoSuchObject);
    }

    void renameAndMove()
    {
        QVERIFY(add(*m_conn, person(QStringLiteral("dave"))).ok());
        const LdapDn old = m_people.child(QStringLiteral("uid"), QStringLiteral("dave"));
        auto r = run<LdapDn>([&](QObject *ctx, auto done) {
            m_conn->rename(old, LdapRdn{{QStringLiteral("uid"), QStringLiteral("david")}}, std::nullopt, true, ctx, done);
        });
        QVERIFY2(r.ok(), qPrintable(r.error().toString()));
        QCOMPARE(*r, m_people.child(QStringLiteral("uid"), QStringLiteral("david")));
        QVERIFY(!read(old));
        QCOMPARE(read(*r)->texts(QStringLiteral("uid")), QStringList{QStringLiteral("david")});

        LdapEntry ou(m_dir->base().child(QStringLiteral("ou"), QStringLiteral("moved")));
        ou.setTexts(QStringLiteral("objectClass"), {QStringLiteral("organizationalUnit")});
        ou.setText(QStringLiteral("ou"), QStringLiteral("moved"));
        QVERIFY(add(*m_conn, ou).ok());
        auto moved = run<LdapDn>([&](QObject *ctx, auto done) {
            m_conn->rename(*r, LdapRdn{{QStringLiteral("uid"), QStringLiteral("david")}}, ou.dn(), true, ctx, done);
        });
        QVERIFY2(moved.ok(), qPrintable(moved.error().toString()));
        QCOMPARE(moved->parent(), ou.dn());
        QVERIFY(read(*moved));
    }

    void removeAndRemoveTree()
    {
        const LdapDn tree = m_dir->base().child(QStringLiteral("ou"), QStringLiteral("tree"));
        LdapEntry top(tree);
        top.setTexts(QStringLiteral("objectClass"), {QStringLiteral("organizationalUnit")});
        top.setText(QStringLiteral("ou"), QStringLiteral("tree"));
        QVERIFY(add(*m_conn, top).ok());
        int created = 1;
        for (int i = 0; i < 3; ++i) {
            LdapEntry mid(tree.child(QStringLiteral("ou"), QStringLiteral("m%1").arg(i)));
            mid.setTexts(QStringLiteral("objectClass"), {QStringLiteral("organizationalUnit")});
            mid.setText(QStringLiteral("ou"), QStringLiteral("m%1").arg(i));
            QVERIFY(add(*m_conn, mid).ok());
            ++created;
            for (int j = 0; j < 4; ++j) {
                LdapEntry leaf(mid.dn().child(QStringLiteral("cn"), QStringLiteral("l%1").arg(j)));
                leaf.setTexts(QStringLiteral("objectClass"), {QStringLiteral("organizationalRole")});
                leaf.setText(QStringLiteral("cn"), QStringLiteral("l%1").arg(j));
                QVERIFY(add(*m_conn, leaf).ok());
                ++created;
            }
        }
        // A plain delete of a non-leaf is refused.
        auto refused = run<LdapWriteResult>([&](QObject *ctx, auto done) { m_conn->remove(tree, ctx, done); });
        QCOMPARE(refused.error().code(), 66);
        auto removed = run<int>([&](QObject *ctx, auto done) { m_conn->removeTree(tree, ctx, done); });
        QVERIFY2(removed.ok(), qPrintable(removed.error().toString()));
        QCOMPARE(*removed, created);
        QVERIFY(!read(tree));
        auto again = run<int>([&](QObject *ctx, auto done) { m_conn->removeTree(tree, ctx, done); });
        QCOMPARE(again.error().code(), LdapCode::NoSuchObject);
    }

    void passwordModifyHashesAndBinds()
    {
        LdapEntry e = person(QStringLiteral("erin"));
        QVERIFY(add(*m_conn, e).ok());
        auto set = run<QByteArray>([&](QObject *ctx, auto done) {
            m_conn->passwordModify(e.dn(), std::nullopt, QByteArray("s3cret pass"), ctx, done);
        });
        QVERIFY2(set.ok(), qPrintable(set.error().toString()));
        QVERIFY(set->isEmpty());
        const QByteArray stored = read(e.dn(), {QStringLiteral("userPassword")})->value(QStringLiteral("userPassword"));
        QVERIFY2(stored.startsWith("{ARGON2}"), stored.constData());

        LdapConnectionSettings s = m_dir.rootSettings();
        s.bindDn = e.dn().toString();
        s.password = "s3cret pass";
        LdapConnection asErin(s);
        auto me = run<QString>([&](QObject *ctx, auto done) { asErin.whoAmI(ctx, done); });
        QVERIFY2(me.ok(), qPrintable(me.error().toString()));
        QCOMPARE(LdapDn::parse(me->mid(3)).value(), e.dn());

        // Self-service change with the old password, and a server-generated one.
        auto self = run<QByteArray>([&](QObject *ctx, auto done) {
            asErin.passwordModify(LdapDn(), QByteArray("s3cret pass"), std::nullopt, ctx, done);
        });
        QVERIFY2(self.ok(), qPrintable(self.error().toString()));
        QVERIFY(!self->isEmpty());
        s.password = *self;
        LdapConnection again(s);
        QVERIFY(run<QString>([&](QObject *ctx, auto done) { again.whoAmI(ctx, done); }).ok());
    }

    void badCredentialsAreTerminal()
    {
        LdapConnectionSettings s = m_dir.rootSettings();
        s.password = "wrong";
        LdapConnection c(s);
        QSignalSpy failed(&c, &LdapConnection::connectFailed);
        auto r = run<QString>([&](QObject *ctx, auto done) { c.whoAmI(ctx, done); });
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code(), LdapCode::InvalidCredentials);
        QVERIFY(!r.error().isRetryable());
        QCOMPARE(failed.size(), 1);
        QCOMPARE(failed.first().at(1).toBool(), false); // no retry
        QCOMPARE(c.state(), LdapConnection::State::Disconnected);
    }

    void saslExternalOverLdapi()
    {
        LdapConnectionSettings s;
        s.uris = QStringList{m_dir->ldapiUri()};
        s.bindMethod = LdapConnectionSettings::BindMethod::SaslExternal;
        LdapConnection c(s);
        auto r = run<QString>([&](QObject *ctx, auto done) { c.whoAmI(ctx, done); });
        QVERIFY2(r.ok(), qPrintable(r.error().toString()));
        QVERIFY2(r->contains(QLatin1String("cn=peercred,cn=external,cn=auth"), Qt::CaseInsensitive), qPrintable(*r));
    }

    void anonymousBind()
    {
        LdapConnectionSettings s;
        s.uris = QStringList{m_dir->uri()};
        s.bindMethod = LdapConnectionSettings::BindMethod::Anonymous;
        LdapConnection c(s);
        auto r = run<QString>([&](QObject *ctx, auto done) { c.whoAmI(ctx, done); });
        QVERIFY2(r.ok(), qPrintable(r.error().toString()));
        QCOMPARE(*r, QString());
    }

    void failoverToSecondUri()
    {
        quint16 dead;
        {
            QTcpServer probe;
            QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
            dead = probe.serverPort();
        } // closed: nothing listens there now
        LdapConnectionSettings s = m_dir.rootSettings();
        s.uris = QStringList{QStringLiteral("ldap://127.0.0.1:%1").arg(dead), m_dir->uri()};
        LdapConnection c(s);
        auto r = run<QString>([&](QObject *ctx, auto done) { c.whoAmI(ctx, done); });
        QVERIFY2(r.ok(), qPrintable(r.error().toString()));
        QCOMPARE(c.currentUri(), m_dir->uri());

        // Every URI dead: a retryable connect error, retried with backoff.
        s.uris = QStringList{QStringLiteral("ldap://127.0.0.1:%1").arg(dead)};
        s.operationTimeout = std::chrono::milliseconds(600);
        LdapConnection none(s);
        QSignalSpy failed(&none, &LdapConnection::connectFailed);
        auto nr = run<QString>([&](QObject *ctx, auto done) { none.whoAmI(ctx, done); });
        QVERIFY(!nr.ok());
        QVERIFY(nr.error().isRetryable());
        QVERIFY(failed.size() >= 2); // first try and at least one retry
        QCOMPARE(failed.first().at(1).toBool(), true);
    }

    void failoverPastAnUnresponsiveServer()
    {
        // Accepts TCP connections and never answers: the bind times out, the next URI is used.
        QTcpServer blackHole;
        QVERIFY(blackHole.listen(QHostAddress::LocalHost, 0));
        LdapConnectionSettings s = m_dir.rootSettings();
        s.connectTimeout = std::chrono::milliseconds(300);
        s.uris = QStringList{QStringLiteral("ldap://127.0.0.1:%1").arg(blackHole.serverPort()), m_dir->uri()};
        LdapConnection c(s);
        auto r = run<QString>([&](QObject *ctx, auto done) { c.whoAmI(ctx, done); });
        QVERIFY2(r.ok(), qPrintable(r.error().toString()));
        QCOMPARE(c.currentUri(), m_dir->uri());
    }

    void contextGoneMeansNoCallback()
    {
        bool called = false;
        {
            QObject ctx;
            m_conn->whoAmI(&ctx, [&](Result<QString>) { called = true; });
        }
        // Another operation after it completes on the same connection, in order.
        auto r = run<QString>([&](QObject *ctx, auto done) { m_conn->whoAmI(ctx, done); });
        QVERIFY(r.ok());
        QVERIFY(!called);
    }

    void pagedSearchReturnsEverything()
    {
        const int n = 10000;
        const LdapDn bulk = m_dir->base().child(QStringLiteral("ou"), QStringLiteral("bulk"));
        LdapEntry ou(bulk);
        ou.setTexts(QStringLiteral("objectClass"), {QStringLiteral("organizationalUnit")});
        ou.setText(QStringLiteral("ou"), QStringLiteral("bulk"));
        QVERIFY(add(*m_conn, ou).ok());
        int ok = 0, failed = 0;
        QObject ctx;
        for (int i = 0; i < n; ++i) {
            LdapEntry e(bulk.child(QStringLiteral("cn"), QStringLiteral("entry%1").arg(i)));
            e.setTexts(QStringLiteral("objectClass"), {QStringLiteral("organizationalRole")});
            e.setText(QStringLiteral("cn"), QStringLiteral("entry%1").arg(i));
            m_conn->add(e, &ctx, [&](Result<LdapWriteResult> r) { r.ok() ? ++ok : ++failed; });
        }
        QTRY_COMPARE_WITH_TIMEOUT(ok + failed, n, 120000);
        QCOMPARE(failed, 0);

        // As the bootstrap admin (not the root DN): limits must not cut the result short.
        LdapConnection admin(m_dir->adminSettings());
        LdapSearchRequest r;
        r.base = bulk;
        r.scope = LdapScope::OneLevel;
        r.attributes = QStringList{QStringLiteral("cn")};
        r.pageSize = 700;
        int pagesSeen = 0;
        r.onPage = [&](const QList<LdapEntry> &page) {
            ++pagesSeen;
            return !page.isEmpty();
        };
        auto res = search(admin, r);
        QVERIFY2(res.ok(), qPrintable(res.error().toString()));
        QCOMPARE(res->entries.size(), n);
        QCOMPARE(res->pages, (n + 699) / 700);
        QCOMPARE(pagesSeen, res->pages);
        QSet<QString> names;
        for (const LdapEntry &e : std::as_const(res->entries))
            names.insert(e.text(QStringLiteral("cn")));
        QCOMPARE(names.size(), n);

        // A small first page, then the usual size: every entry once.
        QList<qsizetype> sizes;
        r.firstPageSize = 100;
        r.onPage = [&](const QList<LdapEntry> &page) {
            sizes << page.size();
            return true;
        };
        auto firstSmall = search(admin, r);
        QVERIFY2(firstSmall.ok(), qPrintable(firstSmall.error().toString()));
        QCOMPARE(firstSmall->entries.size(), n);
        QCOMPARE(sizes.value(0), 100);
        QCOMPARE(sizes.value(1), 700);
        r.firstPageSize = 0;

        // Stopping early after the first page is reported as incomplete, not as everything.
        r.onPage = [](const QList<LdapEntry> &) { return false; };
        auto partial = search(admin, r);
        QVERIFY(partial.ok());
        QVERIFY(!partial->complete);
        QCOMPARE(partial->entries.size(), 700);

        // A size limit is an error, never a silently short list.
        LdapSearchRequest limited;
        limited.base = bulk;
        limited.scope = LdapScope::OneLevel;
        limited.sizeLimit = 10;
        auto cut = search(admin, limited);
        QVERIFY(!cut.ok());
        QCOMPARE(cut.error().code(), LdapCode::SizeLimitExceeded);
    }

    void concurrentCounterIncrementsAreDistinct()
    {
        const LdapDn counter = m_dir->base().child(QStringLiteral("ou"), QStringLiteral("counters")).child(QStringLiteral("cn"), QStringLiteral("pidcounter"));
        const QString attr = QStringLiteral("ispmanCurrPid");
        LdapConnection a(m_dir->adminSettings()), b(m_dir->adminSettings());
        QList<qint64> values;
        int errors = 0;
        QObject ctx;
        LdapWriteOptions o;
        o.postRead = QStringList{attr};
        for (int i = 0; i < 1000; ++i) {
            for (LdapConnection *c : {&a, &b}) {
                c->modify(counter, {LdapModification::increment(attr)}, o, &ctx, [&](Result<LdapWriteResult> r) {
                    if (r.ok() && r->postRead)
                        values << r->postRead->text(attr).toLongLong();
                    else
                        ++errors;
                });
            }
        }
        QTRY_COMPARE_WITH_TIMEOUT(values.size() + errors, 2000, 120000);
        QCOMPARE(errors, 0);
        const QSet<qint64> distinct(values.begin(), values.end());
        QCOMPARE(distinct.size(), 2000);
        const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
        QCOMPARE(*hi - *lo, 1999);
    }

    // Last: restarts the server.
    void reconnectAfterServerRestart()
    {
        LdapConnection c(m_dir.rootSettings());
        QVERIFY(run<QString>([&](QObject *ctx, auto done) { c.whoAmI(ctx, done); }).ok());
        QSignalSpy lost(&c, &LdapConnection::connectionLost);
        QSignalSpy connected(&c, &LdapConnection::connected);
        QVERIFY(m_dir->stop());
        QTRY_COMPARE_WITH_TIMEOUT(lost.size(), 1, 10000);
        QVERIFY(lost.first().first().value<LdapError>().isRetryable());

        // Issued while the server is down: waits, then completes once it is back.
        std::optional<Result<QString>> pending;
        QObject ctx;
        c.whoAmI(&ctx, [&](Result<QString> r) { pending.emplace(std::move(r)); });
        QTest::qWait(100);
        QVERIFY(!pending);
        QString error;
        QVERIFY2(m_dir->start(&error), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(pending.has_value(), 15000);
        QVERIFY2(pending->ok(), qPrintable(pending->error().toString()));
        QCOMPARE(connected.size(), 1);
        QVERIFY(read(m_people.child(QStringLiteral("uid"), QStringLiteral("alice")))); // data survived
    }
};

QTEST_GUILESS_MAIN(TestLdapConnection)
#include "tst_ldapconnection.moc"
