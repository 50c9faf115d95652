// Numbers from users: plain decimal digits only, overflow-safe, ranges per field, -1 for
// "unlimited" only where the field allows it.
#include "core/validation/number.h"
#include "validationtest.h"

#include <QTest>

#include <limits>

using namespace Isp::Core;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(Isp::Core::Validate::Unlimited)

class TestNumber : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void quota_data();
    void quota();
    void limit_data();
    void limit();
    void port_data();
    void port();
    void integer_data();
    void integer();
};

void TestNumber::quota_data()
{
    using Validate::Unlimited;
    QTest::addColumn<Unlimited>("unlimited");
    QTest::addColumn<QString>("input");
    QTest::addColumn<qint64>("expected");
    QTest::addColumn<QString>("rule");

    const auto Yes = Unlimited::Allowed;
    const auto No = Unlimited::Rejected;
    QTest::newRow("zero") << No << u"0"_s << qint64(0) << QString();
    QTest::newRow("gigabyte") << No << u"1024"_s << qint64(1024) << QString();
    QTest::newRow("maximum") << No << u"2097151"_s << qint64(2097151) << QString();
    QTest::newRow("above maximum") << No << u"2097152"_s << qint64(0) << u"range"_s;
    QTest::newRow("unlimited allowed") << Yes << u"-1"_s << qint64(-1) << QString();
    QTest::newRow("unlimited refused") << No << u"-1"_s << qint64(0) << u"range"_s;
    QTest::newRow("other negative") << Yes << u"-2"_s << qint64(0) << u"range"_s;
    QTest::newRow("plus sign") << Yes << u"+5"_s << qint64(0) << u"integer"_s;
    QTest::newRow("hex") << Yes << u"0x10"_s << qint64(0) << u"integer"_s;
    QTest::newRow("leading space") << Yes << u" 5"_s << qint64(0) << u"whitespace"_s;
    QTest::newRow("trailing space") << Yes << u"5 "_s << qint64(0) << u"whitespace"_s;
    QTest::newRow("leading zero") << Yes << u"05"_s << qint64(0) << u"integer"_s;
    QTest::newRow("decimal point") << Yes << u"5.0"_s << qint64(0) << u"integer"_s;
    QTest::newRow("exponent") << Yes << u"1e3"_s << qint64(0) << u"integer"_s;
    QTest::newRow("unit") << Yes << u"5M"_s << qint64(0) << u"integer"_s;
    QTest::newRow("arabic-indic digit") << Yes << u"\u0665"_s << qint64(0) << u"integer"_s;
    QTest::newRow("fullwidth digit") << Yes << u"\uff15"_s << qint64(0) << u"integer"_s;
    QTest::newRow("minus zero") << Yes << u"-0"_s << qint64(0) << u"range"_s;
    QTest::newRow("double minus") << Yes << u"--1"_s << qint64(0) << u"integer"_s;
    QTest::newRow("minus alone") << Yes << u"-"_s << qint64(0) << u"integer"_s;
    QTest::newRow("overflow") << Yes << u"99999999999999999999999"_s << qint64(0) << u"range"_s;
    QTest::newRow("int64 max plus one") << Yes << u"9223372036854775808"_s << qint64(0) << u"range"_s;
    QTest::newRow("empty") << Yes << QString() << qint64(0) << u"required"_s;
    QTest::newRow("nul") << Yes << u"5\0"_s << qint64(0) << u"control-character"_s;
    QTest::newRow("ldap injection") << Yes << u"5)(uid=*"_s << qint64(0) << u"integer"_s;
}

void TestNumber::quota()
{
    QFETCH(Validate::Unlimited, unlimited);
    QFETCH(QString, input);
    QFETCH(qint64, expected);
    QFETCH(QString, rule);
    if (rule.isEmpty())
        ISP_VERIFY_VALID(Validate::quotaMegabytes(u"mailQuota"_s, input, unlimited), expected);
    else
        ISP_VERIFY_REFUSED(Validate::quotaMegabytes(u"mailQuota"_s, input, unlimited), u"mailQuota"_s, rule);
}

void TestNumber::limit_data()
{
    using Validate::Unlimited;
    QTest::addColumn<Unlimited>("unlimited");
    QTest::addColumn<QString>("input");
    QTest::addColumn<qint64>("expected");
    QTest::addColumn<QString>("rule");

    QTest::newRow("unlimited") << Unlimited::Allowed << u"-1"_s << qint64(-1) << QString();
    QTest::newRow("maximum") << Unlimited::Rejected << u"2147483647"_s << qint64(2147483647) << QString();
    QTest::newRow("above maximum") << Unlimited::Rejected << u"2147483648"_s << qint64(0) << u"range"_s;
    QTest::newRow("unlimited refused") << Unlimited::Rejected << u"-1"_s << qint64(0) << u"range"_s;
}

void TestNumber::limit()
{
    QFETCH(Validate::Unlimited, unlimited);
    QFETCH(QString, input);
    QFETCH(qint64, expected);
    QFETCH(QString, rule);
    if (rule.isEmpty())
        ISP_VERIFY_VALID(Validate::limit(u"maxAccounts"_s, input, unlimited), expected);
    else
        ISP_VERIFY_REFUSED(Validate::limit(u"maxAccounts"_s, input, unlimited), u"maxAccounts"_s, rule);
}

void TestNumber::port_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<int>("expected");
    QTest::addColumn<QString>("rule");

    QTest::newRow("1") << u"1"_s << 1 << QString();
    QTest::newRow("443") << u"443"_s << 443 << QString();
    QTest::newRow("65535") << u"65535"_s << 65535 << QString();
    QTest::newRow("0") << u"0"_s << 0 << u"range"_s;
    QTest::newRow("65536") << u"65536"_s << 0 << u"range"_s;
    QTest::newRow("service name") << u"http"_s << 0 << u"integer"_s;
    QTest::newRow("trailing junk") << u"80a"_s << 0 << u"integer"_s;
}

void TestNumber::port()
{
    QFETCH(QString, input);
    QFETCH(int, expected);
    QFETCH(QString, rule);
    if (rule.isEmpty())
        ISP_VERIFY_VALID(Validate::port(u"port"_s, input), expected);
    else
        ISP_VERIFY_REFUSED(Validate::port(u"port"_s, input), u"port"_s, rule);
}

void TestNumber::integer_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<qint64>("min");
    QTest::addColumn<qint64>("max");
    QTest::addColumn<qint64>("expected");
    QTest::addColumn<QString>("rule");

    constexpr qint64 lo = std::numeric_limits<qint64>::min();
    constexpr qint64 hi = std::numeric_limits<qint64>::max();
    QTest::newRow("int64 min") << u"-9223372036854775808"_s << lo << hi << lo << QString();
    QTest::newRow("int64 max") << u"9223372036854775807"_s << lo << hi << hi << QString();
    QTest::newRow("below int64 min") << u"-9223372036854775809"_s << lo << hi << qint64(0) << u"range"_s;
    QTest::newRow("negative in range") << u"-5"_s << qint64(-10) << qint64(10) << qint64(-5) << QString();
    QTest::newRow("below min") << u"-11"_s << qint64(-10) << qint64(10) << qint64(0) << u"range"_s;
    QTest::newRow("above max") << u"11"_s << qint64(-10) << qint64(10) << qint64(0) << u"range"_s;
}

void TestNumber::integer()
{
    QFETCH(QString, input);
    QFETCH(qint64, min);
    QFETCH(qint64, max);
    QFETCH(qint64, expected);
    QFETCH(QString, rule);
    if (rule.isEmpty())
        ISP_VERIFY_VALID(Validate::integer(u"n"_s, input, min, max), expected);
    else
        ISP_VERIFY_REFUSED(Validate::integer(u"n"_s, input, min, max), u"n"_s, rule);
}

QTEST_GUILESS_MAIN(TestNumber)
#include "tst_number.moc"
