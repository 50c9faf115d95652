#include "console/consoleapp.h"

#include "console/backend.h"
#include "console/command.h"
#include "console/consolecontext.h"
#include "console/dialogs/connectiondialog.h"
#include "console/dialogs/profilestore.h"
#include "console/livedirectory.h"
#include "console/entityeditor.h"
#include "console/mainwindow.h"

#include "core/acl/signedtoken.h"
#include "core/ops/adminops.h"
#include "core/ops/directorysession.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFile>
#include <QMessageBox>
#include <QSettings>
#include <QTextStream>
#include <QUrl>

#include <memory>

namespace Isp::Console {

using namespace Isp::Core;

OpResult<QString> checkConnection(const LdapConnectionSettings &settings)
{
    LdapConnectionSettings once = settings;
    once.autoReconnect = false;
    DirectorySession session(once, Dit(LdapDn()));
    auto me = session.whoAmI();
    if (me.ok())
        return *me;
    const LdapError &e = me.error();
    if (e.code() == LdapCode::InvalidCredentials)
        return OpError::invalid(QStringLiteral("password"),
                                QCoreApplication::translate("Isp::Console", "password: the password for %1 is wrong").arg(settings.bindDn));
    if (e.isRetryable())
        return OpError::directory(LdapError::client(e.code(),
            QCoreApplication::translate("Isp::Console", "the directory at %1 cannot be reached (%2)")
                .arg(settings.uris.join(QStringLiteral(", ")), e.toString())));
    return OpError::directory(e);
}

OpResult<QByteArray> checkPanelOptions(const QString &panelUrl, const QString &keyFile)
{
    QByteArray key;
    if (!keyFile.isEmpty()) {
        QString keyError;
        const auto read = SignedToken::readKeyFile(keyFile, &keyError);
        if (!read)
            return OpError::invalid(QStringLiteral("panel-key-file"), QStringLiteral("panel-key-file: ") + keyError);
        key = *read;
    }
    if (!panelUrl.isEmpty()) {
        const QUrl url(panelUrl, QUrl::StrictMode);
        if (!url.isValid() || (url.scheme() != u"http" && url.scheme() != u"https") || url.host().isEmpty()
            || url.hasQuery() || url.hasFragment())
            return OpError::invalid(QStringLiteral("panel-url"),
                QCoreApplication::translate("Isp::Console", "panel-url: \"%1\" is not an http(s) address without query or fragment")
                    .arg(panelUrl));
    }
    return key;
}

namespace {

// Said on stderr too: the console is also started from scripts and terminals.
int fatal(const QString &title, const QString &text, int code)
{
    QTextStream(stderr) << "ispman-console: " << text << '\n';
    QMessageBox::critical(nullptr, title, text);
    return code;
}

QString readSecret(const QString &file, QString *error)
{
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QCoreApplication::translate("Isp::Console", "password-file: cannot read %1: %2").arg(file, f.errorString());
        return {};
    }
    QByteArray data = f.read(4096);
    while (data.endsWith('\n') || data.endsWith('\r'))
        data.chop(1);
    return QString::fromUtf8(data);
}

} // namespace

int runConsole(QApplication &app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate("Isp::Console", "The ISPMan console: the live tree of your ISP."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption uri(QStringLiteral("uri"), QCoreApplication::translate("Isp::Console", "LDAP URI (repeat for fail-over)."), QStringLiteral("uri"));
    const QCommandLineOption base(QStringLiteral("base"), QCoreApplication::translate("Isp::Console", "Base DN of the ISPMan directory."), QStringLiteral("dn"));
    const QCommandLineOption bindDn(QStringLiteral("bind-dn"), QCoreApplication::translate("Isp::Console", "The admin's DN."), QStringLiteral("dn"));
    const QCommandLineOption passwordFile(QStringLiteral("password-file"), QCoreApplication::translate("Isp::Console", "File holding the admin's password."), QStringLiteral("file"));
    const QCommandLineOption startTls(QStringLiteral("starttls"), QCoreApplication::translate("Isp::Console", "Use StartTLS."));
    const QCommandLineOption caFile(QStringLiteral("ca-file"), QCoreApplication::translate("Isp::Console", "CA certificate for StartTLS."), QStringLiteral("file"));
    const QCommandLineOption panelUrl(QStringLiteral("panel-url"), QCoreApplication::translate("Isp::Console", "The customer panel's address, for the customer view."), QStringLiteral("url"));
    const QCommandLineOption panelKey(QStringLiteral("panel-key-file"), QCoreApplication::translate("Isp::Console", "The panel's session key file, to sign login links."), QStringLiteral("file"));
    parser.addOptions({uri, base, bindDn, passwordFile, startTls, caFile, panelUrl, panelKey});
    parser.process(app);

    LdapConnectionSettings settings;
    settings.uris = parser.values(uri);
    settings.bindDn = parser.value(bindDn);
    settings.startTls = parser.isSet(startTls);
    settings.caCertificateFile = parser.value(caFile);
    QString baseDn = parser.value(base);
    QString error;
    if (parser.isSet(passwordFile))
        settings.password = readSecret(parser.value(passwordFile), &error).toUtf8();
    // The customer view's panel: checked now, so a wrong file or address is said at start
    // rather than as a blank tab later.
    QByteArray key;
    if (error.isEmpty()) {
        auto panel = checkPanelOptions(parser.value(panelUrl), parser.isSet(panelKey) ? parser.value(panelKey) : QString());
        if (panel.ok())
            key = *panel;
        else
            error = panel.error().message;
    }
    if (!error.isEmpty()) {
        return fatal(QCoreApplication::translate("Isp::Console", "ISPMan"), error, 2);
    }
    // Straight in when the command line says everything (the demo); otherwise, or when that
    // does not work, the connection dialog with its profiles says what is wrong.
    std::optional<LdapDn> parsedBase = LdapDn::parse(baseDn);
    bool ready = !settings.uris.isEmpty() && parsedBase && !parsedBase->isEmpty() && !settings.bindDn.isEmpty()
        && !settings.password.isEmpty();
    QString problem;
    if (ready) {
        auto checked = checkConnection(settings);
        if (!checked.ok()) {
            problem = checked.error().message;
            ready = false;
        }
    }
    QSettings profileSettings;
    ProfileStore store(&profileSettings);
    if (!ready) {
        ConnectionDialog dialog(&store);
        if (!settings.uris.isEmpty() || !baseDn.isEmpty() || !settings.bindDn.isEmpty()) {
            ConnectionProfile profile;
            profile.name = QCoreApplication::translate("Isp::Console", "command line");
            profile.uris = settings.uris;
            profile.baseDn = baseDn;
            profile.bindDn = settings.bindDn;
            profile.startTls = settings.startTls;
            profile.caFile = settings.caCertificateFile;
            dialog.preset(profile, QString::fromUtf8(settings.password));
        }
        if (!problem.isEmpty())
            QMessageBox::warning(&dialog, QCoreApplication::translate("Isp::Console", "Cannot connect"), problem);
        if (dialog.exec() != QDialog::Accepted)
            return 1;
        settings = dialog.settings();
        parsedBase = dialog.baseDn();
    }

    ConsoleContext context;
    context.dit = Dit(*parsedBase);
    context.bindDn = settings.bindDn;
    context.panelUrl = parser.value(panelUrl);
    context.panelKey = key;
    auto connection = std::make_unique<LdapConnection>(settings);
    connection->open();
    auto live = std::make_unique<LiveDirectory>(connection.get(), *parsedBase);
    live->start();
    auto backend = std::make_unique<Backend>(settings, context.dit, live.get());
    auto commands = std::make_unique<CommandStack>(backend.get());
    context.live = live.get();
    context.backend = backend.get();
    context.commands = commands.get();

    MainWindow window(context, QStringLiteral("%1 @ %2").arg(settings.bindDn, settings.uris.join(QStringLiteral(", "))));
    window.show();
    const int code = QApplication::exec();
    return code;
}

} // namespace Isp::Console
