#include "core/ops/ldifops.h"

#include "core/ldap/ldif.h"
#include "core/ops/adminops.h"
#include "core/ops/permissions.h"
#include "core/ops/transaction.h"
#include "core/validation/domainname.h"

#include <QHash>
#include <QJsonArray>
#include <QSet>

#include <algorithm>

namespace Isp::Core::LdifOps {

namespace {

// Attributes the server keeps itself (RFC 4512 operational attributes of slapd 2.5 and its
// overlays). Asking for "*" does not return them; they are left out again in case a server does,
// and refused in an import: the server sets them, a file must not.
const QSet<QString> &operationalAttributes()
{
    static const QSet<QString> names = [] {
        QSet<QString> s;
        for (const char *n :
            { "entryuuid", "entrycsn", "entrydn", "createtimestamp", "modifytimestamp", "creatorsname", "modifiersname",
                "structuralobjectclass", "subschemasubentry", "hassubordinates", "numsubordinates", "contextcsn",
                "pwdchangedtime", "pwdaccountlockedtime", "pwdfailuretime", "pwdhistory", "pwdgraceusetime", "pwdreset",
                "pwdpolicysubentry", "pwdstarttime", "pwdendtime", "pwdlastsuccess", "pwdaccountdisabled",
                "pwdaccounttmplockouttime", "memberof", "authzfrom", "authzto", "ref", "namingcontexts",
                "supportedcontrol", "supportedextension", "supportedfeatures", "supportedldapversion",
                "supportedsaslmechanisms", "monitorcontext", "configcontext", "entryttl", "queryid" })
            s.insert(QString::fromLatin1(n));
        return s;
    }();
    return names;
}

bool isOperational(const QString &attribute)
{
    // Options ("pwdHistory;x") do not change what an attribute is.
    return operationalAttributes().contains(attribute.section(u';', 0, 0).toLower());
}

// Sort key that puts every entry right after its parent: the RDNs from the top, compared one by
// one (a parent's key is a prefix of its children's).
QStringList treeKey(const LdapDn &dn)
{
    QStringList key;
    const QList<LdapRdn> &rdns = dn.rdns();
    for (qsizetype i = rdns.size() - 1; i >= 0; --i) {
        key << LdapDn(QList<LdapRdn> { rdns.at(i) }).normalized();
    }
    return key;
}

void sortParentsFirst(QList<LdapEntry> &entries)
{
    QList<std::pair<QStringList, LdapEntry>> keyed;
    keyed.reserve(entries.size());
    for (const LdapEntry &e : std::as_const(entries))
        keyed.append({ treeKey(e.dn()), e });
    std::stable_sort(keyed.begin(), keyed.end(), [](const auto &a, const auto &b) {
        return std::lexicographical_compare(a.first.begin(), a.first.end(), b.first.begin(), b.first.end());
    });
    entries.clear();
    for (auto &k : keyed)
        entries << std::move(k.second);
}

LdapEntry userAttributesOnly(const LdapEntry &e)
{
    LdapEntry out(e.dn());
    for (const LdapAttribute &a : e.attributes()) {
        if (!isOperational(a.name))
            out.setValues(a.name, a.values);
    }
    return out;
}

OpResult<QList<LdapEntry>> subtree(DirectorySession &s, const LdapDn &base)
{
    LdapSearchRequest r;
    r.base = base;
    r.scope = LdapScope::Subtree;
    r.attributes = QStringList { QStringLiteral("*") };
    r.pageSize = 500;
    auto found = s.search(r);
    if (!found.ok()) {
        if (found.error().code() == LdapCode::NoSuchObject)
            return QList<LdapEntry>();
        return OpError::directory(found.error());
    }
    return found->entries;
}

OpError refused(qsizetype line, const QString &message)
{
    return OpError::invalid(QStringLiteral("file"),
        line > 0 ? QStringLiteral("file: line %1: %2").arg(line).arg(message)
                 : QStringLiteral("file: %1").arg(message));
}

QJsonArray itemsJson(const QList<ImportItem> &items)
{
    QJsonArray out;
    for (const ImportItem &i : items) {
        QJsonObject o { { QStringLiteral("dn"), i.dn }, { QStringLiteral("line"), qint64(i.line) } };
        if (!i.reason.isEmpty())
            o[QStringLiteral("reason")] = i.reason;
        out << o;
    }
    return out;
}

} // namespace

const QStringList &importableObjectClasses()
{
    // ISPMan's schema (resources/ldap/schema: ispman, dnszone, pureftpd) and the standard classes
    // ISPMan's entries are made of: the base entry, POSIX accounts and groups, the superclasses
    // of resellers, clients and users, and the password-holding classes of agents and services.
    static const QStringList classes = {
        QStringLiteral("top"),
        QStringLiteral("organization"),
        QStringLiteral("posixAccount"),
        QStringLiteral("posixGroup"),
        QStringLiteral("groupOfNames"), // the administrator level groups (core/acl/acl.h)
        QStringLiteral("person"),
        QStringLiteral("organizationalPerson"),
        QStringLiteral("inetOrgPerson"),
        QStringLiteral("simpleSecurityObject"),
        QStringLiteral("applicationProcess"),
        QStringLiteral("dNSZone"),
        QStringLiteral("PureFTPdUser"),
        QStringLiteral("ispmanProcesses"),
        QStringLiteral("ispmanDomainUserGroup"),
        QStringLiteral("ispmanDomainAdmins"),
        QStringLiteral("ispmanDomainRelatedObject"),
        QStringLiteral("ispmanBranch"),
        QStringLiteral("ispmanRelatedObject"),
        QStringLiteral("ispmanConfModule"),
        QStringLiteral("ispmanConfVar"),
        QStringLiteral("ispmanCounters"),
        QStringLiteral("ispmanDatabaseData"),
        QStringLiteral("ispmanDomain"),
        QStringLiteral("ispmanDomainService"),
        QStringLiteral("ispmanHost"),
        QStringLiteral("ispmanHostGroup"),
        QStringLiteral("ispmanVirtualHost"),
        QStringLiteral("ispmanVirtualHostAcl"),
        QStringLiteral("ispmanVirtualHostRedirection"),
        QStringLiteral("ispmanVirtualHostUser"),
        QStringLiteral("ispmanVirtualHostAlias"),
        QStringLiteral("ispmanMailGroup"),
        QStringLiteral("ispmanSysadmin"),
        QStringLiteral("ispmanDomainUser"),
        QStringLiteral("ispmanMailUser"),
        QStringLiteral("ispmanUser"),
        QStringLiteral("ispmanClient"),
        QStringLiteral("ispmanReseller"),
        QStringLiteral("ispmanWebmailHost"),
        QStringLiteral("ispmanProcessLease"),
        QStringLiteral("ispmanAgentStatus"),
        QStringLiteral("ispmanApplyStatus"),
        QStringLiteral("ispmanServiceAccount"),
        QStringLiteral("ispmanSchemaInfo"),
        QStringLiteral("ispmanDnsOwnership"),
    };
    return classes;
}

OpResult<QList<LdapEntry>> exportEntries(DirectorySession &s, const ExportOptions &options)
{
    // Everything, password hashes included: for the administrators who may change anything.
    if (auto allowed
        = Permissions::require(s, Acl::Right::Admins, {}, QStringLiteral("exporting the directory as LDIF"));
        !allowed.ok())
        return allowed.error();
    QList<LdapEntry> out;
    if (options.domain.isEmpty()) {
        auto all = subtree(s, s.dit().base());
        if (!all.ok())
            return all.error();
        out = *all;
    } else {
        auto name = Validate::domainName(QStringLiteral("domain"), options.domain);
        if (!name.ok())
            return OpError::invalid(name.error().field, name.error().message);
        auto domain = subtree(s, s.dit().domain(*name));
        if (!domain.ok())
            return domain.error();
        if (domain->isEmpty())
            return OpError::notFound(QStringLiteral("domain: %1 does not exist").arg(*name));
        auto zone = subtree(s, s.dit().zone(*name));
        if (!zone.ok())
            return zone.error();
        out = *domain + *zone;
    }
    for (LdapEntry &e : out)
        e = userAttributesOnly(e);
    sortParentsFirst(out);
    return out;
}

OpResult<QByteArray> exportLdif(DirectorySession &s, const ExportOptions &options)
{
    auto entries = exportEntries(s, options);
    if (!entries.ok())
        return entries.error();
    return Ldif::write(*entries);
}

OpResult<ImportReport> import(DirectorySession &s, const QByteArray &ldif, const ImportOptions &options)
{
    if (auto allowed
        = Permissions::require(s, Acl::Right::Admins, {}, QStringLiteral("importing LDIF into the directory"));
        !allowed.ok())
        return allowed.error();
    auto parsed = Ldif::parseRecords(ldif);
    if (!parsed.ok())
        return OpError::invalid(QStringLiteral("file"), QStringLiteral("file: %1").arg(parsed.error().toString()));
    if (parsed->isEmpty())
        return refused(0, QStringLiteral("no records"));

    // 1. The file on its own: below the base, known classes, no operational attributes, each DN once.
    const LdapDn &base = s.dit().base();
    QHash<QString, qsizetype> lineOf; // normalized DN -> line
    for (const LdifRecord &r : std::as_const(*parsed)) {
        const LdapDn &dn = r.entry.dn();
        const QString key = dn.normalized();
        if (!(dn == base) && !dn.isDescendantOf(base))
            return refused(
                r.line, QStringLiteral("%1 is outside this directory's base %2").arg(dn.toString(), base.toString()));
        if (lineOf.contains(key))
            return refused(r.line,
                QStringLiteral("%1 appears twice (first on line %2)").arg(dn.toString()).arg(lineOf.value(key)));
        lineOf.insert(key, r.line);
        const QStringList classes = r.entry.texts(QStringLiteral("objectClass"));
        if (classes.isEmpty())
            return refused(r.line, QStringLiteral("%1 has no objectClass").arg(dn.toString()));
        for (const QString &c : classes) {
            if (!importableObjectClasses().contains(c.trimmed(), Qt::CaseInsensitive))
                return refused(r.line,
                    QStringLiteral("%1: the object class \"%2\" is not part of ISPMan's schema")
                        .arg(dn.toString(), c.left(80)));
        }
        for (const QString &a : r.entry.attributeNames()) {
            if (isOperational(a))
                return refused(r.line,
                    QStringLiteral("%1: %2 is an operational attribute, which the directory sets itself")
                        .arg(dn.toString(), a));
        }
    }

    // 2. Against the directory: what exists is skipped; every new record's parent must be there.
    QList<LdifRecord> records = *parsed;
    std::stable_sort(records.begin(), records.end(),
        [](const LdifRecord &a, const LdifRecord &b) { return a.entry.dn().depth() < b.entry.dn().depth(); });
    ImportReport report;
    report.dryRun = options.dryRun;
    QSet<QString> present; // in the directory, or added by this import
    QList<const LdifRecord *> toAdd;
    for (const LdifRecord &r : std::as_const(records)) {
        const LdapDn &dn = r.entry.dn();
        auto existing = s.read(dn, { QStringLiteral("1.1") });
        if (!existing.ok())
            return OpError::directory(existing.error());
        if (existing->has_value()) {
            present.insert(dn.normalized());
            report.skipped << ImportItem { dn.toString(), r.line, QStringLiteral("exists") };
            continue;
        }
        const LdapDn parent = dn.parent();
        if (!present.contains(parent.normalized())) {
            auto p = s.read(parent, { QStringLiteral("1.1") });
            if (!p.ok())
                return OpError::directory(p.error());
            if (!p->has_value())
                return refused(r.line,
                    QStringLiteral("%1: its parent %2 is neither in the file nor in the directory")
                        .arg(dn.toString(), parent.toString()));
        }
        present.insert(dn.normalized());
        toAdd << &r;
    }
    if (options.dryRun) {
        for (const LdifRecord *r : std::as_const(toAdd))
            report.added << ImportItem { r->entry.dn().toString(), r->line, QString() };
        return report;
    }

    // 3. Parents first, all or nothing.
    Transaction tx(s);
    for (const LdifRecord *r : std::as_const(toAdd)) {
        auto added = tx.add(r->entry);
        if (!added.ok()) {
            const LdapError error = added.error();
            const qsizetype done = report.added.size();
            const QStringList left = tx.rollback();
            if (error.isRetryable())
                return OpError::directory(error);
            QString message = QStringLiteral("%1: the directory refused it: %2; nothing was written")
                                  .arg(r->entry.dn().toString(), error.toString());
            if (!left.isEmpty())
                message
                    = QStringLiteral("%1: the directory refused it: %2; %3 of the %4 entries added before could not be "
                                     "removed again: %5")
                          .arg(r->entry.dn().toString(), error.toString())
                          .arg(left.size())
                          .arg(done)
                          .arg(left.join(QStringLiteral("; ")));
            return refused(r->line, message);
        }
        report.added << ImportItem { r->entry.dn().toString(), r->line, QString() };
    }
    // slapd knows administrators' levels only from the level groups: an administrator added
    // here joins its groups in the same transaction (whatever group entries the file had).
    for (const LdifRecord *r : std::as_const(toAdd)) {
        const LdapEntry &e = r->entry;
        if (!(e.dn().parent() == s.dit().admins())
            || !e.texts(QStringLiteral("objectClass")).contains(QStringLiteral("ispmanSysadmin"), Qt::CaseInsensitive))
            continue;
        bool ok = false;
        const int level = e.text(QStringLiteral("ispmanSysadminLevel")).toInt(&ok);
        auto groups = AdminOps::setGroupMemberships(tx, e.dn(), ok ? std::optional<int>(level) : std::nullopt);
        if (!groups.ok()) {
            const QStringList left = tx.rollback();
            QString message = QStringLiteral("%1: its administrator groups could not be updated: %2; nothing was written")
                                  .arg(e.dn().toString(), groups.error().message);
            if (!left.isEmpty())
                message = QStringLiteral("%1: its administrator groups could not be updated: %2; could not undo: %3")
                              .arg(e.dn().toString(), groups.error().message, left.join(QStringLiteral("; ")));
            return refused(r->line, message);
        }
    }
    tx.commit();
    return report;
}

QJsonObject ImportReport::toJson() const
{
    return QJsonObject { { QStringLiteral("dryRun"), dryRun }, { QStringLiteral("added"), itemsJson(added) },
        { QStringLiteral("skipped"), itemsJson(skipped) } };
}

QString ImportReport::toText() const
{
    QString out;
    out += QStringLiteral("%1 %2 entries%3\n")
               .arg(dryRun ? QStringLiteral("Would add") : QStringLiteral("Added"))
               .arg(added.size())
               .arg(dryRun ? QStringLiteral(" (dry run: nothing written)") : QString());
    for (const ImportItem &i : added)
        out += QStringLiteral("  line %1: %2\n").arg(i.line).arg(i.dn);
    out += QStringLiteral("Skipped (already there): %1\n").arg(skipped.size());
    for (const ImportItem &i : skipped)
        out += QStringLiteral("  line %1: %2\n").arg(i.line).arg(i.dn);
    return out;
}

} // namespace Isp::Core::LdifOps
