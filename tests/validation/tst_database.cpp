// MariaDB database and account names: an alphabet that never needs quoting in SQL, length limits,
// and the reserved system names.
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
    QTest::newRow("32 characters") << QString(32, u'u') << QString(32, u'u') << QString();
    QTest::newRow("33 characters") << QString(33, u'u') << QString() << u"length"_s;
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

QTEST_GUILESS_MAIN(TestDatabase)
#include "tst_database.moc"
