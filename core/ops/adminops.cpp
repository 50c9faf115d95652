#include "core/ops/adminops.h"

#include "core/acl/acl.h"
#include "core/ops/permissions.h"
#include "core/validation/contact.h"
#include "core/validation/ipaddress.h"
#include "core/validation/mailaddress.h"
#include "core/validation/number.h"
#include "core/validation/password.h"
#include "core/validation/text.h"

#include <QSet>

#include <algorithm>

namespace Isp::Core::AdminOps {

namespace {

const QString kLevel = QStringLiteral("ispmanSysadminLevel");
const QString kMail = QStringLiteral("ispmanSysadminMail");
const QString kCsn = QStringLiteral("entryCSN");
const QString kMember = QStringLiteral("member");
constexpr int kMaxAttempts = 50;
// LDAP result codes of a member value that is already there / not there.
constexpr int kNoSuchAttribute = 16;
constexpr int kTypeOrValueExists = 20;

// A level group (core/acl/acl.h) with its placeholder member (itself) and `members`.
LdapEntry levelGroup(const LdapDn &group, int level, const QList<QByteArray> &members)
{
    LdapEntry e(group);
    e.setValues(QStringLiteral("objectClass"), { QByteArrayLiteral("groupOfNames") });
    e.setText(QStringLiteral("cn"), group.rdnValue());
    e.setText(QStringLiteral("description"),
        QStringLiteral("Administrators of level %1 or higher, for slapd's access rules; kept by ISPMan from "
                       "ispmanSysadminLevel. The group itself is a placeholder member.")
            .arg(level));
    e.setValues(kMember, QList<QByteArray> { group.toString().toUtf8() } + members);
    return e;
}

template<typename T> OpResult<T> check(Validated<T> v)
{
    if (!v.ok())
        return OpError::invalid(v.error().field, v.error().message);
    return std::move(v).value();
}

OpResult<QString> uidOf(const QString &value)
{
    return check(Validate::loginName(QStringLiteral("uid"), value));
}

OpResult<int> level(const QString &value)
{
    auto n = check(Validate::integer(QStringLiteral("level"), value, 1, FullLevel));
    if (!n.ok())
        return n.error();
    return int(*n);
}

OpResult<QString> optionalMail(const QString &value)
{
    if (value.trimmed().isEmpty())
        return QString();
    return check(Validate::emailAddress(QStringLiteral("mail"), value.trimmed(), Validate::MailLocalPart::Forward));
}

OpResult<QString> optionalCn(const QString &value)
{
    return check(Validate::freeText(QStringLiteral("cn"), value, 128));
}

OpResult<Admin> readAdmin(DirectorySession &s, const QString &uid)
{
    auto u = uidOf(uid);
    if (!u.ok())
        return u.error();
    auto e = s.read(s.dit().admin(*u), Admin::attributes());
    if (!e.ok())
        return OpError::directory(e.error());
    if (!e->has_value())
        return OpError::notFound(QStringLiteral("administrator %1 does not exist").arg(*u));
    return Admin::fromEntry(**e);
}

// The other level-100 administrators than `uid`.
OpResult<QStringList> otherFullAdmins(DirectorySession &s, const QString &uid)
{
    auto found = s.find(s.dit().admins(),
        LdapFilter::allOf({ LdapFilter::objectClass(QStringLiteral("ispmanSysadmin")),
            LdapFilter::greaterOrEqual(kLevel, QString::number(FullLevel)) }),
        { QStringLiteral("uid") }, LdapScope::OneLevel);
    if (!found.ok())
        return OpError::directory(found.error());
    QStringList out;
    for (const LdapEntry &e : std::as_const(*found)) {
        const QString other = e.text(QStringLiteral("uid"));
        if (other.compare(uid, Qt::CaseInsensitive) != 0)
            out << other;
    }
    return out;
}

// Runs `change` (a write in `tx` that may take away a level-100 administrator) so that at
// least one level-100 administrator other than `uid` remains, even against concurrent
// requests: count, change, then a conditional write to ou=admins; if that container changed
// meanwhile (another such change won), undo and count again.
template<typename Change>
OpResult<Done> keepingAFullAdmin(DirectorySession &s, const QString &uid, const QString &what, Change &&change)
{
    const LdapDn container = s.dit().admins();
    for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
        auto version = s.read(container, { QStringLiteral("ou"), kCsn });
        if (!version.ok())
            return OpError::directory(version.error());
        if (!version->has_value())
            return OpError::notFound(QStringLiteral("%1 does not exist").arg(container.toString()));
        auto others = otherFullAdmins(s, uid);
        if (!others.ok())
            return others.error();
        if (others->isEmpty())
            return OpError::conflict(QStringLiteral("uid"),
                QStringLiteral("%1 is the last administrator with level %2; %3 would leave nobody to manage "
                               "administrators and configuration")
                    .arg(uid)
                    .arg(FullLevel)
                    .arg(what));
        Transaction tx(s);
        auto changed = change(tx);
        if (!changed.ok())
            return changed.error();
        LdapWriteOptions o;
        o.assertion = LdapFilter::equals(kCsn, (*version)->value(kCsn));
        auto touched = s.modify(container,
            { LdapModification::replace(QStringLiteral("ou"), (*version)->values(QStringLiteral("ou"))) }, o);
        if (touched.ok()) {
            tx.commit();
            return Done {};
        }
        if (touched.error().code() != LdapCode::AssertionFailed)
            return OpError::directory(touched.error());
        // Lost against another change: the transaction undoes ours; count again.
    }
    return OpError::conflict(QStringLiteral("uid"),
        QStringLiteral("the administrators changed %1 times while this operation ran; try again").arg(kMaxAttempts));
}

OpResult<QStringList> networks(const QStringList &values)
{
    QStringList out;
    for (const QString &v : values) {
        auto n = Validate::network(QStringLiteral("allow-from"), v);
        if (!n.ok())
            return OpError::invalid(n.error().field, n.error().message);
        if (!out.contains(*n))
            out << *n;
    }
    return out;
}

} // namespace

OpResult<std::optional<Admin>> caller(DirectorySession &s)
{
    auto me = s.whoAmI();
    if (!me.ok())
        return OpError::directory(me.error());
    if (!me->startsWith(QLatin1String("dn:")))
        return std::optional<Admin>();
    auto dn = LdapDn::parse(QStringView(*me).sliced(3));
    if (!dn || !(dn->parent() == s.dit().admins())
        || dn->rdnAttribute().compare(QLatin1String("uid"), Qt::CaseInsensitive) != 0)
        return std::optional<Admin>();
    auto e = s.read(*dn, Admin::attributes());
    if (!e.ok())
        return OpError::directory(e.error());
    if (!e->has_value())
        return std::optional<Admin>();
    return std::optional<Admin>(Admin::fromEntry(**e));
}

OpResult<Done> requireLevel(DirectorySession &s, int needed, const QString &what)
{
    auto me = Permissions::subject(s);
    if (!me.ok())
        return me.error();
    if (me->role == Acl::Role::Root)
        return Done {};
    if (me->role != Acl::Role::Admin)
        return OpError::notAllowed(QStringLiteral("not allowed: %1 may not do this: %2").arg(me->describe(), what));
    if (me->adminLevel < needed)
        return OpError::notAllowed(QStringLiteral("not allowed: %1 needs administrator level %2; %3 has level %4")
                                       .arg(what)
                                       .arg(needed)
                                       .arg(me->name)
                                       .arg(me->adminLevel));
    return Done {};
}

OpResult<Admin> add(DirectorySession &s, const AdminSpec &spec)
{
    Admin a;
    auto uid = uidOf(spec.uid);
    if (!uid.ok())
        return uid.error();
    a.uid = *uid;
    auto cn = optionalCn(spec.cn);
    if (!cn.ok())
        return cn.error();
    a.cn = *cn;
    auto mail = optionalMail(spec.mail);
    if (!mail.ok())
        return mail.error();
    a.mail = *mail;
    auto l = level(spec.level);
    if (!l.ok())
        return l.error();
    a.level = *l;
    auto nets = networks(spec.networks);
    if (!nets.ok())
        return nets.error();
    a.networks = *nets;
    if (!spec.password.isEmpty()) {
        auto pw = check(Validate::password(QStringLiteral("password"), spec.password, a.uid));
        if (!pw.ok())
            return pw.error();
    }
    auto allowed = requireLevel(s, FullLevel, QStringLiteral("adding administrators"));
    if (!allowed.ok())
        return allowed.error();
    Transaction tx(s);
    auto added = tx.add(a.toEntry(s.dit()));
    if (!added.ok()) {
        if (added.error().code() == LdapCode::AlreadyExists)
            return OpError::conflict(
                QStringLiteral("uid"), QStringLiteral("uid: administrator %1 already exists").arg(a.uid));
        return OpError::directory(added.error());
    }
    if (auto groups = setGroupMemberships(tx, s.dit().admin(a.uid), a.level); !groups.ok())
        return groups.error();
    if (!spec.password.isEmpty()) {
        auto pw = s.passwordModify(s.dit().admin(a.uid), std::nullopt, spec.password.toUtf8());
        if (!pw.ok())
            return OpError::directory(pw.error());
    }
    tx.commit();
    return readAdmin(s, a.uid);
}

OpResult<QList<Admin>> list(DirectorySession &s)
{
    if (auto allowed = requireLevel(s, 1, QStringLiteral("reading the administrators")); !allowed.ok())
        return allowed.error();
    auto found = s.find(s.dit().admins(), LdapFilter::objectClass(QStringLiteral("ispmanSysadmin")),
        Admin::attributes(), LdapScope::OneLevel);
    if (!found.ok())
        return OpError::directory(found.error());
    QList<Admin> out;
    for (const LdapEntry &e : std::as_const(*found))
        out << Admin::fromEntry(e);
    std::sort(out.begin(), out.end(), [](const Admin &a, const Admin &b) { return a.uid < b.uid; });
    return out;
}

OpResult<Admin> show(DirectorySession &s, const QString &uid)
{
    if (auto allowed = requireLevel(s, 1, QStringLiteral("reading the administrators")); !allowed.ok())
        return allowed.error();
    return readAdmin(s, uid);
}

OpResult<Admin> edit(DirectorySession &s, const QString &uid, const AdminChange &change)
{
    auto current = readAdmin(s, uid);
    if (!current.ok())
        return current.error();
    QList<LdapModification> mods;
    std::optional<int> newLevel;
    if (change.level) {
        auto l = level(*change.level);
        if (!l.ok())
            return l.error();
        if (*l != current->level) {
            newLevel = *l;
            mods << LdapModification::replace(kLevel, QString::number(*l));
        }
    }
    if (change.mail) {
        auto m = optionalMail(*change.mail);
        if (!m.ok())
            return m.error();
        mods << LdapModification { LdapModification::Op::Replace, kMail,
            m->isEmpty() ? QList<QByteArray>() : QList<QByteArray> { m->toUtf8() } };
    }
    if (change.cn) {
        auto c = optionalCn(*change.cn);
        if (!c.ok())
            return c.error();
        mods << LdapModification { LdapModification::Op::Replace, QStringLiteral("cn"),
            c->isEmpty() ? QList<QByteArray>() : QList<QByteArray> { c->toUtf8() } };
    }
    if (change.networks) {
        auto nets = networks(*change.networks);
        if (!nets.ok())
            return nets.error();
        QList<QByteArray> values;
        for (const QString &n : std::as_const(*nets))
            values << n.toUtf8();
        mods << LdapModification { LdapModification::Op::Replace, QStringLiteral("ispmanSysadminAllowedNetwork"), values };
    }
    if (mods.isEmpty())
        return current;
    auto allowed = requireLevel(s, FullLevel, QStringLiteral("changing administrators"));
    if (!allowed.ok())
        return allowed.error();
    const LdapDn dn = s.dit().admin(current->uid);
    if (newLevel && current->level >= FullLevel && *newLevel < FullLevel) {
        auto done = keepingAFullAdmin(
            s, current->uid, QStringLiteral("lowering its level"), [&](Transaction &tx) -> OpResult<Done> {
                auto r = tx.modify(dn, mods);
                if (!r.ok())
                    return OpError::directory(r.error());
                return setGroupMemberships(tx, dn, *newLevel);
            });
        if (!done.ok())
            return done.error();
    } else {
        Transaction tx(s);
        auto r = tx.modify(dn, mods);
        if (!r.ok())
            return OpError::directory(r.error());
        if (newLevel) {
            if (auto groups = setGroupMemberships(tx, dn, *newLevel); !groups.ok())
                return groups.error();
        }
        tx.commit();
    }
    return readAdmin(s, current->uid);
}

OpResult<Done> remove(DirectorySession &s, const QString &uid)
{
    auto current = readAdmin(s, uid);
    if (!current.ok())
        return current.error();
    auto me = caller(s);
    if (!me.ok())
        return me.error();
    if (me->has_value() && (*me)->uid.compare(current->uid, Qt::CaseInsensitive) == 0)
        return OpError::notAllowed(
            QStringLiteral("not allowed: administrators cannot delete themselves (%1)").arg(current->uid));
    auto allowed = requireLevel(s, FullLevel, QStringLiteral("deleting administrators"));
    if (!allowed.ok())
        return allowed.error();
    const LdapDn dn = s.dit().admin(current->uid);
    if (current->level >= FullLevel) {
        return keepingAFullAdmin(
            s, current->uid, QStringLiteral("deleting it"), [&](Transaction &tx) -> OpResult<Done> {
                if (auto groups = setGroupMemberships(tx, dn, std::nullopt); !groups.ok())
                    return groups.error();
                auto r = tx.remove(dn);
                if (!r.ok())
                    return OpError::directory(r.error());
                return Done {};
            });
    }
    Transaction tx(s);
    if (auto groups = setGroupMemberships(tx, dn, std::nullopt); !groups.ok())
        return groups.error();
    auto r = tx.remove(dn);
    if (!r.ok())
        return OpError::directory(r.error());
    tx.commit();
    return Done {};
}

OpResult<Done> setPassword(
    DirectorySession &s, const QString &uid, const QString &newPassword, const std::optional<QString> &oldPassword)
{
    auto target = readAdmin(s, uid);
    if (!target.ok())
        return target.error();
    auto pw = check(Validate::password(QStringLiteral("password"), newPassword, target->uid));
    if (!pw.ok())
        return pw.error();
    auto me = caller(s);
    if (!me.ok())
        return me.error();
    const bool self = me->has_value() && (*me)->uid.compare(target->uid, Qt::CaseInsensitive) == 0;
    if (self && (!oldPassword || oldPassword->isEmpty()))
        return OpError::invalid(QStringLiteral("old-password"),
            QStringLiteral("old-password: changing your own password needs your current password"));
    if (!self) {
        auto allowed = requireLevel(s, FullLevel, QStringLiteral("setting another administrator's password"));
        if (!allowed.ok())
            return allowed.error();
    }
    std::optional<QByteArray> old;
    if (oldPassword && !oldPassword->isEmpty())
        old = oldPassword->toUtf8();
    auto r = s.passwordModify(s.dit().admin(target->uid), old, newPassword.toUtf8());
    if (!r.ok()) {
        // slapd answers unwillingToPerform ("unwilling to verify old password") to a wrong one.
        if (old && r.error().code() == 53)
            return OpError::invalid(
                QStringLiteral("old-password"), QStringLiteral("old-password: the current password is not correct"));
        return OpError::directory(r.error());
    }
    return Done {};
}

OpResult<Done> setGroupMemberships(Transaction &tx, const LdapDn &admin, std::optional<int> level)
{
    DirectorySession &s = tx.session();
    const QList<int> holds = level ? Acl::adminGroupsOf(*level) : QList<int>();
    const QByteArray value = admin.toString().toUtf8();
    for (const int l : Acl::adminGroupLevels()) {
        const LdapDn group = Acl::adminGroup(s.dit(), l);
        // Single-value adds and deletes, not a replace of the member list: concurrent changes
        // of other administrators' memberships are not lost.
        if (holds.contains(l)) {
            auto r = tx.modify(group, { LdapModification::add(kMember, { value }) });
            if (r.ok() || r.error().code() == kTypeOrValueExists)
                continue;
            if (r.error().code() != LdapCode::NoSuchObject)
                return OpError::directory(r.error());
            auto created = tx.add(levelGroup(group, l, { value }));
            if (!created.ok())
                return OpError::directory(created.error());
        } else {
            auto r = tx.modify(group, { LdapModification::remove(kMember, { value }) });
            if (r.ok() || r.error().code() == kNoSuchAttribute || r.error().code() == LdapCode::NoSuchObject)
                continue;
            return OpError::directory(r.error());
        }
    }
    return Done {};
}

OpResult<GroupRepair> repairGroups(DirectorySession &s)
{
    if (auto allowed = requireLevel(s, FullLevel, QStringLiteral("repairing the administrator groups")); !allowed.ok())
        return allowed.error();
    auto found = s.find(s.dit().admins(), LdapFilter::objectClass(QStringLiteral("ispmanSysadmin")),
        Admin::attributes(), LdapScope::OneLevel);
    if (!found.ok())
        return OpError::directory(found.error());
    QList<Admin> admins;
    for (const LdapEntry &e : std::as_const(*found))
        admins << Admin::fromEntry(e);
    std::sort(admins.begin(), admins.end(), [](const Admin &a, const Admin &b) { return a.uid < b.uid; });

    GroupRepair report;
    Transaction tx(s);
    for (const int l : Acl::adminGroupLevels()) {
        const LdapDn group = Acl::adminGroup(s.dit(), l);
        QList<QByteArray> wanted;
        QSet<QString> wantedKeys { group.normalized() };
        for (const Admin &a : std::as_const(admins)) {
            if (a.level >= l) {
                const LdapDn dn = s.dit().admin(a.uid);
                wanted << dn.toString().toUtf8();
                wantedKeys.insert(dn.normalized());
            }
        }
        auto current = s.read(group, { kMember });
        if (!current.ok())
            return OpError::directory(current.error());
        if (!current->has_value()) {
            auto created = tx.add(levelGroup(group, l, wanted));
            if (!created.ok())
                return OpError::directory(created.error());
            report.createdGroups << group.toString();
            report.membershipsChanged += int(wanted.size());
            continue;
        }
        QSet<QString> haveKeys;
        for (const QString &m : (*current)->texts(kMember)) {
            if (auto dn = LdapDn::parse(m))
                haveKeys.insert(dn->normalized());
        }
        if (haveKeys == wantedKeys)
            continue;
        report.membershipsChanged += int((haveKeys - wantedKeys).size() + (wantedKeys - haveKeys).size());
        auto r = tx.modify(group,
            { LdapModification::replace(kMember, QList<QByteArray> { group.toString().toUtf8() } + wanted) });
        if (!r.ok())
            return OpError::directory(r.error());
    }
    tx.commit();
    return report;
}

} // namespace Isp::Core::AdminOps
