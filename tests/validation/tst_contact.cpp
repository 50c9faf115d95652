// Login names, country codes and telephone numbers of resellers, clients and administrators.
#include "core/validation/contact.h"
#include "validationtest.h"

#include <QTest>

using namespace Isp::Core;
using namespace Qt::StringLiterals;

class TestContact : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void login_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<QString>("rule");
        QTest::newRow("plain") << u"rita"_s << u"rita"_s << QString();
        QTest::newRow("lower-cased") << u"Rita.Reseller"_s << u"rita.reseller"_s << QString();
        QTest::newRow("digits, _ and -") << u"r1_x-y"_s << u"r1_x-y"_s << QString();
        QTest::newRow("64 characters") << QString(64, u'a') << QString(64, u'a') << QString();
        QTest::newRow("65 characters") << QString(65, u'a') << QString() << u"length"_s;
        QTest::newRow("empty") << QString() << QString() << u"required"_s;
        QTest::newRow("filter injection") << u"*)(uid=*"_s << QString() << u"login-character"_s;
        QTest::newRow("DN injection") << u"a,ou=x"_s << QString() << u"login-character"_s;
        QTest::newRow("space") << u"a b"_s << QString() << u"login-character"_s;
        QTest::newRow("non-ASCII") << u"rïta"_s << QString() << u"login-character"_s;
        QTest::newRow("Kelvin sign") << u"\u212Aarl"_s << QString() << u"login-character"_s;
        QTest::newRow("leading dot") << u".rita"_s << QString() << u"login-start"_s;
        QTest::newRow("leading dash") << u"-rita"_s << QString() << u"login-start"_s;
        QTest::newRow("dot dot") << u"ri..ta"_s << QString() << u"dotdot"_s;
        QTest::newRow("NUL") << (u"rita"_s + QChar(0)) << QString() << u"control-character"_s;
        QTest::newRow("newline") << u"ri\nta"_s << QString() << u"control-character"_s;
        QTest::newRow("bad UTF-8") << QString::fromUtf8("ri\xff"
                                                        "ta")
                                   << QString() << u"utf8"_s;
    }

    void login()
    {
        QFETCH(QString, input);
        QFETCH(QString, expected);
        QFETCH(QString, rule);
        if (rule.isEmpty())
            ISP_VERIFY_VALID(Validate::loginName(u"login"_s, input), expected);
        else
            ISP_VERIFY_REFUSED(Validate::loginName(u"login"_s, input), u"login"_s, rule);
    }

    void country_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<QString>("rule");
        QTest::newRow("upper") << u"CH"_s << u"CH"_s << QString();
        QTest::newRow("lower") << u"de"_s << u"DE"_s << QString();
        QTest::newRow("three letters") << u"CHE"_s << QString() << u"country-code"_s;
        QTest::newRow("digits") << u"41"_s << QString() << u"country-code"_s;
        QTest::newRow("non-ASCII") << u"ÇH"_s << QString() << u"country-code"_s;
        QTest::newRow("injection") << u"*)"_s << QString() << u"country-code"_s;
        QTest::newRow("empty") << QString() << QString() << u"required"_s;
    }

    void country()
    {
        QFETCH(QString, input);
        QFETCH(QString, expected);
        QFETCH(QString, rule);
        if (rule.isEmpty())
            ISP_VERIFY_VALID(Validate::countryCode(u"country"_s, input), expected);
        else
            ISP_VERIFY_REFUSED(Validate::countryCode(u"country"_s, input), u"country"_s, rule);
    }

    void phone_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<QString>("rule");
        QTest::newRow("international") << u"+41 44 668 18 00"_s << u"+41 44 668 18 00"_s << QString();
        QTest::newRow("trimmed") << u" (555) 010-0100 "_s << u"(555) 010-0100"_s << QString();
        QTest::newRow("dots and slash") << u"044.668/18"_s << u"044.668/18"_s << QString();
        QTest::newRow("plus inside") << u"41+44"_s << QString() << u"phone-plus"_s;
        QTest::newRow("letters") << u"call me"_s << QString() << u"phone-character"_s;
        QTest::newRow("injection") << u"*)(uid=*"_s << QString() << u"phone-character"_s;
        QTest::newRow("no digits") << u"+()"_s << QString() << u"phone-digits"_s;
        QTest::newRow("overlong") << QString(33, u'1') << QString() << u"length"_s;
        QTest::newRow("newline") << u"1\n2"_s << QString() << u"control-character"_s;
    }

    void phone()
    {
        QFETCH(QString, input);
        QFETCH(QString, expected);
        QFETCH(QString, rule);
        if (rule.isEmpty())
            ISP_VERIFY_VALID(Validate::telephoneNumber(u"phone"_s, input), expected);
        else
            ISP_VERIFY_REFUSED(Validate::telephoneNumber(u"phone"_s, input), u"phone"_s, rule);
    }
};

QTEST_GUILESS_MAIN(TestContact)
#include "tst_contact.moc"
