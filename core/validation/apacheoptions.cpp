#include "core/validation/apacheoptions.h"

#include "core/validation/validationinternal_p.h"

#include <array>

using namespace Qt::StringLiterals;

namespace Isp::Core::Validate {

using namespace Internal;

namespace {

constexpr std::array<QStringView, 8> Allowed { u"Indexes", u"FollowSymLinks", u"SymLinksIfOwnerMatch", u"MultiViews",
    u"ExecCGI", u"Includes", u"IncludesNOEXEC", u"None" };

} // namespace

Validated<QStringList> apacheOptions(const QString &field, const QStringList &words)
{
    const QString shown = words.join(u' ');
    const Subject subject(field, shown, u"list of Apache options"_s);
    if (words.isEmpty())
        return subject.required();
    QStringList out;
    for (const QString &word : words) {
        const Subject wordSubject(field, word, u"Apache option"_s);
        if (const auto e = wordSubject.basicProblem())
            return *e;
        if (word.startsWith(u'+') || word.startsWith(u'-'))
            return wordSubject.invalid(u"option-prefix"_s,
                u"write the option without + or -; the list replaces the "
                u"inherited options"_s);
        QString canonical;
        for (const QStringView allowed : Allowed) {
            if (word.compare(allowed, Qt::CaseInsensitive) == 0)
                canonical = allowed.toString();
        }
        if (canonical.isEmpty())
            return wordSubject.invalid(u"option"_s,
                u"allowed are Indexes, FollowSymLinks, SymLinksIfOwnerMatch, "
                u"MultiViews, ExecCGI, Includes, IncludesNOEXEC and None"_s);
        if (!out.contains(canonical))
            out.append(canonical);
    }
    if (out.contains(u"None"_s) && out.size() > 1)
        return subject.invalid(u"option-none"_s, u"None cannot be combined with other options"_s);
    return out;
}

Validated<QStringList> apacheOptions(const QString &field, const QString &value)
{
    const Subject subject(field, value, u"list of Apache options"_s);
    if (const auto e = subject.basicProblem(true))
        return *e;
    return apacheOptions(field, value.split(u' ', Qt::SkipEmptyParts));
}

} // namespace Isp::Core::Validate
