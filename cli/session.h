// How the ispman CLI reaches the directory: global options (--uri, --base, --bind-dn,
// --password-file, --directory, --config, --json) and a config file, turned into a
// DirectorySession, plus the shared output and exit-code conventions of every subcommand:
// 0 ok, 1 refused or invalid, 2 usage, 3 directory unreachable; errors on stderr.
#pragma once

#include "core/ops/directorysession.h"
#include "core/ops/operror.h"

#include <QJsonValue>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace Isp::Cli {

struct GlobalOptions
{
    std::vector<std::string> uris;
    std::string base;
    std::string bindDn;
    std::string passwordFile;
    std::string directory; // a private directory folder (ispman directory start --dir)
    std::string config;
    bool json = false;
};

// Registers the global options on the top-level app.
void addGlobalOptions(CLI::App &app, GlobalOptions &options);

// Connects and binds as configured: flags over the config file over defaults. The config file
// is --config, else $ISPMAN_CONFIG, else ~/.config/ispman/ispman.conf, else
// /etc/ispman/ispman.conf (INI: uri, base, bindDn, passwordFile). The password comes from
// --password-file, $ISPMAN_PASSWORD or the config's passwordFile, never from the command line.
Core::OpResult<std::unique_ptr<Core::DirectorySession>> openSession(const GlobalOptions &options);

// The bytes of `file` ("-": all of standard input), at most `maxBytes`; errors name `field`.
Core::OpResult<QByteArray> readInput(const std::string &file, const QString &field, qint64 maxBytes);

// A password, never an argument (`ps` would show it): the content of `file`, or for "-" the
// first line of standard input, trailing CR/LF removed, as strict UTF-8. Refused: a file that
// cannot be read and an empty password (field "<field>-file"), bytes that are not UTF-8 (field
// `field`). Messages never contain the password.
Core::OpResult<QString> readPasswordFile(const std::string &file, const QString &field = QStringLiteral("password"));

// readPasswordFile() for a command: on failure prints the error, sets exitCode and returns
// nullopt.
std::optional<QString> passwordFromFile(const std::string &file, int &exitCode);

// Prints the error as "ispman: <message>" on stderr and returns its exit code.
int fail(const Core::OpError &error);
int usage(const QString &message); // exit 2
// Prints `json` (with --json) or `text` (otherwise) on stdout; returns 0.
int print(const GlobalOptions &options, const QJsonValue &json, const QString &text);

// Opens the session, runs `op` (returning OpResult<T>) and prints its value with `show`
// (returning the exit code); errors go through fail().
template<typename Op, typename Show>
int runOp(const GlobalOptions &options, Op &&op, Show &&show)
{
    auto session = openSession(options);
    if (!session.ok())
        return fail(session.error());
    auto result = op(**session);
    if (!result.ok())
        return fail(result.error());
    return show(*result);
}

QString qs(const std::string &s);
QStringList qs(const std::vector<std::string> &v);

} // namespace Isp::Cli
