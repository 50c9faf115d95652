// IPv4 and IPv6 addresses: canonical text out, and refusal of the forms that parsers disagree on
// (leading zeros, short IPv4 forms, zone ids, brackets) and of text that would only parse because
// a NUL cut it short.
#include "core/validation/ipaddress.h"
#include "validationtest.h"

#include <QTest>

using namespace Isp::Core;
using namespace Qt::StringLiterals;

class TestIpAddress : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void ipv4_data();
    void ipv4();
    void ipv6_data();
    void ipv6();
    void either_data();
    void either();
};

void TestIpAddress::ipv4_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<QString>("rule");

    QTest::newRow("documentation address") << u"192.0.2.1"_s << u"192.0.2.1"_s << QString();
    QTest::newRow("zeros") << u"0.0.0.0"_s << u"0.0.0.0"_s << QString();
    QTest::newRow("broadcast") << u"255.255.255.255"_s << u"255.255.255.255"_s << QString();
    QTest::newRow("leading zero (octal)") << u"010.1.1.1"_s << QString() << u"ipv4"_s;
    QTest::newRow("leading zero last") << u"1.1.1.01"_s << QString() << u"ipv4"_s;
    QTest::newRow("octet 256") << u"256.1.1.1"_s << QString() << u"ipv4"_s;
    QTest::newRow("three parts") << u"1.2.3"_s << QString() << u"ipv4"_s;
    QTest::newRow("two parts (inet_aton form)") << u"127.1"_s << QString() << u"ipv4"_s;
    QTest::newRow("five parts") << u"1.2.3.4.5"_s << QString() << u"ipv4"_s;
    QTest::newRow("empty part") << u"1..3.4"_s << QString() << u"ipv4"_s;
    QTest::newRow("hex") << u"0x7f.0.0.1"_s << QString() << u"ipv4"_s;
    QTest::newRow("negative") << u"1.2.3.-1"_s << QString() << u"ipv4"_s;
    QTest::newRow("four-digit part") << u"1.2.3.0004"_s << QString() << u"ipv4"_s;
    QTest::newRow("arabic-indic digits") << u"\u0661.\u0662.\u0663.\u0664"_s << QString() << u"ipv4"_s;
    QTest::newRow("nul then junk") << u"1.2.3.4\0evil"_s << QString() << u"control-character"_s;
    QTest::newRow("trailing space") << u"1.2.3.4 "_s << QString() << u"whitespace"_s;
    QTest::newRow("with port") << u"1.2.3.4:80"_s << QString() << u"ipv4"_s;
    QTest::newRow("with prefix") << u"1.2.3.0/24"_s << QString() << u"ipv4"_s;
    QTest::newRow("ldap filter injection") << u"*)(uid=*"_s << QString() << u"ipv4"_s;
    QTest::newRow("empty") << QString() << QString() << u"required"_s;
}

void TestIpAddress::ipv4()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QFETCH(QString, rule);
    if (rule.isEmpty())
        ISP_VERIFY_VALID(Validate::ipv4Address(u"ip"_s, input), expected);
    else
        ISP_VERIFY_REFUSED(Validate::ipv4Address(u"ip"_s, input), u"ip"_s, rule);
}

void TestIpAddress::ipv6_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<QString>("rule");

    QTest::newRow("compressed") << u"2001:db8::1"_s << u"2001:db8::1"_s << QString();
    QTest::newRow("upper case lowered") << u"2001:DB8::1"_s << u"2001:db8::1"_s << QString();
    QTest::newRow("full form compressed")
        << u"2001:0db8:0000:0000:0000:0000:0000:0001"_s << u"2001:db8::1"_s << QString();
    QTest::newRow("unspecified") << u"::"_s << u"::"_s << QString();
    QTest::newRow("loopback") << u"0:0:0:0:0:0:0:1"_s << u"::1"_s << QString();
    QTest::newRow("v4-mapped") << u"::ffff:192.0.2.1"_s << u"::ffff:192.0.2.1"_s << QString();
    QTest::newRow("link local") << u"fe80::1"_s << u"fe80::1"_s << QString();
    QTest::newRow("zone id") << u"fe80::1%eth0"_s << QString() << u"ipv6"_s;
    QTest::newRow("brackets") << u"[::1]"_s << QString() << u"ipv6"_s;
    QTest::newRow("prefix length") << u"2001:db8::/32"_s << QString() << u"ipv6"_s;
    QTest::newRow("two double colons") << u"1::2::3"_s << QString() << u"ipv6"_s;
    QTest::newRow("not hex") << u"gggg::1"_s << QString() << u"ipv6"_s;
    QTest::newRow("group too long") << u"12345::1"_s << QString() << u"ipv6"_s;
    QTest::newRow("v4 tail with leading zero") << u"::ffff:010.1.1.1"_s << QString() << u"ipv6"_s;
    QTest::newRow("ipv4 only") << u"192.0.2.1"_s << QString() << u"ipv6"_s;
    QTest::newRow("overlong") << QString(100, u'1') << QString() << u"ipv6"_s;
    QTest::newRow("newline") << u"::1\n"_s << QString() << u"control-character"_s;
}

void TestIpAddress::ipv6()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QFETCH(QString, rule);
    if (rule.isEmpty())
        ISP_VERIFY_VALID(Validate::ipv6Address(u"ip6"_s, input), expected);
    else
        ISP_VERIFY_REFUSED(Validate::ipv6Address(u"ip6"_s, input), u"ip6"_s, rule);
}

void TestIpAddress::either_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<QString>("rule");

    QTest::newRow("ipv4") << u"192.0.2.1"_s << u"192.0.2.1"_s << QString();
    QTest::newRow("ipv6") << u"2001:DB8::1"_s << u"2001:db8::1"_s << QString();
    QTest::newRow("host name") << u"localhost"_s << QString() << u"ipv4"_s;
    QTest::newRow("bad ipv6") << u"::g"_s << QString() << u"ipv6"_s;
}

void TestIpAddress::either()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QFETCH(QString, rule);
    if (rule.isEmpty())
        ISP_VERIFY_VALID(Validate::ipAddress(u"address"_s, input), expected);
    else
        ISP_VERIFY_REFUSED(Validate::ipAddress(u"address"_s, input), u"address"_s, rule);
}

QTEST_GUILESS_MAIN(TestIpAddress)
#include "tst_ipaddress.moc"
