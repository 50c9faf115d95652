// MailUser: one mail/FTP user of a hosted domain (uid=<local>_<domain_with_underscores>,
// ou=users,ispmanDomain=<d>): ispmanDomainUser (SUP inetOrgPerson) + posixAccount + PureFTPdUser,
// with the ISPMan 1.x attributes (docs/directory.md, reference §2.5). A user either has a
// mailbox on a mail store host (mailHost) or only forwards (mailForwardingAddress).
// MailGroup: a distribution list (cn=<name>,ou=ispmanMailGroup,ispmanDomain=<d>) that Postfix
// expands from mailForwardingAddress. Plain values with their entry mappings; no I/O.
#pragma once

#include "core/ldap/ldapentry.h"
#include "core/model/dit.h"

#include <QStringList>

namespace Isp::Core {

struct MailUser
{
    QString domain;        // ispmanDomain, A-label form
    QString userId;        // ispmanUserId: the local part ("john")
    QString uid;           // "john_example_com" (the RDN)
    QString givenName;
    QString surname;
    QString address;       // mailLocalAddress: "john@example.com"
    QStringList aliases;   // mailAlias: more addresses ("info@example.com", "@example.com" catch-all)
    QStringList forwards;  // mailForwardingAddress
    QString mailHost;      // empty: no mailbox (forward-only)
    qint64 mailQuotaKiB = 0; // mailQuota (KB, ISPMan 1.x); 0 when no mailbox
    qint64 uidNumber = 0;
    qint64 gidNumber = 0;
    QString homeDirectory;
    QString loginShell;
    QString fileHost;
    bool ftpEnabled = true;  // FTPStatus enabled | disabled
    int ftpQuotaMBytes = 0;
    bool suspended = false;  // ispmanStatus
    qint64 created = 0;      // epoch seconds

    [[nodiscard]] bool hasMailbox() const { return !mailHost.isEmpty(); }
    [[nodiscard]] QString commonName() const;
    static MailUser fromEntry(const LdapEntry &entry);
    [[nodiscard]] LdapEntry toEntry(const Dit &dit) const;
};

struct MailGroup
{
    QString domain;
    QString name;         // cn: the local part
    QString address;      // mailLocalAddress: "<name>@<domain>"
    QStringList members;  // mailForwardingAddress
    QStringList aliases;  // mailAlias

    static MailGroup fromEntry(const LdapEntry &entry);
    [[nodiscard]] LdapEntry toEntry(const Dit &dit) const;
    [[nodiscard]] static LdapDn dn(const Dit &dit, const QString &domain, const QString &name)
    {
        return dit.mailGroups(domain).child(QStringLiteral("cn"), name);
    }
};

} // namespace Isp::Core
