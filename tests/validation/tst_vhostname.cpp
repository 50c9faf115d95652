// Virtual host names ("www", "www:8080", ISPMan 1.x dotted names) and ServerAliases (a local
// label or a foreign fully qualified name).
#include "core/validation/vhostname.h"
#include "validationtest.h"

#include <QTest>

using namespace Isp::Core;
using namespace Qt::StringLiterals;

class TestVhostName : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void name_data();
    void name();
    void alias_data();
    void alias();
};

void TestVhostName::name_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("rule");

    QTest::newRow("www") << u"www"_s << u"www"_s << 0 << QString();
    QTest::newRow("upper case with port") << u"WWW:8080"_s << u"www"_s << 8080 << QString();
    QTest::newRow("dotted (1.x)") << u"shop.eu"_s << u"shop.eu"_s << 0 << QString();
    QTest::newRow("idn") << u"bücher"_s << u"xn--bcher-kva"_s << 0 << QString();
    QTest::newRow("port 1") << u"www:1"_s << u"www"_s << 1 << QString();
    QTest::newRow("port 65535") << u"www:65535"_s << u"www"_s << 65535 << QString();
    QTest::newRow("63-character label") << QString(63, u'w') << QString(63, u'w') << 0 << QString();
    QTest::newRow("empty") << QString() << QString() << 0 << u"required"_s;
    QTest::newRow("port 0") << u"www:0"_s << QString() << 0 << u"range"_s;
    QTest::newRow("port 65536") << u"www:65536"_s << QString() << 0 << u"range"_s;
    QTest::newRow("port leading zero") << u"www:080"_s << QString() << 0 << u"integer"_s;
    QTest::newRow("port empty") << u"www:"_s << QString() << 0 << u"integer"_s;
    QTest::newRow("two ports") << u"www:80:81"_s << QString() << 0 << u"integer"_s;
    QTest::newRow("port plus") << u"www:+80"_s << QString() << 0 << u"integer"_s;
    QTest::newRow("no name") << u":80"_s << QString() << 0 << u"empty-label"_s;
    QTest::newRow("absolute") << u"www.example.com."_s << QString() << 0 << u"relative"_s;
    QTest::newRow("space") << u"w w"_s << QString() << 0 << u"ldh"_s;
    QTest::newRow("wildcard") << u"*"_s << QString() << 0 << u"wildcard"_s;
    QTest::newRow("underscore") << u"a_b"_s << QString() << 0 << u"ldh"_s;
    QTest::newRow("slash") << u"www/x"_s << QString() << 0 << u"ldh"_s;
    QTest::newRow("path traversal") << u"../x"_s << QString() << 0 << u"empty-label"_s;
    QTest::newRow("leading hyphen") << u"-www"_s << QString() << 0 << u"hyphen"_s;
    QTest::newRow("64-character label") << QString(64, u'w') << QString() << 0 << u"label-length"_s;
    QTest::newRow("too long with domain")
        << QString(63, u'a') + u'.' + QString(63, u'b') + u'.' + QString(63, u'c') + u'.' + QString(50, u'd')
        << QString() << 0 << u"length"_s;
    QTest::newRow("shell") << u"www;reboot"_s << QString() << 0 << u"ldh"_s;
}

void TestVhostName::name()
{
    QFETCH(QString, input);
    QFETCH(QString, name);
    QFETCH(int, port);
    QFETCH(QString, rule);
    const auto r = Validate::vhostName(u"vhost"_s, input, u"example.com"_s);
    if (!rule.isEmpty()) {
        ISP_VERIFY_REFUSED(r, u"vhost"_s, rule);
        return;
    }
    QVERIFY2(r.ok(), qPrintable(r.error().message));
    QCOMPARE(r.value().name, name);
    QCOMPARE(r.value().port, port);
    QCOMPARE(r.value().toString(), port ? name + u':' + QString::number(port) : name);
}

void TestVhostName::alias_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<QString>("rule");

    QTest::newRow("local") << u"web"_s << u"web"_s << QString();
    QTest::newRow("local upper case") << u"WEB"_s << u"web"_s << QString();
    QTest::newRow("foreign") << u"WWW.Example.ORG"_s << u"www.example.org"_s << QString();
    QTest::newRow("foreign trailing dot") << u"example.org."_s << u"example.org"_s << QString();
    QTest::newRow("foreign idn") << u"bücher.example"_s << u"xn--bcher-kva.example"_s << QString();
    QTest::newRow("own domain apex") << u"example.com"_s << u"example.com"_s << QString();
    QTest::newRow("wildcard") << u"*.example.org"_s << QString() << u"wildcard"_s;
    QTest::newRow("space") << u"web site"_s << QString() << u"ldh"_s;
    QTest::newRow("underscore") << u"_x"_s << QString() << u"ldh"_s;
    QTest::newRow("double dot") << u"a..b"_s << QString() << u"empty-label"_s;
    QTest::newRow("apache directive injection") << u"x\n</VirtualHost>"_s << QString() << u"control-character"_s;
    QTest::newRow("empty") << QString() << QString() << u"required"_s;
}

void TestVhostName::alias()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QFETCH(QString, rule);
    if (rule.isEmpty())
        ISP_VERIFY_VALID(Validate::vhostAlias(u"alias"_s, input, u"example.com"_s), expected);
    else
        ISP_VERIFY_REFUSED(Validate::vhostAlias(u"alias"_s, input, u"example.com"_s), u"alias"_s, rule);
}

QTEST_GUILESS_MAIN(TestVhostName)
#include "tst_vhostname.moc"
