#include "core/validation/command.h"

#include "core/validation/validationinternal_p.h"

using namespace Qt::StringLiterals;

namespace Isp::Core::Validate {

using namespace Internal;

namespace {

bool isPathCharacter(QChar c)
{
    return isAsciiAlpha(c) || isAsciiDigit(c) || c == u'.' || c == u'_' || c == u'-' || c == u'+';
}

bool isArgumentCharacter(QChar c)
{
    return isAsciiAlpha(c) || isAsciiDigit(c) || QStringView(u"._/=:,@%+-").contains(c);
}

std::optional<Problem> pathProblem(QStringView path)
{
    if (!path.startsWith(u'/'))
        return Problem { u"not-absolute"_s, u"it must be an absolute path starting with /"_s };
    for (const QChar c : path) {
        if (c != u'/' && !isPathCharacter(c))
            return Problem { u"path-character"_s,
                u"a path may contain only letters A-Z and a-z, digits, '.', '_', '-', '+' and '/'"_s };
    }
    if (path == u"/")
        return std::nullopt;
    const QStringView inner = path.endsWith(u'/') ? path.sliced(1).chopped(1) : path.sliced(1);
    for (const QStringView component : inner.split(u'/')) {
        if (component.isEmpty())
            return Problem { u"empty-component"_s, u"it has an empty component (\"//\")"_s };
        if (component == u"." || component == u"..")
            return Problem { u"dotdot"_s, u"it may not contain \".\" or \"..\" components"_s };
        if (component.startsWith(u'-'))
            return Problem { u"dash-component"_s, u"no component may start with '-'"_s };
    }
    return std::nullopt;
}

} // namespace

Validated<QString> absolutePath(const QString &field, const QString &value)
{
    const Subject subject(field, value, u"absolute path"_s);
    if (const auto e = subject.basicProblem())
        return *e;
    if (value.size() > MaxAbsolutePathLength)
        return subject.invalid(u"length"_s,
            u"it has %1 characters; at most %2 are allowed"_s.arg(value.size()).arg(MaxAbsolutePathLength));
    if (const auto p = pathProblem(value))
        return subject.invalid(*p);
    return value.size() > 1 && value.endsWith(u'/') ? value.chopped(1) : value;
}

Validated<QString> commandLine(const QString &field, const QString &value)
{
    const Subject subject(field, value, u"command"_s);
    if (const auto e = subject.basicProblem())
        return *e;
    if (value.size() > MaxCommandLineLength)
        return subject.invalid(
            u"length"_s, u"it has %1 characters; at most %2 are allowed"_s.arg(value.size()).arg(MaxCommandLineLength));
    for (const QChar c : value) {
        if (c != u' ' && !isArgumentCharacter(c))
            return subject.invalid(u"shell-character"_s,
                u"it may contain only letters, digits, spaces and . _ / = : , @ % + - "
                u"(no quotes, shell operators, variables or wildcards: commands run without a shell)"_s);
    }
    const QList<QStringView> words = QStringView(value).split(u' ');
    for (const QStringView w : words) {
        if (w.isEmpty())
            return subject.invalid(u"empty-argument"_s, u"words must be separated by single spaces"_s);
    }
    if (const auto p = pathProblem(words.front()))
        return subject.invalid(within(u"the program"_s, *p));
    if (words.front().endsWith(u'/'))
        return subject.invalid(u"not-a-program"_s, u"the program must be a file, not a directory"_s);
    return value;
}

QStringList commandArguments(const QString &commandLine)
{
    return commandLine.split(u' ', Qt::SkipEmptyParts);
}

} // namespace Isp::Core::Validate
