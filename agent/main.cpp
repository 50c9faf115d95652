// ispman-agent: carries out the directory's work on this host. See docs/agent.md.
#include "agent/agent.h"
#include "agent/handlerset.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QSocketNotifier>
#include <QTextStream>
#include <QTimer>

#include <systemd/sd-daemon.h>

#include <csignal>
#include <sys/socket.h>
#include <unistd.h>

namespace {

int signalPipe[2] = {-1, -1};

void onSignal(int)
{
    const char c = 1;
    (void)!::write(signalPipe[1], &c, 1);
}

int usageError(const QString &message)
{
    QTextStream(stderr) << "ispman-agent: " << message << '\n';
    return 2;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    app.setApplicationName(QStringLiteral("ispman-agent"));
    app.setApplicationVersion(QStringLiteral(ISPMAN_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Carries out the work the ISPMan directory queues for this host"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption config(QStringLiteral("config"), QStringLiteral("Configuration file (default /etc/ispman/agent.conf when present)"), QStringLiteral("FILE"));
    const QCommandLineOption host(QStringLiteral("host"), QStringLiteral("Host name the agent answers to (default: this machine's)"), QStringLiteral("NAME"));
    const QCommandLineOption uri(QStringLiteral("uri"), QStringLiteral("Directory URI (repeat for failover)"), QStringLiteral("URI"));
    const QCommandLineOption base(QStringLiteral("base"), QStringLiteral("Base DN of the ISP's data"), QStringLiteral("DN"));
    const QCommandLineOption bindDn(QStringLiteral("bind-dn"), QStringLiteral("DN to bind as (default: its host entry)"), QStringLiteral("DN"));
    const QCommandLineOption passwordFile(QStringLiteral("password-file"), QStringLiteral("File with the agent's password"), QStringLiteral("FILE"));
    const QCommandLineOption saslExternal(QStringLiteral("sasl-external"), QStringLiteral("Bind as the peer over ldapi:// (root on the directory host)"));
    const QCommandLineOption stateDir(QStringLiteral("state-dir"), QStringLiteral("Folder for its sync state"), QStringLiteral("DIR"));
    const QCommandLineOption root(QStringLiteral("root"), QStringLiteral("Prefix every path it writes with DIR (tests, demos)"), QStringLiteral("DIR"));
    const QCommandLineOption metricsPort(QStringLiteral("metrics-port"), QStringLiteral("Port of /metrics and /healthz (0: any free, -1: off)"), QStringLiteral("PORT"));
    const QCommandLineOption set(QStringLiteral("set"), QStringLiteral("Any setting as section.key=value (repeatable), e.g. dns.reload-zone='rndc reload %1'"), QStringLiteral("KEY=VALUE"));
    const QCommandLineOption check(QStringLiteral("check"), QStringLiteral("Check the configuration and exit"));
    parser.addOptions({config, host, uri, base, bindDn, passwordFile, saslExternal, stateDir, root, metricsPort, set, check});
    parser.process(app);

    Isp::Agent::AgentConfig cfg;
    QString file = parser.value(config);
    if (file.isEmpty() && QFile::exists(QStringLiteral("/etc/ispman/agent.conf")))
        file = QStringLiteral("/etc/ispman/agent.conf");
    if (!file.isEmpty()) {
        auto loaded = Isp::Agent::AgentConfig::load(file);
        if (!loaded.ok())
            return usageError(loaded.error());
        cfg = *loaded;
    }
    const QList<std::pair<const QCommandLineOption *, const char *>> flags{
        {&host, "agent.host"}, {&base, "ldap.base"}, {&bindDn, "ldap.bind-dn"}, {&passwordFile, "ldap.password-file"},
        {&stateDir, "agent.state-dir"}, {&root, "agent.root"}, {&metricsPort, "agent.metrics-port"}};
    for (const auto &[option, key] : flags) {
        if (parser.isSet(*option)) {
            if (const QString e = cfg.set(QLatin1String(key), parser.value(*option)); !e.isEmpty())
                return usageError(e);
        }
    }
    if (parser.isSet(uri))
        cfg.uris = parser.values(uri);
    if (parser.isSet(saslExternal))
        cfg.saslExternal = true;
    for (const QString &kv : parser.values(set)) {
        const qsizetype eq = kv.indexOf(u'=');
        if (eq <= 0)
            return usageError(QStringLiteral("--set takes section.key=value, not \"%1\"").arg(kv.left(80)));
        if (const QString e = cfg.set(kv.left(eq), kv.mid(eq + 1)); !e.isEmpty())
            return usageError(e);
    }
    if (const QString e = cfg.finish(); !e.isEmpty())
        return usageError(e);
    if (parser.isSet(check)) {
        QTextStream(stdout) << "configuration ok: host " << cfg.hostName << ", directory " << cfg.uris.join(QLatin1Char(' ')) << '\n';
        return 0;
    }

    // SIGTERM / SIGINT: finish the running processes, save the state, then exit.
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, signalPipe) != 0)
        return usageError(QStringLiteral("cannot create the signal pipe"));
    struct sigaction sa = {};
    sa.sa_handler = onSignal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    ::sigaction(SIGTERM, &sa, nullptr);
    ::sigaction(SIGINT, &sa, nullptr);

    Isp::Agent::Agent agent(cfg, Isp::Agent::makeHandlers(cfg));
    QSocketNotifier signals(signalPipe[0], QSocketNotifier::Read);
    QObject::connect(&signals, &QSocketNotifier::activated, &agent, [&] {
        char c = 0;
        (void)!::read(signalPipe[0], &c, 1);
        sd_notify(0, "STOPPING=1");
        agent.stop();
    });
    QObject::connect(&agent, &Isp::Agent::Agent::stopped, &app, &QCoreApplication::quit);
    QObject::connect(&agent, &Isp::Agent::Agent::ready, &agent, [&] {
        sd_notifyf(0, "READY=1\nSTATUS=following the work of %s", cfg.hostName.toUtf8().constData());
    });
    // systemd watchdog: the event loop is alive while this fires.
    uint64_t watchdogUs = 0;
    QTimer watchdog;
    if (sd_watchdog_enabled(0, &watchdogUs) > 0 && watchdogUs > 0) {
        QObject::connect(&watchdog, &QTimer::timeout, [] { sd_notify(0, "WATCHDOG=1"); });
        watchdog.start(std::chrono::milliseconds(std::max<uint64_t>(watchdogUs / 2000, 100)));
    }

    QString error;
    if (!agent.start(&error)) {
        QTextStream(stderr) << "ispman-agent: " << error << '\n';
        return 1;
    }
    if (agent.metricsPort() > 0)
        QTextStream(stdout) << "ispman-agent: metrics on http://" << cfg.metricsAddress << ':' << agent.metricsPort() << "/metrics\n" << Qt::flush;
    return app.exec();
}
