// ServiceReloader: reloads a service (BIND, Apache, ...) after handlers changed its files, once
// for all the changes made meanwhile instead of once per change. A handler that has written and
// validated its files calls reload(key, argv): if a reload with the same key started after the
// call, it waits for that one and shares its result; otherwise it runs the command itself, and
// every change recorded before it started is covered. So a burst of 1,000 vhost changes on
// two workers costs a handful of graceful reloads, and no change is ever left unreloaded.
//
// Thread-safe: called from the worker threads.
#pragma once

#include "agent/commandrunner.h"

#include <QString>
#include <QStringList>

#include <condition_variable>
#include <map>
#include <mutex>

namespace Isp::Agent {

class ServiceReloader
{
public:
    explicit ServiceReloader(const CommandRunner &runner) : m_runner(runner) {}

    // Runs `argv` (or joins a run that starts after this call); the command's result.
    CommandResult reload(const QString &key, const QStringList &argv);
    // How many times each key's command actually ran (metrics, tests).
    [[nodiscard]] quint64 runs(const QString &key) const;

private:
    struct State
    {
        quint64 requested = 0; // generation of the latest request
        quint64 covered = 0;   // requests up to this generation are covered by a finished run
        bool running = false;
        quint64 runs = 0;
        CommandResult last;
    };
    const CommandRunner &m_runner;
    mutable std::mutex m_mutex;
    std::condition_variable m_done;
    std::map<QString, State> m_states; // node-based: references stay valid while others insert
};

} // namespace Isp::Agent
