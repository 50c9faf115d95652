// URL paths (redirected and protected locations) and http(s) URLs (redirect targets): one
// unambiguous token each, no traversal, no other schemes, no user information.
#include "core/validation/url.h"
#include "validationtest.h"

#include <QTest>

using namespace Isp::Core;
using namespace Qt::StringLiterals;

class TestUrl : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void path_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<QString>("rule");
        QTest::newRow("root") << u"/"_s << u"/"_s << QString();
        QTest::newRow("simple") << u"/private"_s << u"/private"_s << QString();
        QTest::newRow("nested with slash") << u"/a/b-c_d.e~/"_s << u"/a/b-c_d.e~/"_s << QString();
        QTest::newRow("escape") << u"/caf%C3%A9"_s << u"/caf%C3%A9"_s << QString();
        QTest::newRow("relative") << u"private"_s << QString() << u"absolute-path"_s;
        QTest::newRow("dotdot") << u"/a/../etc"_s << QString() << u"dot-segment"_s;
        QTest::newRow("encoded dotdot") << u"/a/%2e%2e/etc"_s << QString() << u"dot-segment"_s;
        QTest::newRow("dot") << u"/./a"_s << QString() << u"dot-segment"_s;
        QTest::newRow("double slash") << u"//evil.example"_s << QString() << u"empty-segment"_s;
        QTest::newRow("space") << u"/a b"_s << QString() << u"url-character"_s;
        QTest::newRow("quote") << u"/a\"b"_s << QString() << u"url-character"_s;
        QTest::newRow("backslash") << u"/a\\b"_s << QString() << u"url-character"_s;
        QTest::newRow("query") << u"/a?b"_s << QString() << u"url-character"_s;
        QTest::newRow("bad escape") << u"/a%zz"_s << QString() << u"percent-escape"_s;
        QTest::newRow("short escape") << u"/a%4"_s << QString() << u"percent-escape"_s;
        QTest::newRow("newline") << u"/a\nInclude /etc"_s << QString() << u"control-character"_s;
        QTest::newRow("non-ascii") << u"/fehler/ä"_s << QString() << u"url-character"_s;
        QTest::newRow("overlong") << (u"/"_s + QString(255, u'a')) << QString() << u"length"_s;
        QTest::newRow("empty") << QString() << QString() << u"required"_s;
    }
    void path()
    {
        QFETCH(QString, input);
        QFETCH(QString, expected);
        QFETCH(QString, rule);
        const auto r = Validate::urlPath(u"location"_s, input);
        if (rule.isEmpty()) {
            ISP_VERIFY_VALID(r, expected);
            return;
        }
        QVERIFY2(!r.ok(), qPrintable(Isp::Test::visible(input)));
        QCOMPARE(r.error().rule, rule);
        QVERIFY2(Isp::Test::errorProblem(r.error(), u"location"_s).isEmpty(), qPrintable(r.error().message));
    }

    void url_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<QString>("rule");
        QTest::newRow("https") << u"https://www.example.com/new"_s << u"https://www.example.com/new"_s << QString();
        QTest::newRow("scheme and host lower-cased") << u"HTTP://WWW.Example.COM/A"_s << u"http://www.example.com/A"_s << QString();
        QTest::newRow("idn") << u"https://bücher.example/"_s << u"https://xn--bcher-kva.example/"_s << QString();
        QTest::newRow("port and query") << u"http://example.org:8080/a?b=c&d=e#top"_s << u"http://example.org:8080/a?b=c&d=e#top"_s << QString();
        QTest::newRow("ipv4") << u"http://192.0.2.1/"_s << u"http://192.0.2.1/"_s << QString();
        QTest::newRow("ipv6") << u"http://[2001:DB8::1]:81/"_s << u"http://[2001:db8::1]:81/"_s << QString();
        QTest::newRow("no path") << u"https://example.com"_s << u"https://example.com"_s << QString();
        QTest::newRow("javascript") << u"javascript:alert(1)"_s << QString() << u"scheme"_s;
        QTest::newRow("file") << u"file:///etc/passwd"_s << QString() << u"scheme"_s;
        QTest::newRow("relative") << u"/new"_s << QString() << u"scheme"_s;
        QTest::newRow("userinfo") << u"https://admin:pw@example.com/"_s << QString() << u"userinfo"_s;
        QTest::newRow("bad host") << u"https://exa mple.com/"_s << QString() << u"host"_s;
        QTest::newRow("no host") << u"https:///x"_s << QString() << u"host"_s;
        QTest::newRow("port range") << u"https://example.com:99999/"_s << QString() << u"range"_s;
        QTest::newRow("space in path") << u"https://example.com/a b"_s << QString() << u"url-character"_s;
        QTest::newRow("quote in query") << u"https://example.com/?a=\"x\""_s << QString() << u"url-character"_s;
        QTest::newRow("back reference refused") << u"https://example.com/$1"_s << QString() << u"url-character"_s;
        QTest::newRow("newline") << u"https://example.com/\nInclude /x"_s << QString() << u"control-character"_s;
    }
    void url()
    {
        QFETCH(QString, input);
        QFETCH(QString, expected);
        QFETCH(QString, rule);
        const auto r = Validate::httpUrl(u"target"_s, input);
        if (rule.isEmpty()) {
            ISP_VERIFY_VALID(r, expected);
            return;
        }
        QVERIFY2(!r.ok(), qPrintable(Isp::Test::visible(input)));
        QCOMPARE(r.error().rule, rule);
        QVERIFY2(Isp::Test::errorProblem(r.error(), u"target"_s).isEmpty(), qPrintable(r.error().message));
    }

    void backReferences()
    {
        ISP_VERIFY_VALID(Validate::httpUrl(u"target"_s, u"https://example.com/$1?p=$2"_s, true), u"https://example.com/$1?p=$2"_s);
    }
};

QTEST_APPLESS_MAIN(TestUrl)
#include "tst_url.moc"
