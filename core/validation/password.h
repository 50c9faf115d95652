// Passwords chosen by admins and customers. Checked for what breaks them or makes them trivially
// guessable, nothing more (NIST SP 800-63B): 8 to 128 code points, any printable character in any
// script, spaces included and significant (not trimmed); no control characters (NUL, newlines:
// they truncate or split the value in the tools that receive it), no U+FFFD or unpaired
// surrogates (bytes were lost in decoding, so the stored password would not be the typed one),
// and not the user's own name. Messages never contain the password. Pure, thread-safe.
#pragma once

#include "core/validation/validationerror.h"

#include <QString>

namespace Isp::Core::Validate {

inline constexpr qsizetype MinPasswordLength = 8;
inline constexpr qsizetype MaxPasswordLength = 128;

// Returns the password unchanged. `userName` is the account's name ("john", "john@example.com",
// "john_example_com"); the password may not equal it, nor its part before '@', ignoring case.
[[nodiscard]] Validated<QString> password(const QString &field, const QString &value, const QString &userName);

} // namespace Isp::Core::Validate
