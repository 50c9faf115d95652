// ValidationErrors: collects every refusal of a form, in order, and hands back the values of the
// checks that passed.
#include "core/validation/domainname.h"
#include "core/validation/number.h"
#include "core/validation/validationerrors.h"
#include "validationtest.h"

#include <QTest>

using namespace Isp::Core;
using namespace Qt::StringLiterals;

class TestValidationErrors : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void collectsEveryError();
    void passesValuesThrough();
    void merges();
};

void TestValidationErrors::collectsEveryError()
{
    ValidationErrors errors;
    const auto domain = errors.check(Validate::domainName(u"domain"_s, u"exa mple.com"_s));
    const auto quota = errors.check(Validate::quotaMegabytes(u"quota"_s, u"0x10"_s, Validate::Unlimited::Allowed));
    const auto alias = errors.check(Validate::domainName(u"alias"_s, u"Example.ORG"_s));
    QVERIFY(!domain.has_value());
    QVERIFY(!quota.has_value());
    QCOMPARE(alias, u"example.org"_s);

    QCOMPARE(errors.size(), 2);
    QVERIFY(!errors.isEmpty());
    QVERIFY(errors.contains(u"domain"_s));
    QVERIFY(errors.contains(u"quota"_s));
    QVERIFY(!errors.contains(u"alias"_s));
    QCOMPARE(errors.forField(u"quota"_s).size(), 1);
    QCOMPARE(errors.forField(u"quota"_s).first().rule, u"integer"_s);
    QCOMPARE(errors.errors().first().field, u"domain"_s);
    const QStringList messages = errors.messages();
    QCOMPARE(messages.size(), 2);
    QVERIFY(messages.at(0).startsWith(u"domain: "_s));
    QVERIFY(messages.at(1).startsWith(u"quota: "_s));
    QCOMPARE(errors.toString(), messages.join(u'\n'));
}

void TestValidationErrors::passesValuesThrough()
{
    ValidationErrors errors;
    QCOMPARE(errors.check(Validate::port(u"port"_s, u"8080"_s)), 8080);
    QVERIFY(errors.isEmpty());
    QCOMPARE(errors.toString(), QString());
}

void TestValidationErrors::merges()
{
    ValidationErrors a;
    ValidationErrors b;
    a.add(ValidationError { u"x"_s, u"rule"_s, u"x: bad"_s });
    b.add(ValidationError { u"y"_s, u"rule"_s, u"y: bad"_s });
    a.add(b);
    QCOMPARE(a.size(), 2);
    QCOMPARE(a.errors().at(1), (ValidationError { u"y"_s, u"rule"_s, u"y: bad"_s }));
}

QTEST_GUILESS_MAIN(TestValidationErrors)
#include "tst_validationerrors.moc"
