// MariaDB database and account names: an alphabet that never needs quoting in SQL, length limits,
// and the reserved system names; client host patterns and privileges from closed grammars.
#include "core/validation/database.h"
#include "validationtest.h"

#include <QTest>

using namespace Isp::Core;
using namespace Qt::StringLiterals;

class TestDatabase : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void name_data();
    void name();
    void user_data();
    void user();
    void hostPattern_data();
    void hostPattern();
    void privilege_data();
    void privilege();
    void privilegeSet();
};

void TestDatabase::name_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<QString>("rule");

    QTest::newRow("plain") << u"shop"_s << u"shop"_s << QString();
    QTest::newRow("upper case lowered") << u"Shop_DB"_s << u"shop_db"_s << QString();
    QTest::newRow("1.x style") << u"example_com_shop"_s << u"example_com_shop"_s << QString();
    QTest::newRow("digits after letter") << u"a1"_s << u"a1"_s << QString();
    QTest::newRow("64 characters") << QString(64, u'd') << QString(64, u'd') << QString();
    QTest::newRow("65 characters") << QString(65, u'd') << QString() << u"length"_s;
    QTest::newRow("empty") << QString() << QString() << u"required"_s;
    QTest::newRow("digit first") << u"1shop"_s << QString() << u"identifier"_s;
    QTest::newRow("all digits") << u"123"_s << QString() << u"identifier"_s;
    QTest::newRow("number-like") << u"1e5"_s << QString() << u"identifier"_s;
    QTest::newRow("underscore first") << u"_x"_s << QString() << u"identifier"_s;
    QTest::newRow("hyphen") << u"shop-db"_s << QString() << u"identifier"_s;
    QTest::newRow("dot") << u"shop.db"_s << QString() << u"identifier"_s;
    QTest::newRow("space") << u"shop db"_s << QString() << u"identifier"_s;
    QTest::newRow("backtick") << u"a`b"_s << QString() << u"identifier"_s;
    QTest::newRow("sql injection") << u"x'; DROP TABLE x; --"_s << QString() << u"identifier"_s;
    QTest::newRow("non-ascii") << u"ßhop"_s << QString() << u"identifier"_s;
    QTest::newRow("mysql") << u"mysql"_s << QString() << u"reserved"_s;
    QTest::newRow("information_schema any case") << u"Information_Schema"_s << QString() << u"reserved"_s;
    QTest::newRow("performance_schema") << u"performance_schema"_s << QString() << u"reserved"_s;
    QTest::newRow("sys") << u"sys"_s << QString() << u"reserved"_s;
    QTest::newRow("test") << u"test"_s << QString() << u"reserved"_s;
    QTest::newRow("test prefix") << u"test_shop"_s << QString() << u"reserved"_s;
    QTest::newRow("newline") << u"shop\n"_s << QString() << u"control-character"_s;
}

void TestDatabase::name()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QFETCH(QString, rule);
    if (rule.isEmpty())
        ISP_VERIFY_VALID(Validate::databaseName(u"database"_s, input), expected);
    else
        ISP_VERIFY_REFUSED(Validate::databaseName(u"database"_s, input), u"database"_s, rule);
}

void TestDatabase::user_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<QString>("rule");

    QTest::newRow("plain") << u"shop"_s << u"shop"_s << QString();
    QTest::newRow("upper case lowered") << u"ShopUser"_s << u"shopuser"_s << QString();
    QTest::newRow("test prefix is fine for users") << u"test_user"_s << u"test_user"_s << QString();
    QTest::newRow("80 characters (MariaDB 10.11)") << QString(80, u'u') << QString(80, u'u') << QString();
    QTest::newRow("81 characters") << QString(81, u'u') << QString() << u"length"_s;
    QTest::newRow("root") << u"root"_s << QString() << u"reserved"_s;
    QTest::newRow("root upper case") << u"Root"_s << QString() << u"reserved"_s;
    QTest::newRow("public role") << u"PUBLIC"_s << QString() << u"reserved"_s;
    QTest::newRow("host part") << u"shop@localhost"_s << QString() << u"identifier"_s;
    QTest::newRow("quote") << u"shop'"_s << QString() << u"identifier"_s;
    QTest::newRow("empty") << QString() << QString() << u"required"_s;
}

void TestDatabase::user()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QFETCH(QString, rule);
    if (rule.isEmpty())
        ISP_VERIFY_VALID(Validate::databaseUser(u"dbUser"_s, input), expected);
    else
        ISP_VERIFY_REFUSED(Validate::databaseUser(u"dbUser"_s, input), u"dbUser"_s, rule);
}

void TestDatabase::hostPattern_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<QString>("rule");

    QTest::newRow("any host") << u"%"_s << u"%"_s << QString();
    QTest::newRow("localhost") << u"localhost"_s << u"localhost"_s << QString();
    QTest::newRow("host name lowered") << u"App1.Example.com"_s << u"app1.example.com"_s << QString();
    QTest::newRow("domain wildcard") << u"%.Example.com"_s << u"%.example.com"_s << QString();
    QTest::newRow("ipv4") << u"192.0.2.10"_s << u"192.0.2.10"_s << QString();
    QTest::newRow("ipv6 canonical") << u"2001:DB8:0::5"_s << u"2001:db8::5"_s << QString();
    QTest::newRow("one octet prefix") << u"10.%"_s << u"10.%"_s << QString();
    QTest::newRow("three octet prefix") << u"10.0.0.%"_s << u"10.0.0.%"_s << QString();
    QTest::newRow("cidr") << u"10.0.0.0/24"_s << u"10.0.0.0/255.255.255.0"_s << QString();
    QTest::newRow("cidr /32") << u"192.0.2.1/32"_s << u"192.0.2.1/255.255.255.255"_s << QString();
    QTest::newRow("netmask") << u"10.1.0.0/255.255.0.0"_s << u"10.1.0.0/255.255.0.0"_s << QString();
    QTest::newRow("empty") << QString() << QString() << u"required"_s;
    QTest::newRow("underscore wildcard") << u"10.0.0._"_s << QString() << u"host-pattern"_s;
    QTest::newRow("percent inside") << u"10.%.0.1"_s << QString() << u"host-pattern"_s;
    QTest::newRow("percent suffix of a name") << u"app%"_s << QString() << u"host-pattern"_s;
    QTest::newRow("double wildcard") << u"%.%"_s << QString() << u"host-pattern"_s;
    QTest::newRow("four octet prefix") << u"10.0.0.0.%"_s << QString() << u"host-pattern"_s;
    QTest::newRow("octet overflow") << u"256.%"_s << QString() << u"host-pattern"_s;
    QTest::newRow("leading zero octet") << u"010.%"_s << QString() << u"host-pattern"_s;
    QTest::newRow("host bits set") << u"10.0.0.1/24"_s << QString() << u"host-pattern"_s;
    QTest::newRow("prefix 33") << u"10.0.0.0/33"_s << QString() << u"host-pattern"_s;
    QTest::newRow("prefix 0") << u"0.0.0.0/0"_s << QString() << u"host-pattern"_s;
    QTest::newRow("non-contiguous mask") << u"10.0.0.0/255.0.255.0"_s << QString() << u"host-pattern"_s;
    QTest::newRow("ipv6 prefix") << u"2001:db8::/32"_s << QString() << u"ipv6"_s;
    QTest::newRow("quote") << u"localhost'"_s << QString() << u"host-pattern"_s;
    QTest::newRow("user@host") << u"u@localhost"_s << QString() << u"host-pattern"_s;
    QTest::newRow("sql") << u"%' IDENTIFIED BY 'x"_s << QString() << u"host-pattern"_s;
    QTest::newRow("bad ipv4") << u"192.0.2.300"_s << QString() << u"ipv4"_s;
    QTest::newRow("256 characters") << QString(256, u'a') << QString() << u"length"_s;
}

void TestDatabase::hostPattern()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QFETCH(QString, rule);
    if (rule.isEmpty())
        ISP_VERIFY_VALID(Validate::databaseHostPattern(u"accessFrom"_s, input), expected);
    else
        ISP_VERIFY_REFUSED(Validate::databaseHostPattern(u"accessFrom"_s, input), u"accessFrom"_s, rule);
}

void TestDatabase::privilege_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<QString>("rule");

    QTest::newRow("select") << u"SELECT"_s << u"SELECT"_s << QString();
    QTest::newRow("lower case") << u"select"_s << u"SELECT"_s << QString();
    QTest::newRow("underscores") << u"create_temporary_tables"_s << u"CREATE TEMPORARY TABLES"_s << QString();
    QTest::newRow("inner spaces") << u"Lock  Tables"_s << u"LOCK TABLES"_s << QString();
    QTest::newRow("all") << u"all"_s << u"ALL"_s << QString();
    QTest::newRow("grant option") << u"GRANT OPTION"_s << QString() << u"privilege"_s;
    QTest::newRow("grant") << u"GRANT"_s << QString() << u"privilege"_s;
    QTest::newRow("all privileges") << u"ALL PRIVILEGES"_s << QString() << u"privilege"_s;
    QTest::newRow("super") << u"SUPER"_s << QString() << u"privilege"_s;
    QTest::newRow("file") << u"FILE"_s << QString() << u"privilege"_s;
    QTest::newRow("sql") << u"SELECT ON *.* TO x"_s << QString() << u"privilege"_s;
    QTest::newRow("non-ascii") << u"SEL\u00c9CT"_s << QString() << u"privilege"_s;
    QTest::newRow("empty") << QString() << QString() << u"required"_s;
}

void TestDatabase::privilege()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QFETCH(QString, rule);
    if (rule.isEmpty())
        ISP_VERIFY_VALID(Validate::databasePrivilege(u"privilege"_s, input), expected);
    else
        ISP_VERIFY_REFUSED(Validate::databasePrivilege(u"privilege"_s, input), u"privilege"_s, rule);
}

void TestDatabase::privilegeSet()
{
    auto set = Validate::databasePrivileges(u"privilege"_s, {u"update"_s, u"SELECT"_s, u"select"_s});
    QVERIFY(set.ok());
    QCOMPARE(*set, (QStringList { u"SELECT"_s, u"UPDATE"_s }));
    QCOMPARE(Validate::databasePrivileges(u"privilege"_s, {}).error().rule, u"required"_s);
    QCOMPARE(Validate::databasePrivileges(u"privilege"_s, { u"ALL"_s, u"SELECT"_s }).error().rule, u"all-alone"_s);
    QCOMPARE(Validate::databasePrivileges(u"privilege"_s, { u"SELECT"_s, u"SUPER"_s }).error().rule, u"privilege"_s);
}

QTEST_GUILESS_MAIN(TestDatabase)
#include "tst_database.moc"
