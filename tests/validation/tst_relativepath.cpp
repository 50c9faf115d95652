// Relative paths for document roots and script directories: they can never leave the directory
// they are joined to, never read as an option, and contain only a small portable alphabet.
#include "core/validation/relativepath.h"
#include "validationtest.h"

#include <QTest>

using namespace Isp::Core;
using namespace Qt::StringLiterals;

class TestRelativePath : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void path_data();
    void path();
};

void TestRelativePath::path_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<QString>("rule");

    QTest::newRow("htdocs") << u"htdocs"_s << u"htdocs"_s << QString();
    QTest::newRow("cgi-bin") << u"cgi-bin"_s << u"cgi-bin"_s << QString();
    QTest::newRow("nested") << u"sites/shop/public"_s << u"sites/shop/public"_s << QString();
    QTest::newRow("trailing slash removed") << u"htdocs/"_s << u"htdocs"_s << QString();
    QTest::newRow("all allowed characters") << u"a.b_c-D9"_s << u"a.b_c-D9"_s << QString();
    QTest::newRow("255 characters") << QString(255, u'p') << QString(255, u'p') << QString();
    QTest::newRow("256 characters") << QString(256, u'p') << QString() << u"length"_s;
    QTest::newRow("empty") << QString() << QString() << u"required"_s;
    QTest::newRow("absolute") << u"/var/www"_s << QString() << u"absolute"_s;
    QTest::newRow("root") << u"/"_s << QString() << u"absolute"_s;
    QTest::newRow("path traversal") << u"../etc/passwd"_s << QString() << u"dotdot"_s;
    QTest::newRow("traversal inside") << u"htdocs/../../etc"_s << QString() << u"dotdot"_s;
    QTest::newRow("dot") << u"."_s << QString() << u"hidden-component"_s;
    QTest::newRow("dot first") << u"./htdocs"_s << QString() << u"hidden-component"_s;
    QTest::newRow("hidden directory") << u".ssh"_s << QString() << u"hidden-component"_s;
    QTest::newRow("hidden inside") << u"htdocs/.git"_s << QString() << u"hidden-component"_s;
    QTest::newRow("empty component") << u"a//b"_s << QString() << u"empty-component"_s;
    QTest::newRow("two trailing slashes") << u"htdocs//"_s << QString() << u"empty-component"_s;
    QTest::newRow("option-like") << u"-rf"_s << QString() << u"dash-component"_s;
    QTest::newRow("option-like inside") << u"a/--help"_s << QString() << u"dash-component"_s;
    QTest::newRow("space") << u"my docs"_s << QString() << u"path-character"_s;
    QTest::newRow("backslash") << u"a\\b"_s << QString() << u"path-character"_s;
    QTest::newRow("non-ascii") << u"dökumente"_s << QString() << u"path-character"_s;
    QTest::newRow("shell substitution") << u"$(reboot)"_s << QString() << u"path-character"_s;
    QTest::newRow("backticks") << u"`id`"_s << QString() << u"path-character"_s;
    QTest::newRow("glob") << u"htdocs/*"_s << QString() << u"path-character"_s;
    QTest::newRow("nul") << u"a\0b"_s << QString() << u"control-character"_s;
    QTest::newRow("newline") << u"a\nb"_s << QString() << u"control-character"_s;
    QTest::newRow("bad utf-8") << QString::fromUtf8("a\xff") << QString() << u"utf8"_s;
}

void TestRelativePath::path()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QFETCH(QString, rule);
    if (rule.isEmpty())
        ISP_VERIFY_VALID(Validate::relativePath(u"documentRoot"_s, input), expected);
    else
        ISP_VERIFY_REFUSED(Validate::relativePath(u"documentRoot"_s, input), u"documentRoot"_s, rule);
}

QTEST_GUILESS_MAIN(TestRelativePath)
#include "tst_relativepath.moc"
