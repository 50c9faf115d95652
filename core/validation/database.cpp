#include "core/validation/database.h"

#include "core/validation/validationinternal_p.h"

#include <array>

using namespace Qt::StringLiterals;

namespace Isp::Core::Validate {

using namespace Internal;

namespace {

constexpr std::array<QStringView, 5> ReservedDatabases { u"mysql", u"information_schema", u"performance_schema", u"sys",
    u"test" };
constexpr std::array<QStringView, 3> ReservedUsers { u"root", u"mysql", u"public" };

template<std::size_t N>
Validated<QString> identifier(const Subject &subject, const QString &value, qsizetype maxLength,
    const std::array<QStringView, N> &reserved, bool testPrefixReserved)
{
    if (const auto e = subject.basicProblem())
        return *e;
    if (value.size() > maxLength)
        return subject.invalid(
            u"length"_s, u"it has %1 characters; at most %2 are allowed"_s.arg(value.size()).arg(maxLength));
    const QString name = asciiLower(value);
    for (const QChar c : name) {
        if (!isAsciiLower(c) && !isAsciiDigit(c) && c != u'_')
            return subject.invalid(u"identifier"_s, u"it may contain only letters a-z, digits and underscores"_s);
    }
    if (!isAsciiLower(name.front()))
        return subject.invalid(u"identifier"_s, u"it must start with a letter"_s);
    for (const QStringView r : reserved) {
        if (name == r)
            return subject.invalid(u"reserved"_s, u"the name is reserved for the database server"_s);
    }
    if (testPrefixReserved && name.startsWith(u"test_"))
        return subject.invalid(u"reserved"_s,
            u"names starting with test_ are open to every user on default "
            u"MySQL installations"_s);
    return name;
}

} // namespace

Validated<QString> databaseName(const QString &field, const QString &value)
{
    return identifier(Subject(field, value, u"database name"_s), value, MaxDatabaseNameLength, ReservedDatabases, true);
}

Validated<QString> databaseUser(const QString &field, const QString &value)
{
    return identifier(
        Subject(field, value, u"database user name"_s), value, MaxDatabaseUserLength, ReservedUsers, false);
}

} // namespace Isp::Core::Validate
