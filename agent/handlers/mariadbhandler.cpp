#include "agent/handlers/mariadbhandler.h"

#include "agent/handlers/mariadbclient.h"
#include "agent/handlers/mariadbsql.h"
#include "agent/handlers/processtarget.h"
#include "core/model/database.h"
#include "core/validation/database.h"

#include <QFileInfo>
#include <QHash>
#include <QLoggingCategory>
#include <QMap>
#include <QMutexLocker>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>

namespace Isp::Agent {

namespace {

Q_LOGGING_CATEGORY(lcMariadb, "isp.agent.mariadb", QtInfoMsg)

using Core::LdapEntry;
using Core::LdapFilter;
namespace Sql = MariadbSql;

const QString AddDatabase = QStringLiteral("AddDatabase");
const QString UpdateDatabase = QStringLiteral("UpdateDatabase");
const QString DeleteDatabase = QStringLiteral("DeleteDatabase");
const QString DatabaseClass = QStringLiteral("ispmanDatabaseData");
const QString NativePlugin = QStringLiteral("mysql_native_password");
const QString All = QStringLiteral("ALL");

const QStringList &databaseAttributes()
{
    static const QStringList attrs { QStringLiteral("objectClass"), QStringLiteral("ispmanDBName"),
        QStringLiteral("ispmanDBHost"), QStringLiteral("ispmanDBUser"), QStringLiteral("ispmanDBPass"),
        QStringLiteral("ispmanDBAccessFilter"), QStringLiteral("ispmanDBPrivilege") };
    return attrs;
}

// What a database entry asks for, every value validated and normalised.
struct Wanted
{
    QString dn;
    QString prefix; // its domain's: every name of the domain starts with it
    QString name;
    QString user;
    QString hash; // "*" + 40 upper-case hex digits
    QStringList hosts; // client host patterns
    QStringList privileges; // canonical; ALL alone or a list
};

// mysql_native_password's hash: "*" and 40 hex digits. Never quoted back: it is as good as the
// password to whoever speaks the protocol.
bool isNativeHash(const QString &value)
{
    static const QRegularExpression form(QStringLiteral("^\\*[0-9A-Fa-f]{40}$"));
    return form.match(value).hasMatch();
}

Core::Result<Wanted, QString> wantedOf(const LdapEntry &e)
{
    const QString dn = e.dn().toString();
    if (!e.hasObjectClass(DatabaseClass))
        return QStringLiteral("%1 is not a database (%2)").arg(dn, DatabaseClass);
    for (const char *single : { "ispmanDBName", "ispmanDBUser", "ispmanDBPass", "ispmanDBHost" }) {
        if (e.texts(QLatin1String(single)).size() > 1)
            return QStringLiteral("%1 has several values of %2").arg(dn, QLatin1String(single));
    }
    const Core::Database db = Core::Database::fromEntry(e);
    Wanted w;
    w.dn = dn;
    auto name = Core::Validate::databaseName(QStringLiteral("ispmanDBName"), db.name);
    if (!name.ok())
        return name.error().message;
    w.name = *name;
    if (db.user.isEmpty())
        return QStringLiteral("ispmanDBUser: %1 names no user").arg(dn);
    auto user = Core::Validate::databaseUser(QStringLiteral("ispmanDBUser"), db.user);
    if (!user.ok())
        return user.error().message;
    w.user = *user;
    // A name of another domain's prefix would reach another customer's database or account.
    const QString prefix = Core::Database::namePrefix(db.domain);
    w.prefix = prefix;
    if (db.domain.isEmpty() || !w.name.startsWith(prefix))
        return QStringLiteral("ispmanDBName: %1 does not start with %2, the prefix of its domain %3")
            .arg(w.name, prefix, db.domain.left(100));
    if (!w.user.startsWith(prefix))
        return QStringLiteral("ispmanDBUser: %1 does not start with %2, the prefix of its domain %3")
            .arg(w.user, prefix, db.domain.left(100));
    if (db.passwordHash.isEmpty())
        return QStringLiteral("ispmanDBPass: %1 has no password hash (set one: ispman db passwd)").arg(dn);
    if (!isNativeHash(db.passwordHash))
        return QStringLiteral("ispmanDBPass: the password hash of %1 is not a mysql_native_password hash "
                              "(\"*\" and 40 hexadecimal digits)")
            .arg(dn);
    w.hash = db.passwordHash.toUpper();
    for (const QString &v : db.accessFrom) {
        auto pattern = Core::Validate::databaseHostPattern(QStringLiteral("ispmanDBAccessFilter"), v);
        if (!pattern.ok())
            return pattern.error().message;
        if (!w.hosts.contains(*pattern))
            w.hosts << *pattern;
    }
    if (w.hosts.isEmpty())
        return QStringLiteral("ispmanDBAccessFilter: %1 lists no client host").arg(dn);
    auto privileges = Core::Validate::databasePrivileges(QStringLiteral("ispmanDBPrivilege"), db.privileges);
    if (!privileges.ok())
        return privileges.error().message;
    w.privileges = *privileges;
    return w;
}

// The SQL that takes the server from `s` to what `w` asks for, and what it changes in words.
struct Plan
{
    QStringList statements;
    QStringList changes;

    [[nodiscard]] bool isEmpty() const { return statements.isEmpty(); }
};

bool sameSet(QStringList a, QStringList b)
{
    a.sort();
    b.sort();
    return a == b;
}

QString privilegeText(const Wanted &w)
{
    return w.privileges == QStringList { All } ? QStringLiteral("ALL PRIVILEGES")
                                               : w.privileges.join(QStringLiteral(", "));
}

// The account at `host` has exactly the wanted privileges on the database and nothing else.
bool grantsMatch(const Wanted &w, const MariadbState &s, const QString &host)
{
    const MariadbAccount *a = s.account(w.user, host);
    if (!a || !a->globalPrivileges.isEmpty() || s.hasOtherGrants(w.user, host))
        return false;
    const QList<MariadbSchemaGrant> grants = s.schemaGrantsOf(w.user, host);
    if (grants.size() != 1 || grants.first().pattern != Sql::grantPattern(w.name))
        return false;
    // ALL is whatever this server's ALL holds (it grows with server versions).
    const QStringList want = w.privileges == QStringList { All } ? s.allDatabasePrivileges : w.privileges;
    return !want.isEmpty() && sameSet(grants.first().privileges, want);
}

// Pure: a function of (wanted, actual). `formerUsers`: users whose accounts all go (renamed).
Plan plan(const Wanted &w, const MariadbState &s, const QStringList &formerUsers = {})
{
    Plan p;
    if (!s.schemas.contains(w.name)) {
        p.statements << QStringLiteral("CREATE DATABASE IF NOT EXISTS ") + Sql::identifier(w.name);
        p.changes << QStringLiteral("created the database");
    }
    for (const QString &user : QStringList { w.user } + formerUsers) {
        for (const MariadbAccount &a : s.accountsOf(user)) {
            if (user == w.user && w.hosts.contains(a.host))
                continue;
            const QString account = Sql::account(a.user, a.host);
            p.statements << QStringLiteral("DROP USER IF EXISTS ") + account;
            p.changes << QStringLiteral("dropped ") + account;
        }
    }
    for (const QString &host : w.hosts) {
        const QString account = Sql::account(w.user, host);
        const MariadbAccount *a = s.account(w.user, host);
        if (!a || a->plugin != NativePlugin || a->authentication != w.hash) {
            // Both: an account made meanwhile by somebody else still ends with this hash.
            p.statements
                << QStringLiteral("CREATE USER IF NOT EXISTS %1 IDENTIFIED BY PASSWORD %2")
                       .arg(account, Sql::literal(w.hash))
                << QStringLiteral("ALTER USER %1 IDENTIFIED BY PASSWORD %2").arg(account, Sql::literal(w.hash));
            p.changes << (a ? QStringLiteral("set the password of ") : QStringLiteral("created ")) + account;
        }
        if (!grantsMatch(w, s, host)) {
            p.statements
                << QStringLiteral("REVOKE ALL PRIVILEGES, GRANT OPTION FROM ") + account
                << QStringLiteral("GRANT %1 ON %2 TO %3").arg(privilegeText(w), Sql::grantTarget(w.name), account);
            p.changes << QStringLiteral("granted %1 to %2").arg(privilegeText(w), account);
        }
    }
    return p;
}

// Other databases of this host (than `except`) named `name` or used by one of `users`.
struct Sharing
{
    QStringList sameName; // their DNs
    QList<std::pair<QString, QString>> sameUser; // (DN, its user in lower case)

    [[nodiscard]] QStringList usersOf(const QString &user) const
    {
        QStringList dns;
        for (const auto &[dn, u] : sameUser) {
            if (u == user)
                dns << dn;
        }
        return dns;
    }
};

Core::Result<Sharing, QString> sharing(
    HandlerContext &ctx, const QString &name, const QStringList &users, const QString &except)
{
    QList<LdapFilter> either { LdapFilter::equals(QStringLiteral("ispmanDBName"), name) };
    for (const QString &u : users)
        either << LdapFilter::equals(QStringLiteral("ispmanDBUser"), u);
    auto found = ctx.session.find(ctx.session.dit().base(),
        LdapFilter::allOf({ LdapFilter::objectClass(DatabaseClass), LdapFilter::anyOf(either),
            ProcessTarget::anyHostFilter(QStringLiteral("ispmanDBHost"), ctx.hostNames) }),
        { QStringLiteral("ispmanDBName"), QStringLiteral("ispmanDBUser") });
    if (!found.ok())
        return QStringLiteral("cannot look for the other databases of this host: %1").arg(found.error().toString());
    Sharing s;
    for (const LdapEntry &e : std::as_const(*found)) {
        const QString dn = e.dn().toString();
        if (dn == except)
            continue;
        if (e.text(QStringLiteral("ispmanDBName")).toLower() == name)
            s.sameName << dn;
        const QString user = e.text(QStringLiteral("ispmanDBUser")).toLower();
        if (users.contains(user))
            s.sameUser.append({ dn, user });
    }
    return s;
}

QString refused(const QString &why)
{
    return QStringLiteral("refused: %1; nothing was changed").arg(why);
}

// Converges the database of entry `e` (the caller checked it is this host's). `oldName` and
// `oldUser`: UpdateDatabase's parameters after a rename (may be empty).
Outcome converge(const MariadbClient &client, HandlerContext &ctx, const LdapEntry &e, const QString &oldName,
    const QString &oldUser)
{
    auto wanted = wantedOf(e);
    if (!wanted.ok())
        return Outcome::failed(refused(wanted.error()));
    const Wanted &w = *wanted;

    QStringList formerUsers;
    QString formerName;
    if (!oldUser.isEmpty()) {
        auto u = Core::Validate::databaseUser(QStringLiteral("oldUser"), oldUser);
        if (!u.ok())
            return Outcome::failed(refused(u.error().message));
        if (!u->startsWith(w.prefix))
            return Outcome::failed(refused(
                QStringLiteral("oldUser: %1 does not start with %2, the prefix of the domain").arg(*u, w.prefix)));
        if (*u != w.user)
            formerUsers << *u;
    }
    if (!oldName.isEmpty()) {
        auto n = Core::Validate::databaseName(QStringLiteral("oldName"), oldName);
        if (!n.ok())
            return Outcome::failed(refused(n.error().message));
        if (!n->startsWith(w.prefix))
            return Outcome::failed(refused(
                QStringLiteral("oldName: %1 does not start with %2, the prefix of the domain").arg(*n, w.prefix)));
        if (*n != w.name)
            formerName = *n;
    }
    auto shared = sharing(ctx, w.name, QStringList { w.user } + formerUsers, w.dn);
    if (!shared.ok())
        return Outcome::failed(shared.error());
    if (!shared->sameName.isEmpty())
        return Outcome::failed(refused(QStringLiteral("%1 is also the database of %2 on this host")
                                           .arg(w.name, shared->sameName.join(QStringLiteral(", ")))));
    if (const QStringList others = shared->usersOf(w.user); !others.isEmpty())
        return Outcome::failed(refused(QStringLiteral("the user %1 is also the user of %2 on this host")
                                           .arg(w.user, others.join(QStringLiteral(", ")))));
    // A former user that another database of this host uses now keeps its accounts.
    formerUsers.removeIf([&](const QString &u) { return !shared->usersOf(u).isEmpty(); });

    QStringList schemas { w.name };
    if (!formerName.isEmpty())
        schemas << formerName;
    const QStringList users = QStringList { w.user } + formerUsers;
    auto before = client.read(users, schemas);
    if (!before.ok())
        return Outcome::failed(before.error());
    QString note;
    if (!formerName.isEmpty() && before->schemas.contains(formerName))
        note = QStringLiteral("; the database was renamed from %1, which is left in place with its tables (move "
                              "them into %2, then drop it)")
                   .arg(formerName, w.name);
    const Plan p = plan(w, *before, formerUsers);
    if (p.isEmpty())
        return Outcome::done(false, note.isEmpty() ? QString() : w.name + note);

    if (auto done = client.execute(p.statements); !done.ok()) {
        qCWarning(lcMariadb).noquote() << w.name << done.error();
        return Outcome::failed(QStringLiteral("%1: %2").arg(w.name, done.error()));
    }
    // Read back: a server that stores something else than it was told would otherwise be
    // "changed" on every run.
    auto after = client.read(users, schemas);
    if (!after.ok())
        return Outcome::failed(after.error());
    const Plan left = plan(w, *after, formerUsers);
    if (!left.isEmpty())
        return Outcome::failed(QStringLiteral("%1: MariaDB does not show the change; still to do: %2")
                                   .arg(w.name, left.changes.join(QStringLiteral("; "))));
    const QString what = w.name + QStringLiteral(": ") + p.changes.join(QStringLiteral("; "));
    qCInfo(lcMariadb).noquote() << what;
    return Outcome::done(true, what + note);
}

Outcome create(const MariadbClient &client, HandlerContext &ctx, const Core::Process &process)
{
    auto current = ProcessTarget::current(ctx.session, process, databaseAttributes());
    if (!current.ok())
        return Outcome::failed(current.error());
    if (!current->has_value())
        return Outcome::done(false, QStringLiteral("%1 is gone: nothing to make").arg(process.target));
    const LdapEntry &e = **current;
    if (!e.hasObjectClass(DatabaseClass))
        return Outcome::failed(QStringLiteral("%1 is not a database (%2)").arg(e.dn().toString(), DatabaseClass));
    const QString host = e.text(QStringLiteral("ispmanDBHost"));
    if (!ProcessTarget::isThisHost(ctx.hostNames, host))
        return Outcome::done(false,
            QStringLiteral("%1 is on %2 now, not here: nothing done (what is left of it here stays; "
                           "reconcile reports it)")
                .arg(e.dn().toString(), host.left(255)));
    return converge(client, ctx, e, ProcessTarget::param(process, QStringLiteral("oldName")),
        ProcessTarget::param(process, QStringLiteral("oldUser")));
}

Outcome drop(const MariadbClient &client, HandlerContext &ctx, const Core::Process &process)
{
    auto name = Core::Validate::databaseName(
        QStringLiteral("ispmanDBName"), ProcessTarget::param(process, QStringLiteral("ispmanDBName")));
    if (!name.ok())
        return Outcome::failed(QStringLiteral("refused: %1; nothing was dropped").arg(name.error().message));
    QString user;
    if (const QString raw = ProcessTarget::param(process, QStringLiteral("ispmanDBUser")); !raw.isEmpty()) {
        auto u = Core::Validate::databaseUser(QStringLiteral("ispmanDBUser"), raw);
        if (!u.ok())
            return Outcome::failed(QStringLiteral("refused: %1; nothing was dropped").arg(u.error().message));
        user = *u;
    }
    if (!process.domain.isEmpty()) {
        const QString prefix = Core::Database::namePrefix(process.domain);
        if (!name->startsWith(prefix) || (!user.isEmpty() && !user.startsWith(prefix)))
            return Outcome::failed(QStringLiteral("refused: %1 / %2 do not start with %3, the prefix of the "
                                                  "process's domain %4; nothing was dropped")
                                       .arg(*name, user, prefix, process.domain.left(100)));
    }
    auto current = ProcessTarget::current(ctx.session, process, { QStringLiteral("ispmanDBHost") });
    if (!current.ok())
        return Outcome::failed(current.error());
    if (current->has_value())
        return Outcome::done(
            false, QStringLiteral("%1 is still in the directory: nothing dropped").arg((*current)->dn().toString()));
    auto shared = sharing(ctx, *name, user.isEmpty() ? QStringList() : QStringList { user }, QString());
    if (!shared.ok())
        return Outcome::failed(shared.error());
    const bool keepDatabase = !shared->sameName.isEmpty();
    const bool keepUser = user.isEmpty() || !shared->sameUser.isEmpty();

    auto state = client.read(user.isEmpty() ? QStringList() : QStringList { user }, QStringList { *name });
    if (!state.ok())
        return Outcome::failed(state.error());
    Plan p;
    if (!keepDatabase && state->schemas.contains(*name)) {
        p.statements << QStringLiteral("DROP DATABASE IF EXISTS ") + Sql::identifier(*name);
        p.changes << QStringLiteral("dropped the database %1").arg(*name);
    }
    if (!keepUser) {
        for (const MariadbAccount &a : state->accountsOf(user)) {
            const QString account = Sql::account(a.user, a.host);
            p.statements << QStringLiteral("DROP USER IF EXISTS ") + account;
            p.changes << QStringLiteral("dropped ") + account;
        }
    }
    QStringList notes;
    if (keepDatabase)
        notes << QStringLiteral("%1 is the database of %2 on this host: kept")
                     .arg(*name, shared->sameName.join(QStringLiteral(", ")));
    if (!user.isEmpty() && !shared->sameUser.isEmpty())
        notes << QStringLiteral("%1 is the user of %2 on this host: kept")
                     .arg(user, shared->usersOf(user).join(QStringLiteral(", ")));
    if (p.isEmpty()) {
        if (notes.isEmpty())
            notes << QStringLiteral("%1 was already gone").arg(*name);
        return Outcome::done(false, notes.join(QStringLiteral("; ")));
    }
    if (auto done = client.execute(p.statements); !done.ok()) {
        qCWarning(lcMariadb).noquote() << *name << done.error();
        return Outcome::failed(QStringLiteral("%1: %2").arg(*name, done.error()));
    }
    const QString what = p.changes.join(QStringLiteral("; "));
    qCInfo(lcMariadb).noquote() << what;
    return Outcome::done(true, (QStringList { what } + notes).join(QStringLiteral("; ")));
}

bool looksLike(const QString &name, const QStringList &prefixes)
{
    return std::any_of(prefixes.cbegin(), prefixes.cend(),
        [&](const QString &p) { return name.size() > p.size() && name.startsWith(p); });
}

} // namespace

QStringList MariadbHandler::processes() const
{
    return { AddDatabase, UpdateDatabase, DeleteDatabase };
}

Outcome MariadbHandler::run(const Core::Process &process, HandlerContext &context)
{
    const MariadbClient client(context.config.mariadb, context.commands);
    QMutexLocker lock(&m_converging);
    if (process.name == AddDatabase || process.name == UpdateDatabase)
        return create(client, context, process);
    if (process.name == DeleteDatabase)
        return drop(client, context, process);
    return Outcome::failed(QStringLiteral("the mariadb handler does not run %1").arg(process.name));
}

ReconcileReport MariadbHandler::reconcile(HandlerContext &context)
{
    ReconcileReport report;
    const MariadbClient client(context.config.mariadb, context.commands);
    Core::DirectorySession &s = context.session;
    auto databases = s.find(s.dit().base(), LdapFilter::objectClass(DatabaseClass), databaseAttributes());
    if (!databases.ok()) {
        report.problems << QStringLiteral("cannot list the databases: %1").arg(databases.error().toString());
        return report;
    }
    QList<LdapEntry> mine;
    QHash<QString, QString> elsewhere; // database or user name -> its database's host, for reports
    QHash<QString, int> userUses;
    for (const LdapEntry &e : std::as_const(*databases)) {
        const QString host = e.text(QStringLiteral("ispmanDBHost"));
        if (ProcessTarget::isThisHost(context.hostNames, host)) {
            mine << e;
            ++userUses[e.text(QStringLiteral("ispmanDBUser")).toLower()];
        } else {
            elsewhere.insert(e.text(QStringLiteral("ispmanDBName")).toLower(), host);
            elsewhere.insert(e.text(QStringLiteral("ispmanDBUser")).toLower(), host);
        }
    }
    // A host without databases and without a MariaDB server (the handler is on by default):
    // nothing to converge and nothing to report.
    if (mine.isEmpty() && !QFileInfo::exists(context.config.mariadb.socket)) {
        qCDebug(lcMariadb) << "no databases here and no server at" << context.config.mariadb.socket;
        return report;
    }
    auto state = client.read(std::nullopt, std::nullopt);
    if (!state.ok()) {
        report.problems << state.error();
        return report;
    }

    QSet<QString> names, users;
    for (const LdapEntry &e : std::as_const(mine)) {
        ++report.checked;
        const QString dn = e.dn().toString();
        names.insert(e.text(QStringLiteral("ispmanDBName")).toLower());
        users.insert(e.text(QStringLiteral("ispmanDBUser")).toLower());
        auto wanted = wantedOf(e);
        if (!wanted.ok()) {
            report.problems << QStringLiteral("%1: %2").arg(dn, refused(wanted.error()));
            continue;
        }
        if (userUses.value(wanted->user) > 1) {
            report.problems << QStringLiteral(
                "%1: the user %2 belongs to several databases of this host; left as it is")
                                   .arg(dn, wanted->user);
            continue;
        }
        if (plan(*wanted, *state).isEmpty())
            continue;
        // It differs: converge it from its entry as it is now, under the lock, as a process would.
        QMutexLocker lock(&m_converging);
        auto fresh = s.read(e.dn(), databaseAttributes());
        if (!fresh.ok()) {
            report.problems << QStringLiteral("cannot read %1: %2").arg(dn, fresh.error().toString());
            continue;
        }
        if (!fresh->has_value()
            || !ProcessTarget::isThisHost(context.hostNames, (*fresh)->text(QStringLiteral("ispmanDBHost"))))
            continue; // deleted or moved meanwhile: its process takes care of it
        const Outcome o = converge(client, context, **fresh, {}, {});
        if (!o.ok)
            report.problems << QStringLiteral("%1: %2").arg(dn, o.message);
        else if (o.changed)
            ++report.repaired;
    }

    // What looks like ISPMan's (named with a domain's prefix) but is no database of this host:
    // reported, never dropped (it holds customer data, or was made by hand).
    auto domains = s.find(
        s.dit().base(), LdapFilter::objectClass(QStringLiteral("ispmanDomain")), { QStringLiteral("ispmanDomain") });
    if (!domains.ok()) {
        report.problems << QStringLiteral("cannot list the domains: %1").arg(domains.error().toString());
        return report;
    }
    QStringList prefixes;
    for (const LdapEntry &d : std::as_const(*domains)) {
        const QString domain = d.text(QStringLiteral("ispmanDomain"));
        if (!domain.isEmpty())
            prefixes << Core::Database::namePrefix(domain);
    }
    const auto where = [&](const QString &name) {
        const auto it = elsewhere.constFind(name);
        return it == elsewhere.constEnd() ? QStringLiteral("not in the directory")
                                          : QStringLiteral("the directory has it on %1").arg(*it);
    };
    for (const QString &schema : std::as_const(state->schemas)) {
        if (looksLike(schema, prefixes) && !names.contains(schema))
            report.problems << QStringLiteral("database %1 is no database of this host (%2); left in place")
                                   .arg(schema, where(schema));
    }
    QMap<QString, QStringList> strayAccounts;
    for (const MariadbAccount &a : std::as_const(state->accounts)) {
        if (looksLike(a.user, prefixes) && !users.contains(a.user))
            strayAccounts[a.user] << Sql::account(a.user, a.host);
    }
    for (auto it = strayAccounts.cbegin(); it != strayAccounts.cend(); ++it)
        report.problems << QStringLiteral("%1 %2 no user of a database of this host (%3); left in place")
                               .arg(it->join(QStringLiteral(", ")),
                                   it->size() > 1 ? QStringLiteral("are") : QStringLiteral("is"), where(it.key()));
    qCInfo(lcMariadb) << "reconciled" << report.checked << "databases," << report.repaired << "repaired,"
                      << report.problems.size() << "problems";
    return report;
}

} // namespace Isp::Agent
