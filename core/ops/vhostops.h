// Operations on websites (vhosts) and web users: `ispman vhost ...`, `ispman webuser ...`, the
// console's and the panel's website editors. Adding a website writes its entry (ispmanBranch +
// ispmanVirtualHost + posixAccount + PureFTPdUser, ISPMan 1.x naming), the DNS records it
// implies in its domain's zone (VhostDns: A/AAAA at its name, a CNAME per local alias, claimed
// so that only they are removed with it), and queues AddVirtualHostDirectories on its file host
// and AddVirtualHost on each web host (docs/processes.md), all in one Transaction: a refusal
// part-way leaves nothing.
//
// Only primary, slave and nodns domains have websites; a replica's names follow its master's
// websites (the web hosts add "<vhost>.<replica>" aliases when they render the master's vhost).
// The domain's website limit (ispmanMaxVhosts) and the uniqueness of server names (a vhost's
// "<name>.<domain>" and every alias, across the whole directory) are race-free like the account
// limit of UserOps: the domain's entryCSN is read before the check and the domain is touched on
// condition that it is unchanged after the writes; the loser undoes its writes and tries again.
// A foreign alias outside the hosted domains has no domain entry common to two claimants: of
// alias entries written at the same time for it, the first written (lowest entryCSN) stays.
//
// Websites are named by (domain, name): ("example.com", "www"), ("example.com", "www:8080").
// Blocking: run on a worker thread or in the CLI, never on a GUI or HTTP event loop.
#pragma once

#include "core/model/vhost.h"
#include "core/ops/directorysession.h"
#include "core/ops/operror.h"
#include "core/ops/transaction.h"

#include <optional>

namespace Isp::Core::VhostOps {

// Text as typed (CLI, forms); validated and normalised by add().
struct VhostSpec
{
    QString domain;
    QString name;                 // "www" or "www:8080"
    QStringList webHosts;         // empty: placement (domain default, else least-loaded of httpgroup)
    QString fileHost;             // empty: the domain's file server, else least-loaded of fileservergroup
    QString documentRoot;         // empty: htdocs
    QString scriptDir;            // empty: cgi-bin
    QString documentRootOptions;  // Apache Options words; empty: FollowSymLinks MultiViews
    QString scriptDirOptions;     // empty: ExecCGI FollowSymLinks
    QString ipAddress;            // empty: conf apacheVhostsIP (default *)
    QString extraConfig;          // lines (Validate::apacheExtraConfig)
    QStringList features;         // suexec, statdir, userdirs; empty: suexec
    QStringList aliases;          // local ("web") or foreign ("www.example.org")
    QString password;             // FTP password; empty: none yet
    QString ftpQuota;             // MB; empty: conf defaultVhostFtpQuota
    bool ftpEnabled = true;
};

struct VhostChange
{
    std::optional<QStringList> webHosts; // a new set: removed hosts get DeleteVirtualHost, new ones AddVirtualHost
    std::optional<QString> documentRoot, scriptDir, documentRootOptions, scriptDirOptions, ipAddress, extraConfig, ftpQuota;
    std::optional<QStringList> features;
    std::optional<bool> ftpEnabled;
};

// The features a website may have (ispmanVhostFeature).
[[nodiscard]] const QStringList &knownFeatures();

OpResult<Vhost> add(DirectorySession &session, const VhostSpec &spec);
// With its aliases, redirects and protected locations.
OpResult<Vhost> show(DirectorySession &session, const QString &domain, const QString &name);
// One domain's websites sorted by name (paged search), without sub-objects.
OpResult<QList<Vhost>> list(DirectorySession &session, const QString &domain);
OpResult<Vhost> edit(DirectorySession &session, const QString &domain, const QString &name, const VhostChange &change);
OpResult<Done> setPassword(DirectorySession &session, const QString &domain, const QString &name, const QString &password);
// A suspended website is served a suspension notice and loses its FTP login (ISPMan 1.x).
OpResult<Vhost> setSuspended(DirectorySession &session, const QString &domain, const QString &name, bool suspended);
// Queues DeleteVirtualHost per web host and DeleteVirtualHostDirectories on its file host, and
// removes the DNS records it implied.
OpResult<Done> remove(DirectorySession &session, const QString &domain, const QString &name);

OpResult<Vhost> addAlias(DirectorySession &session, const QString &domain, const QString &name, const QString &alias);
OpResult<Vhost> removeAlias(DirectorySession &session, const QString &domain, const QString &name, const QString &alias);
// `path` a URL path ("/old"), `target` an http(s) URL.
OpResult<Vhost> addRedirect(DirectorySession &session, const QString &domain, const QString &name, const QString &path,
                            const QString &target);
OpResult<Vhost> removeRedirect(DirectorySession &session, const QString &domain, const QString &name, const QString &path);
// `users`: web users or mail users (their user id, "john") of the website's domain.
OpResult<Vhost> addProtection(DirectorySession &session, const QString &domain, const QString &name,
                              const QString &location, const QStringList &users);
OpResult<Vhost> removeProtection(DirectorySession &session, const QString &domain, const QString &name,
                                 const QString &location);

// ModifyVirtualHost for every website of `domain` on its web hosts, within `tx`: what a change
// of the domain itself needs on the web servers (suspension, a replica added or removed, whose
// names the sites answer to). No websites: nothing.
OpResult<Done> queueRefresh(Transaction &tx, const QString &domain);

// --- Web (htaccess) users of a domain --------------------------------------------------------

// The password goes into userPassword in the add; slapd (ppolicy) hashes it.
OpResult<WebUser> addWebUser(DirectorySession &session, const QString &domain, const QString &userId, const QString &password);
OpResult<QList<WebUser>> listWebUsers(DirectorySession &session, const QString &domain);
OpResult<Done> setWebUserPassword(DirectorySession &session, const QString &domain, const QString &userId,
                                  const QString &password);
// Also drops it from the protected locations that allow it (ModifyVirtualHost for their
// websites); refused while it is the only user allowed into one.
OpResult<Done> removeWebUser(DirectorySession &session, const QString &domain, const QString &userId);

} // namespace Isp::Core::VhostOps
