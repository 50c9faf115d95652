// WorkQueue: the processes this agent knows of and may run, and which may start now. Pure
// bookkeeping (no I/O), owned by the Agent on its thread; unit-tested on its own.
//
// Rules: lowest (priority, pid) first; never two at once for the same object (its entryUUID,
// else its DN); within a domain, a process does not start while a more urgent one (a lower
// priority number, e.g. createDomainDirectories 10 before AddVirtualHost 12) of that domain is
// queued or running (and not waiting for a later time), so directories exist before
// configuration that uses them; a process waiting for a retry or a lease starts no earlier than
// its time and holds nothing back. Taking the next process costs a walk over the ordered
// queue from its head, not a scan of every pair.
#pragma once

#include "core/model/process.h"

#include <QDateTime>
#include <QHash>
#include <QMap>
#include <QSet>

#include <optional>
#include <set>

namespace Isp::Agent {

struct QueuedProcess
{
    // How it is claimed: a new process (assert status new), a failed one due for a retry, or one
    // whose claim is stale (its agent died: lease expired, or an earlier run of this agent).
    enum class Claim { New, Retry, Stale };

    Core::Process process;
    QString csn; // entryCSN when last seen: claims of Retry/Stale assert it
    Claim claim = Claim::New;
    QDateTime notBefore; // invalid: now
};

class WorkQueue
{
public:
    // Adds or replaces a process (unless it is running: its run decides what happens next).
    void upsert(const QueuedProcess &item);
    void remove(qint64 pid);
    [[nodiscard]] bool contains(qint64 pid) const { return m_items.contains(pid); }
    [[nodiscard]] bool isRunning(qint64 pid) const { return m_running.contains(pid); }

    // The next process that may start at `now`, marked running; nullopt if none may.
    std::optional<QueuedProcess> takeNext(const QDateTime &now);
    // Its run is over (done, failed or lost): it leaves the queue.
    void finished(qint64 pid);

    [[nodiscard]] int queued() const { return int(m_items.size() - m_running.size()); }
    [[nodiscard]] int running() const { return int(m_running.size()); }
    [[nodiscard]] bool isIdle() const { return m_items.isEmpty(); }
    // Whether nothing is queued or running except processes waiting for a later time.
    [[nodiscard]] bool onlyWaiting(const QDateTime &now) const;
    // Processes waiting for a later time (failed ones awaiting their retry, others' leases).
    [[nodiscard]] int waiting(const QDateTime &now) const;
    // The earliest time a waiting process becomes due (after `now`).
    [[nodiscard]] std::optional<QDateTime> nextDue(const QDateTime &now) const;

    static QString objectKey(const Core::Process &p);

private:
    [[nodiscard]] bool blocked(const QueuedProcess &item) const;
    void count(const QueuedProcess &item, int delta);

    QHash<qint64, QueuedProcess> m_items;
    std::set<std::pair<int, qint64>> m_order; // (priority, pid) of the items not running
    QSet<qint64> m_running;
    QSet<QString> m_busyObjects;
    // Per domain (lower case): how many due-at-once or running items there are of each priority,
    // so "a more urgent one of its domain" is one lookup. Items with a time to wait for (retries,
    // others' leases) are not counted: they hold nothing back.
    QHash<QString, QMap<int, int>> m_domainPriorities;
    QSet<qint64> m_counted;
};

} // namespace Isp::Agent
