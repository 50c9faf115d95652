// Shared checks for the validation tests: a refusal names its field and its rule, and its message
// is safe to show (starts with the field, no control or invisible formatting characters, bounded).
#pragma once

#include "core/validation/validationerror.h"

#include <QString>
#include <QTest>

namespace Isp::Test {

// Empty when the error is well formed for `field`; otherwise what is wrong with it.
inline QString errorProblem(const Isp::Core::ValidationError &e, const QString &field)
{
    using namespace Qt::StringLiterals;
    if (e.field != field)
        return u"field is \"%1\", expected \"%2\""_s.arg(e.field, field);
    if (e.rule.isEmpty())
        return u"no rule"_s;
    if (!e.message.startsWith(field + u": "_s))
        return u"message does not start with the field: "_s + e.message;
    if (e.message.size() > 600)
        return u"message is %1 characters long"_s.arg(e.message.size());
    for (qsizetype i = 0; i < e.message.size(); ++i) {
        const QChar c = e.message.at(i);
        if (c.isHighSurrogate() && i + 1 < e.message.size() && e.message.at(i + 1).isLowSurrogate()) {
            ++i;
            continue;
        }
        const char16_t u = c.unicode();
        if (u < 0x20 || (u >= 0x7f && u <= 0x9f) || (u >= 0x202a && u <= 0x202e) || (u >= 0x2066 && u <= 0x2069)
            || u == 0xfeff || u == 0x2028 || u == 0x2029 || c.isSurrogate())
            return u"message contains U+%1"_s.arg(uint(u), 4, 16, QLatin1Char('0'));
    }
    return {};
}

// Makes control characters visible in row names and failure output.
inline QString visible(const QString &value)
{
    using namespace Qt::StringLiterals;
    QString out;
    for (const QChar c : value.left(80)) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            out += u"<%1>"_s.arg(uint(c.unicode()), 2, 16, QLatin1Char('0'));
        else
            out += c;
    }
    return value.size() > 80 ? out + u"..."_s : out;
}

} // namespace Isp::Test

// The result is a success whose value equals `expected`.
#define ISP_VERIFY_VALID(result, expected)                                                                             \
    do {                                                                                                               \
        const auto &r_ = (result);                                                                                     \
        QVERIFY2(r_.ok(), qPrintable(r_.error().message));                                                             \
        QCOMPARE(r_.value(), expected);                                                                                \
    } while (false)

// The result is a refusal of `expectedField` by `expectedRule` with a well-formed message.
#define ISP_VERIFY_REFUSED(result, expectedField, expectedRule)                                                        \
    do {                                                                                                               \
        const auto &r_ = (result);                                                                                     \
        QVERIFY2(!r_.ok(), "accepted, expected a refusal");                                                            \
        QCOMPARE(r_.error().rule, expectedRule);                                                                       \
        const QString p_ = Isp::Test::errorProblem(r_.error(), expectedField);                                         \
        QVERIFY2(p_.isEmpty(), qPrintable(p_));                                                                        \
    } while (false)
