// WebCommands: the console's Commands for websites, web users, DNS records and databases, built
// over core/ops without any widget, so that the editors, scripted runs and tests share one
// definition of what each change does and how it is undone.
//
// Undo is built from the state the command reads just before it writes (the old document root,
// the old target of a redirect, the records a zone change really added or removed), so an undo
// restores what was there, not what the form showed. Every inverse is itself built the same
// way, which makes redo work after undo. Changes that destroy data or secrets (delete a website
// or a database, set a password, create a website whose directories a customer may fill) yield
// no inverse: CommandStack then clears the history, as command.h explains.
//
// `out` parameters (optional) receive what core returned, on the worker thread, before the
// command's answer reaches the GUI thread: the editor reads them in its completion callback.
#pragma once

#include "console/command.h"
#include "core/ops/databaseops.h"
#include "core/ops/dnsops.h"
#include "core/ops/vhostops.h"

#include <memory>

namespace Isp::Console::WebCommands {

// --- Shared by the editors ---------------------------------------------------------------------
// The domain of a domain branch "ou=<branch>,ispmanDomain=<domain>,..." (ou=httpdata,
// ou=httpusers, ou=databases); empty when `dn` is not such a branch.
[[nodiscard]] QString domainOfBranch(const Core::LdapDn &dn, const QString &branch);
// The domain of an entry directly below such a branch; empty when it is not one.
[[nodiscard]] QString domainOfEntry(const Core::LdapDn &dn, const QString &branch);
// A list typed in one line: split at commas and white space, empty parts dropped.
[[nodiscard]] QStringList words(const QString &text);

// --- Websites ---------------------------------------------------------------------------------
std::shared_ptr<Command> addVhost(const Core::VhostOps::VhostSpec &spec, std::shared_ptr<Core::Vhost> out = {});
// Undo: the fields `change` sets, back to their values before it.
std::shared_ptr<Command> editVhost(const QString &domain, const QString &name, const Core::VhostOps::VhostChange &change);
std::shared_ptr<Command> setVhostSuspended(const QString &domain, const QString &name, bool suspended);
std::shared_ptr<Command> setVhostPassword(const QString &domain, const QString &name, const QString &password);
std::shared_ptr<Command> removeVhost(const QString &domain, const QString &name);
std::shared_ptr<Command> addVhostAlias(const QString &domain, const QString &name, const QString &alias);
std::shared_ptr<Command> removeVhostAlias(const QString &domain, const QString &name, const QString &alias);
std::shared_ptr<Command> addVhostRedirect(const QString &domain, const QString &name, const QString &path,
                                          const QString &target);
// Undo: the redirect again, to the target it had.
std::shared_ptr<Command> removeVhostRedirect(const QString &domain, const QString &name, const QString &path);
std::shared_ptr<Command> addVhostProtection(const QString &domain, const QString &name, const QString &location,
                                            const QStringList &users);
// Undo: the protection again, with the users it allowed.
std::shared_ptr<Command> removeVhostProtection(const QString &domain, const QString &name, const QString &location);

// The inverse of `change` given the website as it was before it (only the fields it sets).
[[nodiscard]] Core::VhostOps::VhostChange inverseChange(const Core::Vhost &before,
                                                        const Core::VhostOps::VhostChange &change);

// --- Web users ---------------------------------------------------------------------------------
// Undo: the user is removed (a new web user holds nothing yet).
std::shared_ptr<Command> addWebUser(const QString &domain, const QString &userId, const QString &password,
                                    std::shared_ptr<Core::WebUser> out = {});
std::shared_ptr<Command> setWebUserPassword(const QString &domain, const QString &userId, const QString &password);
std::shared_ptr<Command> removeWebUser(const QString &domain, const QString &userId);

// --- DNS ---------------------------------------------------------------------------------------
// Each yields the change that reverts what core reports it did (ZoneChange::added/removed).
std::shared_ptr<Command> addDnsRecord(const QString &zone, const Core::DnsRecord &record,
                                      std::shared_ptr<Core::DnsOps::ZoneChange> out = {});
std::shared_ptr<Command> removeDnsRecord(const QString &zone, const Core::DnsRecord &record,
                                         std::shared_ptr<Core::DnsOps::ZoneChange> out = {});
std::shared_ptr<Command> replaceDnsRecord(const QString &zone, const Core::DnsRecord &from, const Core::DnsRecord &to,
                                          std::shared_ptr<Core::DnsOps::ZoneChange> out = {});

// --- Databases ---------------------------------------------------------------------------------
std::shared_ptr<Command> addDatabase(const Core::DatabaseOps::DatabaseSpec &spec, std::shared_ptr<Core::Database> out = {});
// Undo: the lists `change` sets, back to their values before it.
std::shared_ptr<Command> editDatabase(const QString &domain, const QString &name,
                                      const Core::DatabaseOps::DatabaseChange &change);
std::shared_ptr<Command> setDatabasePassword(const QString &domain, const QString &name, const QString &password);
std::shared_ptr<Command> removeDatabase(const QString &domain, const QString &name);

} // namespace Isp::Console::WebCommands
