// Mail addresses and the ISPMan user ids derived from them. Mailbox users keep the ISPMan 1.x
// alphabet for local parts ([a-z0-9._-], lower-cased) because the local part also names home
// directories, mailboxes and the uid; forwarding targets are other people's addresses and get
// the full RFC 5321 dot-atom. Quoted local parts, comments, address literals ("[192.0.2.1]")
// and non-ASCII local parts (SMTPUTF8) are refused. Domains follow Validate::domainName().
// Pure functions, thread-safe.
#pragma once

#include "core/validation/validationerror.h"

#include <QString>

namespace Isp::Core::Validate {

enum class MailLocalPart {
    Mailbox, // [a-z0-9._-], A-Z lower-cased, starts with a letter or digit
    Forward, // RFC 5321 dot-atom: letters, digits and !#$%&'*+-/=?^_`{|}~, case kept
};

inline constexpr qsizetype MaxLocalPartLength = 64; // RFC 5321 4.5.3.1.1
inline constexpr qsizetype MaxMailAddressLength = 254; // RFC 5321 path limit minus "<>"
// A uid names a home directory (a file name: NAME_MAX) and an LDAP RDN.
inline constexpr qsizetype MaxUidLength = 255;

// The user name of a mailbox user (ispmanUserId), "John.Doe" -> "john.doe": at most 64
// characters, no leading, trailing or doubled dot, first character a letter or digit.
[[nodiscard]] Validated<QString> mailboxLocalPart(const QString &field, const QString &value);

// local@domain, the domain converted to A-labels; at most 254 characters.
[[nodiscard]] Validated<QString> emailAddress(const QString &field, const QString &value, MailLocalPart rule);

// The uid of a mailbox user as ISPMan 1.x derives it: local part and domain validated, joined with
// '_' and every '.' replaced by '_' ("john.doe" + "example.com" -> "john_doe_example_com"); at most
// MaxUidLength characters of [a-z0-9_-]. Different inputs can give the same uid ("john.doe" and
// "john_doe"); callers must check that the uid is free before they write.
[[nodiscard]] Validated<QString> mailboxUid(const QString &field, const QString &localPart, const QString &domain);

} // namespace Isp::Core::Validate
