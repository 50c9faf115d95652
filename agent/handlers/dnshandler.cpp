#include "agent/handlers/dnshandler.h"

#include "core/model/domain.h"
#include "core/ops/dnsops.h"
#include "core/ops/domainops.h"
#include "core/ops/zonefile.h"
#include "core/validation/dnsrecordtype.h"
#include "core/validation/domainname.h"
#include "core/validation/ipaddress.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QTemporaryFile>

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <functional>
#include <system_error>

namespace Isp::Agent {

namespace {

Q_LOGGING_CATEGORY(lcDns, "isp.agent.dns")

const QString kModifyDomain = QStringLiteral("modifyDomain");
const QString kDnsGroup = QStringLiteral("dnsgroup");
const QString kZoneSuffix = QStringLiteral(".zone");
const QStringList kDomainAttributes { QStringLiteral("ispmanDomain"), QStringLiteral("ispmanDomainType"),
    QStringLiteral("dnsHost"), QStringLiteral("ispmanDnsMasters"), QStringLiteral("ispmanReplicaMaster") };

// What this host should have for one zone, as the directory says now.
struct Want
{
    enum class Kind { Absent, Primary, Secondary };
    Kind kind = Kind::Absent;
    QString content; // Primary: the master file
    quint32 serial = 0; // Primary: its SOA serial (for messages)
    QStringList masters; // Secondary: canonical addresses, in the directory's order
    QString why; // Absent: why this host serves no such zone
};

Want absent(const QString &why)
{
    Want w;
    w.why = why;
    return w;
}

QString systemError(int error)
{
    return QString::fromStdString(std::error_code(error, std::generic_category()).message());
}

// A zone name from the directory or a process, normalised; refused unless it is a domain name
// that also makes a plain file name, since it becomes part of a path and of the include.
Core::Validated<QString> checkedZoneName(const QString &field, const QString &raw)
{
    auto z = Core::Validate::domainName(field, raw);
    if (!z.ok())
        return z;
    if (!RootedPaths::isPlainName(*z + kZoneSuffix))
        return Core::ValidationError { field, QStringLiteral("file-name"),
            QStringLiteral("%1: the zone name cannot name a file").arg(field) };
    return z;
}

// This host's names as processes and domains name it; empty only when the context is broken.
QStringList thisHost(const HandlerContext &context)
{
    QStringList names = context.hostNames;
    if (!context.hostName.isEmpty() && !names.contains(context.hostName, Qt::CaseInsensitive))
        names << context.hostName;
    return names;
}

bool namesThisHost(const QStringList &names, const QStringList &hostNames)
{
    for (const QString &n : names) {
        for (const QString &h : hostNames) {
            if (n.compare(h, Qt::CaseInsensitive) == 0)
                return true;
        }
    }
    return false;
}

// docs/processes.md, "Targeting": the domain's dnsHost values, else every member of dnsgroup.
bool servedHere(const Core::Domain &d, const QStringList &dnsGroup, const QStringList &hostNames)
{
    return namesThisHost(d.dnsHosts.isEmpty() ? dnsGroup : d.dnsHosts, hostNames);
}

// Empty when every record of the zone is one ISPMan itself would write. Values are written into
// the master file verbatim, so a value or owner name written straight into the directory (a
// newline and a $INCLUDE, say) must not reach it; what BIND rejects as a zone (a CNAME beside
// other data, an NS without address) is left to the configured zone checker.
QString unsafeRecords(const Core::DnsZone &zone)
{
    for (const Core::DnsRecord &r : zone.records) {
        auto checked = Core::DnsOps::checkRecord(zone.name, r);
        if (!checked.ok())
            return QStringLiteral("a record of type %1 does not validate: %2")
                .arg(Core::dnsRecordTypeName(r.type), checked.error().message);
    }
    const QRegularExpression absoluteName(QStringLiteral("^[A-Za-z0-9_\\-]+(\\\\?\\.[A-Za-z0-9_\\-]+)*\\.$"));
    if (!absoluteName.match(zone.soa.primary).hasMatch() || !absoluteName.match(zone.soa.mailbox).hasMatch())
        return QStringLiteral("the SOA's name server or mailbox is not an absolute domain name");
    return {};
}

// The master file for `zone`, made of the records of the directory's zone `source`: the same zone,
// or the master of a replica (whose records are served under the replica's name).
Core::Result<Want, QString> primaryZone(Core::DirectorySession &session, const QString &zone, const QString &source)
{
    auto data = Core::DnsOps::showZone(session, source);
    if (!data.ok()) {
        if (data.error().kind == Core::OpError::Kind::NotFound)
            return absent(QStringLiteral("the directory has no zone %1").arg(source));
        return QStringLiteral("reading the zone %1 failed: %2").arg(source, data.error().toString());
    }
    Core::DnsZone z = *data;
    z.name = zone;
    if (const QString why = unsafeRecords(z); !why.isEmpty())
        return QStringLiteral("the zone %1 in the directory cannot be served: %2; repair it there").arg(source, why);
    Want w;
    w.kind = Want::Kind::Primary;
    w.content = Core::exportZone(z);
    w.serial = z.soa.serial;
    return w;
}

Core::Result<Want, QString> desired(HandlerContext &context, const QString &zone, const QStringList &dnsGroup)
{
    Core::DirectorySession &s = context.session;
    auto entry = s.read(s.dit().domain(zone), kDomainAttributes);
    if (!entry.ok())
        return QStringLiteral("reading the domain %1 failed: %2").arg(zone, entry.error().toString());
    if (!entry->has_value())
        return absent(QStringLiteral("the directory has no domain %1").arg(zone));
    const Core::Domain d = Core::Domain::fromEntry(**entry);
    if (!servedHere(d, dnsGroup, thisHost(context))) {
        if (d.dnsHosts.isEmpty())
            return absent(
                QStringLiteral("%1 is served by the members of %2, and this host is not one").arg(zone, kDnsGroup));
        return absent(QStringLiteral("%1 is served by its DNS hosts (%2), not by this host")
                          .arg(zone, d.dnsHosts.join(QStringLiteral(", ")).left(300)));
    }
    switch (d.type) {
    case Core::Domain::Type::Primary:
        return primaryZone(s, zone, zone);
    case Core::Domain::Type::Slave: {
        Want w;
        w.kind = Want::Kind::Secondary;
        for (const QString &m : d.dnsMasters) {
            auto ip = Core::Validate::ipAddress(QStringLiteral("ispmanDnsMasters"), m);
            if (!ip.ok())
                return QStringLiteral("the slave domain %1 cannot be served: %2").arg(zone, ip.error().message);
            if (!w.masters.contains(*ip))
                w.masters << *ip;
        }
        if (w.masters.isEmpty())
            return QStringLiteral("the slave domain %1 has no master name servers (ispmanDnsMasters)").arg(zone);
        return w;
    }
    case Core::Domain::Type::Replica: {
        auto master = Core::Validate::domainName(QStringLiteral("ispmanReplicaMaster"), d.replicaMaster);
        if (!master.ok())
            return QStringLiteral("the replica domain %1 cannot be served: %2").arg(zone, master.error().message);
        auto m = s.read(s.dit().domain(*master), kDomainAttributes);
        if (!m.ok())
            return QStringLiteral("reading the domain %1 failed: %2").arg(*master, m.error().toString());
        if (!m->has_value())
            return absent(QStringLiteral("the master domain %1 of the replica %2 does not exist").arg(*master, zone));
        const Core::Domain md = Core::Domain::fromEntry(**m);
        if (md.type != Core::Domain::Type::Primary)
            return absent(QStringLiteral(
                "the replica %1 follows %2, a %3 domain; only a primary domain's zone is served under a replica's name")
                              .arg(zone, *master, Core::Domain::typeName(md.type)));
        return primaryZone(s, zone, *master);
    }
    case Core::Domain::Type::NoDns:
        break;
    }
    return absent(QStringLiteral("%1 is a nodns domain").arg(zone));
}

Core::Result<QStringList, QString> dnsGroupMembers(Core::DirectorySession &s)
{
    auto group = s.read(s.dit().hostGroup(kDnsGroup), { QStringLiteral("ispmanHostGroupMember") });
    if (!group.ok())
        return QStringLiteral("reading the host group %1 failed: %2").arg(kDnsGroup, group.error().toString());
    // It is part of every ISPMan directory: without it, every zone would look like another host's
    // and be removed here, so a wrong base DN must not get that far.
    if (!group->has_value())
        return QStringLiteral("the host group %1 does not exist (%2): is the agent's base DN right?")
            .arg(kDnsGroup, s.dit().hostGroup(kDnsGroup).toString());
    return (*group)->texts(QStringLiteral("ispmanHostGroupMember"));
}

// The replica domains of `zone`; names that cannot be zones go to `problems`.
Core::Result<QStringList, QString> replicasOf(Core::DirectorySession &s, const QString &zone, QStringList *problems)
{
    auto found = s.find(s.dit().base(),
        Core::LdapFilter::allOf({ Core::LdapFilter::objectClass(QStringLiteral("ispmanDomain")),
            Core::LdapFilter::equals(QStringLiteral("ispmanReplicaMaster"), zone) }),
        { QStringLiteral("ispmanDomain") }, Core::LdapScope::OneLevel);
    if (!found.ok())
        return QStringLiteral("looking up the replicas of %1 failed: %2").arg(zone, found.error().toString());
    QStringList out;
    for (const Core::LdapEntry &e : std::as_const(*found)) {
        auto name = checkedZoneName(QStringLiteral("replica of %1").arg(zone), e.text(QStringLiteral("ispmanDomain")));
        if (name.ok())
            out << *name;
        else
            *problems << name.error().message;
    }
    return out;
}

// The file's content; nullopt when there is none.
Core::Result<std::optional<QByteArray>, QString> readFile(const QString &path)
{
    QFile f(path);
    if (!f.exists())
        return std::optional<QByteArray>();
    if (!f.open(QIODevice::ReadOnly))
        return QStringLiteral("cannot read %1: %2").arg(path, f.errorString());
    return std::optional<QByteArray>(f.readAll());
}

// Writes `content` to a temporary file beside `target`, lets `check` judge it (a reason to refuse,
// or nothing), and renames it over `target`: readers see the old file or the new one, never a
// part, and a refused file never replaces the old one. Returns why it did not happen.
QString replaceFile(
    const QString &target, const QByteArray &content, const std::function<QString(const QString &)> &check)
{
    const QFileInfo info(target);
    const QString dir = info.absolutePath();
    if (!QDir().mkpath(dir))
        return QStringLiteral("cannot create the folder %1").arg(dir);
    QTemporaryFile temp(dir + QStringLiteral("/.ispman-") + info.fileName() + QStringLiteral("-XXXXXX"));
    if (!temp.open())
        return QStringLiteral("cannot create a temporary file in %1: %2").arg(dir, temp.errorString());
    if (temp.write(content) != content.size() || !temp.flush())
        return QStringLiteral("cannot write %1: %2").arg(temp.fileName(), temp.errorString());
    if (::fsync(temp.handle()) != 0)
        return QStringLiteral("cannot write %1: %2").arg(temp.fileName(), systemError(errno));
    // named reads these files as its own user; their content is public anyway.
    if (!temp.setPermissions(
            QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup | QFileDevice::ReadOther))
        return QStringLiteral("cannot set the permissions of %1: %2").arg(temp.fileName(), temp.errorString());
    temp.close();
    if (QString refused = check(temp.fileName()); !refused.isEmpty())
        return refused;
    if (::rename(QFile::encodeName(temp.fileName()).constData(), QFile::encodeName(target).constData()) != 0) {
        const int error = errno;
        return QStringLiteral("cannot rename %1 to %2: %3").arg(temp.fileName(), target, systemError(error));
    }
    temp.setAutoRemove(false);
    return {};
}

// Removes a file (or a symbolic link, not what it points to). Returns why it could not.
QString removeFile(const QString &path, bool *removed)
{
    *removed = false;
    if (::unlink(QFile::encodeName(path).constData()) == 0) {
        *removed = true;
        return {};
    }
    const int error = errno;
    if (error == ENOENT)
        return {};
    return QStringLiteral("cannot remove %1: %2").arg(path, systemError(error));
}

QString primaryStatement(const QString &zone, const QString &file)
{
    return QStringLiteral("zone \"%1\" { type primary; file \"%2\"; };").arg(zone, file);
}

QString secondaryStatement(const QString &zone, const QStringList &masters)
{
    return QStringLiteral("zone \"%1\" { type secondary; primaries { %2; }; };")
        .arg(zone, masters.join(QStringLiteral("; ")));
}

// The statements of an include this handler wrote, by zone. Other lines are dropped (with a
// warning): they go with the next write.
std::map<QString, QString> parseStatements(const QString &file, const QByteArray &text)
{
    const QRegularExpression statement(QStringLiteral("^zone \"([^\"]+)\" \\{ .* \\};$"));
    std::map<QString, QString> out;
    for (const QString &raw : QString::fromUtf8(text).split(QLatin1Char('\n'))) {
        const QString line = raw.trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1String("//")))
            continue;
        const QRegularExpressionMatch m = statement.match(line);
        if (m.hasMatch()) {
            auto zone = checkedZoneName(QStringLiteral("zone"), m.captured(1));
            if (zone.ok() && *zone == m.captured(1)) {
                out[*zone] = line;
                continue;
            }
        }
        qCWarning(lcDns) << "ignoring a line of" << file << "that ispman-agent did not write:" << line.left(200);
    }
    return out;
}

QByteArray renderInclude(const std::map<QString, QString> &statements)
{
    QString out = QStringLiteral(
        "// The zones this host serves, written by ispman-agent from the directory; edits here are overwritten.\n");
    for (const auto &[zone, statement] : statements)
        out += statement + QLatin1Char('\n');
    return out.toUtf8();
}

} // namespace

// --- Files and locks -----------------------------------------------------------------------------

struct DnsHandler::Files
{
    QString zonesDir; // root applied
    QString includeFile; // root applied

    [[nodiscard]] QString zoneFile(const QString &zone) const
    {
        return zonesDir + QLatin1Char('/') + zone + kZoneSuffix;
    }
};

struct DnsHandler::Applied
{
    QString zone;
    bool primary = false; // served from a zone file
    bool fileChanged = false; // its zone file was written or removed
    bool statementChanged = false; // its statement in the include changed (or went)
    bool listedBefore = false; // the include had a statement for it before
    bool reload = false; // BIND must reload it (after any reconfigure)
    std::optional<QString> statement; // its statement in the include now
    QStringList notes; // what changed
    QString error; // why it could not be converged; nothing was changed for it
};

class DnsHandler::ZoneLock
{
public:
    ZoneLock(DnsHandler &handler, QString zone) : m_handler(handler), m_zone(std::move(zone))
    {
        std::unique_lock lock(m_handler.m_zonesMutex);
        m_handler.m_zoneFree.wait(lock, [this] { return !m_handler.m_busyZones.contains(m_zone); });
        m_handler.m_busyZones.insert(m_zone);
    }
    ~ZoneLock()
    {
        {
            std::lock_guard lock(m_handler.m_zonesMutex);
            m_handler.m_busyZones.erase(m_zone);
        }
        m_handler.m_zoneFree.notify_all();
    }
    ZoneLock(const ZoneLock &) = delete;
    ZoneLock &operator=(const ZoneLock &) = delete;

private:
    DnsHandler &m_handler;
    QString m_zone;
};

Core::Result<DnsHandler::Files, QString> DnsHandler::locate(const HandlerContext &context)
{
    auto zones = context.paths.map(context.config.dns.zonesDir);
    if (!zones.ok())
        return QStringLiteral("dns.zones-dir: %1").arg(zones.error().message);
    auto include = context.paths.map(context.config.dns.includeFile);
    if (!include.ok())
        return QStringLiteral("dns.include-file: %1").arg(include.error().message);
    // The zone files are named in the include between double quotes.
    if (zones->contains(QLatin1Char('"')) || zones->contains(QLatin1Char('\\')))
        return QStringLiteral("dns.zones-dir: \"%1\" contains a quote or a backslash, which named.conf cannot hold")
            .arg(*zones);
    Files f;
    f.zonesDir = *zones;
    f.includeFile = *include;
    return f;
}

// --- The include ----------------------------------------------------------------------------------

bool DnsHandler::loadStatements(const Files &files, QString *error)
{
    if (m_loaded && m_loadedFrom == files.includeFile)
        return true;
    auto text = readFile(files.includeFile);
    if (!text.ok()) {
        *error = text.error();
        return false;
    }
    m_statements = parseStatements(files.includeFile, text->value_or(QByteArray()));
    m_loaded = true;
    m_loadedFrom = files.includeFile;
    return true;
}

std::optional<QString> DnsHandler::setStatement(
    const Files &files, const QString &zone, const std::optional<QString> &statement, QString *error)
{
    std::lock_guard lock(m_includeMutex);
    if (!loadStatements(files, error))
        return std::nullopt;
    std::optional<QString> before;
    if (const auto it = m_statements.find(zone); it != m_statements.end())
        before = it->second;
    if (statement)
        m_statements[zone] = *statement;
    else
        m_statements.erase(zone);
    return before;
}

QStringList DnsHandler::listedZones(const Files &files, QString *error)
{
    std::lock_guard lock(m_includeMutex);
    QStringList out;
    if (!loadStatements(files, error))
        return out;
    for (const auto &[zone, statement] : m_statements)
        out << zone;
    return out;
}

QString DnsHandler::flushInclude(HandlerContext &context, const Files &files, bool *written)
{
    *written = false;
    std::uint64_t upTo = 0;
    {
        std::lock_guard lock(m_includeMutex);
        QString error;
        if (!loadStatements(files, &error))
            return error;
        const QByteArray text = renderInclude(m_statements);
        auto current = readFile(files.includeFile);
        if (!current.ok())
            return current.error();
        if (*current != text) {
            const QString refused = replaceFile(files.includeFile, text, [&](const QString &temp) {
                const QStringList argv = CommandRunner::commandLine(context.config.dns.checkConf, { temp });
                const CommandResult r = context.commands.run(argv);
                return r.ok() ? QString() : r.describe(argv);
            });
            if (!refused.isEmpty())
                return QStringLiteral("the include file %1 was not replaced: %2").arg(files.includeFile, refused);
            ++m_includeWrites;
            *written = true;
        }
        if (m_reconfigured >= m_includeWrites)
            return {};
        upTo = m_includeWrites;
    }
    const QStringList argv = CommandRunner::commandLine(context.config.dns.reconfig);
    const CommandResult r = context.reloader.reload(QStringLiteral("dns"), argv);
    if (!r.ok())
        return QStringLiteral("reconfiguring BIND for the new zone list failed (retried by the next run): %1")
            .arg(r.describe(argv));
    std::lock_guard lock(m_includeMutex);
    m_reconfigured = std::max(m_reconfigured, upTo);
    return {};
}

// --- Reloads --------------------------------------------------------------------------------------

bool DnsHandler::reloadPending(const QString &zone) const
{
    std::lock_guard lock(m_zonesMutex);
    return m_reloadPending.contains(zone);
}

QString DnsHandler::reloadZone(HandlerContext &context, const QString &zone)
{
    const QStringList argv = CommandRunner::commandLine(context.config.dns.reloadZone, { zone });
    const CommandResult r = context.reloader.reload(QStringLiteral("dns:") + zone, argv);
    std::lock_guard lock(m_zonesMutex);
    if (r.ok()) {
        m_reloadPending.erase(zone);
        return {};
    }
    // The file is already in place, so the next run would see nothing to do: remember the reload.
    m_reloadPending.insert(zone);
    return QStringLiteral("%1: reloading the zone failed (retried by the next run): %2").arg(zone, r.describe(argv));
}

// --- One zone -------------------------------------------------------------------------------------

DnsHandler::Applied DnsHandler::converge(
    HandlerContext &context, const Files &files, const QString &zone, const QStringList &dnsGroup)
{
    Applied a;
    a.zone = zone;
    auto want = desired(context, zone, dnsGroup);
    if (!want.ok()) {
        a.error = want.error();
        return a;
    }
    const QString path = files.zoneFile(zone);
    std::optional<QString> statement;
    if (want->kind == Want::Kind::Primary) {
        a.primary = true;
        const QByteArray content = want->content.toUtf8();
        auto current = readFile(path);
        if (!current.ok()) {
            a.error = QStringLiteral("%1: %2").arg(zone, current.error());
            return a;
        }
        if (*current != content) {
            const QString refused = replaceFile(path, content, [&](const QString &temp) {
                const QStringList argv = CommandRunner::commandLine(context.config.dns.checkZone, { zone, temp });
                const CommandResult r = context.commands.run(argv);
                return r.ok() ? QString() : r.describe(argv);
            });
            if (!refused.isEmpty()) {
                a.error = current->has_value()
                    ? QStringLiteral("%1: the zone file was not replaced (%2 is kept as it was): %3")
                          .arg(zone, path, refused)
                    : QStringLiteral("%1: no zone file was written: %2").arg(zone, refused);
                return a;
            }
            a.fileChanged = true;
            a.notes << QStringLiteral("zone file written (serial %1)").arg(want->serial);
        }
        statement = primaryStatement(zone, path);
    } else {
        if (want->kind == Want::Kind::Secondary)
            statement = secondaryStatement(zone, want->masters);
        bool removed = false;
        if (const QString error = removeFile(path, &removed); !error.isEmpty()) {
            a.error = QStringLiteral("%1: %2").arg(zone, error);
            return a;
        }
        if (removed) {
            a.fileChanged = true;
            a.notes << (want->kind == Want::Kind::Secondary ? QStringLiteral("zone file removed (now a secondary zone)")
                                                            : QStringLiteral("zone file removed (%1)").arg(want->why));
        }
    }
    QString error;
    const std::optional<QString> before = setStatement(files, zone, statement, &error);
    if (!error.isEmpty()) {
        a.error = QStringLiteral("%1: %2").arg(zone, error);
        return a;
    }
    a.statement = statement;
    a.listedBefore = before.has_value();
    a.statementChanged = before != statement;
    if (a.statementChanged)
        a.notes << (statement
                ? (before ? QStringLiteral("statement changed") : QStringLiteral("added to the zone list"))
                : QStringLiteral("dropped from the zone list (%1)").arg(want->why));
    // A zone new to the list is loaded by the reconfigure; one no longer served needs nothing.
    a.reload = a.primary && a.listedBefore && (a.fileChanged || reloadPending(zone));
    if (!a.primary || !a.listedBefore) {
        std::lock_guard lock(m_zonesMutex);
        m_reloadPending.erase(zone);
    }
    return a;
}

// --- The handler ----------------------------------------------------------------------------------

QString DnsHandler::service() const
{
    return QStringLiteral("dns");
}

QStringList DnsHandler::processes() const
{
    return { kModifyDomain };
}

Outcome DnsHandler::run(const Core::Process &process, HandlerContext &context)
{
    if (process.name != kModifyDomain)
        return Outcome::failed(
            QStringLiteral("the DNS handler does not run \"%1\" processes").arg(process.name.left(80)));
    // The zone: the process's parameter, else the RDN of its target, else its domain.
    QString raw;
    for (const auto &[key, value] : process.params) {
        if (key == QLatin1String("zone"))
            raw = value;
    }
    if (raw.isEmpty()) {
        if (const auto target = Core::LdapDn::parse(process.target); target && !process.target.isEmpty())
            raw = target->rdnValue();
    }
    if (raw.isEmpty())
        raw = process.domain;
    auto zone = checkedZoneName(QStringLiteral("zone"), raw);
    if (!zone.ok())
        return Outcome::failed(QStringLiteral("process %1 names no zone this host can serve: %2")
                                   .arg(process.pid)
                                   .arg(zone.error().message));

    if (thisHost(context).isEmpty())
        return Outcome::failed(QStringLiteral("the agent has no host name, so it cannot tell which zones it serves"));
    auto files = locate(context);
    if (!files.ok())
        return Outcome::failed(files.error());
    auto group = dnsGroupMembers(context.session);
    if (!group.ok())
        return Outcome::failed(group.error());
    QStringList errors;
    auto replicas = replicasOf(context.session, *zone, &errors);
    if (!replicas.ok())
        return Outcome::failed(replicas.error());

    QList<Applied> applied;
    for (const QString &z : QStringList { *zone } + *replicas) {
        ZoneLock lock(*this, z);
        applied << converge(context, *files, z, *group);
    }
    bool written = false;
    const QString flushError = flushInclude(context, *files, &written);
    QStringList notes;
    bool changed = written;
    for (qsizetype i = 0; i < applied.size(); ++i) {
        Applied &a = applied[i];
        if (!a.error.isEmpty()) {
            // A replica is an object of its own: its problem fails its own processes and shows in
            // every reconcile, not the master's process, whose zone is in place.
            if (i == 0)
                errors << a.error;
            else
                notes << QStringLiteral("replica %1 not updated: %2").arg(a.zone, a.error);
        }
        if (a.reload) {
            if (const QString e = reloadZone(context, a.zone); !e.isEmpty())
                errors << e;
            else
                a.notes << QStringLiteral("reloaded");
        }
        changed = changed || a.fileChanged || a.statementChanged;
        if (i > 0 && !a.error.isEmpty())
            qCWarning(lcDns).noquote() << "replica" << a.zone << "of" << *zone << "not updated:" << a.error;
        if (!a.notes.isEmpty())
            notes << QStringLiteral("%1: %2").arg(a.zone, a.notes.join(QStringLiteral(", ")));
    }
    if (!flushError.isEmpty())
        errors << flushError;
    else if (written)
        notes << QStringLiteral("zone list written, BIND reconfigured");
    if (!errors.isEmpty()) {
        qCWarning(lcDns).noquote() << "modifyDomain" << *zone << "failed:" << errors.join(QStringLiteral("; "));
        return Outcome { false, changed, errors.join(QStringLiteral("; ")) };
    }
    const QString message
        = notes.isEmpty() ? QStringLiteral("%1: up to date").arg(*zone) : notes.join(QStringLiteral("; "));
    if (changed)
        qCInfo(lcDns).noquote() << message;
    return Outcome::done(changed, message);
}

ReconcileReport DnsHandler::reconcile(HandlerContext &context)
{
    ReconcileReport report;
    if (thisHost(context).isEmpty()) {
        report.problems << QStringLiteral("the agent has no host name, so it cannot tell which zones it serves");
        return report;
    }
    auto files = locate(context);
    if (!files.ok()) {
        report.problems << files.error();
        return report;
    }
    auto group = dnsGroupMembers(context.session);
    if (!group.ok()) {
        report.problems << group.error();
        return report;
    }
    auto domains = Core::DomainOps::list(context.session);
    if (!domains.ok()) {
        report.problems << QStringLiteral("listing the domains failed: %1").arg(domains.error().toString());
        return report;
    }
    // Every zone that might need work here: those the directory assigns to this host, those the
    // include lists and those with a zone file. Each is then converged from a fresh read under its
    // lock, so that a run() for it meanwhile is never undone by this list.
    std::set<QString> zones;
    for (const Core::Domain &d : std::as_const(*domains)) {
        if (d.type == Core::Domain::Type::NoDns || !servedHere(d, *group, thisHost(context)))
            continue;
        auto z = checkedZoneName(QStringLiteral("domain"), d.name);
        if (z.ok())
            zones.insert(*z);
        else
            report.problems << QStringLiteral("a domain entry cannot be served: %1").arg(z.error().message);
    }
    // The include as it is on disk, to tell which statements had drifted.
    auto onDisk = readFile(files->includeFile);
    const std::map<QString, QString> listed
        = parseStatements(files->includeFile, onDisk.ok() ? onDisk->value_or(QByteArray()) : QByteArray());
    QString error;
    for (const QString &z : listedZones(*files, &error))
        zones.insert(z);
    if (!error.isEmpty())
        report.problems << error;
    const QStringList zoneFiles
        = QDir(files->zonesDir).entryList({ QStringLiteral("*") + kZoneSuffix }, QDir::Files | QDir::System);
    for (const QString &f : zoneFiles) {
        const QString name = f.chopped(kZoneSuffix.size());
        auto z = checkedZoneName(QStringLiteral("file"), name);
        if (z.ok() && *z == name) // others were not written by this handler: left alone
            zones.insert(*z);
    }

    QList<Applied> applied;
    for (const QString &z : zones) {
        ZoneLock lock(*this, z);
        applied << converge(context, *files, z, *group);
    }
    bool written = false;
    if (const QString e = flushInclude(context, *files, &written); !e.isEmpty())
        report.problems << e;
    QStringList repaired;
    for (Applied &a : applied) {
        ++report.checked;
        if (!a.error.isEmpty()) {
            report.problems << a.error;
            continue;
        }
        if (a.reload) {
            if (const QString e = reloadZone(context, a.zone); !e.isEmpty())
                report.problems << e;
        }
        const auto disk = listed.find(a.zone);
        const std::optional<QString> wasOnDisk
            = disk == listed.end() ? std::nullopt : std::optional<QString>(disk->second);
        if (!a.statementChanged && wasOnDisk != a.statement) {
            a.statementChanged = true;
            a.notes << QStringLiteral("statement in the include repaired");
        }
        if (a.fileChanged || a.statementChanged) {
            ++report.repaired;
            repaired << QStringLiteral("%1 (%2)").arg(a.zone, a.notes.join(QStringLiteral(", ")));
        }
    }
    if (!repaired.isEmpty())
        qCInfo(lcDns).noquote() << "reconcile repaired" << repaired.join(QStringLiteral("; "));
    for (const QString &p : std::as_const(report.problems))
        qCWarning(lcDns).noquote() << "reconcile:" << p;
    return report;
}

} // namespace Isp::Agent
