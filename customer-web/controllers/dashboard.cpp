// The dashboard: the domain at a glance (type, limits and usage) and its recent work: what is
// queued for the hosts and when each change was applied.
#include "customer-web/controllers/controllers.h"

#include "core/model/domain.h"
#include "core/model/mailuser.h"

#include <QLocale>

namespace Isp::Panel {

using namespace Isp::Core;

namespace {

Mustache::data usage(const QString &what, qsizetype used, int limit)
{
    Mustache::data d;
    d.set("what", what.toStdString());
    d.set("used", std::to_string(used));
    d.set("limit", limit < 0 ? std::string("unlimited") : std::to_string(limit));
    d.set("full", flag(limit >= 0 && used >= limit));
    return d;
}

QString when(const QDateTime &t)
{
    return t.isValid() ? t.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) : QString();
}

} // namespace

void addDashboardRoutes(Panel &panel)
{
    Panel *p = &panel;
    panel.route(Request::Method::Get, QStringLiteral("/dashboard"), Panel::Access::Owner, [p](Request &r, Reply reply) {
        const QString name = r.session->domain;
        auto entry = p->cache().entry(p->dit().domain(name));
        if (!entry) {
            reply(p->notFound(r));
            return;
        }
        const Domain domain = Domain::fromEntry(*entry);
        Mustache::data d = p->pageData(r, QObject::tr("Dashboard"), QStringLiteral("dashboard"));
        d.set("type", Domain::typeName(domain.type).toStdString());
        d.set("suspended", flag(domain.suspended));
        d.set("locked", flag(domain.locked));
        if (!domain.replicaMaster.isEmpty())
            d.set("replicaOf", domain.replicaMaster.toStdString());
        d.set("isPrimary", flag(domain.type == Domain::Type::Primary));

        const QList<LdapEntry> users = p->childrenOf(p->dit().users(name));
        qint64 quotaKiB = 0;
        qsizetype mailboxes = 0;
        for (const LdapEntry &u : users) {
            const MailUser m = MailUser::fromEntry(u);
            quotaKiB += m.mailQuotaKiB;
            mailboxes += m.hasMailbox() ? 1 : 0;
        }
        const qsizetype websites = p->childrenOf(p->dit().vhosts(name)).size();
        const qsizetype databases = p->childrenOf(p->dit().databases(name)).size();
        const qsizetype groups = p->childrenOf(p->dit().mailGroups(name)).size();
        Mustache::data limits = list();
        limits << usage(QObject::tr("Mail users"), users.size(), domain.maxAccounts);
        limits << usage(QObject::tr("Websites"), websites, domain.maxVhosts);
        limits << usage(QObject::tr("Databases"), databases, domain.maxDatabases);
        d.set("limits", limits);
        d.set("mailboxes", std::to_string(mailboxes));
        d.set("groups", std::to_string(groups));
        d.set("quota", QLocale::c().formattedDataSize(quotaKiB * 1024, 1, QLocale::DataSizeTraditionalFormat).toStdString());

        Mustache::data work = list();
        const QList<Activity> activity = p->activity(name);
        for (const Activity &a : activity) {
            Mustache::data row;
            row.set("process", a.process.toStdString());
            row.set("object", a.object.toStdString());
            row.set("host", a.host.toStdString());
            row.set("queued", when(a.queued).toStdString());
            row.set("applied", when(a.applied).toStdString());
            row.set("status", a.status.toStdString());
            row.set("failed", flag(a.status == u"error"));
            row.set("error", a.error.toStdString());
            if (a.applied.isValid() && a.queued.isValid())
                row.set("took", std::to_string(std::max<qint64>(0, a.queued.msecsTo(a.applied))) + " ms");
            work << row;
        }
        d.set("activity", work);
        d.set("hasActivity", flag(!activity.isEmpty()));
        reply(p->page(r, QStringLiteral("dashboard"), d));
    });
}

} // namespace Isp::Panel
