// The files handler against a real slapd with the sample ISP, as the agent of web1.example.net,
// with every folder under a temporary --root: domains, users and websites added through core
// make the 1.x layout with its modes (and owners, when the test runs as root); running the same
// processes again changes nothing; deletes remove the trees, but not when the object exists
// again; objects placed on another file server are left alone; hostile paths written straight
// into the directory as its rootdn (system folders, "..", relative, control characters, the base
// itself) are refused with nothing touched; links planted in homes are never followed, neither
// when folders are made nor when homes are removed; reconcile remakes missing folders, corrects
// modes, and reports folders it does not know without removing them.
#include "agent/handlers/fileshandler.h"
#include "core/ops/domainops.h"
#include "core/ops/hostops.h"
#include "core/ops/userops.h"
#include "core/ops/vhostops.h"
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

const QString ThisHost = QStringLiteral("web1.example.net");
const QString Other = QStringLiteral("files2.example.net");
const QString TestDomain = QStringLiteral("files.example");

// What lstat() says about one path: equal only if nothing was made, removed, replaced,
// rewritten, given away or re-moded.
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

uint modeOf(const QString &path)
{
    const auto n = node(path);
    return n ? n->mode : 0xffff;
}

// Everything below `root`, without following links.
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

class TestFilesHandler : public QObject
{
    Q_OBJECT

private:
    Test::HandlerFixture m_fx;
    Agent::FilesHandler m_handler;
    std::unique_ptr<DirectorySession> m_root; // the rootdn: writes values no operation would
    qint64 m_pid = 900000;

    DirectorySession &admin() { return m_fx.admin(); }

    // Runs what core queued for this host; the failures' messages, empty when all succeeded.
    QString runQueued()
    {
        QStringList out;
        for (const auto &[pid, outcome] : m_fx.runAll(m_handler))
            out << QStringLiteral("process %1: %2").arg(pid).arg(outcome.message);
        return out.join(u'\n');
    }

    Agent::Outcome run(const Process &p)
    {
        Agent::HandlerContext ctx = m_fx.context();
        return m_handler.run(p, ctx);
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

    MailUser addUser(const QString &local, const QString &domain = TestDomain)
    {
        UserOps::UserSpec s;
        s.domain = domain;
        s.localPart = local;
        s.givenName = QStringLiteral("Test");
        s.surname = QStringLiteral("User");
        auto u = UserOps::add(admin(), s);
        if (!u.ok())
            qWarning("%s", qPrintable(u.error().toString()));
        return u.ok() ? *u : MailUser {};
    }

    Vhost addVhost(const QString &name, const QString &domain = TestDomain)
    {
        VhostOps::VhostSpec s;
        s.domain = domain;
        s.name = name;
        auto v = VhostOps::add(admin(), s);
        if (!v.ok())
            qWarning("%s", qPrintable(v.error().toString()));
        return v.ok() ? *v : Vhost {};
    }

    Domain addDomain(const QString &name, const QString &fileServer = ThisHost)
    {
        DomainOps::DomainSpec d;
        d.name = name;
        d.type = QStringLiteral("nodns");
        d.fileServer = fileServer;
        d.webHosts = { ThisHost };
        d.mailDropHost = QStringLiteral("mail1.example.net");
        auto r = DomainOps::add(admin(), d);
        if (!r.ok())
            qWarning("%s", qPrintable(r.error().toString()));
        return r.ok() ? r->domain : Domain {};
    }

    void setAttribute(const LdapDn &dn, const QString &attribute, const QString &value)
    {
        auto r = m_root->modify(dn, { LdapModification::replace(attribute, value) });
        QVERIFY2(r.ok(), qPrintable(r.error().toString()));
    }

    // Removes failed processes that a test provoked, so that later runs do not meet them again.
    void forget(const QList<std::pair<qint64, Agent::Outcome>> &failures)
    {
        for (const auto &[pid, outcome] : failures)
            (void)admin().remove(admin().dit().process(pid));
    }

private Q_SLOTS:
    void initTestCase()
    {
        ISP_START_DIRECTORY(m_fx, ThisHost);
        m_root = std::make_unique<DirectorySession>(m_fx.directory().rootSettings(), Dit(m_fx.directory()->base()));
        QVERIFY(!addDomain(TestDomain).homeDirectory.isEmpty());
        QCOMPARE(runQueued(), QString());
    }

    void createsTheLayoutOnce()
    {
        const MailUser ann = addUser(QStringLiteral("ann"));
        const Vhost www = addVhost(QStringLiteral("www"));
        QCOMPARE(ann.homeDirectory, QStringLiteral("/var/www/files.example/users/ann_files_example"));
        QCOMPARE(www.homeDirectory, QStringLiteral("/var/www/files.example/vhosts/www"));
        const QList<Process> queued = m_fx.processes();
        QCOMPARE(runQueued(), QString());

        const QString d = m_fx.path(QStringLiteral("/var/www/files.example"));
        const QString u = m_fx.path(ann.homeDirectory);
        const QString v = m_fx.path(www.homeDirectory);
        for (const auto &[path, mode] :
            { std::pair { d, 0755u }, std::pair { d + QStringLiteral("/users"), 0711u },
                std::pair { d + QStringLiteral("/vhosts"), 0755u }, std::pair { u, 0711u },
                std::pair { u + QStringLiteral("/public_html"), 0755u }, std::pair { v, 0755u },
                std::pair { v + QStringLiteral("/htdocs"), 0755u }, std::pair { v + QStringLiteral("/cgi-bin"), 0755u },
                std::pair { v + QStringLiteral("/stats"), 0755u }, std::pair { v + QStringLiteral("/logs"), 0750u } }) {
            QVERIFY2(isDirectory(path), qPrintable(path));
            QCOMPARE(QString::number(modeOf(path), 8), QString::number(mode, 8));
        }

        // The same processes again: nothing changes, and they say so.
        const auto before = snapshot(m_fx.config().root);
        for (const Process &p : queued) {
            if (!m_handler.processes().contains(p.name))
                continue;
            const Agent::Outcome o = run(p);
            QVERIFY2(o.ok, qPrintable(o.message));
            QVERIFY2(!o.changed, qPrintable(p.name + QStringLiteral(": ") + o.message));
        }
        QCOMPARE(snapshot(m_fx.config().root), before);
    }

    void ownersWhenRoot()
    {
        if (::geteuid() != 0)
            QSKIP("giving folders to their users needs root: run the tests as root to cover [files] chown");
        m_fx.config().files.chown = true;
        auto restore = qScopeGuard([this] { m_fx.config().files.chown = false; });
        const Domain d = addDomain(QStringLiteral("owned.example"));
        const MailUser bea = addUser(QStringLiteral("bea"), d.name);
        const Vhost shop = addVhost(QStringLiteral("shop"), d.name);
        QCOMPARE(runQueued(), QString());

        const QString home = m_fx.path(d.homeDirectory);
        for (const QString &p : { home, home + QStringLiteral("/users"), home + QStringLiteral("/vhosts") }) {
            QCOMPARE(node(p)->uid, uint(d.uidNumber));
            QCOMPARE(node(p)->gid, uint(d.gidNumber));
        }
        for (const QString &p :
            { m_fx.path(bea.homeDirectory), m_fx.path(bea.homeDirectory) + QStringLiteral("/public_html") }) {
            QCOMPARE(node(p)->uid, uint(bea.uidNumber));
            QCOMPARE(node(p)->gid, uint(bea.gidNumber));
        }
        const QString site = m_fx.path(shop.homeDirectory);
        for (const QString &p : { site, site + QStringLiteral("/htdocs"), site + QStringLiteral("/cgi-bin"),
                 site + QStringLiteral("/stats") }) {
            QCOMPARE(node(p)->uid, uint(shop.uidNumber));
            QCOMPARE(node(p)->gid, uint(shop.gidNumber));
        }
        // Apache writes the logs as root: the customer may read them, not replace them.
        QCOMPARE(node(site + QStringLiteral("/logs"))->uid, 0u);
        QCOMPARE(node(site + QStringLiteral("/logs"))->gid, uint(shop.gidNumber));

        // An owner changed behind the agent's back is given back by the next run.
        QVERIFY(::chown(QFile::encodeName(site + QStringLiteral("/htdocs")).constData(), 0, 0) == 0);
        const Agent::Outcome o
            = run(process(QStringLiteral("AddVirtualHostDirectories"), Vhost::dn(admin().dit(), d.name, shop.name)));
        QVERIFY2(o.ok && o.changed, qPrintable(o.message));
        QCOMPARE(node(site + QStringLiteral("/htdocs"))->uid, uint(shop.uidNumber));
    }

    void deleteRemovesTheTree()
    {
        const MailUser cid = addUser(QStringLiteral("cid"));
        const Vhost blog = addVhost(QStringLiteral("blog"));
        QCOMPARE(runQueued(), QString());
        const QString u = m_fx.path(cid.homeDirectory);
        const QString v = m_fx.path(blog.homeDirectory);
        QVERIFY(writeFile(u + QStringLiteral("/public_html/index.html"), "hello"));
        QVERIFY(writeFile(u + QStringLiteral("/deep/er/and/deeper/file"), "x"));
        QVERIFY(writeFile(v + QStringLiteral("/htdocs/.htaccess"), "Require all granted"));
        QVERIFY(QFile(v + QStringLiteral("/htdocs/.htaccess"))
                    .setPermissions(QFileDevice::ReadOwner)); // read-only files go too

        QVERIFY(UserOps::remove(admin(), QStringLiteral("cid@files.example")).ok());
        QVERIFY(VhostOps::remove(admin(), TestDomain, QStringLiteral("blog")).ok());
        QList<Process> deletes;
        for (const Process &p : m_fx.processes()) {
            if (p.name == QStringLiteral("deleteHomeDirectory")
                || p.name == QStringLiteral("DeleteVirtualHostDirectories"))
                deletes << p;
        }
        QCOMPARE(deletes.size(), 2);
        QCOMPARE(runQueued(), QString());
        QVERIFY(!node(u));
        QVERIFY(!node(v));
        QVERIFY(isDirectory(m_fx.path(QStringLiteral("/var/www/files.example/users"))));
        QVERIFY(isDirectory(m_fx.path(QStringLiteral("/var/www/files.example/vhosts/www"))));

        // Again: already gone, nothing to do.
        for (const Process &p : std::as_const(deletes)) {
            const Agent::Outcome o = run(p);
            QVERIFY2(o.ok && !o.changed, qPrintable(o.message));
        }
    }

    void deleteKeepsAnObjectThatExistsAgain()
    {
        const MailUser dan = addUser(QStringLiteral("dan"));
        QCOMPARE(runQueued(), QString());
        const QString u = m_fx.path(dan.homeDirectory);
        QVERIFY(writeFile(u + QStringLiteral("/public_html/keep.html"), "mine"));
        QVERIFY(UserOps::remove(admin(), QStringLiteral("dan@files.example")).ok());
        // Made again before the agent got to the delete: the home is the new user's.
        QVERIFY(!addUser(QStringLiteral("dan")).uid.isEmpty());
        QCOMPARE(m_fx.processes(QStringLiteral("deleteHomeDirectory")).size(), 1);
        QCOMPARE(runQueued(), QString());
        QCOMPARE(readFile(u + QStringLiteral("/public_html/keep.html")), QByteArray("mine"));
        QVERIFY(m_fx.processes(QStringLiteral("deleteHomeDirectory")).isEmpty()); // done, not failed
    }

    void deleteKeepsAHomeAnotherObjectHolds()
    {
        const MailUser fred = addUser(QStringLiteral("fred"));
        QCOMPARE(runQueued(), QString());
        const QString domainHome = m_fx.path(QStringLiteral("/var/www/files.example"));
        // A delete naming the domain's home or its users folder (a user whose homeDirectory had
        // been set to it): live objects still live there.
        for (const QString &path :
            { QStringLiteral("/var/www/files.example"), QStringLiteral("/var/www/files.example/users") }) {
            const Agent::Outcome o = run(process(QStringLiteral("deleteHomeDirectory"),
                admin().dit().user(TestDomain, QStringLiteral("nobody_files_example")),
                { { QStringLiteral("homeDirectory"), path } }));
            QVERIFY2(o.ok && !o.changed, qPrintable(o.message));
            QVERIFY2(o.message.contains(QStringLiteral("left in place")), qPrintable(o.message));
        }
        QVERIFY(isDirectory(m_fx.path(fred.homeDirectory)));
        QVERIFY(isDirectory(domainHome + QStringLiteral("/vhosts/www/htdocs")));
    }

    void deletedDomainTakesEverything()
    {
        const Domain gone = addDomain(QStringLiteral("gone.example"));
        const MailUser u = addUser(QStringLiteral("gil"), gone.name);
        const Vhost v = addVhost(QStringLiteral("www"), gone.name);
        QCOMPARE(runQueued(), QString());
        QVERIFY(writeFile(m_fx.path(v.homeDirectory) + QStringLiteral("/htdocs/index.html"), "bye"));
        QVERIFY(isDirectory(m_fx.path(u.homeDirectory)));
        auto removed = DomainOps::remove(admin(), gone.name);
        QVERIFY2(removed.ok(), qPrintable(removed.error().toString()));
        QCOMPARE(runQueued(), QString());
        QVERIFY(!node(m_fx.path(gone.homeDirectory)));
        QVERIFY(isDirectory(m_fx.path(QStringLiteral("/var/www/files.example"))));
    }

    void objectsPlacedElsewhereAreLeftAlone()
    {
        HostOps::HostSpec h;
        h.name = Other;
        h.ip = QStringLiteral("192.0.2.40");
        QVERIFY(HostOps::add(admin(), h).ok());
        const Domain away = addDomain(QStringLiteral("away.example"), Other);
        const MailUser hal = addUser(QStringLiteral("hal"), away.name);
        QVERIFY(!hal.uid.isEmpty());
        QCOMPARE(hal.fileHost, Other);
        QVERIFY(m_fx.processes(QStringLiteral("createHomeDirectory")).isEmpty()); // queued for the other host
        for (const Process &p : { process(QStringLiteral("createDomainDirectories"), admin().dit().domain(away.name)),
                 process(QStringLiteral("createHomeDirectory"), admin().dit().user(away.name, hal.uid)) }) {
            const Agent::Outcome o = run(p);
            QVERIFY2(o.ok && !o.changed, qPrintable(o.message));
            QVERIFY2(o.message.contains(Other), qPrintable(o.message));
        }
        QVERIFY(!node(m_fx.path(away.homeDirectory)));
    }

    void hostilePathsAreRefused_data()
    {
        QTest::addColumn<QString>("path");
        QTest::newRow("system folder") << QStringLiteral("/etc");
        QTest::newRow("dot-dot out of the base") << QStringLiteral("/var/www/../../etc");
        QTest::newRow("dot-dot inside the base") << QStringLiteral("/var/www/a/../../x");
        QTest::newRow("dot-dot at the end") << QStringLiteral("/var/www/files.example/..");
        QTest::newRow("dot") << QStringLiteral("/var/www/./files.example");
        QTest::newRow("empty component") << QStringLiteral("/var/www//etc");
        QTest::newRow("relative") << QStringLiteral("var/www/files.example/users/x");
        QTest::newRow("relative dot-dot") << QStringLiteral("../../etc");
        QTest::newRow("newline") << QStringLiteral("/var/www/files.example/users/a\nb");
        QTest::newRow("escape character") << QStringLiteral("/var/www/files.example/users/a\x1b[2J");
        QTest::newRow("the base itself") << QStringLiteral("/var/www");
        QTest::newRow("the base with a slash") << QStringLiteral("/var/www/");
        QTest::newRow("a name that starts like a base") << QStringLiteral("/var/wwwx/evil");
        QTest::newRow("the other base") << QStringLiteral("/home");
        QTest::newRow("root") << QStringLiteral("/");
    }

    void hostilePathsAreRefused()
    {
        QFETCH(QString, path);
        // Things a path could reach if it escaped: they must survive untouched.
        QVERIFY(writeFile(m_fx.path(QStringLiteral("/etc/passwd")), "root:x:0:0::/root:/bin/sh\n"));
        QVERIFY(writeFile(m_fx.path(QStringLiteral("/x/keep")), "keep"));
        QVERIFY(writeFile(m_fx.path(QStringLiteral("/var/wwwx/evil/keep")), "keep"));
        QVERIFY(writeFile(m_fx.path(QStringLiteral("/home/someone/keep")), "keep"));
        static MailUser eve;
        if (eve.uid.isEmpty()) {
            eve = addUser(QStringLiteral("eve"));
            QCOMPARE(runQueued(), QString());
        }
        const LdapDn eveDn = admin().dit().user(TestDomain, eve.uid);
        const LdapDn domainDn = admin().dit().domain(TestDomain);
        const LdapDn wwwDn = Vhost::dn(admin().dit(), TestDomain, QStringLiteral("www"));
        auto restore = qScopeGuard([&] {
            setAttribute(eveDn, QStringLiteral("homeDirectory"), eve.homeDirectory);
            setAttribute(domainDn, QStringLiteral("homeDirectory"), QStringLiteral("/var/www/files.example"));
            setAttribute(wwwDn, QStringLiteral("homeDirectory"), QStringLiteral("/var/www/files.example/vhosts/www"));
        });
        setAttribute(eveDn, QStringLiteral("homeDirectory"), path);
        setAttribute(domainDn, QStringLiteral("homeDirectory"), path);
        setAttribute(wwwDn, QStringLiteral("homeDirectory"), path);
        const auto before = snapshot(m_fx.config().root);

        const QList<Process> hostile {
            process(QStringLiteral("createHomeDirectory"), eveDn),
            process(QStringLiteral("createDomainDirectories"), domainDn),
            process(QStringLiteral("AddVirtualHostDirectories"), wwwDn),
            // Deletes of gone objects carrying the path.
            process(QStringLiteral("deleteHomeDirectory"),
                admin().dit().user(TestDomain, QStringLiteral("gone_files_example")),
                { { QStringLiteral("homeDirectory"), path } }),
            process(QStringLiteral("deleteDomainDirectories"), admin().dit().domain(QStringLiteral("gone.example")),
                { { QStringLiteral("homeDirectory"), path } }),
            process(QStringLiteral("DeleteVirtualHostDirectories"),
                Vhost::dn(admin().dit(), TestDomain, QStringLiteral("gone")),
                { { QStringLiteral("homeDirectory"), path } }),
        };
        for (const Process &p : hostile) {
            const Agent::Outcome o = run(p);
            QVERIFY2(!o.ok, qPrintable(p.name + QStringLiteral(" was not refused: ") + o.message));
            QVERIFY2(o.message.startsWith(QStringLiteral("refused: homeDirectory: ")), qPrintable(o.message));
        }
        QCOMPARE(snapshot(m_fx.config().root), before);
    }

    void hostileWebsiteFolders_data()
    {
        QTest::addColumn<QString>("attribute");
        QTest::addColumn<QString>("value");
        QTest::newRow("document root out of the home")
            << QStringLiteral("ispmanVhostDocumentRoot") << QStringLiteral("../../../../etc");
        QTest::newRow("script dir out of the home")
            << QStringLiteral("ispmanVhostScriptDir") << QStringLiteral("cgi-bin/../../..");
        QTest::newRow("absolute log dir outside the bases")
            << QStringLiteral("ispmanVhostLogdir") << QStringLiteral("/etc/cron.d");
        QTest::newRow("absolute stat dir with dot-dot")
            << QStringLiteral("ispmanVhostStatdir") << QStringLiteral("/var/www/../etc");
        QTest::newRow("hidden folder") << QStringLiteral("ispmanVhostDocumentRoot") << QStringLiteral(".ssh");
        QTest::newRow("option-like folder") << QStringLiteral("ispmanVhostScriptDir") << QStringLiteral("-rf");
        QTest::newRow("control character") << QStringLiteral("ispmanVhostLogdir") << QStringLiteral("logs\nx");
        QTest::newRow("log folder that is the document root")
            << QStringLiteral("ispmanVhostLogdir") << QStringLiteral("htdocs");
    }

    void hostileWebsiteFolders()
    {
        QFETCH(QString, attribute);
        QFETCH(QString, value);
        static Vhost site;
        if (site.name.isEmpty()) {
            site = addVhost(QStringLiteral("hostile"));
            QCOMPARE(runQueued(), QString());
        }
        const LdapDn dn = Vhost::dn(admin().dit(), TestDomain, site.name);
        // Missing folders would be made if the value were accepted: remove them first.
        QVERIFY(QDir(m_fx.path(site.homeDirectory)).removeRecursively());
        auto read = admin().read(dn, { attribute });
        QVERIFY(read.ok() && read->has_value());
        const QString old = (*read)->text(attribute);
        auto restore = qScopeGuard([&] {
            auto r = m_root->modify(dn,
                { old.isEmpty() ? LdapModification::remove(attribute, {})
                                : LdapModification::replace(attribute, old) });
            QVERIFY(r.ok());
        });
        setAttribute(dn, attribute, value);
        const auto before = snapshot(m_fx.config().root);
        const Agent::Outcome o = run(process(QStringLiteral("AddVirtualHostDirectories"), dn));
        QVERIFY2(!o.ok, qPrintable(o.message));
        QVERIFY2(o.message.startsWith(QStringLiteral("refused: "))
                && (o.message.contains(attribute) || o.message.contains(QStringLiteral("two folder attributes"))),
            qPrintable(o.message));
        QCOMPARE(snapshot(m_fx.config().root), before);
    }

    void linksAreNeverFollowed()
    {
        // A folder outside every home, with something precious in it.
        const QString outside = m_fx.path(QStringLiteral("/srv/outside"));
        QVERIFY(writeFile(outside + QStringLiteral("/precious"), "precious"));
        QVERIFY(
            QFile(outside).setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner));
        const auto outsideBefore = snapshot(m_fx.path(QStringLiteral("/srv")));
        const auto outsideNode = node(outside);

        const MailUser fay = addUser(QStringLiteral("fay"));
        const MailUser gus = addUser(QStringLiteral("gus"));
        const Vhost lnk = addVhost(QStringLiteral("lnk"));
        QCOMPARE(runQueued(), QString());
        const QString fayHome = m_fx.path(fay.homeDirectory);
        const QString gusHome = m_fx.path(gus.homeDirectory);
        const QString site = m_fx.path(lnk.homeDirectory);
        const QByteArray target = QFile::encodeName(outside);

        // Links inside a home, to the folder and to a file in it.
        QVERIFY(
            ::symlink(target.constData(), QFile::encodeName(fayHome + QStringLiteral("/public_html/link")).constData())
            == 0);
        QVERIFY(::symlink((target + "/precious").constData(),
                    QFile::encodeName(fayHome + QStringLiteral("/file-link")).constData())
            == 0);
        // A link where a folder the agent manages belongs.
        QVERIFY(QDir(gusHome + QStringLiteral("/public_html")).removeRecursively());
        QVERIFY(::symlink(target.constData(), QFile::encodeName(gusHome + QStringLiteral("/public_html")).constData())
            == 0);
        const Agent::Outcome made
            = run(process(QStringLiteral("createHomeDirectory"), admin().dit().user(TestDomain, gus.uid)));
        QVERIFY2(!made.ok && made.message.contains(QStringLiteral("symbolic link")), qPrintable(made.message));
        QCOMPARE(node(outside), outsideNode); // not re-moded, not given away

        // The whole home a link (the domain's own FTP user could have swapped it).
        QVERIFY(QDir(site).removeRecursively());
        QVERIFY(::symlink(target.constData(), QFile::encodeName(site).constData()) == 0);

        QVERIFY(UserOps::remove(admin(), QStringLiteral("fay@files.example")).ok());
        QVERIFY(UserOps::remove(admin(), QStringLiteral("gus@files.example")).ok());
        QVERIFY(VhostOps::remove(admin(), TestDomain, lnk.name).ok());
        const auto failures = m_fx.runAll(m_handler);
        QCOMPARE(failures.size(), 1); // the website whose home is a link: refused
        QVERIFY2(failures.first().second.message.contains(QStringLiteral("symbolic link")),
            qPrintable(failures.first().second.message));
        forget(failures);

        QVERIFY(!node(fayHome));
        QVERIFY(!node(gusHome));
        QCOMPARE(node(site)->type, uint(S_IFLNK)); // left as it was
        QCOMPARE(snapshot(m_fx.path(QStringLiteral("/srv"))), outsideBefore);
        QCOMPARE(readFile(outside + QStringLiteral("/precious")), QByteArray("precious"));
        QVERIFY(QFile::remove(site));
    }

    void reconcileRepairsAndReports()
    {
        const QString d = m_fx.path(QStringLiteral("/var/www/files.example"));
        const QString ann = d + QStringLiteral("/users/ann_files_example");
        // Drift: a folder gone, a mode changed, a whole website tree gone.
        QVERIFY(QDir(ann + QStringLiteral("/public_html")).removeRecursively());
        QVERIFY(::chmod(QFile::encodeName(d + QStringLiteral("/users")).constData(), 0777) == 0);
        QVERIFY(QDir(d + QStringLiteral("/vhosts/www")).removeRecursively());
        // Folders without an object, with customer data in them.
        QVERIFY(writeFile(d + QStringLiteral("/users/stranger/mail.txt"), "data"));
        QVERIFY(writeFile(d + QStringLiteral("/vhosts/oldsite/htdocs/index.html"), "data"));
        QVERIFY(writeFile(m_fx.path(QStringLiteral("/var/www/unknown.example/file")), "data"));
        QVERIFY(writeFile(m_fx.path(QStringLiteral("/var/www/html/index.html")), "not a domain's"));

        Agent::HandlerContext ctx = m_fx.context();
        const Agent::ReconcileReport r = m_handler.reconcile(ctx);
        // The sample's example.com and example.org (2 domains, 4 users, 2 websites) are this
        // host's too, and our own objects.
        QVERIFY2(r.checked >= 8 + 3, qPrintable(QString::number(r.checked)));
        QVERIFY(r.repaired >= 3);
        QVERIFY(isDirectory(ann + QStringLiteral("/public_html")));
        QCOMPARE(QString::number(modeOf(d + QStringLiteral("/users")), 8), QStringLiteral("711"));
        QVERIFY(isDirectory(d + QStringLiteral("/vhosts/www/htdocs")));
        QCOMPARE(QString::number(modeOf(d + QStringLiteral("/vhosts/www/logs")), 8), QStringLiteral("750"));
        QVERIFY(isDirectory(m_fx.path(QStringLiteral("/var/www/example.com/users/john_example_com/public_html"))));
        QVERIFY(isDirectory(m_fx.path(QStringLiteral("/var/www/example.org/vhosts/www/htdocs"))));
        QVERIFY(!node(m_fx.path(QStringLiteral("/var/www/away.example")))); // another host's

        const QString all = r.problems.join(u'\n');
        for (const QString &unknown :
            { QStringLiteral("/var/www/files.example/users/stranger:"),
                QStringLiteral("/var/www/files.example/vhosts/oldsite:"), QStringLiteral("/var/www/unknown.example:") })
            QVERIFY2(all.contains(unknown), qPrintable(all));
        QVERIFY2(!all.contains(QStringLiteral("/var/www/html")), qPrintable(all));
        QVERIFY2(!all.contains(QStringLiteral("ann_files_example")), qPrintable(all));
        // Reported, not removed.
        QCOMPARE(readFile(d + QStringLiteral("/users/stranger/mail.txt")), QByteArray("data"));
        QCOMPARE(readFile(d + QStringLiteral("/vhosts/oldsite/htdocs/index.html")), QByteArray("data"));
        QCOMPARE(readFile(m_fx.path(QStringLiteral("/var/www/unknown.example/file"))), QByteArray("data"));

        // Converged: a second pass repairs nothing and reports the same.
        const auto before = snapshot(m_fx.config().root);
        const Agent::ReconcileReport again = m_handler.reconcile(ctx);
        QCOMPARE(again.repaired, 0);
        QCOMPARE(again.problems, r.problems);
        QCOMPARE(snapshot(m_fx.config().root), before);
    }
};

QTEST_GUILESS_MAIN(TestFilesHandler)
#include "tst_fileshandler.moc"
