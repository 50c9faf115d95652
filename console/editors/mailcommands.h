// MailCommands: the console's Commands for domains, mail users and mail groups, built over
// DomainOps, UserOps and MailGroupOps and usable without any widget (the editors and the tests
// share them). Each command reads the state it is about to change before it changes it, and
// yields as inverse a command of the same kind built from that state (which reads again when
// it runs), so undo and redo can alternate any number of times and always restore what the
// directory held, not what the form showed.
//
// What cannot be undone yields no inverse (the CommandStack then clears the history):
// deleting a user or a domain (their mail and files go), moving a mailbox to another host (the
// old host deletes it), setting a password (nothing to restore). Creating a domain is undone by
// deleting it only while nothing was added below it or to its zone since (see addDomain()).
#pragma once

#include "console/command.h"
#include "core/ops/domainops.h"
#include "core/ops/mailgroupops.h"
#include "core/ops/userops.h"

#include <memory>

namespace Isp::Console::MailCommands {

using Core::DomainOps::DomainChange;
using Core::DomainOps::DomainSpec;
using Core::MailGroupOps::MailGroupSpec;
using Core::UserOps::UserChange;
using Core::UserOps::UserSpec;

// --- Domains ------------------------------------------------------------------------------
// Undone by deleting the new domain, refused (Conflict) once an entry was added below the domain
// or a record of its DNS zone changed since it was created: deleting would take those along, so
// the admin deletes it knowingly from its editor (not undoable) instead.
std::shared_ptr<Command> addDomain(const DomainSpec &spec);
std::shared_ptr<Command> editDomain(const QString &name, const DomainChange &change);
std::shared_ptr<Command> setDomainSuspended(const QString &name, bool suspended);
std::shared_ptr<Command> setDomainLocked(const QString &name, bool locked);
std::shared_ptr<Command> setDomainSignature(const QString &name, const QString &text);
std::shared_ptr<Command> setDomainPassword(const QString &name, const QString &password); // no inverse
std::shared_ptr<Command> removeDomain(const QString &name);                              // no inverse

// --- Mail users (named by address) ------------------------------------------------------
// Undone by deleting the user again (its mailbox was just created; the undo says so).
std::shared_ptr<Command> addUser(const UserSpec &spec);
// Inverse: the old values of the fields `change` sets; none when it moves the mailbox.
std::shared_ptr<Command> editUser(const QString &address, const UserChange &change);
std::shared_ptr<Command> setUserPassword(const QString &address, const QString &password); // no inverse
// Inverse restores the old status and FTP switch (resuming alone would switch FTP on).
std::shared_ptr<Command> setUserSuspended(const QString &address, bool suspended);
std::shared_ptr<Command> removeUser(const QString &address); // no inverse
std::shared_ptr<Command> addUserAlias(const QString &address, const QString &alias);
std::shared_ptr<Command> removeUserAlias(const QString &address, const QString &alias);
std::shared_ptr<Command> addUserForward(const QString &address, const QString &forward);
std::shared_ptr<Command> removeUserForward(const QString &address, const QString &forward);

// --- Mail groups (named by address) -----------------------------------------------------
// A group holds no mail and queues no work: deleting one is undone by adding it back with its
// members and aliases.
std::shared_ptr<Command> addMailGroup(const MailGroupSpec &spec);
std::shared_ptr<Command> removeMailGroup(const QString &address);
std::shared_ptr<Command> addMailGroupMember(const QString &address, const QString &member);
std::shared_ptr<Command> removeMailGroupMember(const QString &address, const QString &member);
std::shared_ptr<Command> addMailGroupAlias(const QString &address, const QString &alias);
std::shared_ptr<Command> removeMailGroupAlias(const QString &address, const QString &alias);

// The same command, but its errors for `fields` come without a field: for fields the form does
// not show in its current mode (a domain's name once it exists), so the banner shows them.
std::shared_ptr<Command> withErrorsOutside(std::shared_ptr<Command> command, const QStringList &fields);

// Runs `command` on the backend without entering the undo history: for commands without an
// inverse that remove nothing (passwords), which have no reason to clear the history.
void runOutsideHistory(Backend *backend, QObject *context, std::shared_ptr<Command> command,
                       std::function<void(Core::OpResult<Core::Done>)> done);

// "a, b c" -> {"a", "b", "c"}: host and address lists typed in one line.
QStringList splitList(const QString &text);

} // namespace Isp::Console::MailCommands
