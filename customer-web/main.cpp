// ispman-panel: the customer control panel. See docs/panel.md.
#include "customer-web/controllers/controllers.h"
#include "customer-web/panel.h"

#include "core/acl/signedtoken.h"

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

int fail(const QString &message, int code = 1)
{
    QTextStream(stderr) << "ispman-panel: " << message << '\n';
    return code;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    app.setApplicationName(QStringLiteral("ispman-panel"));
    app.setApplicationVersion(QStringLiteral(ISPMAN_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("The ISPMan customer panel: domain owners manage their own domain"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption config(QStringLiteral("config"), QStringLiteral("Configuration file (default /etc/ispman/panel.conf when present)"), QStringLiteral("FILE"));
    const QCommandLineOption uri(QStringLiteral("uri"), QStringLiteral("Directory URI (repeat for failover)"), QStringLiteral("URI"));
    const QCommandLineOption base(QStringLiteral("base"), QStringLiteral("Base DN of the ISP's data"), QStringLiteral("DN"));
    const QCommandLineOption passwordFile(QStringLiteral("password-file"), QStringLiteral("File with the panel service account's password"), QStringLiteral("FILE"));
    const QCommandLineOption secretFile(QStringLiteral("secret-file"), QStringLiteral("File with the key that signs sessions (shared by every instance)"), QStringLiteral("FILE"));
    const QCommandLineOption listen(QStringLiteral("listen"), QStringLiteral("Address to listen on (default 127.0.0.1)"), QStringLiteral("ADDRESS"));
    const QCommandLineOption port(QStringLiteral("port"), QStringLiteral("Port (default 8443; 0: any free port)"), QStringLiteral("PORT"));
    const QCommandLineOption set(QStringLiteral("set"), QStringLiteral("Any setting as section.key=value (repeatable), e.g. panel.workers=8"), QStringLiteral("KEY=VALUE"));
    const QCommandLineOption newSecret(QStringLiteral("new-secret"), QStringLiteral("Write a new random secret key to FILE (mode 600) and exit"), QStringLiteral("FILE"));
    const QCommandLineOption check(QStringLiteral("check"), QStringLiteral("Check the configuration and exit"));
    parser.addOptions({config, uri, base, passwordFile, secretFile, listen, port, set, newSecret, check});
    parser.process(app);

    if (parser.isSet(newSecret)) {
        QString error;
        if (!Isp::Core::SignedToken::writeNewKeyFile(parser.value(newSecret), &error))
            return fail(error);
        return 0;
    }

    Isp::Panel::PanelConfig c;
    QString error;
    const QString file = parser.isSet(config) ? parser.value(config) : QStringLiteral("/etc/ispman/panel.conf");
    if ((parser.isSet(config) || QFile::exists(file)) && !c.load(file, &error))
        return fail(error, 2);
    auto setOne = [&](const QString &section, const QString &key, const QString &value) {
        if (!c.set(section, key, value, &error)) {
            QTextStream(stderr) << "ispman-panel: " << error << '\n';
            return false;
        }
        return true;
    };
    if (parser.isSet(uri) && !setOne(QStringLiteral("ldap"), QStringLiteral("uri"), parser.values(uri).join(QLatin1Char(' '))))
        return 2;
    if (parser.isSet(base) && !setOne(QStringLiteral("ldap"), QStringLiteral("base"), parser.value(base)))
        return 2;
    if (parser.isSet(passwordFile) && !setOne(QStringLiteral("ldap"), QStringLiteral("password-file"), parser.value(passwordFile)))
        return 2;
    if (parser.isSet(secretFile) && !setOne(QStringLiteral("panel"), QStringLiteral("secret-file"), parser.value(secretFile)))
        return 2;
    if (parser.isSet(listen) && !setOne(QStringLiteral("panel"), QStringLiteral("listen"), parser.value(listen)))
        return 2;
    if (parser.isSet(port) && !setOne(QStringLiteral("panel"), QStringLiteral("port"), parser.value(port)))
        return 2;
    const QStringList sets = parser.values(set);
    for (const QString &s : sets) {
        const qsizetype eq = s.indexOf(QLatin1Char('='));
        const qsizetype dot = s.indexOf(QLatin1Char('.'));
        if (eq < 0 || dot < 0 || dot > eq)
            return fail(QStringLiteral("--set %1: expected section.key=value").arg(s), 2);
        if (!setOne(s.left(dot), s.mid(dot + 1, eq - dot - 1), s.mid(eq + 1)))
            return 2;
    }
    if (const QString e = c.finish(); !e.isEmpty())
        return fail(e, 2);
    if (parser.isSet(check)) {
        QTextStream(stdout) << "ispman-panel: configuration is valid\n";
        return 0;
    }

    Isp::Panel::Panel panel(c);
    Isp::Panel::addAllRoutes(panel);
    if (!panel.start(&error))
        return fail(error);
    QTextStream(stdout) << "ispman-panel: listening on " << panel.url() << Qt::endl;

    // systemd: READY once the cache holds the directory, then the watchdog while the loop runs.
    QObject::connect(&panel.cache(), &Isp::Core::DirectoryCache::ready, &app, [] { sd_notify(0, "READY=1"); });
    uint64_t watchdogUs = 0;
    if (sd_watchdog_enabled(0, &watchdogUs) > 0) {
        auto *dog = new QTimer(&app);
        QObject::connect(dog, &QTimer::timeout, &app, [] { sd_notify(0, "WATCHDOG=1"); });
        dog->start(int(watchdogUs / 2000));
    }

    // SIGTERM/SIGINT: stop listening, finish the work in progress, exit.
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, signalPipe) == 0) {
        auto *notifier = new QSocketNotifier(signalPipe[0], QSocketNotifier::Read, &app);
        QObject::connect(notifier, &QSocketNotifier::activated, &app, [&panel] {
            char c;
            (void)!::read(signalPipe[0], &c, 1);
            sd_notify(0, "STOPPING=1");
            panel.stop(10000);
            // The work finished during the drain still has its answers to send: let the event
            // loop deliver them before leaving.
            QTimer::singleShot(300, QCoreApplication::instance(), &QCoreApplication::quit);
        });
        std::signal(SIGTERM, onSignal);
        std::signal(SIGINT, onSignal);
    }
    return app.exec();
}
