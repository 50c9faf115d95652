// Every validator against the same hostile inputs (filter and DN injection, SQL, shell, path
// traversal, control characters, bad UTF-8, bidi overrides, huge values): structured fields refuse
// them all; free-text fields may keep harmless ones as text but never a control character. Every
// refusal names its field, carries a rule and has a display-safe, bounded message.
#include "core/validation/apacheoptions.h"
#include "core/validation/database.h"
#include "core/validation/dnsrecordvalue.h"
#include "core/validation/domainname.h"
#include "core/validation/ipaddress.h"
#include "core/validation/mailaddress.h"
#include "core/validation/number.h"
#include "core/validation/password.h"
#include "core/validation/relativepath.h"
#include "core/validation/text.h"
#include "core/validation/vhostname.h"
#include "validationtest.h"

#include <QTest>

#include <functional>

using namespace Isp::Core;
using namespace Qt::StringLiterals;

namespace {

// Outcome of one validator: nullopt error = accepted, with the accepted value as text.
struct Outcome
{
    std::optional<ValidationError> error;
    QString accepted;
};

template<typename T> Outcome outcome(const Validated<T> &r, const std::function<QString(const T &)> &text)
{
    if (r.ok())
        return { std::nullopt, text(r.value()) };
    return { r.error(), QString() };
}

Outcome fromString(const Validated<QString> &r)
{
    return outcome<QString>(r, [](const QString &s) { return s; });
}

Outcome fromNumber(const Validated<qint64> &r)
{
    return outcome<qint64>(r, [](const qint64 &n) { return QString::number(n); });
}

struct Validator
{
    const char *name;
    QString field;
    bool freeText; // may accept hostile-looking text as plain text
    std::function<Outcome(const QString &)> run;
};

const QString Zone = u"example.com"_s;

QList<Validator> validators()
{
    using namespace Validate;
    return {
        { "domainName", u"domain"_s, false, [](const QString &v) { return fromString(domainName(u"domain"_s, v)); } },
        { "hostName", u"host"_s, false, [](const QString &v) { return fromString(hostName(u"host"_s, v)); } },
        { "dnsOwnerName TXT", u"name"_s, false,
            [](const QString &v) { return fromString(dnsOwnerName(u"name"_s, v, Zone, DnsRecordType::Txt)); } },
        { "dnsTargetName CNAME", u"target"_s, false,
            [](const QString &v) { return fromString(dnsTargetName(u"target"_s, v, Zone, DnsRecordType::Cname)); } },
        { "dnsMxValue", u"mx"_s, false, [](const QString &v) { return fromString(dnsMxValue(u"mx"_s, v, Zone)); } },
        { "dnsSrvValue", u"srv"_s, false, [](const QString &v) { return fromString(dnsSrvValue(u"srv"_s, v, Zone)); } },
        { "dnsCaaValue", u"caa"_s, false, [](const QString &v) { return fromString(dnsCaaValue(u"caa"_s, v)); } },
        { "dnsTtl", u"ttl"_s, false,
            [](const QString &v) {
                return outcome<std::optional<int>>(dnsTtl(u"ttl"_s, v),
                    [](const std::optional<int> &t) { return t ? QString::number(*t) : u"default"_s; });
            } },
        { "dnsTxtValue", u"txt"_s, true, [](const QString &v) { return fromString(dnsTxtValue(u"txt"_s, v)); } },
        { "ipv4Address", u"ip"_s, false, [](const QString &v) { return fromString(ipv4Address(u"ip"_s, v)); } },
        { "ipv6Address", u"ip6"_s, false, [](const QString &v) { return fromString(ipv6Address(u"ip6"_s, v)); } },
        { "mailboxLocalPart", u"user"_s, false,
            [](const QString &v) { return fromString(mailboxLocalPart(u"user"_s, v)); } },
        { "emailAddress forward", u"forward"_s, false,
            [](const QString &v) { return fromString(emailAddress(u"forward"_s, v, MailLocalPart::Forward)); } },
        { "emailAddress as local part", u"forward"_s, false,
            [](const QString &v) {
                return fromString(emailAddress(u"forward"_s, v + u"@example.com"_s, MailLocalPart::Mailbox));
            } },
        { "mailboxUid user", u"uid"_s, false,
            [](const QString &v) { return fromString(mailboxUid(u"uid"_s, v, Zone)); } },
        { "mailboxUid domain", u"uid"_s, false,
            [](const QString &v) { return fromString(mailboxUid(u"uid"_s, u"john"_s, v)); } },
        { "vhostName", u"vhost"_s, false,
            [](const QString &v) {
                return outcome<VhostName>(
                    vhostName(u"vhost"_s, v, Zone), [](const VhostName &n) { return n.toString(); });
            } },
        { "vhostAlias", u"alias"_s, false,
            [](const QString &v) { return fromString(vhostAlias(u"alias"_s, v, Zone)); } },
        { "relativePath", u"documentRoot"_s, false,
            [](const QString &v) { return fromString(relativePath(u"documentRoot"_s, v)); } },
        { "databaseName", u"database"_s, false,
            [](const QString &v) { return fromString(databaseName(u"database"_s, v)); } },
        { "databaseUser", u"dbUser"_s, false,
            [](const QString &v) { return fromString(databaseUser(u"dbUser"_s, v)); } },
        { "databaseHostPattern", u"accessFrom"_s, false,
            [](const QString &v) { return fromString(databaseHostPattern(u"accessFrom"_s, v)); } },
        { "databasePrivilege", u"privilege"_s, false,
            [](const QString &v) { return fromString(databasePrivilege(u"privilege"_s, v)); } },
        { "quotaMegabytes", u"quota"_s, false,
            [](const QString &v) { return fromNumber(quotaMegabytes(u"quota"_s, v, Unlimited::Allowed)); } },
        { "limit", u"maxAccounts"_s, false,
            [](const QString &v) { return fromNumber(limit(u"maxAccounts"_s, v, Unlimited::Allowed)); } },
        { "port", u"port"_s, false,
            [](const QString &v) {
                return outcome<int>(port(u"port"_s, v), [](const int &p) { return QString::number(p); });
            } },
        { "apacheOptions", u"options"_s, false,
            [](const QString &v) {
                return outcome<QStringList>(
                    apacheOptions(u"options"_s, v), [](const QStringList &l) { return l.join(u' '); });
            } },
        { "freeText", u"comment"_s, true, [](const QString &v) { return fromString(freeText(u"comment"_s, v, 255)); } },
        { "password", u"password"_s, true,
            [](const QString &v) { return fromString(password(u"password"_s, v, u"john"_s)); } },
    };
}

struct Hostile
{
    const char *name;
    QString value;
    bool harmlessAsText; // printable: free-text fields may keep it
};

QList<Hostile> hostileInputs()
{
    return {
        { "ldap filter", u"*)(uid=*"_s, true },
        { "ldap filter or", u"x)(|(objectClass=*)"_s, true },
        { "dn", u"a,ou=x"_s, true },
        { "dn plus", u"a+cn=b"_s, true },
        { "sql", u"'; DROP TABLE x; --"_s, true },
        { "shell substitution", u"$(reboot)"_s, true },
        { "backticks", u"`id`"_s, true },
        { "shell chain", u"x; rm -rf /"_s, true },
        { "pipe", u"|cat /etc/passwd"_s, true },
        { "option", u"--help"_s, true },
        { "path traversal", u"../etc/passwd"_s, true },
        { "percent nul", u"%00"_s, true },
        { "markup", u"<script>alert(1)</script>"_s, true },
        { "newline", u"a\nb"_s, false },
        { "crlf", u"a\r\nb"_s, false },
        { "ldif continuation", u"x\ndn: uid=evil,o=ispman"_s, false },
        { "nul", u"a\0b"_s, false },
        { "escape", u"a\u001b[31mb"_s, false },
        { "bad utf-8",
            QString::fromUtf8("b\xff"
                              "ad"),
            false },
        { "lone surrogate", u"a"_s + QChar(0xd800) + u"b"_s, false },
        { "bidi override", u"a\u202eb"_s, false },
        { "huge", QString(100000, u'a'), false },
    };
}

} // namespace

class TestHostileInput : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void refused_data();
    void refused();
};

void TestHostileInput::refused_data()
{
    QTest::addColumn<int>("validator");
    QTest::addColumn<QString>("value");
    QTest::addColumn<bool>("harmlessAsText");

    const QList<Validator> all = validators();
    for (int i = 0; i < all.size(); ++i) {
        for (const Hostile &h : hostileInputs())
            QTest::addRow("%s/%s", all.at(i).name, h.name) << i << h.value << h.harmlessAsText;
    }
}

void TestHostileInput::refused()
{
    QFETCH(int, validator);
    QFETCH(QString, value);
    QFETCH(bool, harmlessAsText);
    const Validator v = validators().at(validator);
    const Outcome out = v.run(value);
    if (!out.error) {
        QVERIFY2(
            v.freeText && harmlessAsText, qPrintable(u"accepted as \"%1\""_s.arg(Isp::Test::visible(out.accepted))));
        for (const QChar c : out.accepted)
            QVERIFY2(c.unicode() >= 0x20 && c.unicode() != 0x7f, "accepted value contains a control character");
        return;
    }
    const QString problem = Isp::Test::errorProblem(*out.error, v.field);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    if (v.field == u"password")
        QVERIFY2(!out.error->message.contains(value), qPrintable(out.error->message));
}

QTEST_GUILESS_MAIN(TestHostileInput)
#include "tst_hostileinput.moc"
