// Passwords: length in code points, no control characters or lost bytes, not the user's name; the
// password itself never appears in a message.
#include "core/validation/password.h"
#include "validationtest.h"

#include <QTest>

using namespace Isp::Core;
using namespace Qt::StringLiterals;

class TestPassword : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void password_data();
    void password();
};

void TestPassword::password_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("rule"); // empty: accepted unchanged

    const QString key = u"\U0001f511"_s;
    QTest::newRow("passphrase") << u"correct horse battery"_s << u"john"_s << QString();
    QTest::newRow("spaces significant") << u"  spaced  "_s << u"john"_s << QString();
    QTest::newRow("8 characters") << u"abcdefgh"_s << u"john"_s << QString();
    QTest::newRow("128 characters") << QString(128, u'p') << u"john"_s << QString();
    QTest::newRow("non-ascii") << u"pässwörd"_s << u"john"_s << QString();
    QTest::newRow("8 emoji") << key.repeated(8) << u"john"_s << QString();
    QTest::newRow("injection strings are fine") << u"'; DROP TABLE x; --"_s << u"john"_s << QString();
    QTest::newRow("no user given") << u"abcdefgh"_s << QString() << QString();
    QTest::newRow("empty") << QString() << u"john"_s << u"required"_s;
    QTest::newRow("7 characters") << u"abc1234"_s << u"john"_s << u"length"_s;
    QTest::newRow("7 emoji") << key.repeated(7) << u"john"_s << u"length"_s;
    QTest::newRow("129 characters") << QString(129, u'p') << u"john"_s << u"length"_s;
    QTest::newRow("huge") << QString(100000, u'p') << u"john"_s << u"length"_s;
    QTest::newRow("nul") << u"pass\0word"_s << u"john"_s << u"control-character"_s;
    QTest::newRow("newline") << u"pass\nword1"_s << u"john"_s << u"control-character"_s;
    QTest::newRow("lost bytes") << QString::fromUtf8("pass\xffword") << u"john"_s << u"utf8"_s;
    QTest::newRow("lone surrogate") << u"secret99"_s + QChar(0xd800) << u"john"_s << u"utf8"_s;
    QTest::newRow("same as user") << u"John1234"_s << u"john1234"_s << u"same-as-user"_s;
    QTest::newRow("same as local part") << u"JOHN1234"_s << u"john1234@example.com"_s << u"same-as-user"_s;
    QTest::newRow("same as address") << u"john@example.com"_s << u"john@example.com"_s << u"same-as-user"_s;
}

void TestPassword::password()
{
    QFETCH(QString, input);
    QFETCH(QString, user);
    QFETCH(QString, rule);
    const auto r = Validate::password(u"password"_s, input, user);
    if (rule.isEmpty()) {
        ISP_VERIFY_VALID(r, input);
        return;
    }
    ISP_VERIFY_REFUSED(r, u"password"_s, rule);
    if (!input.isEmpty())
        QVERIFY2(!r.error().message.contains(input), qPrintable(r.error().message));
}

QTEST_GUILESS_MAIN(TestPassword)
#include "tst_password.moc"
