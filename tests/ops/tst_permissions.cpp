// The permissions model enforced twice against a real slapd with the sample ISP: by the core
// operations (each role is refused what is not its own, with "not allowed" or, for other
// tenants' objects, "not found", and a refusal writes nothing), and by slapd's access rules
// generated from the same model (binding directly as each role: reseller, client, domain
// owner, mail user, administrators by level and by network, agent, service accounts).
#include "core/acl/acl.h"
#include "core/ops/aclops.h"
#include "core/ops/adminops.h"
#include "core/ops/confops.h"
#include "core/ops/databaseops.h"
#include "core/ops/dnsops.h"
#include "core/ops/domainops.h"
#include "core/ops/hostops.h"
#include "core/ops/permissions.h"
#include "core/ops/processops.h"
#include "core/ops/serviceops.h"
#include "core/ops/tenantops.h"
#include "core/ops/userops.h"
#include "tests/support/testdirectory.h"

#include <QTest>

using namespace Isp::Core;
using Isp::Test::TestDirectory;

namespace {

const QByteArray kResellerPw = "reseller-secret-1";
const QByteArray kClientPw = "client-secret-1";
const QByteArray kOwnerPw = "owner-secret-1";
const QByteArray kUserPw = "john-secret-1";
const QByteArray kAgentPw = "agent-secret-1";
const QByteArray kServicePw = "service-secret-1";
const QByteArray kAdminPw = "admin-secret-1";

QStringList names(const QList<Domain> &domains)
{
    QStringList out;
    for (const Domain &d : domains)
        out << d.name;
    return out;
}

} // namespace

class TestPermissions : public QObject
{
    Q_OBJECT

private:
    TestDirectory m_dir;
    std::unique_ptr<DirectorySession> m_admin;
    std::unique_ptr<DirectorySession> m_root;
    qint64 m_reseller2 = 0;
    qint64 m_client2 = 0;

    const Dit &dit() const { return m_admin->dit(); }
    LdapConnectionSettings as(const LdapDn &dn, const QByteArray &password)
    {
        LdapConnectionSettings s = m_dir->rootSettings();
        s.bindDn = dn.toString();
        s.password = password;
        s.autoReconnect = false;
        return s;
    }
    std::unique_ptr<DirectorySession> session(const LdapDn &dn, const QByteArray &password)
    {
        return std::make_unique<DirectorySession>(as(dn, password), dit());
    }
    std::unique_ptr<DirectorySession> anonymous()
    {
        LdapConnectionSettings s = m_dir->rootSettings();
        s.bindMethod = LdapConnectionSettings::BindMethod::Anonymous;
        s.bindDn.clear();
        s.password.clear();
        return std::make_unique<DirectorySession>(s, dit());
    }
    LdapDn adminDn(const QString &uid) const { return dit().admin(uid); }
    LdapDn hostDn(const QString &host) const { return dit().host(host); }
    LdapDn serviceDn(const QString &name) const { return dit().services().child(QStringLiteral("cn"), name); }
    LdapDn johnDn() const { return dit().user(QStringLiteral("example.com"), QStringLiteral("john_example_com")); }

    int entryCount()
    {
        auto all = m_root->find(dit().base(), LdapFilter(), {QStringLiteral("1.1")});
        return all.ok() ? int(all->size()) : -1;
    }
    // Whether `admin` is a member of the level group `level`, as root sees it.
    bool inGroup(int level, const QString &admin)
    {
        auto group = m_root->read(Acl::adminGroup(dit(), level), {QStringLiteral("member")});
        if (!group.ok() || !group->has_value())
            return false;
        for (const QString &m : (*group)->texts(QStringLiteral("member"))) {
            if (auto dn = LdapDn::parse(m); dn && *dn == adminDn(admin))
                return true;
        }
        return false;
    }
    QList<int> groupsOf(const QString &admin)
    {
        QList<int> out;
        for (const int l : Acl::adminGroupLevels()) {
            if (inGroup(l, admin))
                out << l;
        }
        return out;
    }
    // A change that needs level 70 (Right::Hosts), made by binding to LDAP directly.
    Result<LdapWriteResult> writeHost(DirectorySession &s, const QString &value)
    {
        return s.modify(hostDn(QStringLiteral("web1.example.net")), {LdapModification::replace(QStringLiteral("ispmanHostInfo"), value)});
    }
    // Names of the domain entries `s` can see by searching the directory itself.
    QStringList visibleDomains(DirectorySession &s)
    {
        auto found = s.find(dit().base(), LdapFilter::objectClass(QStringLiteral("ispmanDomain")), {QStringLiteral("ispmanDomain")});
        QStringList out;
        if (found.ok()) {
            for (const LdapEntry &e : std::as_const(*found))
                out << e.text(QStringLiteral("ispmanDomain"));
        }
        out.sort();
        return out;
    }
    bool canBind(const LdapDn &dn, const QByteArray &password, int *code = nullptr)
    {
        DirectorySession s(as(dn, password), dit());
        auto me = s.whoAmI();
        if (code)
            *code = me.ok() ? 0 : me.error().code();
        return me.ok();
    }
    static DomainOps::DomainSpec domainSpec(const QString &name)
    {
        DomainOps::DomainSpec d;
        d.name = name;
        return d;
    }
    static DnsRecord txt(const QString &name, const QString &value)
    {
        return DnsRecord{name, DnsRecordType::Txt, value, std::nullopt};
    }

private Q_SLOTS:
    void initTestCase()
    {
        ISP_START_DIRECTORY(m_dir, true);
        m_admin = std::make_unique<DirectorySession>(m_dir->adminSettings(), Dit(m_dir->base()));
        m_root = std::make_unique<DirectorySession>(m_dir->rootSettings(), Dit(m_dir->base()));
        DirectorySession &a = *m_admin;
        QVERIFY(TenantOps::setResellerPassword(a, 1, QString::fromUtf8(kResellerPw)).ok());
        QVERIFY(TenantOps::setClientPassword(a, 1, QString::fromUtf8(kClientPw)).ok());
        // A second tenant with a domain of its own.
        TenantOps::ResellerSpec r;
        r.name = QStringLiteral("Other Reseller");
        r.login = QStringLiteral("reseller2");
        r.password = QString::fromUtf8(kResellerPw);
        auto reseller = TenantOps::addReseller(a, r);
        QVERIFY2(reseller.ok(), qPrintable(reseller.error().message));
        m_reseller2 = reseller->id;
        TenantOps::ClientSpec c;
        c.resellerId = m_reseller2;
        c.name = QStringLiteral("Other Client");
        c.login = QStringLiteral("client2");
        c.password = QString::fromUtf8(kClientPw);
        auto client = TenantOps::addClient(a, c);
        QVERIFY2(client.ok(), qPrintable(client.error().message));
        m_client2 = client->id;
        DomainOps::DomainSpec d;
        d.name = QStringLiteral("other.test");
        d.clientId = QString::number(m_client2);
        auto other = DomainOps::add(a, d);
        QVERIFY2(other.ok(), qPrintable(other.error().message));
        QVERIFY(DomainOps::setPassword(a, QStringLiteral("example.com"), QString::fromUtf8(kOwnerPw)).ok());
        QVERIFY(DomainOps::setPassword(a, QStringLiteral("other.test"), QString::fromUtf8(kOwnerPw)).ok());
        auto pw = UserOps::setPassword(a, QStringLiteral("john@example.com"), QString::fromUtf8(kUserPw));
        QVERIFY2(pw.ok(), qPrintable(pw.error().message));
        QVERIFY(AdminOps::add(a, {QStringLiteral("helpdesk"), {}, {}, QStringLiteral("30"), QString::fromUtf8(kAdminPw), {}}).ok());
        QVERIFY(AdminOps::add(a, {QStringLiteral("operator"), {}, {}, QStringLiteral("70"), QString::fromUtf8(kAdminPw), {}}).ok());
        auto agent = HostOps::setPassword(a, QStringLiteral("web1.example.net"), QString::fromUtf8(kAgentPw));
        QVERIFY2(agent.ok(), qPrintable(agent.error().message));
        for (const QString &service : {QStringLiteral("panel"), QStringLiteral("postfix")}) {
            auto s = ServiceOps::setPassword(a, service, QString::fromUtf8(kServicePw));
            QVERIFY2(s.ok(), qPrintable(s.error().message));
        }
    }

    // --- core ---------------------------------------------------------------------------

    void resellerSeesOnlyItsOwn()
    {
        auto s = session(dit().reseller(1), kResellerPw);
        auto domains = DomainOps::list(*s);
        QVERIFY2(domains.ok(), qPrintable(domains.error().message));
        QCOMPARE(names(*domains), (QStringList{QStringLiteral("example.com"), QStringLiteral("example.net"), QStringLiteral("example.org")}));
        QCOMPARE(DomainOps::show(*s, QStringLiteral("other.test")).error().kind, OpError::Kind::NotFound);
        QCOMPARE(DnsOps::showZone(*s, QStringLiteral("other.test")).error().kind, OpError::Kind::NotFound);
        QVERIFY(DnsOps::showZone(*s, QStringLiteral("example.com")).ok());
        auto clients = TenantOps::listClients(*s);
        QVERIFY2(clients.ok(), qPrintable(clients.error().message));
        QCOMPARE(clients->size(), 1);
        QCOMPARE(clients->first().id, 1);
        QCOMPARE(TenantOps::showClient(*s, m_client2).error().kind, OpError::Kind::NotFound);
        QCOMPARE(TenantOps::listClients(*s, m_reseller2).error().kind, OpError::Kind::NotFound);
        auto resellers = TenantOps::listResellers(*s);
        QVERIFY(resellers.ok());
        QCOMPARE(resellers->size(), 1);
        QCOMPARE(TenantOps::addReseller(*s, {QStringLiteral("Mine"), {}, {}, {}, {}}).error().kind, OpError::Kind::NotAllowed);
        QCOMPARE(HostOps::add(*s, {QStringLiteral("evil.example.net"), {}, {}, {}, {}}).error().kind, OpError::Kind::NotAllowed);
    }

    void clientSeesOnlyItsOwn()
    {
        auto s = session(dit().client(1, 1), kClientPw);
        auto domains = DomainOps::list(*s);
        QVERIFY2(domains.ok(), qPrintable(domains.error().message));
        QCOMPARE(names(*domains), (QStringList{QStringLiteral("example.com"), QStringLiteral("example.net")}));
        QCOMPARE(DomainOps::show(*s, QStringLiteral("example.org")).error().kind, OpError::Kind::NotFound);
        QCOMPARE(TenantOps::listResellers(*s).error().kind, OpError::Kind::NotAllowed);
        auto clients = TenantOps::listClients(*s);
        QVERIFY(clients.ok());
        QCOMPARE(clients->size(), 1);
        TenantOps::ClientSpec c;
        c.resellerId = 1;
        c.name = QStringLiteral("Sub Client");
        QCOMPARE(TenantOps::addClient(*s, c).error().kind, OpError::Kind::NotAllowed);
    }

    void domainOwnerSeesOnlyItsDomain()
    {
        auto s = session(dit().domain(QStringLiteral("example.com")), kOwnerPw);
        auto domains = DomainOps::list(*s);
        QVERIFY2(domains.ok(), qPrintable(domains.error().message));
        QCOMPARE(names(*domains), QStringList{QStringLiteral("example.com")});
        auto zones = DnsOps::listZones(*s);
        QVERIFY(zones.ok());
        QCOMPARE(zones->size(), 1);
        QCOMPARE(zones->first().name, QStringLiteral("example.com"));
        QCOMPARE(DomainOps::show(*s, QStringLiteral("example.org")).error().kind, OpError::Kind::NotFound);
        QCOMPARE(DatabaseOps::list(*s, QStringLiteral("other.test")).error().kind, OpError::Kind::NotFound);
        DomainOps::DomainChange change;
        change.maxAccounts = QStringLiteral("-1");
        QCOMPARE(DomainOps::edit(*s, QStringLiteral("example.com"), change).error().kind, OpError::Kind::NotAllowed);
        QCOMPARE(ProcessOps::list(*s).error().kind, OpError::Kind::NotAllowed);
        QVERIFY(ProcessOps::list(*s, {{}, QStringLiteral("example.com"), {}}).ok());
    }

    void administratorLevels()
    {
        const int before = entryCount();
        auto helpdesk = session(adminDn(QStringLiteral("helpdesk")), kAdminPw);
        auto add = DomainOps::add(*helpdesk, domainSpec(QStringLiteral("helpdesk-made.test")));
        QCOMPARE(add.error().kind, OpError::Kind::NotAllowed);
        QVERIFY2(add.error().message.contains(QStringLiteral("level 70")), qPrintable(add.error().message));
        QCOMPARE(HostOps::add(*helpdesk, {QStringLiteral("h.example.net"), {}, {}, {}, {}}).error().kind, OpError::Kind::NotAllowed);
        QCOMPARE(ConfOps::set(*helpdesk, QStringLiteral("defaultMaxAccounts"), QStringLiteral("7")).error().kind, OpError::Kind::NotAllowed);
        QCOMPARE(AdminOps::add(*helpdesk, {QStringLiteral("sneaky"), {}, {}, QStringLiteral("10"), {}, {}}).error().kind, OpError::Kind::NotAllowed);
        QCOMPARE(entryCount(), before); // refusals write nothing
        auto record = DnsOps::addRecord(*helpdesk, QStringLiteral("example.com"), txt(QStringLiteral("helpdesk"), QStringLiteral("level 30 may")));
        QVERIFY2(record.ok(), qPrintable(record.error().message));

        auto op = session(adminDn(QStringLiteral("operator")), kAdminPw);
        auto made = DomainOps::add(*op, domainSpec(QStringLiteral("operator-made.test")));
        QVERIFY2(made.ok(), qPrintable(made.error().message));
        QCOMPARE(ConfOps::set(*op, QStringLiteral("defaultMaxAccounts"), QStringLiteral("7")).error().kind, OpError::Kind::NotAllowed);
    }

    void agentAndMailUserAndAnonymous()
    {
        auto agent = session(hostDn(QStringLiteral("web1.example.net")), kAgentPw);
        QVERIFY(ProcessOps::list(*agent).ok());
        QCOMPARE(DomainOps::setSuspended(*agent, QStringLiteral("example.com"), true).error().kind, OpError::Kind::NotAllowed);
        // A failed process of another host may not be retried by this agent; its own may.
        auto processes = ProcessOps::list(*m_admin);
        QVERIFY(processes.ok());
        QString mine, theirs;
        for (const Process &p : std::as_const(*processes)) {
            if (p.host == QLatin1String("web1.example.net") && mine.isEmpty())
                mine = QString::number(p.pid);
            else if (p.host != QLatin1String("web1.example.net") && theirs.isEmpty())
                theirs = QString::number(p.pid);
        }
        QVERIFY(!mine.isEmpty() && !theirs.isEmpty());
        for (const QString &pid : {mine, theirs})
            QVERIFY(m_root->modify(dit().process(pid.toLongLong()), {LdapModification::replace(QStringLiteral("ispmanStatus"), QStringLiteral("error"))}).ok());
        QCOMPARE(ProcessOps::retry(*agent, theirs).error().kind, OpError::Kind::NotAllowed);
        auto retried = ProcessOps::retry(*agent, mine);
        QVERIFY2(retried.ok(), qPrintable(retried.error().message));

        auto john = session(johnDn(), kUserPw);
        QCOMPARE(DomainOps::list(*john).error().kind, OpError::Kind::NotAllowed);
        auto anon = anonymous();
        QCOMPARE(DomainOps::list(*anon).error().kind, OpError::Kind::NotAllowed);
        QCOMPARE(HostOps::list(*anon).error().kind, OpError::Kind::NotAllowed);
    }

    void panelActsForDomainOwner()
    {
        auto panel = session(serviceDn(QStringLiteral("panel")), kServicePw);
        auto me = Permissions::actAs(*panel, dit().domain(QStringLiteral("example.com")));
        QVERIFY2(me.ok(), qPrintable(me.error().message));
        QCOMPARE(me->role, Acl::Role::DomainOwner);
        auto added = DnsOps::addRecord(*panel, QStringLiteral("example.com"), txt(QStringLiteral("owner"), QStringLiteral("from the panel")));
        QVERIFY2(added.ok(), qPrintable(added.error().message));
        const int before = entryCount();
        QCOMPARE(DnsOps::addRecord(*panel, QStringLiteral("other.test"), txt(QStringLiteral("evil"), QStringLiteral("x"))).error().kind,
                 OpError::Kind::NotFound);
        QCOMPARE(DomainOps::setSuspended(*panel, QStringLiteral("other.test"), true).error().kind, OpError::Kind::NotFound);
        QCOMPARE(entryCount(), before);
        // Only the panel, administrators and root may act for someone else.
        auto postfix = session(serviceDn(QStringLiteral("postfix")), kServicePw);
        QCOMPARE(Permissions::actAs(*postfix, dit().domain(QStringLiteral("example.com"))).error().kind, OpError::Kind::NotAllowed);
        auto john = session(johnDn(), kUserPw);
        QCOMPARE(Permissions::actAs(*john, dit().domain(QStringLiteral("example.com"))).error().kind, OpError::Kind::NotAllowed);
    }

    void panelActsForClient()
    {
        auto panel = session(serviceDn(QStringLiteral("panel")), kServicePw);
        QVERIFY(Permissions::actAs(*panel, dit().client(1, 1)).ok());
        auto added = DomainOps::add(*panel, domainSpec(QStringLiteral("client-made.test")));
        QVERIFY2(added.ok(), qPrintable(added.error().message));
        QCOMPARE(added->domain.clientId, 1);
        const int before = entryCount();
        DomainOps::DomainSpec limits;
        limits.name = QStringLiteral("client-unlimited.test");
        limits.maxAccounts = QStringLiteral("-1");
        QCOMPARE(DomainOps::add(*panel, limits).error().kind, OpError::Kind::NotAllowed);
        DomainOps::DomainSpec foreign;
        foreign.name = QStringLiteral("for-client2.test");
        foreign.clientId = QString::number(m_client2);
        QCOMPARE(DomainOps::add(*panel, foreign).error().kind, OpError::Kind::NotAllowed);
        QCOMPARE(entryCount(), before);
    }

    // --- slapd: binding directly as each role --------------------------------------------

    void directResellerAndClient()
    {
        auto reseller = session(dit().reseller(1), kResellerPw);
        // (Other tests may have added domains for client 1: compare with core's own list.)
        const QStringList resellers = visibleDomains(*reseller);
        QVERIFY(resellers.contains(QStringLiteral("example.org")) && resellers.contains(QStringLiteral("example.com")));
        QVERIFY(!resellers.contains(QStringLiteral("other.test")));
        QCOMPARE(resellers, names(*DomainOps::list(*reseller)));
        auto zone = reseller->read(dit().zone(QStringLiteral("example.com")), {QStringLiteral("sOARecord")});
        QVERIFY(zone.ok() && zone->has_value());
        auto otherZone = reseller->read(dit().zone(QStringLiteral("other.test")), {QStringLiteral("sOARecord")});
        QVERIFY(!otherZone.ok() || !otherZone->has_value());
        auto write = reseller->modify(dit().domain(QStringLiteral("example.com")),
                                      {LdapModification::replace(QStringLiteral("ispmanDomainComment"), QStringLiteral("direct"))});
        QVERIFY(!write.ok());
        QCOMPARE(write.error().code(), LdapCode::InsufficientAccess);
        auto client = session(dit().client(1, 1), kClientPw);
        const QStringList clients = visibleDomains(*client);
        QVERIFY(clients.contains(QStringLiteral("example.com")));
        QVERIFY(!clients.contains(QStringLiteral("example.org")) && !clients.contains(QStringLiteral("other.test")));
        QCOMPARE(clients, names(*DomainOps::list(*client)));
        auto client2 = session(dit().client(m_reseller2, m_client2), kClientPw);
        QCOMPARE(visibleDomains(*client2), QStringList{QStringLiteral("other.test")});
    }

    void directDomainOwnerAndMailUser()
    {
        auto owner = session(dit().domain(QStringLiteral("example.com")), kOwnerPw);
        QCOMPARE(visibleDomains(*owner), QStringList{QStringLiteral("example.com")});
        auto users = owner->find(dit().users(QStringLiteral("example.com")), LdapFilter::objectClass(QStringLiteral("ispmanDomainUser")));
        QVERIFY(users.ok());
        QVERIFY(users->size() >= 2);
        auto foreignUsers = owner->find(dit().users(QStringLiteral("example.org")), LdapFilter::objectClass(QStringLiteral("ispmanDomainUser")));
        QVERIFY(!foreignUsers.ok() || foreignUsers->isEmpty());
        auto write = owner->modify(johnDn(), {LdapModification::replace(QStringLiteral("givenName"), QStringLiteral("Evil"))});
        QVERIFY(!write.ok());
        QCOMPARE(write.error().code(), LdapCode::InsufficientAccess);
        // Its own password it may change.
        QVERIFY(owner->passwordModify(dit().domain(QStringLiteral("example.com")), kOwnerPw, QByteArray("owner-secret-2")).ok());
        QVERIFY(canBind(dit().domain(QStringLiteral("example.com")), "owner-secret-2"));
        QVERIFY(DomainOps::setPassword(*m_admin, QStringLiteral("example.com"), QString::fromUtf8(kOwnerPw)).ok());

        auto john = session(johnDn(), kUserPw);
        auto self = john->read(johnDn(), {QStringLiteral("mailLocalAddress")});
        QVERIFY(self.ok() && self->has_value());
        auto jane = john->read(dit().user(QStringLiteral("example.com"), QStringLiteral("jane_example_com")), {QStringLiteral("mailLocalAddress")});
        QVERIFY(!jane.ok() || !jane->has_value());
        QVERIFY(visibleDomains(*john).isEmpty());
    }

    void directAdministratorsAgentsServices()
    {
        auto helpdesk = session(adminDn(QStringLiteral("helpdesk")), kAdminPw);
        QVERIFY(helpdesk->modify(johnDn(), {LdapModification::replace(QStringLiteral("givenName"), QStringLiteral("Johnny"))}).ok());
        auto hostWrite = helpdesk->modify(hostDn(QStringLiteral("web1.example.net")), {LdapModification::replace(QStringLiteral("ispmanHostInfo"), QStringLiteral("x"))});
        QVERIFY(!hostWrite.ok());
        QCOMPARE(hostWrite.error().code(), LdapCode::InsufficientAccess);
        auto confWrite = helpdesk->modify(dit().admins(), {LdapModification::replace(QStringLiteral("description"), QStringLiteral("x"))});
        QVERIFY(!confWrite.ok());

        auto agent = session(hostDn(QStringLiteral("web1.example.net")), kAgentPw);
        QVERIFY(agent->read(johnDn(), {QStringLiteral("homeDirectory")})->has_value());
        auto agentWrite = agent->modify(dit().domain(QStringLiteral("example.com")), {LdapModification::replace(QStringLiteral("ispmanDomainComment"), QStringLiteral("x"))});
        QVERIFY(!agentWrite.ok());
        QVERIFY(agent->modify(hostDn(QStringLiteral("web1.example.net")), {LdapModification::replace(QStringLiteral("ispmanAgentState"), QStringLiteral("running"))}).ok());
        QVERIFY(!agent->modify(hostDn(QStringLiteral("mail1.example.net")), {LdapModification::replace(QStringLiteral("ispmanAgentState"), QStringLiteral("running"))}).ok());

        auto postfix = session(serviceDn(QStringLiteral("postfix")), kServicePw);
        auto seen = postfix->read(johnDn(), {QStringLiteral("*")});
        QVERIFY(seen.ok() && seen->has_value());
        QVERIFY((*seen)->hasAttribute(QStringLiteral("mailLocalAddress")));
        QVERIFY(!(*seen)->hasAttribute(QStringLiteral("userPassword")));
        QVERIFY(!(*seen)->hasAttribute(QStringLiteral("givenName"))); // not an attribute Postfix needs
        auto admins = postfix->find(dit().admins(), LdapFilter::objectClass(QStringLiteral("ispmanSysadmin")));
        QVERIFY(!admins.ok() || admins->isEmpty());
        QVERIFY(!postfix->modify(johnDn(), {LdapModification::replace(QStringLiteral("mailHost"), QStringLiteral("evil.example.net"))}).ok());

        auto anon = anonymous();
        QVERIFY(visibleDomains(*anon).isEmpty());
    }

    void suspendedCannotBind()
    {
        QVERIFY(canBind(dit().reseller(m_reseller2), kResellerPw));
        QVERIFY(TenantOps::setResellerStatus(*m_admin, m_reseller2, TenantStatus::Suspended).ok());
        int code = 0;
        QVERIFY(!canBind(dit().reseller(m_reseller2), kResellerPw, &code));
        QCOMPARE(code, LdapCode::InvalidCredentials);
        QVERIFY(TenantOps::setResellerStatus(*m_admin, m_reseller2, TenantStatus::Active).ok());
        QVERIFY(canBind(dit().reseller(m_reseller2), kResellerPw));

        QVERIFY(UserOps::setSuspended(*m_admin, QStringLiteral("john@example.com"), true).ok());
        QVERIFY(!canBind(johnDn(), kUserPw));
        QVERIFY(UserOps::setSuspended(*m_admin, QStringLiteral("john@example.com"), false).ok());
        QVERIFY(canBind(johnDn(), kUserPw));
    }

    void administratorNetworks()
    {
        QVERIFY(AdminOps::add(*m_admin, {QStringLiteral("remote"), {}, {}, QStringLiteral("100"), QString::fromUtf8(kAdminPw),
                                         {QStringLiteral("192.0.2.0/24")}}).ok());
        LdapConnectionSettings config;
        config.uris = {m_dir->ldapiUri()};
        config.bindMethod = LdapConnectionSettings::BindMethod::SaslExternal;
        DirectorySession configSession(config, dit());
        auto apply = [&] {
            auto rules = AclOps::generate(*m_admin);
            QVERIFY2(rules.ok(), qPrintable(rules.error().message));
            auto applied = AclOps::apply(configSession, dit().base(), *rules);
            QVERIFY2(applied.ok(), qPrintable(applied.error().message));
        };
        apply();
        int code = 0;
        QVERIFY(!canBind(adminDn(QStringLiteral("remote")), kAdminPw, &code)); // tests connect from 127.0.0.1
        QCOMPARE(code, LdapCode::InvalidCredentials);
        QVERIFY(canBind(adminDn(QStringLiteral("helpdesk")), kAdminPw)); // others are not affected
        AdminOps::AdminChange change;
        change.networks = QStringList{QStringLiteral("127.0.0.0/8"), QStringLiteral("::1")};
        QVERIFY(AdminOps::edit(*m_admin, QStringLiteral("remote"), change).ok());
        apply();
        QVERIFY(canBind(adminDn(QStringLiteral("remote")), kAdminPw));
    }

    void rulesUseGroupsNotLevelSets()
    {
        const QStringList rules = Acl::slapdAccessRules(dit().base());
        const QString all = rules.join(u'\n');
        QVERIFY(!all.contains(QStringLiteral("ispmanSysadminLevel")));
        QCOMPARE(Acl::adminGroupLevels(), (QList<int>{30, 70, 100}));
        for (const int l : Acl::adminGroupLevels())
            QVERIFY2(all.contains(QStringLiteral("group.exact=\"%1\"").arg(Acl::adminGroup(dit(), l).normalized())), qPrintable(all));
        // The bootstrap administrator is in every group; the groups hold themselves as placeholder.
        QCOMPARE(groupsOf(QStringLiteral("ispman")), (QList<int>{30, 70, 100}));
        QCOMPARE(groupsOf(QStringLiteral("helpdesk")), (QList<int>{30}));
        QCOMPARE(groupsOf(QStringLiteral("operator")), (QList<int>{30, 70}));
    }

    void levelGroupsFollowTheLevel()
    {
        QVERIFY(AdminOps::add(*m_admin, {QStringLiteral("riser"), {}, {}, QStringLiteral("30"), QString::fromUtf8(kAdminPw), {}}).ok());
        QCOMPARE(groupsOf(QStringLiteral("riser")), (QList<int>{30}));
        auto riser = session(adminDn(QStringLiteral("riser")), kAdminPw);
        auto refused = writeHost(*riser, QStringLiteral("riser at 30"));
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code(), LdapCode::InsufficientAccess); // slapd, not core
        QVERIFY(riser->modify(johnDn(), {LdapModification::replace(QStringLiteral("givenName"), QStringLiteral("J"))}).ok());

        AdminOps::AdminChange up;
        up.level = QStringLiteral("70");
        auto raised = AdminOps::edit(*m_admin, QStringLiteral("riser"), up);
        QVERIFY2(raised.ok(), qPrintable(raised.error().message));
        QCOMPARE(groupsOf(QStringLiteral("riser")), (QList<int>{30, 70}));
        auto allowed = writeHost(*riser, QStringLiteral("riser at 70")); // same connection: at once
        QVERIFY2(allowed.ok(), qPrintable(allowed.error().toString()));
        QVERIFY(!riser->modify(dit().admins(), {LdapModification::replace(QStringLiteral("description"), QStringLiteral("x"))}).ok());

        AdminOps::AdminChange down;
        down.level = QStringLiteral("10");
        QVERIFY(AdminOps::edit(*m_admin, QStringLiteral("riser"), down).ok());
        QVERIFY(groupsOf(QStringLiteral("riser")).isEmpty());
        QCOMPARE(writeHost(*riser, QStringLiteral("riser at 10")).error().code(), LdapCode::InsufficientAccess);
        QVERIFY(riser->read(johnDn(), {QStringLiteral("uid")})->has_value()); // any administrator reads

        up.level = QStringLiteral("100");
        QVERIFY(AdminOps::edit(*m_admin, QStringLiteral("riser"), up).ok());
        QCOMPARE(groupsOf(QStringLiteral("riser")), (QList<int>{30, 70, 100}));
        // Level 100 may change the groups; a lower level may not (rule of ou=admins).
        auto op = session(adminDn(QStringLiteral("operator")), kAdminPw);
        auto sneak = op->modify(Acl::adminGroup(dit(), 100), {LdapModification::add(QStringLiteral("member"), {adminDn(QStringLiteral("operator")).toString().toUtf8()})});
        QCOMPARE(sneak.error().code(), LdapCode::InsufficientAccess);

        auto removed = AdminOps::remove(*m_admin, QStringLiteral("riser"));
        QVERIFY2(removed.ok(), qPrintable(removed.error().message));
        QVERIFY(groupsOf(QStringLiteral("riser")).isEmpty());
        QCOMPARE(groupsOf(QStringLiteral("ispman")), (QList<int>{30, 70, 100}));
    }

    void groupFailureWritesNothing()
    {
        // A level-70 group that refuses members: adding a level-70 administrator fails and leaves
        // neither the administrator nor its level-30 membership behind.
        const LdapDn group70 = Acl::adminGroup(dit(), 70);
        QVERIFY(m_root->remove(group70).ok());
        LdapEntry broken(group70);
        broken.setValues(QStringLiteral("objectClass"), {QByteArrayLiteral("applicationProcess")});
        broken.setText(QStringLiteral("cn"), QStringLiteral("level-70"));
        QVERIFY(m_root->add(broken).ok());
        const int before = entryCount();
        auto add = AdminOps::add(*m_admin, {QStringLiteral("halfway"), {}, {}, QStringLiteral("70"), QString::fromUtf8(kAdminPw), {}});
        QVERIFY(!add.ok());
        QCOMPARE(entryCount(), before);
        QVERIFY(!m_root->read(adminDn(QStringLiteral("halfway")), {QStringLiteral("1.1")})->has_value());
        QVERIFY(!inGroup(30, QStringLiteral("halfway")));

        // repairGroups (run by `ispman acl apply`) recreates a missing group from the levels and
        // puts back memberships changed behind ISPMan's back.
        QVERIFY(m_root->remove(group70).ok());
        QVERIFY(m_root->modify(Acl::adminGroup(dit(), 30), {LdapModification::remove(QStringLiteral("member"), {adminDn(QStringLiteral("helpdesk")).toString().toUtf8()})}).ok());
        auto repaired = AdminOps::repairGroups(*m_admin);
        QVERIFY2(repaired.ok(), qPrintable(repaired.error().message));
        QCOMPARE(repaired->createdGroups, QStringList{group70.toString()});
        QCOMPARE(groupsOf(QStringLiteral("helpdesk")), (QList<int>{30}));
        QCOMPARE(groupsOf(QStringLiteral("operator")), (QList<int>{30, 70}));
        QCOMPARE(groupsOf(QStringLiteral("ispman")), (QList<int>{30, 70, 100}));
        auto again = AdminOps::repairGroups(*m_admin);
        QVERIFY(again.ok() && again->createdGroups.isEmpty() && again->membershipsChanged == 0);
        auto op = session(adminDn(QStringLiteral("operator")), kAdminPw);
        QVERIFY(writeHost(*op, QStringLiteral("operator after repair")).ok());
        // Refused for lower levels.
        auto helpdesk = session(adminDn(QStringLiteral("helpdesk")), kAdminPw);
        QCOMPARE(AdminOps::repairGroups(*helpdesk).error().kind, OpError::Kind::NotAllowed);
    }
};

QTEST_GUILESS_MAIN(TestPermissions)
#include "tst_permissions.moc"
