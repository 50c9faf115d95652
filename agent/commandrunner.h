// CommandRunner: runs an external program (named-checkzone, rndc, apache2, ...) with an argument
// list, never through a shell, with a deadline, and returns what it printed. Blocking: called on
// the agent's worker threads. Thread-safe (each call has its own QProcess).
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <chrono>

namespace Isp::Agent {

struct CommandResult
{
    bool started = false;
    bool timedOut = false;
    int exitCode = -1;
    QByteArray out;
    QByteArray err;

    [[nodiscard]] bool ok() const { return started && !timedOut && exitCode == 0; }
    // "named-checkzone: exit 1: <first lines of its output>", for process messages.
    [[nodiscard]] QString describe(const QStringList &argv) const;
};

class CommandRunner
{
public:
    // argv[0] is the program (absolute path or found on PATH); `input` goes to its stdin.
    CommandResult run(const QStringList &argv, std::chrono::milliseconds timeout = std::chrono::seconds(60),
                      const QByteArray &input = {}) const;
    // A configured command line, split on spaces ("rndc -c /etc/bind/rndc.conf reload"); "%1", "%2"
    // ... in a word are replaced by `args` (each stays one argument, whatever it contains).
    [[nodiscard]] static QStringList commandLine(const QString &configured, const QStringList &args = {});
};

} // namespace Isp::Agent
