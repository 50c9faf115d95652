// Apache Options words: allow-list, canonical spelling, no All, no +/- forms, None alone.
#include "core/validation/apacheoptions.h"
#include "validationtest.h"

#include <QTest>

using namespace Isp::Core;
using namespace Qt::StringLiterals;

class TestApacheOptions : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void text_data();
    void text();
    void list();
};

void TestApacheOptions::text_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QStringList>("expected");
    QTest::addColumn<QString>("rule");

    QTest::newRow("two words") << u"Indexes FollowSymLinks"_s << QStringList { u"Indexes"_s, u"FollowSymLinks"_s }
                               << QString();
    QTest::newRow("canonical spelling") << u"indexes  EXECCGI includesnoexec"_s
                                        << QStringList { u"Indexes"_s, u"ExecCGI"_s, u"IncludesNOEXEC"_s } << QString();
    QTest::newRow("every allowed word") << u"Indexes FollowSymLinks SymLinksIfOwnerMatch MultiViews ExecCGI Includes "
                                           u"IncludesNOEXEC"_s
                                        << QStringList { u"Indexes"_s, u"FollowSymLinks"_s, u"SymLinksIfOwnerMatch"_s,
                                               u"MultiViews"_s, u"ExecCGI"_s, u"Includes"_s, u"IncludesNOEXEC"_s }
                                        << QString();
    QTest::newRow("none") << u"None"_s << QStringList { u"None"_s } << QString();
    QTest::newRow("duplicates removed") << u"Indexes indexes"_s << QStringList { u"Indexes"_s } << QString();
    QTest::newRow("empty") << QString() << QStringList() << u"required"_s;
    QTest::newRow("only spaces") << u"   "_s << QStringList() << u"required"_s;
    QTest::newRow("all") << u"All"_s << QStringList() << u"option"_s;
    QTest::newRow("plus form") << u"+Indexes"_s << QStringList() << u"option-prefix"_s;
    QTest::newRow("minus form") << u"-ExecCGI"_s << QStringList() << u"option-prefix"_s;
    QTest::newRow("none combined") << u"None Indexes"_s << QStringList() << u"option-none"_s;
    QTest::newRow("directive injection") << u"Indexes\nAllowOverride All"_s << QStringList() << u"control-character"_s;
    QTest::newRow("semicolon") << u"Indexes;reboot"_s << QStringList() << u"option"_s;
    QTest::newRow("unknown") << u"Indexes Shell"_s << QStringList() << u"option"_s;
}

void TestApacheOptions::text()
{
    QFETCH(QString, input);
    QFETCH(QStringList, expected);
    QFETCH(QString, rule);
    if (rule.isEmpty())
        ISP_VERIFY_VALID(Validate::apacheOptions(u"options"_s, input), expected);
    else
        ISP_VERIFY_REFUSED(Validate::apacheOptions(u"options"_s, input), u"options"_s, rule);
}

void TestApacheOptions::list()
{
    ISP_VERIFY_VALID(Validate::apacheOptions(u"options"_s, QStringList { u"multiviews"_s, u"Includes"_s }),
        (QStringList { u"MultiViews"_s, u"Includes"_s }));
    ISP_VERIFY_REFUSED(Validate::apacheOptions(u"options"_s, QStringList()), u"options"_s, u"required"_s);
    ISP_VERIFY_REFUSED(
        Validate::apacheOptions(u"options"_s, QStringList { u"Indexes"_s, QString() }), u"options"_s, u"required"_s);
    ISP_VERIFY_REFUSED(Validate::apacheOptions(u"options"_s, QStringList { u"Index es"_s }), u"options"_s, u"option"_s);
}

QTEST_GUILESS_MAIN(TestApacheOptions)
#include "tst_apacheoptions.moc"
