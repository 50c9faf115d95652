// Absolute paths and command lines stored for agents, which run them without a shell.
#include "core/validation/command.h"
#include "validationtest.h"

#include <QTest>

using namespace Isp::Core;
using namespace Qt::StringLiterals;

class TestCommand : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void path_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<QString>("rule");
        QTest::newRow("file") << u"/etc/bind/named.conf.ispman"_s << u"/etc/bind/named.conf.ispman"_s << QString();
        QTest::newRow("folder, slash removed") << u"/var/www/"_s << u"/var/www"_s << QString();
        QTest::newRow("root") << u"/"_s << u"/"_s << QString();
        QTest::newRow("plus") << u"/usr/lib/g++"_s << u"/usr/lib/g++"_s << QString();
        QTest::newRow("relative") << u"etc/bind"_s << QString() << u"not-absolute"_s;
        QTest::newRow("dotdot") << u"/var/../etc"_s << QString() << u"dotdot"_s;
        QTest::newRow("dot") << u"/var/./www"_s << QString() << u"dotdot"_s;
        QTest::newRow("empty component") << u"/var//www"_s << QString() << u"empty-component"_s;
        QTest::newRow("option-like") << u"/tmp/-rf"_s << QString() << u"dash-component"_s;
        QTest::newRow("space") << u"/my dir"_s << QString() << u"path-character"_s;
        QTest::newRow("shell") << u"/tmp/$(id)"_s << QString() << u"path-character"_s;
        QTest::newRow("glob") << u"/etc/*"_s << QString() << u"path-character"_s;
        QTest::newRow("NUL") << (u"/etc"_s + QChar(0)) << QString() << u"control-character"_s;
        QTest::newRow("overlong") << (u"/"_s + QString(1100, u'a')) << QString() << u"length"_s;
        QTest::newRow("empty") << QString() << QString() << u"required"_s;
    }

    void path()
    {
        QFETCH(QString, input);
        QFETCH(QString, expected);
        QFETCH(QString, rule);
        if (rule.isEmpty())
            ISP_VERIFY_VALID(Validate::absolutePath(u"namedDir"_s, input), expected);
        else
            ISP_VERIFY_REFUSED(Validate::absolutePath(u"namedDir"_s, input), u"namedDir"_s, rule);
    }

    void command_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("rule");
        QTest::newRow("program") << u"/usr/sbin/postmap"_s << QString();
        QTest::newRow("arguments") << u"/usr/sbin/named -u bind"_s << QString();
        QTest::newRow("option with value") << u"/usr/sbin/rndc -c /etc/bind/rndc.conf reload"_s << QString();
        QTest::newRow("key=value") << u"/usr/bin/env LANG=C.UTF-8 /usr/sbin/apache2ctl graceful"_s << QString();
        QTest::newRow("relative program") << u"rndc reload"_s << u"not-absolute"_s;
        QTest::newRow("program is a folder") << u"/usr/sbin/ reload"_s << u"not-a-program"_s;
        QTest::newRow("semicolon") << u"/usr/sbin/rndc reload; reboot"_s << u"shell-character"_s;
        QTest::newRow("and") << u"/bin/true && /bin/false"_s << u"shell-character"_s;
        QTest::newRow("pipe") << u"/usr/sbin/postmap|/bin/sh"_s << u"shell-character"_s;
        QTest::newRow("substitution") << u"/bin/echo $(id)"_s << u"shell-character"_s;
        QTest::newRow("variable") << u"/bin/echo $HOME"_s << u"shell-character"_s;
        QTest::newRow("backticks") << u"/bin/echo `id`"_s << u"shell-character"_s;
        QTest::newRow("redirect") << u"/bin/echo x >/etc/passwd"_s << u"shell-character"_s;
        QTest::newRow("quotes") << u"/bin/echo 'x'"_s << u"shell-character"_s;
        QTest::newRow("glob") << u"/bin/rm /tmp/*"_s << u"shell-character"_s;
        QTest::newRow("tilde") << u"/bin/ls ~root"_s << u"shell-character"_s;
        QTest::newRow("backslash") << u"/bin/echo a\\ b"_s << u"shell-character"_s;
        QTest::newRow("double space") << u"/usr/sbin/rndc  reload"_s << u"empty-argument"_s;
        QTest::newRow("traversal in program") << u"/usr/../tmp/x"_s << u"dotdot"_s;
        QTest::newRow("newline") << u"/usr/sbin/rndc reload\n/bin/sh"_s << u"control-character"_s;
        QTest::newRow("tab") << u"/usr/sbin/rndc\treload"_s << u"control-character"_s;
        QTest::newRow("NUL") << (u"/usr/sbin/rndc"_s + QChar(0)) << u"control-character"_s;
        QTest::newRow("bad UTF-8") << QString::fromUtf8("/usr/sbin/rndc \xff") << u"utf8"_s;
        QTest::newRow("leading space") << u" /usr/sbin/rndc"_s << u"whitespace"_s;
        QTest::newRow("overlong") << (u"/bin/echo "_s + QString(1100, u'a')) << u"length"_s;
    }

    void command()
    {
        QFETCH(QString, input);
        QFETCH(QString, rule);
        if (rule.isEmpty()) {
            ISP_VERIFY_VALID(Validate::commandLine(u"namedReloadCommand"_s, input), input);
            QCOMPARE(Validate::commandArguments(input).join(u' '), input);
        } else {
            ISP_VERIFY_REFUSED(Validate::commandLine(u"namedReloadCommand"_s, input), u"namedReloadCommand"_s, rule);
        }
    }
};

QTEST_GUILESS_MAIN(TestCommand)
#include "tst_command.moc"
