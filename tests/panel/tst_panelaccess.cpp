// The access matrix: every route of the panel × {anonymous, another domain's owner, the owner}
// gives {redirect to login, 404, success}, and a POST without its CSRF token gives 403. The
// routes come from the panel itself (Panel::routeList), and real addresses of example.com's
// objects are found by crawling example.com's pages as its owner, so a route added later is
// covered without editing this test (and the test fails if no address of it is found).
// Afterwards nothing of example.com has changed (entryCSN of every entry compared).
#include "panelfixture.h"

#include "core/ops/domainops.h"
#include "core/ops/mailgroupops.h"
#include "core/ops/userops.h"
#include "core/ops/vhostops.h"

#include <QRegularExpression>
#include <QSet>

using namespace Isp;
using namespace Isp::Test;

namespace {

QString unescapeHtml(QString s)
{
    s.replace(QStringLiteral("&amp;"), QStringLiteral("&"));
    s.replace(QStringLiteral("&quot;"), QStringLiteral("\""));
    s.replace(QStringLiteral("&#39;"), QStringLiteral("'"));
    s.replace(QStringLiteral("&apos;"), QStringLiteral("'"));
    return s;
}

bool matches(const QString &pattern, const QString &url)
{
    const QString path = QUrl(url).path(QUrl::FullyDecoded);
    const QStringList p = pattern.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    const QStringList u = path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    if (p.size() != u.size())
        return false;
    for (qsizetype i = 0; i < p.size(); ++i) {
        if (p.at(i) != u"<arg>" && p.at(i) != u.at(i))
            return false;
    }
    return true;
}

} // namespace

class TestPanelAccess : public QObject
{
    Q_OBJECT

    // Every entry of example.com (domain subtree and zone) with its entryCSN.
    QHash<QString, QString> snapshot()
    {
        auto root = m_fixture.rootSession();
        QHash<QString, QString> out;
        for (const Core::LdapDn &base : {root->dit().domain(QStringLiteral("example.com")), root->dit().zone(QStringLiteral("example.com"))}) {
            auto found = root->find(base, Core::LdapFilter::present(QStringLiteral("objectClass")), {QStringLiteral("entryCSN")});
            if (!found.ok())
                return {};
            for (const Core::LdapEntry &e : *found)
                out.insert(e.dn().normalized(), e.text(QStringLiteral("entryCSN")));
        }
        return out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        ISP_START_PANEL(m_fixture);
        // Give example.com one of everything, so its pages show every kind of object.
        auto root = m_fixture.rootSession();
        const QString d = QStringLiteral("example.com");
        QVERIFY(Core::UserOps::addAlias(*root, QStringLiteral("john@example.com"), QStringLiteral("johnny@example.com")).ok());
        QVERIFY(Core::UserOps::addForward(*root, QStringLiteral("john@example.com"), QStringLiteral("john@elsewhere.example")).ok());
        QVERIFY(Core::MailGroupOps::addAlias(*root, QStringLiteral("sales@example.com"), QStringLiteral("vente@example.com")).ok());
        QVERIFY(Core::VhostOps::addAlias(*root, d, QStringLiteral("www"), QStringLiteral("web")).ok());
        QVERIFY(Core::VhostOps::addRedirect(*root, d, QStringLiteral("www"), QStringLiteral("/old"), QStringLiteral("https://example.com/new")).ok());
        QVERIFY(Core::VhostOps::addWebUser(*root, d, QStringLiteral("editor"), QStringLiteral("Editor-pass-2026")).ok());
        QVERIFY(Core::VhostOps::addProtection(*root, d, QStringLiteral("www"), QStringLiteral("/private"), {QStringLiteral("editor")}).ok());
        // Suspended objects too (their pages offer "resume").
        Core::VhostOps::VhostSpec shop;
        shop.domain = d;
        shop.name = QStringLiteral("shop");
        QVERIFY(Core::VhostOps::add(*root, shop).ok());
        QVERIFY(Core::VhostOps::setSuspended(*root, d, QStringLiteral("shop"), true).ok());
        QVERIFY(Core::UserOps::setSuspended(*root, QStringLiteral("jane@example.com"), true).ok());
        // The other owner: a fresh domain with nothing of the same names (example.org also has
        // a "www", which its owner may of course open).
        Core::DomainOps::DomainSpec other;
        other.name = QStringLiteral("other.test");
        other.password = PanelFixture::ownerPassword(other.name);
        auto added = Core::DomainOps::add(*root, other);
        QVERIFY2(added.ok(), added.ok() ? "" : qPrintable(added.error().toString()));
        QVERIFY(QTest::qWaitFor([this] { return m_fixture.panel().cache().entry(m_fixture.panel().dit().domain(QStringLiteral("other.test"))).has_value(); }, 5000));

        // Crawl example.com's pages as its owner.
        auto owner = m_fixture.owner(d);
        QVERIFY(owner);
        static const QRegularExpression href(QStringLiteral("href=\"(/[^\"]*)\""));
        static const QRegularExpression form(QStringLiteral("<form\\b[^>]*>"));
        static const QRegularExpression action(QStringLiteral("action=\"([^\"]*)\""));
        QStringList todo{QStringLiteral("/dashboard")};
        QSet<QString> seen;
        while (!todo.isEmpty() && seen.size() < 300) {
            const QString page = todo.takeFirst();
            if (seen.contains(page) || page.startsWith(QStringLiteral("/static/")))
                continue;
            seen.insert(page);
            const HttpResult r = owner->get(page);
            QVERIFY2(r.status == 200, qPrintable(QStringLiteral("owner GET %1: %2").arg(page).arg(r.status)));
            m_getUrls.insert(page);
            const QString html = r.text();
            for (auto it = href.globalMatch(html); it.hasNext();) {
                const QString link = unescapeHtml(it.next().captured(1));
                if (!seen.contains(link))
                    todo << link;
            }
            for (auto it = form.globalMatch(html); it.hasNext();) {
                const QString tag = it.next().captured(0);
                const auto a = action.match(tag);
                if (a.hasMatch() && tag.contains(QStringLiteral("method=\"post\""), Qt::CaseInsensitive))
                    m_postUrls.insert(unescapeHtml(a.captured(1)));
            }
        }
        QVERIFY(m_getUrls.size() > 5);
        QVERIFY(m_postUrls.size() > 10);
    }

    void everyRouteHasAnAddress()
    {
        const auto routes = m_fixture.panel().routeList();
        QStringList missing;
        for (const auto &r : routes) {
            if (r.access != Panel::Panel::Access::Owner)
                continue;
            const QSet<QString> &urls = r.method == Panel::Request::Method::Post ? m_postUrls : m_getUrls;
            bool found = false;
            for (const QString &u : urls)
                found = found || matches(r.pattern, u);
            if (!found)
                missing << r.pattern;
        }
        QVERIFY2(missing.isEmpty(), qPrintable(QStringLiteral("no link or form on example.com's pages leads to: ") + missing.join(QStringLiteral(", "))));
    }

    void anonymousIsSentToLogin()
    {
        auto anon = m_fixture.client();
        anon->get(QStringLiteral("/login")); // a pre-session and its token, to show they do not help
        for (const QString &u : std::as_const(m_getUrls)) {
            const HttpResult r = anon->get(u);
            QVERIFY2(r.status == 303 && r.location().startsWith(QStringLiteral("/login")), qPrintable(QStringLiteral("GET %1: %2").arg(u).arg(r.status)));
        }
        for (const QString &u : std::as_const(m_postUrls)) {
            if (u == u"/login")
                continue;
            const HttpResult r = anon->post(u, {});
            QVERIFY2(r.status == 303 && r.location().startsWith(QStringLiteral("/login")), qPrintable(QStringLiteral("POST %1: %2").arg(u).arg(r.status)));
        }
    }

    void anotherOwnerGetsNotFound()
    {
        const auto before = snapshot();
        QVERIFY(!before.isEmpty());
        auto other = m_fixture.owner(QStringLiteral("other.test"));
        QVERIFY(other);
        const auto routes = m_fixture.panel().routeList();
        auto hasArgs = [&](const QString &u, Panel::Request::Method m) {
            for (const auto &r : routes) {
                if (r.method == m && r.pattern.contains(QStringLiteral("<arg>")) && matches(r.pattern, u))
                    return true;
            }
            return false;
        };
        int checked = 0;
        for (const QString &u : std::as_const(m_getUrls)) {
            if (!hasArgs(u, Panel::Request::Method::Get))
                continue; // the same page of its own domain
            const HttpResult r = other->get(u);
            QVERIFY2(r.status == 404, qPrintable(QStringLiteral("other.test's owner GET %1: %2").arg(u).arg(r.status)));
            QVERIFY(!r.text().contains(QStringLiteral("john@example.com")));
            ++checked;
        }
        other->get(QStringLiteral("/dashboard")); // its own token
        for (const QString &u : std::as_const(m_postUrls)) {
            if (!hasArgs(u, Panel::Request::Method::Post))
                continue;
            const HttpResult r = other->post(u, {{QStringLiteral("password"), QStringLiteral("Taken-over-2026")},
                                                 {QStringLiteral("quota"), QStringLiteral("1")},
                                                 {QStringLiteral("alias"), QStringLiteral("x")},
                                                 {QStringLiteral("member"), QStringLiteral("x@example.org")}});
            QVERIFY2(r.status == 404, qPrintable(QStringLiteral("other.test's owner POST %1: %2").arg(u).arg(r.status)));
            ++checked;
        }
        QVERIFY(checked > 10);
        QCOMPARE(snapshot(), before);
    }

    void postsWithoutTheirTokenAreRefused()
    {
        const auto before = snapshot();
        auto owner = m_fixture.owner(QStringLiteral("example.com"));
        QVERIFY(owner);
        for (const QString &u : std::as_const(m_postUrls)) {
            if (u == u"/login")
                continue;
            const HttpResult r = owner->post(u, {{QStringLiteral("_csrf"), QString()}});
            QVERIFY2(r.status == 403, qPrintable(QStringLiteral("POST %1 without a token: %2").arg(u).arg(r.status)));
        }
        QCOMPARE(snapshot(), before);
        QCOMPARE(owner->get(QStringLiteral("/dashboard")).status, 200); // still logged in
    }

private:
    PanelFixture m_fixture;
    QSet<QString> m_getUrls;
    QSet<QString> m_postUrls;
};

QTEST_MAIN(TestPanelAccess)
#include "tst_panelaccess.moc"
