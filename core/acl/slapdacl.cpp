#include "core/acl/slapdacl.h"

#include "core/acl/acl.h"

#include <QHostAddress>
#include <QRegularExpression>

namespace Isp::Core::Acl {

namespace {

const QString Root = QStringLiteral("dn.exact=\"gidNumber=0+uidNumber=0,cn=peercred,cn=external,cn=auth\" manage");

struct Names
{
    QString base;     // normalized
    QString baseRe;   // regex-escaped normalized base
    QString admins, hosts, services, tenants;
    LdapDn dn;

    explicit Names(const LdapDn &b)
        : base(b.normalized()),
          baseRe(QRegularExpression::escape(b.normalized())),
          admins(QStringLiteral("ou=admins,") + base),
          hosts(QStringLiteral("ou=hosts,") + base),
          services(QStringLiteral("ou=services,") + base),
          tenants(QStringLiteral("ou=ispman,") + base),
          dn(b)
    {
    }

    // Administrators holding at least `level`: members of its group (acl.h). Not a set over
    // ispmanSysadminLevel: slapd would read the administrator's entry for every attribute of
    // every entry it returns, while group results are cached for the whole operation.
    [[nodiscard]] QString admin(int level) const
    {
        if (level <= 1)
            return QStringLiteral("dn.children=\"%1\"").arg(admins);
        Q_ASSERT(adminGroupLevels().contains(level));
        return QStringLiteral("group.exact=\"%1\"").arg(adminGroup(Dit(dn), level).normalized());
    }
    [[nodiscard]] QString admin(Right right) const { return admin(adminLevelFor(right)); }
    [[nodiscard]] QString agents() const { return QStringLiteral("dn.children=\"%1\"").arg(hosts); }
    [[nodiscard]] QString service(const QString &name) const
    {
        return QStringLiteral("dn.exact=\"cn=%1,%2\"").arg(name, services);
    }
    [[nodiscard]] QString panel() const { return service(PanelService.toString()); }
    [[nodiscard]] QString resellers() const { return QStringLiteral("dn.onelevel=\"%1\"").arg(tenants); }
    [[nodiscard]] QString clients() const
    {
        return QStringLiteral("dn.regex=\"^ispmanclientid=[0-9]+,ispmanresellerid=[0-9]+,ou=ispman,%1$\"").arg(baseRe);
    }
    // $2 of these regexes is the domain's DN (domains) or the zone's name (zones).
    [[nodiscard]] QString domainSubtree() const
    {
        return QStringLiteral("dn.regex=\"^(.+,)?(ispmandomain=[^,]+,%1)$\"").arg(baseRe);
    }
    [[nodiscard]] QString zoneSubtree() const
    {
        return QStringLiteral("dn.regex=\"^(.+,)?zonename=([^,]+),ou=dns,%1$\"").arg(baseRe);
    }
};

QString rule(const QString &what, const QStringList &bys)
{
    QString r = QStringLiteral("to ") + what;
    for (const QString &b : bys)
        r += QStringLiteral(" by ") + b;
    return r;
}

QString prefixMask4(int prefix)
{
    const quint32 mask = prefix == 0 ? 0 : ~quint32(0) << (32 - prefix);
    return QHostAddress(mask).toString();
}

} // namespace

QString peernameClause(const QString &network)
{
    const auto [address, prefix] = QHostAddress::parseSubnet(network.contains(u'/') ? network : network + (network.contains(u':') ? QStringLiteral("/128") : QStringLiteral("/32")));
    if (address.isNull() || prefix < 0)
        return {};
    if (address.protocol() == QAbstractSocket::IPv4Protocol)
        return QStringLiteral("peername.ip=%1%%2").arg(address.toString(), prefixMask4(prefix));
    // slapd takes an IPv6 mask as an address too.
    Q_IPV6ADDR mask{};
    for (int i = 0; i < 16; ++i) {
        const int bits = qBound(0, prefix - i * 8, 8);
        mask[i] = quint8(bits == 0 ? 0 : 0xff << (8 - bits));
    }
    return QStringLiteral("peername.ipv6=%1%%2").arg(address.toString(), QHostAddress(mask).toString());
}

QStringList slapdAccessRules(const LdapDn &base, const QList<AdminNetworks> &networks)
{
    const Names n(base);
    const QString adminsRead = n.admin(1) + QStringLiteral(" read");
    const QString agentsRead = n.agents() + QStringLiteral(" read");
    const QString panelWrite = n.panel() + QStringLiteral(" write");
    const QString panelRead = n.panel() + QStringLiteral(" read");
    const QString none = QStringLiteral("* none");
    QStringList rules;

    // Passwords. Suspended tenants, domains, users and websites cannot log in (bind), whatever
    // service asks; administrators may still set their passwords.
    rules << rule(QStringLiteral("dn.subtree=\"%1\" filter=(ispmanStatus=suspended) attrs=userPassword").arg(n.tenants),
                  {Root, n.admin(Right::Tenants) + QStringLiteral(" write"), none});
    rules << rule(n.domainSubtree() + QStringLiteral(" filter=(ispmanStatus=suspended) attrs=userPassword"),
                  {Root, n.admin(Right::DomainContent) + QStringLiteral(" write"), none});
    // Administrators with allowed networks may bind only from them.
    for (const AdminNetworks &a : networks) {
        QStringList bys{Root, QStringLiteral("self write"), n.admin(Right::Admins) + QStringLiteral(" write")};
        for (const QString &net : a.networks) {
            const QString clause = peernameClause(net);
            if (!clause.isEmpty())
                bys << clause + QStringLiteral(" auth");
        }
        bys << none;
        rules << rule(QStringLiteral("dn.exact=\"%1\" attrs=userPassword").arg(a.admin.normalized()), bys);
    }
    rules << rule(QStringLiteral("dn.subtree=\"%1\" attrs=userPassword").arg(n.admins),
                  {Root, QStringLiteral("self write"), n.admin(Right::Admins) + QStringLiteral(" write"), QStringLiteral("anonymous auth"), none});
    rules << rule(n.domainSubtree() + QStringLiteral(" attrs=userPassword"),
                  {Root, QStringLiteral("self write"), n.admin(Right::DomainContent) + QStringLiteral(" write"), panelWrite,
                   QStringLiteral("anonymous auth"), none});
    rules << rule(QStringLiteral("attrs=userPassword"),
                  {Root, QStringLiteral("self write"), n.admin(Right::Tenants) + QStringLiteral(" write"), QStringLiteral("anonymous auth"), none});

    // The shape of the tree is public: the base entry and the top-level containers (names and
    // classes only). Domains are not containers here. contextCSN (when the directory last
    // changed) lets a client wait until its sync cache has caught up with its own write.
    rules << rule(QStringLiteral("dn.base=\"%1\" attrs=entry,objectClass,o,dc,ou,description,contextCSN").arg(n.base),
                  {Root, n.admin(Right::Configuration) + QStringLiteral(" write"), QStringLiteral("* read")});
    // Domains are the base entry's children: adding or deleting one needs write on its children
    // (and on the domain entry itself, rule of the domain subtree below).
    rules << rule(QStringLiteral("dn.base=\"%1\" attrs=children").arg(n.base),
                  {Root, n.admin(Right::DomainCreate) + QStringLiteral(" write"), panelWrite, QStringLiteral("* none")});
    // Zones are the children of ou=DNS: whoever adds domains adds their zones.
    rules << rule(QStringLiteral("dn.base=\"ou=DNS,%1\" attrs=children").arg(n.base),
                  {Root, n.admin(Right::DomainCreate) + QStringLiteral(" write"), panelWrite, QStringLiteral("* none")});
    rules << rule(QStringLiteral("dn.one=\"%1\" filter=(&(objectClass=ispmanBranch)(!(objectClass=ispmanDomain))) attrs=entry,objectClass,ou").arg(n.base),
                  {Root, n.admin(Right::Configuration) + QStringLiteral(" write"), QStringLiteral("* read")});

    // Work queue: agents claim and finish processes; whoever may change data queues work.
    rules << rule(QStringLiteral("dn.subtree=\"ou=processes,%1\"").arg(n.base),
                  {Root, n.admin(Right::DomainContent) + QStringLiteral(" write"), n.agents() + QStringLiteral(" write"), panelWrite, adminsRead, none});
    // Agents report their own status and the apply state of any managed object.
    rules << rule(QStringLiteral("dn.children=\"%1\" attrs=ispmanAgentHeartbeat,ispmanAgentVersion,ispmanAgentQueueDepth,ispmanAgentFailures,ispmanAgentLastError,ispmanAgentState,ispmanAgentStarted").arg(n.hosts),
                  {Root, n.admin(Right::Hosts) + QStringLiteral(" write"), QStringLiteral("self write"), agentsRead, adminsRead, panelRead, none});
    rules << rule(QStringLiteral("attrs=ispmanApplyState,ispmanApplyMessage,ispmanAppliedAt"),
                  {Root, n.admin(Right::DomainContent) + QStringLiteral(" write"), n.agents() + QStringLiteral(" write"), QStringLiteral("* break")});

    // Administrators, configuration, counters, hosts, tenants.
    rules << rule(QStringLiteral("dn.subtree=\"%1\"").arg(n.admins),
                  {Root, n.admin(Right::Admins) + QStringLiteral(" write"), adminsRead, none});
    rules << rule(QStringLiteral("dn.subtree=\"ou=conf,%1\"").arg(n.base),
                  {Root, n.admin(Right::Configuration) + QStringLiteral(" write"), adminsRead, agentsRead, panelRead, none});
    rules << rule(QStringLiteral("dn.subtree=\"ou=counters,%1\"").arg(n.base),
                  {Root, n.admin(Right::DomainContent) + QStringLiteral(" write"), panelWrite, adminsRead, agentsRead, none});
    for (const QString &branch : {n.hosts, QStringLiteral("ou=hostgroups,") + n.base})
        rules << rule(QStringLiteral("dn.subtree=\"%1\"").arg(branch),
                      {Root, n.admin(Right::Hosts) + QStringLiteral(" write"), adminsRead, agentsRead, panelRead, none});
    rules << rule(QStringLiteral("dn.subtree=\"%1\"").arg(n.tenants),
                  {Root, n.admin(Right::Tenants) + QStringLiteral(" write"), adminsRead, panelWrite, QStringLiteral("self read"),
                   n.resellers() + QStringLiteral(" set=\"this/ispmanResellerId & user/ispmanResellerId\" read"), none});

    // Service accounts: their attributes only, then the rules below decide for everyone else.
    for (const ServiceAccount &s : serviceAccounts()) {
        const QString attrs = QStringLiteral("entry,objectClass,") + s.attributes.join(u',');
        if (s.domainData)
            rules << rule(n.domainSubtree() + QStringLiteral(" attrs=") + attrs,
                          {n.service(s.name) + QStringLiteral(" read"), QStringLiteral("* break")});
        if (s.dnsData)
            rules << rule(QStringLiteral("dn.subtree=\"ou=DNS,%1\" attrs=").arg(n.base) + attrs,
                          {n.service(s.name) + QStringLiteral(" read"), QStringLiteral("* break")});
    }

    // Domains with everything below them, and their zones: administrators and the panel write;
    // the owner, its client and its reseller read; a mail user reads its own entry.
    rules << rule(n.domainSubtree(),
                  {Root, n.admin(Right::DomainContent) + QStringLiteral(" write"), panelWrite, adminsRead, agentsRead,
                   QStringLiteral("dn.exact,expand=\"$2\" read"),
                   n.resellers() + QStringLiteral(" set.expand=\"[$2]/ispmanResellerId & user/ispmanResellerId\" read"),
                   n.clients() + QStringLiteral(" set.expand=\"[$2]/ispmanClientId & user/ispmanClientId\" read"),
                   QStringLiteral("self read"), none});
    rules << rule(n.zoneSubtree(),
                  {Root, n.admin(Right::DomainContent) + QStringLiteral(" write"), panelWrite, adminsRead, agentsRead,
                   QStringLiteral("dn.exact,expand=\"ispmandomain=$2,%1\" read").arg(n.base),
                   n.resellers() + QStringLiteral(" set.expand=\"[ispmandomain=$2,%1]/ispmanResellerId & user/ispmanResellerId\" read").arg(n.base),
                   n.clients() + QStringLiteral(" set.expand=\"[ispmandomain=$2,%1]/ispmanClientId & user/ispmanClientId\" read").arg(n.base),
                   none});
    // Everything else (ou=DNS itself and reverse zones, ou=services, ou=domainServices, ...).
    rules << rule(QStringLiteral("*"),
                  {Root, n.admin(Right::Hosts) + QStringLiteral(" write"), adminsRead, agentsRead, panelRead, QStringLiteral("self read"), none});
    return rules;
}

QString slapdAccessLdif(const QString &databaseDn, const QStringList &rules)
{
    QString out = QStringLiteral("dn: %1\nchangetype: modify\nreplace: olcAccess\n").arg(databaseDn);
    for (qsizetype i = 0; i < rules.size(); ++i)
        out += QStringLiteral("olcAccess: {%1}%2\n").arg(i).arg(rules.at(i));
    out += QStringLiteral("-\n");
    return out;
}

} // namespace Isp::Core::Acl
