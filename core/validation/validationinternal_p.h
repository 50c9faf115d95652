// Shared machinery of the validators, not part of the API: the framing of errors (field, value
// shown display-safe, what was expected), the text hygiene every validator applies first, strict
// integer parsing, and the label engine behind domain, host, owner and target names (LDH rules
// plus IDNA2008 through libidn2).
#pragma once

#include "core/validation/mailaddress.h"
#include "core/validation/validationerror.h"

#include <QString>
#include <QStringView>

#include <optional>

namespace Isp::Core::Validate::Internal {

// What is wrong, without the framing: rule id plus the reason clause of the message.
struct Problem
{
    QString rule;
    QString reason;
};

template<typename T> using Checked = Result<T, Problem>;

// The value in double quotes with quotes, backslashes, control and invisible characters escaped
// and long values cut, so that hostile input can be shown in messages and logs.
QString quoted(QStringView value);

// `p` with its reason narrowed to a part of the value: "the domain: <reason>".
Problem within(const QString &part, const Problem &p);

// The input under test: frames problems as complete messages.
class Subject
{
public:
    Subject(QString field, QStringView value, QString what);

    // "field: "value" is not a valid <what>: <reason>"
    [[nodiscard]] ValidationError invalid(const Problem &problem) const;
    [[nodiscard]] ValidationError invalid(const QString &rule, const QString &reason) const;
    // "field: a value is required"
    [[nodiscard]] ValidationError required() const;
    // Empty, invalid UTF-16 or U+FFFD, control or invisible formatting characters, and (unless
    // `edgeSpaces`) leading or trailing white space.
    [[nodiscard]] std::optional<ValidationError> basicProblem(bool edgeSpacesAllowed = false) const;

    [[nodiscard]] const QString &field() const { return m_field; }

private:
    QString m_field;
    QStringView m_value;
    QString m_what;
};

// Unpaired surrogates, U+FFFD, control characters (C0, DEL, C1, U+2028/2029), bidirectional
// embedding/override/isolate controls, U+FEFF and non-characters.
std::optional<Problem> textProblem(QStringView value);

inline bool isAsciiDigit(QChar c)
{
    return c.unicode() >= u'0' && c.unicode() <= u'9';
}
inline bool isAsciiLower(QChar c)
{
    return c.unicode() >= u'a' && c.unicode() <= u'z';
}
inline bool isAsciiAlpha(QChar c)
{
    return isAsciiLower(c) || (c.unicode() >= u'A' && c.unicode() <= u'Z');
}
bool isAscii(QStringView value);
bool isAllDigits(QStringView value);
// Lower-cases A-Z only. QString::toLower() would also fold non-ASCII look-alikes (KELVIN SIGN to
// "k"), which must not happen silently to identifiers.
QString asciiLower(QStringView value);

// Strict decimal integer: ASCII digits, a '-' only when min < 0, no '+', no leading zeros, no
// spaces, no "0x". Overflow-safe. Problems: "integer" (syntax) and "range".
Checked<qint64> parseInteger(QStringView text, qint64 min, qint64 max);

// Rules for the label engine.
struct NameRules
{
    qsizetype minLabels = 1; // 1 or 2
    bool underscores = false; // '_' allowed in labels (service labels such as _sip, _dmarc)
    bool wildcard = false; // "*" allowed as the whole first label
    bool allowNumericLastLabel = false; // all-digit last label (relative names: not a TLD)
    // Characters that follow the name when it is used (".example.com" for a relative name), so
    // that the 253-character limit applies to the full name.
    qsizetype suffixLength = 0;
};

// Checks and normalises a name without a trailing dot: labels 1-63 characters, LDH (plus the
// exceptions in `rules`), no leading or trailing hyphen, no "--" in positions 3-4 except valid
// A-labels, total at most 253 characters; U-labels and A-labels are converted and checked with
// libidn2 (IDNA2008, UTS #46 non-transitional). Returns lower-case ASCII.
Checked<QString> checkName(QStringView name, const NameRules &rules);

// The name in Unicode for display; the input itself when it cannot be converted.
QString nameToUnicode(const QString &asciiName);

// local@domain (see Validate::emailAddress), without the framing.
Checked<QString> checkEmailAddress(QStringView value, MailLocalPart rule);

// `value` without one trailing dot, and whether it had one.
QStringView withoutTrailingDot(QStringView value, bool *hadDot);

} // namespace Isp::Core::Validate::Internal
