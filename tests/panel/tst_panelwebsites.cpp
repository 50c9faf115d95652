// The panel's websites and web users: adding and deleting websites within the domain's limit,
// aliases, redirects, protected locations with their web users, suspend and resume; the access
// rules (anonymous, another domain's owner, CSRF) and hostile input. The real panel over real
// sockets against a real slapd; each change is checked in the directory and on the pages.
#include "core/model/vhost.h"
#include "core/ops/domainops.h"
#include "panelfixture.h"

using namespace Isp;
using namespace Isp::Core;
using namespace Isp::Test;

namespace {

const QString Com = QStringLiteral("example.com");
const QString Org = QStringLiteral("example.org");
const QString WebPassword = QStringLiteral("Web-user-Pass-2026");

QString idOf(const QString &value)
{
    return QString::fromLatin1(value.toUtf8().toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

// For failure messages: the status and what the page's <main> says.
QByteArray why(const HttpResult &r)
{
    const qsizetype from = r.body.indexOf("<main");
    return QByteArray::number(r.status) + ' ' + (from < 0 ? r.body.left(500) : r.body.mid(from, 1500));
}

} // namespace

class TestPanelWebsites : public QObject
{
    Q_OBJECT

private:
    PanelFixture m_fixture;
    std::unique_ptr<DirectorySession> m_root;
    std::unique_ptr<PanelClient> m_hostileClient;

    const Dit &dit() { return m_root->dit(); }
    std::optional<LdapEntry> read(const LdapDn &dn)
    {
        auto e = m_root->read(dn, { QStringLiteral("*"), QStringLiteral("entryUUID") });
        return e.ok() ? *e : std::nullopt;
    }
    bool exists(const LdapDn &dn) { return read(dn).has_value(); }
    LdapDn site(const QString &domain, const QString &name) { return Vhost::dn(dit(), domain, name); }
    QString status(const QString &domain, const QString &name)
    {
        auto e = read(site(domain, name));
        return e ? e->text(QStringLiteral("ispmanStatus")) : QString();
    }
    int websiteCount(const QString &domain)
    {
        auto found = m_root->find(dit().vhosts(domain), LdapFilter::objectClass(QStringLiteral("ispmanVirtualHost")),
            { QStringLiteral("1.1") }, LdapScope::OneLevel);
        return found.ok() ? int(found->size()) : -1;
    }
    // The names of the processes queued about `target`.
    QStringList processesFor(const LdapDn &target)
    {
        auto found = m_root->find(dit().processes(),
            LdapFilter::equals(QStringLiteral("ispmanProcessTarget"), target.toString()),
            { QStringLiteral("ispmanProcess") });
        QStringList out;
        if (found.ok()) {
            for (const LdapEntry &e : std::as_const(*found))
                out << e.text(QStringLiteral("ispmanProcess"));
        }
        out.sort();
        return out;
    }
    // The whole subtree of the domain's websites and web users, to prove nothing changed.
    QStringList snapshot(const QString &domain)
    {
        QStringList out;
        for (const LdapDn &base : { dit().vhosts(domain), dit().webUsers(domain) }) {
            auto found = m_root->find(base, LdapFilter::present(QStringLiteral("objectClass")),
                { QStringLiteral("*"), QStringLiteral("entryCSN") });
            if (!found.ok())
                continue;
            for (const LdapEntry &e : std::as_const(*found))
                out << e.dn().toString() + QLatin1Char('@') + e.text(QStringLiteral("entryCSN"));
        }
        out.sort();
        return out;
    }
    // Adds a website through the panel as `c`; true when it answered 303 to the list.
    bool addSite(PanelClient &c, const QString &name, const QString &aliases = {})
    {
        c.get(QStringLiteral("/websites"));
        const HttpResult r = c.post(QStringLiteral("/websites/add"),
            { { QStringLiteral("name"), name }, { QStringLiteral("aliases"), aliases } });
        if (r.status != 303)
            qWarning().noquote() << "add" << name << why(r);
        return r.status == 303 && r.location() == u"/websites?done=added";
    }

private Q_SLOTS:
    void initTestCase()
    {
        ISP_START_PANEL(m_fixture);
        m_root = m_fixture.rootSession();
    }

    void addWebsiteWithAlias()
    {
        auto c = m_fixture.owner(Com);
        QVERIFY(c);
        HttpResult list = c->get(QStringLiteral("/websites"));
        QCOMPARE(list.status, 200);
        QVERIFY(list.text().contains(QStringLiteral("href=\"/websites/www\"")));
        QVERIFY(list.text().contains(QStringLiteral("1 of unlimited website(s) used.")));
        QVERIFY(list.text().contains(QStringLiteral("action=\"/websites/add\"")));

        const HttpResult r = c->post(QStringLiteral("/websites/add"),
            { { QStringLiteral("name"), QStringLiteral("Shop") },
                { QStringLiteral("aliases"), QStringLiteral("boutique, www.shop-example.test") } });
        QCOMPARE(r.status, 303);
        QCOMPARE(r.location(), QStringLiteral("/websites?done=added"));
        const LdapDn dn = site(Com, QStringLiteral("shop"));
        const auto entry = read(dn);
        QVERIFY(entry);
        QCOMPARE(entry->text(QStringLiteral("uid")), QStringLiteral("shop.example.com"));
        QCOMPARE(entry->text(QStringLiteral("ispmanStatus")), QStringLiteral("active"));
        QVERIFY(exists(Vhost::aliasDn(dit(), Com, QStringLiteral("shop"), QStringLiteral("boutique"))));
        QVERIFY(exists(Vhost::aliasDn(dit(), Com, QStringLiteral("shop"), QStringLiteral("www.shop-example.test"))));
        QVERIFY2(processesFor(dn).contains(QStringLiteral("AddVirtualHost")), qPrintable(processesFor(dn).join(u',')));
        QVERIFY(processesFor(dn).contains(QStringLiteral("AddVirtualHostDirectories")));

        // Listed on the page the redirect leads to (read your writes).
        list = c->follow(r);
        QCOMPARE(list.status, 200);
        QVERIFY(list.text().contains(QStringLiteral("Added.")));
        QVERIFY(list.text().contains(QStringLiteral("href=\"/websites/shop\"")));
        QVERIFY(list.text().contains(QStringLiteral("shop.example.com")));
        QVERIFY(list.text().contains(QStringLiteral("boutique.example.com")));
        QVERIFY(list.text().contains(QStringLiteral("www.shop-example.test")));
        QVERIFY(list.text().contains(QStringLiteral("2 of unlimited website(s) used.")));

        const HttpResult page = c->get(QStringLiteral("/websites/shop"));
        QCOMPARE(page.status, 200);
        QVERIFY(page.text().contains(QStringLiteral("<h2 id=\"site-h\">shop.example.com</h2>")));
        QVERIFY(page.text().contains(QStringLiteral("web1.example.net")));
        QVERIFY(page.text().contains(QStringLiteral("action=\"/websites/shop/aliases/boutique/delete\"")));

        // The same name again: 422 next to the name, nothing written.
        const QStringList before = snapshot(Com);
        const HttpResult again = c->post(QStringLiteral("/websites/add"),
            { { QStringLiteral("name"), QStringLiteral("shop") }, { QStringLiteral("aliases"), QString() } });
        QCOMPARE(again.status, 422);
        QVERIFY(again.text().contains(QStringLiteral("id=\"name-error\"")));
        QVERIFY(again.text().contains(QStringLiteral("already exists")));
        QVERIFY(again.text().contains(QStringLiteral("aria-invalid=\"true\"")));
        QCOMPARE(snapshot(Com), before);
    }

    void websiteWithPort()
    {
        auto c = m_fixture.owner(Com);
        QVERIFY(c);
        QVERIFY(addSite(*c, QStringLiteral("www:8080")));
        const LdapDn dn = site(Com, QStringLiteral("www:8080"));
        QVERIFY(exists(dn));
        const HttpResult list = c->get(QStringLiteral("/websites"));
        QVERIFY(list.text().contains(QStringLiteral("href=\"/websites/www:8080\"")));
        // Both spellings of the address name the same website.
        HttpResult page = c->get(QStringLiteral("/websites/www:8080"));
        QCOMPARE(page.status, 200);
        QVERIFY(page.text().contains(QStringLiteral("<h2 id=\"site-h\">www.example.com:8080</h2>")));
        QVERIFY(page.text().contains(QStringLiteral("action=\"/websites/www:8080/suspend\"")));
        QCOMPARE(c->get(QStringLiteral("/websites/www%3A8080")).status, 200);

        HttpResult r = c->post(QStringLiteral("/websites/www:8080/aliases/add"),
            { { QStringLiteral("alias"), QStringLiteral("port-alias") } });
        QVERIFY2(r.status == 303, why(r).constData());
        QCOMPARE(r.location(), QStringLiteral("/websites/www:8080?done=added"));
        QVERIFY(exists(Vhost::aliasDn(dit(), Com, QStringLiteral("www:8080"), QStringLiteral("port-alias"))));
        QVERIFY(c->follow(r).text().contains(QStringLiteral("port-alias.example.com")));

        r = c->post(QStringLiteral("/websites/www:8080/delete"), {});
        QVERIFY2(r.status == 303, why(r).constData());
        QCOMPARE(r.location(), QStringLiteral("/websites?done=deleted"));
        QVERIFY(!exists(dn));
        QVERIFY(processesFor(dn).contains(QStringLiteral("DeleteVirtualHost")));
        const HttpResult after = c->follow(r);
        QVERIFY(after.text().contains(QStringLiteral("Deleted.")));
        QVERIFY(!after.text().contains(QStringLiteral("/websites/www:8080")));
        QCOMPARE(c->get(QStringLiteral("/websites/www:8080")).status, 404);
    }

    void aliases()
    {
        auto c = m_fixture.owner(Com);
        QVERIFY(c);
        c->get(QStringLiteral("/websites/shop"));
        HttpResult r = c->post(
            QStringLiteral("/websites/shop/aliases/add"), { { QStringLiteral("alias"), QStringLiteral("store") } });
        QCOMPARE(r.status, 303);
        QCOMPARE(r.location(), QStringLiteral("/websites/shop?done=added"));
        const LdapDn alias = Vhost::aliasDn(dit(), Com, QStringLiteral("shop"), QStringLiteral("store"));
        QVERIFY(exists(alias));
        HttpResult page = c->follow(r);
        QVERIFY(page.text().contains(QStringLiteral("store.example.com")));

        // The website's own name, and one that another website answers to: 422 next to the field.
        const QStringList before = snapshot(Com);
        for (const QString &taken : { QStringLiteral("shop"), QStringLiteral("www"), QStringLiteral("store") }) {
            r = c->post(QStringLiteral("/websites/shop/aliases/add"), { { QStringLiteral("alias"), taken } });
            QCOMPARE(r.status, 422);
            QVERIFY(r.text().contains(QStringLiteral("id=\"alias-error\"")));
            QVERIFY(r.text().contains(QStringLiteral("value=\"") + taken + QLatin1Char('"'))); // refilled
        }
        QCOMPARE(snapshot(Com), before);

        r = c->post(QStringLiteral("/websites/shop/aliases/store/delete"), {});
        QCOMPARE(r.status, 303);
        QVERIFY(!exists(alias));
        page = c->follow(r);
        QVERIFY(page.text().contains(QStringLiteral("Deleted.")));
        QVERIFY(!page.text().contains(QStringLiteral("store.example.com")));
        // Not an alias (any more): 404.
        QCOMPARE(c->post(QStringLiteral("/websites/shop/aliases/store/delete"), {}).status, 404);
    }

    void redirects()
    {
        auto c = m_fixture.owner(Com);
        QVERIFY(c);
        c->get(QStringLiteral("/websites/shop"));
        HttpResult r = c->post(QStringLiteral("/websites/shop/redirects/add"),
            { { QStringLiteral("from"), QStringLiteral("/old/page") },
                { QStringLiteral("target"), QStringLiteral("https://www.example.com/new?a=1&b=2") } });
        QCOMPARE(r.status, 303);
        const LdapDn dn = Vhost::redirectDn(dit(), Com, QStringLiteral("shop"), QStringLiteral("/old/page"));
        const auto entry = read(dn);
        QVERIFY(entry);
        QCOMPARE(entry->text(QStringLiteral("ispmanVhostRedirectLocation")),
            QStringLiteral("https://www.example.com/new?a=1&b=2"));
        QVERIFY(processesFor(site(Com, QStringLiteral("shop"))).contains(QStringLiteral("ModifyVirtualHost")));
        HttpResult page = c->follow(r);
        QVERIFY(page.text().contains(QStringLiteral("<code>/old/page</code>")));
        QVERIFY(page.text().contains(QStringLiteral("https://www.example.com/new?a=1&amp;b=2"))); // escaped
        const QString del = QStringLiteral("/websites/shop/redirects/") + idOf(QStringLiteral("/old/page"))
            + QStringLiteral("/delete");
        QVERIFY(page.text().contains(QStringLiteral("action=\"") + del + QLatin1Char('"')));

        // A bad target: 422 next to it, nothing written.
        const QStringList before = snapshot(Com);
        r = c->post(QStringLiteral("/websites/shop/redirects/add"),
            { { QStringLiteral("from"), QStringLiteral("/x") },
                { QStringLiteral("target"), QStringLiteral("ftp://example.com/") } });
        QCOMPARE(r.status, 422);
        QVERIFY(r.text().contains(QStringLiteral("id=\"target-error\"")));
        r = c->post(QStringLiteral("/websites/shop/redirects/add"),
            { { QStringLiteral("from"), QStringLiteral("no-slash") },
                { QStringLiteral("target"), QStringLiteral("https://example.com/") } });
        QCOMPARE(r.status, 422);
        QVERIFY(r.text().contains(QStringLiteral("id=\"from-error\"")));
        QCOMPARE(snapshot(Com), before);

        // Unknown or malformed ids: 404.
        QCOMPARE(c->post(QStringLiteral("/websites/shop/redirects/") + idOf(QStringLiteral("/other"))
                          + QStringLiteral("/delete"),
                      {})
                     .status,
            404);
        QCOMPARE(c->post(QStringLiteral("/websites/shop/redirects/!!!/delete"), {}).status, 404);

        r = c->post(del, {});
        QCOMPARE(r.status, 303);
        QCOMPARE(r.location(), QStringLiteral("/websites/shop?done=deleted"));
        QVERIFY(!exists(dn));
        QVERIFY(!c->follow(r).text().contains(QStringLiteral("/old/page")));
    }

    void protectedLocationsAndWebUsers()
    {
        auto c = m_fixture.owner(Com);
        QVERIFY(c);
        HttpResult page = c->get(QStringLiteral("/webusers"));
        QCOMPARE(page.status, 200);
        QVERIFY(page.text().contains(QStringLiteral("No web users yet.")));
        HttpResult r = c->post(QStringLiteral("/webusers/add"),
            { { QStringLiteral("user"), QStringLiteral("Webber") }, { QStringLiteral("password"), WebPassword } });
        QCOMPARE(r.status, 303);
        QCOMPARE(r.location(), QStringLiteral("/webusers?done=added"));
        const LdapDn user = WebUser::dn(dit(), Com, QStringLiteral("webber"));
        QVERIFY(exists(user));
        page = c->follow(r);
        QVERIFY(page.text().contains(QStringLiteral("<td>webber</td>")));
        QVERIFY(!page.text().contains(WebPassword));
        // A second user with the same name, a weak password: 422, nothing written.
        QStringList before = snapshot(Com);
        r = c->post(QStringLiteral("/webusers/add"),
            { { QStringLiteral("user"), QStringLiteral("webber") }, { QStringLiteral("password"), WebPassword } });
        QCOMPARE(r.status, 422);
        QVERIFY(r.text().contains(QStringLiteral("id=\"user-error\"")));
        r = c->post(QStringLiteral("/webusers/add"),
            { { QStringLiteral("user"), QStringLiteral("other") },
                { QStringLiteral("password"), QStringLiteral("x") } });
        QCOMPARE(r.status, 422);
        QVERIFY(r.text().contains(QStringLiteral("id=\"password-error\"")));
        QVERIFY(r.text().contains(QStringLiteral("value=\"other\"")));
        QCOMPARE(snapshot(Com), before);

        // Protect /private for webber and the mail user john.
        c->get(QStringLiteral("/websites/shop"));
        r = c->post(QStringLiteral("/websites/shop/protections/add"),
            { { QStringLiteral("location"), QStringLiteral("/private") },
                { QStringLiteral("users"), QStringLiteral("webber john") } });
        QCOMPARE(r.status, 303);
        const LdapDn acl = Vhost::protectionDn(dit(), Com, QStringLiteral("shop"), QStringLiteral("/private"));
        auto entry = read(acl);
        QVERIFY(entry);
        QStringList allowed = entry->texts(QStringLiteral("ispmanVhostAclAllowUser"));
        allowed.sort();
        QCOMPARE(allowed, (QStringList { QStringLiteral("john"), QStringLiteral("webber") }));
        page = c->follow(r);
        QVERIFY(page.text().contains(QStringLiteral("<code>/private</code>")));
        QVERIFY(page.text().contains(QStringLiteral("webber, john"))
            || page.text().contains(QStringLiteral("john, webber")));
        QVERIFY(c->get(QStringLiteral("/webusers")).text().contains(QStringLiteral("shop.example.com/private")));

        // An unknown user: 422 next to the users field.
        before = snapshot(Com);
        r = c->post(QStringLiteral("/websites/shop/protections/add"),
            { { QStringLiteral("location"), QStringLiteral("/team") },
                { QStringLiteral("users"), QStringLiteral("nobody") } });
        QCOMPARE(r.status, 422);
        QVERIFY(r.text().contains(QStringLiteral("id=\"users-error\"")));
        QVERIFY(r.text().contains(QStringLiteral("nobody is neither a web user nor a mail user")));
        QCOMPARE(snapshot(Com), before);

        // webber only: then webber cannot go while it is the only one allowed in.
        c->get(QStringLiteral("/websites/shop"));
        r = c->post(QStringLiteral("/websites/shop/protections/add"),
            { { QStringLiteral("location"), QStringLiteral("/team") },
                { QStringLiteral("users"), QStringLiteral("webber") } });
        QCOMPARE(r.status, 303);
        const LdapDn team = Vhost::protectionDn(dit(), Com, QStringLiteral("shop"), QStringLiteral("/team"));
        QVERIFY(exists(team));
        c->get(QStringLiteral("/webusers"));
        before = snapshot(Com);
        r = c->post(QStringLiteral("/webusers/webber/delete"), {});
        QCOMPARE(r.status, 422);
        QVERIFY(r.text().contains(QStringLiteral("only user allowed into /team")));
        QCOMPARE(snapshot(Com), before);

        // Password: a weak one fails on its row; a good one is set (the user binds with it).
        r = c->post(
            QStringLiteral("/webusers/webber/password"), { { QStringLiteral("password"), QStringLiteral("short") } });
        QCOMPARE(r.status, 422);
        QVERIFY(r.text().contains(
            QStringLiteral("id=\"pw-") + idOf(QStringLiteral("webber")) + QStringLiteral("-error\"")));
        r = c->post(QStringLiteral("/webusers/webber/password"),
            { { QStringLiteral("password"), QStringLiteral("Another-web-Pass-2026") } });
        QCOMPARE(r.status, 303);
        QCOMPARE(r.location(), QStringLiteral("/webusers?done=password"));
        LdapConnectionSettings bind = m_fixture.directory().rootSettings();
        bind.bindDn = user.toString();
        bind.password = "Another-web-Pass-2026";
        DirectorySession asUser(bind, dit());
        QVERIFY(asUser.whoAmI().ok());

        // Remove the protections from the website page, then the user.
        c->get(QStringLiteral("/websites/shop"));
        QCOMPARE(c->post(QStringLiteral("/websites/shop/protections/") + idOf(QStringLiteral("/elsewhere"))
                          + QStringLiteral("/delete"),
                      {})
                     .status,
            404);
        r = c->post(
            QStringLiteral("/websites/shop/protections/") + idOf(QStringLiteral("/team")) + QStringLiteral("/delete"),
            {});
        QCOMPARE(r.status, 303);
        QVERIFY(!exists(team));
        page = c->follow(r);
        QVERIFY(!page.text().contains(QStringLiteral("<code>/team</code>")));
        QVERIFY(page.text().contains(QStringLiteral("<code>/private</code>")));
        c->get(QStringLiteral("/webusers"));
        r = c->post(QStringLiteral("/webusers/webber/delete"), {});
        QCOMPARE(r.status, 303);
        QVERIFY(!exists(user));
        entry = read(acl); // still protected, for john
        QVERIFY(entry);
        QCOMPARE(entry->texts(QStringLiteral("ispmanVhostAclAllowUser")), QStringList { QStringLiteral("john") });
        QVERIFY(!c->follow(r).text().contains(QStringLiteral("<td>webber</td>")));
        QCOMPARE(c->post(QStringLiteral("/webusers/webber/delete"), {}).status, 404);
        c->get(QStringLiteral("/websites/shop"));
        QCOMPARE(c->post(QStringLiteral("/websites/shop/protections/") + idOf(QStringLiteral("/private"))
                          + QStringLiteral("/delete"),
                      {})
                     .status,
            303);
        QVERIFY(!exists(acl));
    }

    void suspendAndResume()
    {
        auto c = m_fixture.owner(Com);
        QVERIFY(c);
        c->get(QStringLiteral("/websites/shop"));
        HttpResult r = c->post(QStringLiteral("/websites/shop/suspend"), {});
        QCOMPARE(r.status, 303);
        QCOMPARE(r.location(), QStringLiteral("/websites/shop?done=suspended"));
        QCOMPARE(status(Com, QStringLiteral("shop")), QStringLiteral("suspended"));
        QCOMPARE(
            read(site(Com, QStringLiteral("shop")))->text(QStringLiteral("FTPStatus")), QStringLiteral("disabled"));
        HttpResult page = c->follow(r);
        QVERIFY(page.text().contains(QStringLiteral("Suspended.")));
        QVERIFY(page.text().contains(QStringLiteral("action=\"/websites/shop/resume\"")));
        QVERIFY(!page.text().contains(QStringLiteral("action=\"/websites/shop/suspend\"")));
        QVERIFY(c->get(QStringLiteral("/websites"))
                    .text()
                    .contains(QStringLiteral("<strong class=\"bad\">suspended</strong>")));

        c->get(QStringLiteral("/websites/shop"));
        r = c->post(QStringLiteral("/websites/shop/resume"), {});
        QCOMPARE(r.status, 303);
        QCOMPARE(status(Com, QStringLiteral("shop")), QStringLiteral("active"));
        page = c->follow(r);
        QVERIFY(page.text().contains(QStringLiteral("Resumed.")));
        QVERIFY(page.text().contains(QStringLiteral("action=\"/websites/shop/suspend\"")));
    }

    void websiteLimit()
    {
        auto c = m_fixture.owner(Com);
        QVERIFY(c);
        const int count = websiteCount(Com);
        QVERIFY(count >= 1);
        auto set = m_root->modify(dit().domain(Com),
            { LdapModification::replace(QStringLiteral("ispmanMaxVhosts"), QString::number(count)) });
        QVERIFY2(set.ok(), qPrintable(set.error().toString()));
        // The list shows it once the cache has the change.
        QTRY_VERIFY(c->get(QStringLiteral("/websites"))
                        .text()
                        .contains(QStringLiteral("%1 of %1 website(s) used.").arg(count)));
        QVERIFY(c->get(QStringLiteral("/websites")).text().contains(QStringLiteral("You have reached your limit")));
        const QStringList before = snapshot(Com);
        const HttpResult r = c->post(QStringLiteral("/websites/add"),
            { { QStringLiteral("name"), QStringLiteral("extra") }, { QStringLiteral("aliases"), QString() } });
        QCOMPARE(r.status, 422);
        QVERIFY2(r.text().contains(QStringLiteral("example.com already has its maximum of %1 websites").arg(count)),
            qPrintable(r.text()));
        QVERIFY(r.text().contains(QStringLiteral("value=\"extra\"")));
        QVERIFY(!exists(site(Com, QStringLiteral("extra"))));
        QCOMPARE(snapshot(Com), before);
        auto unset = m_root->modify(
            dit().domain(Com), { LdapModification::replace(QStringLiteral("ispmanMaxVhosts"), QStringLiteral("-1")) });
        QVERIFY(unset.ok());
        QTRY_VERIFY(
            c->get(QStringLiteral("/websites")).text().contains(QStringLiteral("of unlimited website(s) used.")));
    }

    void otherDomainGetsNotFound()
    {
        // example.com's website "secret" with a redirect and a protected location, and its web user.
        auto com = m_fixture.owner(Com);
        QVERIFY(com);
        QVERIFY(addSite(*com, QStringLiteral("secret"), QStringLiteral("hidden")));
        com->get(QStringLiteral("/websites/secret"));
        QCOMPARE(com->post(QStringLiteral("/websites/secret/redirects/add"),
                        { { QStringLiteral("from"), QStringLiteral("/r") },
                            { QStringLiteral("target"), QStringLiteral("https://example.com/") } })
                     .status,
            303);
        com->get(QStringLiteral("/webusers"));
        QCOMPARE(com->post(QStringLiteral("/webusers/add"),
                        { { QStringLiteral("user"), QStringLiteral("comuser") },
                            { QStringLiteral("password"), WebPassword } })
                     .status,
            303);
        com->get(QStringLiteral("/websites/secret"));
        QCOMPARE(com->post(QStringLiteral("/websites/secret/protections/add"),
                        { { QStringLiteral("location"), QStringLiteral("/p") },
                            { QStringLiteral("users"), QStringLiteral("comuser") } })
                     .status,
            303);

        auto org = m_fixture.owner(Org);
        QVERIFY(org);
        const QStringList before = snapshot(Com);
        const QStringList orgBefore = snapshot(Org);
        HttpResult r = org->get(QStringLiteral("/websites/secret"));
        QCOMPARE(r.status, 404);
        QVERIFY(!r.text().contains(QStringLiteral("secret.example")));
        QVERIFY(!org->get(QStringLiteral("/websites")).text().contains(QStringLiteral("secret")));
        QVERIFY(!org->get(QStringLiteral("/webusers")).text().contains(QStringLiteral("comuser")));
        org->get(QStringLiteral("/websites"));
        const QList<std::pair<QString, QList<std::pair<QString, QString>>>> posts {
            { QStringLiteral("/websites/secret/delete"), {} },
            { QStringLiteral("/websites/secret/suspend"), {} },
            { QStringLiteral("/websites/secret/resume"), {} },
            { QStringLiteral("/websites/secret/aliases/add"), { { QStringLiteral("alias"), QStringLiteral("grab") } } },
            { QStringLiteral("/websites/secret/aliases/hidden/delete"), {} },
            { QStringLiteral("/websites/secret/redirects/add"),
                { { QStringLiteral("from"), QStringLiteral("/x") },
                    { QStringLiteral("target"), QStringLiteral("https://evil.test/") } } },
            { QStringLiteral("/websites/secret/redirects/") + idOf(QStringLiteral("/r")) + QStringLiteral("/delete"),
                {} },
            { QStringLiteral("/websites/secret/protections/add"),
                { { QStringLiteral("location"), QStringLiteral("/y") },
                    { QStringLiteral("users"), QStringLiteral("alice") } } },
            { QStringLiteral("/websites/secret/protections/") + idOf(QStringLiteral("/p")) + QStringLiteral("/delete"),
                {} },
            { QStringLiteral("/webusers/comuser/password"),
                { { QStringLiteral("password"), QStringLiteral("Taken-over-Pass-2026") } } },
            { QStringLiteral("/webusers/comuser/delete"), {} },
        };
        for (const auto &[path, fields] : posts) {
            r = org->post(path, fields);
            QVERIFY2(r.status == 404, qPrintable(path + QStringLiteral(" -> ") + QString::number(r.status)));
            QVERIFY(!r.text().contains(QStringLiteral("secret.example")));
        }
        QCOMPARE(snapshot(Com), before);
        QCOMPARE(snapshot(Org), orgBefore);
        QCOMPARE(status(Com, QStringLiteral("secret")), QStringLiteral("active"));
        // A name both domains use is the session's own website.
        r = org->get(QStringLiteral("/websites/www"));
        QCOMPARE(r.status, 200);
        QVERIFY(r.text().contains(QStringLiteral("<h2 id=\"site-h\">www.example.org</h2>")));
        QVERIFY(!r.text().contains(QStringLiteral("<h2 id=\"site-h\">www.example.com</h2>")));
    }

    void anonymousIsSentToLogin()
    {
        auto c = m_fixture.client();
        for (const QString &path :
            { QStringLiteral("/websites"), QStringLiteral("/websites/www"), QStringLiteral("/webusers") }) {
            const HttpResult r = c->get(path);
            QCOMPARE(r.status, 303);
            QVERIFY(r.location().startsWith(QStringLiteral("/login?next=")));
        }
        c->get(QStringLiteral("/login")); // a pre-session token, so only the login is missing
        const int count = websiteCount(Com);
        for (const QString &path : { QStringLiteral("/websites/add"), QStringLiteral("/websites/www/delete"),
                 QStringLiteral("/webusers/add") }) {
            const HttpResult r = c->post(path, { { QStringLiteral("name"), QStringLiteral("anon") } });
            QCOMPARE(r.status, 303);
            QCOMPARE(r.location(), QStringLiteral("/login"));
        }
        QCOMPARE(websiteCount(Com), count);
        QVERIFY(exists(site(Com, QStringLiteral("www"))));
    }

    void csrfIsRequired()
    {
        auto c = m_fixture.owner(Com);
        QVERIFY(c);
        c->get(QStringLiteral("/websites/www"));
        const QStringList before = snapshot(Com);
        const QList<std::pair<QString, QList<std::pair<QString, QString>>>> posts {
            { QStringLiteral("/websites/add"), { { QStringLiteral("name"), QStringLiteral("nocsrf") } } },
            { QStringLiteral("/websites/www/suspend"), {} },
            { QStringLiteral("/websites/www/delete"), {} },
            { QStringLiteral("/websites/www/aliases/add"), { { QStringLiteral("alias"), QStringLiteral("nocsrf") } } },
            { QStringLiteral("/webusers/add"),
                { { QStringLiteral("user"), QStringLiteral("nocsrf") }, { QStringLiteral("password"), WebPassword } } },
        };
        for (const auto &[path, fields] : posts) {
            auto withEmpty = fields;
            withEmpty.append({ QStringLiteral("_csrf"), QString() });
            QCOMPARE(c->post(path, withEmpty).status, 403);
            QByteArray body;
            for (const auto &[k, v] : fields)
                body += (body.isEmpty() ? "" : "&") + QUrl::toPercentEncoding(k) + '=' + QUrl::toPercentEncoding(v);
            QCOMPARE(c->postRaw(path, body, "application/x-www-form-urlencoded").status, 403);
        }
        QCOMPARE(snapshot(Com), before);
        QCOMPARE(status(Com, QStringLiteral("www")), QStringLiteral("active"));
    }

    void replicaExplainsMaster()
    {
        const QString net = QStringLiteral("example.net");
        if (auto set = DomainOps::setPassword(*m_root, net, PanelFixture::ownerPassword(net)); !set.ok())
            QSKIP(qPrintable(QStringLiteral("the replica cannot have a panel password: ") + set.error().toString()));
        auto c = m_fixture.owner(net);
        QVERIFY(c);
        const HttpResult page = c->get(QStringLiteral("/websites"));
        QCOMPARE(page.status, 200);
        QVERIFY(page.text().contains(QStringLiteral("Websites follow example.com")));
        QVERIFY(!page.text().contains(QStringLiteral("action=\"/websites/add\"")));
        const HttpResult r
            = c->post(QStringLiteral("/websites/add"), { { QStringLiteral("name"), QStringLiteral("mirror") } });
        QCOMPARE(r.status, 403);
        QVERIFY(r.text().contains(QStringLiteral("replica of example.com")));
        QVERIFY(!exists(site(net, QStringLiteral("mirror"))));
    }

    void hostileValues_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("value");
        const QStringList hostile { QStringLiteral("<script>alert(1)</script>"), QStringLiteral("\"'"),
            QStringLiteral("*)(uid=*"), QStringLiteral("a,ou=x"), QStringLiteral("../"),
            QString(10000, QLatin1Char('a')) };
        const QStringList names { QStringLiteral("script"), QStringLiteral("quotes"), QStringLiteral("filter"),
            QStringLiteral("dn"), QStringLiteral("dotdot"), QStringLiteral("long") };
        const QList<std::pair<QString, QString>> targets {
            { QStringLiteral("/websites/add"), QStringLiteral("name") },
            { QStringLiteral("/websites/add"), QStringLiteral("aliases") },
            { QStringLiteral("/websites/www/aliases/add"), QStringLiteral("alias") },
            { QStringLiteral("/websites/www/redirects/add"), QStringLiteral("target") },
            { QStringLiteral("/websites/www/redirects/add"), QStringLiteral("from") },
            { QStringLiteral("/websites/www/protections/add"), QStringLiteral("location") },
            { QStringLiteral("/websites/www/protections/add"), QStringLiteral("users") },
            { QStringLiteral("/webusers/add"), QStringLiteral("user") },
            { QStringLiteral("/webusers/add"), QStringLiteral("password") },
        };
        for (const auto &[path, field] : targets) {
            for (qsizetype i = 0; i < hostile.size(); ++i)
                QTest::addRow("%s %s %s", qPrintable(path), qPrintable(field), qPrintable(names.at(i)))
                    << path << field << hostile.at(i);
        }
    }

    void hostileValues()
    {
        QFETCH(QString, path);
        QFETCH(QString, field);
        QFETCH(QString, value);
        if (!m_hostileClient)
            m_hostileClient = m_fixture.owner(Com); // one login for every row
        PanelClient *c = m_hostileClient.get();
        QVERIFY(c);
        c->get(QStringLiteral("/websites/www"));
        // Every other field valid, so the hostile one is what is judged.
        QHash<QString, QString> fields { { QStringLiteral("name"), QStringLiteral("hostile") },
            { QStringLiteral("aliases"), QString() }, { QStringLiteral("alias"), QStringLiteral("good") },
            { QStringLiteral("from"), QStringLiteral("/from") },
            { QStringLiteral("target"), QStringLiteral("https://example.com/") },
            { QStringLiteral("location"), QStringLiteral("/loc") }, { QStringLiteral("users"), QStringLiteral("john") },
            { QStringLiteral("user"), QStringLiteral("hostile") }, { QStringLiteral("password"), WebPassword } };
        fields[field] = value;
        QList<std::pair<QString, QString>> form;
        const QStringList keys = path.startsWith(u"/websites/add")
            ? QStringList { QStringLiteral("name"), QStringLiteral("aliases") }
            : path.contains(u"/aliases/")     ? QStringList { QStringLiteral("alias") }
            : path.contains(u"/redirects/")   ? QStringList { QStringLiteral("from"), QStringLiteral("target") }
            : path.contains(u"/protections/") ? QStringList { QStringLiteral("location"), QStringLiteral("users") }
                                              : QStringList { QStringLiteral("user"), QStringLiteral("password") };
        for (const QString &k : keys)
            form.append({ k, fields.value(k) });
        const QStringList before = snapshot(Com);
        const HttpResult r = c->post(path, form);
        if (field == u"password" && r.status == 303) {
            // Any text of the right length is a password: stored (hashed), never shown.
            const LdapDn user = WebUser::dn(dit(), Com, QStringLiteral("hostile"));
            QVERIFY(exists(user));
            QVERIFY(!c->follow(r).text().contains(value.toHtmlEscaped()));
            c->get(QStringLiteral("/webusers"));
            QCOMPARE(c->post(QStringLiteral("/webusers/hostile/delete"), {}).status, 303);
            QVERIFY(!exists(user));
            return;
        }
        QVERIFY2(r.status == 422, why(r).constData());
        QVERIFY(!r.text().contains(QStringLiteral("<script>")));
        QVERIFY(
            r.text().contains(QStringLiteral("field-error")) || r.text().contains(QStringLiteral("class=\"errors\"")));
        QCOMPARE(snapshot(Com), before);
        // The page that shows the data afterwards is clean too.
        QVERIFY(!c->get(QStringLiteral("/websites")).text().contains(QStringLiteral("<script>")));
    }

    void badUtf8()
    {
        auto c = m_fixture.owner(Com);
        QVERIFY(c);
        c->get(QStringLiteral("/websites"));
        const QStringList before = snapshot(Com);
        const QByteArray csrf = "_csrf=" + QUrl::toPercentEncoding(c->csrf());
        for (const QString &path : { QStringLiteral("/websites/add"), QStringLiteral("/websites/www/aliases/add"),
                 QStringLiteral("/webusers/add") }) {
            const HttpResult r = c->postRaw(path, csrf + "&name=a%FF%FEb&alias=%C0%AF&user=%ED%A0%80&password=x%80",
                "application/x-www-form-urlencoded");
            QCOMPARE(r.status, 400);
        }
        QCOMPARE(snapshot(Com), before);
    }

    void deleteWebsite()
    {
        auto c = m_fixture.owner(Com);
        QVERIFY(c);
        c->get(QStringLiteral("/websites/shop"));
        const LdapDn dn = site(Com, QStringLiteral("shop"));
        const HttpResult r = c->post(QStringLiteral("/websites/shop/delete"), {});
        QCOMPARE(r.status, 303);
        QCOMPARE(r.location(), QStringLiteral("/websites?done=deleted"));
        QVERIFY(!exists(dn));
        QVERIFY(!exists(Vhost::aliasDn(dit(), Com, QStringLiteral("shop"), QStringLiteral("boutique"))));
        QVERIFY(processesFor(dn).contains(QStringLiteral("DeleteVirtualHost")));
        QVERIFY(processesFor(dn).contains(QStringLiteral("DeleteVirtualHostDirectories")));
        const HttpResult list = c->follow(r);
        QVERIFY(list.text().contains(QStringLiteral("Deleted.")));
        QVERIFY(!list.text().contains(QStringLiteral("href=\"/websites/shop\"")));
        QVERIFY(!list.text().contains(QStringLiteral("boutique.example.com")));
        QCOMPARE(c->get(QStringLiteral("/websites/shop")).status, 404);
        QCOMPARE(c->post(QStringLiteral("/websites/shop/delete"), {}).status, 404);
    }
};

QTEST_MAIN(TestPanelWebsites)
#include "tst_panelwebsites.moc"
