// Operations on the mail/FTP users of hosted domains: `ispman user ...`, the console's and the
// panel's user editors. Adding a user writes its entry (ispmanDomainUser + posixAccount +
// PureFTPdUser, ISPMan 1.x naming: uid=john_example_com), its membership of the domain's POSIX
// group, its password (Password Modify: slapd hashes it), and queues the work for its hosts
// (home directory, mailbox); deleting it queues the clean-up. Users are named by their address
// ("john@example.com").
//
// Every mail address (a user's address, aliases, catch-alls "@domain", mail groups and their
// aliases) is unique across the whole directory. Uniqueness and the domain's account limit are
// race-free: each operation that claims an address in domain D reads D's entryCSN before it
// checks, writes, and then touches D on condition that its entryCSN is unchanged (assertion
// control). Of two concurrent claims for D, the second touch fails; that writer undoes its
// writes and starts again, and now sees the first one's entry. (See claimAddress().)
#pragma once

#include "core/model/domain.h"
#include "core/model/mailuser.h"
#include "core/ops/directorysession.h"
#include "core/ops/operror.h"
#include "core/ops/transaction.h"
#include "core/validation/mailaddress.h"

#include <optional>

namespace Isp::Core::UserOps {

// Text as typed (CLI, forms); validated and normalised by add().
struct UserSpec
{
    QString domain;
    QString localPart;       // "john" -> john@<domain>, uid john_<domain_with_underscores>
    QString givenName;
    QString surname;
    QString password;        // empty: none yet (the user cannot log in)
    bool mailbox = true;     // false: forward-only (needs forwards, gets no mailHost)
    QString mailHost;        // empty: the domain's default mail drop host, else mailstoregroup's first
    QStringList forwards;
    QString mailQuota;       // MB; empty: conf defaultUserMailQuota
    QString ftpQuota;        // MB; empty: conf defaultUserFtpQuota
    bool ftpEnabled = true;
};

struct UserChange
{
    std::optional<QString> givenName, surname, mailQuota, mailHost, ftpQuota;
    std::optional<bool> ftpEnabled;
};

OpResult<MailUser> add(DirectorySession &session, const UserSpec &spec);
// Many users at once (CSV imports, migrations), all or nothing: every row is validated, placed
// and checked (user names and addresses free, also among the rows; account limits) before
// anything is written; then one block of uid numbers, the entries and their processes written
// pipelined, and one claim per domain (as add()). A refusal names its row ("row 12: user: ...").
// About 3 writes per user (its entry, one process per host that acts) against add()'s 5.
OpResult<QList<MailUser>> addMany(DirectorySession &session, const QList<UserSpec> &specs);
OpResult<MailUser> show(DirectorySession &session, const QString &address);
// One domain's users, sorted by address (paged search).
OpResult<QList<MailUser>> list(DirectorySession &session, const QString &domain);
// Moving the mailbox (mailHost) queues deleteMailbox on the old host and createMailbox on the new.
// A suspended user's FTP stays off until it is resumed. Every change below is refused while the
// user's domain is locked.
OpResult<MailUser> edit(DirectorySession &session, const QString &address, const UserChange &change);
OpResult<Done> setPassword(DirectorySession &session, const QString &address, const QString &password);
OpResult<MailUser> setSuspended(DirectorySession &session, const QString &address, bool suspended);
OpResult<Done> remove(DirectorySession &session, const QString &address);

// Aliases: another address in the user's domain or one of its replicas (any hosted domain when
// conf allowCrossDomainAliases is yes); "@domain" makes the user the domain's catch-all.
OpResult<MailUser> addAlias(DirectorySession &session, const QString &address, const QString &alias);
OpResult<MailUser> removeAlias(DirectorySession &session, const QString &address, const QString &alias);
OpResult<MailUser> addForward(DirectorySession &session, const QString &address, const QString &forward);
// A user without a mailbox keeps at least one forward (also against concurrent removals).
OpResult<MailUser> removeForward(DirectorySession &session, const QString &address, const QString &forward);

// --- Building blocks shared with MailGroupOps ---------------------------------------------

// An address about to be written, and the state of its domain's entry when it was found free.
struct AddressClaim
{
    QString address;
    QString domain;      // the domain part (for "@d": d)
    QString domainCsn;   // entryCSN of ispmanDomain=<domain> read before the check
    QString domainStatus;
};

// A hosted domain as read with its entryCSN.
struct DomainState
{
    Domain domain;
    QString csn;
    QString status;
};
OpResult<DomainState> readDomain(DirectorySession &session, const QString &field, const QString &name);
// `address` (normalised) must be held by no entry (mailLocalAddress, which mailAlias is a
// subtype of); `domain` is the state of its domain as read before this check.
OpResult<AddressClaim> claimAddress(DirectorySession &session, const QString &field, const QString &address,
                                    const DomainState &domain);
// Validates an alias ("x@d" or "@d") for an object of `ownerDomain` and claims it.
OpResult<AddressClaim> claimAlias(DirectorySession &session, const QString &field, const QString &alias,
                                  const QString &ownerDomain);
// After the writes: touches every claimed domain on condition that it did not change. false: a
// concurrent claim won; roll back and try again.
OpResult<bool> confirmClaims(Transaction &tx, const QList<AddressClaim> &claims);
// The stored form of a typed alias ("@Example.COM", "x@bücher.example"), forward or member, to
// find it among the stored values (compare ignoring case): normalised when it is valid under
// `rule`, else as typed (trimmed), so that values imported from ISPMan 1.x that break today's
// rules can still be removed.
QString storedForm(const QString &value, Validate::MailLocalPart rule);

} // namespace Isp::Core::UserOps
