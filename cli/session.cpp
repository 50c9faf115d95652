#include "cli/session.h"

#include "core/directory/privatedirectory.h"

#include <CLI/CLI.hpp>

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>
#include <QTextStream>

namespace Isp::Cli {

using Core::OpError;

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

QStringList qs(const std::vector<std::string> &v)
{
    QStringList out;
    for (const std::string &s : v)
        out << QString::fromStdString(s);
    return out;
}

void addGlobalOptions(CLI::App &app, GlobalOptions &o)
{
    app.add_option("--uri", o.uris, "LDAP URI of the directory (repeat for failover)")->group("Connection");
    app.add_option("--base", o.base, "Base DN of the ISP's data")->group("Connection");
    app.add_option("--bind-dn", o.bindDn, "DN to bind as (an admin, reseller, client or domain)")->group("Connection");
    app.add_option("--password-file", o.passwordFile, "File holding the bind password")->group("Connection");
    app.add_option("--directory", o.directory,
                   "Folder of a private directory (ispman directory start): its URI and admin credentials")
        ->group("Connection");
    app.add_option("--config", o.config, "Config file (default: $ISPMAN_CONFIG, ~/.config/ispman/ispman.conf, /etc/ispman/ispman.conf)")
        ->group("Connection");
    app.add_flag("--json", o.json, "Print results as JSON");
}

namespace {

QString defaultConfigFile(const GlobalOptions &o)
{
    if (!o.config.empty())
        return qs(o.config);
    const QString env = qEnvironmentVariable("ISPMAN_CONFIG");
    if (!env.isEmpty())
        return env;
    const QString user = QDir::homePath() + QStringLiteral("/.config/ispman/ispman.conf");
    if (QFile::exists(user))
        return user;
    if (QFile::exists(QStringLiteral("/etc/ispman/ispman.conf")))
        return QStringLiteral("/etc/ispman/ispman.conf");
    return QString();
}

Core::OpResult<QByteArray> readPassword(const QString &file)
{
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return OpError::invalid(QStringLiteral("password-file"), QStringLiteral("password-file: cannot read %1: %2").arg(file, f.errorString()));
    QByteArray pw = f.readAll();
    while (pw.endsWith('\n') || pw.endsWith('\r'))
        pw.chop(1);
    return pw;
}

} // namespace

Core::OpResult<std::unique_ptr<Core::DirectorySession>> openSession(const GlobalOptions &o)
{
    Core::LdapConnectionSettings s;
    QString base;
    QString passwordFile;
    QByteArray password;

    // A private directory's instance file first; then the config file; flags win over both.
    QString directory = qs(o.directory);
    if (directory.isEmpty())
        directory = qEnvironmentVariable("ISPMAN_DIRECTORY");
    if (!directory.isEmpty()) {
        QString error;
        auto d = Core::PrivateDirectory::open(directory, &error);
        if (!d)
            return OpError::invalid(QStringLiteral("directory"), QStringLiteral("directory: ") + error);
        s = d->adminSettings();
        base = d->base().toString();
        password = d->adminPassword();
    }
    const QString configFile = defaultConfigFile(o);
    if (!configFile.isEmpty()) {
        if (!QFile::exists(configFile))
            return OpError::invalid(QStringLiteral("config"), QStringLiteral("config: %1 does not exist").arg(configFile));
        QSettings ini(configFile, QSettings::IniFormat);
        const QString uris = ini.value(QStringLiteral("uri")).toString();
        if (!uris.isEmpty())
            s.uris = uris.split(QLatin1Char(' '), Qt::SkipEmptyParts);
        base = ini.value(QStringLiteral("base"), base).toString();
        s.bindDn = ini.value(QStringLiteral("bindDn"), s.bindDn).toString();
        passwordFile = ini.value(QStringLiteral("passwordFile")).toString();
    }
    if (!o.uris.empty())
        s.uris = qs(o.uris);
    if (!o.base.empty())
        base = qs(o.base);
    if (!o.bindDn.empty())
        s.bindDn = qs(o.bindDn);
    if (!o.passwordFile.empty())
        passwordFile = qs(o.passwordFile);
    if (!passwordFile.isEmpty()) {
        auto pw = readPassword(passwordFile);
        if (!pw.ok())
            return pw.error();
        password = *pw;
    } else if (qEnvironmentVariableIsSet("ISPMAN_PASSWORD")) {
        password = qgetenv("ISPMAN_PASSWORD");
    }
    s.password = password;
    if (s.uris.isEmpty())
        return OpError::invalid(QStringLiteral("uri"), QStringLiteral("uri: no directory given (use --uri, --directory or a config file)"));
    if (base.isEmpty())
        return OpError::invalid(QStringLiteral("base"), QStringLiteral("base: no base DN given (use --base, --directory or a config file)"));
    QString dnError;
    auto baseDn = Core::LdapDn::parse(base, &dnError);
    if (!baseDn || baseDn->isEmpty())
        return OpError::invalid(QStringLiteral("base"), QStringLiteral("base: ") + dnError);
    if (s.bindDn.isEmpty()) {
        s.bindMethod = Core::LdapConnectionSettings::BindMethod::Anonymous;
    } else if (!Core::LdapDn::parse(s.bindDn, &dnError)) {
        return OpError::invalid(QStringLiteral("bind-dn"), QStringLiteral("bind-dn: ") + dnError);
    }
    s.autoReconnect = false; // a command reports an unreachable directory instead of waiting
    s.operationTimeout = std::chrono::seconds(60);
    auto session = std::make_unique<Core::DirectorySession>(s, Core::Dit(*baseDn));
    auto me = session->whoAmI();
    if (!me.ok())
        return OpError::directory(me.error());
    return session;
}

QByteArray readPasswordFile(const std::string &file, QString *error)
{
    auto pw = readPassword(qs(file));
    if (!pw.ok()) {
        *error = pw.error().message;
        return {};
    }
    return *pw;
}

std::optional<QString> passwordFromFile(const std::string &file, int &exitCode)
{
    QString error;
    const QByteArray pw = readPasswordFile(file, &error);
    if (!error.isEmpty()) {
        exitCode = fail(OpError::invalid(QStringLiteral("password-file"), error));
        return std::nullopt;
    }
    return QString::fromUtf8(pw);
}

int fail(const OpError &error)
{
    QTextStream(stderr) << "ispman: " << error.message << '\n';
    return error.exitCode();
}

int usage(const QString &message)
{
    QTextStream(stderr) << "ispman: " << message << '\n';
    return 2;
}

int print(const GlobalOptions &o, const QJsonValue &json, const QString &text)
{
    QTextStream out(stdout);
    if (o.json) {
        if (json.isArray())
            out << QJsonDocument(json.toArray()).toJson(QJsonDocument::Indented);
        else
            out << QJsonDocument(json.toObject()).toJson(QJsonDocument::Indented);
    } else if (!text.isEmpty()) {
        out << text;
        if (!text.endsWith(QLatin1Char('\n')))
            out << '\n';
    }
    return 0;
}

} // namespace Isp::Cli
