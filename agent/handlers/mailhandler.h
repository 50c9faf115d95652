// MailHandler ("mail"): the mailboxes of a mail store host, as Maildirs that Dovecot delivers
// to and serves. Layout, below [mail] root (default /var/vmail):
//
//   <root>/<domain>/                      0711, the fixed owner ("uid:gid") or the agent's (root)
//   <root>/<domain>/<local part>/         0700, the mailbox's owner
//   <root>/<domain>/<local part>/Maildir/ 0700, with cur/ new/ tmp/ (INBOX, Maildir++)
//       .<folder>/{cur,new,tmp} + maildirfolder   conf defaultMailboxFolders, when the Maildir is made
//
// which Dovecot must be configured to match (conf.d/10-mail.conf):
//
//   mail_location = maildir:<root>/%d/%n/Maildir
//
// with %d and %n the domain and local part of the user's mailLocalAddress (Dovecot's user name).
// Both come from the directory and are validated (Validate::domainName, mailboxLocalPart: lower
// case [a-z0-9._-], so each is one plain file name) before they form a path; the address's
// domain must be the user's own (ispmanDomain). The owner is [mail] owner: "user" (the user's
// uidNumber/gidNumber, never 0) or a fixed "uid:gid" (one virtual mail account).
//
// createMailbox makes the user's Maildir when the user's mailHost is this host (else nothing:
// the mailbox has moved on). deleteMailbox (params mailbox=<address>; homeDirectory is not used,
// mailboxes do not live in homes here) removes that Maildir, and the user's folder when it is
// then empty, only when the user is gone or its mailHost is no longer this host. reconcile()
// remakes missing Maildirs and corrects owners and modes; folders without a mailbox of this host
// are reported, never removed.
//
// No symbolic link below the root is followed (DirectoryTree). Stateless; thread-safe.
#pragma once

#include "agent/handler.h"

namespace Isp::Agent {

class MailHandler : public Handler
{
public:
    [[nodiscard]] QString service() const override { return QStringLiteral("mail"); }
    [[nodiscard]] QStringList processes() const override;
    Outcome run(const Core::Process &process, HandlerContext &context) override;
    ReconcileReport reconcile(HandlerContext &context) override;
};

} // namespace Isp::Agent
