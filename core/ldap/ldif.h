// Ldif: reading and writing LDIF (RFC 2849) for imports, exports and tests.
//
// The reader takes untrusted input (an export from another system, a file an operator was
// given): every size is bounded (LdifLimits), DNs must be valid UTF-8 and valid RFC 4514 DNs,
// base64 must be well-formed, and each refusal names the line and the rule it broke. It reads
// content records and `changetype: add` change records; every other change type, controls and
// `:<` URL values are refused rather than ignored, so nothing in a file is silently dropped.
// Attribute options (`cn;lang-de`) are kept as part of the attribute name.
//
// The writer is deterministic: `objectClass` first, then the entry's attributes in their order;
// values that are not an RFC 2849 SAFE-STRING (and values ending in a space) are base64-encoded;
// lines are folded at 76 columns. Pure functions, usable from any thread.
#pragma once

#include "core/ldap/ldapentry.h"
#include "core/ldap/result.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace Isp::Core {

struct LdifLimits
{
    qsizetype maxInputBytes = qsizetype(256) * 1024 * 1024; // the whole file
    qsizetype maxLineBytes = qsizetype(16) * 1024 * 1024; // one logical (unfolded) line
    qsizetype maxDnBytes = 8 * 1024;
    qsizetype maxEntries = 1'000'000;
    qsizetype maxValuesPerEntry = 100'000; // all values of all attributes of one record
};

struct LdifError
{
    qsizetype line = 0; // 1-based line of the input where the problem is; 0 = the file as a whole
    QString rule; // short machine-readable name, e.g. "url-value", "dn-invalid"
    QString message; // for people
    [[nodiscard]] QString toString() const;
};

// One parsed record and the line its `dn:` is on (for reports that point back into the file).
struct LdifRecord
{
    LdapEntry entry;
    qsizetype line = 0;
};

class Ldif
{
public:
    [[nodiscard]] static Result<QList<LdapEntry>, LdifError> parse(
        const QByteArray &text, const LdifLimits &limits = {});
    [[nodiscard]] static Result<QList<LdifRecord>, LdifError> parseRecords(
        const QByteArray &text, const LdifLimits &limits = {});

    // One record ("dn: ...\n" ... ), without the blank line that separates records.
    [[nodiscard]] static QByteArray writeEntry(const LdapEntry &entry);
    // "version: 1", then every record followed by a blank line.
    [[nodiscard]] static QByteArray write(const QList<LdapEntry> &entries);

    // RFC 2849 SAFE-STRING, and not ending in a space: may be written after "attr: " as is.
    [[nodiscard]] static bool isSafeString(const QByteArray &value);
};

} // namespace Isp::Core
