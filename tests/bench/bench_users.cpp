// bench_users: creating mail users (entry with a password, home directory and mailbox work for
// their hosts) through core, against `ldapadd` of the same entries, on one private slapd with the
// sample ISP, in one run:
//
//  1. baseline: `ldapadd` of N user entries as core writes them (cleartext password, which slapd
//     hashes with Argon2 in both cases), one connection, one request at a time;
//  2. bulk: UserOps::addMany() in batches (the path of CSV imports): validation, uniqueness,
//     placement, uid block, entries and processes pipelined, one claim per domain;
//  3. one at a time: UserOps::add() per user (what the CLI, the console and the panel do).
//
// For each: users/s, the ratio to the baseline, and LDAP writes per user counted by slapd's
// access log (every successful write is one entry there). Prints a table; --json FILE adds the
// figures to FILE under "users".
#include "benchjson.h"

#include "core/directory/privatedirectory.h"
#include "core/ops/domainops.h"
#include "core/ops/userops.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonObject>
#include <QProcess>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>

using namespace Isp::Core;

namespace {

QTextStream out(stdout);

[[noreturn]] void die(const QString &message)
{
    QTextStream(stderr) << "bench_users: " << message << '\n';
    std::exit(1);
}

const QByteArray kPassword = "bench-user-secret-1";

int writeCount(DirectorySession &root)
{
    LdapSearchRequest r;
    r.base = LdapDn::fromTrusted(u"cn=accesslog");
    r.scope = LdapScope::OneLevel;
    r.filter = LdapFilter::objectClass(QStringLiteral("auditWriteObject"));
    r.attributes = QStringList{QStringLiteral("1.1")};
    r.pageSize = 1000;
    r.discardEntries = true;
    auto res = root.search(r);
    if (!res.ok())
        die(res.error().toString());
    return int(res->entryCount);
}

void addDomain(DirectorySession &admin, const QString &name)
{
    DomainOps::DomainSpec d;
    d.name = name;
    d.maxAccounts = QStringLiteral("-1");
    d.mailDropHost = QStringLiteral("mail1.example.net");
    d.fileServer = QStringLiteral("web1.example.net");
    auto r = DomainOps::add(admin, d);
    if (!r.ok())
        die(r.error().message);
}

QList<UserOps::UserSpec> specs(const QString &domain, const QString &prefix, int n)
{
    QList<UserOps::UserSpec> out;
    for (int i = 0; i < n; ++i) {
        UserOps::UserSpec s;
        s.domain = domain;
        s.localPart = QStringLiteral("%1%2").arg(prefix).arg(i, 6, 10, QLatin1Char('0'));
        s.givenName = QStringLiteral("Bench");
        s.surname = QStringLiteral("User %1").arg(i);
        s.password = QString::fromLatin1(kPassword);
        out << s;
    }
    return out;
}

struct Figure
{
    double perSecond = 0;
    double writesPerUser = 0;
};

Figure bulk(DirectorySession &admin, DirectorySession &root, const QString &domain, int n, int batch)
{
    const QList<UserOps::UserSpec> all = specs(domain, QStringLiteral("bulk"), n);
    const int before = writeCount(root);
    QElapsedTimer t;
    t.start();
    for (qsizetype i = 0; i < all.size(); i += batch) {
        auto r = UserOps::addMany(admin, all.mid(i, batch));
        if (!r.ok())
            die(r.error().message);
    }
    const double seconds = double(t.nsecsElapsed()) / 1e9;
    return {n / seconds, double(writeCount(root) - before) / n};
}

Figure single(DirectorySession &admin, DirectorySession &root, const QString &domain, int n)
{
    const QList<UserOps::UserSpec> all = specs(domain, QStringLiteral("one"), n);
    const int before = writeCount(root);
    QElapsedTimer t;
    t.start();
    for (const UserOps::UserSpec &s : all) {
        auto r = UserOps::add(admin, s);
        if (!r.ok())
            die(r.error().message);
    }
    const double seconds = double(t.nsecsElapsed()) / 1e9;
    return {n / seconds, double(writeCount(root) - before) / n};
}

// The entries the bulk run wrote, moved to `target`'s users branch, with the cleartext password
// again: what ldapadd adds is what core added.
QByteArray ldifOf(DirectorySession &root, const QString &source, const QString &target)
{
    LdapSearchRequest r;
    r.base = root.dit().users(source);
    r.scope = LdapScope::OneLevel;
    r.filter = LdapFilter::objectClass(QStringLiteral("ispmanDomainUser"));
    r.pageSize = 1000;
    auto found = root.search(r);
    if (!found.ok())
        die(found.error().toString());
    QByteArray ldif;
    for (const LdapEntry &e : std::as_const(found->entries)) {
        ldif += "dn: " + e.dn().rebased(root.dit().users(source), root.dit().users(target)).toString().toUtf8() + '\n';
        for (const LdapAttribute &a : e.attributes()) {
            if (a.name.compare(QLatin1String("userPassword"), Qt::CaseInsensitive) == 0)
                continue;
            for (const QByteArray &v : a.values)
                ldif += a.name.toUtf8() + ":: " + v.toBase64() + '\n';
        }
        ldif += "userPassword: " + kPassword + "\n\n";
    }
    return ldif;
}

double ldapadd(const PrivateDirectory &dir, const QByteArray &ldif, int n, const QString &tmp)
{
    QFile f(tmp + QStringLiteral("/users.ldif"));
    if (!f.open(QIODevice::WriteOnly) || f.write(ldif) < 0)
        die(QStringLiteral("cannot write the LDIF"));
    f.close();
    QProcess p;
    QElapsedTimer t;
    t.start();
    p.start(QStringLiteral("ldapadd"), {QStringLiteral("-x"), QStringLiteral("-H"), dir.uri(), QStringLiteral("-D"), dir.rootDn().toString(),
                                        QStringLiteral("-w"), QString::fromUtf8(dir.rootPassword()), QStringLiteral("-f"), f.fileName()});
    p.waitForFinished(-1);
    const double seconds = double(t.nsecsElapsed()) / 1e9;
    if (p.exitCode() != 0)
        die(QStringLiteral("ldapadd failed: ") + QString::fromUtf8(p.readAllStandardError()));
    return n / seconds;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("ISPMan user creation benchmark"));
    parser.addHelpOption();
    QCommandLineOption users(QStringLiteral("users"), QStringLiteral("Users for the baseline and the bulk run"), QStringLiteral("N"),
                             QStringLiteral("2000"));
    QCommandLineOption singles(QStringLiteral("single-users"), QStringLiteral("Users added one at a time"), QStringLiteral("N"),
                               QStringLiteral("300"));
    QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Add the results to FILE"), QStringLiteral("FILE"));
    parser.addOptions({users, singles, json});
    parser.process(app);
    bool ok1 = false, ok2 = false;
    const int n = parser.value(users).toInt(&ok1);
    const int m = parser.value(singles).toInt(&ok2);
    if (!ok1 || n < 1 || !ok2 || m < 1)
        die(QStringLiteral("--users and --single-users take a positive number"));

    QString missing;
    if (!PrivateDirectory::toolsAvailable(&missing))
        die(missing + QStringLiteral(" is not installed (scripts/install-deps)"));
    QTemporaryDir tmp(QDir::tempPath() + QStringLiteral("/ispman-bench-XXXXXX"));
    PrivateDirectoryOptions o;
    o.directory = tmp.path() + QStringLiteral("/directory");
    o.sampleData = true;
    PrivateDirectory dir(o);
    QString error;
    if (!dir.start(&error))
        die(error);
    DirectorySession admin(dir.adminSettings(), Dit(dir.base()));
    DirectorySession root(dir.rootSettings(), Dit(dir.base()));
    for (const QString &d : {QStringLiteral("bulk.bench.test"), QStringLiteral("single.bench.test"), QStringLiteral("ldapadd.bench.test")})
        addDomain(admin, d);

    out << "ISPMan user creation benchmark: " << n << " users (baseline, bulk), " << m << " one at a time\n";
    out << "machine: " << QSysInfo::prettyProductName() << ", " << QThread::idealThreadCount() << " cores\n\n";
    out.flush();
    const Figure many = bulk(admin, root, QStringLiteral("bulk.bench.test"), n, 500);
    const Figure one = single(admin, root, QStringLiteral("single.bench.test"), m);
    const double baseline = ldapadd(dir, ldifOf(root, QStringLiteral("bulk.bench.test"), QStringLiteral("ldapadd.bench.test")), n, tmp.path());
    dir.stop();

    auto line = [](const QString &what, const QString &value, const QString &note) {
        out << QStringLiteral("%1 %2  %3\n").arg(what, -44).arg(value, 14).arg(note);
    };
    auto verdict = [](bool met) { return met ? QStringLiteral("met") : QStringLiteral("MISSED"); };
    line(QStringLiteral("users: ldapadd of the same entries (baseline)"), QStringLiteral("%1/s").arg(baseline, 0, 'f', 0), QStringLiteral("1 write per user"));
    line(QStringLiteral("users: core, bulk (addMany, batches of 500)"), QStringLiteral("%1/s").arg(many.perSecond, 0, 'f', 0),
         QStringLiteral("ratio %1 (target >= 0.25: %2), %3 writes per user (target <= 4: %4)")
             .arg(many.perSecond / baseline, 0, 'f', 2)
             .arg(verdict(many.perSecond / baseline >= 0.25))
             .arg(many.writesPerUser, 0, 'f', 2)
             .arg(verdict(many.writesPerUser <= 4.0)));
    line(QStringLiteral("users: core, one at a time (add)"), QStringLiteral("%1/s").arg(one.perSecond, 0, 'f', 0),
         QStringLiteral("ratio %1, %2 writes per user").arg(one.perSecond / baseline, 0, 'f', 2).arg(one.writesPerUser, 0, 'f', 2));
    out.flush();

    if (parser.isSet(json)) {
        const QJsonObject figures{{QStringLiteral("machine"), QStringLiteral("%1, %2 cores").arg(QSysInfo::prettyProductName()).arg(QThread::idealThreadCount())},
                                  {QStringLiteral("users"), n},
                                  {QStringLiteral("single_users"), m},
                                  {QStringLiteral("baseline_ldapadd_users_per_s"), baseline},
                                  {QStringLiteral("bulk_users_per_s"), many.perSecond},
                                  {QStringLiteral("bulk_vs_ldapadd"), many.perSecond / baseline},
                                  {QStringLiteral("bulk_writes_per_user"), many.writesPerUser},
                                  {QStringLiteral("single_users_per_s"), one.perSecond},
                                  {QStringLiteral("single_vs_ldapadd"), one.perSecond / baseline},
                                  {QStringLiteral("single_writes_per_user"), one.writesPerUser},
                                  {QStringLiteral("targets"), QJsonObject{{QStringLiteral("bulk_vs_ldapadd_min"), 0.25},
                                                                          {QStringLiteral("writes_per_user_max"), 4}}}};
        if (!Isp::Bench::writeSection(parser.value(json), QStringLiteral("users"), figures))
            die(QStringLiteral("cannot write ") + parser.value(json));
    }
    return 0;
}
