// bench_ldap: LDAP core against the stock tools, on one private slapd, in one run.
//
//  1. add rate: N entries with `ldapadd` (one process, one connection, one request at a time),
//     then N entries with LdapConnection (pipelined, its default), then N with one request in
//     flight at a time (the like-for-like figure); entries/s and ratios against ldapadd.
//  2. sync notification latency: one connection modifies an entry M times; a refreshAndPersist
//     LdapSyncConsumer on another connection sees each change; latency = time from the modify's
//     acknowledgement to the consumer's callback (negative when the event arrives first).
//
// Prints a table; --json FILE adds the figures to FILE under "ldap".
#include "benchjson.h"

#include "core/directory/privatedirectory.h"
#include "core/ldap/ldapconnection.h"
#include "core/ldap/ldapsyncconsumer.h"
#include "core/ldap/ldapwait.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>

#include <algorithm>
#include <cstdio>

using namespace Isp::Core;

namespace {

QTextStream out(stdout);

void die(const QString &message)
{
    QTextStream(stderr) << "bench_ldap: " << message << '\n';
    std::exit(1);
}

LdapEntry benchEntry(const LdapDn &parent, int i)
{
    const QString name = QStringLiteral("user%1").arg(i, 6, 10, QLatin1Char('0'));
    LdapEntry e(parent.child(QStringLiteral("uid"), name));
    e.setTexts(QStringLiteral("objectClass"), {QStringLiteral("inetOrgPerson")});
    e.setText(QStringLiteral("uid"), name);
    e.setText(QStringLiteral("cn"), QStringLiteral("Bench User %1").arg(i));
    e.setText(QStringLiteral("sn"), QStringLiteral("User"));
    e.setText(QStringLiteral("mail"), name + QStringLiteral("@example.com"));
    e.setText(QStringLiteral("description"), QStringLiteral("benchmark entry number %1").arg(i));
    return e;
}

void addOu(LdapConnection &c, const LdapDn &dn)
{
    LdapEntry ou(dn);
    ou.setTexts(QStringLiteral("objectClass"), {QStringLiteral("organizationalUnit")});
    ou.setText(QStringLiteral("ou"), dn.rdnValue());
    auto r = ldapWait<LdapWriteResult>([&](QObject *ctx, auto done) { c.add(ou, ctx, done); });
    if (!r.ok())
        die(r.error().toString());
}

QByteArray toLdif(const LdapEntry &e)
{
    QByteArray out = "dn: " + e.dn().toString().toUtf8() + '\n';
    for (const LdapAttribute &a : e.attributes()) {
        for (const QByteArray &v : a.values)
            out += a.name.toUtf8() + ": " + v + '\n';
    }
    return out + '\n';
}

double ldapaddRate(const PrivateDirectory &dir, const LdapDn &parent, int n, const QString &tmp)
{
    QFile f(tmp + QStringLiteral("/bench.ldif"));
    if (!f.open(QIODevice::WriteOnly))
        die(QStringLiteral("cannot write the LDIF"));
    for (int i = 0; i < n; ++i)
        f.write(toLdif(benchEntry(parent, i)));
    f.close();
    QProcess p;
    QElapsedTimer t;
    t.start();
    p.start(QStringLiteral("ldapadd"), {QStringLiteral("-x"), QStringLiteral("-H"), dir.uri(), QStringLiteral("-D"),
                                        dir.rootDn().toString(), QStringLiteral("-w"), QString::fromUtf8(dir.rootPassword()),
                                        QStringLiteral("-f"), f.fileName()});
    p.waitForFinished(-1);
    const double seconds = double(t.nsecsElapsed()) / 1e9;
    if (p.exitCode() != 0)
        die(QStringLiteral("ldapadd failed: ") + QString::fromUtf8(p.readAllStandardError()));
    return n / seconds;
}

double coreRate(const PrivateDirectory &dir, const LdapDn &parent, int n, int window)
{
    LdapConnectionSettings s = dir.rootSettings();
    s.maxOutstanding = window;
    LdapConnection c(s);
    if (!ldapWait<QString>([&](QObject *ctx, auto done) { c.whoAmI(ctx, done); }).ok())
        die(QStringLiteral("cannot connect"));
    QList<LdapEntry> entries;
    entries.reserve(n);
    for (int i = 0; i < n; ++i)
        entries << benchEntry(parent, i);
    int done = 0, failed = 0;
    QObject ctx;
    QEventLoop loop;
    QElapsedTimer t;
    t.start();
    for (const LdapEntry &e : std::as_const(entries)) {
        c.add(e, &ctx, [&](Result<LdapWriteResult> r) {
            r.ok() ? ++done : ++failed;
            if (done + failed == n)
                loop.quit();
        });
    }
    if (done + failed < n)
        loop.exec();
    const double seconds = double(t.nsecsElapsed()) / 1e9;
    if (failed)
        die(QStringLiteral("%1 core adds failed").arg(failed));
    return n / seconds;
}

struct Latency
{
    QList<double> afterAck;  // ms, event time - ack time
    QList<double> afterSend; // ms, event time - send time
};

double percentile(QList<double> v, double p)
{
    if (v.isEmpty())
        return 0;
    std::sort(v.begin(), v.end());
    const qsizetype i = std::min<qsizetype>(v.size() - 1, qsizetype(p / 100.0 * double(v.size())));
    return v.at(i);
}

Latency syncLatency(const PrivateDirectory &dir, const LdapDn &parent, int m)
{
    LdapConnection writer(dir.rootSettings());
    LdapConnection follower(dir.rootSettings());
    addOu(writer, parent);
    LdapEntry target = benchEntry(parent, 0);
    if (!ldapWait<LdapWriteResult>([&](QObject *ctx, auto done) { writer.add(target, ctx, done); }).ok())
        die(QStringLiteral("cannot add the sync target"));

    LdapSyncConsumer consumer(&follower);
    LdapSearchRequest r;
    r.base = parent;
    r.scope = LdapScope::OneLevel;
    r.attributes = QStringList{QStringLiteral("description")};
    consumer.setRequest(r);
    QElapsedTimer clock;
    clock.start();
    QHash<QString, qint64> eventAt;
    QEventLoop loop;
    QString waitingFor;
    QObject::connect(&consumer, &LdapSyncConsumer::changed, &consumer, [&](const LdapSyncEvent &e) {
        const QString v = e.entry.text(QStringLiteral("description"));
        eventAt.insert(v, clock.nsecsElapsed());
        if (v == waitingFor)
            loop.quit();
    });
    bool refreshed = false;
    QObject::connect(&consumer, &LdapSyncConsumer::refreshDone, &consumer, [&] {
        refreshed = true;
        loop.quit();
    });
    consumer.start();
    if (!refreshed)
        loop.exec();

    Latency lat;
    QObject ctx;
    for (int i = 0; i < m; ++i) {
        const QString value = QStringLiteral("change %1").arg(i);
        qint64 sentAt = clock.nsecsElapsed();
        qint64 ackAt = -1;
        waitingFor = value;
        writer.modify(target.dn(), {LdapModification::replace(QStringLiteral("description"), value)}, &ctx,
                      [&](Result<LdapWriteResult> res) {
                          if (!res.ok())
                              die(res.error().toString());
                          ackAt = clock.nsecsElapsed();
                          if (eventAt.contains(value))
                              loop.quit();
                      });
        while (ackAt < 0 || !eventAt.contains(value))
            loop.exec();
        lat.afterAck << double(eventAt.value(value) - ackAt) / 1e6;
        lat.afterSend << double(eventAt.value(value) - sentAt) / 1e6;
    }
    return lat;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("ISPMan LDAP core benchmark"));
    parser.addHelpOption();
    QCommandLineOption entries(QStringLiteral("entries"), QStringLiteral("Entries to add per method"), QStringLiteral("N"),
                               QStringLiteral("5000"));
    QCommandLineOption changes(QStringLiteral("changes"), QStringLiteral("Modifies for the sync latency"), QStringLiteral("M"),
                               QStringLiteral("1000"));
    QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Write the results to FILE"), QStringLiteral("FILE"));
    parser.addOptions({entries, changes, json});
    parser.process(app);
    bool ok1 = false, ok2 = false;
    const int n = parser.value(entries).toInt(&ok1);
    const int m = parser.value(changes).toInt(&ok2);
    if (!ok1 || n < 1 || !ok2 || m < 1)
        die(QStringLiteral("--entries and --changes take a positive number"));

    QString missing;
    if (!PrivateDirectory::toolsAvailable(&missing))
        die(missing + QStringLiteral(" is not installed (scripts/install-deps)"));
    QTemporaryDir tmp(QDir::tempPath() + QStringLiteral("/ispman-bench-XXXXXX"));
    PrivateDirectoryOptions o;
    o.directory = tmp.path() + QStringLiteral("/directory");
    PrivateDirectory dir(o);
    QString error;
    if (!dir.start(&error))
        die(error);

    LdapConnection setup(dir.rootSettings());
    const LdapDn viaTool = dir.base().child(QStringLiteral("ou"), QStringLiteral("bench-ldapadd"));
    const LdapDn viaCore = dir.base().child(QStringLiteral("ou"), QStringLiteral("bench-core"));
    const LdapDn viaCoreSerial = dir.base().child(QStringLiteral("ou"), QStringLiteral("bench-core-serial"));
    for (const LdapDn &ou : {viaTool, viaCore, viaCoreSerial})
        addOu(setup, ou);

    out << "ISPMan LDAP core benchmark: " << n << " adds per method, " << m << " sync changes\n";
    out << "machine: " << QSysInfo::prettyProductName() << ", " << QThread::idealThreadCount() << " cores\n\n";
    out.flush();
    const double tool = ldapaddRate(dir, viaTool, n, tmp.path());
    const double core = coreRate(dir, viaCore, n, 256);
    const double serial = coreRate(dir, viaCoreSerial, n, 1);
    const Latency lat = syncLatency(dir, dir.base().child(QStringLiteral("ou"), QStringLiteral("bench-sync")), m);
    dir.stop();

    const double p50 = percentile(lat.afterAck, 50), p99 = percentile(lat.afterAck, 99);
    const double s50 = percentile(lat.afterSend, 50), s99 = percentile(lat.afterSend, 99);
    auto line = [](const char *what, const QString &value, const QString &note) {
        out << QStringLiteral("%1 %2  %3\n").arg(QLatin1String(what), -44).arg(value, 14).arg(note);
    };
    line("add: ldapadd (baseline)", QStringLiteral("%1/s").arg(tool, 0, 'f', 0), QString());
    line("add: core, pipelined (default)", QStringLiteral("%1/s").arg(core, 0, 'f', 0),
         QStringLiteral("ratio %1  (target >= 0.80: %2)").arg(core / tool, 0, 'f', 2).arg(core / tool >= 0.8 ? QStringLiteral("met") : QStringLiteral("MISSED")));
    line("add: core, one request at a time", QStringLiteral("%1/s").arg(serial, 0, 'f', 0),
         QStringLiteral("ratio %1").arg(serial / tool, 0, 'f', 2));
    line("sync notification after ack: p50", QStringLiteral("%1 ms").arg(p50, 0, 'f', 3),
         QStringLiteral("(target <= 1 ms: %1)").arg(p50 <= 1.0 ? QStringLiteral("met") : QStringLiteral("MISSED")));
    line("sync notification after ack: p99", QStringLiteral("%1 ms").arg(p99, 0, 'f', 3), QString());
    line("sync notification after send: p50", QStringLiteral("%1 ms").arg(s50, 0, 'f', 3), QStringLiteral("(modify round trip included)"));
    line("sync notification after send: p99", QStringLiteral("%1 ms").arg(s99, 0, 'f', 3), QString());
    out.flush();

    if (parser.isSet(json)) {
        QJsonObject o{{QStringLiteral("benchmark"), QStringLiteral("ldap")},
                      {QStringLiteral("machine"), QStringLiteral("%1, %2 cores").arg(QSysInfo::prettyProductName()).arg(QThread::idealThreadCount())},
                      {QStringLiteral("entries"), n},
                      {QStringLiteral("changes"), m},
                      {QStringLiteral("baseline_ldapadd_per_s"), tool},
                      {QStringLiteral("core_add_per_s"), core},
                      {QStringLiteral("core_serial_add_per_s"), serial},
                      {QStringLiteral("core_vs_ldapadd"), core / tool},
                      {QStringLiteral("core_serial_vs_ldapadd"), serial / tool},
                      {QStringLiteral("sync_after_ack_p50_ms"), p50},
                      {QStringLiteral("sync_after_ack_p99_ms"), p99},
                      {QStringLiteral("sync_after_send_p50_ms"), s50},
                      {QStringLiteral("sync_after_send_p99_ms"), s99},
                      {QStringLiteral("targets"), QJsonObject{{QStringLiteral("core_vs_ldapadd_min"), 0.8},
                                                              {QStringLiteral("sync_after_ack_p50_ms_max"), 1.0}}}};
        if (!Isp::Bench::writeSection(parser.value(json), QStringLiteral("ldap"), o))
            die(QStringLiteral("cannot write ") + parser.value(json));
    }
    return 0;
}
