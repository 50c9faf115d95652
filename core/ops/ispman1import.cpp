#include "core/ops/ispman1import.h"

#include "core/ldap/ldif.h"
#include "core/model/dnsrecord.h"
#include "core/ops/permissions.h"
#include "core/ops/adminops.h"
#include "core/ops/databaseops.h"
#include "core/ops/dnsops.h"
#include "core/ops/domainops.h"
#include "core/ops/hostops.h"
#include "core/ops/mailgroupops.h"
#include "core/ops/tenantops.h"
#include "core/ops/userops.h"
#include "core/ops/vhostops.h"
#include "core/ops/zonefile.h"
#include "core/validation/apacheextraconf.h"
#include "core/validation/apacheoptions.h"
#include "core/validation/database.h"
#include "core/validation/dnsrecordtype.h"
#include "core/validation/ipaddress.h"
#include "core/validation/number.h"
#include "core/validation/relativepath.h"

#include <QHash>
#include <QJsonArray>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSet>

#include <functional>
#include <optional>

namespace Isp::Core::Ispman1Import {

namespace {

// One record of the export and where it sits below the 1.x base: `rel` holds its RDNs from the
// base downwards ("ou=users", "uid=john_example_com" for a user of example.com below its domain).
struct Src
{
    LdapEntry e;
    qsizetype line = 0;
    QList<LdapRdn> rel;

    [[nodiscard]] QString relAttr(qsizetype i) const { return i < rel.size() ? rel.at(i).first().type : QString(); }
    [[nodiscard]] QString relValue(qsizetype i) const { return i < rel.size() ? rel.at(i).first().value : QString(); }
    [[nodiscard]] bool relIs(qsizetype i, QLatin1StringView attr) const
    {
        return relAttr(i).compare(attr, Qt::CaseInsensitive) == 0;
    }
    [[nodiscard]] QString t(const char *attr) const { return e.text(QLatin1StringView(attr)).trimmed(); }
    [[nodiscard]] QStringList ts(const char *attr) const
    {
        QStringList out;
        for (const QString &v : e.texts(QLatin1StringView(attr))) {
            if (!v.trimmed().isEmpty())
                out << v.trimmed();
        }
        return out;
    }
};

// Attributes whose values are not carried over although their meaning is: the reason is the same
// wherever they occur.
QString droppedReason(const QString &attribute)
{
    static const QHash<QString, QString> reasons = {
        {QStringLiteral("uidnumber"), QStringLiteral("a new uidNumber is allocated; files on the hosts keep the old owner "
                                                     "until they are moved or chowned")},
        {QStringLiteral("gidnumber"), QStringLiteral("a new gidNumber is allocated; files on the hosts keep the old group "
                                                     "until they are moved or chowned")},
        {QStringLiteral("homedirectory"), QStringLiteral("derived from defaultHomeDirectoryPath here")},
        {QStringLiteral("loginshell"), QStringLiteral("set from the configuration (loginShell, domainShell)")},
        {QStringLiteral("destinationaddress"), QStringLiteral("1.x's FTP proxy routing is not used")},
        {QStringLiteral("destinationport"), QStringLiteral("1.x's FTP proxy routing is not used")},
        {QStringLiteral("dialupaccess"), QStringLiteral("RADIUS is not managed")},
        {QStringLiteral("radiusprofiledn"), QStringLiteral("RADIUS is not managed")},
        {QStringLiteral("mailroutingaddress"), QStringLiteral("derived from the mail host")},
        {QStringLiteral("ispmancontrolpanelpassword"), QStringLiteral("unused since 1.x 0.9")},
        {QStringLiteral("ispmandomainlockedby"), QStringLiteral("the lock is taken anew by the import")},
        {QStringLiteral("ispmancreatetimestamp"), QStringLiteral("set anew when the object is created")},
        {QStringLiteral("ispmanvhostlogdir"), QStringLiteral("set from apacheLogsDirectory here")},
        {QStringLiteral("ispmanvhoststatdir"), QStringLiteral("set from apacheStatDirectory here")},
        {QStringLiteral("ispmanvhoststats"), QStringLiteral("follows the website's statdir feature here")},
        {QStringLiteral("amavisaccount"), QStringLiteral("amavis settings are not managed")},
    };
    const QString key = attribute.toLower();
    if (reasons.contains(key))
        return reasons.value(key);
    if (key.startsWith(u"amavis"))
        return QStringLiteral("amavis settings are not managed");
    return QStringLiteral("no counterpart in this ISPMan");
}

// A 1.x domain service as it is named here: 1.x called the web service "http".
QString serviceName(const QString &name)
{
    const QString n = name.trimmed().toLower();
    return n == u"http" ? QStringLiteral("web") : n;
}

enum class PasswordKind { None, Plain, Hash, Unsupported };

struct Password
{
    PasswordKind kind = PasswordKind::None;
    QByteArray value;
    QString scheme;
};

// Schemes slapd verifies without extra modules ({CRYPT} through the system's crypt(3)).
Password passwordOf(const LdapEntry &e)
{
    const QByteArray v = e.value(QStringLiteral("userPassword"));
    if (v.isEmpty())
        return {};
    if (v.startsWith('{')) {
        const qsizetype close = v.indexOf('}');
        if (close > 1) {
            const QString scheme = QString::fromLatin1(v.mid(1, close - 1)).toUpper();
            // 1.x with userPassHashMethod=clear: the password itself, behind a marker slapd does
            // not know. It is set through Password Modify, so slapd hashes it.
            if (scheme == u"CLEAR" || scheme == u"CLEARTEXT")
                return {PasswordKind::Plain, v.mid(close + 1), {}};
            static const QStringList verifiable = {QStringLiteral("CRYPT"), QStringLiteral("MD5"), QStringLiteral("SMD5"),
                                                   QStringLiteral("SHA"), QStringLiteral("SSHA")};
            if (verifiable.contains(scheme))
                return {PasswordKind::Hash, v, scheme};
            return {PasswordKind::Unsupported, v, scheme};
        }
    }
    return {PasswordKind::Plain, v, {}};
}

// A 1.x TXT value: quoted character-strings as in a zone file, or (as 1.x stored most of them)
// the bare text, which becomes one string (split at 255 bytes).
std::optional<QString> txtValue(const QString &stored)
{
    if (stored.startsWith(u'"')) {
        auto strings = parseDnsCharacterStrings(stored);
        if (!strings)
            return std::nullopt;
        return printDnsCharacterStrings(*strings, false);
    }
    const QByteArray bytes = stored.toUtf8();
    QList<QByteArray> strings;
    for (qsizetype i = 0; i < bytes.size(); i += 255)
        strings << bytes.mid(i, 255);
    if (strings.isEmpty())
        strings << QByteArray();
    return printDnsCharacterStrings(strings, false);
}

// The record types of 1.x's branch layout, by the attribute that names a value container
// ("aRecord=192.0.2.10") or a type container ("ou=aRecord"); 1.x spelled some of them in lower case.
std::optional<DnsRecordType> recordTypeOf(const QString &name)
{
    const QString n = name.toLower();
    if (n == u"arecord")
        return DnsRecordType::A;
    if (n == u"aaaarecord")
        return DnsRecordType::Aaaa;
    if (n == u"mxrecord")
        return DnsRecordType::Mx;
    if (n == u"nsrecord")
        return DnsRecordType::Ns;
    if (n == u"cnamerecord")
        return DnsRecordType::Cname;
    if (n == u"txtrecord")
        return DnsRecordType::Txt;
    if (n == u"ptrrecord")
        return DnsRecordType::Ptr;
    if (n == u"srvrecord")
        return DnsRecordType::Srv;
    return std::nullopt;
}

struct ZoneData
{
    QString name;
    std::optional<DnsSoa> soa;
    const Src *soaSource = nullptr;
    std::optional<int> soaTtl; // the SOA entry's dNSTTL: the zone's TTL
    QList<QPair<DnsRecord, const Src *>> records;
};

class Importer
{
public:
    Importer(DirectorySession &s, const Options &o) : m_s(s), m_o(o) { m_r.dryRun = o.dryRun; }

    OpResult<Report> run(const QByteArray &ldif)
    {
        auto parsed = Ldif::parseRecords(ldif);
        if (!parsed.ok())
            return OpError::invalid(QStringLiteral("file"), QStringLiteral("file: %1").arg(parsed.error().toString()));
        if (auto r = classify(*parsed); !r.ok())
            return r.error();
        auto svc = m_s.find(m_s.dit().domainServices(), LdapFilter::objectClass(QStringLiteral("ispmanDomainService")),
                            {QStringLiteral("ispmanDomainServiceName")}, LdapScope::OneLevel);
        if (!svc.ok())
            return OpError::directory(svc.error());
        for (const LdapEntry &e : *svc)
            m_services.insert(e.text(QStringLiteral("ispmanDomainServiceName")).toLower());

        for (const Src &x : std::as_const(m_hosts))
            host(x);
        for (const Src &x : std::as_const(m_groups))
            hostGroup(x);
        for (const Src &x : std::as_const(m_domainServices))
            domainService(x);
        for (const Src &x : std::as_const(m_resellers))
            reseller(x);
        for (const Src &x : std::as_const(m_clients))
            client(x);
        // Masters before the replicas that point at them.
        for (const Src &x : std::as_const(m_domains)) {
            if (x.t("ispmanDomainType").compare(QLatin1StringView("replica"), Qt::CaseInsensitive) != 0)
                domain(x);
        }
        for (const Src &x : std::as_const(m_domains)) {
            if (x.t("ispmanDomainType").compare(QLatin1StringView("replica"), Qt::CaseInsensitive) == 0)
                domain(x);
        }
        for (const Src &x : std::as_const(m_users))
            user(x);
        for (const Src &x : std::as_const(m_mailGroups))
            mailGroup(x);
        for (const Src &x : std::as_const(m_webUsers))
            webUser(x);
        // The zones before the websites: a new zone becomes 1.x's zone as a whole, and the records
        // a website implies are then found in it.
        dns();
        for (const Src &x : std::as_const(m_vhosts))
            vhost(x);
        for (const Src &x : std::as_const(m_vhostAliases))
            vhostAlias(x);
        for (const Src &x : std::as_const(m_redirects))
            redirect(x);
        for (const Src &x : std::as_const(m_protections))
            protection(x);
        for (const Src &x : std::as_const(m_databases))
            database(x);
        for (const Src &x : std::as_const(m_admins))
            admin(x);
        // Suspensions and locks last, inner objects first (a website before its domain, a domain
        // before its client): each refuses new content below it.
        for (auto it = m_finally.crbegin(); it != m_finally.crend(); ++it)
            (*it)();
        return m_r;
    }

private:
    // --- Report -----------------------------------------------------------------------------------
    void unmapped(const Src &x, const QString &attribute, const QString &reason)
    {
        m_r.unmapped << Item{QString(), QString(), x.e.dn().toString(), x.line, attribute, reason};
    }
    void created(const QString &kind, const QString &name, const Src &x)
    {
        m_r.created[kind] += 1;
        m_r.createdItems << Item{kind, name, x.e.dn().toString(), x.line, QString(), QString()};
    }
    void skipped(const QString &kind, const QString &name, const Src &x, const QString &reason)
    {
        m_r.skipped << Item{kind, name, x.e.dn().toString(), x.line, QString(), reason};
    }
    void failed(const QString &kind, const QString &name, const Src &x, const OpError &error)
    {
        m_r.failed << Item{kind, name, x.e.dn().toString(), x.line, QString(), error.toString()};
    }
    // Every attribute of the entry that the handler did not use is reported.
    void rest(const Src &x, const QStringList &used)
    {
        for (const QString &a : x.e.attributeNames()) {
            if (a.compare(QLatin1StringView("objectClass"), Qt::CaseInsensitive) == 0)
                continue;
            if (used.contains(a, Qt::CaseInsensitive))
                continue;
            unmapped(x, a, droppedReason(a));
        }
    }
    // Sets the object's password after it was created: plain text through the operation (Password
    // Modify: slapd hashes it), a hash slapd can verify as the userPassword value itself.
    void password(const Src &x, const LdapDn &dn, const std::function<OpResult<Done>(const QString &)> &setPlain)
    {
        const Password pw = passwordOf(x.e);
        if (x.e.values(QStringLiteral("userPassword")).size() > 1)
            unmapped(x, QStringLiteral("userPassword"), QStringLiteral("only the first of several passwords is carried over"));
        switch (pw.kind) {
        case PasswordKind::None:
            return;
        case PasswordKind::Unsupported:
            unmapped(x, QStringLiteral("userPassword"),
                     QStringLiteral("the password scheme {%1} cannot be verified by slapd; set a new password").arg(pw.scheme));
            return;
        case PasswordKind::Plain:
            if (!m_o.dryRun) {
                auto r = setPlain(QString::fromUtf8(pw.value));
                if (!r.ok())
                    unmapped(x, QStringLiteral("userPassword"),
                             QStringLiteral("the password was refused (%1); set a new one").arg(r.error().toString()));
            }
            return;
        case PasswordKind::Hash:
            if (!m_o.dryRun) {
                auto r = m_s.modify(dn, {LdapModification::replace(QStringLiteral("userPassword"), QList<QByteArray>{pw.value})});
                if (!r.ok())
                    unmapped(x, QStringLiteral("userPassword"),
                             QStringLiteral("the {%1} hash could not be stored (%2)").arg(pw.scheme, r.error().toString()));
            }
            return;
        }
    }

    // --- Sorting the file -------------------------------------------------------------------------
    OpResult<Done> classify(const QList<LdifRecord> &records)
    {
        // The base: the parent of the 1.x branches and domains.
        QHash<QString, int> votes;
        QHash<QString, LdapDn> bases;
        static const QStringList branches = {QStringLiteral("hosts"), QStringLiteral("hostgroups"), QStringLiteral("DNS"),
                                             QStringLiteral("admins"), QStringLiteral("ispman"), QStringLiteral("conf"),
                                             QStringLiteral("counters"), QStringLiteral("processes")};
        for (const LdifRecord &r : records) {
            // The nearest domain or branch at or above the entry: an export of part of the tree
            // (ldapsearch -b ou=hosts,...) need not hold the containers themselves.
            for (LdapDn dn = r.entry.dn(); dn.depth() > 1; dn = dn.parent()) {
                const bool domain = dn.rdnAttribute().compare(QLatin1StringView("ispmanDomain"), Qt::CaseInsensitive) == 0;
                const bool branch = dn.rdnAttribute().compare(QLatin1StringView("ou"), Qt::CaseInsensitive) == 0
                    && branches.contains(dn.rdnValue(), Qt::CaseInsensitive);
                if (domain || branch) {
                    const LdapDn parent = dn.parent();
                    votes[parent.normalized()] += 1;
                    bases.insert(parent.normalized(), parent);
                    break;
                }
            }
        }
        if (votes.isEmpty())
            return OpError::invalid(QStringLiteral("file"),
                                    QStringLiteral("file: no ISPMan 1.x data found (no ispmanDomain=..., ou=hosts, ou=DNS ... "
                                                   "entries)"));
        QString best;
        for (auto it = votes.cbegin(); it != votes.cend(); ++it) {
            if (best.isEmpty() || it.value() > votes.value(best))
                best = it.key();
        }
        const LdapDn base = bases.value(best);
        m_r.sourceBase = base.toString();

        for (const LdifRecord &r : records) {
            Src x{r.entry, r.line, {}};
            if (r.entry.dn() == base)
                continue;
            if (!r.entry.dn().isDescendantOf(base)) {
                unmapped(x, QString(), QStringLiteral("outside the 1.x base %1").arg(base.toString()));
                continue;
            }
            const QList<LdapRdn> &rdns = r.entry.dn().rdns();
            for (qsizetype i = rdns.size() - base.depth() - 1; i >= 0; --i)
                x.rel << rdns.at(i);
            sort(x);
        }
        return Done{};
    }

    void sort(const Src &x)
    {
        const qsizetype n = x.rel.size();
        const QString top = x.relValue(0).toLower();
        if (x.relIs(0, QLatin1StringView("ispmanDomain"))) {
            sortDomainPart(x);
            return;
        }
        if (!x.relIs(0, QLatin1StringView("ou"))) {
            unmapped(x, QString(), QStringLiteral("not part of the 1.x layout"));
            return;
        }
        if (n == 1)
            return; // the branch containers exist here already
        if (top == u"hosts" && n == 2 && x.relIs(1, QLatin1StringView("ispmanHostName")))
            m_hosts << x;
        else if (top == u"hostgroups" && n == 2 && x.relIs(1, QLatin1StringView("ispmanHostGroupName")))
            m_groups << x;
        else if (top == u"admins" && n == 2 && x.relIs(1, QLatin1StringView("uid")))
            m_admins << x;
        else if (top == u"ispman" && n == 2 && x.relIs(1, QLatin1StringView("ispmanResellerId")))
            m_resellers << x;
        else if (top == u"ispman" && n == 3 && x.relIs(2, QLatin1StringView("ispmanClientId")))
            m_clients << x;
        else if (top == u"domainservices" && n == 2)
            m_domainServices << x;
        else if (top == u"dns") {
            if (x.e.hasObjectClass(QStringLiteral("dNSZone")))
                m_dns << x;
            // dc=... label and ou=<type>/<type>=<value> containers: the layout, nothing to carry over
        } else if (top == u"processes")
            unmapped(x, QString(), QStringLiteral("1.x's queued work is not carried over (the import queues its own)"));
        else if (top == u"conf")
            unmapped(x, QString(),
                     QStringLiteral("1.x configuration is not carried over; set what differs with `ispman conf set`"));
        else if (top == u"counters")
            unmapped(x, QString(), QStringLiteral("not needed: numbers are allocated here, skipping those in use"));
        else if (top == u"pabs")
            unmapped(x, QString(), QStringLiteral("address books are not managed"));
        else if (top == u"radiusprofiles")
            unmapped(x, QString(), QStringLiteral("RADIUS is not managed"));
        else
            unmapped(x, QString(), QStringLiteral("not part of the 1.x layout"));
    }

    void sortDomainPart(const Src &x)
    {
        const qsizetype n = x.rel.size();
        if (n == 1) {
            m_domains << x;
            m_domainNames.insert(x.relValue(0).toLower());
            return;
        }
        const QString sub = x.relValue(1).toLower();
        if (n == 2 && x.relIs(1, QLatin1StringView("cn")) && x.e.hasObjectClass(QStringLiteral("posixGroup")))
            return; // the domain's group: made with the domain, its members with the users
        if (!x.relIs(1, QLatin1StringView("ou"))) {
            unmapped(x, QString(), QStringLiteral("not part of the 1.x layout"));
            return;
        }
        if (n == 2)
            return; // ou=users, ou=httpdata, ...: made with the domain
        if (sub == u"users" && n == 3)
            m_users << x;
        else if (sub == u"ispmanmailgroup" && n == 3)
            m_mailGroups << x;
        else if (sub == u"httpdata" && n == 3 && x.relIs(2, QLatin1StringView("ispmanVhostName")))
            m_vhosts << x;
        else if (sub == u"httpdata" && n == 4 && x.relIs(3, QLatin1StringView("ou")))
            return; // ou=vhostAliases, ou=urlRedirections, ou=httpAcls: made with what is below them
        else if (sub == u"httpdata" && n == 5 && x.relIs(4, QLatin1StringView("ispmanVhostServerAlias"))
                 && x.relValue(3).compare(QLatin1StringView("vhostAliases"), Qt::CaseInsensitive) == 0)
            m_vhostAliases << x;
        else if (sub == u"httpdata" && n == 5 && x.relIs(4, QLatin1StringView("ispmanVhostRedirectURL"))
                 && x.relValue(3).compare(QLatin1StringView("urlRedirections"), Qt::CaseInsensitive) == 0)
            m_redirects << x;
        else if (sub == u"httpdata" && n == 5 && x.relIs(4, QLatin1StringView("ispmanVhostAclLocation"))
                 && x.relValue(3).compare(QLatin1StringView("httpAcls"), Qt::CaseInsensitive) == 0)
            m_protections << x;
        else if (sub == u"databases" && n == 3)
            m_databases << x;
        else if (sub == u"httpusers" && n == 3)
            m_webUsers << x;
        else if (sub == u"webmail")
            unmapped(x, QString(), QStringLiteral("webmail hosts are not managed"));
        else
            unmapped(x, QString(), QStringLiteral("not part of the 1.x layout"));
    }

    // --- Objects ----------------------------------------------------------------------------------
    void host(const Src &x)
    {
        const QString name = x.t("ispmanHostName").isEmpty() ? x.relValue(1) : x.t("ispmanHostName");
        rest(x, {QStringLiteral("ispmanHostName"), QStringLiteral("ispmanHostIp"), QStringLiteral("ispmanHostAlias"),
                 QStringLiteral("ispmanHostInfo")});
        if (HostOps::show(m_s, name).ok())
            return skipped(QStringLiteral("host"), name, x, QStringLiteral("exists"));
        HostOps::HostSpec spec;
        spec.name = name;
        spec.ip = x.t("ispmanHostIp");
        spec.aliases = x.ts("ispmanHostAlias");
        spec.info = x.t("ispmanHostInfo");
        if (!m_o.dryRun) {
            auto r = HostOps::add(m_s, spec);
            if (!r.ok())
                return failed(QStringLiteral("host"), name, x, r.error());
        }
        created(QStringLiteral("host"), name, x);
    }

    void hostGroup(const Src &x)
    {
        const QString name = x.t("ispmanHostGroupName").isEmpty() ? x.relValue(1) : x.t("ispmanHostGroupName");
        rest(x, {QStringLiteral("ispmanHostGroupName"), QStringLiteral("ispmanHostGroupInfo"),
                 QStringLiteral("ispmanHostGroupMember")});
        QStringList members;
        auto existing = HostOps::showGroup(m_s, name);
        if (existing.ok()) {
            members = existing->members;
            skipped(QStringLiteral("hostgroup"), name, x, QStringLiteral("exists"));
        } else {
            if (!m_o.dryRun) {
                auto r = HostOps::addGroup(m_s, name, x.t("ispmanHostGroupInfo"));
                if (!r.ok())
                    return failed(QStringLiteral("hostgroup"), name, x, r.error());
            }
            created(QStringLiteral("hostgroup"), name, x);
        }
        for (const QString &member : x.ts("ispmanHostGroupMember")) {
            const QString what = member + QStringLiteral(" in ") + name;
            if (members.contains(member, Qt::CaseInsensitive)) {
                skipped(QStringLiteral("hostgroup-member"), what, x, QStringLiteral("already a member"));
                continue;
            }
            if (!m_o.dryRun) {
                auto r = HostOps::addMember(m_s, name, member);
                if (!r.ok()) {
                    failed(QStringLiteral("hostgroup-member"), what, x, r.error());
                    continue;
                }
            }
            created(QStringLiteral("hostgroup-member"), what, x);
        }
    }

    void domainService(const Src &x)
    {
        const QString name = x.t("ispmanDomainServiceName").isEmpty() ? x.relValue(1) : x.t("ispmanDomainServiceName");
        if (m_services.contains(serviceName(name)))
            return skipped(QStringLiteral("domain-service"), name, x,
                           serviceName(name) == name.toLower() ? QStringLiteral("in the catalogue")
                                                               : QStringLiteral("in the catalogue as \"%1\"").arg(serviceName(name)));
        unmapped(x, QString(), QStringLiteral("the domain service \"%1\" is not in this ISPMan's catalogue").arg(name));
    }

    static TenantOps::ContactSpec contact(const Src &x)
    {
        TenantOps::ContactSpec c;
        c.cn = x.t("cn");
        c.sn = x.t("sn");
        c.givenName = x.t("givenName");
        c.mail = x.t("mail");
        c.telephone = x.t("telephoneNumber");
        c.street = x.t("street");
        c.postalCode = x.t("postalCode");
        c.locality = x.t("l");
        c.country = x.t("c");
        return c;
    }
    static QStringList contactAttributes()
    {
        return {QStringLiteral("cn"),         QStringLiteral("sn"),     QStringLiteral("givenName"),
                QStringLiteral("mail"),       QStringLiteral("telephoneNumber"), QStringLiteral("street"),
                QStringLiteral("postalCode"), QStringLiteral("l"),      QStringLiteral("c"),
                QStringLiteral("uid"),        QStringLiteral("userPassword"), QStringLiteral("ispmanStatus")};
    }
    static bool suspended(const Src &x) { return x.t("ispmanStatus").startsWith(u"suspend", Qt::CaseInsensitive); }

    void reseller(const Src &x)
    {
        const qint64 oldId = x.relValue(1).toLongLong();
        const QString name = x.t("ispmanResellerName");
        QStringList used = contactAttributes();
        used << QStringLiteral("ispmanResellerId") << QStringLiteral("ispmanResellerName")
             << QStringLiteral("ispmanResellerMaxClients");
        rest(x, used);
        auto all = TenantOps::listResellers(m_s);
        if (!all.ok())
            return failed(QStringLiteral("reseller"), name, x, all.error());
        for (const Reseller &r : *all) {
            if (r.name.compare(name, Qt::CaseInsensitive) == 0) {
                m_resellerIds.insert(oldId, r.id);
                return skipped(QStringLiteral("reseller"), name, x, QStringLiteral("a reseller of this name exists"));
            }
        }
        TenantOps::ResellerSpec spec;
        spec.name = name;
        spec.contact = contact(x);
        spec.maxClients = x.t("ispmanResellerMaxClients");
        spec.login = x.t("uid");
        qint64 id = -oldId; // dry run: not made
        if (!m_o.dryRun) {
            auto r = TenantOps::addReseller(m_s, spec);
            if (!r.ok())
                return failed(QStringLiteral("reseller"), name, x, r.error());
            id = r->id;
        }
        m_resellerIds.insert(oldId, id);
        created(QStringLiteral("reseller"), name, x);
        if (!spec.login.isEmpty())
            password(x, m_s.dit().reseller(id), [&](const QString &pw) { return TenantOps::setResellerPassword(m_s, id, pw); });
        else if (x.e.hasAttribute(QStringLiteral("userPassword")))
            unmapped(x, QStringLiteral("userPassword"), QStringLiteral("a password without a login (uid) is not used"));
        // A suspended reseller takes no new clients: suspended once its clients are in.
        if (suspended(x) && !m_o.dryRun) {
            m_finally << [this, &x, id] {
                auto s = TenantOps::setResellerStatus(m_s, id, TenantStatus::Suspended);
                if (!s.ok())
                    unmapped(x, QStringLiteral("ispmanStatus"), s.error().toString());
            };
        }
    }

    void client(const Src &x)
    {
        const qint64 oldReseller = x.relValue(1).toLongLong();
        const qint64 oldId = x.relValue(2).toLongLong();
        const QString name = x.t("ispmanClientName");
        QStringList used = contactAttributes();
        used << QStringLiteral("ispmanClientId") << QStringLiteral("ispmanClientName") << QStringLiteral("ispmanResellerId")
             << QStringLiteral("ispmanResellerName") << QStringLiteral("ispmanClientMaxDomains")
             << QStringLiteral("ispmanDomainDefaultMailDropHost") << QStringLiteral("ispmanDomainDefaultWebHost")
             << QStringLiteral("ispmanDomainDefaultFileServer") << QStringLiteral("dnsHost") << QStringLiteral("smtpHost");
        rest(x, used);
        if (!m_resellerIds.contains(oldReseller))
            return failed(QStringLiteral("client"), name, x,
                          OpError::notFound(QStringLiteral("its reseller %1 was not imported").arg(oldReseller)));
        const qint64 resellerId = m_resellerIds.value(oldReseller);
        if (resellerId > 0) {
            auto all = TenantOps::listClients(m_s, resellerId);
            if (!all.ok())
                return failed(QStringLiteral("client"), name, x, all.error());
            for (const Client &c : *all) {
                if (c.name.compare(name, Qt::CaseInsensitive) == 0) {
                    m_clientIds.insert(oldId, c.id);
                    return skipped(QStringLiteral("client"), name, x, QStringLiteral("a client of this name exists"));
                }
            }
        }
        TenantOps::ClientSpec spec;
        spec.resellerId = resellerId;
        spec.name = name;
        spec.contact = contact(x);
        spec.maxDomains = x.t("ispmanClientMaxDomains");
        spec.hosts.mailDrop = x.t("ispmanDomainDefaultMailDropHost");
        spec.hosts.web = x.ts("ispmanDomainDefaultWebHost");
        spec.hosts.fileServer = x.t("ispmanDomainDefaultFileServer");
        spec.hosts.dns = x.ts("dnsHost");
        spec.hosts.smtp = x.ts("smtpHost");
        spec.login = x.t("uid");
        qint64 id = -oldId; // dry run: not made
        if (!m_o.dryRun) {
            auto r = TenantOps::addClient(m_s, spec);
            if (!r.ok())
                return failed(QStringLiteral("client"), name, x, r.error());
            id = r->id;
        }
        m_clientIds.insert(oldId, id);
        created(QStringLiteral("client"), name, x);
        if (!spec.login.isEmpty())
            password(x, m_s.dit().client(resellerId, id),
                     [&](const QString &pw) { return TenantOps::setClientPassword(m_s, id, pw); });
        else if (x.e.hasAttribute(QStringLiteral("userPassword")))
            unmapped(x, QStringLiteral("userPassword"), QStringLiteral("a password without a login (uid) is not used"));
        // A suspended client takes no new domains: suspended once its domains are in.
        if (suspended(x) && !m_o.dryRun) {
            m_finally << [this, &x, id] {
                auto s = TenantOps::setClientStatus(m_s, id, TenantStatus::Suspended);
                if (!s.ok())
                    unmapped(x, QStringLiteral("ispmanStatus"), s.error().toString());
            };
        }
    }

    void domain(const Src &x)
    {
        const QString name = x.relValue(0).toLower();
        const QString type = x.t("ispmanDomainType").toLower();
        QStringList used = {QStringLiteral("ispmanDomain"), QStringLiteral("ispmanDomainType"), QStringLiteral("ispmanDomainOwner"),
                            QStringLiteral("ispmanDomainCustomer"), QStringLiteral("ispmanDomainComment"),
                            QStringLiteral("ispmanDomainService"), QStringLiteral("ispmanReplicaMaster"),
                            QStringLiteral("ispmanDnsMasters"), QStringLiteral("ispmanDomainDefaultMailDropHost"),
                            QStringLiteral("ispmanDomainDefaultWebHost"), QStringLiteral("ispmanDomainDefaultFileServer"),
                            QStringLiteral("ispmanDomainDefaultDBHost"), QStringLiteral("dnsHost"), QStringLiteral("smtpHost"),
                            QStringLiteral("ispmanMaxAccounts"), QStringLiteral("ispmanMaxVhosts"),
                            QStringLiteral("ispmanMaxDatabases"), QStringLiteral("ispmanDomainMailDeliveryMethod"),
                            QStringLiteral("ispmanClientId"), QStringLiteral("ispmanClientName"),
                            QStringLiteral("ispmanResellerId"), QStringLiteral("ispmanResellerName"),
                            QStringLiteral("ispmanStatus"), QStringLiteral("ispmanDomainLocked"), QStringLiteral("userPassword"),
                            // The POSIX/FTP account and the replica's mail routing are made by the operation.
                            QStringLiteral("uid"), QStringLiteral("cn"), QStringLiteral("FTPStatus"),
                            QStringLiteral("mailLocalAddress"), QStringLiteral("mailForwardingAddress"),
                            QStringLiteral("FTPQuotaMBytes")}; // reported below
        rest(x, used);
        if (x.e.hasAttribute(QStringLiteral("FTPQuotaMBytes")))
            unmapped(x, QStringLiteral("FTPQuotaMBytes"), QStringLiteral("set from defaultDomainFtpQuota here"));
        if (DomainOps::show(m_s, name).ok())
            return skipped(QStringLiteral("domain"), name, x, QStringLiteral("exists"));

        DomainOps::DomainSpec spec;
        spec.name = name;
        spec.type = type.isEmpty() ? QStringLiteral("primary") : type;
        spec.owner = x.t("ispmanDomainOwner");
        spec.customer = x.t("ispmanDomainCustomer");
        spec.comment = x.t("ispmanDomainComment");
        for (const QString &service : x.ts("ispmanDomainService")) {
            if (m_services.contains(serviceName(service)))
                spec.services << serviceName(service);
            else
                unmapped(x, QStringLiteral("ispmanDomainService"),
                         QStringLiteral("\"%1\" is not in this ISPMan's service catalogue").arg(service));
        }
        spec.replicaMaster = x.t("ispmanReplicaMaster");
        for (const QString &m : x.ts("ispmanDnsMasters"))
            spec.dnsMasters << m.split(QRegularExpression(QStringLiteral("[\\s,;]+")), Qt::SkipEmptyParts);
        spec.mailDropHost = x.t("ispmanDomainDefaultMailDropHost");
        spec.webHosts = x.ts("ispmanDomainDefaultWebHost");
        spec.fileServer = x.t("ispmanDomainDefaultFileServer");
        spec.dbHost = x.t("ispmanDomainDefaultDBHost");
        spec.dnsHosts = x.ts("dnsHost");
        spec.smtpHosts = x.ts("smtpHost");
        spec.maxAccounts = x.t("ispmanMaxAccounts");
        spec.maxVhosts = x.t("ispmanMaxVhosts");
        spec.maxDatabases = x.t("ispmanMaxDatabases");
        spec.mailDelivery = x.t("ispmanDomainMailDeliveryMethod");
        if (x.e.hasAttribute(QStringLiteral("ispmanClientId"))) {
            const qint64 oldClient = x.t("ispmanClientId").toLongLong();
            if (m_clientIds.contains(oldClient) && m_clientIds.value(oldClient) > 0)
                spec.clientId = QString::number(m_clientIds.value(oldClient));
            else if (!m_o.dryRun || !m_clientIds.contains(oldClient))
                unmapped(x, QStringLiteral("ispmanClientId"),
                         QStringLiteral("client %1 was not imported; the domain is imported without a client").arg(oldClient));
        } else if (x.e.hasAttribute(QStringLiteral("ispmanResellerId"))) {
            unmapped(x, QStringLiteral("ispmanResellerId"),
                     QStringLiteral("a domain belongs to a reseller through a client here; assign one with `ispman domain edit`"));
        }
        if (!m_o.dryRun) {
            auto r = DomainOps::add(m_s, spec);
            if (!r.ok())
                return failed(QStringLiteral("domain"), name, x, r.error());
        }
        m_newDomains.insert(name);
        created(QStringLiteral("domain"), name, x);
        if (spec.type != u"replica")
            password(x, m_s.dit().domain(name), [&](const QString &pw) { return DomainOps::setPassword(m_s, name, pw); });
        if (m_o.dryRun)
            return;
        // A locked or suspended domain takes no new users, websites or databases: both are set
        // once its content is in.
        if (x.t("ispmanDomainLocked").compare(QLatin1StringView("true"), Qt::CaseInsensitive) == 0) {
            m_finally << [this, &x, name] {
                auto l = DomainOps::setLocked(m_s, name, true);
                if (!l.ok())
                    unmapped(x, QStringLiteral("ispmanDomainLocked"), l.error().toString());
            };
        }
        if (suspended(x)) {
            m_finally << [this, &x, name] {
                auto s = DomainOps::setSuspended(m_s, name, true);
                if (!s.ok())
                    unmapped(x, QStringLiteral("ispmanStatus"), s.error().toString());
            };
        }
    }

    void user(const Src &x)
    {
        const QString domain = x.relValue(0).toLower();
        QString local = x.t("ispmanUserId");
        if (local.isEmpty())
            local = x.t("mailLocalAddress").section(u'@', 0, 0);
        const QString address = local.toLower() + u'@' + domain;
        rest(x, {QStringLiteral("uid"), QStringLiteral("cn"), QStringLiteral("sn"), QStringLiteral("givenName"),
                 QStringLiteral("ispmanUserId"), QStringLiteral("ispmanDomain"), QStringLiteral("mailLocalAddress"),
                 QStringLiteral("mailAlias"), QStringLiteral("mailForwardingAddress"), QStringLiteral("mailHost"),
                 QStringLiteral("mailQuota"), QStringLiteral("FTPQuotaMBytes"), QStringLiteral("FTPStatus"),
                 QStringLiteral("fileHost"), QStringLiteral("userPassword"), QStringLiteral("ispmanStatus")});
        if (UserOps::show(m_s, address).ok())
            return skipped(QStringLiteral("user"), address, x, QStringLiteral("exists"));
        if (!m_o.dryRun && !m_newDomains.contains(domain) && !DomainOps::show(m_s, domain).ok())
            return failed(QStringLiteral("user"), address, x,
                          OpError::notFound(QStringLiteral("its domain %1 was not imported").arg(domain)));

        UserOps::UserSpec spec;
        spec.domain = domain;
        spec.localPart = local;
        spec.givenName = x.t("givenName");
        spec.surname = x.t("sn");
        if (spec.surname.isEmpty())
            spec.surname = x.t("cn").isEmpty() ? local : x.t("cn");
        spec.mailHost = x.t("mailHost");
        spec.forwards = x.ts("mailForwardingAddress");
        spec.mailbox = !spec.mailHost.isEmpty() || spec.forwards.isEmpty();
        if (x.e.hasAttribute(QStringLiteral("mailQuota"))) {
            // 1.x stored KB (its UI took MB and multiplied by 1024); here quotas are MB.
            bool ok = false;
            const qint64 kb = x.t("mailQuota").toLongLong(&ok);
            if (!ok || kb < 0) {
                unmapped(x, QStringLiteral("mailQuota"), QStringLiteral("not a number of KB; the default quota applies"));
            } else {
                const qint64 mb = (kb + 1023) / 1024;
                spec.mailQuota = QString::number(mb);
                if (kb % 1024 != 0)
                    unmapped(x, QStringLiteral("mailQuota"),
                             QStringLiteral("%1 KB is not a whole number of MB; rounded up to %2 MB").arg(kb).arg(mb));
            }
        }
        spec.ftpQuota = x.t("FTPQuotaMBytes");
        spec.ftpEnabled = x.t("FTPStatus").compare(QLatin1StringView("disabled"), Qt::CaseInsensitive) != 0;
        if (x.e.hasAttribute(QStringLiteral("fileHost")))
            unmapped(x, QStringLiteral("fileHost"), QStringLiteral("homes are placed on the domain's file server here"));
        const QStringList aliases = x.ts("mailAlias");
        if (m_o.dryRun) {
            created(QStringLiteral("user"), address, x);
            for (const QString &a : aliases)
                created(QStringLiteral("alias"), a + QStringLiteral(" -> ") + address, x);
            password(x, LdapDn(), {}); // reports what would not be carried over
            return;
        }
        auto r = UserOps::add(m_s, spec);
        if (!r.ok())
            return failed(QStringLiteral("user"), address, x, r.error());
        created(QStringLiteral("user"), address, x);
        const MailUser u = *r;
        for (const QString &a : aliases) {
            auto al = UserOps::addAlias(m_s, u.address, a);
            if (!al.ok())
                failed(QStringLiteral("alias"), a + QStringLiteral(" -> ") + u.address, x, al.error());
            else
                created(QStringLiteral("alias"), a + QStringLiteral(" -> ") + u.address, x);
        }
        password(x, m_s.dit().user(domain, u.uid), [&](const QString &pw) { return UserOps::setPassword(m_s, u.address, pw); });
        if (suspended(x)) {
            auto s = UserOps::setSuspended(m_s, u.address, true);
            if (!s.ok())
                unmapped(x, QStringLiteral("ispmanStatus"), s.error().toString());
        }
    }

    void mailGroup(const Src &x)
    {
        const QString domain = x.relValue(0).toLower();
        const QString name = x.relValue(2).toLower();
        const QString address = name + u'@' + domain;
        rest(x, {QStringLiteral("cn"), QStringLiteral("ispmanDomain"), QStringLiteral("mailLocalAddress"),
                 QStringLiteral("mailAlias"), QStringLiteral("mailForwardingAddress")});
        if (MailGroupOps::show(m_s, address).ok())
            return skipped(QStringLiteral("mailgroup"), address, x, QStringLiteral("exists"));
        MailGroupOps::MailGroupSpec spec;
        spec.domain = domain;
        spec.name = name;
        for (const QString &m : x.ts("mailForwardingAddress"))
            spec.members << m.split(QRegularExpression(QStringLiteral("[\\s,;]+")), Qt::SkipEmptyParts);
        spec.aliases = x.ts("mailAlias");
        if (!m_o.dryRun) {
            auto r = MailGroupOps::add(m_s, spec);
            if (!r.ok())
                return failed(QStringLiteral("mailgroup"), address, x, r.error());
        }
        created(QStringLiteral("mailgroup"), address, x);
    }

    void admin(const Src &x)
    {
        const QString uid = x.relValue(1);
        rest(x, {QStringLiteral("uid"), QStringLiteral("cn"), QStringLiteral("ispmanSysadminMail"),
                 QStringLiteral("ispmanSysadminLevel"), QStringLiteral("userPassword")});
        if (AdminOps::show(m_s, uid).ok())
            return skipped(QStringLiteral("admin"), uid, x, QStringLiteral("exists"));
        AdminOps::AdminSpec spec;
        spec.uid = uid;
        spec.cn = x.t("cn");
        spec.mail = x.t("ispmanSysadminMail");
        spec.level = x.t("ispmanSysadminLevel");
        if (!m_o.dryRun) {
            auto r = AdminOps::add(m_s, spec);
            if (!r.ok())
                return failed(QStringLiteral("admin"), uid, x, r.error());
        }
        created(QStringLiteral("admin"), uid, x);
        password(x, m_s.dit().admin(uid), [&](const QString &pw) { return AdminOps::setPassword(m_s, uid, pw); });
    }

    // --- Websites, web users, databases -----------------------------------------------------------
    // A password nobody knows, for objects the operations only create with one (web users,
    // databases); replaced right after by 1.x's own, or reported.
    static QString throwawayPassword()
    {
        QByteArray bytes(24, Qt::Uninitialized);
        QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(bytes.data()), bytes.size() / 4);
        return QString::fromLatin1(bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    }

    // "www.example.com", "www.example.com:8080": how a website is named in the report.
    static QString vhostLabel(const QString &domain, const QString &name)
    {
        const QString port = name.contains(u':') ? u':' + name.section(u':', 1) : QString();
        return name.section(u':', 0, 0) + u'.' + domain + port;
    }

    // 1.x stored ispmanVhostExtraConf HTML-encoded (its form escaped what it echoed back).
    static QString decodeHtmlEntities(QString text)
    {
        text.replace(QLatin1StringView("&lt;"), QLatin1StringView("<"))
            .replace(QLatin1StringView("&gt;"), QLatin1StringView(">"))
            .replace(QLatin1StringView("&quot;"), QLatin1StringView("\""))
            .replace(QLatin1StringView("&#39;"), QLatin1StringView("'"))
            .replace(QLatin1StringView("&amp;"), QLatin1StringView("&"));
        return text;
    }

    void webUser(const Src &x)
    {
        const QString domain = x.relValue(0).toLower();
        const QString id = x.t("ispmanUserId").isEmpty() ? x.relValue(2) : x.t("ispmanUserId");
        const QString what = id + QStringLiteral(" in ") + domain;
        rest(x, {QStringLiteral("ispmanUserId"), QStringLiteral("ispmanDomain"), QStringLiteral("userPassword")});
        auto existing = VhostOps::listWebUsers(m_s, domain);
        if (existing.ok()) {
            for (const WebUser &u : *existing) {
                if (u.userId.compare(id, Qt::CaseInsensitive) == 0)
                    return skipped(QStringLiteral("webuser"), what, x, QStringLiteral("exists"));
            }
        }
        if (!m_o.dryRun) {
            auto r = VhostOps::addWebUser(m_s, domain, id, throwawayPassword());
            if (!r.ok())
                return failed(QStringLiteral("webuser"), what, x, r.error());
        }
        created(QStringLiteral("webuser"), what, x);
        if (passwordOf(x.e).kind == PasswordKind::None)
            unmapped(x, QStringLiteral("userPassword"),
                     QStringLiteral("1.x had no password; a random one was set (ispman webuser passwd)"));
        password(x, WebUser::dn(m_s.dit(), domain, id.toLower()),
                 [&](const QString &pw) { return VhostOps::setWebUserPassword(m_s, domain, id, pw); });
    }

    void vhost(const Src &x)
    {
        const QString domain = x.relValue(0).toLower();
        const QString name = x.relValue(2).toLower();
        const QString what = vhostLabel(domain, name);
        rest(x, {QStringLiteral("ispmanVhostName"), QStringLiteral("ispmanDomain"), QStringLiteral("uid"), QStringLiteral("cn"),
                 QStringLiteral("webHost"), QStringLiteral("fileHost"), QStringLiteral("ispmanVhostDocumentRoot"),
                 QStringLiteral("ispmanVhostScriptDir"), QStringLiteral("ispmanVhostDocumentRootOption"),
                 QStringLiteral("ispmanVhostScriptDirOption"), QStringLiteral("ispmanVhostIpAddress"),
                 QStringLiteral("ispmanVhostExtraConf"), QStringLiteral("ispmanVhostFeature"), QStringLiteral("ispmanVhostStats"),
                 QStringLiteral("FTPQuotaMBytes"), QStringLiteral("FTPStatus"), QStringLiteral("userPassword"),
                 QStringLiteral("ispmanStatus"), QStringLiteral("ispmanVhostServerAlias")});
        if (VhostOps::show(m_s, domain, name).ok()) {
            m_newVhosts.insert(what); // its sub-objects may still be missing
            return skipped(QStringLiteral("vhost"), what, x, QStringLiteral("exists"));
        }
        if (!m_o.dryRun && !m_newDomains.contains(domain) && !DomainOps::show(m_s, domain).ok())
            return failed(QStringLiteral("vhost"), what, x,
                          OpError::notFound(QStringLiteral("its domain %1 was not imported").arg(domain)));

        // What the operation would refuse is left at its default and reported, so that the
        // website itself is not lost for one value.
        VhostOps::VhostSpec spec;
        spec.domain = domain;
        spec.name = name;
        spec.webHosts = x.ts("webHost");
        spec.fileHost = x.t("fileHost");
        for (const auto &[attr, target, field] :
             {std::tuple{"ispmanVhostDocumentRoot", &spec.documentRoot, "document-root"},
              std::tuple{"ispmanVhostScriptDir", &spec.scriptDir, "script-dir"}}) {
            const QString v = x.t(attr);
            if (v.isEmpty())
                continue;
            auto checked = Validate::relativePath(QLatin1StringView(field), v);
            if (checked.ok())
                *target = *checked;
            else
                unmapped(x, QLatin1StringView(attr), checked.error().message + QStringLiteral("; the default is used"));
        }
        for (const auto &[attr, target, field] :
             {std::tuple{"ispmanVhostDocumentRootOption", &spec.documentRootOptions, "document-root-options"},
              std::tuple{"ispmanVhostScriptDirOption", &spec.scriptDirOptions, "script-dir-options"}}) {
            const QStringList words = x.ts(attr);
            if (words.isEmpty())
                continue;
            auto checked = Validate::apacheOptions(QLatin1StringView(field), words);
            if (checked.ok())
                *target = checked->join(u' ');
            else
                unmapped(x, QLatin1StringView(attr), checked.error().message + QStringLiteral("; the default is used"));
        }
        const QString ip = x.t("ispmanVhostIpAddress");
        if (ip == u"*" || (!ip.isEmpty() && Validate::ipAddress(QStringLiteral("ip"), ip).ok()))
            spec.ipAddress = ip;
        else if (!ip.isEmpty())
            unmapped(x, QStringLiteral("ispmanVhostIpAddress"),
                     QStringLiteral("\"%1\" is neither an IP address nor *; apacheVhostsIP is used").arg(ip.left(80)));
        if (x.e.hasAttribute(QStringLiteral("ispmanVhostExtraConf"))) {
            const QString text = decodeHtmlEntities(x.ts("ispmanVhostExtraConf").join(u'\n'));
            auto checked = Validate::apacheExtraConfig(QStringLiteral("extra-config"), text);
            if (checked.ok())
                spec.extraConfig = checked->join(u'\n');
            else
                unmapped(x, QStringLiteral("ispmanVhostExtraConf"),
                         checked.error().message + QStringLiteral("; not carried over (review it and set what is allowed "
                                                                  "with `ispman vhost edit`)"));
        }
        for (const QString &f : x.ts("ispmanVhostFeature")) {
            if (VhostOps::knownFeatures().contains(f.toLower()))
                spec.features << f.toLower();
            else
                unmapped(x, QStringLiteral("ispmanVhostFeature"),
                         QStringLiteral("\"%1\" is not a website feature here (%2)")
                             .arg(f.left(40), VhostOps::knownFeatures().join(QStringLiteral(", "))));
        }
        const QString ftpQuota = x.t("FTPQuotaMBytes");
        if (!ftpQuota.isEmpty() && Validate::quotaMegabytes(QStringLiteral("ftp-quota"), ftpQuota, Validate::Unlimited::Rejected).ok())
            spec.ftpQuota = ftpQuota;
        else if (!ftpQuota.isEmpty())
            unmapped(x, QStringLiteral("FTPQuotaMBytes"), QStringLiteral("not a number of MB; defaultVhostFtpQuota is used"));
        spec.ftpEnabled = x.t("FTPStatus").compare(QLatin1StringView("disabled"), Qt::CaseInsensitive) != 0;
        if (!m_o.dryRun) {
            auto r = VhostOps::add(m_s, spec);
            if (!r.ok())
                return failed(QStringLiteral("vhost"), what, x, r.error());
        }
        m_newVhosts.insert(what);
        created(QStringLiteral("vhost"), what, x);
        password(x, m_s.dit().vhost(domain, name),
                 [&](const QString &pw) { return VhostOps::setPassword(m_s, domain, name, pw); });
        // Some 1.x versions kept aliases as values on the website entry itself.
        for (const QString &alias : x.ts("ispmanVhostServerAlias"))
            addVhostAlias(x, domain, name, alias);
        if (suspended(x) && !m_o.dryRun) {
            m_finally << [this, &x, domain, name] {
                auto s = VhostOps::setSuspended(m_s, domain, name, true);
                if (!s.ok())
                    unmapped(x, QStringLiteral("ispmanStatus"), s.error().toString());
            };
        }
    }

    // The website a sub-object belongs to, if it is here (or, in a dry run, planned).
    std::optional<Vhost> parentVhost(const Src &x, const QString &kind, const QString &what)
    {
        const QString domain = x.relValue(0).toLower();
        const QString name = x.relValue(2).toLower();
        auto v = VhostOps::show(m_s, domain, name);
        if (v.ok())
            return *v;
        if (m_o.dryRun && m_newVhosts.contains(vhostLabel(domain, name))) {
            Vhost planned;
            planned.domain = domain;
            planned.name = name;
            return planned;
        }
        failed(kind, what, x, OpError::notFound(QStringLiteral("its website %1 was not imported").arg(vhostLabel(domain, name))));
        return std::nullopt;
    }

    void addVhostAlias(const Src &x, const QString &domain, const QString &name, const QString &alias)
    {
        const QString what = alias + QStringLiteral(" -> ") + vhostLabel(domain, name);
        auto v = parentVhost(x, QStringLiteral("vhost-alias"), what);
        if (!v)
            return;
        if (v->aliases.contains(alias, Qt::CaseInsensitive))
            return skipped(QStringLiteral("vhost-alias"), what, x, QStringLiteral("exists"));
        if (!m_o.dryRun) {
            auto r = VhostOps::addAlias(m_s, domain, name, alias);
            if (!r.ok())
                return failed(QStringLiteral("vhost-alias"), what, x, r.error());
        }
        created(QStringLiteral("vhost-alias"), what, x);
    }

    void vhostAlias(const Src &x)
    {
        rest(x, {QStringLiteral("ispmanVhostServerAlias"), QStringLiteral("ispmanVhostName"), QStringLiteral("ispmanDomain"),
                 QStringLiteral("ou")});
        const QString alias = x.t("ispmanVhostServerAlias").isEmpty() ? x.relValue(4) : x.t("ispmanVhostServerAlias");
        addVhostAlias(x, x.relValue(0).toLower(), x.relValue(2).toLower(), alias.toLower());
    }

    void redirect(const Src &x)
    {
        rest(x, {QStringLiteral("ispmanVhostRedirectURL"), QStringLiteral("ispmanVhostRedirectLocation"),
                 QStringLiteral("ispmanVhostName"), QStringLiteral("ispmanDomain")});
        const QString domain = x.relValue(0).toLower();
        const QString name = x.relValue(2).toLower();
        QString path = x.t("ispmanVhostRedirectURL").isEmpty() ? x.relValue(4) : x.t("ispmanVhostRedirectURL");
        if (!path.startsWith(u'/'))
            path.prepend(u'/'); // 1.x added it when it wrote the configuration
        const QString target = x.t("ispmanVhostRedirectLocation");
        const QString what = vhostLabel(domain, name) + path + QStringLiteral(" -> ") + target;
        auto v = parentVhost(x, QStringLiteral("vhost-redirect"), what);
        if (!v)
            return;
        for (const VhostRedirect &r : v->redirects) {
            if (r.path == path)
                return skipped(QStringLiteral("vhost-redirect"), what, x, QStringLiteral("exists"));
        }
        if (!m_o.dryRun) {
            auto r = VhostOps::addRedirect(m_s, domain, name, path, target);
            if (!r.ok())
                return failed(QStringLiteral("vhost-redirect"), what, x, r.error());
        }
        created(QStringLiteral("vhost-redirect"), what, x);
    }

    void protection(const Src &x)
    {
        rest(x, {QStringLiteral("ispmanVhostAclLocation"), QStringLiteral("ispmanVhostAclAllowUser"),
                 QStringLiteral("ispmanVhostName"), QStringLiteral("ispmanDomain")});
        const QString domain = x.relValue(0).toLower();
        const QString name = x.relValue(2).toLower();
        const QString location = x.t("ispmanVhostAclLocation").isEmpty() ? x.relValue(4) : x.t("ispmanVhostAclLocation");
        const QString what = vhostLabel(domain, name) + location;
        auto v = parentVhost(x, QStringLiteral("vhost-protection"), what);
        if (!v)
            return;
        for (const VhostProtection &p : v->protections) {
            if (p.location == location)
                return skipped(QStringLiteral("vhost-protection"), what, x, QStringLiteral("exists"));
        }
        if (!m_o.dryRun) {
            auto r = VhostOps::addProtection(m_s, domain, name, location, x.ts("ispmanVhostAclAllowUser"));
            if (!r.ok())
                return failed(QStringLiteral("vhost-protection"), what, x, r.error());
        }
        created(QStringLiteral("vhost-protection"), what, x);
    }

    void database(const Src &x)
    {
        const QString domain = x.relValue(0).toLower();
        const QString name = (x.t("ispmanDBName").isEmpty() ? x.relValue(2) : x.t("ispmanDBName")).toLower();
        const QString what = name + QStringLiteral(" of ") + domain;
        rest(x, {QStringLiteral("ispmanDBName"), QStringLiteral("ispmanDBType"), QStringLiteral("ispmanDBHost"),
                 QStringLiteral("ispmanDBUser"), QStringLiteral("ispmanDBPass"), QStringLiteral("ispmanDBAccessFilter"),
                 QStringLiteral("ispmanDBPrivilege")});
        const QString type = x.t("ispmanDBType");
        if (!type.isEmpty() && type.compare(QLatin1StringView("MySQL"), Qt::CaseInsensitive) != 0)
            return unmapped(x, QString(), QStringLiteral("%1 databases are not managed (only MariaDB/MySQL; 1.x's %1 support "
                                                         "was a stub)").arg(type.left(40)));
        if (DatabaseOps::show(m_s, domain, name).ok())
            return skipped(QStringLiteral("database"), what, x, QStringLiteral("exists"));
        DatabaseOps::DatabaseSpec spec;
        spec.domain = domain;
        spec.name = name;
        spec.user = x.t("ispmanDBUser");
        spec.host = x.t("ispmanDBHost");
        spec.password = throwawayPassword();
        for (const QString &value : x.ts("ispmanDBAccessFilter")) {
            for (const QString &pattern : value.split(QRegularExpression(QStringLiteral("[\\s,]+")), Qt::SkipEmptyParts)) {
                auto checked = Validate::databaseHostPattern(QStringLiteral("access-from"), pattern);
                if (checked.ok())
                    spec.accessFrom << *checked;
                else
                    unmapped(x, QStringLiteral("ispmanDBAccessFilter"), checked.error().message + QStringLiteral("; left out"));
            }
        }
        for (const QString &privilege : x.ts("ispmanDBPrivilege")) {
            auto checked = Validate::databasePrivilege(QStringLiteral("privilege"), privilege);
            if (checked.ok())
                spec.privileges << *checked;
            else
                unmapped(x, QStringLiteral("ispmanDBPrivilege"), checked.error().message + QStringLiteral("; left out"));
        }
        static const QRegularExpression nativeHash(QStringLiteral("^\\*[0-9A-Fa-f]{40}$"));
        const QString hash = x.t("ispmanDBPass");
        const bool hashUsable = nativeHash.match(hash).hasMatch();
        if (!hashUsable)
            unmapped(x, QStringLiteral("ispmanDBPass"),
                     QStringLiteral("not a MySQL 4.1 password hash; a random password was set (ispman db passwd)"));
        if (hashUsable) {
            // 1.x's hash is MariaDB's mysql_native_password hash: the database is created with
            // it, so the customer's password keeps working.
            spec.password.clear();
            spec.passwordHash = hash;
        }
        if (m_o.dryRun)
            return created(QStringLiteral("database"), what, x);
        auto r = DatabaseOps::add(m_s, spec);
        if (!r.ok())
            return failed(QStringLiteral("database"), what, x, r.error());
        created(QStringLiteral("database"), what, x);
        if (r->name != name)
            unmapped(x, QStringLiteral("ispmanDBName"),
                     QStringLiteral("the database is named %1 here (names start with the domain's prefix)").arg(r->name));
        if (!spec.user.isEmpty() && r->user != spec.user.toLower())
            unmapped(x, QStringLiteral("ispmanDBUser"),
                     QStringLiteral("the user is named %1 here (names start with the domain's prefix)").arg(r->user));
    }

    // --- DNS ------------------------------------------------------------------------------------
    // 1.x kept one dNSZone entry per (name, type, value) below ou=<type>,dc=<labels>,ou=DNS; the
    // type is the branch's, and other record attributes on the entry are 1.x's own markers.
    void dns()
    {
        QMap<QString, ZoneData> zones;
        for (const Src &x : std::as_const(m_dns)) {
            std::optional<DnsRecordType> type;
            bool soa = false;
            for (qsizetype i = 1; i < x.rel.size() && !type && !soa; ++i) {
                if (x.relIs(i, QLatin1StringView("ou"))) {
                    soa = x.relValue(i).compare(QLatin1StringView("sOARecord"), Qt::CaseInsensitive) == 0;
                    if (!soa)
                        type = recordTypeOf(x.relValue(i));
                }
            }
            QString zone = x.t("zoneName").toLower();
            if (zone.isEmpty()) {
                QStringList labels;
                for (qsizetype i = 1; i < x.rel.size() && x.relIs(i, QLatin1StringView("dc")); ++i)
                    labels.prepend(x.relValue(i));
                zone = labels.join(u'.').toLower();
            }
            if (zone.endsWith(u'.'))
                zone.chop(1);
            if (!soa && !type) {
                unmapped(x, QString(), QStringLiteral("not in a record-type branch of 1.x's DNS layout"));
                continue;
            }
            ZoneData &z = zones[zone];
            z.name = zone;
            QStringList used = {QStringLiteral("zoneName"), QStringLiteral("relativeDomainName"), QStringLiteral("dNSClass"),
                                QStringLiteral("dNSTTL")};
            const QString owner = x.t("relativeDomainName").isEmpty() ? QStringLiteral("@") : x.t("relativeDomainName");
            std::optional<int> ttl;
            if (x.e.hasAttribute(QStringLiteral("dNSTTL"))) {
                if (auto d = parseDnsDuration(x.t("dNSTTL")))
                    ttl = int(*d);
                else
                    unmapped(x, QStringLiteral("dNSTTL"), QStringLiteral("not a TTL; the zone's applies"));
            }
            if (soa) {
                used << QStringLiteral("sOARecord");
                auto parsed = DnsSoa::fromString(x.t("sOARecord"));
                if (!parsed)
                    unmapped(x, QStringLiteral("sOARecord"), QStringLiteral("not an SOA value"));
                else if (z.soa && !(*z.soa == *parsed))
                    unmapped(x, QStringLiteral("sOARecord"), QStringLiteral("a second SOA for the zone; the first is used"));
                else {
                    z.soa = parsed;
                    z.soaSource = &x;
                    z.soaTtl = ttl;
                }
            } else {
                const QString attr = dnsRecordAttribute(*type);
                used << attr;
                for (const QString &v : x.ts(attr.toUtf8().constData())) {
                    QString value = v;
                    if (*type == DnsRecordType::Txt) {
                        if (v.startsWith(u"ispman", Qt::CaseInsensitive) && v.contains(u':')) {
                            unmapped(x, attr, QStringLiteral("1.x's ownership marker \"%1\" is not a record").arg(v));
                            continue;
                        }
                        auto t = txtValue(v);
                        if (!t) {
                            unmapped(x, attr, QStringLiteral("not a TXT value: %1").arg(v));
                            continue;
                        }
                        value = *t;
                    }
                    z.records.append({DnsRecord{owner, *type, value, ttl}, &x});
                }
            }
            for (const QString &a : x.e.attributeNames()) {
                if (a.compare(QLatin1StringView("objectClass"), Qt::CaseInsensitive) == 0 || used.contains(a, Qt::CaseInsensitive))
                    continue;
                if (a.compare(QLatin1StringView("tXTRecord"), Qt::CaseInsensitive) == 0) {
                    for (const QString &v : x.ts("tXTRecord"))
                        unmapped(x, a, v.startsWith(u"ispman", Qt::CaseInsensitive)
                                          ? QStringLiteral("1.x's ownership marker \"%1\" is not a record").arg(v)
                                          : QStringLiteral("a TXT value outside 1.x's txtRecord branch: %1").arg(v));
                } else if (a.compare(QLatin1StringView("pTRRecord"), Qt::CaseInsensitive) == 0) {
                    unmapped(x, a, QStringLiteral("1.x's reverse-record request; reverse zones are managed as zones of "
                                                  "their own here"));
                } else {
                    unmapped(x, a, droppedReason(a));
                }
            }
        }
        for (const ZoneData &z : std::as_const(zones))
            zone(z);
    }

    void zone(const ZoneData &z)
    {
        const bool isNew = m_newDomains.contains(z.name);
        if (m_o.dryRun) {
            if (isNew) {
                for (const auto &[record, src] : z.records)
                    created(QStringLiteral("dns-record"), describe(z.name, record), *src);
                return;
            }
        }
        auto current = DnsOps::showZone(m_s, z.name);
        if (!current.ok()) {
            if (current.error().kind == OpError::Kind::NotFound && !m_domainNames.contains(z.name)) {
                // 1.x left the records of deleted domains behind; there is no domain to give them.
                QSet<const Src *> reported;
                for (const auto &[record, src] : z.records) {
                    if (!reported.contains(src))
                        unmapped(*src, QString(), QStringLiteral("the zone %1 belongs to no domain of the export or of this "
                                                                 "directory (add the domain, then `ispman dns add`)").arg(z.name));
                    reported.insert(src);
                }
                if (z.soaSource && !reported.contains(z.soaSource))
                    unmapped(*z.soaSource, QString(), QStringLiteral("the zone %1 belongs to no domain of the export or of "
                                                                     "this directory").arg(z.name));
                return;
            }
            const OpError why = current.error().kind == OpError::Kind::NotFound
                ? OpError::notFound(QStringLiteral("the zone %1 is not here: it needs a primary domain %1").arg(z.name))
                : current.error();
            for (const auto &[record, src] : z.records)
                failed(QStringLiteral("dns-record"), describe(z.name, record), *src, why);
            return;
        }
        // Records the validators refuse are reported one by one; the rest go in together.
        DnsZone file = *current;
        if (isNew && z.soa) {
            file.soa.primary = z.soa->primary;
            file.soa.mailbox = z.soa->mailbox;
            file.soa.refresh = z.soa->refresh;
            file.soa.retry = z.soa->retry;
            file.soa.expire = z.soa->expire;
            file.soa.minimum = z.soa->minimum;
        }
        // The apex records share the zone's TTL: a new zone takes 1.x's (its SOA entry's, else its
        // first apex record's); an existing zone keeps its own.
        if (isNew) {
            std::optional<int> zoneTtl = z.soaTtl;
            for (const auto &[record, src] : z.records) {
                if (!zoneTtl && record.name == u"@")
                    zoneTtl = record.ttl;
            }
            if (zoneTtl)
                file.ttl = *zoneTtl;
        }
        file.records.clear();
        QList<QPair<DnsRecord, const Src *>> wanted;
        for (const auto &[record, src] : z.records) {
            auto checked = DnsOps::checkRecord(z.name, record);
            if (!checked.ok()) {
                failed(QStringLiteral("dns-record"), describe(z.name, record), *src,
                       OpError::invalid(checked.error().field, checked.error().message));
                continue;
            }
            bool duplicate = false;
            for (const DnsRecord &r : std::as_const(file.records))
                duplicate = duplicate || (r.name == checked->name && r.type == checked->type && r.value == checked->value);
            if (duplicate)
                continue;
            file.records << *checked;
            wanted.append({*checked, src});
        }
        // Which are there already (a second run, or records the domain's creation made).
        QList<QPair<DnsRecord, const Src *>> missing;
        for (const auto &w : std::as_const(wanted)) {
            bool there = false;
            for (const DnsRecord &r : std::as_const(current->records))
                there = there || (r.name == w.first.name && r.type == w.first.type && r.value == w.first.value);
            if (there && !isNew)
                skipped(QStringLiteral("dns-record"), describe(z.name, w.first), *w.second, QStringLiteral("exists"));
            else
                missing << w;
        }
        if (m_o.dryRun) {
            for (const auto &[record, src] : std::as_const(missing))
                created(QStringLiteral("dns-record"), describe(z.name, record), *src);
            return;
        }
        if (missing.isEmpty() && !isNew)
            return;
        if (!isNew) {
            // Only what the zone lacks goes in; names it has keep their TTL.
            file.records.clear();
            for (const auto &[record, src] : std::as_const(missing))
                file.records << record;
        }
        // A zone made by this import becomes exactly the 1.x zone (its SOA timers, no records of
        // the defaults that 1.x did not have); an existing zone only gains what it lacks.
        // Per-name TTLs: the zone file gives one TTL per name, that of the name's first record.
        QHash<QString, std::optional<int>> ttls;
        ttls.insert(QStringLiteral("@"), std::nullopt);
        for (const DnsRecord &r : std::as_const(current->records)) {
            if (!isNew && !ttls.contains(r.name))
                ttls.insert(r.name, r.ttl);
        }
        for (DnsRecord &r : file.records) {
            if (!ttls.contains(r.name))
                ttls.insert(r.name, r.ttl);
            r.ttl = ttls.value(r.name);
            if (r.ttl && *r.ttl == file.ttl)
                r.ttl.reset();
        }
        sortDnsRecords(file.records);
        auto r = DnsOps::importZone(m_s, z.name, exportZone(file),
                                    isNew ? DnsOps::ImportMode::Replace : DnsOps::ImportMode::Merge);
        if (!r.ok()) {
            for (const auto &[record, src] : std::as_const(missing))
                failed(QStringLiteral("dns-record"), describe(z.name, record), *src, r.error());
            return;
        }
        for (const auto &[record, src] : std::as_const(missing)) {
            bool there = false;
            for (const DnsRecord &c : std::as_const(current->records))
                there = there || (c.name == record.name && c.type == record.type && c.value == record.value);
            if (there)
                skipped(QStringLiteral("dns-record"), describe(z.name, record), *src,
                        QStringLiteral("made with the domain"));
            else
                created(QStringLiteral("dns-record"), describe(z.name, record), *src);
        }
    }

    static QString describe(const QString &zone, const DnsRecord &r)
    {
        return QStringLiteral("%1 %2 %3 %4").arg(zone, r.name, dnsRecordTypeName(r.type), r.value);
    }

    DirectorySession &m_s;
    Options m_o;
    Report m_r;
    QList<Src> m_hosts, m_groups, m_domainServices, m_resellers, m_clients, m_domains, m_users, m_mailGroups, m_dns,
        m_admins, m_webUsers, m_vhosts, m_vhostAliases, m_redirects, m_protections, m_databases;
    QSet<QString> m_newVhosts; // "name.domain" made (dry run: planned) by this import
    QHash<qint64, qint64> m_resellerIds, m_clientIds; // 1.x id -> id here (dry run: negative, not yet made)
    QSet<QString> m_newDomains;
    QSet<QString> m_domainNames; // every domain of the export
    QList<std::function<void()>> m_finally; // suspensions and locks, once the content is in
    QSet<QString> m_services;
};

QJsonArray itemsJson(const QList<Item> &items)
{
    QJsonArray out;
    for (const Item &i : items) {
        QJsonObject o;
        if (!i.kind.isEmpty())
            o[QStringLiteral("kind")] = i.kind;
        if (!i.name.isEmpty())
            o[QStringLiteral("name")] = i.name;
        o[QStringLiteral("dn")] = i.dn;
        o[QStringLiteral("line")] = qint64(i.line);
        if (!i.attribute.isEmpty())
            o[QStringLiteral("attribute")] = i.attribute;
        if (!i.reason.isEmpty())
            o[QStringLiteral("reason")] = i.reason;
        out << o;
    }
    return out;
}

} // namespace

QJsonObject Report::toJson() const
{
    QJsonObject counts;
    for (auto it = created.cbegin(); it != created.cend(); ++it)
        counts[it.key()] = it.value();
    return QJsonObject{{QStringLiteral("dryRun"), dryRun},
                       {QStringLiteral("sourceBase"), sourceBase},
                       {QStringLiteral("created"), counts},
                       {QStringLiteral("createdItems"), itemsJson(createdItems)},
                       {QStringLiteral("skipped"), itemsJson(skipped)},
                       {QStringLiteral("unmapped"), itemsJson(unmapped)},
                       {QStringLiteral("failed"), itemsJson(failed)}};
}

QString Report::toText() const
{
    QString out;
    out += QStringLiteral("ISPMan 1.x import from %1%2\n").arg(sourceBase, dryRun ? QStringLiteral(" (dry run: nothing written)") : QString());
    out += dryRun ? QStringLiteral("Would create:\n") : QStringLiteral("Created:\n");
    if (created.isEmpty())
        out += QStringLiteral("  nothing\n");
    for (auto it = created.cbegin(); it != created.cend(); ++it)
        out += QStringLiteral("  %1: %2\n").arg(it.key()).arg(it.value());
    out += QStringLiteral("Skipped (already there): %1\n").arg(skipped.size());
    for (const Item &i : skipped)
        out += QStringLiteral("  %1 %2: %3\n").arg(i.kind, i.name, i.reason);
    out += QStringLiteral("Not mapped: %1\n").arg(unmapped.size());
    for (const Item &i : unmapped)
        out += QStringLiteral("  line %1: %2%3: %4\n")
                   .arg(i.line)
                   .arg(i.dn, i.attribute.isEmpty() ? QString() : QStringLiteral(" [%1]").arg(i.attribute), i.reason);
    out += QStringLiteral("Failed: %1\n").arg(failed.size());
    for (const Item &i : failed)
        out += QStringLiteral("  line %1: %2 %3: %4\n").arg(i.line).arg(i.kind, i.name, i.reason);
    return out;
}

OpResult<Report> run(DirectorySession &session, const QByteArray &ldif, const Options &options)
{
    // It creates administrators and hosts as well as customers' data: only the highest level.
    if (auto allowed = Permissions::require(session, Acl::Right::Admins, {}, QStringLiteral("importing an ISPMan 1.x directory")); !allowed.ok())
        return allowed.error();
    return Importer(session, options).run(ldif);
}

} // namespace Isp::Core::Ispman1Import
