#include "core/acl/acl.h"

#include <algorithm>

namespace Isp::Core::Acl {

namespace {

bool rdnIs(const LdapDn &dn, QLatin1StringView attribute)
{
    return dn.rdnAttribute().compare(attribute, Qt::CaseInsensitive) == 0;
}

qint64 number(const QString &text)
{
    bool ok = false;
    const qint64 n = text.toLongLong(&ok);
    return ok && n >= 0 ? n : -1;
}

bool sameDomain(const QString &a, const QString &b)
{
    return !a.isEmpty() && a.compare(b, Qt::CaseInsensitive) == 0;
}

} // namespace

int adminLevelFor(Right right)
{
    switch (right) {
    case Right::Read:
        return 1;
    case Right::DomainContent:
    case Right::Processes:
        return 30;
    case Right::DomainCreate:
    case Right::DomainManage:
    case Right::Tenants:
    case Right::Hosts:
        return 70;
    case Right::Admins:
    case Right::Configuration:
        return MaxAdminLevel;
    }
    return MaxAdminLevel;
}

QList<int> adminGroupLevels()
{
    QList<int> levels;
    for (const Right r : {Right::Read, Right::DomainContent, Right::DomainCreate, Right::DomainManage, Right::Tenants,
                          Right::Hosts, Right::Processes, Right::Admins, Right::Configuration}) {
        const int l = adminLevelFor(r);
        if (l > 1 && !levels.contains(l))
            levels << l;
    }
    std::sort(levels.begin(), levels.end());
    return levels;
}

LdapDn adminGroup(const Dit &dit, int level)
{
    return dit.admins().child(QStringLiteral("cn"), QStringLiteral("level-%1").arg(level));
}

QList<int> adminGroupsOf(int level)
{
    QList<int> out;
    for (const int l : adminGroupLevels()) {
        if (level >= l)
            out << l;
    }
    return out;
}

Subject Subject::fromDn(const LdapDn &dn, const Dit &dit)
{
    Subject s;
    s.dn = dn;
    if (dn.isEmpty())
        return s;
    // Only identities slapd itself configures bind outside the ISP's tree (the rootdn, root
    // over ldapi); core defers to slapd for them. Inside the tree, a DN of no role has none.
    if (!dn.isDescendantOf(dit.base()) && dn != dit.base()) {
        s.role = Role::Root;
        return s;
    }
    const LdapDn parent = dn.parent();
    if (parent == dit.admins() && rdnIs(dn, QLatin1StringView("uid"))) {
        s.role = Role::Admin;
        s.name = dn.rdnValue();
    } else if (parent == dit.tenants() && rdnIs(dn, QLatin1StringView("ispmanResellerId"))) {
        s.role = Role::Reseller;
        s.resellerId = number(dn.rdnValue());
    } else if (parent.parent() == dit.tenants() && rdnIs(dn, QLatin1StringView("ispmanClientId"))
               && rdnIs(parent, QLatin1StringView("ispmanResellerId"))) {
        s.role = Role::Client;
        s.clientId = number(dn.rdnValue());
        s.resellerId = number(parent.rdnValue());
    } else if (parent == dit.base() && rdnIs(dn, QLatin1StringView("ispmanDomain"))) {
        s.role = Role::DomainOwner;
        s.domain = dn.rdnValue().toLower();
    } else if (rdnIs(dn, QLatin1StringView("uid")) && parent.depth() == dit.base().depth() + 2
               && parent == dit.users(parent.parent().rdnValue())) {
        s.role = Role::MailUser;
        s.name = dn.rdnValue();
        s.domain = parent.parent().rdnValue().toLower();
    } else if (parent == dit.hosts() && rdnIs(dn, QLatin1StringView("ispmanHostName"))) {
        s.role = Role::Agent;
        s.name = dn.rdnValue();
    } else if (parent == dit.services() && rdnIs(dn, QLatin1StringView("cn"))) {
        s.role = Role::Service;
        s.name = dn.rdnValue();
    }
    return s;
}

QString Subject::describe() const
{
    switch (role) {
    case Role::Anonymous:
        return QStringLiteral("an anonymous session");
    case Role::Root:
        return QStringLiteral("the directory manager %1").arg(dn.toString());
    case Role::Admin:
        return QStringLiteral("administrator %1 (level %2)").arg(name).arg(adminLevel);
    case Role::Reseller:
        return QStringLiteral("reseller %1").arg(resellerId);
    case Role::Client:
        return QStringLiteral("client %1 of reseller %2").arg(clientId).arg(resellerId);
    case Role::DomainOwner:
        return QStringLiteral("the owner of %1").arg(domain);
    case Role::MailUser:
        return QStringLiteral("mail user %1").arg(name);
    case Role::Agent:
        return QStringLiteral("the agent of host %1").arg(name);
    case Role::Service:
        return QStringLiteral("service account %1").arg(name);
    }
    return dn.toString();
}

bool allows(const Subject &s, Right right, const Scope &scope)
{
    switch (s.role) {
    case Role::Root:
        return true;
    case Role::Anonymous:
        return false;
    case Role::Admin:
        return s.adminLevel >= adminLevelFor(right);
    case Role::Reseller: {
        const bool mine = scope.resellerId >= 0 && scope.resellerId == s.resellerId;
        switch (right) {
        case Right::Read:
        case Right::DomainContent:
        case Right::DomainCreate:
        case Right::DomainManage:
        case Right::Tenants:
            return mine;
        default:
            return false;
        }
    }
    case Role::Client: {
        const bool mine = scope.clientId >= 0 && scope.clientId == s.clientId && scope.resellerId == s.resellerId;
        switch (right) {
        case Right::Read:
        case Right::DomainContent:
        case Right::DomainCreate:
            return mine;
        default:
            return false;
        }
    }
    case Role::DomainOwner:
        return (right == Right::Read || right == Right::DomainContent) && sameDomain(scope.domain, s.domain);
    case Role::MailUser:
        return right == Right::Read && !scope.object.isEmpty() && scope.object == s.dn;
    case Role::Agent:
        if (right == Right::Read)
            return true;
        return right == Right::Processes && !scope.host.isEmpty() && scope.host.compare(s.name, Qt::CaseInsensitive) == 0;
    case Role::Service:
        return right == Right::Read && s.name.compare(PanelService, Qt::CaseInsensitive) != 0;
    }
    return false;
}

QString refusal(const Subject &s, Right right, const QString &what)
{
    if (s.role == Role::Admin)
        return QStringLiteral("not allowed: %1 needs administrator level %2; %3 has level %4")
            .arg(what)
            .arg(adminLevelFor(right))
            .arg(s.name)
            .arg(s.adminLevel);
    return QStringLiteral("not allowed: %1 may not do this: %2").arg(s.describe(), what);
}

const QList<ServiceAccount> &serviceAccounts()
{
    static const QList<ServiceAccount> accounts = {
        {QStringLiteral("postfix"),
         QStringLiteral("Postfix: virtual domains, addresses, aliases, forwards and mail hosts"),
         {QStringLiteral("ispmanDomain"), QStringLiteral("ispmanDomainType"), QStringLiteral("ispmanReplicaMaster"),
          QStringLiteral("ispmanDomainMailDeliveryMethod"), QStringLiteral("ispmanStatus"), QStringLiteral("ispmanDomainLocked"),
          QStringLiteral("smtpHost"), QStringLiteral("uid"), QStringLiteral("mailLocalAddress"), QStringLiteral("mailAlias"),
          QStringLiteral("mailForwardingAddress"), QStringLiteral("mailRoutingAddress"), QStringLiteral("mailHost")},
         true, false},
        {QStringLiteral("dovecot"),
         QStringLiteral("Dovecot: user lookup for IMAP/POP3/LMTP (passwords are checked by binding as the user)"),
         {QStringLiteral("ispmanDomain"), QStringLiteral("ispmanStatus"), QStringLiteral("uid"), QStringLiteral("mailLocalAddress"),
          QStringLiteral("mailAlias"), QStringLiteral("mailHost"), QStringLiteral("mailQuota"), QStringLiteral("homeDirectory"),
          QStringLiteral("uidNumber"), QStringLiteral("gidNumber")},
         true, false},
        {QStringLiteral("pureftpd"),
         QStringLiteral("pure-ftpd: FTP accounts (passwords are checked by binding as the user)"),
         {QStringLiteral("ispmanDomain"), QStringLiteral("ispmanStatus"), QStringLiteral("uid"), QStringLiteral("mailLocalAddress"),
          QStringLiteral("homeDirectory"), QStringLiteral("uidNumber"), QStringLiteral("gidNumber"), QStringLiteral("loginShell"),
          QStringLiteral("FTPStatus"), QStringLiteral("FTPQuotaMBytes"), QStringLiteral("FTPQuotaFiles"),
          QStringLiteral("FTPUploadBandwidth"), QStringLiteral("FTPDownloadBandwidth"), QStringLiteral("FTPuid"),
          QStringLiteral("FTPgid")},
         true, false},
        {QStringLiteral("powerdns"),
         QStringLiteral("PowerDNS LDAP backend: the zones under ou=DNS"),
         {QStringLiteral("zoneName"), QStringLiteral("relativeDomainName"), QStringLiteral("dNSTTL"), QStringLiteral("dNSClass"),
          QStringLiteral("sOARecord"), QStringLiteral("aRecord"), QStringLiteral("aAAARecord"), QStringLiteral("nSRecord"),
          QStringLiteral("mXRecord"), QStringLiteral("cNAMERecord"), QStringLiteral("tXTRecord"), QStringLiteral("sRVRecord"),
          QStringLiteral("pTRRecord"), QStringLiteral("cAARecord"), QStringLiteral("tLSARecord"), QStringLiteral("associatedDomain")},
         false, true},
        // Apache's mod_authnz_ldap for protected locations: finds the user below the website's
        // domain by (objectClass, ispmanUserId), compares ispmanUserId for "Require ldap-user",
        // then checks the password by binding as the user.
        {QStringLiteral("apache"),
         QStringLiteral("Apache (mod_authnz_ldap): web users and mail users allowed into protected locations (passwords are checked by binding as the user)"),
         {QStringLiteral("ispmanUserId")},
         true, false},
    };
    return accounts;
}

} // namespace Isp::Core::Acl
