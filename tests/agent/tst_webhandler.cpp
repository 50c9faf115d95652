// The web handler against a real slapd (sample ISP) and the real Apache (/usr/sbin/apache2 with a
// private httpd.conf; web.test is "apache2 -t" on it): a website added through core gets its
// file (names with local, foreign and replica aliases, document root under --root, redirects, a
// protected location checked against the directory with Require ldap-user); an alias added later
// shows; running again changes nothing and does not reload; a suspended site answers 503 in a
// configuration Apache accepts; hostile values written straight into the directory fail the
// process with the rule named and keep the previous file; a configuration Apache refuses is
// rolled back with Apache's message (and a new file removed); Apache started on the private
// configuration serves the sites, the redirect, the protected location (web user and mail user
// in, a wrong password and a user not allowed out) and the suspension notice after graceful
// reloads; reconcile repairs a hand-edited file, writes the sites it lacked and removes a stray
// file of its own but not an administrator's, and suspends the sites of a suspended domain; a
// site moved to another host and a deleted one lose their files; the apache service account
// finds users and reads nothing else.
#include "agent/handlers/webhandler.h"
#include "core/ops/domainops.h"
#include "core/ops/hostops.h"
#include "core/ops/serviceops.h"
#include "core/ops/userops.h"
#include "core/ops/vhostops.h"
#include "tests/agent/handlerfixture.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <pwd.h>
#include <unistd.h>

#include <csignal>
#include <memory>
#include <sys/prctl.h>

using namespace Isp;
using namespace Isp::Core;

namespace {

const QString Web1 = QStringLiteral("web1.example.net");
const QString Web2 = QStringLiteral("web2.example.net");
const QString Com = QStringLiteral("example.com");
const QString Org = QStringLiteral("example.org");
const QString ApacheBinary = QStringLiteral("/usr/sbin/apache2");
const QString VhostDir = QStringLiteral("/etc/apache2/ispman/vhosts");
const QByteArray ServicePassword = "apache-service-secret-1";
const QString WebUserPassword = QStringLiteral("Web-guy-pass-2024");
const QString OutsiderPassword = QStringLiteral("Out-sider-pass-2024");
const QString JohnPassword = QStringLiteral("John-mail-pass-2024");

QByteArray fileContent(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeFile(const QString &path, const QByteArray &content)
{
    QDir().mkpath(QFileInfo(path).path());
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(content) == content.size();
}

int freePort()
{
    QTcpServer s;
    return s.listen(QHostAddress::LocalHost, 0) ? s.serverPort() : 0;
}

struct HttpReply
{
    int status = -1; // -1: no answer
    QByteArray head;
    QByteArray body;
};

// One HTTP/1.0 request to the private Apache (blocking, short deadlines: a test helper).
HttpReply httpGet(
    int port, const QString &host, const QString &path, const QString &user = {}, const QString &password = {})
{
    HttpReply reply;
    QTcpSocket s;
    s.connectToHost(QHostAddress::LocalHost, quint16(port));
    if (!s.waitForConnected(2000))
        return reply;
    QByteArray request = "GET " + path.toUtf8() + " HTTP/1.0\r\nHost: " + host.toUtf8() + "\r\n";
    if (!user.isEmpty())
        request += "Authorization: Basic " + (user + u':' + password).toUtf8().toBase64() + "\r\n";
    request += "\r\n";
    s.write(request);
    QByteArray all;
    while (s.waitForReadyRead(5000))
        all += s.readAll();
    all += s.readAll();
    const qsizetype end = all.indexOf("\r\n\r\n");
    if (!all.startsWith("HTTP/") || end < 0)
        return reply;
    reply.head = all.left(end);
    reply.body = all.mid(end + 4);
    reply.status = all.mid(all.indexOf(' ') + 1, 3).toInt();
    return reply;
}

} // namespace

class TestWebHandler : public QObject
{
    Q_OBJECT

private:
    Test::HandlerFixture m_fx;
    Agent::WebHandler m_handler;
    QString m_httpdConf;
    int m_port = 0;
    std::unique_ptr<QProcess> m_apache;

    const Dit &dit() { return m_fx.admin().dit(); }
    QString vhostDir() { return m_fx.path(VhostDir); }
    QString siteFile(const QString &serverName) { return vhostDir() + u'/' + serverName + QStringLiteral(".conf"); }
    QString home(const QString &domain, const QString &vhost)
    {
        return m_fx.path(QStringLiteral("/var/www/%1/vhosts/%2").arg(domain, vhost));
    }
    quint64 reloads() { return m_fx.reloader().runs(QStringLiteral("web")); }

    // Runs what core queued for web1 and says what failed ("" when nothing did).
    QString runQueued()
    {
        QStringList failed;
        for (const auto &[pid, outcome] : m_fx.runAll(m_handler))
            failed << QStringLiteral("%1: %2").arg(pid).arg(outcome.message);
        return failed.join(u'\n');
    }

    // A process for the site as core would queue it (for values written around core).
    Agent::Outcome runProcess(const QString &name, const QString &domain, const QString &vhost)
    {
        Process p;
        p.name = name;
        p.host = Web1;
        p.domain = domain;
        p.target = dit().vhost(domain, vhost).toString();
        if (name == u"DeleteVirtualHost")
            p.params = { { QStringLiteral("ispmanVhostName"), vhost },
                { QStringLiteral("serverName"), vhost + u'.' + domain } };
        Agent::HandlerContext ctx = m_fx.context();
        return m_handler.run(p, ctx);
    }

    std::unique_ptr<DirectorySession> sessionAs(const LdapDn &dn, const QByteArray &password)
    {
        LdapConnectionSettings s = m_fx.directory().rootSettings();
        s.bindDn = dn.toString();
        s.password = password;
        s.autoReconnect = false;
        return std::make_unique<DirectorySession>(s, dit());
    }

    std::unique_ptr<DirectorySession> rootSession()
    {
        return std::make_unique<DirectorySession>(m_fx.directory().rootSettings(), dit());
    }

    // apache2 -t on the private configuration: its output when it refuses, else "".
    QString apacheRefuses()
    {
        QProcess p;
        p.start(ApacheBinary, { QStringLiteral("-t"), QStringLiteral("-f"), m_httpdConf });
        if (!p.waitForFinished(30000))
            return QStringLiteral("apache2 -t did not finish");
        return p.exitCode() == 0 ? QString() : QString::fromUtf8(p.readAllStandardError() + p.readAllStandardOutput());
    }

    QStringList leftoverTempFiles()
    {
        return QDir(vhostDir()).entryList({ QStringLiteral(".*.new") }, QDir::Files | QDir::Hidden);
    }

    void writeApacheConfig()
    {
        const QString apache = m_fx.tempPath() + QStringLiteral("/apache");
        QDir().mkpath(apache + QStringLiteral("/run"));
        QDir().mkpath(apache + QStringLiteral("/logs"));
        QDir().mkpath(apache + QStringLiteral("/default"));
        QDir().mkpath(vhostDir());
        QVERIFY(writeFile(apache + QStringLiteral("/mime.types"), "text/html html\n"));
        QString conf = QStringLiteral("ServerRoot \"%1\"\nDefaultRuntimeDir \"%1/run\"\nPidFile \"%1/run/httpd.pid\"\n"
                                      "Listen 127.0.0.1:%2\nServerName localhost\n")
                           .arg(apache)
                           .arg(m_port);
        if (::geteuid() == 0 && ::getpwnam("www-data"))
            conf += QStringLiteral("User www-data\nGroup www-data\n");
        // No mod_headers: a Header line (allowed by core) is what Apache refuses below.
        for (const char *m : { "mpm_event", "authz_core", "authz_user", "authn_core", "auth_basic", "ldap",
                 "authnz_ldap", "alias", "dir", "mime" })
            conf += QStringLiteral("LoadModule %1_module /usr/lib/apache2/modules/mod_%1.so\n").arg(QLatin1String(m));
        conf += QStringLiteral("StartServers 1\nServerLimit 1\nThreadsPerChild 10\nMaxRequestWorkers 10\n"
                               "TypesConfig \"%1/mime.types\"\nDirectoryIndex index.html\n"
                               "ErrorLog \"%1/logs/error.log\"\nLogLevel warn\n"
                               "<Directory />\n    AllowOverride None\n    Require all denied\n</Directory>\n"
                               "<VirtualHost 127.0.0.1:%2>\n    ServerName default.invalid\n    DocumentRoot "
                               "\"%1/default\"\n</VirtualHost>\n"
                               "IncludeOptional \"%3/*.conf\"\n")
                    .arg(apache)
                    .arg(m_port)
                    .arg(vhostDir());
        m_httpdConf = apache + QStringLiteral("/httpd.conf");
        QVERIFY(writeFile(m_httpdConf, conf.toUtf8()));
        QVERIFY(writeFile(apache + QStringLiteral("/ldap.pw"), ServicePassword + '\n'));

        Agent::AgentConfig &c = m_fx.config();
        c.web.vhostDir = VhostDir;
        c.web.test = ApacheBinary + QStringLiteral(" -t -f ") + m_httpdConf;
        c.web.reload = QStringLiteral("/bin/true");
        c.web.listen = QStringLiteral("127.0.0.1:%1").arg(m_port);
        c.web.ldapUrl = m_fx.directory()->uri();
        c.web.ldapBindDn = dit().services().child(QStringLiteral("cn"), QStringLiteral("apache")).toString();
        c.web.ldapPasswordFile = apache + QStringLiteral("/ldap.pw");
    }

    void stopApache()
    {
        if (!m_apache)
            return;
        m_apache->terminate();
        if (!m_apache->waitForFinished(10000))
            m_apache->kill();
        m_apache->waitForFinished(5000);
        m_apache.reset();
        m_fx.config().web.reload = QStringLiteral("/bin/true");
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (!QFileInfo(ApacheBinary).isExecutable())
            QSKIP("apache2 is not installed (package apache2-bin)");
        ISP_START_DIRECTORY(m_fx, Web1);
        // Apache's children (www-data) read the sites below the temporary folder.
        QFile::setPermissions(m_fx.tempPath(),
            QFile::permissions(m_fx.tempPath()) | QFile::ReadOther | QFile::ExeOther | QFile::ReadGroup
                | QFile::ExeGroup);
        // The sample sites' folders, as the files handler would have made them.
        for (const QString &d : { Com, Org })
            QVERIFY(QDir().mkpath(home(d, QStringLiteral("www")) + QStringLiteral("/logs")));
        m_port = freePort();
        QVERIFY(m_port > 0);
        writeApacheConfig();
        QVERIFY2(apacheRefuses().isEmpty(), qPrintable(apacheRefuses()));

        auto service
            = ServiceOps::setPassword(m_fx.admin(), QStringLiteral("apache"), QString::fromUtf8(ServicePassword));
        QVERIFY2(service.ok(), qPrintable(service.error().message));
        auto john = UserOps::setPassword(m_fx.admin(), QStringLiteral("john@example.com"), JohnPassword);
        QVERIFY2(john.ok(), qPrintable(john.error().message));
        for (const auto &[id, pw] : { std::pair { QStringLiteral("webguy"), WebUserPassword },
                 std::pair { QStringLiteral("outsider"), OutsiderPassword } }) {
            auto u = VhostOps::addWebUser(m_fx.admin(), Com, id, pw);
            QVERIFY2(u.ok(), qPrintable(u.error().message));
        }
    }

    void cleanupTestCase() { stopApache(); }

    void addedSiteGetsItsFile()
    {
        const quint64 before = reloads();
        VhostOps::VhostSpec s;
        s.domain = Com;
        s.name = QStringLiteral("shop");
        s.aliases = { QStringLiteral("store"), QStringLiteral("shop.elsewhere.test") };
        s.extraConfig = QStringLiteral("DirectoryIndex index.html index.htm");
        auto added = VhostOps::add(m_fx.admin(), s);
        QVERIFY2(added.ok(), qPrintable(added.error().message));
        QVERIFY(VhostOps::addRedirect(
            m_fx.admin(), Com, s.name, QStringLiteral("/old"), QStringLiteral("https://www.example.com/new"))
                    .ok());
        auto protectedSite = VhostOps::addProtection(m_fx.admin(), Com, s.name, QStringLiteral("/private"),
            { QStringLiteral("webguy"), QStringLiteral("john") });
        QVERIFY2(protectedSite.ok(), qPrintable(protectedSite.error().message));
        QCOMPARE(m_fx.processes(QStringLiteral("AddVirtualHost")).size(), 1);
        const QString h = home(Com, QStringLiteral("shop"));

        // Before the files handler made the site's folders Apache cannot open its log: the work
        // fails with Apache's message and leaves no file; once the folder is there it converges.
        const QString early = runQueued();
        QVERIFY2(early.contains(QStringLiteral("Cannot access directory '%1/logs/'").arg(h)), qPrintable(early));
        QVERIFY2(!early.contains(QStringLiteral("Warning")), qPrintable(early));
        QVERIFY(!QFile::exists(siteFile(QStringLiteral("shop.example.com"))));
        QVERIFY(leftoverTempFiles().isEmpty());
        QCOMPARE(reloads(), before);
        QVERIFY(QDir().mkpath(h + QStringLiteral("/logs"))); // what AddVirtualHostDirectories does
        QCOMPARE(runQueued(), QString());
        QVERIFY(m_fx.processes(QStringLiteral("AddVirtualHost")).isEmpty());
        QVERIFY(m_fx.processes(QStringLiteral("ModifyVirtualHost")).isEmpty());

        const QString text = QString::fromUtf8(fileContent(siteFile(QStringLiteral("shop.example.com"))));
        QVERIFY2(text.startsWith(Agent::WebHandler::marker() + QStringLiteral("shop.example.com\n")), qPrintable(text));
        for (const QString &expected : { QStringLiteral("<VirtualHost 127.0.0.1:%1>").arg(m_port),
                 QStringLiteral("    ServerName shop.example.com\n"),
                 QStringLiteral("    ServerAlias store.example.com\n"),
                 QStringLiteral("    ServerAlias shop.elsewhere.test\n"),
                 QStringLiteral("    ServerAlias shop.example.net\n"), // the replica example.net
                 QStringLiteral("    ServerAlias store.example.net\n"),
                 QStringLiteral("    DocumentRoot \"%1/htdocs\"\n").arg(h),
                 QStringLiteral("    <Directory \"%1/htdocs\">\n        Options FollowSymLinks MultiViews\n").arg(h),
                 QStringLiteral("    ScriptAlias \"/cgi-bin/\" \"%1/cgi-bin/\"\n").arg(h),
                 QStringLiteral("    Redirect \"/old\" \"https://www.example.com/new\"\n"),
                 QStringLiteral("    <Location \"/private\">\n        AuthType Basic\n"),
                 QStringLiteral("        AuthBasicProvider ldap\n"),
                 QStringLiteral("        AuthLDAPURL "
                                "\"%1/"
                                "ispmanDomain=example.com,%2?ispmanUserId?sub?(|(objectClass=ispmanVirtualHostUser)("
                                "objectClass=ispmanDomainUser))\"\n")
                     .arg(m_fx.directory()->uri(), m_fx.directory()->base().toString()),
                 QStringLiteral("        AuthLDAPBindDN \"%1\"\n").arg(m_fx.config().web.ldapBindDn),
                 QStringLiteral("        AuthLDAPBindPassword \"exec:/bin/cat %1\"\n")
                     .arg(m_fx.config().web.ldapPasswordFile),
                 QStringLiteral("    DirectoryIndex index.html index.htm\n"),
                 QStringLiteral("    ErrorLog \"%1/logs/error.log\"\n").arg(h),
                 QStringLiteral("    CustomLog \"%1/logs/access.log\" ").arg(h) }) {
            QVERIFY2(text.contains(expected), qPrintable(QStringLiteral("missing %1 in:\n%2").arg(expected, text)));
        }
        // Both kinds of allowed users, and no password anywhere in the file.
        QVERIFY(text.contains(QStringLiteral("Require ldap-user \"webguy\" \"john\""))
            || text.contains(QStringLiteral("Require ldap-user \"john\" \"webguy\"")));
        QVERIFY(!text.contains(QString::fromUtf8(ServicePassword)));
        QVERIFY(!text.contains(WebUserPassword));
        QVERIFY(!text.contains(QStringLiteral("ServerAlias shop.example.com")));
        QVERIFY(leftoverTempFiles().isEmpty());
        QVERIFY(reloads() > before);
        QCOMPARE(apacheRefuses(), QString());
    }

    void addedAliasShows()
    {
        const QByteArray before = fileContent(siteFile(QStringLiteral("shop.example.com")));
        auto v = VhostOps::addAlias(m_fx.admin(), Com, QStringLiteral("shop"), QStringLiteral("boutique"));
        QVERIFY2(v.ok(), qPrintable(v.error().message));
        QCOMPARE(runQueued(), QString());
        const QString text = QString::fromUtf8(fileContent(siteFile(QStringLiteral("shop.example.com"))));
        QVERIFY(text.toUtf8() != before);
        QVERIFY2(text.contains(QStringLiteral("    ServerAlias boutique.example.com\n")), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("    ServerAlias boutique.example.net\n")));
        QVERIFY(text.contains(QStringLiteral("    ServerAlias store.example.com\n")));
    }

    void runningAgainChangesNothing()
    {
        const QString file = siteFile(QStringLiteral("shop.example.com"));
        const QByteArray before = fileContent(file);
        const QDateTime modified = QFileInfo(file).lastModified();
        const quint64 reloaded = reloads();
        for (int i = 0; i < 2; ++i) {
            const Agent::Outcome o = runProcess(QStringLiteral("ModifyVirtualHost"), Com, QStringLiteral("shop"));
            QVERIFY2(o.ok, qPrintable(o.message));
            QVERIFY(!o.changed);
            QVERIFY2(o.message.contains(QStringLiteral("unchanged")), qPrintable(o.message));
        }
        QCOMPARE(fileContent(file), before);
        QCOMPARE(QFileInfo(file).lastModified(), modified);
        QCOMPARE(reloads(), reloaded);
    }

    void suspendedSiteAnswers503()
    {
        const QString file = siteFile(QStringLiteral("shop.example.com"));
        const QByteArray active = fileContent(file);
        QVERIFY(VhostOps::setSuspended(m_fx.admin(), Com, QStringLiteral("shop"), true).ok());
        QCOMPARE(runQueued(), QString());
        const QString text = QString::fromUtf8(fileContent(file));
        QVERIFY2(
            text.contains(QStringLiteral("    ErrorDocument 503 \"This website is suspended.\"\n    Redirect 503 /\n")),
            qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("ServerAlias boutique.example.com")));
        for (const QString &gone : { QStringLiteral("DocumentRoot"), QStringLiteral("ScriptAlias"),
                 QStringLiteral("<Location"), QStringLiteral("DirectoryIndex"), QStringLiteral("Redirect \"/old\"") })
            QVERIFY2(!text.contains(gone), qPrintable(gone));
        QCOMPARE(apacheRefuses(), QString());

        QVERIFY(VhostOps::setSuspended(m_fx.admin(), Com, QStringLiteral("shop"), false).ok());
        QCOMPARE(runQueued(), QString());
        QCOMPARE(fileContent(file), active);
    }

    void hostileValuesKeepThePreviousFile_data()
    {
        QTest::addColumn<QString>("entry"); // "vhost", "redirect", "protection"
        QTest::addColumn<QString>("attribute");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("why"); // in the process's message
        QTest::newRow("extra configuration with Include") << "vhost"
                                                          << "ispmanVhostExtraConf"
                                                          << "DirectoryIndex index.html\nInclude /etc/passwd"
                                                          << "Include is not allowed";
        QTest::newRow("extra configuration opening a section") << "vhost"
                                                               << "ispmanVhostExtraConf"
                                                               << "</VirtualHost>\n<VirtualHost *:80>"
                                                               << "sections";
        QTest::newRow("newline in a redirect target") << "redirect"
                                                      << "ispmanVhostRedirectLocation"
                                                      << "https://www.example.com/new\nInclude /etc/passwd"
                                                      << "redirect /old";
        QTest::newRow("quote in a redirect target") << "redirect"
                                                    << "ispmanVhostRedirectLocation"
                                                    << "https://www.example.com/\" \"x"
                                                    << "redirect /old";
        QTest::newRow("document root with ..") << "vhost"
                                               << "ispmanVhostDocumentRoot"
                                               << "../../../../etc"
                                               << "ispmanVhostDocumentRoot";
        QTest::newRow("log folder with ..") << "vhost"
                                            << "ispmanVhostLogdir"
                                            << "../../../../var/log"
                                            << "ispmanVhostLogdir";
        QTest::newRow("home outside the home bases") << "vhost"
                                                     << "homeDirectory"
                                                     << "/etc"
                                                     << "homeDirectory";
        QTest::newRow("home with ..") << "vhost"
                                      << "homeDirectory"
                                      << "/var/www/../../etc"
                                      << "homeDirectory";
        QTest::newRow("options All") << "vhost"
                                     << "ispmanVhostDocumentRootOption"
                                     << "All"
                                     << "ispmanVhostDocumentRootOption";
        QTest::newRow("address with a newline") << "vhost"
                                                << "ispmanVhostIpAddress"
                                                << "192.0.2.1>\nInclude /etc/passwd\n<VirtualHost 192.0.2.1"
                                                << "ispmanVhostIpAddress";
        QTest::newRow("alias with a newline") << "vhost"
                                              << "ispmanVhostServerAlias"
                                              << "evil.test\nInclude /etc/passwd"
                                              << "alias";
        QTest::newRow("allowed user with a quote") << "protection"
                                                   << "ispmanVhostAclAllowUser"
                                                   << "john\" all granted \"x"
                                                   << "protected location /private: user";
    }

    void hostileValuesKeepThePreviousFile()
    {
        QFETCH(QString, entry);
        QFETCH(QString, attribute);
        QFETCH(QString, value);
        QFETCH(QString, why);
        const QString shop = QStringLiteral("shop");
        const LdapDn dn = entry == u"redirect" ? Vhost::redirectDn(dit(), Com, shop, QStringLiteral("/old"))
            : entry == u"protection"           ? Vhost::protectionDn(dit(), Com, shop, QStringLiteral("/private"))
                                               : dit().vhost(Com, shop);
        const QString file = siteFile(QStringLiteral("shop.example.com"));
        const QByteArray before = fileContent(file);
        QVERIFY(!before.isEmpty());
        const quint64 reloaded = reloads();

        // Written as root, around core and its validation.
        auto root = rootSession();
        auto original = root->read(dn, { attribute });
        QVERIFY(original.ok() && original->has_value());
        const QList<QByteArray> originalValues = (*original)->values(attribute);
        QVERIFY(root->modify(dn, { LdapModification::replace(attribute, value) }).ok());

        const Agent::Outcome o = runProcess(QStringLiteral("ModifyVirtualHost"), Com, shop);
        const bool restored = root->modify(dn, { LdapModification::replace(attribute, originalValues) }).ok();
        QVERIFY(!o.ok);
        QVERIFY2(o.message.contains(why), qPrintable(o.message));
        QVERIFY2(o.message.startsWith(QStringLiteral("website shop.example.com: ")), qPrintable(o.message));
        QVERIFY2(o.message.contains(QStringLiteral("unchanged")), qPrintable(o.message));
        QCOMPARE(fileContent(file), before);
        QCOMPARE(reloads(), reloaded);
        QVERIFY(leftoverTempFiles().isEmpty());
        QVERIFY(restored);

        const Agent::Outcome again = runProcess(QStringLiteral("ModifyVirtualHost"), Com, shop);
        QVERIFY2(again.ok && !again.changed, qPrintable(again.message));
    }

    void refusedByApacheIsRolledBack()
    {
        const QString file = siteFile(QStringLiteral("shop.example.com"));
        const QByteArray before = fileContent(file);
        const quint64 reloaded = reloads();
        // Allowed by core's allow-list, but this Apache has no mod_headers.
        VhostOps::VhostChange change;
        change.extraConfig = QStringLiteral("Header always set X-Frame-Options DENY");
        QVERIFY(VhostOps::edit(m_fx.admin(), Com, QStringLiteral("shop"), change).ok());
        const QString failed = runQueued();
        QVERIFY2(failed.contains(QStringLiteral("Apache refused the new configuration")), qPrintable(failed));
        QVERIFY2(failed.contains(QStringLiteral("Invalid command 'Header'")), qPrintable(failed)); // Apache's own words
        QVERIFY2(failed.contains(QStringLiteral("the previous file is back in place")), qPrintable(failed));
        QCOMPARE(fileContent(file), before);
        QCOMPARE(reloads(), reloaded);
        QVERIFY(leftoverTempFiles().isEmpty());
        QCOMPARE(apacheRefuses(), QString());

        // Fixed in the directory: the failed process converges when retried, with the new one.
        change.extraConfig = QStringLiteral("DirectoryIndex index.html index.htm");
        QVERIFY(VhostOps::edit(m_fx.admin(), Com, QStringLiteral("shop"), change).ok());
        QCOMPARE(runQueued(), QString());
        QCOMPARE(fileContent(file), before);

        // A new site Apache refuses leaves no file behind.
        VhostOps::VhostSpec s;
        s.domain = Com;
        s.name = QStringLiteral("blog");
        s.extraConfig = QStringLiteral("Header set Cache-Control no-store");
        QVERIFY(VhostOps::add(m_fx.admin(), s).ok());
        const QString refused = runQueued();
        QVERIFY2(refused.contains(QStringLiteral("Invalid command 'Header'"))
                && refused.contains(QStringLiteral("the new file was removed")),
            qPrintable(refused));
        QVERIFY(!QFile::exists(siteFile(QStringLiteral("blog.example.com"))));
        QVERIFY(VhostOps::remove(m_fx.admin(), Com, QStringLiteral("blog")).ok());
        QCOMPARE(runQueued(), QString()); // the failed add (site gone) and the delete
        QVERIFY(!QFile::exists(siteFile(QStringLiteral("blog.example.com"))));
    }

    void apacheServesTheSites()
    {
        const QString h = home(Com, QStringLiteral("shop"));
        QVERIFY(writeFile(h + QStringLiteral("/htdocs/index.html"), "shop works\n"));
        QVERIFY(writeFile(h + QStringLiteral("/htdocs/private/index.html"), "secret area\n"));

        m_apache = std::make_unique<QProcess>();
        m_apache->setProgram(ApacheBinary);
        m_apache->setArguments(
            { QStringLiteral("-f"), m_httpdConf, QStringLiteral("-D"), QStringLiteral("FOREGROUND") });
        m_apache->setProcessChannelMode(QProcess::MergedChannels);
        m_apache->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
        m_apache->start();
        QVERIFY2(m_apache->waitForStarted(5000), qPrintable(m_apache->errorString()));
        const auto log = [&] {
            return QString::fromUtf8(
                fileContent(m_fx.tempPath() + QStringLiteral("/apache/logs/error.log")) + m_apache->readAll());
        };
        QTRY_VERIFY2_WITH_TIMEOUT(
            httpGet(m_port, QStringLiteral("shop.example.com"), QStringLiteral("/")).status == 200, qPrintable(log()),
            10000);
        m_fx.config().web.reload = ApacheBinary + QStringLiteral(" -f ") + m_httpdConf + QStringLiteral(" -k graceful");

        HttpReply r = httpGet(m_port, QStringLiteral("shop.example.com"), QStringLiteral("/"));
        QCOMPARE(r.body, QByteArray("shop works\n"));
        QCOMPARE(
            httpGet(m_port, QStringLiteral("store.example.net"), QStringLiteral("/")).body, QByteArray("shop works\n"));
        r = httpGet(m_port, QStringLiteral("shop.example.com"), QStringLiteral("/old"));
        QCOMPARE(r.status, 302);
        QVERIFY2(r.head.contains("\r\nLocation: https://www.example.com/new"), r.head.constData());

        // The protected location, checked by Apache against the directory.
        QCOMPARE(httpGet(m_port, QStringLiteral("shop.example.com"), QStringLiteral("/private/")).status, 401);
        QCOMPARE(httpGet(m_port, QStringLiteral("shop.example.com"), QStringLiteral("/private/"),
                     QStringLiteral("webguy"), QStringLiteral("wrong-password"))
                     .status,
            401);
        r = httpGet(m_port, QStringLiteral("shop.example.com"), QStringLiteral("/private/"), QStringLiteral("webguy"),
            WebUserPassword);
        QVERIFY2(r.status == 200, qPrintable(QString::number(r.status) + u'\n' + log()));
        QCOMPARE(r.body, QByteArray("secret area\n"));
        QCOMPARE(httpGet(m_port, QStringLiteral("shop.example.com"), QStringLiteral("/private/"),
                     QStringLiteral("john"), JohnPassword)
                     .status,
            200);
        // A valid user of the domain who is not allowed in.
        QCOMPARE(httpGet(m_port, QStringLiteral("shop.example.com"), QStringLiteral("/private/"),
                     QStringLiteral("outsider"), OutsiderPassword)
                     .status,
            401);

        // Suspension and resumption reach the running server through graceful reloads.
        QVERIFY(VhostOps::setSuspended(m_fx.admin(), Com, QStringLiteral("shop"), true).ok());
        QCOMPARE(runQueued(), QString());
        QTRY_COMPARE_WITH_TIMEOUT(
            httpGet(m_port, QStringLiteral("shop.example.com"), QStringLiteral("/private/")).status, 503, 10000);
        r = httpGet(m_port, QStringLiteral("shop.example.com"), QStringLiteral("/"));
        QCOMPARE(r.status, 503);
        QVERIFY(r.body.contains("This website is suspended."));
        QVERIFY(VhostOps::setSuspended(m_fx.admin(), Com, QStringLiteral("shop"), false).ok());
        QCOMPARE(runQueued(), QString());
        QTRY_COMPARE_WITH_TIMEOUT(
            httpGet(m_port, QStringLiteral("shop.example.com"), QStringLiteral("/")).status, 200, 10000);
        stopApache();
    }

    void reconcileRepairsAndRemovesStrays()
    {
        Agent::HandlerContext ctx = m_fx.context();
        const QString shop = siteFile(QStringLiteral("shop.example.com"));
        const QByteArray good = fileContent(shop);
        QByteArray edited = good;
        edited.replace("ServerName shop.example.com", "ServerName hacked.example.com");
        QVERIFY(writeFile(shop, edited));
        const QString stray = siteFile(QStringLiteral("gone.example.com"));
        QVERIFY(writeFile(stray,
            (Agent::WebHandler::marker()
                + QStringLiteral(
                    "gone.example.com\n<VirtualHost 127.0.0.1:%1>\n    ServerName gone.example.com\n</VirtualHost>\n")
                      .arg(m_port))
                .toUtf8()));
        const QString adminsFile = siteFile(QStringLiteral("admin-made"));
        QVERIFY(writeFile(adminsFile, "# an administrator's own file\n"));
        const QString leftover = vhostDir() + QStringLiteral("/.crashed.example.com.conf.new");
        QVERIFY(writeFile(leftover, "half written"));
        const quint64 reloaded = reloads();

        const Agent::ReconcileReport report = m_handler.reconcile(ctx);
        QVERIFY2(report.problems.isEmpty(), qPrintable(report.problems.join(u'\n')));
        // www.example.com, www.example.org (sample data) and shop.
        QCOMPARE(report.checked, 3);
        // shop repaired, the two sample sites written, the stray removed.
        QCOMPARE(report.repaired, 4);
        QCOMPARE(fileContent(shop), good);
        QVERIFY(!QFile::exists(stray));
        QVERIFY(QFile::exists(adminsFile));
        QVERIFY(!QFile::exists(leftover));
        const QString www = QString::fromUtf8(fileContent(siteFile(QStringLiteral("www.example.com"))));
        QVERIFY2(www.contains(QStringLiteral("    ServerName www.example.com\n    ServerAlias www.example.net\n")),
            qPrintable(www));
        QVERIFY2(www.contains(QStringLiteral("Options Indexes FollowSymLinks MultiViews")), qPrintable(www));
        QVERIFY(QFile::exists(siteFile(QStringLiteral("www.example.org"))));
        QCOMPARE(reloads(), reloaded + 1);
        QCOMPARE(apacheRefuses(), QString());

        const Agent::ReconcileReport again = m_handler.reconcile(ctx);
        QVERIFY(again.problems.isEmpty());
        QCOMPARE(again.checked, 3);
        QCOMPARE(again.repaired, 0);
        QCOMPARE(reloads(), reloaded + 1);
        QFile::remove(adminsFile);
    }

    void suspendedDomainSuspendsItsSites()
    {
        // Core queues no website work when a domain is suspended: reconcile applies it.
        Agent::HandlerContext ctx = m_fx.context();
        const QString file = siteFile(QStringLiteral("www.example.com"));
        const QByteArray active = fileContent(file);
        QVERIFY(DomainOps::setSuspended(m_fx.admin(), Com, true).ok());
        Agent::ReconcileReport report = m_handler.reconcile(ctx);
        QVERIFY2(report.problems.isEmpty(), qPrintable(report.problems.join(u'\n')));
        QCOMPARE(report.repaired, 2); // www and shop
        QVERIFY(fileContent(file).contains("    Redirect 503 /\n"));
        QVERIFY(fileContent(siteFile(QStringLiteral("shop.example.com"))).contains("    Redirect 503 /\n"));
        QVERIFY(!fileContent(siteFile(QStringLiteral("www.example.org"))).contains("Redirect 503"));
        QCOMPARE(apacheRefuses(), QString());
        QVERIFY(DomainOps::setSuspended(m_fx.admin(), Com, false).ok());
        report = m_handler.reconcile(ctx);
        QCOMPARE(report.repaired, 2);
        QCOMPARE(fileContent(file), active);
    }

    void siteMovedAwayLosesItsFile()
    {
        HostOps::HostSpec h;
        h.name = Web2;
        h.ip = QStringLiteral("192.0.2.31");
        h.groups = { QStringLiteral("httpgroup") };
        auto host = HostOps::add(m_fx.admin(), h);
        QVERIFY2(host.ok(), qPrintable(host.error().message));
        VhostOps::VhostSpec s;
        s.domain = Com;
        s.name = QStringLiteral("moving");
        QVERIFY(VhostOps::add(m_fx.admin(), s).ok());
        QVERIFY(QDir().mkpath(home(Com, s.name) + QStringLiteral("/logs")));
        QCOMPARE(runQueued(), QString());
        const QString file = siteFile(QStringLiteral("moving.example.com"));
        QVERIFY(QFile::exists(file));

        VhostOps::VhostChange change;
        change.webHosts = QStringList { Web2 };
        auto moved = VhostOps::edit(m_fx.admin(), Com, s.name, change);
        QVERIFY2(moved.ok(), qPrintable(moved.error().message));
        QCOMPARE(m_fx.processes(QStringLiteral("DeleteVirtualHost")).size(), 1);
        QCOMPARE(runQueued(), QString());
        QVERIFY(!QFile::exists(file));

        // A late process for it (the site no longer lists this host) writes nothing.
        const Agent::Outcome o = runProcess(QStringLiteral("ModifyVirtualHost"), Com, s.name);
        QVERIFY2(o.ok && !o.changed, qPrintable(o.message));
        QVERIFY(!QFile::exists(file));
        // And reconcile does not bring it back.
        Agent::HandlerContext ctx = m_fx.context();
        const Agent::ReconcileReport report = m_handler.reconcile(ctx);
        QVERIFY2(report.problems.isEmpty(), qPrintable(report.problems.join(u'\n')));
        QCOMPARE(report.repaired, 0);
        QVERIFY(!QFile::exists(file));
    }

    void deletedSiteLosesItsFile()
    {
        const quint64 reloaded = reloads();
        QVERIFY(QFile::exists(siteFile(QStringLiteral("shop.example.com"))));
        QVERIFY(VhostOps::remove(m_fx.admin(), Com, QStringLiteral("shop")).ok());
        QCOMPARE(runQueued(), QString());
        QVERIFY(!QFile::exists(siteFile(QStringLiteral("shop.example.com"))));
        QCOMPARE(reloads(), reloaded + 1);
        // Again (a retried process): nothing left to do, no reload.
        const Agent::Outcome o = runProcess(QStringLiteral("DeleteVirtualHost"), Com, QStringLiteral("shop"));
        QVERIFY2(o.ok && !o.changed, qPrintable(o.message));
        QCOMPARE(reloads(), reloaded + 1);
        QCOMPARE(apacheRefuses(), QString());
    }

    void apacheAccountSeesOnlyWhatItNeeds()
    {
        auto apache
            = sessionAs(dit().services().child(QStringLiteral("cn"), QStringLiteral("apache")), ServicePassword);
        QVERIFY2(apache->whoAmI().ok(), qPrintable(apache->whoAmI().error().toString()));
        const auto findUser = [&](const QString &id) {
            return apache->find(dit().domain(Com),
                LdapFilter::allOf(
                    { LdapFilter::anyOf({ LdapFilter::objectClass(QStringLiteral("ispmanVirtualHostUser")),
                          LdapFilter::objectClass(QStringLiteral("ispmanDomainUser")) }),
                        LdapFilter::equals(QStringLiteral("ispmanUserId"), id) }),
                { QStringLiteral("*") });
        };
        // What mod_authnz_ldap does: find the user, compare its id; nothing else of it is visible.
        auto webguy = findUser(QStringLiteral("webguy"));
        QVERIFY2(webguy.ok(), qPrintable(webguy.error().toString()));
        QCOMPARE(webguy->size(), 1);
        QCOMPARE(webguy->first().dn(), WebUser::dn(dit(), Com, QStringLiteral("webguy")));
        QCOMPARE(webguy->first().text(QStringLiteral("ispmanUserId")), QStringLiteral("webguy"));
        QVERIFY(!webguy->first().hasAttribute(QStringLiteral("userPassword")));
        QVERIFY(!webguy->first().hasAttribute(QStringLiteral("ispmanDomain")));
        auto john = findUser(QStringLiteral("john"));
        QVERIFY(john.ok());
        QCOMPARE(john->size(), 1);
        QCOMPARE(john->first().dn(), dit().user(Com, QStringLiteral("john_example_com")));
        QStringList johnAttributes = john->first().attributeNames();
        johnAttributes.sort(Qt::CaseInsensitive);
        QCOMPARE(johnAttributes, (QStringList { QStringLiteral("ispmanUserId"), QStringLiteral("objectClass") }));
        auto www = apache->read(dit().vhost(Com, QStringLiteral("www")), { QStringLiteral("*") });
        QVERIFY(www.ok());
        QVERIFY(!www->has_value() || !(*www)->hasAttribute(QStringLiteral("homeDirectory")));
        // Nothing outside the domains, and no writes.
        const LdapDn self = dit().services().child(QStringLiteral("cn"), QStringLiteral("apache"));
        for (const LdapDn &branch : { dit().hosts(), dit().processes(), dit().conf(), dit().admins(), dit().services(),
                 dit().tenants(), dit().dns() }) {
            auto seen = apache->find(branch, LdapFilter(), { QStringLiteral("*") }, LdapScope::Subtree);
            QVERIFY2(seen.ok() || seen.error().code() == LdapCode::NoSuchObject, qPrintable(seen.error().toString()));
            // Its own entry (every identity reads itself) and the public shape of the tree only.
            for (const LdapEntry &e : seen.ok() ? *seen : QList<LdapEntry>()) {
                QStringList attributes = e.attributeNames();
                attributes.removeAll(QStringLiteral("objectClass"));
                attributes.removeAll(QStringLiteral("ou"));
                QVERIFY2(e.dn() == self || attributes.isEmpty(),
                    qPrintable(e.dn().toString() + u' ' + attributes.join(u',')));
            }
        }
        QVERIFY(!apache
                     ->modify(WebUser::dn(dit(), Com, QStringLiteral("webguy")),
                         { LdapModification::replace(QStringLiteral("ispmanUserId"), QStringLiteral("other")) })
                     .ok());

        // The second step: the user's own bind.
        QVERIFY(sessionAs(WebUser::dn(dit(), Com, QStringLiteral("webguy")), WebUserPassword.toUtf8())->whoAmI().ok());
        QVERIFY(!sessionAs(WebUser::dn(dit(), Com, QStringLiteral("webguy")), "not-the-password")->whoAmI().ok());
        QVERIFY(sessionAs(dit().user(Com, QStringLiteral("john_example_com")), JohnPassword.toUtf8())->whoAmI().ok());
    }
};

QTEST_GUILESS_MAIN(TestWebHandler)
#include "tst_webhandler.moc"
