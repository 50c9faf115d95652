// The mail handler against a real slapd with the sample ISP, as the agent of mail1.example.net
// (and, for moves, of a second mail store with its own --root): users added through core get
// <root>/<domain>/<user>/Maildir with cur/new/tmp and the default folders, mode 0700 (owned by
// the user when the test runs as root, else by a fixed uid:gid); running again changes nothing;
// deleting a user removes its Maildir (and its folder when empty), not when the user exists
// again; a mailbox moved to another host is made there and removed here, and stale processes on
// either side do nothing; hostile addresses and ids written straight into the directory are
// refused with nothing touched, links are never followed; reconcile remakes a removed Maildir
// and reports folders without a mailbox, leaving them in place.
#include "agent/handlers/mailhandler.h"
#include "core/ops/domainops.h"
#include "core/ops/hostops.h"
#include "core/ops/userops.h"
#include "tests/agent/handlerfixture.h"

#include <QDirIterator>
#include <QFile>
#include <QMap>
#include <QScopeGuard>
#include <QTest>

#include <unistd.h>

#include <sys/stat.h>

using namespace Isp;
using namespace Isp::Core;

namespace {

const QString ThisHost = QStringLiteral("mail1.example.net");
const QString Host2 = QStringLiteral("mail2.example.net");
const QString TestDomain = QStringLiteral("post.example");

struct Node
{
    uint type = 0;
    uint mode = 0;
    uint uid = 0;
    uint gid = 0;
    qint64 inode = 0;
    qint64 mtime = 0;
    qint64 mtimeNs = 0;
    friend bool operator==(const Node &, const Node &) = default;
};

std::optional<Node> node(const QString &path)
{
    struct stat st
    {
    };
    if (::lstat(QFile::encodeName(path).constData(), &st) != 0)
        return std::nullopt;
    return Node { uint(st.st_mode & S_IFMT), uint(st.st_mode & 07777), st.st_uid, st.st_gid, qint64(st.st_ino),
        qint64(st.st_mtim.tv_sec), qint64(st.st_mtim.tv_nsec) };
}

bool isDirectory(const QString &path)
{
    const auto n = node(path);
    return n && n->type == S_IFDIR;
}

QString modeOf(const QString &path)
{
    const auto n = node(path);
    return n ? QString::number(n->mode, 8) : QStringLiteral("missing");
}

QMap<QString, Node> snapshot(const QString &root)
{
    QMap<QString, Node> out;
    QDirIterator it(
        root, QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString p = it.next();
        if (const auto n = node(p))
            out.insert(p, *n);
    }
    return out;
}

bool writeFile(const QString &path, const QByteArray &content)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(content) == content.size();
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestMailHandler : public QObject
{
    Q_OBJECT

private:
    Test::HandlerFixture m_fx;
    Agent::MailHandler m_handler;
    std::unique_ptr<DirectorySession> m_root; // the rootdn: writes values no operation would
    qint64 m_pid = 900000;
    // The second mail store: its own agent session, configuration and --root.
    std::unique_ptr<DirectorySession> m_agent2;
    Agent::AgentConfig m_config2;
    Agent::RootedPaths m_paths2;
    Agent::CommandRunner m_commands;
    Agent::ServiceReloader m_reloader { m_commands };

    DirectorySession &admin() { return m_fx.admin(); }
    QString maildir(const QString &local, const QString &domain = TestDomain)
    {
        return m_fx.path(QStringLiteral("/var/vmail/%1/%2/Maildir").arg(domain, local));
    }

    QString runQueued()
    {
        QStringList out;
        for (const auto &[pid, outcome] : m_fx.runAll(m_handler))
            out << QStringLiteral("process %1: %2").arg(pid).arg(outcome.message);
        return out.join(QLatin1Char('\n'));
    }

    Agent::Outcome run(const Process &p)
    {
        Agent::HandlerContext ctx = m_fx.context();
        return m_handler.run(p, ctx);
    }

    Agent::HandlerContext context2()
    {
        return Agent::HandlerContext { *m_agent2, m_config2, m_paths2, m_commands, m_reloader, Host2, { Host2 } };
    }

    // What core queued for the second host, run as its agent would; the failures' messages.
    QString runQueued2()
    {
        auto found = admin().find(admin().dit().processes(),
            LdapFilter::allOf({ LdapFilter::objectClass(QStringLiteral("ispmanProcesses")),
                LdapFilter::equals(QStringLiteral("ispmanHostName"), Host2) }));
        if (!found.ok())
            return found.error().toString();
        QList<Process> todo;
        for (const LdapEntry &e : std::as_const(*found)) {
            const Process p = Process::fromEntry(e);
            if (m_handler.processes().contains(p.name))
                todo << p;
        }
        std::sort(todo.begin(), todo.end(), [](const Process &a, const Process &b) { return a.priority < b.priority; });
        QStringList out;
        Agent::HandlerContext ctx = context2();
        for (const Process &p : std::as_const(todo)) {
            const Agent::Outcome o = m_handler.run(p, ctx);
            if (o.ok)
                (void)admin().remove(admin().dit().process(p.pid));
            else
                out << QStringLiteral("process %1: %2").arg(p.pid).arg(o.message);
        }
        return out.join(QLatin1Char('\n'));
    }

    Process process(const QString &name, const LdapDn &target, const QList<std::pair<QString, QString>> &params = {})
    {
        Process p;
        p.pid = ++m_pid;
        p.name = name;
        p.host = ThisHost;
        p.domain = TestDomain;
        p.params = params;
        p.target = target.toString();
        auto e = admin().read(target, { QStringLiteral("entryUUID") });
        if (e.ok() && e->has_value())
            p.targetUuid = (*e)->text(QStringLiteral("entryUUID"));
        return p;
    }

    MailUser addUser(const QString &local)
    {
        UserOps::UserSpec s;
        s.domain = TestDomain;
        s.localPart = local;
        s.givenName = QStringLiteral("Test");
        s.surname = QStringLiteral("User");
        auto u = UserOps::add(admin(), s);
        if (!u.ok())
            qWarning("%s", qPrintable(u.error().toString()));
        return u.ok() ? *u : MailUser {};
    }

    void setAttribute(const LdapDn &dn, const QString &attribute, const QString &value)
    {
        auto r = m_root->modify(dn, { LdapModification::replace(attribute, value) });
        QVERIFY2(r.ok(), qPrintable(r.error().toString()));
    }

private Q_SLOTS:
    void initTestCase()
    {
        ISP_START_DIRECTORY(m_fx, ThisHost);
        m_root = std::make_unique<DirectorySession>(m_fx.directory().rootSettings(), Dit(m_fx.directory()->base()));
        // Owned by whoever runs the test (chown to oneself works unprivileged); "user" is
        // covered by ownersPerUser() when the test runs as root.
        m_fx.config().mail.owner = QStringLiteral("%1:%2").arg(::getuid()).arg(::getgid());

        DomainOps::DomainSpec d;
        d.name = TestDomain;
        d.type = QStringLiteral("nodns");
        d.mailDropHost = ThisHost;
        d.fileServer = QStringLiteral("web1.example.net");
        auto added = DomainOps::add(admin(), d);
        QVERIFY2(added.ok(), qPrintable(added.error().toString()));

        HostOps::HostSpec h;
        h.name = Host2;
        h.ip = QStringLiteral("192.0.2.21");
        h.groups = { QStringLiteral("mailstoregroup") };
        QVERIFY(HostOps::add(admin(), h).ok());
        QVERIFY(HostOps::setPassword(admin(), Host2, QStringLiteral("agent-secret-2")).ok());
        LdapConnectionSettings s = m_fx.directory().rootSettings();
        s.bindDn = admin().dit().host(Host2).toString();
        s.password = "agent-secret-2";
        m_agent2 = std::make_unique<DirectorySession>(s, Dit(m_fx.directory()->base()));
        m_config2 = m_fx.config();
        m_config2.hostName = Host2;
        m_config2.root = m_fx.tempPath() + QStringLiteral("/root2");
        QVERIFY(QDir().mkpath(m_config2.root));
        m_paths2 = Agent::RootedPaths(m_config2.root);
    }

    void createsTheMaildirOnce()
    {
        const MailUser ann = addUser(QStringLiteral("ann"));
        QCOMPARE(ann.mailHost, ThisHost);
        const QList<Process> queued = m_fx.processes(QStringLiteral("createMailbox"));
        QCOMPARE(queued.size(), 1);
        QCOMPARE(runQueued(), QString());

        const QString box = maildir(QStringLiteral("ann"));
        QCOMPARE(modeOf(m_fx.path(QStringLiteral("/var/vmail/post.example"))), QStringLiteral("711"));
        QCOMPARE(modeOf(m_fx.path(QStringLiteral("/var/vmail/post.example/ann"))), QStringLiteral("700"));
        for (const QString &sub :
            { QString(), QStringLiteral("/cur"), QStringLiteral("/new"), QStringLiteral("/tmp") }) {
            QVERIFY2(isDirectory(box + sub), qPrintable(box + sub));
            QCOMPARE(modeOf(box + sub), QStringLiteral("700"));
            QCOMPARE(node(box + sub)->uid, uint(::getuid()));
        }
        // conf defaultMailboxFolders (Drafts Sent Trash), as Maildir++ folders.
        for (const QString &folder :
            { QStringLiteral("/.Drafts"), QStringLiteral("/.Sent"), QStringLiteral("/.Trash") }) {
            for (const QString &sub : { QStringLiteral("/cur"), QStringLiteral("/new"), QStringLiteral("/tmp") })
                QVERIFY2(isDirectory(box + folder + sub), qPrintable(box + folder + sub));
            QCOMPARE(node(box + folder + QStringLiteral("/maildirfolder"))->type, uint(S_IFREG));
        }

        const auto before = snapshot(m_fx.config().root);
        const Agent::Outcome again = run(queued.first());
        QVERIFY2(again.ok && !again.changed, qPrintable(again.message));
        QCOMPARE(snapshot(m_fx.config().root), before);
    }

    void ownersPerUser()
    {
        if (::geteuid() != 0)
            QSKIP("giving mailboxes to their users needs root: run the tests as root to cover [mail] owner = user");
        const QString fixed = m_fx.config().mail.owner;
        m_fx.config().mail.owner = QStringLiteral("user");
        auto restore = qScopeGuard([&] { m_fx.config().mail.owner = fixed; });
        const MailUser bob = addUser(QStringLiteral("bob"));
        QCOMPARE(runQueued(), QString());
        const QString box = maildir(QStringLiteral("bob"));
        for (const QString &p :
            { m_fx.path(QStringLiteral("/var/vmail/post.example/bob")), box, box + QStringLiteral("/new"),
                box + QStringLiteral("/.Trash"), box + QStringLiteral("/.Trash/maildirfolder") }) {
            QCOMPARE(node(p)->uid, uint(bob.uidNumber));
            QCOMPARE(node(p)->gid, uint(bob.gidNumber));
        }
    }

    void deleteRemovesTheMaildir()
    {
        const MailUser cat = addUser(QStringLiteral("cat"));
        const MailUser dan = addUser(QStringLiteral("dan"));
        QCOMPARE(runQueued(), QString());
        QVERIFY(writeFile(
            maildir(QStringLiteral("cat")) + QStringLiteral("/new/1700000000.M1P1.mail1"), "Subject: hi\n\nhello\n"));
        // Something of the user's beside the Maildir (a sieve script): the folder stays for it.
        QVERIFY(writeFile(m_fx.path(QStringLiteral("/var/vmail/post.example/dan/sieve/main.sieve")), "keep;"));
        QVERIFY(UserOps::remove(admin(), cat.address).ok());
        QVERIFY(UserOps::remove(admin(), dan.address).ok());
        const QList<Process> deletes = m_fx.processes(QStringLiteral("deleteMailbox"));
        QCOMPARE(deletes.size(), 2);
        QCOMPARE(runQueued(), QString());
        QVERIFY(!node(m_fx.path(QStringLiteral("/var/vmail/post.example/cat"))));
        QVERIFY(!node(maildir(QStringLiteral("dan"))));
        QCOMPARE(
            readFile(m_fx.path(QStringLiteral("/var/vmail/post.example/dan/sieve/main.sieve"))), QByteArray("keep;"));
        QVERIFY(isDirectory(maildir(QStringLiteral("ann"))));
        for (const Process &p : deletes) {
            const Agent::Outcome o = run(p);
            QVERIFY2(o.ok && !o.changed, qPrintable(o.message));
        }
    }

    void deleteKeepsAUserThatExistsAgain()
    {
        const MailUser eli = addUser(QStringLiteral("eli"));
        QCOMPARE(runQueued(), QString());
        const QString mail = maildir(QStringLiteral("eli")) + QStringLiteral("/cur/1700000000.M2P2.mail1:2,S");
        QVERIFY(writeFile(mail, "Subject: keep me\n\n"));
        QVERIFY(UserOps::remove(admin(), eli.address).ok());
        QVERIFY(!addUser(QStringLiteral("eli")).uid.isEmpty());
        QCOMPARE(m_fx.processes(QStringLiteral("deleteMailbox")).size(), 1);
        QCOMPARE(runQueued(), QString());
        QCOMPARE(readFile(mail), QByteArray("Subject: keep me\n\n"));
        QVERIFY(m_fx.processes(QStringLiteral("deleteMailbox")).isEmpty());
    }

    void movedMailbox()
    {
        const MailUser fox = addUser(QStringLiteral("fox"));
        QCOMPARE(runQueued(), QString());
        QVERIFY(isDirectory(maildir(QStringLiteral("fox"))));
        const LdapDn dn = admin().dit().user(TestDomain, fox.uid);
        const Process staleCreate = process(QStringLiteral("createMailbox"), dn);

        UserOps::UserChange change;
        change.mailHost = Host2;
        auto moved = UserOps::edit(admin(), fox.address, change);
        QVERIFY2(moved.ok(), qPrintable(moved.error().toString()));
        const QList<Process> here = m_fx.processes();
        QCOMPARE(here.size(), 1);
        QCOMPARE(here.first().name, QStringLiteral("deleteMailbox"));

        // The new host makes it (before the old one removes it: no window without a mailbox).
        QCOMPARE(runQueued2(), QString());
        const QString there = m_config2.root + QStringLiteral("/var/vmail/post.example/fox/Maildir");
        QVERIFY(isDirectory(there + QStringLiteral("/new")));
        QCOMPARE(runQueued(), QString());
        QVERIFY(!node(m_fx.path(QStringLiteral("/var/vmail/post.example/fox"))));

        // Stale work on either side changes nothing: a create here, a delete there.
        const Agent::Outcome c = run(staleCreate);
        QVERIFY2(c.ok && !c.changed && c.message.contains(Host2), qPrintable(c.message));
        QVERIFY(!node(m_fx.path(QStringLiteral("/var/vmail/post.example/fox"))));
        Process staleDelete
            = process(QStringLiteral("deleteMailbox"), dn, { { QStringLiteral("mailbox"), fox.address } });
        Agent::HandlerContext ctx2 = context2();
        const Agent::Outcome d = m_handler.run(staleDelete, ctx2);
        QVERIFY2(d.ok && !d.changed, qPrintable(d.message));
        QVERIFY(isDirectory(there));
    }

    void hostileValuesAreRefused_data()
    {
        QTest::addColumn<QString>("attribute");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("owner");
        QTest::newRow("dot-dot local part")
            << QStringLiteral("mailLocalAddress") << QStringLiteral("..@post.example") << QString();
        QTest::newRow("slash in the local part")
            << QStringLiteral("mailLocalAddress") << QStringLiteral("a/../../etc@post.example") << QString();
        QTest::newRow("dot-dot domain") << QStringLiteral("mailLocalAddress") << QStringLiteral("gil@..") << QString();
        QTest::newRow("path as the domain")
            << QStringLiteral("mailLocalAddress") << QStringLiteral("gil@../../etc") << QString();
        QTest::newRow("another domain's folder")
            << QStringLiteral("mailLocalAddress") << QStringLiteral("gil@example.com") << QString();
        QTest::newRow("no at sign") << QStringLiteral("mailLocalAddress") << QStringLiteral("gil") << QString();
        QTest::newRow("newline") << QStringLiteral("mailLocalAddress") << QStringLiteral("gil\nx@post.example")
                                 << QString();
        QTest::newRow("root's uid") << QStringLiteral("uidNumber") << QStringLiteral("0") << QStringLiteral("user");
        QTest::newRow("not a number") << QStringLiteral("gidNumber") << QStringLiteral("-1") << QStringLiteral("user");
    }

    void hostileValuesAreRefused()
    {
        QFETCH(QString, attribute);
        QFETCH(QString, value);
        QFETCH(QString, owner);
        static MailUser gil;
        if (gil.uid.isEmpty()) {
            gil = addUser(QStringLiteral("gil"));
            QCOMPARE(runQueued(), QString());
            QVERIFY(QDir(m_fx.path(QStringLiteral("/var/vmail/post.example/gil"))).removeRecursively());
        }
        QVERIFY(writeFile(m_fx.path(QStringLiteral("/etc/passwd")), "root:x:0:0::/root:/bin/sh\n"));
        QVERIFY(writeFile(m_fx.path(QStringLiteral("/var/vmail/example.com/gil/Maildir/new/theirs")), "not gil's"));
        const LdapDn dn = admin().dit().user(TestDomain, gil.uid);
        auto read = admin().read(dn, { attribute });
        QVERIFY(read.ok() && read->has_value());
        const QString old = (*read)->text(attribute);
        const QString fixed = m_fx.config().mail.owner;
        auto restore = qScopeGuard([&] {
            setAttribute(dn, attribute, old);
            m_fx.config().mail.owner = fixed;
        });
        if (!owner.isEmpty())
            m_fx.config().mail.owner = owner;
        setAttribute(dn, attribute, value);
        const auto before = snapshot(m_fx.config().root);

        const Agent::Outcome made = run(process(QStringLiteral("createMailbox"), dn));
        QVERIFY2(!made.ok && made.message.startsWith(QStringLiteral("refused: ")), qPrintable(made.message));
        // The same address in a delete of a gone user ("gil@example.com" is a valid address of
        // another domain: a delete naming it would be core's to send).
        if (attribute == QLatin1String("mailLocalAddress") && value != QLatin1String("gil@example.com")) {
            const Agent::Outcome removed = run(process(QStringLiteral("deleteMailbox"),
                admin().dit().user(TestDomain, QStringLiteral("gone_post_example")),
                { { QStringLiteral("mailbox"), value } }));
            QVERIFY2(
                !removed.ok && removed.message.startsWith(QStringLiteral("refused: ")), qPrintable(removed.message));
        }
        QCOMPARE(snapshot(m_fx.config().root), before);
    }

    void linksAreNeverFollowed()
    {
        const QString outside = m_fx.path(QStringLiteral("/srv/outside"));
        QVERIFY(writeFile(outside + QStringLiteral("/precious"), "precious"));
        QVERIFY(
            QFile(outside).setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner));
        const auto outsideBefore = snapshot(m_fx.path(QStringLiteral("/srv")));
        const auto outsideNode = node(outside);
        const QByteArray target = QFile::encodeName(outside);

        const MailUser hal = addUser(QStringLiteral("hal"));
        const MailUser ivy = addUser(QStringLiteral("ivy"));
        QCOMPARE(runQueued(), QString());
        // A link inside a Maildir, and a link where a Maildir folder belongs.
        QVERIFY(::symlink(target.constData(),
                    QFile::encodeName(maildir(QStringLiteral("hal")) + QStringLiteral("/new/link")).constData())
            == 0);
        QVERIFY(QDir(maildir(QStringLiteral("ivy")) + QStringLiteral("/cur")).removeRecursively());
        QVERIFY(::symlink(target.constData(),
                    QFile::encodeName(maildir(QStringLiteral("ivy")) + QStringLiteral("/cur")).constData())
            == 0);
        const Agent::Outcome made
            = run(process(QStringLiteral("createMailbox"), admin().dit().user(TestDomain, ivy.uid)));
        QVERIFY2(!made.ok && made.message.contains(QStringLiteral("symbolic link")), qPrintable(made.message));
        QCOMPARE(node(outside), outsideNode);

        QVERIFY(UserOps::remove(admin(), hal.address).ok());
        QVERIFY(UserOps::remove(admin(), ivy.address).ok());
        QCOMPARE(runQueued(), QString());
        QVERIFY(!node(m_fx.path(QStringLiteral("/var/vmail/post.example/hal"))));
        QVERIFY(!node(m_fx.path(QStringLiteral("/var/vmail/post.example/ivy"))));
        QCOMPARE(snapshot(m_fx.path(QStringLiteral("/srv"))), outsideBefore);
        QCOMPARE(readFile(outside + QStringLiteral("/precious")), QByteArray("precious"));
    }

    void reconcileRepairsAndReports()
    {
        // Drift: a Maildir gone, a mode changed.
        QVERIFY(QDir(maildir(QStringLiteral("ann"))).removeRecursively());
        QVERIFY(::chmod(QFile::encodeName(m_fx.path(QStringLiteral("/var/vmail/post.example/eli"))).constData(), 0755)
            == 0);
        // Folders without a mailbox here, with mail in them.
        QVERIFY(writeFile(m_fx.path(QStringLiteral("/var/vmail/post.example/stranger/Maildir/new/1")), "mail"));
        QVERIFY(writeFile(m_fx.path(QStringLiteral("/var/vmail/unknown.example/x/Maildir/new/1")), "mail"));

        Agent::HandlerContext ctx = m_fx.context();
        const Agent::ReconcileReport r = m_handler.reconcile(ctx);
        // The sample's four mailboxes on mail1 and ours.
        QVERIFY2(r.checked >= 4 + 2, qPrintable(QString::number(r.checked)));
        QVERIFY(r.repaired >= 2);
        QVERIFY(isDirectory(maildir(QStringLiteral("ann")) + QStringLiteral("/tmp")));
        QVERIFY(isDirectory(maildir(QStringLiteral("ann")) + QStringLiteral("/.Sent")));
        QCOMPARE(modeOf(m_fx.path(QStringLiteral("/var/vmail/post.example/eli"))), QStringLiteral("700"));
        QVERIFY(isDirectory(maildir(QStringLiteral("john"), QStringLiteral("example.com")) + QStringLiteral("/new")));
        QVERIFY(!node(m_fx.path(QStringLiteral("/var/vmail/post.example/fox")))); // on mail2 now

        const QString all = r.problems.join(QLatin1Char('\n'));
        QVERIFY2(all.contains(QStringLiteral("/var/vmail/post.example/stranger:")), qPrintable(all));
        QVERIFY2(all.contains(QStringLiteral("/var/vmail/unknown.example:")), qPrintable(all));
        QCOMPARE(
            readFile(m_fx.path(QStringLiteral("/var/vmail/post.example/stranger/Maildir/new/1"))), QByteArray("mail"));
        QCOMPARE(readFile(m_fx.path(QStringLiteral("/var/vmail/unknown.example/x/Maildir/new/1"))), QByteArray("mail"));

        const auto before = snapshot(m_fx.config().root);
        const Agent::ReconcileReport again = m_handler.reconcile(ctx);
        QCOMPARE(again.repaired, 0);
        QCOMPARE(again.problems, r.problems);
        QCOMPARE(snapshot(m_fx.config().root), before);
    }
};

QTEST_GUILESS_MAIN(TestMailHandler)
#include "tst_mailhandler.moc"
