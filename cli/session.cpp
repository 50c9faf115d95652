#include "cli/session.h"

#include "core/directory/privatedirectory.h"
#include "core/validation/text.h"

#include <CLI/CLI.hpp>

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>
#include <QTextStream>

#include <iostream>

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

void chopLineEnd(QByteArray &line)
{
    while (line.endsWith('\n') || line.endsWith('\r'))
        line.chop(1);
}

// A password file's content, trailing CR/LF removed. Also the bind password of openSession(),
// which takes no "-": standard input belongs to the command.
Core::OpResult<QByteArray> readPassword(const QString &file, const QString &field)
{
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return OpError::invalid(field, QStringLiteral("%1: cannot read %2: %3").arg(field, file, f.errorString()));
    QByteArray pw = f.readAll();
    chopLineEnd(pw);
    return pw;
}

// "64 MiB", "256 KiB" or "1000 bytes".
QString sizeText(qint64 bytes)
{
    constexpr qint64 KiB = 1024, MiB = 1024 * 1024;
    if (bytes >= MiB && bytes % MiB == 0)
        return QStringLiteral("%1 MiB").arg(bytes / MiB);
    if (bytes >= KiB && bytes % KiB == 0)
        return QStringLiteral("%1 KiB").arg(bytes / KiB);
    return QStringLiteral("%1 bytes").arg(bytes);
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
        auto pw = readPassword(passwordFile, QStringLiteral("password-file"));
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

Core::OpResult<QByteArray> readInput(const std::string &file, const QString &field, qint64 maxBytes)
{
    QFile f;
    const bool opened = file == "-" ? f.open(stdin, QIODevice::ReadOnly) : (f.setFileName(qs(file)), f.open(QIODevice::ReadOnly));
    if (!opened)
        return OpError::invalid(field, QStringLiteral("%1: cannot read %2: %3").arg(field, qs(file), f.errorString()));
    // A pipe gives what it holds at the moment (64 KiB): read until the end, or one byte past
    // the limit.
    QByteArray bytes;
    while (bytes.size() <= maxBytes) {
        const QByteArray chunk = f.read(maxBytes + 1 - bytes.size());
        if (chunk.isEmpty())
            break;
        bytes += chunk;
    }
    if (f.error() != QFileDevice::NoError)
        return OpError::invalid(field, QStringLiteral("%1: cannot read %2: %3").arg(field, qs(file), f.errorString()));
    if (bytes.size() > maxBytes)
        return OpError::invalid(field, QStringLiteral("%1: %2 is larger than %3").arg(field, qs(file), sizeText(maxBytes)));
    return bytes;
}

Core::OpResult<QString> readPasswordFile(const std::string &file, const QString &field)
{
    const QString fileField = field + QStringLiteral("-file");
    QByteArray pw;
    if (file == "-") {
        // One line, so that nothing after it is consumed.
        std::string line;
        std::getline(std::cin, line);
        pw = QByteArray::fromStdString(line);
        chopLineEnd(pw);
    } else {
        auto read = readPassword(qs(file), fileField);
        if (!read.ok())
            return read.error();
        pw = *read;
    }
    if (pw.isEmpty())
        return OpError::invalid(fileField, QStringLiteral("%1: the password is empty").arg(fileField));
    auto text = Core::Validate::utf8(field, pw);
    if (!text.ok())
        return OpError::invalid(field, text.error().message);
    return *text;
}

std::optional<QString> passwordFromFile(const std::string &file, int &exitCode)
{
    auto pw = readPasswordFile(file);
    if (!pw.ok()) {
        exitCode = fail(pw.error());
        return std::nullopt;
    }
    return *pw;
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
