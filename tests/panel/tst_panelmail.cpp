// The panel's mail pages against the real panel and a real slapd: mail users (add within the
// account limit, password, quota, name, aliases, forwards, suspend, delete), mail groups and
// their members and aliases, the domain's signature; every route's access (anonymous, another
// domain's owner, missing CSRF token) and hostile input, each checked on the directory and on
// the pages.
#include "panelfixture.h"

#include "core/model/mailuser.h"
#include "core/model/process.h"

#include <QRegularExpression>

using namespace Isp;
using namespace Isp::Core;
using namespace Isp::Test;

namespace {

using Fields = QList<std::pair<QString, QString>>;

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

// The base64url id the pages give an alias, forward or member.
QString idOf(const QString &value)
{
    return QString::fromLatin1(value.toUtf8().toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

// The text of the field-error span of `field` on the page (empty when there is none).
QString fieldError(const HttpResult &r, const QString &field)
{
    const QRegularExpression span(QStringLiteral("<span class=\"field-error\" id=\"%1-error\">([^<]*)</span>").arg(QRegularExpression::escape(field)));
    return span.match(r.text()).captured(1);
}

} // namespace

class TestPanelMail : public QObject
{
    Q_OBJECT

private:
    PanelFixture m_fixture;
    std::unique_ptr<PanelClient> m_com; // example.com's owner
    std::unique_ptr<PanelClient> m_org; // example.org's owner
    std::unique_ptr<DirectorySession> m_root;

    const Dit &dit() const { return m_root->dit(); }

    // Every entry of the directory with its user attributes, as sorted text: equal snapshots
    // mean nothing was written.
    QStringList snapshot()
    {
        QStringList out;
        auto all = m_root->find(dit().base(), LdapFilter());
        if (!all.ok())
            return {QStringLiteral("(search failed)")};
        for (const LdapEntry &e : std::as_const(*all)) {
            QStringList attrs;
            for (const LdapAttribute &a : e.attributes()) {
                QStringList vals;
                for (const QByteArray &v : a.values)
                    vals << QString::fromUtf8(v.toBase64());
                vals.sort();
                attrs << a.name.toLower() + QLatin1Char('=') + vals.join(QLatin1Char(','));
            }
            attrs.sort();
            out << e.dn().toString().toLower() + QLatin1Char(':') + attrs.join(QLatin1Char(';'));
        }
        out.sort();
        return out;
    }

    std::optional<LdapEntry> user(const QString &address)
    {
        const QString domain = address.mid(address.indexOf(QLatin1Char('@')) + 1);
        auto found = m_root->find(dit().users(domain), LdapFilter::equals(QStringLiteral("mailLocalAddress"), address));
        if (!found.ok() || found->isEmpty())
            return std::nullopt;
        return found->first();
    }

    std::optional<LdapEntry> group(const QString &domain, const QString &name)
    {
        auto e = m_root->read(MailGroup::dn(dit(), domain, name));
        if (!e.ok() || !e->has_value())
            return std::nullopt;
        return **e;
    }

    QString signatureOf(const QString &domain)
    {
        auto e = m_root->read(dit().domain(domain), {QStringLiteral("ispmanDomainSignature")});
        return e.ok() && e->has_value() ? (*e)->text(QStringLiteral("ispmanDomainSignature")) : QStringLiteral("(unreadable)");
    }

    // Processes named `name` about the entry `dn`.
    int processes(const QString &name, const LdapDn &dn)
    {
        auto found = m_root->find(dit().processes(), LdapFilter::equals(QStringLiteral("ispmanProcess"), name));
        int n = 0;
        if (found.ok()) {
            for (const LdapEntry &e : std::as_const(*found))
                n += Process::fromEntry(e).target.compare(dn.toString(), Qt::CaseInsensitive) == 0 ? 1 : 0;
        }
        return n;
    }

    bool canBind(const LdapDn &dn, const QString &password)
    {
        LdapConnectionSettings settings = m_fixture.directory().rootSettings();
        settings.bindDn = dn.toString();
        settings.password = password.toUtf8();
        DirectorySession session(settings, dit());
        return session.whoAmI().ok();
    }

    static void verifyNoScript(const HttpResult &r)
    {
        QVERIFY2(!r.text().contains(QStringLiteral("<script"), Qt::CaseInsensitive), "a page carries a raw <script> tag");
    }

    HttpResult addUser(const QString &local, const QString &password, const QString &quota = {})
    {
        m_com->get(QStringLiteral("/mail/users"));
        return m_com->post(QStringLiteral("/mail/users/add"), {{QStringLiteral("user"), local},
                                                              {QStringLiteral("given-name"), QStringLiteral("Ann")},
                                                              {QStringLiteral("surname"), QStringLiteral("Example")},
                                                              {QStringLiteral("password"), password},
                                                              {QStringLiteral("password-confirm"), password},
                                                              {QStringLiteral("mail-quota"), quota}});
    }

private Q_SLOTS:
    void initTestCase()
    {
        ISP_START_PANEL(m_fixture);
        m_com = m_fixture.owner(QStringLiteral("example.com"));
        m_org = m_fixture.owner(QStringLiteral("example.org"));
        QVERIFY(m_com && m_org);
        m_root = m_fixture.rootSession();
        // The "nothing changed" checks compare snapshots: they must see the directory.
        const QStringList all = snapshot();
        QVERIFY(all.size() > 20);
        QVERIFY(all.filter(QStringLiteral("uid=john_example_com,ou=users")).size() == 1);
    }

    void anonymousIsSentToLogin_data()
    {
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("path");
        for (const char *p : {"/mail/users", "/mail/users/john", "/mail/groups", "/mail/groups/sales", "/signature"})
            QTest::newRow(p) << QStringLiteral("GET") << QString::fromLatin1(p);
        for (const char *p : {"/mail/users/add", "/mail/users/john/password", "/mail/users/john/delete", "/mail/users/john/aliases/add",
                              "/mail/groups/add", "/mail/groups/sales/members/add", "/mail/groups/sales/delete", "/signature"})
            QTest::newRow(p) << QStringLiteral("POST") << QString::fromLatin1(p);
    }

    void anonymousIsSentToLogin()
    {
        QFETCH(QString, method);
        QFETCH(QString, path);
        const QStringList before = snapshot();
        auto c = m_fixture.client();
        const HttpResult r = method == u"GET" ? c->get(path) : c->post(path, {{QStringLiteral("alias"), QStringLiteral("x@example.com")}});
        QCOMPARE(r.status, 303);
        QVERIFY2(r.location().startsWith(QStringLiteral("/login")), qPrintable(r.location()));
        QVERIFY(!r.text().contains(QStringLiteral("john@example.com")));
        QCOMPARE(snapshot(), before);
    }

    void addUserAndBind()
    {
        const HttpResult list = m_com->get(QStringLiteral("/mail/users"));
        QCOMPARE(list.status, 200);
        QVERIFY(list.text().contains(QStringLiteral("john@example.com")));
        QVERIFY(list.text().contains(QStringLiteral("aria-current=\"page\">Mail users")));
        QVERIFY(!list.text().contains(QStringLiteral("alice@example.org")));

        const HttpResult r = addUser(QStringLiteral("Ann"), QStringLiteral("Ann-Secret-2026"), QStringLiteral("25"));
        QCOMPARE(r.status, 303);
        QCOMPARE(r.location(), QStringLiteral("/mail/users?done=added"));
        const HttpResult after = m_com->follow(r);
        QCOMPARE(after.status, 200);
        QVERIFY(after.text().contains(QStringLiteral("Added.")));
        QVERIFY(after.text().contains(QStringLiteral("href=\"/mail/users/ann\">ann@example.com</a>")));
        QVERIFY(after.text().contains(QStringLiteral("25 MB")));

        const auto entry = user(QStringLiteral("ann@example.com"));
        QVERIFY(entry);
        const MailUser u = MailUser::fromEntry(*entry);
        QCOMPARE(u.userId, QStringLiteral("ann"));
        QCOMPARE(u.givenName, QStringLiteral("Ann"));
        QCOMPARE(u.surname, QStringLiteral("Example"));
        QCOMPARE(u.mailQuotaKiB, 25 * 1024);
        QVERIFY(u.hasMailbox());
        QCOMPARE(processes(QStringLiteral("createMailbox"), entry->dn()), 1);
        QVERIFY2(canBind(entry->dn(), QStringLiteral("Ann-Secret-2026")), "the new user cannot bind with its password");
        QVERIFY(!canBind(entry->dn(), QStringLiteral("Ann-Secret-2027")));

        // The same address again is refused next to the field, nothing written.
        const QStringList before = snapshot();
        const HttpResult again = addUser(QStringLiteral("ann"), QStringLiteral("Ann-Secret-2026"));
        QCOMPARE(again.status, 422);
        QVERIFY2(fieldError(again, QStringLiteral("user")).contains(QStringLiteral("ann_example_com is taken")), qPrintable(again.text().mid(again.text().indexOf(QStringLiteral("<main")))));
        QVERIFY(again.text().contains(QStringLiteral("aria-describedby=\"user-error\"")));
        QCOMPARE(snapshot(), before);

        // The two passwords must match; a weak one is refused by core.
        m_com->get(QStringLiteral("/mail/users"));
        HttpResult differ = m_com->post(QStringLiteral("/mail/users/add"), {{QStringLiteral("user"), QStringLiteral("ann2")},
                                                                           {QStringLiteral("password"), QStringLiteral("Ann-Secret-2026")},
                                                                           {QStringLiteral("password-confirm"), QStringLiteral("Ann-Secret-2027")}});
        QCOMPARE(differ.status, 422);
        QVERIFY(!fieldError(differ, QStringLiteral("password-confirm")).isEmpty());
        QVERIFY(differ.text().contains(QStringLiteral("value=\"ann2\""))); // the form keeps what was typed
        QVERIFY(!differ.text().contains(QStringLiteral("Ann-Secret-2026"))); // but never a password
        const HttpResult weak = addUser(QStringLiteral("ann2"), QStringLiteral("short"));
        QCOMPARE(weak.status, 422);
        QVERIFY(fieldError(weak, QStringLiteral("password")).startsWith(QStringLiteral("password:")));
        const HttpResult quota = addUser(QStringLiteral("ann2"), QStringLiteral("Ann-Secret-2026"), QStringLiteral("lots"));
        QCOMPARE(quota.status, 422);
        QVERIFY(!fieldError(quota, QStringLiteral("mail-quota")).isEmpty());
        QCOMPARE(snapshot(), before);
    }

    void forwardOnlyUser()
    {
        const QStringList before = snapshot();
        m_com->get(QStringLiteral("/mail/users"));
        const HttpResult none = m_com->post(QStringLiteral("/mail/users/add"), {{QStringLiteral("user"), QStringLiteral("fwd")},
                                                                               {QStringLiteral("forward-only"), QStringLiteral("yes")}});
        QCOMPARE(none.status, 422);
        QVERIFY(!fieldError(none, QStringLiteral("forward")).isEmpty());
        QVERIFY(none.text().contains(QStringLiteral("value=\"yes\" checked")));
        QCOMPARE(snapshot(), before);

        const HttpResult r = m_com->post(QStringLiteral("/mail/users/add"), {{QStringLiteral("user"), QStringLiteral("fwd")},
                                                                            {QStringLiteral("forward-only"), QStringLiteral("yes")},
                                                                            {QStringLiteral("mail-quota"), QStringLiteral("99")},
                                                                            {QStringLiteral("forward"), QStringLiteral("Someone@Example.NET")}});
        QCOMPARE(r.status, 303);
        const auto entry = user(QStringLiteral("fwd@example.com"));
        QVERIFY(entry);
        const MailUser u = MailUser::fromEntry(*entry);
        QVERIFY(!u.hasMailbox());
        QCOMPARE(u.forwards, QStringList{QStringLiteral("Someone@example.net")});
        QCOMPARE(processes(QStringLiteral("createMailbox"), entry->dn()), 0);
        const HttpResult page = m_com->get(QStringLiteral("/mail/users/fwd"));
        QCOMPARE(page.status, 200);
        QVERIFY(page.text().contains(QStringLiteral("only forwarded")));
        QVERIFY(!page.text().contains(QStringLiteral("name=\"mail-quota\"")));
        QVERIFY(!page.text().contains(QStringLiteral("/forwards/") + idOf(u.forwards.first()) + QStringLiteral("/delete"))); // no button for it
        // Its last forward stays.
        const HttpResult last = m_com->post(QStringLiteral("/mail/users/fwd/forwards/") + idOf(u.forwards.first()) + QStringLiteral("/delete"), {});
        QCOMPARE(last.status, 403);
        QVERIFY(last.text().contains(QStringLiteral("needs at least one forwarding address")));
        QCOMPARE(MailUser::fromEntry(*user(QStringLiteral("fwd@example.com"))).forwards, u.forwards);
    }

    void passwordQuotaAndName()
    {
        const auto entry = user(QStringLiteral("ann@example.com"));
        QVERIFY(entry);
        const HttpResult page = m_com->get(QStringLiteral("/mail/users/ann"));
        QCOMPARE(page.status, 200);
        QVERIFY(page.text().contains(QStringLiteral("<h2 id=\"state-h\">ann@example.com</h2>")));
        QVERIFY(page.text().contains(QStringLiteral("value=\"25\"")));

        // Password.
        HttpResult r = m_com->post(QStringLiteral("/mail/users/ann/password"), {{QStringLiteral("password"), QStringLiteral("Ann-Second-2026")},
                                                                               {QStringLiteral("password-confirm"), QStringLiteral("Ann-Other-2026")}});
        QCOMPARE(r.status, 422);
        QVERIFY(!fieldError(r, QStringLiteral("password-confirm")).isEmpty());
        r = m_com->post(QStringLiteral("/mail/users/ann/password"), {{QStringLiteral("password"), QStringLiteral("ann@example.com")},
                                                                    {QStringLiteral("password-confirm"), QStringLiteral("ann@example.com")}});
        QCOMPARE(r.status, 422);
        QVERIFY(fieldError(r, QStringLiteral("password")).startsWith(QStringLiteral("password:")));
        QVERIFY(canBind(entry->dn(), QStringLiteral("Ann-Secret-2026")));
        r = m_com->post(QStringLiteral("/mail/users/ann/password"), {{QStringLiteral("password"), QStringLiteral("Ann-Second-2026")},
                                                                    {QStringLiteral("password-confirm"), QStringLiteral("Ann-Second-2026")}});
        QCOMPARE(r.status, 303);
        QCOMPARE(r.location(), QStringLiteral("/mail/users/ann?done=password"));
        QVERIFY(m_com->follow(r).text().contains(QStringLiteral("The password was changed.")));
        QVERIFY(canBind(entry->dn(), QStringLiteral("Ann-Second-2026")));
        QVERIFY(!canBind(entry->dn(), QStringLiteral("Ann-Secret-2026")));

        // Quota.
        r = m_com->post(QStringLiteral("/mail/users/ann/quota"), {{QStringLiteral("mail-quota"), QStringLiteral("40")}});
        QCOMPARE(r.status, 303);
        QCOMPARE(r.location(), QStringLiteral("/mail/users/ann?done=saved"));
        QCOMPARE(MailUser::fromEntry(*user(QStringLiteral("ann@example.com"))).mailQuotaKiB, 40 * 1024);
        QVERIFY(m_com->follow(r).text().contains(QStringLiteral("Mailbox of 40 MB")));
        for (const QString &bad : {QStringLiteral("-5"), QStringLiteral("1e9"), QStringLiteral("<script>alert(1)</script>"), QString(10000, QLatin1Char('9'))}) {
            m_com->get(QStringLiteral("/mail/users/ann"));
            r = m_com->post(QStringLiteral("/mail/users/ann/quota"), {{QStringLiteral("mail-quota"), bad}});
            QCOMPARE(r.status, 422);
            QVERIFY2(fieldError(r, QStringLiteral("mail-quota")).startsWith(QStringLiteral("mail-quota:")), qPrintable(bad.left(20)));
            verifyNoScript(r);
        }
        QCOMPARE(MailUser::fromEntry(*user(QStringLiteral("ann@example.com"))).mailQuotaKiB, 40 * 1024);

        // Name: any text is stored as it is and shown escaped.
        m_com->get(QStringLiteral("/mail/users/ann"));
        r = m_com->post(QStringLiteral("/mail/users/ann/name"), {{QStringLiteral("given-name"), s("Änn \"'")},
                                                                {QStringLiteral("surname"), QStringLiteral("<script>alert(1)</script>")}});
        QCOMPARE(r.status, 303);
        const MailUser named = MailUser::fromEntry(*user(QStringLiteral("ann@example.com")));
        QCOMPARE(named.givenName, s("Änn \"'"));
        QCOMPARE(named.surname, QStringLiteral("<script>alert(1)</script>"));
        const HttpResult shown = m_com->follow(r);
        verifyNoScript(shown);
        QVERIFY(shown.text().contains(QStringLiteral("value=\"&lt;script&gt;alert(1)&lt;/script&gt;\"")));
        QVERIFY(shown.text().contains(s("value=\"Änn &quot;&apos;\"")));
        const HttpResult list = m_com->get(QStringLiteral("/mail/users"));
        verifyNoScript(list);
        QVERIFY(list.text().contains(s("Änn &quot;&apos; &lt;script&gt;alert(1)&lt;/script&gt;")));
        r = m_com->post(QStringLiteral("/mail/users/ann/name"), {{QStringLiteral("given-name"), QString(10000, QLatin1Char('x'))},
                                                                {QStringLiteral("surname"), QStringLiteral("Example")}});
        QCOMPARE(r.status, 422);
        QVERIFY(!fieldError(r, QStringLiteral("given-name")).isEmpty());
        QCOMPARE(MailUser::fromEntry(*user(QStringLiteral("ann@example.com"))).surname, QStringLiteral("<script>alert(1)</script>"));
    }

    void aliasesAndForwards()
    {
        m_com->get(QStringLiteral("/mail/users/ann"));
        HttpResult r = m_com->post(QStringLiteral("/mail/users/ann/aliases/add"), {{QStringLiteral("alias"), QStringLiteral(" Ann.Sales@Example.com ")}});
        QCOMPARE(r.status, 303);
        QCOMPARE(r.location(), QStringLiteral("/mail/users/ann?done=added"));
        QCOMPARE(MailUser::fromEntry(*user(QStringLiteral("ann@example.com"))).aliases, QStringList{QStringLiteral("ann.sales@example.com")});
        HttpResult page = m_com->follow(r);
        QVERIFY(page.text().contains(QStringLiteral("ann.sales@example.com")));
        QVERIFY(page.text().contains(QStringLiteral("/mail/users/ann/aliases/") + idOf(QStringLiteral("ann.sales@example.com")) + QStringLiteral("/delete")));

        // Taken, another domain's, and hostile aliases: 422 next to the field, nothing written.
        const QStringList before = snapshot();
        for (const QString &bad : {QStringLiteral("info@example.com"), QStringLiteral("ann@example.org"), QStringLiteral("*)(uid=*"),
                                   QStringLiteral("a,ou=x@example.com"), QStringLiteral("<script>alert(1)</script>@example.com"),
                                   QStringLiteral("\"'@example.com"), QStringLiteral("../@example.com"), QString(10000, QLatin1Char('a')) + QStringLiteral("@example.com")}) {
            m_com->get(QStringLiteral("/mail/users/ann"));
            r = m_com->post(QStringLiteral("/mail/users/ann/aliases/add"), {{QStringLiteral("alias"), bad}});
            QVERIFY2(r.status == 422, qPrintable(QStringLiteral("%1: %2").arg(bad.left(40)).arg(r.status)));
            QVERIFY2(fieldError(r, QStringLiteral("alias")).startsWith(QStringLiteral("alias:")), qPrintable(bad.left(40)));
            QVERIFY(r.text().contains(QStringLiteral("aria-describedby=\"alias-error\"")));
            verifyNoScript(r);
        }
        QCOMPARE(snapshot(), before);

        r = m_com->post(QStringLiteral("/mail/users/ann/aliases/") + idOf(QStringLiteral("ann.sales@example.com")) + QStringLiteral("/delete"), {});
        QCOMPARE(r.status, 303);
        QCOMPARE(r.location(), QStringLiteral("/mail/users/ann?done=deleted"));
        QCOMPARE(MailUser::fromEntry(*user(QStringLiteral("ann@example.com"))).aliases, QStringList());
        QVERIFY(!m_com->follow(r).text().contains(QStringLiteral("ann.sales@example.com")));
        // An id that is not one of its aliases (john's, or garbage) is not found.
        const QStringList now = snapshot();
        QCOMPARE(m_com->post(QStringLiteral("/mail/users/ann/aliases/") + idOf(QStringLiteral("info@example.com")) + QStringLiteral("/delete"), {}).status, 404);
        QCOMPARE(m_com->post(QStringLiteral("/mail/users/ann/aliases/%2A%29%28uid%3D%2A/delete"), {}).status, 404);
        QCOMPARE(snapshot(), now);

        // Forwards, including characters that cannot stand in a path segment ('/', '%', '?').
        const QString odd = QStringLiteral("o'neil/dept%x?y@example.net");
        for (const QString &f : {QStringLiteral("ann.private@example.net"), odd}) {
            m_com->get(QStringLiteral("/mail/users/ann"));
            r = m_com->post(QStringLiteral("/mail/users/ann/forwards/add"), {{QStringLiteral("forward"), f}});
            QCOMPARE(r.status, 303);
        }
        QCOMPARE(MailUser::fromEntry(*user(QStringLiteral("ann@example.com"))).forwards,
                 (QStringList{QStringLiteral("ann.private@example.net"), odd}));
        page = m_com->get(QStringLiteral("/mail/users/ann"));
        QVERIFY(page.text().contains(QStringLiteral("o&apos;neil/dept%x?y@example.net")));
        QVERIFY(m_com->get(QStringLiteral("/mail/users")).text().contains(QStringLiteral("o&apos;neil/dept%x?y@example.net")));
        const QStringList withForwards = snapshot();
        for (const QString &bad : {QStringLiteral("<script>alert(1)</script>"), QStringLiteral("*)(uid=*"), QStringLiteral("a\"b@example.net"),
                                   QStringLiteral("ann@example.com"), QStringLiteral("ann.private@example.net"), QString(10000, QLatin1Char('f'))}) {
            m_com->get(QStringLiteral("/mail/users/ann"));
            r = m_com->post(QStringLiteral("/mail/users/ann/forwards/add"), {{QStringLiteral("forward"), bad}});
            QVERIFY2(r.status == 422, qPrintable(QStringLiteral("%1: %2").arg(bad.left(40)).arg(r.status)));
            QVERIFY2(fieldError(r, QStringLiteral("forward")).startsWith(QStringLiteral("forward:")), qPrintable(bad.left(40)));
            verifyNoScript(r);
        }
        QCOMPARE(snapshot(), withForwards);
        m_com->get(QStringLiteral("/mail/users/ann"));
        r = m_com->post(QStringLiteral("/mail/users/ann/forwards/") + idOf(odd) + QStringLiteral("/delete"), {});
        QCOMPARE(r.status, 303);
        QCOMPARE(MailUser::fromEntry(*user(QStringLiteral("ann@example.com"))).forwards, QStringList{QStringLiteral("ann.private@example.net")});
        QVERIFY(!m_com->follow(r).text().contains(QStringLiteral("neil")));
    }

    void suspendAndResume()
    {
        m_com->get(QStringLiteral("/mail/users/ann"));
        HttpResult r = m_com->post(QStringLiteral("/mail/users/ann/suspend"), {});
        QCOMPARE(r.status, 303);
        QCOMPARE(r.location(), QStringLiteral("/mail/users/ann?done=suspended"));
        QVERIFY(MailUser::fromEntry(*user(QStringLiteral("ann@example.com"))).suspended);
        HttpResult page = m_com->follow(r);
        QVERIFY(page.text().contains(QStringLiteral("Suspended.")));
        QVERIFY(page.text().contains(QStringLiteral("/mail/users/ann/resume")));
        QVERIFY(m_com->get(QStringLiteral("/mail/users")).text().contains(QStringLiteral("<strong class=\"bad\">suspended</strong>")));
        r = m_com->post(QStringLiteral("/mail/users/ann/resume"), {});
        QCOMPARE(r.status, 303);
        QCOMPARE(r.location(), QStringLiteral("/mail/users/ann?done=resumed"));
        QVERIFY(!MailUser::fromEntry(*user(QStringLiteral("ann@example.com"))).suspended);
        QVERIFY(m_com->follow(r).text().contains(QStringLiteral("/mail/users/ann/suspend")));
    }

    void hostileNewUsers_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("errorField");
        QTest::newRow("script in local part") << "user" << "<script>alert(1)</script>" << "user";
        QTest::newRow("quotes in local part") << "user" << "a\"'b" << "user";
        QTest::newRow("filter injection") << "user" << "*)(uid=*" << "user";
        QTest::newRow("DN injection") << "user" << "a,ou=x" << "user";
        QTest::newRow("path") << "user" << "../" << "user";
        QTest::newRow("at sign") << "user" << "x@example.org" << "user";
        QTest::newRow("10000 characters") << "user" << QString(10000, QLatin1Char('a')) << "user";
        QTest::newRow("empty") << "user" << "" << "user";
        QTest::newRow("long given name") << "given-name" << QString(10000, QLatin1Char('g')) << "given-name";
        QTest::newRow("control character in surname") << "surname" << s("x\x1b[31my") << "surname";
        QTest::newRow("bidi override in surname") << "surname" << s("abc\u202Edef") << "surname";
        QTest::newRow("script as forward") << "forward" << "<script>alert(1)</script>" << "forward";
    }

    void hostileNewUsers()
    {
        QFETCH(QString, field);
        QFETCH(QString, value);
        QFETCH(QString, errorField);
        const QStringList before = snapshot();
        m_com->get(QStringLiteral("/mail/users"));
        Fields fields{{QStringLiteral("user"), QStringLiteral("hostile")},
                      {QStringLiteral("password"), QStringLiteral("Hostile-Pass-2026")},
                      {QStringLiteral("password-confirm"), QStringLiteral("Hostile-Pass-2026")}};
        for (auto &f : fields) {
            if (f.first == field)
                f.second = value;
        }
        if (field != u"user")
            fields.append({field, value});
        const HttpResult r = m_com->post(QStringLiteral("/mail/users/add"), fields);
        QCOMPARE(r.status, 422);
        QVERIFY2(fieldError(r, errorField).startsWith(errorField + QLatin1Char(':')), qPrintable(r.text().left(4000)));
        QVERIFY(r.text().contains(QStringLiteral("aria-describedby=\"%1-error\"").arg(errorField)));
        verifyNoScript(r);
        QCOMPARE(snapshot(), before);
    }

    void badUtf8IsRefused()
    {
        const QStringList before = snapshot();
        m_com->get(QStringLiteral("/mail/users"));
        const QByteArray csrf = "_csrf=" + QUrl::toPercentEncoding(m_com->csrf());
        for (const auto &[path, body] : {std::pair{QStringLiteral("/mail/users/add"), QByteArray("user=ann%C3%28x&password=Bad-Utf8-2026&password-confirm=Bad-Utf8-2026")},
                                         std::pair{QStringLiteral("/mail/users/john/aliases/add"), QByteArray("alias=\xff\xfe@example.com")},
                                         std::pair{QStringLiteral("/mail/groups/add"), QByteArray("name=g&members=%ED%A0%80@example.net")},
                                         std::pair{QStringLiteral("/signature"), QByteArray("signature=caf%C3")}}) {
            const HttpResult r = m_com->postRaw(path, body + '&' + csrf, "application/x-www-form-urlencoded");
            QVERIFY2(r.status == 400, qPrintable(QStringLiteral("%1: %2").arg(path).arg(r.status)));
        }
        QCOMPARE(snapshot(), before);
    }

    void mailGroups()
    {
        HttpResult list = m_com->get(QStringLiteral("/mail/groups"));
        QCOMPARE(list.status, 200);
        QVERIFY(list.text().contains(QStringLiteral("href=\"/mail/groups/sales\">sales@example.com</a>")));
        HttpResult r = m_com->post(QStringLiteral("/mail/groups/add"), {{QStringLiteral("name"), QStringLiteral("Team")},
                                                                       {QStringLiteral("members"), QStringLiteral("ann@example.com\r\n\r\n  bob@example.org \r\n")}});
        QCOMPARE(r.status, 303);
        QCOMPARE(r.location(), QStringLiteral("/mail/groups?done=added"));
        auto entry = group(QStringLiteral("example.com"), QStringLiteral("team"));
        QVERIFY(entry);
        QCOMPARE(MailGroup::fromEntry(*entry).address, QStringLiteral("team@example.com"));
        QCOMPARE(MailGroup::fromEntry(*entry).members, (QStringList{QStringLiteral("ann@example.com"), QStringLiteral("bob@example.org")}));
        list = m_com->follow(r);
        QVERIFY(list.text().contains(QStringLiteral("Added.")));
        QVERIFY(list.text().contains(QStringLiteral("href=\"/mail/groups/team\">team@example.com</a>")));
        QVERIFY(list.text().contains(QStringLiteral("bob@example.org")));

        HttpResult page = m_com->get(QStringLiteral("/mail/groups/team"));
        QCOMPARE(page.status, 200);
        QVERIFY(page.text().contains(QStringLiteral("/mail/groups/team/members/") + idOf(QStringLiteral("bob@example.org")) + QStringLiteral("/delete")));
        r = m_com->post(QStringLiteral("/mail/groups/team/members/add"), {{QStringLiteral("member"), QStringLiteral("carol@example.net")}});
        QCOMPARE(r.status, 303);
        QCOMPARE(r.location(), QStringLiteral("/mail/groups/team?done=added"));
        QCOMPARE(MailGroup::fromEntry(*group(QStringLiteral("example.com"), QStringLiteral("team"))).members.size(), 3);
        QVERIFY(m_com->follow(r).text().contains(QStringLiteral("carol@example.net")));
        r = m_com->post(QStringLiteral("/mail/groups/team/members/") + idOf(QStringLiteral("bob@example.org")) + QStringLiteral("/delete"), {});
        QCOMPARE(r.status, 303);
        QCOMPARE(r.location(), QStringLiteral("/mail/groups/team?done=deleted"));
        QCOMPARE(MailGroup::fromEntry(*group(QStringLiteral("example.com"), QStringLiteral("team"))).members,
                 (QStringList{QStringLiteral("ann@example.com"), QStringLiteral("carol@example.net")}));
        QVERIFY(!m_com->follow(r).text().contains(QStringLiteral("bob@example.org")));

        r = m_com->post(QStringLiteral("/mail/groups/team/aliases/add"), {{QStringLiteral("alias"), QStringLiteral("crew@example.com")}});
        QCOMPARE(r.status, 303);
        QCOMPARE(MailGroup::fromEntry(*group(QStringLiteral("example.com"), QStringLiteral("team"))).aliases, QStringList{QStringLiteral("crew@example.com")});
        QVERIFY(m_com->follow(r).text().contains(QStringLiteral("crew@example.com")));
        r = m_com->post(QStringLiteral("/mail/groups/team/aliases/") + idOf(QStringLiteral("crew@example.com")) + QStringLiteral("/delete"), {});
        QCOMPARE(r.status, 303);
        QCOMPARE(MailGroup::fromEntry(*group(QStringLiteral("example.com"), QStringLiteral("team"))).aliases, QStringList());

        // Hostile names, members and aliases: 422 next to the field, nothing written.
        const QStringList before = snapshot();
        for (const QString &bad : {QStringLiteral("<script>alert(1)</script>"), QStringLiteral("*)(uid=*"), QStringLiteral("a,ou=x"), QStringLiteral("../"),
                                   QStringLiteral("\"'"), QString(10000, QLatin1Char('n')), QStringLiteral("sales")}) {
            m_com->get(QStringLiteral("/mail/groups"));
            r = m_com->post(QStringLiteral("/mail/groups/add"), {{QStringLiteral("name"), bad}, {QStringLiteral("members"), QStringLiteral("ann@example.com")}});
            QVERIFY2(r.status == 422, qPrintable(QStringLiteral("%1: %2").arg(bad.left(40)).arg(r.status)));
            QVERIFY2(fieldError(r, QStringLiteral("name")).startsWith(QStringLiteral("name:")), qPrintable(bad.left(40)));
            verifyNoScript(r);
        }
        for (const QString &bad : {QStringLiteral("<script>alert(1)</script>"), QStringLiteral("*)(uid=*"), QStringLiteral("a,ou=x"),
                                   QStringLiteral("a\"b@example.net"), QString(10000, QLatin1Char('m'))}) {
            m_com->get(QStringLiteral("/mail/groups"));
            r = m_com->post(QStringLiteral("/mail/groups/add"), {{QStringLiteral("name"), QStringLiteral("hostile")},
                                                                {QStringLiteral("members"), QStringLiteral("ann@example.com\n") + bad}});
            QVERIFY2(r.status == 422, qPrintable(QStringLiteral("%1: %2").arg(bad.left(40)).arg(r.status)));
            QVERIFY2(fieldError(r, QStringLiteral("members")).startsWith(QStringLiteral("member:")), qPrintable(bad.left(40)));
            QVERIFY(r.text().contains(QStringLiteral("value=\"hostile\"")));
            verifyNoScript(r);
            m_com->get(QStringLiteral("/mail/groups/team"));
            r = m_com->post(QStringLiteral("/mail/groups/team/members/add"), {{QStringLiteral("member"), bad}});
            QCOMPARE(r.status, 422);
            QVERIFY(fieldError(r, QStringLiteral("member")).startsWith(QStringLiteral("member:")));
            verifyNoScript(r);
            r = m_com->post(QStringLiteral("/mail/groups/team/aliases/add"), {{QStringLiteral("alias"), bad}});
            QCOMPARE(r.status, 422);
            QVERIFY(fieldError(r, QStringLiteral("alias")).startsWith(QStringLiteral("alias:")));
            verifyNoScript(r);
        }
        QCOMPARE(snapshot(), before);
        QCOMPARE(m_com->post(QStringLiteral("/mail/groups/team/members/") + idOf(QStringLiteral("nobody@example.net")) + QStringLiteral("/delete"), {}).status, 404);
        QCOMPARE(m_com->get(QStringLiteral("/mail/groups/nothere")).status, 404);
        QCOMPARE(snapshot(), before);

        r = m_com->post(QStringLiteral("/mail/groups/team/delete"), {});
        QCOMPARE(r.status, 303);
        QCOMPARE(r.location(), QStringLiteral("/mail/groups?done=deleted"));
        QVERIFY(!group(QStringLiteral("example.com"), QStringLiteral("team")));
        list = m_com->follow(r);
        QVERIFY(list.text().contains(QStringLiteral("Deleted.")));
        QVERIFY(!list.text().contains(QStringLiteral("team@example.com")));
    }

    void signature()
    {
        HttpResult page = m_com->get(QStringLiteral("/signature"));
        QCOMPARE(page.status, 200);
        QVERIFY(page.text().contains(QStringLiteral("No signature")));
        const QString orgBefore = signatureOf(QStringLiteral("example.org"));
        HttpResult r = m_com->post(QStringLiteral("/signature"), {{QStringLiteral("signature"), s("-- \r\nBäckerei <script>alert(1)</script> \"quoted\" 'single'\r\n*)(uid=*,ou=x ../\r\n")}});
        QCOMPARE(r.status, 303);
        QCOMPARE(r.location(), QStringLiteral("/signature?done=saved"));
        const QString stored = s("-- \nBäckerei <script>alert(1)</script> \"quoted\" 'single'\n*)(uid=*,ou=x ../");
        QCOMPARE(signatureOf(QStringLiteral("example.com")), stored);
        QCOMPARE(signatureOf(QStringLiteral("example.org")), orgBefore);
        page = m_com->follow(r);
        QVERIFY(page.text().contains(QStringLiteral("Saved.")));
        verifyNoScript(page);
        const QString escaped = s("-- \nBäckerei &lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot; &apos;single&apos;\n*)(uid=*,ou=x ../");
        QVERIFY(page.text().contains(QStringLiteral("<pre>") + escaped + QStringLiteral("</pre>")));
        QVERIFY(page.text().contains(QStringLiteral(">") + escaped + QStringLiteral("</textarea>")));

        // Refused: too long, control characters; the text stays in the form, nothing changes.
        for (const QString &bad : {QString(10000, QLatin1Char('<')), QString(1025, QLatin1Char('x')), QStringLiteral("a") + QChar(0) + QStringLiteral("b"), s("red\x1b[31m"), s("abc\u202Edef")}) {
            m_com->get(QStringLiteral("/signature"));
            r = m_com->post(QStringLiteral("/signature"), {{QStringLiteral("signature"), bad}});
            QCOMPARE(r.status, 422);
            QVERIFY2(fieldError(r, QStringLiteral("signature")).startsWith(QStringLiteral("signature:")), qPrintable(r.text().left(3000)));
            QVERIFY(r.text().contains(QStringLiteral("aria-invalid=\"true\"")));
            verifyNoScript(r);
            QCOMPARE(signatureOf(QStringLiteral("example.com")), stored);
        }
        // The second owner's signature is its own.
        m_org->get(QStringLiteral("/signature"));
        r = m_org->post(QStringLiteral("/signature"), {{QStringLiteral("signature"), QStringLiteral("Org")}});
        QCOMPARE(r.status, 303);
        QCOMPARE(signatureOf(QStringLiteral("example.org")), QStringLiteral("Org"));
        QCOMPARE(signatureOf(QStringLiteral("example.com")), stored);
        QVERIFY(!m_org->get(QStringLiteral("/signature")).text().contains(QStringLiteral("Bäckerei")));

        // Empty removes it.
        m_com->get(QStringLiteral("/signature"));
        r = m_com->post(QStringLiteral("/signature"), {{QStringLiteral("signature"), QStringLiteral(" \r\n ")}});
        QCOMPARE(r.status, 303);
        QCOMPARE(signatureOf(QStringLiteral("example.com")), QString());
        QVERIFY(m_com->follow(r).text().contains(QStringLiteral("No signature")));
    }

    void accountLimit()
    {
        const int users = int(m_root->find(dit().users(QStringLiteral("example.com")), LdapFilter::objectClass(QStringLiteral("ispmanDomainUser")))->size());
        QVERIFY(users >= 3);
        const LdapDn domain = dit().domain(QStringLiteral("example.com"));
        QVERIFY(m_root->modify(domain, {LdapModification::replace(QStringLiteral("ispmanMaxAccounts"), QString::number(users))}).ok());
        const QStringList before = snapshot();
        const HttpResult r = addUser(QStringLiteral("onetoomany"), QStringLiteral("Limit-Pass-2026"));
        QCOMPARE(r.status, 422);
        QVERIFY2(r.text().contains(QStringLiteral("domain: example.com already has its maximum of %1 accounts").arg(users)), qPrintable(r.text()));
        QVERIFY(r.text().contains(QStringLiteral("value=\"onetoomany\"")));
        QCOMPARE(snapshot(), before);
        QVERIFY(!user(QStringLiteral("onetoomany@example.com")));
        // The list says so once the cache has the new limit.
        QTRY_VERIFY(m_com->get(QStringLiteral("/mail/users")).text().contains(QStringLiteral("%1 account(s) of at most %1").arg(users)));
        QVERIFY(m_com->get(QStringLiteral("/mail/users")).text().contains(QStringLiteral("reached its account limit")));
        QVERIFY(m_root->modify(domain, {LdapModification::replace(QStringLiteral("ispmanMaxAccounts"), QStringLiteral("-1"))}).ok());
        QTRY_VERIFY(m_com->get(QStringLiteral("/mail/users")).text().contains(QStringLiteral("no limit")));
    }

    void otherDomainsObjectsAreNotFound_data()
    {
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<Fields>("fields");
        const Fields none;
        QTest::newRow("user page") << "GET" << "/mail/users/john" << none;
        QTest::newRow("user page, upper case") << "GET" << "/mail/users/JOHN" << none;
        QTest::newRow("group page") << "GET" << "/mail/groups/sales" << none;
        QTest::newRow("password") << "POST" << "/mail/users/john/password"
                                  << Fields{{QStringLiteral("password"), QStringLiteral("Taken-Over-2026")}, {QStringLiteral("password-confirm"), QStringLiteral("Taken-Over-2026")}};
        QTest::newRow("password mismatch") << "POST" << "/mail/users/john/password"
                                           << Fields{{QStringLiteral("password"), QStringLiteral("a")}, {QStringLiteral("password-confirm"), QStringLiteral("b")}};
        QTest::newRow("quota") << "POST" << "/mail/users/john/quota" << Fields{{QStringLiteral("mail-quota"), QStringLiteral("1")}};
        QTest::newRow("name") << "POST" << "/mail/users/john/name" << Fields{{QStringLiteral("given-name"), QStringLiteral("Owned")}};
        QTest::newRow("alias add") << "POST" << "/mail/users/john/aliases/add" << Fields{{QStringLiteral("alias"), QStringLiteral("john2@example.com")}};
        QTest::newRow("alias delete") << "POST" << QStringLiteral("/mail/users/john/aliases/%1/delete").arg(idOf(QStringLiteral("info@example.com"))) << none;
        QTest::newRow("forward add") << "POST" << "/mail/users/jane/forwards/add" << Fields{{QStringLiteral("forward"), QStringLiteral("thief@example.org")}};
        QTest::newRow("forward delete") << "POST" << QStringLiteral("/mail/users/jane/forwards/%1/delete").arg(idOf(QStringLiteral("jane.doe@example.org"))) << none;
        QTest::newRow("suspend") << "POST" << "/mail/users/john/suspend" << none;
        QTest::newRow("resume") << "POST" << "/mail/users/john/resume" << none;
        QTest::newRow("delete user") << "POST" << "/mail/users/john/delete" << none;
        QTest::newRow("member add") << "POST" << "/mail/groups/sales/members/add" << Fields{{QStringLiteral("member"), QStringLiteral("thief@example.org")}};
        QTest::newRow("member delete") << "POST" << QStringLiteral("/mail/groups/sales/members/%1/delete").arg(idOf(QStringLiteral("john@example.com"))) << none;
        QTest::newRow("group alias add") << "POST" << "/mail/groups/sales/aliases/add" << Fields{{QStringLiteral("alias"), QStringLiteral("sales2@example.com")}};
        QTest::newRow("delete group") << "POST" << "/mail/groups/sales/delete" << none;
        QTest::newRow("address as path") << "GET" << "/mail/users/john@example.com" << none;
        QTest::newRow("encoded slash") << "GET" << "/mail/users/..%2Fjohn" << none;
        QTest::newRow("injection") << "GET" << "/mail/users/*)(uid=*" << none;
    }

    void otherDomainsObjectsAreNotFound()
    {
        QFETCH(QString, method);
        QFETCH(QString, path);
        QFETCH(Fields, fields);
        const QStringList before = snapshot();
        m_org->get(QStringLiteral("/mail/users"));
        const HttpResult r = method == u"GET" ? m_org->get(path) : m_org->post(path, fields);
        QCOMPARE(r.status, 404);
        for (const char *leak : {"john@example.com", "info@example.com", "jane.doe", "sales@example.com"})
            QVERIFY2(!r.text().contains(QLatin1String(leak)), leak);
        QCOMPARE(snapshot(), before);
        // Their own lists show only their own domain.
        const HttpResult users = m_org->get(QStringLiteral("/mail/users"));
        QVERIFY(users.text().contains(QStringLiteral("alice@example.org")));
        QVERIFY(!users.text().contains(QStringLiteral("john@example.com")));
        QVERIFY(!m_org->get(QStringLiteral("/mail/groups")).text().contains(QStringLiteral("sales@example.com")));
    }

    void missingCsrfChangesNothing_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<Fields>("fields");
        QTest::newRow("add user") << "/mail/users/add" << Fields{{QStringLiteral("user"), QStringLiteral("csrf")}, {QStringLiteral("password"), QStringLiteral("Csrf-Pass-2026")}, {QStringLiteral("password-confirm"), QStringLiteral("Csrf-Pass-2026")}};
        QTest::newRow("password") << "/mail/users/john/password" << Fields{{QStringLiteral("password"), QStringLiteral("Csrf-Pass-2026")}, {QStringLiteral("password-confirm"), QStringLiteral("Csrf-Pass-2026")}};
        QTest::newRow("alias") << "/mail/users/john/aliases/add" << Fields{{QStringLiteral("alias"), QStringLiteral("csrf@example.com")}};
        QTest::newRow("suspend") << "/mail/users/john/suspend" << Fields{};
        QTest::newRow("delete user") << "/mail/users/john/delete" << Fields{};
        QTest::newRow("add group") << "/mail/groups/add" << Fields{{QStringLiteral("name"), QStringLiteral("csrf")}};
        QTest::newRow("delete group") << "/mail/groups/sales/delete" << Fields{};
        QTest::newRow("signature") << "/signature" << Fields{{QStringLiteral("signature"), QStringLiteral("csrf")}};
    }

    void missingCsrfChangesNothing()
    {
        QFETCH(QString, path);
        QFETCH(Fields, fields);
        const QStringList before = snapshot();
        m_com->get(QStringLiteral("/mail/users"));
        HttpResult r = m_com->post(path, fields + Fields{{QStringLiteral("_csrf"), QString()}});
        QCOMPARE(r.status, 403);
        QByteArray body;
        for (const auto &[k, v] : std::as_const(fields))
            body += QUrl::toPercentEncoding(k) + '=' + QUrl::toPercentEncoding(v) + '&';
        r = m_com->postRaw(path, body, "application/x-www-form-urlencoded");
        QCOMPARE(r.status, 403);
        // Another owner's token does not fit this session.
        r = m_com->post(path, fields + Fields{{QStringLiteral("_csrf"), m_org->csrf()}});
        QCOMPARE(r.status, 403);
        QCOMPARE(snapshot(), before);
    }

    void deleteUser()
    {
        const auto entry = user(QStringLiteral("ann@example.com"));
        QVERIFY(entry);
        m_com->get(QStringLiteral("/mail/users/ann"));
        const HttpResult r = m_com->post(QStringLiteral("/mail/users/ann/delete"), {});
        QCOMPARE(r.status, 303);
        QCOMPARE(r.location(), QStringLiteral("/mail/users?done=deleted"));
        QVERIFY(!user(QStringLiteral("ann@example.com")));
        QCOMPARE(processes(QStringLiteral("deleteMailbox"), entry->dn()), 1);
        const HttpResult list = m_com->follow(r);
        QVERIFY(list.text().contains(QStringLiteral("Deleted.")));
        QVERIFY(!list.text().contains(QStringLiteral("ann@example.com")));
        QVERIFY(list.text().contains(QStringLiteral("john@example.com")));
        QCOMPARE(m_com->get(QStringLiteral("/mail/users/ann")).status, 404);
        QCOMPARE(m_com->post(QStringLiteral("/mail/users/ann/delete"), {}).status, 404);
        QVERIFY(!canBind(entry->dn(), QStringLiteral("Ann-Second-2026")));
    }
};

QTEST_MAIN(TestPanelMail)
#include "tst_panelmail.moc"
