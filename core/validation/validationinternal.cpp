#include "core/validation/validationinternal_p.h"

#include <QStringList>

#include <algorithm>
#include <idn2.h>
#include <limits>

using namespace Qt::StringLiterals;

namespace Isp::Core::Validate::Internal {

namespace {

constexpr qsizetype QuotedMaxCharacters = 60;
constexpr qsizetype MaxNameLength = 253;
constexpr qsizetype MaxLabelLength = 63;
// Longer input is refused before it reaches libidn2: no valid name comes close.
constexpr qsizetype MaxNameInput = 1024;

bool isControl(char32_t cp)
{
    return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x2028 || cp == 0x2029;
}

// Invisible characters that change how the surrounding text is displayed (Trojan Source,
// CVE-2021-42574) or that are byte-order marks.
bool isInvisibleFormatting(char32_t cp)
{
    return (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0xfeff;
}

bool isNonCharacter(char32_t cp)
{
    return (cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) == 0xfffe;
}

QString hex(char32_t cp)
{
    return u"U+"_s + QString::number(uint(cp), 16).toUpper().rightJustified(4, u'0');
}

Problem idnaProblem(int rc)
{
    const QString why = QString::fromUtf8(idn2_strerror(rc));
    switch (rc) {
    case IDN2_TOO_BIG_DOMAIN:
        return { u"length"_s, u"a name may have at most 253 characters"_s };
    case IDN2_TOO_BIG_LABEL:
    case IDN2_PUNYCODE_BIG_OUTPUT:
        return { u"label-length"_s, u"a label may have at most 63 characters in its ASCII form (A-label)"_s };
    case IDN2_2HYPHEN:
    case IDN2_HYPHEN_STARTEND:
        return { u"hyphen"_s,
            u"labels may not start or end with a hyphen or have \"--\" in the third and fourth position"_s };
    case IDN2_ENCODING_ERROR:
        return { u"utf8"_s, u"it is not valid UTF-8 text"_s };
    default:
        return { u"idna"_s, u"it is not a valid internationalized domain name (IDNA2008: %1)"_s.arg(why) };
    }
}

std::optional<Problem> asciiLabelProblem(QStringView label, const NameRules &rules, bool first)
{
    if (label.isEmpty())
        return Problem { u"empty-label"_s, u"it has an empty label (two dots in a row, or a leading dot)"_s };
    if (label == u"*") {
        if (rules.wildcard && first)
            return std::nullopt;
        return Problem { u"wildcard"_s,
            rules.wildcard ? u"\"*\" may only be the first label"_s : u"wildcards are not allowed here"_s };
    }
    for (const QChar c : label) {
        if (isAsciiLower(c) || isAsciiDigit(c) || c == u'-' || (rules.underscores && c == u'_'))
            continue;
        if (c == u'*')
            return Problem { u"wildcard"_s,
                rules.wildcard ? u"\"*\" must be a label on its own, like *.example.com"_s
                               : u"wildcards are not allowed here"_s };
        return Problem { u"ldh"_s,
            rules.underscores ? u"labels may contain only letters, digits, hyphens and underscores"_s
                              : u"labels may contain only letters, digits and hyphens"_s };
    }
    if (label.size() > MaxLabelLength)
        return Problem { u"label-length"_s,
            u"the label %1 has %2 characters; a label may have at most 63"_s.arg(
                quoted(label), QString::number(label.size())) };
    if (label.startsWith(u'-') || label.endsWith(u'-'))
        return Problem { u"hyphen"_s, u"labels may not start or end with a hyphen"_s };
    // RFC 5891 4.2.3.1: "??--" labels are reserved for IDNA; only "xn--" ones (A-labels) exist.
    if (label.size() >= 4 && label.at(2) == u'-' && label.at(3) == u'-' && !label.startsWith(u"xn--"))
        return Problem { u"hyphen"_s,
            u"labels may not have \"--\" in the third and fourth position (reserved for "
            u"internationalized names, which start with xn--)"_s };
    return std::nullopt;
}

} // namespace

QString quoted(QStringView value)
{
    QString out;
    out.reserve(std::min(value.size(), QuotedMaxCharacters) + 8);
    out += u'"';
    qsizetype shown = 0;
    for (qsizetype i = 0; i < value.size(); ++i) {
        if (shown == QuotedMaxCharacters) {
            out += u"\u2026"_s;
            break;
        }
        ++shown;
        const QChar c = value.at(i);
        if (c.isHighSurrogate() && i + 1 < value.size() && value.at(i + 1).isLowSurrogate()) {
            const char32_t cp = QChar::surrogateToUcs4(c, value.at(i + 1));
            if (isNonCharacter(cp)) {
                out += u"\\u{"_s + QString::number(uint(cp), 16).toUpper() + u'}';
            } else {
                out += c;
                out += value.at(i + 1);
            }
            ++i;
            continue;
        }
        const char32_t cp = c.unicode();
        switch (cp) {
        case u'"':
            out += u"\\\""_s;
            continue;
        case u'\\':
            out += u"\\\\"_s;
            continue;
        case u'\n':
            out += u"\\n"_s;
            continue;
        case u'\r':
            out += u"\\r"_s;
            continue;
        case u'\t':
            out += u"\\t"_s;
            continue;
        default:
            break;
        }
        if (isControl(cp) || isInvisibleFormatting(cp) || isNonCharacter(cp) || c.isSurrogate())
            out += u"\\u{"_s + QString::number(uint(cp), 16).toUpper() + u'}';
        else
            out += c;
    }
    out += u'"';
    return out;
}

Problem within(const QString &part, const Problem &p)
{
    return { p.rule, u"%1: %2"_s.arg(part, p.reason) };
}

Subject::Subject(QString field, QStringView value, QString what)
    : m_field(std::move(field)), m_value(value), m_what(std::move(what))
{ }

ValidationError Subject::invalid(const Problem &problem) const
{
    return { m_field, problem.rule,
        u"%1: %2 is not a valid %3: %4"_s.arg(m_field, quoted(m_value), m_what, problem.reason) };
}

ValidationError Subject::invalid(const QString &rule, const QString &reason) const
{
    return invalid(Problem { rule, reason });
}

ValidationError Subject::required() const
{
    return { m_field, u"required"_s, u"%1: a value is required (%2)"_s.arg(m_field, m_what) };
}

std::optional<ValidationError> Subject::basicProblem(bool edgeSpacesAllowed) const
{
    if (m_value.isEmpty())
        return required();
    if (const auto p = textProblem(m_value))
        return invalid(*p);
    if (!edgeSpacesAllowed && (m_value.front().isSpace() || m_value.back().isSpace()))
        return invalid(u"whitespace"_s, u"it starts or ends with a space"_s);
    return std::nullopt;
}

std::optional<Problem> textProblem(QStringView value)
{
    for (qsizetype i = 0; i < value.size(); ++i) {
        const QChar c = value.at(i);
        char32_t cp = c.unicode();
        if (c.isHighSurrogate() && i + 1 < value.size() && value.at(i + 1).isLowSurrogate()) {
            cp = QChar::surrogateToUcs4(c, value.at(i + 1));
            ++i;
        } else if (c.isSurrogate()) {
            return Problem { u"utf8"_s, u"it is not valid text (unpaired UTF-16 surrogate %1)"_s.arg(hex(cp)) };
        }
        if (cp == 0xfffd)
            return Problem { u"utf8"_s, u"it contains U+FFFD, which stands for bytes that were not valid UTF-8"_s };
        if (isControl(cp))
            return Problem { u"control-character"_s, u"it contains the control character %1"_s.arg(hex(cp)) };
        if (isInvisibleFormatting(cp))
            return Problem { u"control-character"_s,
                u"it contains the invisible formatting character %1"_s.arg(hex(cp)) };
        if (isNonCharacter(cp))
            return Problem { u"control-character"_s, u"it contains the non-character %1"_s.arg(hex(cp)) };
    }
    return std::nullopt;
}

bool isAscii(QStringView value)
{
    for (const QChar c : value) {
        if (c.unicode() > 0x7f)
            return false;
    }
    return true;
}

bool isAllDigits(QStringView value)
{
    if (value.isEmpty())
        return false;
    for (const QChar c : value) {
        if (!isAsciiDigit(c))
            return false;
    }
    return true;
}

QString asciiLower(QStringView value)
{
    QString out = value.toString();
    for (QChar &c : out) {
        if (c.unicode() >= u'A' && c.unicode() <= u'Z')
            c = QChar(c.unicode() + (u'a' - u'A'));
    }
    return out;
}

Checked<qint64> parseInteger(QStringView text, qint64 min, qint64 max)
{
    Q_ASSERT(min <= max);
    const auto range = [&] { return Problem { u"range"_s, u"it must be between %1 and %2"_s.arg(min).arg(max) }; };
    const Problem syntax { u"integer"_s, u"it must be a whole number written with the digits 0-9 only"_s };
    QStringView digits = text;
    const bool negative = digits.startsWith(u'-');
    if (negative) {
        if (min >= 0)
            return digits.size() > 1 && isAllDigits(digits.mid(1)) ? range() : syntax;
        digits = digits.mid(1);
    }
    if (!isAllDigits(digits))
        return syntax;
    if (digits.size() > 1 && digits.front() == u'0')
        return Problem { u"integer"_s, u"it must be written without leading zeros"_s };
    if (negative && digits == u"0")
        return syntax;
    // Accumulate in unsigned 64 bits; anything beyond the int64 range is out of range anyway.
    constexpr quint64 limit = quint64(std::numeric_limits<qint64>::max()) + 1;
    quint64 magnitude = 0;
    for (const QChar c : digits) {
        const quint64 d = c.unicode() - u'0';
        if (magnitude > (limit - d) / 10)
            return range();
        magnitude = magnitude * 10 + d;
    }
    qint64 result = 0;
    if (negative) {
        result = magnitude == limit ? std::numeric_limits<qint64>::min() : -qint64(magnitude);
    } else {
        if (magnitude == limit)
            return range();
        result = qint64(magnitude);
    }
    if (result < min || result > max)
        return range();
    return result;
}

Checked<QString> checkName(QStringView input, const NameRules &rules)
{
    if (input.isEmpty())
        return Problem { u"empty-label"_s, u"it has an empty label"_s };
    if (input.size() > MaxNameInput)
        return Problem { u"length"_s, u"a name may have at most 253 characters"_s };

    // UTS #46 maps these full stops to '.'; split where libidn2 would.
    QString name = input.toString();
    name.replace(QChar(0x3002), u'.').replace(QChar(0xff0e), u'.').replace(QChar(0xff61), u'.');

    const QStringList labels = name.split(u'.');
    bool needsIdna = false;
    for (qsizetype i = 0; i < labels.size(); ++i) {
        const QString &label = labels.at(i);
        if (!isAscii(label)) {
            needsIdna = true;
            continue;
        }
        const QString lower = asciiLower(label);
        if (const auto p = asciiLabelProblem(lower, rules, i == 0))
            return *p;
        if (lower.startsWith(u"xn--"))
            needsIdna = true;
    }

    QString ascii;
    if (needsIdna) {
        // The whole name at once: libidn2 passes '*' and '_' through (no STD3 rules), converts
        // U-labels to A-labels and checks A-labels by decoding them and converting back.
        const QByteArray utf8 = name.toUtf8();
        char *out = nullptr;
        const int rc = idn2_to_ascii_8z(utf8.constData(), &out, IDN2_NONTRANSITIONAL);
        if (rc != IDN2_OK) {
            idn2_free(out);
            return idnaProblem(rc);
        }
        ascii = QString::fromLatin1(out);
        idn2_free(out);
    } else {
        ascii = asciiLower(name);
    }

    // Again on the result: the mapping can produce ASCII characters (U+FF0F FULLWIDTH SOLIDUS
    // becomes '/'), and the length limits apply to the A-labels.
    const QStringList asciiLabels = ascii.split(u'.');
    for (qsizetype i = 0; i < asciiLabels.size(); ++i) {
        if (const auto p = asciiLabelProblem(asciiLabels.at(i), rules, i == 0))
            return *p;
    }
    if (asciiLabels.size() < rules.minLabels)
        return Problem { u"labels"_s, u"it needs at least two labels, like example.com"_s };
    if (ascii.size() + rules.suffixLength > MaxNameLength) {
        return Problem { u"length"_s,
            rules.suffixLength > 0 ? u"together with the zone it has %1 characters; a name may have at most 253"_s.arg(
                ascii.size() + rules.suffixLength)
                                   : u"it has %1 characters; a name may have at most 253"_s.arg(ascii.size()) };
    }
    if (!rules.allowNumericLastLabel && isAllDigits(asciiLabels.back()))
        return Problem { u"numeric-tld"_s, u"the last label may not be all digits (it would read as an IP address)"_s };
    return ascii;
}

QString nameToUnicode(const QString &asciiName)
{
    const QByteArray in = asciiName.toUtf8();
    char *out = nullptr;
    if (idn2_to_unicode_8z8z(in.constData(), &out, 0) != IDN2_OK) {
        idn2_free(out);
        return asciiName;
    }
    QString result = QString::fromUtf8(out);
    idn2_free(out);
    return result;
}

QStringView withoutTrailingDot(QStringView value, bool *hadDot)
{
    const bool dot = value.endsWith(u'.');
    if (hadDot)
        *hadDot = dot;
    return dot ? value.chopped(1) : value;
}

} // namespace Isp::Core::Validate::Internal
