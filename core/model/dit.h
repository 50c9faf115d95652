// Dit: where everything lives in an ISPMan directory (the layout of docs/directory.md), as DNs
// built from a base DN. Every value is escaped by LdapDn::child(), so a name typed by a user
// becomes exactly one RDN value and nothing else. Cheap to copy.
#pragma once

#include "core/ldap/ldapdn.h"

namespace Isp::Core {

class Dit
{
public:
    explicit Dit(LdapDn base) : m_base(std::move(base)) {}

    [[nodiscard]] const LdapDn &base() const { return m_base; }

    [[nodiscard]] LdapDn conf() const { return branch(u"conf"); }
    [[nodiscard]] LdapDn confModule(const QString &module) const { return conf().child(QStringLiteral("ispmanModule"), module); }
    [[nodiscard]] LdapDn confVar(const QString &module, const QString &var) const
    {
        return confModule(module).child(QStringLiteral("ispmanVar"), var);
    }
    [[nodiscard]] LdapDn counters() const { return branch(u"counters"); }
    [[nodiscard]] LdapDn counter(const QString &name) const { return counters().child(QStringLiteral("cn"), name); }
    [[nodiscard]] LdapDn hosts() const { return branch(u"hosts"); }
    [[nodiscard]] LdapDn host(const QString &name) const { return hosts().child(QStringLiteral("ispmanHostName"), name); }
    [[nodiscard]] LdapDn hostGroups() const { return branch(u"hostgroups"); }
    [[nodiscard]] LdapDn hostGroup(const QString &name) const
    {
        return hostGroups().child(QStringLiteral("ispmanHostGroupName"), name);
    }
    [[nodiscard]] LdapDn processes() const { return branch(u"processes"); }
    [[nodiscard]] LdapDn process(qint64 pid) const
    {
        return processes().child(QStringLiteral("ispmanPid"), QString::number(pid));
    }
    [[nodiscard]] LdapDn admins() const { return branch(u"admins"); }
    [[nodiscard]] LdapDn admin(const QString &uid) const { return admins().child(QStringLiteral("uid"), uid); }
    [[nodiscard]] LdapDn services() const { return branch(u"services"); }
    [[nodiscard]] LdapDn domainServices() const { return branch(u"domainServices"); }
    [[nodiscard]] LdapDn tenants() const { return branch(u"ispman"); }
    [[nodiscard]] LdapDn reseller(qint64 id) const
    {
        return tenants().child(QStringLiteral("ispmanResellerId"), QString::number(id));
    }
    [[nodiscard]] LdapDn client(qint64 resellerId, qint64 clientId) const
    {
        return reseller(resellerId).child(QStringLiteral("ispmanClientId"), QString::number(clientId));
    }
    [[nodiscard]] LdapDn dns() const { return branch(u"DNS"); }
    [[nodiscard]] LdapDn zone(const QString &zone) const { return dns().child(QStringLiteral("zoneName"), zone); }
    // The apex ("@") is the zone entry itself; other owner names are its children.
    [[nodiscard]] LdapDn dnsName(const QString &zone, const QString &relativeName) const
    {
        if (relativeName.isEmpty() || relativeName == QLatin1String("@"))
            return this->zone(zone);
        return this->zone(zone).child(QStringLiteral("relativeDomainName"), relativeName);
    }
    [[nodiscard]] LdapDn domain(const QString &name) const { return m_base.child(QStringLiteral("ispmanDomain"), name); }
    [[nodiscard]] LdapDn users(const QString &domain) const { return domainBranch(domain, u"users"); }
    [[nodiscard]] LdapDn user(const QString &domain, const QString &uid) const
    {
        return users(domain).child(QStringLiteral("uid"), uid);
    }
    [[nodiscard]] LdapDn vhosts(const QString &domain) const { return domainBranch(domain, u"httpdata"); }
    [[nodiscard]] LdapDn vhost(const QString &domain, const QString &name) const
    {
        return vhosts(domain).child(QStringLiteral("ispmanVhostName"), name);
    }
    [[nodiscard]] LdapDn webUsers(const QString &domain) const { return domainBranch(domain, u"httpusers"); }
    [[nodiscard]] LdapDn mailGroups(const QString &domain) const { return domainBranch(domain, u"ispmanMailGroup"); }
    [[nodiscard]] LdapDn databases(const QString &domain) const { return domainBranch(domain, u"databases"); }
    [[nodiscard]] LdapDn database(const QString &domain, const QString &name) const
    {
        return databases(domain).child(QStringLiteral("ispmanDBName"), name);
    }

private:
    [[nodiscard]] LdapDn branch(QStringView ou) const { return m_base.child(QStringLiteral("ou"), ou.toString()); }
    [[nodiscard]] LdapDn domainBranch(const QString &domain, QStringView ou) const
    {
        return this->domain(domain).child(QStringLiteral("ou"), ou.toString());
    }

    LdapDn m_base;
};

} // namespace Isp::Core
