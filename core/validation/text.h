// Text as it enters ISPMan: strict UTF-8 decoding for raw bytes (argv, HTTP bodies, files), and
// the rules for human free-text fields (owner, customer, comment, description). Free text is
// trimmed, may contain any printable character in any script, but no control characters (no
// newlines or tabs either), no bidirectional overrides or isolates (they make displayed text lie
// about its order), no U+FEFF, no non-characters, and no U+FFFD (the mark of a lenient decode
// that lost bytes). Lengths count Unicode code points, as LDAP upper bounds do. Pure functions,
// thread-safe.
#pragma once

#include "core/validation/validationerror.h"

#include <QByteArray>
#include <QString>

namespace Isp::Core::Validate {

enum class Presence {
    Optional, // empty (after trimming) is accepted and returned as ""
    Required,
};

// Decodes strict UTF-8: overlong forms, encoded surrogates, code points above U+10FFFF and
// truncated sequences are refused (lenient decoders turn them into U+FFFD). A byte-order mark is
// kept (and then refused by the other validators). The message names the byte offset of the
// first bad byte and never quotes the bytes, so this is safe for passwords too.
[[nodiscard]] Validated<QString> utf8(const QString &field, const QByteArray &bytes);

// Human text, trimmed, at most `maxLength` code points.
[[nodiscard]] Validated<QString> freeText(
    const QString &field, const QString &value, qsizetype maxLength, Presence presence = Presence::Optional);

// Human text on several lines (a mail signature): the rules of freeText() except that line
// breaks and tabs are allowed. CR LF and CR become LF; trailing white space and leading blank
// lines are dropped, spaces at line ends are kept (the "-- " signature separator has one).
// At most `maxLength` code points, line breaks included.
[[nodiscard]] Validated<QString> multilineText(
    const QString &field, const QString &value, qsizetype maxLength, Presence presence = Presence::Optional);

} // namespace Isp::Core::Validate
