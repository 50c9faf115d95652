// ValidationError: why one input was refused, as a value. `field` names the input ("domain",
// "mx.target"), `rule` is a short stable identifier of the rule that failed ("ldh", "length",
// "control-character"; docs/validation.md lists them) for callers that map rules to their own
// texts or to form widgets, and `message` is a complete sentence for humans that starts with the
// field ("domain: \"exa mple.com\" is not a valid domain name: labels may contain only letters,
// digits and hyphens"). The offending value appears in the message only in a display-safe form
// (quoted, control characters escaped, truncated), and never for passwords.
//
// Validated<T> is the result type of every validator in Isp::Core::Validate: the normalised value
// (lower-cased, IDN converted to A-labels, ...) that the caller should store, or the error.
#pragma once

#include "core/ldap/result.h"

#include <QMetaType>
#include <QString>

namespace Isp::Core {

struct ValidationError
{
    QString field;
    QString rule;
    QString message;

    [[nodiscard]] QString toString() const { return message; }
    bool operator==(const ValidationError &) const = default;
};

template<typename T> using Validated = Result<T, ValidationError>;

} // namespace Isp::Core

Q_DECLARE_METATYPE(Isp::Core::ValidationError)
