#include "core/validation/number.h"

#include "core/validation/validationinternal_p.h"

using namespace Qt::StringLiterals;

namespace Isp::Core::Validate {

using namespace Internal;

namespace {

Validated<qint64> bounded(const Subject &subject, const QString &value, qint64 max, Unlimited unlimited)
{
    if (const auto e = subject.basicProblem())
        return *e;
    if (unlimited == Unlimited::Allowed && value == u"-1")
        return UnlimitedValue;
    const auto number = parseInteger(value, 0, max);
    if (number.ok())
        return number.value();
    if (number.error().rule == u"range")
        return subject.invalid(u"range"_s,
            unlimited == Unlimited::Allowed ? u"it must be between 0 and %1, or -1 for unlimited"_s.arg(max)
                                            : u"it must be between 0 and %1"_s.arg(max));
    return subject.invalid(number.error());
}

} // namespace

Validated<qint64> integer(const QString &field, const QString &value, qint64 min, qint64 max)
{
    const Subject subject(field, value, u"number"_s);
    if (const auto e = subject.basicProblem())
        return *e;
    const auto number = parseInteger(value, min, max);
    if (!number.ok())
        return subject.invalid(number.error());
    return number.value();
}

Validated<qint64> quotaMegabytes(const QString &field, const QString &value, Unlimited unlimited)
{
    return bounded(Subject(field, value, u"quota in megabytes"_s), value, MaxQuotaMegabytes, unlimited);
}

Validated<qint64> limit(const QString &field, const QString &value, Unlimited unlimited)
{
    return bounded(Subject(field, value, u"limit"_s), value, MaxLimit, unlimited);
}

Validated<int> port(const QString &field, const QString &value)
{
    const Subject subject(field, value, u"port"_s);
    if (const auto e = subject.basicProblem())
        return *e;
    const auto number = parseInteger(value, 1, 65535);
    if (!number.ok())
        return subject.invalid(number.error());
    return int(number.value());
}

} // namespace Isp::Core::Validate
