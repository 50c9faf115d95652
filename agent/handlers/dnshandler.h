// DnsHandler: the BIND side of a DNS host. For each zone this host serves it keeps a master file
// `<dns.zones-dir>/<zone>.zone` (primary domains; replica domains get their master's records
// under their own name) and one statement in the include file (`dns.include-file`, included by
// named.conf): `type primary` with that file, or `type secondary` with the masters of a slave
// domain. A domain is served by the hosts its dnsHost names, else by every member of dnsgroup.
//
// Level-based: run() (process `modifyDomain`, which names one zone) reads that domain and zone
// from the directory and converges the zone's file and statement to them, and does the same for
// the replicas of that zone (a replica that cannot be converged fails its own processes and is
// reported by reconcile, not by the master's process); reconcile() does it for every zone the
// directory assigns to this host, every zone the include lists and every `<zone>.zone` file in
// the zones folder. A zone that is gone or served elsewhere loses its file and its statement.
// Files are written to a temporary name, checked (`dns.check-zone`, `dns.check-conf`) and
// renamed, and only when their content differs; a changed zone is reloaded (`dns.reload-zone`),
// a changed zone list reconfigures BIND (`dns.reconfig`), both through the context's
// ServiceReloader. A reload that fails is remembered (in memory) and retried by the next run or
// reconcile that reaches that zone. Names and values from the directory are validated before
// they reach a path, the include or a zone file.
//
// Threads: run() and reconcile() may run on several worker threads at once. Work on one zone is
// serialised by a per-zone lock (so a reconcile never undoes a concurrent run); the include
// file, its in-memory statements and the reload bookkeeping are guarded by mutexes.
#pragma once

#include "agent/handler.h"

#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <set>

namespace Isp::Agent {

class DnsHandler : public Handler
{
public:
    [[nodiscard]] QString service() const override;
    [[nodiscard]] QStringList processes() const override;
    Outcome run(const Core::Process &process, HandlerContext &context) override;
    ReconcileReport reconcile(HandlerContext &context) override;

private:
    struct Files; // where the zone files and the include are, root applied
    struct Applied; // what converging one zone did
    class ZoneLock;

    [[nodiscard]] static Core::Result<Files, QString> locate(const HandlerContext &context);
    Applied converge(HandlerContext &context, const Files &files, const QString &zone, const QStringList &dnsGroup);
    // Sets (or, with nullopt, drops) the zone's statement; what it was before.
    std::optional<QString> setStatement(
        const Files &files, const QString &zone, const std::optional<QString> &statement, QString *error);
    // Reads the include's statements unless they are loaded; m_includeMutex held.
    bool loadStatements(const Files &files, QString *error);
    [[nodiscard]] QStringList listedZones(const Files &files, QString *error);
    // Writes the include when it differs from the statements, then reconfigures BIND when a
    // written include has not been reconfigured yet. Returns why it failed, or nothing.
    [[nodiscard]] QString flushInclude(HandlerContext &context, const Files &files, bool *written);
    [[nodiscard]] QString reloadZone(HandlerContext &context, const QString &zone);
    [[nodiscard]] bool reloadPending(const QString &zone) const;

    // The include's statements by zone (loaded from the file at first use), the file itself and
    // the reconfigure bookkeeping.
    std::mutex m_includeMutex;
    bool m_loaded = false;
    QString m_loadedFrom; // the include file the statements were read from
    std::map<QString, QString> m_statements; // zone -> `zone "..." { ... };`
    std::uint64_t m_includeWrites = 0; // includes written so far
    std::uint64_t m_reconfigured = 0; // writes a successful reconfigure covers

    // Zones being worked on, and zones whose reload failed (retried until it works).
    mutable std::mutex m_zonesMutex;
    std::condition_variable m_zoneFree;
    std::set<QString> m_busyZones;
    std::set<QString> m_reloadPending;
};

} // namespace Isp::Agent
