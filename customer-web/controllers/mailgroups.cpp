// Mail groups of the domain (members, aliases) and the signature of its outgoing mail. Part of
// the mail section (mail.cpp); shared helpers in mailsupport.h.
#include "customer-web/controllers/controllers.h"
#include "customer-web/controllers/mailsupport.h"

#include "core/model/domain.h"
#include "core/model/mailuser.h"
#include "core/ops/domainops.h"
#include "core/ops/mailgroupops.h"

#include <QUrl>

#include <optional>

namespace Isp::Panel::MailSupport {

using namespace Isp::Core;

// --- Groups ---------------------------------------------------------------------------------

QStringList lines(const QString &text)
{
    QStringList out;
    const QStringList all = text.split(QLatin1Char('\n'));
    for (const QString &l : all) {
        const QString t = l.trimmed();
        if (!t.isEmpty())
            out << t;
    }
    return out;
}

Response groupsPage(Panel &p, const Request &r, const std::optional<OpError> &error)
{
    Mustache::data d = p.pageData(r, QObject::tr("Mail groups"), QStringLiteral("mailgroups"));
    const QList<MailGroup> all = groups(p, r.session->domain);
    Mustache::data rows = list();
    for (const MailGroup &g : all) {
        Mustache::data row;
        row.set("address", g.address.toStdString());
        row.set("href", pathSegment(g.name).toStdString());
        row.set("members", values(g.members));
        row.set("aliases", values(g.aliases));
        rows << row;
    }
    d.set("groups", rows);
    d.set("hasGroups", flag(!all.isEmpty()));
    if (error)
        d = withErrors(d, r, *error);
    return p.page(r, QStringLiteral("mailgroups"), d, error ? statusFor(*error) : 200);
}

Response groupPage(Panel &p, const Request &r, const MailGroup &g, const std::optional<OpError> &error)
{
    Mustache::data d = p.pageData(r, g.address, QStringLiteral("mailgroups"));
    d.set("address", g.address.toStdString());
    d.set("base", (QStringLiteral("/mail/groups/") + pathSegment(g.name)).toStdString());
    d.set("members", values(g.members));
    d.set("hasMembers", flag(!g.members.isEmpty()));
    d.set("aliases", values(g.aliases));
    d.set("hasAliases", flag(!g.aliases.isEmpty()));
    d.set("domainName", g.domain.toStdString());
    if (error)
        d = withErrors(d, r, *error);
    return p.page(r, QStringLiteral("mailgroup"), d, error ? statusFor(*error) : 200);
}

using GroupOp = std::function<OpResult<Done>(DirectorySession &, const QString &address)>;
void groupAction(Panel *p, Request &r, const Reply &reply, const QString &notice, const GroupOp &op, bool toList = false)
{
    const std::optional<MailGroup> g = findGroup(*p, r.session->domain, r.arg(0));
    if (!g) {
        reply(p->notFound(r));
        return;
    }
    const QString address = g->address;
    const QString name = g->name;
    const QString to = toList ? QStringLiteral("/mail/groups") : QStringLiteral("/mail/groups/") + pathSegment(name);
    run(p, r, reply, [op, address](DirectorySession &s) { return op(s, address); }, to, notice, [p, name](const Request &copy, const OpError &e) {
        const std::optional<MailGroup> now = findGroup(*p, copy.session->domain, name);
        return now ? groupPage(*p, copy, *now, e) : p->notFound(copy);
    });
}

void addGroupRoutes(Panel &panel)
{
    Panel *p = &panel;

    panel.route(M::Get, QStringLiteral("/mail/groups"), A::Owner, [p](Request &r, Reply reply) { reply(groupsPage(*p, r, std::nullopt)); });

    panel.route(M::Post, QStringLiteral("/mail/groups/add"), A::Owner, [p](Request &r, Reply reply) {
        MailGroupOps::MailGroupSpec spec;
        spec.domain = r.session->domain;
        spec.name = r.field(QStringLiteral("name")).trimmed();
        spec.members = lines(r.field(QStringLiteral("members")));
        run(p, r, reply, [spec](DirectorySession &s) { return done(MailGroupOps::add(s, spec)); }, QStringLiteral("/mail/groups"),
            QStringLiteral("added"), [p](const Request &copy, const OpError &e) { return groupsPage(*p, copy, e); });
    });

    panel.route(M::Get, QStringLiteral("/mail/groups/<arg>"), A::Owner, [p](Request &r, Reply reply) {
        const std::optional<MailGroup> g = findGroup(*p, r.session->domain, r.arg(0));
        reply(g ? groupPage(*p, r, *g, std::nullopt) : p->notFound(r));
    });

    panel.route(M::Post, QStringLiteral("/mail/groups/<arg>/members/add"), A::Owner, [p](Request &r, Reply reply) {
        const QString member = r.field(QStringLiteral("member")).trimmed();
        groupAction(p, r, reply, QStringLiteral("added"), [member](DirectorySession &s, const QString &a) { return done(MailGroupOps::addMember(s, a, member)); });
    });

    panel.route(M::Post, QStringLiteral("/mail/groups/<arg>/aliases/add"), A::Owner, [p](Request &r, Reply reply) {
        const QString alias = r.field(QStringLiteral("alias")).trimmed();
        groupAction(p, r, reply, QStringLiteral("added"), [alias](DirectorySession &s, const QString &a) { return done(MailGroupOps::addAlias(s, a, alias)); });
    });

    for (const bool members : {true, false}) {
        const QString pattern = members ? QStringLiteral("/mail/groups/<arg>/members/<arg>/delete") : QStringLiteral("/mail/groups/<arg>/aliases/<arg>/delete");
        panel.route(M::Post, pattern, A::Owner, [p, members](Request &r, Reply reply) {
            const std::optional<MailGroup> g = findGroup(*p, r.session->domain, r.arg(0));
            const std::optional<QString> value = g ? valueOf(members ? g->members : g->aliases, r.arg(1)) : std::nullopt;
            if (!value) {
                reply(p->notFound(r));
                return;
            }
            const QString v = *value;
            groupAction(p, r, reply, QStringLiteral("deleted"), [v, members](DirectorySession &s, const QString &a) {
                return done(members ? MailGroupOps::removeMember(s, a, v) : MailGroupOps::removeAlias(s, a, v));
            });
        });
    }

    panel.route(M::Post, QStringLiteral("/mail/groups/<arg>/delete"), A::Owner, [p](Request &r, Reply reply) {
        groupAction(p, r, reply, QStringLiteral("deleted"), [](DirectorySession &s, const QString &a) { return MailGroupOps::remove(s, a); }, true);
    });
}

// --- Signature ------------------------------------------------------------------------------

Response signaturePage(Panel &p, const Request &r, const std::optional<OpError> &error)
{
    Mustache::data d = p.pageData(r, QObject::tr("Signature"), QStringLiteral("signature"));
    auto e = p.cache().entry(p.dit().domain(r.session->domain));
    const QString current = e ? e->text(QStringLiteral("ispmanDomainSignature")) : QString();
    d.set("signature", current.toStdString());
    d.set("hasSignature", flag(!current.isEmpty()));
    d.set("max", std::to_string(DomainOps::MaxSignatureLength));
    if (error)
        d = withErrors(d, r, *error);
    d.set("value", (error ? r.field(QStringLiteral("signature")) : current).toStdString());
    return p.page(r, QStringLiteral("signature"), d, error ? statusFor(*error) : 200);
}

void addSignatureRoutes(Panel &panel)
{
    Panel *p = &panel;
    panel.route(M::Get, QStringLiteral("/signature"), A::Owner, [p](Request &r, Reply reply) { reply(signaturePage(*p, r, std::nullopt)); });
    panel.route(M::Post, QStringLiteral("/signature"), A::Owner, [p](Request &r, Reply reply) {
        const QString domain = r.session->domain;
        const QString text = r.field(QStringLiteral("signature"));
        run(p, r, reply, [domain, text](DirectorySession &s) { return DomainOps::setSignature(s, domain, text); }, QStringLiteral("/signature"),
            QStringLiteral("saved"), [p](const Request &copy, const OpError &e) { return signaturePage(*p, copy, e); });
    });
}

} // namespace Isp::Panel::MailSupport
