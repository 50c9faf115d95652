// Mailbox user names (ISPMan 1.x alphabet, lower-cased), e-mail addresses with the mailbox and
// forward (RFC 5321 dot-atom) local-part rules and IDN domains, and the 1.x uid derivation
// ("john" + "example.com" -> "john_example_com") with its length cap.
#include "core/validation/mailaddress.h"
#include "validationtest.h"

#include <QTest>

using namespace Isp::Core;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(Isp::Core::Validate::MailLocalPart)

namespace {

// A valid domain of exactly `length` characters ending in ".com".
QString domainOfLength(qsizetype length)
{
    QString name;
    while (length - name.size() - 4 > 63)
        name += QString(63, u'd') + u'.';
    return name + QString(length - name.size() - 4, u'e') + u".com"_s;
}

} // namespace

class TestMailAddress : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void localPart_data();
    void localPart();
    void address_data();
    void address();
    void uid_data();
    void uid();
    void uidCollision();
};

void TestMailAddress::localPart_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<QString>("rule");

    QTest::newRow("plain") << u"john"_s << u"john"_s << QString();
    QTest::newRow("upper case lowered") << u"John.Doe"_s << u"john.doe"_s << QString();
    QTest::newRow("all allowed characters") << u"a_b-c.d9"_s << u"a_b-c.d9"_s << QString();
    QTest::newRow("digit first") << u"0day"_s << u"0day"_s << QString();
    QTest::newRow("64 characters") << QString(64, u'j') << QString(64, u'j') << QString();
    QTest::newRow("65 characters") << QString(65, u'j') << QString() << u"length"_s;
    QTest::newRow("empty") << QString() << QString() << u"required"_s;
    QTest::newRow("leading dot") << u".john"_s << QString() << u"local-part"_s;
    QTest::newRow("leading hyphen (option)") << u"-rf"_s << QString() << u"local-part"_s;
    QTest::newRow("leading underscore") << u"_x"_s << QString() << u"local-part"_s;
    QTest::newRow("trailing dot") << u"john."_s << QString() << u"dots"_s;
    QTest::newRow("double dot") << u"jo..hn"_s << QString() << u"dots"_s;
    QTest::newRow("space") << u"john doe"_s << QString() << u"local-part"_s;
    QTest::newRow("plus") << u"john+tag"_s << QString() << u"local-part"_s;
    QTest::newRow("non-ascii") << u"jöhn"_s << QString() << u"local-part"_s;
    QTest::newRow("kelvin sign not folded to k") << u"\u212Aelvin"_s << QString() << u"local-part"_s;
    QTest::newRow("ldap filter injection") << u"*)(uid=*"_s << QString() << u"local-part"_s;
    QTest::newRow("dn injection") << u"a,ou=x"_s << QString() << u"local-part"_s;
    QTest::newRow("sql injection") << u"'; DROP TABLE x; --"_s << QString() << u"local-part"_s;
    QTest::newRow("shell substitution") << u"$(reboot)"_s << QString() << u"local-part"_s;
    QTest::newRow("backticks") << u"`id`"_s << QString() << u"local-part"_s;
    QTest::newRow("path traversal") << u"../etc/passwd"_s << QString() << u"local-part"_s;
    QTest::newRow("newline") << u"john\n"_s << QString() << u"control-character"_s;
    QTest::newRow("nul") << u"jo\0hn"_s << QString() << u"control-character"_s;
    QTest::newRow("bad utf-8") << QString::fromUtf8("jo\xffhn") << QString() << u"utf8"_s;
}

void TestMailAddress::localPart()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QFETCH(QString, rule);
    if (rule.isEmpty())
        ISP_VERIFY_VALID(Validate::mailboxLocalPart(u"user"_s, input), expected);
    else
        ISP_VERIFY_REFUSED(Validate::mailboxLocalPart(u"user"_s, input), u"user"_s, rule);
}

void TestMailAddress::address_data()
{
    using Validate::MailLocalPart;
    QTest::addColumn<MailLocalPart>("kind");
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<QString>("rule");

    const auto M = MailLocalPart::Mailbox;
    const auto F = MailLocalPart::Forward;
    QTest::newRow("mailbox lowered") << M << u"John@Example.COM"_s << u"john@example.com"_s << QString();
    QTest::newRow("mailbox idn domain") << M << u"john@bücher.example"_s << u"john@xn--bcher-kva.example"_s
                                        << QString();
    QTest::newRow("mailbox plus refused") << M << u"john+tag@example.com"_s << QString() << u"local-part"_s;
    QTest::newRow("forward keeps local case")
        << F << u"John.Doe+tag@Example.com"_s << u"John.Doe+tag@example.com"_s << QString();
    QTest::newRow("forward apostrophe") << F << u"o'brien@example.ie"_s << u"o'brien@example.ie"_s << QString();
    QTest::newRow("forward all atext") << F << u"!#$%&'*+-/=?^_`{|}~@example.com"_s
                                       << u"!#$%&'*+-/=?^_`{|}~@example.com"_s << QString();
    QTest::newRow("forward sharp s domain") << F << u"user@faß.de"_s << u"user@xn--fa-hia.de"_s << QString();
    QTest::newRow("forward 64-character local part")
        << F << QString(64, u'l') + u"@example.com"_s << QString(64, u'l') + u"@example.com"_s << QString();
    QTest::newRow("forward 65-character local part")
        << F << QString(65, u'l') + u"@example.com"_s << QString() << u"length"_s;
    QTest::newRow("254 characters") << F << QString(64, u'l') + u'@' + domainOfLength(189)
                                    << QString(64, u'l') + u'@' + domainOfLength(189) << QString();
    QTest::newRow("255 characters") << F << QString(64, u'l') + u'@' + domainOfLength(190) << QString() << u"length"_s;
    QTest::newRow("no at") << F << u"john"_s << QString() << u"address-syntax"_s;
    QTest::newRow("two ats") << F << u"a@b@example.com"_s << QString() << u"address-syntax"_s;
    QTest::newRow("empty local part") << F << u"@example.com"_s << QString() << u"address-syntax"_s;
    QTest::newRow("empty domain") << F << u"john@"_s << QString() << u"address-syntax"_s;
    QTest::newRow("quoted local part") << F << u"\"john doe\"@example.com"_s << QString() << u"local-part"_s;
    QTest::newRow("comment") << F << u"john(comment)@example.com"_s << QString() << u"local-part"_s;
    QTest::newRow("address literal") << F << u"john@[192.0.2.1]"_s << QString() << u"domain"_s;
    QTest::newRow("single-label domain") << F << u"john@localhost"_s << QString() << u"labels"_s;
    QTest::newRow("domain with space") << F << u"john@exa mple.com"_s << QString() << u"ldh"_s;
    QTest::newRow("domain trailing dot") << F << u"john@example.com."_s << QString() << u"empty-label"_s;
    QTest::newRow("leading dot") << F << u".john@example.com"_s << QString() << u"dots"_s;
    QTest::newRow("double dot") << F << u"jo..hn@example.com"_s << QString() << u"dots"_s;
    QTest::newRow("shell substitution") << F << u"$(reboot)@example.com"_s << QString() << u"local-part"_s;
    QTest::newRow("non-ascii local part") << F << u"jöhn@example.com"_s << QString() << u"local-part"_s;
    QTest::newRow("header injection") << F << u"john@example.com\r\nBcc: x@example.net"_s << QString()
                                      << u"control-character"_s;
    QTest::newRow("huge") << F << QString(100000, u'a') + u"@example.com"_s << QString() << u"length"_s;
    QTest::newRow("empty") << M << QString() << QString() << u"required"_s;
}

void TestMailAddress::address()
{
    QFETCH(Validate::MailLocalPart, kind);
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QFETCH(QString, rule);
    if (rule.isEmpty())
        ISP_VERIFY_VALID(Validate::emailAddress(u"forward"_s, input, kind), expected);
    else
        ISP_VERIFY_REFUSED(Validate::emailAddress(u"forward"_s, input, kind), u"forward"_s, rule);
}

void TestMailAddress::uid_data()
{
    QTest::addColumn<QString>("localPart");
    QTest::addColumn<QString>("domain");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<QString>("rule");

    QTest::newRow("ispman 1.x example") << u"john"_s << u"example.com"_s << u"john_example_com"_s << QString();
    QTest::newRow("dots in both, upper case")
        << u"John.Doe"_s << u"Example.CO.UK"_s << u"john_doe_example_co_uk"_s << QString();
    QTest::newRow("hyphens kept") << u"mary-ann"_s << u"my-shop.example"_s << u"mary-ann_my-shop_example"_s
                                  << QString();
    QTest::newRow("idn domain") << u"john"_s << u"bücher.example"_s << u"john_xn--bcher-kva_example"_s << QString();
    QTest::newRow("trailing dot on domain") << u"john"_s << u"example.com."_s << u"john_example_com"_s << QString();
    QTest::newRow("255 characters") << QString(64, u'u') << domainOfLength(190)
                                    << QString(64, u'u') + u'_' + QString(domainOfLength(190)).replace(u'.', u'_')
                                    << QString();
    QTest::newRow("256 characters") << QString(64, u'u') << domainOfLength(191) << QString() << u"length"_s;
    QTest::newRow("single-label domain") << u"john"_s << u"example"_s << QString() << u"labels"_s;
    QTest::newRow("option-like user") << u"-x"_s << u"example.com"_s << QString() << u"local-part"_s;
    QTest::newRow("space in user") << u"jo hn"_s << u"example.com"_s << QString() << u"local-part"_s;
    QTest::newRow("underscore in domain") << u"john"_s << u"exa_mple.com"_s << QString() << u"ldh"_s;
    QTest::newRow("dn injection in user") << u"a,ou=x"_s << u"example.com"_s << QString() << u"local-part"_s;
    QTest::newRow("filter injection in domain") << u"john"_s << u"*)(uid=*"_s << QString() << u"wildcard"_s;
    QTest::newRow("newline in domain") << u"john"_s << u"example.com\nuid: x"_s << QString() << u"control-character"_s;
    QTest::newRow("empty user") << QString() << u"example.com"_s << QString() << u"required"_s;
    QTest::newRow("empty domain") << u"john"_s << QString() << QString() << u"required"_s;
}

void TestMailAddress::uid()
{
    QFETCH(QString, localPart);
    QFETCH(QString, domain);
    QFETCH(QString, expected);
    QFETCH(QString, rule);
    if (rule.isEmpty())
        ISP_VERIFY_VALID(Validate::mailboxUid(u"uid"_s, localPart, domain), expected);
    else
        ISP_VERIFY_REFUSED(Validate::mailboxUid(u"uid"_s, localPart, domain), u"uid"_s, rule);
}

void TestMailAddress::uidCollision()
{
    // Documented: the derivation is not injective; callers check that the uid is free.
    const auto a = Validate::mailboxUid(u"uid"_s, u"john.doe"_s, u"example.com"_s);
    const auto b = Validate::mailboxUid(u"uid"_s, u"john_doe"_s, u"example.com"_s);
    const auto c = Validate::mailboxUid(u"uid"_s, u"john"_s, u"doe.example.com"_s);
    QVERIFY(a.ok() && b.ok() && c.ok());
    QCOMPARE(a.value(), b.value());
    QCOMPARE(a.value(), c.value());
}

QTEST_GUILESS_MAIN(TestMailAddress)
#include "tst_mailaddress.moc"
