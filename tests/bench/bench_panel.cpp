// bench_panel: how fast the customer panel serves its pages. One private slapd with the sample
// ISP (example.com given a few dozen DNS records and mail users, so the pages have something to
// list; the work this queued is then deleted as agents would once done, so the dashboard shows
// its bounded list of recent changes), the real `ispman-panel` program as a child process on a
// loopback port, and wrk as the load generator, in one run:
//
//  1. baseline: /healthz, the panel's trivial route (a fixed "ok", no session, no template), so
//     the figures of the pages are compared with what the same server does for nothing;
//  2. /dashboard and /dns, logged in as example.com's owner (one login, its session cookie sent
//     by every wrk connection): session check, cache reads, template, security headers.
//
// Each run: `wrk -t2 -c16 -d5s --latency` after a short warm-up; requests/s and the 99th
// percentile latency are taken from wrk's report. A measured page that does not answer 200
// (not written yet, or the login did not work) stops the benchmark before any figure is printed.
//
// Prints a table; --json FILE adds the figures to FILE under "panel".
#include "benchjson.h"
#include "core/acl/signedtoken.h"
#include "core/directory/privatedirectory.h"
#include "core/ops/dnsops.h"
#include "core/ops/domainops.h"
#include "core/ops/serviceops.h"
#include "core/ops/userops.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>
#include <QUrl>

#include <functional>

using namespace Isp::Core;

namespace {

QTextStream out(stdout);
std::function<void()> cleanup; // stops the panel and slapd when the benchmark gives up

[[noreturn]] void die(const QString &message)
{
    QTextStream(stderr) << "bench_panel: " << message << '\n';
    if (cleanup)
        cleanup();
    std::exit(1);
}

struct Http
{
    int status = 0;
    QByteArray body;
    QList<QByteArray> setCookies;
    QByteArray location;
};

// One request over a real socket; cookies by hand (the panel's are HttpOnly, SameSite=Strict).
Http request(QNetworkAccessManager &nam, const QByteArray &method, const QUrl &url, const QByteArray &cookie,
    const QByteArray &body = {})
{
    QNetworkRequest req(url);
    req.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    req.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
    req.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    if (!cookie.isEmpty())
        req.setRawHeader("Cookie", cookie);
    if (!body.isEmpty())
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-www-form-urlencoded"));
    QNetworkReply *reply = nam.sendCustomRequest(req, method, body);
    QDeadlineTimer deadline(15000);
    while (!reply->isFinished() && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents, 10);
    Http r;
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.body = reply->readAll();
    const auto headers = reply->rawHeaderPairs();
    for (const auto &[name, value] : headers) {
        if (name.compare("set-cookie", Qt::CaseInsensitive) == 0)
            r.setCookies << value.split('\n');
        else if (name.compare("location", Qt::CaseInsensitive) == 0)
            r.location = value;
    }
    reply->deleteLater();
    return r;
}

// "name=value" of the cookie `name` among Set-Cookie headers, or empty.
QByteArray cookieFrom(const QList<QByteArray> &setCookies, const QByteArray &name)
{
    for (const QByteArray &c : setCookies) {
        const QByteArray pair = c.split(';').constFirst().trimmed();
        if (pair.startsWith(name + '=') && pair.size() > name.size() + 1)
            return pair;
    }
    return {};
}

// Logs in as the owner of `domain` the way a browser does (login page for the pre-session
// cookie and CSRF token, then the form); the session cookie ("ispman=...").
QByteArray login(QNetworkAccessManager &nam, const QString &base, const QString &domain, const QString &password)
{
    const Http page = request(nam, "GET", QUrl(base + QStringLiteral("/login")), {});
    const QByteArray pre = cookieFrom(page.setCookies, "ispman-pre");
    static const QRegularExpression token(QStringLiteral("name=\"_csrf\" value=\"([^\"]*)\""));
    const auto m = token.match(QString::fromUtf8(page.body));
    if (page.status != 200 || pre.isEmpty() || !m.hasMatch())
        die(QStringLiteral("GET /login answered %1 without a pre-session cookie or CSRF token").arg(page.status));
    const QByteArray form = "domain=" + QUrl::toPercentEncoding(domain) + "&password="
        + QUrl::toPercentEncoding(password) + "&_csrf=" + QUrl::toPercentEncoding(m.captured(1)) + "&next=%2Fdashboard";
    const Http done = request(nam, "POST", QUrl(base + QStringLiteral("/login")), pre, form);
    const QByteArray session = cookieFrom(done.setCookies, "ispman");
    if (done.status != 303 || session.isEmpty())
        die(QStringLiteral("the login as %1 failed: %2 %3")
                .arg(domain)
                .arg(done.status)
                .arg(QString::fromUtf8(done.body.left(300))));
    return session;
}

struct WrkFigures
{
    double requestsPerSecond = 0;
    double p50Ms = 0;
    double p99Ms = 0;
    qint64 requests = 0;
    QString socketErrors; // wrk's line, when it had any
};

// "1.23ms", "850.00us", "1.02s" -> milliseconds; -1 when it is none of those.
double toMs(const QString &value)
{
    static const QRegularExpression v(QStringLiteral("^([0-9.]+)(us|ms|s|m)$"));
    const auto m = v.match(value.trimmed());
    if (!m.hasMatch())
        return -1;
    const double n = m.captured(1).toDouble();
    const QString unit = m.captured(2);
    return unit == u"us" ? n / 1000.0 : unit == u"ms" ? n : unit == u"s" ? n * 1000.0 : n * 60000.0;
}

WrkFigures runWrk(
    const QString &wrk, const QStringList &load, const QString &url, const QByteArray &cookie, int seconds)
{
    QStringList args = load;
    args << QStringLiteral("-d%1s").arg(seconds) << QStringLiteral("--latency");
    if (!cookie.isEmpty())
        args << QStringLiteral("-H") << QStringLiteral("Cookie: ") + QString::fromLatin1(cookie);
    args << url;
    QProcess p;
    p.start(wrk, args);
    if (!p.waitForFinished((seconds + 60) * 1000)) {
        p.kill();
        p.waitForFinished();
        die(QStringLiteral("wrk did not finish (%1)").arg(url));
    }
    const QString report = QString::fromUtf8(p.readAllStandardOutput());
    if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
        die(QStringLiteral("wrk failed on %1: %2").arg(url, QString::fromUtf8(p.readAllStandardError()).trimmed()));
    WrkFigures f;
    static const QRegularExpression rps(
        QStringLiteral("^Requests/sec:\\s+([0-9.]+)"), QRegularExpression::MultilineOption);
    static const QRegularExpression p50(QStringLiteral("^\\s+50%\\s+(\\S+)"), QRegularExpression::MultilineOption);
    static const QRegularExpression p99(QStringLiteral("^\\s+99%\\s+(\\S+)"), QRegularExpression::MultilineOption);
    static const QRegularExpression total(
        QStringLiteral("^\\s+([0-9]+) requests in"), QRegularExpression::MultilineOption);
    static const QRegularExpression non2xx(
        QStringLiteral("^\\s+Non-2xx or 3xx responses:\\s+([0-9]+)"), QRegularExpression::MultilineOption);
    static const QRegularExpression socket(
        QStringLiteral("^\\s+(Socket errors:.*)$"), QRegularExpression::MultilineOption);
    const auto r = rps.match(report), a = p50.match(report), b = p99.match(report), t = total.match(report);
    if (!r.hasMatch() || !a.hasMatch() || !b.hasMatch() || !t.hasMatch())
        die(QStringLiteral("cannot read wrk's report for %1:\n%2").arg(url, report));
    if (const auto bad = non2xx.match(report); bad.hasMatch())
        die(QStringLiteral("%1: %2 answers were not 2xx/3xx during the run:\n%3").arg(url, bad.captured(1), report));
    f.requestsPerSecond = r.captured(1).toDouble();
    f.p50Ms = toMs(a.captured(1));
    f.p99Ms = toMs(b.captured(1));
    f.requests = t.captured(1).toLongLong();
    if (f.p50Ms < 0 || f.p99Ms < 0)
        die(QStringLiteral("cannot read wrk's latencies for %1:\n%2").arg(url, report));
    if (const auto s = socket.match(report); s.hasMatch())
        f.socketErrors = s.captured(1).trimmed();
    return f;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("ISPMan customer panel benchmark"));
    parser.addHelpOption();
    QCommandLineOption panelBin(QStringLiteral("panel"), QStringLiteral("The ispman-panel program"),
        QStringLiteral("FILE"), QStringLiteral(ISPMAN_PANEL_BIN));
    QCommandLineOption seconds(QStringLiteral("seconds"), QStringLiteral("Duration of each measured wrk run"),
        QStringLiteral("N"), QStringLiteral("5"));
    QCommandLineOption connections(
        QStringLiteral("connections"), QStringLiteral("wrk connections"), QStringLiteral("N"), QStringLiteral("16"));
    QCommandLineOption threads(
        QStringLiteral("threads"), QStringLiteral("wrk threads"), QStringLiteral("N"), QStringLiteral("2"));
    QCommandLineOption pages(QStringLiteral("pages"), QStringLiteral("Logged-in pages to measure, comma-separated"),
        QStringLiteral("PATHS"), QStringLiteral("/dashboard,/dns"));
    QCommandLineOption records(QStringLiteral("records"), QStringLiteral("DNS records added to example.com"),
        QStringLiteral("N"), QStringLiteral("50"));
    QCommandLineOption users(QStringLiteral("mail-users"), QStringLiteral("Mail users added to example.com"),
        QStringLiteral("N"), QStringLiteral("25"));
    QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Add the results to FILE"), QStringLiteral("FILE"));
    parser.addOptions({ panelBin, seconds, connections, threads, pages, records, users, json });
    parser.process(app);
    const int nSeconds = parser.value(seconds).toInt();
    const int nConnections = parser.value(connections).toInt();
    const int nThreads = parser.value(threads).toInt();
    const int nRecords = parser.value(records).toInt();
    const int nUsers = parser.value(users).toInt();
    if (nSeconds < 1 || nConnections < 1 || nThreads < 1 || nRecords < 0 || nUsers < 0)
        die(QStringLiteral(
            "--seconds, --connections and --threads take a positive number, --records and --mail-users zero or more"));
    const QStringList measured = parser.value(pages).split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (const QString &page : measured) {
        if (!page.startsWith(QLatin1Char('/')))
            die(QStringLiteral("--pages: \"%1\" is not a path").arg(page));
    }
    const QString panel = parser.value(panelBin);
    if (!QFileInfo(panel).isExecutable())
        die(panel + QStringLiteral(" is not an executable (build ispman-panel, or pass --panel)"));
    const QString wrk = QStandardPaths::findExecutable(QStringLiteral("wrk"));
    if (wrk.isEmpty())
        die(QStringLiteral("wrk is not installed (scripts/install-deps)"));
    QString missing;
    if (!PrivateDirectory::toolsAvailable(&missing))
        die(missing + QStringLiteral(" is not installed (scripts/install-deps)"));

    // The directory, with a domain that has something to show.
    QTemporaryDir tmp(QDir::tempPath() + QStringLiteral("/ispman-bench-XXXXXX"));
    PrivateDirectoryOptions o;
    o.directory = tmp.path() + QStringLiteral("/directory");
    o.sampleData = true;
    PrivateDirectory dir(o);
    QProcess server;
    cleanup = [&] {
        if (server.state() != QProcess::NotRunning) {
            server.kill();
            server.waitForFinished(5000);
        }
        dir.kill();
        tmp.remove();
    };
    QString error;
    if (!dir.start(&error))
        die(error);
    const Dit dit(dir.base());
    const QString domain = QStringLiteral("example.com");
    const QString ownerPassword = QStringLiteral("bench-owner-secret");
    {
        DirectorySession root(dir.rootSettings(), dit);
        if (auto r = DomainOps::setPassword(root, domain, ownerPassword); !r.ok())
            die(QStringLiteral("cannot set the domain password: ") + r.error().toString());
        if (auto r = ServiceOps::setPassword(root, QStringLiteral("panel"), QStringLiteral("bench-panel-secret"));
            !r.ok())
            die(QStringLiteral("cannot set the panel's password: ") + r.error().toString());
        for (int i = 1; i <= nRecords; ++i) {
            const DnsRecord rec { QStringLiteral("host%1").arg(i), DnsRecordType::A,
                QStringLiteral("192.0.2.%1").arg(i % 250 + 1), std::nullopt };
            if (auto r = DnsOps::addRecord(root, domain, rec); !r.ok())
                die(QStringLiteral("cannot add a DNS record: ") + r.error().toString());
        }
        QList<UserOps::UserSpec> specs;
        for (int i = 1; i <= nUsers; ++i) {
            UserOps::UserSpec s;
            s.domain = domain;
            s.localPart = QStringLiteral("user%1").arg(i);
            s.givenName = QStringLiteral("User");
            s.surname = QString::number(i);
            specs << s;
        }
        if (!specs.isEmpty()) {
            if (auto r = UserOps::addMany(root, specs); !r.ok())
                die(QStringLiteral("cannot add the mail users: ") + r.error().toString());
        }
    }
    auto writeFile = [&](const QString &name, const QByteArray &content) {
        QFile f(tmp.path() + QLatin1Char('/') + name);
        if (!f.open(QIODevice::WriteOnly) || f.write(content) != content.size())
            die(QStringLiteral("cannot write ") + f.fileName());
        return f.fileName();
    };
    const QString password = writeFile(QStringLiteral("panel.pw"), "bench-panel-secret");
    const QString secret = tmp.path() + QStringLiteral("/panel.key");
    if (!SignedToken::writeNewKeyFile(secret, &error))
        die(error);

    // The panel, as it runs in production but on a free loopback port; its access log goes to a
    // file (in production: the journal or panel.access-log), one line per request either way.
    server.setProgram(panel);
    server.setArguments({ QStringLiteral("--config"), QStringLiteral("/dev/null"), QStringLiteral("--uri"), dir.uri(),
        QStringLiteral("--base"), dir.base().toString(), QStringLiteral("--password-file"), password,
        QStringLiteral("--secret-file"), secret, QStringLiteral("--listen"), QStringLiteral("127.0.0.1"),
        QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--set"),
        QStringLiteral("panel.access-log=") + tmp.path() + QStringLiteral("/access.log") });
    server.setProcessChannelMode(QProcess::SeparateChannels);
    server.start();
    if (!server.waitForStarted(10000))
        die(QStringLiteral("cannot start ") + panel);
    QString base;
    {
        static const QRegularExpression listening(
            QStringLiteral("^ispman-panel: listening on (\\S+)"), QRegularExpression::MultilineOption);
        QByteArray said;
        QDeadlineTimer deadline(20000);
        while (base.isEmpty()) {
            if (deadline.hasExpired() || server.state() == QProcess::NotRunning)
                die(QStringLiteral("ispman-panel did not start: ")
                    + QString::fromUtf8(said + server.readAllStandardError()));
            server.waitForReadyRead(100);
            said += server.readAllStandardOutput();
            if (const auto m = listening.match(QString::fromUtf8(said)); m.hasMatch())
                base = m.captured(1);
        }
    }
    QNetworkAccessManager nam;
    {
        QDeadlineTimer deadline(30000);
        while (request(nam, "GET", QUrl(base + QStringLiteral("/healthz")), {}).status != 200) {
            if (deadline.hasExpired())
                die(QStringLiteral("the panel's cache did not get ready in 30 s"));
            QThread::msleep(50);
        }
    }
    // The trivial route must stay trivial, or the ratios mean nothing.
    const Http health = request(nam, "GET", QUrl(base + QStringLiteral("/healthz")), {});
    if (health.status != 200 || health.body != "ok\n")
        die(QStringLiteral("/healthz is no longer the trivial route (it answered %1 \"%2\")")
                .arg(health.status)
                .arg(QString::fromUtf8(health.body.left(100))));

    const QByteArray session = login(nam, base, domain, ownerPassword);

    // No agent runs here: the work the set-up queued (mailboxes, homes, zone updates) is deleted
    // as the hosts' agents would delete it once done, so the dashboard shows what an active
    // domain's does: its recent changes, applied (the panel keeps the last 20).
    {
        DirectorySession root(dir.rootSettings(), dit);
        auto work = root.find(dit.processes(), LdapFilter::equals(QStringLiteral("ispmanDomain"), domain),
            { QStringLiteral("1.1") }, LdapScope::OneLevel);
        if (!work.ok())
            die(work.error().toString());
        for (const LdapEntry &e : std::as_const(*work)) {
            if (auto r = root.remove(e.dn()); !r.ok())
                die(r.error().toString());
        }
        QDeadlineTimer deadline(30000);
        while (request(nam, "GET", QUrl(base + QStringLiteral("/dashboard")), session).body.contains("pending (")) {
            if (deadline.hasExpired())
                die(QStringLiteral("the dashboard still shows pending work 30 s after it was done"));
            QThread::msleep(50);
        }
    }

    QHash<QString, qsizetype> sizes;
    for (const QString &page : measured) {
        const Http r = request(nam, "GET", QUrl(base + page), session);
        if (r.status != 200)
            die(QStringLiteral("%1 answered %2%3, not 200: it cannot be measured")
                    .arg(page)
                    .arg(r.status)
                    .arg(r.location.isEmpty() ? QString()
                                              : QStringLiteral(" (to %1)").arg(QString::fromUtf8(r.location))));
        sizes.insert(page, r.body.size());
    }

    out << "ISPMan customer panel benchmark: wrk -t" << nThreads << " -c" << nConnections << " -d" << nSeconds << "s, "
        << domain << " with " << nRecords << " added DNS records and " << nUsers << " added mail users\n";
    out << "machine: " << QSysInfo::prettyProductName() << ", " << QThread::idealThreadCount() << " cores\n\n";
    out.flush();

    const QStringList load { QStringLiteral("-t%1").arg(nThreads), QStringLiteral("-c%1").arg(nConnections) };
    auto measure = [&](const QString &path, const QByteArray &cookie) {
        runWrk(wrk, load, base + path, cookie, 1); // warm-up: connections, caches, the CPU's clock
        return runWrk(wrk, load, base + path, cookie, nSeconds);
    };
    const WrkFigures trivial = measure(QStringLiteral("/healthz"), {});
    QList<std::pair<QString, WrkFigures>> results;
    for (const QString &page : measured) {
        // A fresh session per page: the panel re-signs a session cookie in use for more than a
        // minute on every answer (sliding expiry), which a browser would take once, not wrk.
        const QByteArray fresh = login(nam, base, domain, ownerPassword);
        results.append({ page, measure(page, fresh) });
    }

    server.terminate();
    if (!server.waitForFinished(15000))
        server.kill();
    dir.stop();
    cleanup = nullptr;

    auto line = [](const QString &what, const QString &value, const QString &note) {
        out << QStringLiteral("%1 %2  %3\n").arg(what, -36).arg(value, 22).arg(note);
    };
    auto verdict = [](bool met) { return met ? QStringLiteral("met") : QStringLiteral("MISSED"); };
    auto figures = [](const WrkFigures &f) {
        return QStringLiteral("%1/s, p99 %2 ms").arg(f.requestsPerSecond, 0, 'f', 0).arg(f.p99Ms, 0, 'f', 2);
    };
    line(QStringLiteral("/healthz (trivial route, baseline)"), figures(trivial),
        QStringLiteral("p50 %1 ms").arg(trivial.p50Ms, 0, 'f', 2));
    QJsonObject pagesJson;
    bool allMet = true;
    for (const auto &[page, f] : std::as_const(results)) {
        const double ratio = f.requestsPerSecond / trivial.requestsPerSecond;
        const bool met = ratio >= 0.25 && f.p99Ms <= 10;
        allMet = allMet && met;
        line(page + QStringLiteral(" (logged in)"), figures(f),
            QStringLiteral("ratio %1 (target >= 0.25: %2), p99 target <= 10 ms: %3; p50 %4 ms, %5 bytes")
                .arg(ratio, 0, 'f', 2)
                .arg(verdict(ratio >= 0.25), verdict(f.p99Ms <= 10))
                .arg(f.p50Ms, 0, 'f', 2)
                .arg(sizes.value(page)));
        if (!f.socketErrors.isEmpty())
            out << "  wrk: " << f.socketErrors << '\n';
        pagesJson.insert(page,
            QJsonObject { { QStringLiteral("requests_per_s"), f.requestsPerSecond },
                { QStringLiteral("p50_ms"), f.p50Ms }, { QStringLiteral("p99_ms"), f.p99Ms },
                { QStringLiteral("requests"), f.requests }, { QStringLiteral("bytes"), qint64(sizes.value(page)) },
                { QStringLiteral("vs_trivial"), ratio } });
    }
    if (!trivial.socketErrors.isEmpty())
        out << "  wrk on /healthz: " << trivial.socketErrors << '\n';
    out.flush();

    if (parser.isSet(json)) {
        const QJsonObject all {
            { QStringLiteral("machine"),
                QStringLiteral("%1, %2 cores").arg(QSysInfo::prettyProductName()).arg(QThread::idealThreadCount()) },
            { QStringLiteral("wrk"),
                QStringLiteral("-t%1 -c%2 -d%3s --latency").arg(nThreads).arg(nConnections).arg(nSeconds) },
            { QStringLiteral("dns_records_added"), nRecords }, { QStringLiteral("mail_users_added"), nUsers },
            { QStringLiteral("trivial"),
                QJsonObject { { QStringLiteral("path"), QStringLiteral("/healthz") },
                    { QStringLiteral("requests_per_s"), trivial.requestsPerSecond },
                    { QStringLiteral("p50_ms"), trivial.p50Ms }, { QStringLiteral("p99_ms"), trivial.p99Ms },
                    { QStringLiteral("requests"), trivial.requests } } },
            { QStringLiteral("pages"), pagesJson }, { QStringLiteral("all_targets_met"), allMet },
            { QStringLiteral("targets"),
                QJsonObject { { QStringLiteral("vs_trivial_min"), 0.25 }, { QStringLiteral("p99_ms_max"), 10 } } }
        };
        if (!Isp::Bench::writeSection(parser.value(json), QStringLiteral("panel"), all))
            die(QStringLiteral("cannot write ") + parser.value(json));
    }
    return 0;
}
