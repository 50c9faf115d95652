#include "agent/handlers/mailhandler.h"

#include "agent/handlers/directorytree.h"
#include "agent/handlers/processtarget.h"
#include "core/ops/confops.h"
#include "core/validation/domainname.h"
#include "core/validation/mailaddress.h"

#include <QHash>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QSet>

#include <optional>

namespace Isp::Agent {

namespace {

Q_LOGGING_CATEGORY(lcMail, "isp.agent.mail", QtInfoMsg)

using Core::LdapEntry;
using Core::LdapFilter;
using Owner = DirectoryTree::Owner;

const QString CreateMailbox = QStringLiteral("createMailbox");
const QString DeleteMailbox = QStringLiteral("deleteMailbox");
const QString Maildir = QStringLiteral("Maildir");

const QStringList &userAttributes()
{
    static const QStringList attrs { QStringLiteral("objectClass"), QStringLiteral("mailLocalAddress"),
        QStringLiteral("mailHost"), QStringLiteral("ispmanDomain"), QStringLiteral("uidNumber"),
        QStringLiteral("gidNumber") };
    return attrs;
}

// A mailbox's place: <root>/<domain>/<local>, both validated plain names.
struct Mailbox
{
    QString domain;
    QString local;

    [[nodiscard]] QStringList folder() const { return { domain, local }; }
    [[nodiscard]] QStringList maildir() const { return { domain, local, Maildir }; }
    [[nodiscard]] QString address() const { return local + u'@' + domain; }
};

Core::Result<Mailbox, QString> mailboxOf(const QString &field, const QString &address)
{
    const qsizetype at = address.lastIndexOf(u'@');
    if (at <= 0)
        return QStringLiteral("%1: \"%2\" is not a mail address").arg(field, address.left(100));
    auto local = Core::Validate::mailboxLocalPart(field, address.left(at));
    if (!local.ok())
        return local.error().message;
    auto domain = Core::Validate::domainName(field, address.mid(at + 1));
    if (!domain.ok())
        return domain.error().message;
    if (!RootedPaths::isPlainName(*local) || !RootedPaths::isPlainName(*domain))
        return QStringLiteral("%1: \"%2\" cannot name a folder").arg(field, address.left(100));
    return Mailbox { *domain, *local };
}

// The configured fixed owner ("uid:gid"), nullopt for "user", or why the setting is wrong.
Core::Result<std::optional<Owner>, QString> fixedOwner(const AgentConfig &config)
{
    if (config.mail.owner == u"user")
        return std::optional<Owner>();
    static const QRegularExpression pair(QStringLiteral("^([0-9]{1,10}):([0-9]{1,10})$"));
    const auto m = pair.match(config.mail.owner);
    if (!m.hasMatch() || m.captured(1).toULongLong() >= 4294967295ULL || m.captured(2).toULongLong() >= 4294967295ULL)
        return QStringLiteral("[mail] owner \"%1\" is neither \"user\" nor uid:gid").arg(config.mail.owner.left(40));
    return std::optional<Owner>(Owner { uint(m.captured(1).toULongLong()), uint(m.captured(2).toULongLong()) });
}

Core::Result<DirectoryTree, QString> mailRoot(const HandlerContext &ctx)
{
    auto root = ctx.paths.map(ctx.config.mail.root);
    if (!root.ok())
        return QStringLiteral("[mail] root: %1").arg(root.error().message);
    return DirectoryTree(*root);
}

// Maildir++ folder names from conf defaultMailboxFolders: one level, no '.', nothing hidden.
QStringList defaultFolders(HandlerContext &ctx, QStringList *skipped)
{
    auto v = Core::ConfOps::value(
        ctx.session, QStringLiteral("defaultMailboxFolders"), QStringLiteral("Drafts Sent Trash"));
    if (!v.ok()) {
        *skipped << QStringLiteral("defaultMailboxFolders unreadable (%1)").arg(v.error().toString());
        return {};
    }
    static const QRegularExpression name(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$"));
    QStringList out;
    for (const QString &f : v->split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts)) {
        if (name.match(f).hasMatch())
            out << f;
        else
            *skipped << QStringLiteral("default folder \"%1\" is not a plain name").arg(f.left(40));
    }
    return out;
}

// Makes `e`'s Maildir on this host (the caller checked that its mailHost is here).
Outcome converge(HandlerContext &ctx, const LdapEntry &e)
{
    auto box = mailboxOf(QStringLiteral("mailLocalAddress"), e.text(QStringLiteral("mailLocalAddress")));
    if (!box.ok())
        return Outcome::failed(QStringLiteral("refused: %1; nothing was changed").arg(box.error()));
    const QString ownDomain = e.text(QStringLiteral("ispmanDomain"));
    if (!ownDomain.isEmpty()) {
        auto d = Core::Validate::domainName(QStringLiteral("ispmanDomain"), ownDomain);
        if (!d.ok() || *d != box->domain)
            return Outcome::failed(
                QStringLiteral("refused: the address %1 of %2 is not in its domain %3; nothing was changed")
                    .arg(box->address(), e.dn().toString(), ownDomain.left(100)));
    }
    auto fixed = fixedOwner(ctx.config);
    if (!fixed.ok())
        return Outcome::failed(fixed.error());
    std::optional<Owner> owner = *fixed;
    if (!owner) {
        auto uid = ProcessTarget::posixId(e, QStringLiteral("uidNumber"));
        auto gid = ProcessTarget::posixId(e, QStringLiteral("gidNumber"));
        if (!uid.ok() || !gid.ok())
            return Outcome::failed(
                QStringLiteral("refused: %1; nothing was changed").arg(!uid.ok() ? uid.error() : gid.error()));
        owner = Owner { *uid, *gid };
    }
    auto tree = mailRoot(ctx);
    if (!tree.ok())
        return Outcome::failed(tree.error());
    auto before = tree->state(box->maildir());
    if (!before.ok())
        return Outcome::failed(before.error());
    const bool fresh = !before->exists;

    struct Dir
    {
        QStringList components;
        uint mode;
        std::optional<Owner> owner;
    };
    // The domain folder is shared by its users: the fixed owner's, else the agent's (root).
    QList<Dir> dirs { { { box->domain }, 0711, *fixed }, { box->folder(), 0700, owner },
        { box->maildir(), 0700, owner } };
    for (const char *sub : { "cur", "new", "tmp" })
        dirs.append({ box->maildir() << QLatin1String(sub), 0700, owner });
    QStringList notes;
    if (fresh) {
        for (const QString &f : defaultFolders(ctx, &notes)) {
            const QStringList folder = box->maildir() << u'.' + f;
            dirs.append({ folder, 0700, owner });
            for (const char *sub : { "cur", "new", "tmp" })
                dirs.append({ QStringList(folder) << QLatin1String(sub), 0700, owner });
        }
    }
    bool changed = false;
    for (const Dir &d : std::as_const(dirs)) {
        auto r = tree->ensure(d.components, d.mode, d.owner);
        if (!r.ok()) {
            qCWarning(lcMail).noquote() << box->address() << r.error();
            return Outcome::failed(r.error());
        }
        changed = changed || *r;
        // Maildir++: a subfolder is marked by an empty "maildirfolder" file.
        if (d.components.size() == 4 && d.components.at(3).startsWith(u'.')) {
            auto marker = tree->ensureFile(QStringList(d.components) << QStringLiteral("maildirfolder"), 0600, d.owner);
            if (!marker.ok())
                return Outcome::failed(marker.error());
            changed = changed || *marker;
        }
    }
    QString what;
    if (changed) {
        what = (fresh ? QStringLiteral("made %1") : QStringLiteral("corrected %1")).arg(tree->path(box->maildir()));
        qCInfo(lcMail).noquote() << what;
    }
    if (!notes.isEmpty())
        what += (what.isEmpty() ? QString() : QStringLiteral("; ")) + notes.join(QStringLiteral("; "));
    return Outcome::done(changed, what);
}

Outcome create(HandlerContext &ctx, const Core::Process &process)
{
    auto user = ProcessTarget::current(ctx.session, process, userAttributes());
    if (!user.ok())
        return Outcome::failed(user.error());
    if (!user->has_value())
        return Outcome::done(false, QStringLiteral("%1 is gone: no mailbox to make").arg(process.target));
    const LdapEntry &e = **user;
    if (!e.hasObjectClass(QStringLiteral("ispmanDomainUser")))
        return Outcome::failed(QStringLiteral("%1 is not a mail user (ispmanDomainUser)").arg(e.dn().toString()));
    const QString mailHost = e.text(QStringLiteral("mailHost"));
    if (mailHost.isEmpty())
        return Outcome::done(
            false, QStringLiteral("%1 has no mailbox (no mailHost): nothing to make").arg(e.dn().toString()));
    if (!ProcessTarget::isThisHost(ctx.hostNames, mailHost))
        return Outcome::done(false,
            QStringLiteral("the mailbox of %1 is on %2 now, not here: nothing to make")
                .arg(e.dn().toString(), mailHost));
    return converge(ctx, e);
}

Outcome remove(HandlerContext &ctx, const Core::Process &process)
{
    auto box = mailboxOf(QStringLiteral("mailbox"), ProcessTarget::param(process, QStringLiteral("mailbox")));
    if (!box.ok())
        return Outcome::failed(QStringLiteral("refused: %1; nothing was removed").arg(box.error()));
    auto user = ProcessTarget::current(ctx.session, process, userAttributes());
    if (!user.ok())
        return Outcome::failed(user.error());
    if (user->has_value() && ProcessTarget::isThisHost(ctx.hostNames, (*user)->text(QStringLiteral("mailHost"))))
        return Outcome::done(
            false, QStringLiteral("%1 still has its mailbox here: left in place").arg((*user)->dn().toString()));
    // Whoever else holds that address with a mailbox here (a user made again under another name).
    auto holders = ctx.session.find(ctx.session.dit().base(),
        LdapFilter::allOf({ LdapFilter::objectClass(QStringLiteral("ispmanDomainUser")),
            LdapFilter::equals(QStringLiteral("mailLocalAddress"), box->address()),
            ProcessTarget::anyHostFilter(QStringLiteral("mailHost"), ctx.hostNames) }),
        { QStringLiteral("mailLocalAddress") });
    if (!holders.ok())
        return Outcome::failed(
            QStringLiteral("cannot look for the holder of %1: %2").arg(box->address(), holders.error().toString()));
    for (const LdapEntry &h : std::as_const(*holders)) {
        // (mailLocalAddress=x) also matches mailAlias values: only the user's own address counts.
        auto other = mailboxOf(QStringLiteral("mailLocalAddress"), h.text(QStringLiteral("mailLocalAddress")));
        if (other.ok() && other->domain == box->domain && other->local == box->local)
            return Outcome::done(
                false, QStringLiteral("%1 has that mailbox here: left in place").arg(h.dn().toString()));
    }
    auto tree = mailRoot(ctx);
    if (!tree.ok())
        return Outcome::failed(tree.error());
    auto removed = tree->removeTree(box->maildir());
    if (!removed.ok()) {
        qCWarning(lcMail).noquote() << box->address() << removed.error();
        return Outcome::failed(removed.error());
    }
    auto emptied = tree->removeIfEmpty(box->folder());
    if (!emptied.ok())
        return Outcome::failed(emptied.error());
    if (!*removed && !*emptied)
        return Outcome::done(false, QStringLiteral("%1 was already gone").arg(tree->path(box->maildir())));
    qCInfo(lcMail).noquote() << "removed the mailbox" << box->address() << "at" << tree->path(box->maildir());
    return Outcome::done(true, QStringLiteral("removed %1").arg(tree->path(*removed ? box->maildir() : box->folder())));
}

} // namespace

QStringList MailHandler::processes() const
{
    return { CreateMailbox, DeleteMailbox };
}

Outcome MailHandler::run(const Core::Process &process, HandlerContext &context)
{
    if (process.name == CreateMailbox)
        return create(context, process);
    if (process.name == DeleteMailbox)
        return remove(context, process);
    return Outcome::failed(QStringLiteral("the mail handler does not run %1").arg(process.name));
}

ReconcileReport MailHandler::reconcile(HandlerContext &context)
{
    ReconcileReport report;
    Core::DirectorySession &s = context.session;
    auto users = s.find(s.dit().base(),
        LdapFilter::allOf({ LdapFilter::objectClass(QStringLiteral("ispmanDomainUser")),
            ProcessTarget::anyHostFilter(QStringLiteral("mailHost"), context.hostNames) }),
        userAttributes());
    if (!users.ok()) {
        report.problems << QStringLiteral("cannot list the mailboxes of this host: %1").arg(users.error().toString());
        return report;
    }
    QHash<QString, QSet<QString>> known; // domain -> local parts with a mailbox here
    for (const LdapEntry &e : std::as_const(*users)) {
        ++report.checked;
        auto box = mailboxOf(QStringLiteral("mailLocalAddress"), e.text(QStringLiteral("mailLocalAddress")));
        if (box.ok())
            known[box->domain].insert(box->local);
        const Outcome o = converge(context, e);
        if (!o.ok)
            report.problems << QStringLiteral("%1: %2").arg(e.dn().toString(), o.message);
        else if (o.changed)
            ++report.repaired;
    }

    // Folders without a mailbox of this host: reported, never removed (they hold mail).
    auto tree = mailRoot(context);
    if (!tree.ok()) {
        report.problems << tree.error();
        return report;
    }
    const QString shown
        = context.config.mail.root.endsWith(u'/') ? context.config.mail.root.chopped(1) : context.config.mail.root;
    auto domains = tree->list({});
    if (!domains.ok()) {
        report.problems << domains.error();
        return report;
    }
    for (const DirectoryTree::Entry &d : std::as_const(*domains)) {
        const QString path = shown + u'/' + d.name;
        const auto it = known.constFind(d.name);
        if (it == known.constEnd()) {
            report.problems << QStringLiteral("%1: no mailbox of this host is in it; left in place").arg(path);
            continue;
        }
        if (!d.isDirectory)
            continue; // a link or a file where a domain folder belongs: converge() reported it
        auto locals = tree->list({ d.name });
        if (!locals.ok()) {
            report.problems << locals.error();
            continue;
        }
        for (const DirectoryTree::Entry &l : std::as_const(*locals)) {
            if (!it->contains(l.name))
                report.problems << QStringLiteral("%1/%2: not the mailbox of any user on this host; left in place")
                                       .arg(path, l.name);
        }
    }
    qCInfo(lcMail) << "reconciled" << report.checked << "mailboxes," << report.repaired << "repaired,"
                   << report.problems.size() << "problems";
    return report;
}

} // namespace Isp::Agent
