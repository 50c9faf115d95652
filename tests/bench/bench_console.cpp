// bench_console: how the console behaves on a large ISP. A private slapd is filled (slapadd,
// offline) with a generated directory — by default 10,000 domains and 200,000 mail users, one
// of the domains holding 5,000 of them — then the real MainWindow is opened offscreen in this
// process, as ispman-console does, and timed:
//
//  1. first painted tree: from creating the connection to the first paint of the tree showing
//     domains (the Domains › Primary folder is open at start);
//     baseline: one raw paged one-level search of the base, first page (what the tree asks);
//  2. expanding the 5,000-user domain's Users folder: to the first page on screen, and to all
//     5,000 rows loaded and painted; baseline: a raw paged search of the 5,000 users;
//  3. an external modify (another client changes a user's name) to the changed row painted,
//     20 times, median and worst; baseline: the same modify seen by a bare sync consumer;
//  4. peak RSS of the process (VmHWM) at the end.
//
// Prints a table; --json FILE adds the figures to FILE under "console".
#include "benchjson.h"

#include "console/backend.h"
#include "console/command.h"
#include "console/consolecontext.h"
#include "console/entityeditor.h"
#include "console/livedirectory.h"
#include "console/mainwindow.h"
#include "console/treemodel.h"
#include "core/directory/privatedirectory.h"
#include "core/ldap/ldapfilter.h"
#include "core/ops/directorysession.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonObject>
#include <QProcess>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>
#include <QTreeView>

#include <algorithm>
#include <functional>

using namespace Isp;
using namespace Isp::Core;

namespace {

QTextStream out(stdout);

[[noreturn]] void die(const QString &message)
{
    QTextStream(stderr) << "bench_console: " << message << '\n';
    std::exit(1);
}

// Paint times of a widget, so "on screen" means painted, not only in the model.
class PaintClock : public QObject
{
public:
    explicit PaintClock(QWidget *w) { w->installEventFilter(this); }
    qint64 lastPaintNs = 0;
    QElapsedTimer *clock = nullptr;

protected:
    bool eventFilter(QObject *, QEvent *e) override
    {
        if (e->type() == QEvent::Paint && clock)
            lastPaintNs = clock->nsecsElapsed();
        return false;
    }
};

// The generated ISP as LDIF: `domains` primary domains d00000.test ... with the usual branches,
// `users` users spread over them, `bigUsers` of those in d00000.test.
QByteArray generate(const QString &base, int domains, int users, int bigUsers)
{
    QByteArray ldif;
    ldif.reserve(qsizetype(users) * 700 + qsizetype(domains) * 900);
    auto domainName = [](int i) { return QStringLiteral("d%1.test").arg(i, 5, 10, QLatin1Char('0')); };
    for (int d = 0; d < domains; ++d) {
        const QString name = domainName(d);
        const QString dn = QStringLiteral("ispmanDomain=%1,%2").arg(name, base);
        ldif += QStringLiteral("dn: %1\nobjectClass: ispmanBranch\nobjectClass: ispmanDomain\nobjectClass: posixAccount\n"
                               "objectClass: PureFTPdUser\nispmanDomain: %2\nispmanDomainType: primary\nispmanDomainOwner: Owner %3\n"
                               "ispmanDomainService: mail\nispmanDomainService: web\nispmanDomainMailDeliveryMethod: local\n"
                               "ispmanDomainDefaultMailDropHost: mail1.example.net\nispmanMaxAccounts: -1\nispmanStatus: active\n"
                               "uid: %2\ncn: %2\nuidNumber: %4\ngidNumber: %4\nhomeDirectory: /var/www/%2\nloginShell: /bin/false\n"
                               "FTPStatus: enabled\n\n")
                    .arg(dn, name).arg(d).arg(20000 + d).toUtf8();
        for (const char *ou : {"users", "httpdata", "httpusers", "ispmanMailGroup", "databases"})
            ldif += QStringLiteral("dn: ou=%1,%2\nobjectClass: ispmanBranch\nou: %1\n\n").arg(QLatin1String(ou), dn).toUtf8();
    }
    const int rest = std::max(1, domains - 1);
    for (int u = 0; u < users; ++u) {
        const int d = u < bigUsers ? 0 : 1 + (u - bigUsers) % rest;
        const QString domain = domainName(d);
        const QString local = QStringLiteral("u%1").arg(u, 6, 10, QLatin1Char('0'));
        QString uid = local + QLatin1Char('_') + domain;
        uid.replace(QLatin1Char('.'), QLatin1Char('_'));
        const QString address = local + QLatin1Char('@') + domain;
        ldif += QStringLiteral("dn: uid=%1,ou=users,ispmanDomain=%2,%3\nobjectClass: ispmanDomainUser\nobjectClass: posixAccount\n"
                               "objectClass: PureFTPdUser\nuid: %1\nuid: %4\nispmanUserId: %5\nispmanDomain: %2\ncn: User %5\n"
                               "sn: %5\nmail: %4\nmailLocalAddress: %4\nmailHost: mail1.example.net\nmailQuota: 51200\n"
                               "uidNumber: %6\ngidNumber: %7\nhomeDirectory: /var/www/%2/users/%1\nloginShell: /bin/false\n"
                               "FTPStatus: enabled\nispmanStatus: active\n\n")
                    .arg(uid, domain, base, address, local)
                    .arg(100000 + u)
                    .arg(20000 + d)
                    .toUtf8();
    }
    return ldif;
}

double ms(qint64 ns)
{
    return double(ns) / 1e6;
}

bool waitFor(const std::function<bool()> &done, int timeoutMs)
{
    return QTest::qWaitFor(done, timeoutMs);
}

qint64 peakRssKiB()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

QModelIndex findRow(const QAbstractItemModel &model, const QModelIndex &parent, const QString &name)
{
    for (int r = 0; r < model.rowCount(parent); ++r) {
        const QModelIndex i = model.index(r, 0, parent);
        if (i.data().toString() == name)
            return i;
    }
    return {};
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("ISPMan-bench"));
    QCommandLineParser parser;
    const QCommandLineOption domainsOpt(QStringLiteral("domains"), QStringLiteral("Domains to generate."), QStringLiteral("n"), QStringLiteral("10000"));
    const QCommandLineOption usersOpt(QStringLiteral("users"), QStringLiteral("Users to generate."), QStringLiteral("n"), QStringLiteral("200000"));
    const QCommandLineOption bigOpt(QStringLiteral("big-domain-users"), QStringLiteral("Users of the largest domain."), QStringLiteral("n"), QStringLiteral("5000"));
    const QCommandLineOption jsonOpt(QStringLiteral("json"), QStringLiteral("Add the figures to this JSON file."), QStringLiteral("file"));
    parser.addHelpOption();
    parser.addOptions({domainsOpt, usersOpt, bigOpt, jsonOpt});
    parser.process(app);
    const int domains = parser.value(domainsOpt).toInt();
    const int users = parser.value(usersOpt).toInt();
    const int bigUsers = std::min(users, parser.value(bigOpt).toInt());
    if (domains < 2 || users < 1 || bigUsers < 1)
        die(QStringLiteral("--domains must be >= 2, --users and --big-domain-users >= 1"));

    QString missing;
    if (!PrivateDirectory::toolsAvailable(&missing))
        die(QStringLiteral("slapd is not installed: ") + missing);
    QTemporaryDir tmp(QDir::tempPath() + QStringLiteral("/ispman-bench-console-XXXXXX"));
    PrivateDirectoryOptions o;
    o.directory = tmp.path() + QStringLiteral("/dir");
    o.sampleData = true;
    o.maxSizeBytes = qint64(8) * 1024 * 1024 * 1024;
    PrivateDirectory dir(o);
    QString error;
    if (!dir.start(&error) || !dir.stop(&error))
        die(error);

    // Fill it offline: slapadd is how a large directory is loaded (and -w records contextCSN).
    QElapsedTimer fill;
    fill.start();
    const QString ldifPath = tmp.path() + QStringLiteral("/generated.ldif");
    {
        QFile f(ldifPath);
        if (!f.open(QIODevice::WriteOnly) || f.write(generate(dir.base().toString(), domains, users, bigUsers)) < 0)
            die(QStringLiteral("cannot write ") + ldifPath);
    }
    QProcess slapadd;
    slapadd.start(o.slapaddPath, {QStringLiteral("-q"), QStringLiteral("-w"), QStringLiteral("-F"), o.directory + QStringLiteral("/slapd.d"),
                                  QStringLiteral("-b"), dir.base().toString(), QStringLiteral("-l"), ldifPath});
    if (!slapadd.waitForFinished(30 * 60 * 1000) || slapadd.exitCode() != 0)
        die(QStringLiteral("slapadd failed: ") + QString::fromLocal8Bit(slapadd.readAllStandardError()));
    if (!dir.start(&error))
        die(error);
    out << QStringLiteral("Generated %1 domains and %2 users (%3 in d00000.test) in %4 s\n")
               .arg(domains).arg(users).arg(bigUsers).arg(double(fill.elapsed()) / 1000.0, 0, 'f', 1);
    out.flush();

    LdapConnectionSettings admin = dir.adminSettings();
    const Dit dit(dir.base());
    DirectorySession other(admin, dit);

    // Baselines: the raw searches the tree's first paint and the expansion stand on.
    QElapsedTimer clock;
    DirectorySession root(dir.rootSettings(), dit);
    auto rawPagedSearchAs = [&](DirectorySession &session, const LdapDn &base, bool firstPageOnly) {
        LdapSearchRequest r;
        r.base = base;
        r.scope = LdapScope::OneLevel;
        r.filter = LdapFilter::present(QStringLiteral("objectClass"));
        r.attributes = {QStringLiteral("*"), QStringLiteral("entryUUID")};
        r.pageSize = 1000;
        if (firstPageOnly)
            r.onPage = [](const QList<LdapEntry> &) { return false; };
        clock.start();
        auto res = session.search(r);
        if (!res.ok())
            die(res.error().toString());
        return clock.nsecsElapsed();
    };
    auto rawPagedSearch = [&](const LdapDn &base, bool firstPageOnly) { return rawPagedSearchAs(other, base, firstPageOnly); };
    rawPagedSearch(dit.base(), true); // warm the server's caches once, as the console would find them
    const qint64 baseFirstPage = rawPagedSearch(dit.base(), true);
    const LdapDn bigUsersDn = dit.users(QStringLiteral("d00000.test"));
    const qint64 baseBigUsers = rawPagedSearch(bigUsersDn, false);
    const qint64 rootBigUsers = rawPagedSearchAs(root, bigUsersDn, false);
    out << QStringLiteral("Raw paged search of the big domain's users: %1 ms as the admin, %2 ms as the root DN (no ACLs)\n")
               .arg(ms(baseBigUsers), 0, 'f', 1).arg(ms(rootBigUsers), 0, 'f', 1);

    // 1. First painted tree.
    clock.start();
    Console::ConsoleContext context;
    context.dit = dit;
    context.bindDn = admin.bindDn;
    context.confirmDestructive = false;
    LdapConnection connection(admin);
    connection.open();
    Console::LiveDirectory live(&connection, dit.base());
    live.start();
    Console::Backend backend(admin, dit, &live);
    Console::CommandStack commands(&backend);
    context.live = &live;
    context.backend = &backend;
    context.commands = &commands;
    Console::MainWindow window(context, QStringLiteral("bench"));
    window.resize(1280, 800);
    PaintClock paints(window.tree()->viewport());
    paints.clock = &clock;
    window.show();
    auto *proxy = window.tree()->model();
    const QModelIndex domainsFolder = proxy->index(0, 0);
    QModelIndex primary = findRow(*proxy, domainsFolder, QStringLiteral("Primary"));
    qint64 firstPaint = 0, domainRowsAt = 0;
    if (!waitFor([&] {
            // The first paint after domain rows exist.
            if (domainRowsAt == 0 && proxy->rowCount(primary) > 0)
                domainRowsAt = clock.nsecsElapsed();
            if (domainRowsAt > 0 && paints.lastPaintNs >= domainRowsAt)
                firstPaint = paints.lastPaintNs;
            return firstPaint > 0;
        }, 60000))
        die(QStringLiteral("the tree never showed a domain"));
    if (!waitFor([&] { return live.isLive(); }, 60000))
        die(QStringLiteral("the live subscription did not start"));
    // Let the rest of the domains load (all pages) before expanding.
    if (!waitFor([&] { return live.levelState(dit.base()) == Console::LiveDirectory::LevelState::Loaded; }, 120000))
        die(QStringLiteral("the domains never finished loading"));
    const qint64 allDomains = clock.nsecsElapsed();

    // 2. Expand the 5,000-user domain's Users.
    primary = findRow(*proxy, domainsFolder, QStringLiteral("Primary"));
    const QModelIndex big = findRow(*proxy, primary, QStringLiteral("d00000.test"));
    if (!big.isValid())
        die(QStringLiteral("d00000.test is not in the tree"));
    window.tree()->expand(big);
    const QModelIndex usersFolder = findRow(*proxy, big, QStringLiteral("Users"));
    QApplication::processEvents();
    paints.lastPaintNs = 0;
    clock.start();
    window.tree()->scrollTo(usersFolder, QAbstractItemView::PositionAtTop);
    window.tree()->expand(usersFolder);
    qint64 firstUsersPaint = 0, rowsSeenAt = 0;
    if (!waitFor([&] {
            if (rowsSeenAt == 0 && proxy->rowCount(usersFolder) > 0)
                rowsSeenAt = clock.nsecsElapsed();
            if (rowsSeenAt > 0 && paints.lastPaintNs >= rowsSeenAt)
                firstUsersPaint = paints.lastPaintNs;
            return firstUsersPaint > 0;
        }, 60000))
        die(QStringLiteral("the users never appeared"));
    qint64 allUsersPaint = 0, allRowsAt = 0;
    if (!waitFor([&] {
            if (allRowsAt == 0 && proxy->rowCount(usersFolder) >= bigUsers) {
                allRowsAt = clock.nsecsElapsed();
                // Rows below the visible area do not repaint the view by themselves.
                window.tree()->viewport()->update();
            }
            if (allRowsAt > 0 && paints.lastPaintNs >= allRowsAt)
                allUsersPaint = paints.lastPaintNs;
            return allUsersPaint > 0;
        }, 60000))
        die(QStringLiteral("not all users appeared: %1").arg(proxy->rowCount(usersFolder)));

    // 3. External modify -> changed row painted. The first user row is on screen.
    const QModelIndex firstUser = proxy->index(0, 0, usersFolder);
    window.tree()->scrollTo(firstUser);
    QApplication::processEvents();
    const QString firstDn = firstUser.data(Console::DirectoryTreeModel::DnRole).toString();
    const LdapDn userDn = *LdapDn::parse(firstDn);
    // Baseline: a bare sync consumer on its own connection sees the same modifies.
    LdapConnection bareConnection(admin);
    bareConnection.open();
    LdapSyncConsumer bare(&bareConnection);
    {
        LdapSearchRequest r;
        r.base = bigUsersDn;
        r.scope = LdapScope::OneLevel;
        r.filter = LdapFilter::equals(QStringLiteral("uid"), userDn.rdnValue());
        bare.setRequest(r);
    }
    qint64 bareSeenAt = 0;
    QObject::connect(&bare, &LdapSyncConsumer::changed, &app, [&](const LdapSyncEvent &) { bareSeenAt = clock.nsecsElapsed(); });
    bare.start();
    if (!waitFor([&] { return bare.isRefreshDone(); }, 30000))
        die(QStringLiteral("the baseline consumer did not start"));
    QList<double> toScreen, toBare;
    for (int i = 0; i < 20; ++i) {
        const QString cn = QStringLiteral("Changed %1").arg(i);
        bareSeenAt = 0;
        paints.lastPaintNs = 0;
        bool changedSeen = false;
        qint64 changedAt = 0;
        auto conn = QObject::connect(window.treeModel(), &QAbstractItemModel::dataChanged, &app, [&](const QModelIndex &) {
            if (!changedSeen) {
                changedSeen = true;
                changedAt = clock.nsecsElapsed();
            }
        });
        clock.start();
        auto r = other.modify(userDn, {LdapModification::replace(QStringLiteral("cn"), cn)});
        if (!r.ok())
            die(r.error().toString());
        qint64 painted = 0;
        if (!waitFor([&] {
                if (changedSeen && paints.lastPaintNs >= changedAt)
                    painted = paints.lastPaintNs;
                return painted > 0 && bareSeenAt > 0;
            }, 10000))
            die(QStringLiteral("a modify did not reach the screen"));
        QObject::disconnect(conn);
        toScreen << ms(painted);
        toBare << ms(bareSeenAt);
    }
    std::sort(toScreen.begin(), toScreen.end());
    std::sort(toBare.begin(), toBare.end());
    const double modifyP50 = toScreen.at(toScreen.size() / 2), modifyMax = toScreen.last();
    const double bareP50 = toBare.at(toBare.size() / 2);
    const qint64 rssKiB = peakRssKiB();

    const double firstPaintMs = ms(firstPaint), baseFirstMs = ms(baseFirstPage);
    const double expandFirstMs = ms(firstUsersPaint), expandAllMs = ms(allUsersPaint), baseBigMs = ms(baseBigUsers);
    out << QStringLiteral("\nConsole on %1 domains / %2 users (%3, %4 CPUs)\n").arg(domains).arg(users)
               .arg(QSysInfo::prettyProductName()).arg(QThread::idealThreadCount());
    out << QStringLiteral("%1 %2 %3 %4\n").arg(QStringLiteral("figure"), -44).arg(QStringLiteral("value"), 10)
               .arg(QStringLiteral("baseline"), 10).arg(QStringLiteral("target"), 10);
    auto row = [&](const QString &name, double v, double b, const QString &target) {
        out << QStringLiteral("%1 %2 %3 %4\n").arg(name, -44).arg(QStringLiteral("%1 ms").arg(v, 0, 'f', 1), 10)
                   .arg(b >= 0 ? QStringLiteral("%1 ms").arg(b, 0, 'f', 1) : QString(), 10).arg(target, 10);
    };
    row(QStringLiteral("first painted tree"), firstPaintMs, baseFirstMs, QStringLiteral("<= 300 ms"));
    row(QStringLiteral("all domains loaded (background)"), ms(allDomains), -1, QString());
    row(QStringLiteral("expand 5,000-user domain: first rows painted"), expandFirstMs, -1, QStringLiteral("<= 300 ms"));
    row(QStringLiteral("expand 5,000-user domain: all rows painted"), expandAllMs, baseBigMs, QStringLiteral("<= 300 ms"));
    row(QStringLiteral("external modify -> row painted (median)"), modifyP50, bareP50, QStringLiteral("<= 50 ms"));
    row(QStringLiteral("external modify -> row painted (worst of 20)"), modifyMax, -1, QStringLiteral("<= 50 ms"));
    out << QStringLiteral("%1 %2 %3 %4\n").arg(QStringLiteral("peak RSS"), -44).arg(QStringLiteral("%1 MB").arg(double(rssKiB) / 1024.0, 0, 'f', 0), 10)
               .arg(QString(), 10).arg(QStringLiteral("<= 400 MB"), 10);
    out << QStringLiteral("Ratios to baseline: first paint %1x, expand all %2x, modify %3x\n")
               .arg(firstPaintMs / baseFirstMs, 0, 'f', 2).arg(expandAllMs / baseBigMs, 0, 'f', 2).arg(modifyP50 / bareP50, 0, 'f', 2);
    out.flush();

    if (parser.isSet(jsonOpt)) {
        QJsonObject j;
        j.insert(QStringLiteral("domains"), domains);
        j.insert(QStringLiteral("users"), users);
        j.insert(QStringLiteral("firstPaintMs"), firstPaintMs);
        j.insert(QStringLiteral("firstPageSearchBaselineMs"), baseFirstMs);
        j.insert(QStringLiteral("allDomainsLoadedMs"), ms(allDomains));
        j.insert(QStringLiteral("expandFirstRowsMs"), expandFirstMs);
        j.insert(QStringLiteral("expandAllRowsMs"), expandAllMs);
        j.insert(QStringLiteral("bigDomainSearchBaselineMs"), baseBigMs);
        j.insert(QStringLiteral("externalModifyToPaintP50Ms"), modifyP50);
        j.insert(QStringLiteral("externalModifyToPaintMaxMs"), modifyMax);
        j.insert(QStringLiteral("externalModifyBareConsumerP50Ms"), bareP50);
        j.insert(QStringLiteral("peakRssMiB"), double(rssKiB) / 1024.0);
        if (!Bench::writeSection(parser.value(jsonOpt), QStringLiteral("console"), j))
            die(QStringLiteral("cannot write ") + parser.value(jsonOpt));
    }
    window.close();
    return 0;
}
