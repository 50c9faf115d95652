// The extra Apache configuration of a website: only allow-listed directives with their argument
// grammar get through; sections, includes, module loading, file-system aliases, format strings,
// control characters and non-ASCII are refused with the line number and the rule.
#include "core/validation/apacheextraconf.h"
#include "validationtest.h"

#include <QTest>

using namespace Isp::Core;
using namespace Qt::StringLiterals;

class TestApacheExtraConf : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void accepted_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("empty") << QString() << QStringList();
        QTest::newRow("index") << u"directoryindex index.php index.html"_s << QStringList{u"DirectoryIndex index.php index.html"_s};
        QTest::newRow("error page path") << u"ErrorDocument 404 /errors/404.html"_s << QStringList{u"ErrorDocument 404 /errors/404.html"_s};
        QTest::newRow("error page url") << u"ErrorDocument 500 https://status.example.com/"_s << QStringList{u"ErrorDocument 500 https://status.example.com/"_s};
        QTest::newRow("add type") << u"AddType application/wasm .wasm"_s << QStringList{u"AddType application/wasm .wasm"_s};
        QTest::newRow("add handler") << u"AddHandler cgi-script .cgi .pl"_s << QStringList{u"AddHandler cgi-script .cgi .pl"_s};
        QTest::newRow("charset") << u"AddDefaultCharset UTF-8"_s << QStringList{u"AddDefaultCharset UTF-8"_s};
        QTest::newRow("header set") << u"Header always set X-Frame-Options DENY"_s << QStringList{u"Header always set X-Frame-Options DENY"_s};
        QTest::newRow("header quoted") << u"Header set Content-Security-Policy \"default-src 'self'\""_s
                                       << QStringList{u"Header set Content-Security-Policy \"default-src 'self'\""_s};
        QTest::newRow("header unset") << u"Header unset X-XSS-Protection"_s << QStringList{u"Header unset X-XSS-Protection"_s};
        QTest::newRow("expires") << u"ExpiresActive On\nExpiresByType image/png \"access plus 1 month\"\nExpiresDefault A3600"_s
                                 << QStringList{u"ExpiresActive On"_s, u"ExpiresByType image/png \"access plus 1 month\""_s, u"ExpiresDefault A3600"_s};
        QTest::newRow("redirect") << u"Redirect permanent /old https://www.example.com/new"_s
                                  << QStringList{u"Redirect permanent /old https://www.example.com/new"_s};
        QTest::newRow("redirect gone") << u"Redirect gone /removed"_s << QStringList{u"Redirect gone /removed"_s};
        QTest::newRow("redirect match") << u"RedirectMatch 301 ^/blog/(.*)$ https://blog.example.com/$1"_s
                                        << QStringList{u"RedirectMatch 301 ^/blog/(.*)$ https://blog.example.com/$1"_s};
        QTest::newRow("redirect permanent") << u"RedirectPermanent /a http://example.org/b"_s << QStringList{u"RedirectPermanent /a http://example.org/b"_s};
        QTest::newRow("php") << u"php_value memory_limit 256M\nphp_flag display_errors Off"_s
                             << QStringList{u"php_value memory_limit 256M"_s, u"php_flag display_errors Off"_s};
        QTest::newRow("comments and blanks kept") << u"# caching\n\nExpiresActive On\n\n"_s
                                                  << QStringList{u"# caching"_s, QString(), u"ExpiresActive On"_s};
        QTest::newRow("indented") << u"   DirectoryIndex index.html  "_s << QStringList{u"DirectoryIndex index.html"_s};
    }
    void accepted()
    {
        QFETCH(QString, input);
        QFETCH(QStringList, expected);
        ISP_VERIFY_VALID(Validate::apacheExtraConfig(u"extra-config"_s, input), expected);
    }

    void refused_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("rule");
        QTest::addColumn<int>("line");
        QTest::newRow("section") << u"<Directory />"_s << u"section"_s << 1;
        QTest::newRow("section on line 2") << u"ExpiresActive On\n<Location /x>"_s << u"section"_s << 2;
        QTest::newRow("closing section") << u"</VirtualHost>"_s << u"section"_s << 1;
        QTest::newRow("include") << u"Include /etc/passwd"_s << u"include"_s << 1;
        QTest::newRow("include optional") << u"IncludeOptional /etc/*"_s << u"include"_s << 1;
        QTest::newRow("load module") << u"LoadModule evil_module /tmp/evil.so"_s << u"load-module"_s << 1;
        QTest::newRow("alias") << u"Alias /x /etc"_s << u"alias"_s << 1;
        QTest::newRow("script alias") << u"ScriptAlias /cgi /usr/bin"_s << u"alias"_s << 1;
        QTest::newRow("alias match") << u"AliasMatch ^/(.*) /$1"_s << u"alias"_s << 1;
        QTest::newRow("unknown directive") << u"SetHandler server-status"_s << u"directive"_s << 1;
        QTest::newRow("rewrite") << u"RewriteEngine On"_s << u"directive"_s << 1;
        QTest::newRow("php admin") << u"php_admin_value open_basedir /"_s << u"php-setting"_s << 1;
        QTest::newRow("php prepend") << u"php_value auto_prepend_file /etc/passwd"_s << u"php-setting"_s << 1;
        QTest::newRow("php bad value") << u"php_value memory_limit $(id)"_s << u"php-setting"_s << 1;
        QTest::newRow("php flag value") << u"php_flag display_errors maybe"_s << u"php-setting"_s << 1;
        QTest::newRow("newline injection cr") << u"DirectoryIndex a.html\r\nInclude /x"_s << u"control-character"_s << 1;
        QTest::newRow("tab") << u"DirectoryIndex\tindex.html"_s << u"control-character"_s << 1;
        QTest::newRow("nul") << u"DirectoryIndex a\0b"_s << u"control-character"_s << 1;
        QTest::newRow("non-ascii") << u"ErrorDocument 404 /fehler/ä.html"_s << u"ascii"_s << 1;
        QTest::newRow("bad utf-8") << QString::fromUtf8("DirectoryIndex \xff.html") << u"ascii"_s << 1;
        QTest::newRow("continuation") << u"DirectoryIndex a.html \\"_s << u"continuation"_s << 1;
        QTest::newRow("header format string") << u"Header set X-Frame-Options %{HTTP_COOKIE}e"_s << u"header"_s << 1;
        QTest::newRow("header set-cookie") << u"Header set Set-Cookie admin=1"_s << u"header"_s << 1;
        QTest::newRow("header expr") << u"Header set Vary expr=%{REMOTE_ADDR}"_s << u"header"_s << 1;
        QTest::newRow("header unset with value") << u"Header unset Vary x"_s << u"arguments"_s << 1;
        QTest::newRow("handler") << u"AddHandler server-status .s"_s << u"handler"_s << 1;
        QTest::newRow("index path") << u"DirectoryIndex ../../etc/passwd"_s << u"arguments"_s << 1;
        QTest::newRow("error page status") << u"ErrorDocument 200 /x"_s << u"status"_s << 1;
        QTest::newRow("error page file") << u"ErrorDocument 404 file:///etc/passwd"_s << u"url"_s << 1;
        QTest::newRow("redirect javascript") << u"Redirect /a javascript:alert(1)"_s << u"url"_s << 1;
        QTest::newRow("redirect relative source") << u"Redirect a https://example.com/"_s << u"path"_s << 1;
        QTest::newRow("redirect dotdot") << u"Redirect /a/../b https://example.com/"_s << u"path"_s << 1;
        QTest::newRow("redirect status") << u"Redirect 200 /a https://example.com/"_s << u"status"_s << 1;
        QTest::newRow("redirect missing target") << u"Redirect /a"_s << u"arguments"_s << 1;
        QTest::newRow("redirect quoted") << u"Redirect \"/a b\" https://example.com/"_s << u"quote"_s << 1;
        QTest::newRow("unclosed quote") << u"ExpiresDefault \"access plus 1 day"_s << u"quote"_s << 1;
        QTest::newRow("expires junk") << u"ExpiresDefault \"whenever\""_s << u"arguments"_s << 1;
        QTest::newRow("mime") << u"AddType text/html;x .x"_s << u"arguments"_s << 1;
        QTest::newRow("too many lines") << QString(u"ExpiresActive On\n"_s).repeated(201) << u"lines"_s << 0;
        QTest::newRow("overlong line") << (u"DirectoryIndex "_s + QString(1000, u'a')) << u"length"_s << 1;
    }
    void refused()
    {
        QFETCH(QString, input);
        QFETCH(QString, rule);
        QFETCH(int, line);
        const auto r = Validate::apacheExtraConfig(u"extra-config"_s, input);
        QVERIFY2(!r.ok(), qPrintable(Isp::Test::visible(input)));
        QCOMPARE(r.error().rule, rule);
        QVERIFY2(Isp::Test::errorProblem(r.error(), u"extra-config"_s).isEmpty(), qPrintable(r.error().message));
        if (line > 0)
            QVERIFY2(r.error().message.startsWith(u"extra-config: line %1: "_s.arg(line)), qPrintable(r.error().message));
    }
};

QTEST_APPLESS_MAIN(TestApacheExtraConf)
#include "tst_apacheextraconf.moc"
