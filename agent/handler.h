// Handler: makes this host match the directory for one kind of object (zone files, vhost files,
// directories, maildirs, databases). The agent hands it the processes it names; the handler
// reads the object's *current* state from the directory (the process only names it), compares
// it with the host, and converges: files written to a temporary name, validated, then renamed;
// unchanged content is not rewritten and causes no reload; an object that is gone is cleaned
// up. Running a process twice changes nothing the second time.
//
// Threads: run() and reconcile() are called on the agent's worker threads, several at once for
// different objects (never two at once for the same object); a handler guards what its objects
// share (a zone list, an include file) itself. The context's session belongs to the calling
// worker thread.
#pragma once

#include "agent/agentconfig.h"
#include "agent/commandrunner.h"
#include "agent/rootedpaths.h"
#include "agent/servicereloader.h"

#include "core/model/process.h"
#include "core/ops/directorysession.h"

#include <QString>
#include <QStringList>

namespace Isp::Agent {

struct Outcome
{
    bool ok = true;
    bool changed = false; // something on the host changed (applied, or drift repaired)
    QString message;      // failed: why (becomes the process's ispmanMessage); done: what changed

    static Outcome done(bool changed, const QString &what = {}) { return {true, changed, what}; }
    static Outcome failed(const QString &why) { return {false, false, why}; }
};

struct ReconcileReport
{
    int checked = 0;  // objects looked at
    int repaired = 0; // objects whose files had drifted and were rewritten, or stray files removed
    QStringList problems; // objects that could not be converged, with why
};

struct HandlerContext
{
    Core::DirectorySession &session; // bound as this agent; reads what the host needs
    const AgentConfig &config;
    const RootedPaths &paths;
    const CommandRunner &commands;
    ServiceReloader &reloader;
    QString hostName;         // this host
    QStringList hostNames;    // this host and its aliases (ispmanHostAlias), as processes name it
};

class Handler
{
public:
    virtual ~Handler() = default;
    // "dns", "web", "files", "mail", "mariadb": log category isp.agent.<service>, metrics label.
    [[nodiscard]] virtual QString service() const = 0;
    // The process names it runs (docs/processes.md).
    [[nodiscard]] virtual QStringList processes() const = 0;
    virtual Outcome run(const Core::Process &process, HandlerContext &context) = 0;
    // Converges every object of its kind assigned to this host: at start and every reconcile
    // interval. Configuration files it made for objects that are gone are removed; folders that
    // may hold customer data (homes, maildirs) are only reported.
    virtual ReconcileReport reconcile(HandlerContext &context) = 0;
};

} // namespace Isp::Agent
