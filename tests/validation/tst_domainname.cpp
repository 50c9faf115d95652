// Domain and host names: LDH and length rules, IDNA2008 (non-transitional) normalisation to
// A-labels and back for display, and refusal of hostile input (injection strings, control
// characters, bad UTF-8, overlong values) with messages that name the field and the rule.
#include "core/validation/domainname.h"
#include "validationtest.h"

#include <QTest>

using namespace Isp::Core;
using namespace Qt::StringLiterals;

namespace {

QString repeated(QChar c, qsizetype n)
{
    return QString(n, c);
}

// A name of exactly `length` characters: 63-character labels, then a shorter last label of letters.
QString nameOfLength(qsizetype length)
{
    QString name;
    while (length - name.size() > 63)
        name += repeated(u'a', 63) + u'.';
    return name + repeated(u'b', length - name.size());
}

} // namespace

class TestDomainName : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void domainValid_data();
    void domainValid();
    void domainInvalid_data();
    void domainInvalid();
    void hostName_data();
    void hostName();
    void messageNamesFieldAndRule();
    void messageIsDisplaySafe_data();
    void messageIsDisplaySafe();
    void display_data();
    void display();
};

void TestDomainName::domainValid_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");

    QTest::newRow("plain") << u"example.com"_s << u"example.com"_s;
    QTest::newRow("upper case is lowered") << u"EXAMPLE.COM"_s << u"example.com"_s;
    QTest::newRow("mixed case") << u"Example.Com"_s << u"example.com"_s;
    QTest::newRow("trailing dot removed") << u"example.com."_s << u"example.com"_s;
    QTest::newRow("many labels") << u"a.b.c.d.example.com"_s << u"a.b.c.d.example.com"_s;
    QTest::newRow("digit first") << u"1password.com"_s << u"1password.com"_s;
    QTest::newRow("all-digit inner label") << u"123.example"_s << u"123.example"_s;
    QTest::newRow("inner hyphen") << u"a-b.example"_s << u"a-b.example"_s;
    QTest::newRow("idn u-label") << u"bücher.example"_s << u"xn--bcher-kva.example"_s;
    QTest::newRow("idn upper case") << u"BÜCHER.example"_s << u"xn--bcher-kva.example"_s;
    QTest::newRow("idn a-label kept") << u"xn--bcher-kva.example"_s << u"xn--bcher-kva.example"_s;
    QTest::newRow("idn a-label upper case") << u"XN--BCHER-KVA.EXAMPLE"_s << u"xn--bcher-kva.example"_s;
    QTest::newRow("sharp s non-transitional") << u"faß.de"_s << u"xn--fa-hia.de"_s;
    QTest::newRow("hebrew") << u"אב.com"_s << u"xn--4dbc.com"_s;
    QTest::newRow("ideographic full stop") << u"example\u3002com"_s << u"example.com"_s;
    QTest::newRow("fullwidth letters mapped") << u"\uff25xample.com"_s << u"example.com"_s;
    QTest::newRow("label of 63") << repeated(u'a', 63) + u".com"_s << repeated(u'a', 63) + u".com"_s;
    QTest::newRow("name of 253") << nameOfLength(253) << nameOfLength(253);
    QTest::newRow("name of 253 plus trailing dot") << nameOfLength(253) + u'.' << nameOfLength(253);
}

void TestDomainName::domainValid()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    ISP_VERIFY_VALID(Validate::domainName(u"domain"_s, input), expected);
}

void TestDomainName::domainInvalid_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("rule");

    QTest::newRow("empty") << QString() << u"required"_s;
    QTest::newRow("space") << u"exa mple.com"_s << u"ldh"_s;
    QTest::newRow("single label") << u"example"_s << u"labels"_s;
    QTest::newRow("single label with dot") << u"example."_s << u"labels"_s;
    QTest::newRow("root") << u"."_s << u"empty-label"_s;
    QTest::newRow("double dot") << u"example..com"_s << u"empty-label"_s;
    QTest::newRow("leading dot") << u".example.com"_s << u"empty-label"_s;
    QTest::newRow("two trailing dots") << u"example.com.."_s << u"empty-label"_s;
    QTest::newRow("leading hyphen") << u"-example.com"_s << u"hyphen"_s;
    QTest::newRow("trailing hyphen") << u"example-.com"_s << u"hyphen"_s;
    QTest::newRow("reserved hyphens 3-4") << u"ab--cd.com"_s << u"hyphen"_s;
    QTest::newRow("idn leading hyphen") << u"-bücher.com"_s << u"hyphen"_s;
    QTest::newRow("underscore") << u"a_b.com"_s << u"ldh"_s;
    QTest::newRow("slash") << u"a/b.com"_s << u"ldh"_s;
    QTest::newRow("fullwidth solidus maps to slash") << u"a\uff0fb.com"_s << u"ldh"_s;
    QTest::newRow("port") << u"example.com:80"_s << u"ldh"_s;
    QTest::newRow("address") << u"user@example.com"_s << u"ldh"_s;
    QTest::newRow("wildcard") << u"*.example.com"_s << u"wildcard"_s;
    QTest::newRow("ldap filter injection") << u"*)(uid=*"_s << u"wildcard"_s;
    QTest::newRow("dn injection") << u"a,ou=x.com"_s << u"ldh"_s;
    QTest::newRow("sql injection") << u"'; DROP TABLE x; --"_s << u"ldh"_s;
    QTest::newRow("shell substitution") << u"$(reboot).com"_s << u"ldh"_s;
    QTest::newRow("backticks") << u"`id`.com"_s << u"ldh"_s;
    QTest::newRow("path traversal") << u"../etc/passwd"_s << u"empty-label"_s;
    QTest::newRow("newline") << u"example.com\n"_s << u"control-character"_s;
    QTest::newRow("crlf inside") << u"exa\r\nmple.com"_s << u"control-character"_s;
    QTest::newRow("nul") << u"exam\0ple.com"_s << u"control-character"_s;
    QTest::newRow("tab") << u"example\t.com"_s << u"control-character"_s;
    QTest::newRow("bidi override") << u"exa\u202emple.com"_s << u"control-character"_s;
    QTest::newRow("bad utf-8") << QString::fromUtf8("b\xff"
                                                    "ad.com")
                               << u"utf8"_s;
    QTest::newRow("encoded surrogate") << QString::fromUtf8("\xed\xa0\x80.com") << u"utf8"_s;
    QTest::newRow("lone surrogate") << QString(QChar(0xd800)) + u".com"_s << u"utf8"_s;
    QTest::newRow("leading space") << u" example.com"_s << u"whitespace"_s;
    QTest::newRow("trailing space") << u"example.com "_s << u"whitespace"_s;
    QTest::newRow("label of 64") << repeated(u'a', 64) + u".com"_s << u"label-length"_s;
    QTest::newRow("idn label too long") << repeated(u'ü', 60) + u".com"_s << u"label-length"_s;
    QTest::newRow("name of 254") << nameOfLength(254) << u"length"_s;
    QTest::newRow("huge") << repeated(u'a', 100000) << u"length"_s;
    QTest::newRow("invalid punycode") << u"xn--zz.com"_s << u"idna"_s;
    QTest::newRow("invalid punycode upper") << u"XN--ZZ.com"_s << u"idna"_s;
    QTest::newRow("a-label not idna2008") << u"xn--a.com"_s << u"idna"_s;
    QTest::newRow("emoji disallowed") << u"\U0001f4a9.la"_s << u"idna"_s;
    QTest::newRow("emoji a-label") << u"xn--ls8h.la"_s << u"idna"_s;
    QTest::newRow("zero width joiner") << u"a\u200d.com"_s << u"idna"_s;
    QTest::newRow("bidi rule") << u"aא.com"_s << u"idna"_s;
    QTest::newRow("numeric tld") << u"example.123"_s << u"numeric-tld"_s;
    QTest::newRow("ipv4 address") << u"192.0.2.1"_s << u"numeric-tld"_s;
}

void TestDomainName::domainInvalid()
{
    QFETCH(QString, input);
    QFETCH(QString, rule);
    ISP_VERIFY_REFUSED(Validate::domainName(u"domain"_s, input), u"domain"_s, rule);
}

void TestDomainName::hostName_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected"); // empty: refused
    QTest::addColumn<QString>("rule");

    QTest::newRow("single label") << u"mail1"_s << u"mail1"_s << QString();
    QTest::newRow("single label upper, trailing dot") << u"MAIL1."_s << u"mail1"_s << QString();
    QTest::newRow("fqdn") << u"ns1.example.net"_s << u"ns1.example.net"_s << QString();
    QTest::newRow("idn single label") << u"bücher"_s << u"xn--bcher-kva"_s << QString();
    QTest::newRow("all digits") << u"42"_s << QString() << u"numeric-tld"_s;
    QTest::newRow("underscore") << u"mail_1"_s << QString() << u"ldh"_s;
    QTest::newRow("empty") << QString() << QString() << u"required"_s;
    QTest::newRow("label of 64") << repeated(u'h', 64) << QString() << u"label-length"_s;
    QTest::newRow("shell") << u"host;reboot"_s << QString() << u"ldh"_s;
}

void TestDomainName::hostName()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QFETCH(QString, rule);
    if (rule.isEmpty())
        ISP_VERIFY_VALID(Validate::hostName(u"host"_s, input), expected);
    else
        ISP_VERIFY_REFUSED(Validate::hostName(u"host"_s, input), u"host"_s, rule);
}

void TestDomainName::messageNamesFieldAndRule()
{
    const auto r = Validate::domainName(u"domain"_s, u"exa mple.com"_s);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().field, u"domain"_s);
    QCOMPARE(r.error().rule, u"ldh"_s);
    QCOMPARE(r.error().message,
        u"domain: \"exa mple.com\" is not a valid domain name: labels may contain only letters, digits and hyphens"_s);
    QCOMPARE(r.error().toString(), r.error().message);

    const auto required = Validate::domainName(u"aliasDomain"_s, QString());
    QCOMPARE(required.error().message, u"aliasDomain: a value is required (domain name)"_s);
}

void TestDomainName::messageIsDisplaySafe_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("shown"); // how the value appears in the message

    QTest::newRow("newline escaped") << u"a\nb.com"_s << u"\"a\\nb.com\""_s;
    QTest::newRow("nul escaped") << u"a\0b.com"_s << u"\"a\\u{0}b.com\""_s;
    QTest::newRow("quote escaped") << u"a\"b.com"_s << u"\"a\\\"b.com\""_s;
    QTest::newRow("backslash escaped") << u"a\\b.com"_s << u"\"a\\\\b.com\""_s;
    QTest::newRow("bidi escaped") << u"a\u202eb.com"_s << u"\"a\\u{202E}b.com\""_s;
    QTest::newRow("long value cut") << QString(1000, u'a') << u'"' + QString(60, u'a') + u"\u2026\""_s;
}

void TestDomainName::messageIsDisplaySafe()
{
    QFETCH(QString, input);
    QFETCH(QString, shown);
    const auto r = Validate::domainName(u"domain"_s, input);
    QVERIFY(!r.ok());
    QVERIFY2(r.error().message.contains(shown), qPrintable(r.error().message));
    const QString problem = Isp::Test::errorProblem(r.error(), u"domain"_s);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void TestDomainName::display_data()
{
    QTest::addColumn<QString>("ascii");
    QTest::addColumn<QString>("expected");

    QTest::newRow("idn") << u"xn--bcher-kva.example"_s << u"bücher.example"_s;
    QTest::newRow("sharp s") << u"xn--fa-hia.de"_s << u"faß.de"_s;
    QTest::newRow("ascii unchanged") << u"example.com"_s << u"example.com"_s;
    QTest::newRow("invalid a-label unchanged") << u"xn--zz.com"_s << u"xn--zz.com"_s;
}

void TestDomainName::display()
{
    QFETCH(QString, ascii);
    QFETCH(QString, expected);
    QCOMPARE(Validate::domainNameForDisplay(ascii), expected);
}

QTEST_GUILESS_MAIN(TestDomainName)
#include "tst_domainname.moc"
