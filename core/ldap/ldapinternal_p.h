// Internal helpers shared by LdapConnection and LdapSyncConsumer: libldap glue that turns
// messages into ISPMan values and ISPMan values into libldap structures. Not installed API.
#pragma once

#include "core/ldap/ldapentry.h"
#include "core/ldap/ldaperror.h"
#include "core/ldap/ldaprequest.h"

#include <QByteArray>
#include <QList>
#include <QLoggingCategory>
#include <QStringList>

#include <ldap.h>

#include <memory>
#include <optional>
#include <vector>

Q_DECLARE_LOGGING_CATEGORY(lcLdap)

namespace Isp::Core::LdapInternal {

// Owns the memory of an LDAPControl* array built from ISPMan values.
class ControlList
{
public:
    void add(const char *oid, QByteArray value, bool critical);
    // Takes ownership of a value libldap allocated (ber_memfree'd on destruction).
    void addAllocated(const char *oid, berval value, bool critical);
    [[nodiscard]] LDAPControl **array();
    [[nodiscard]] bool isEmpty() const { return m_controls.empty(); }
    ControlList() = default;
    ControlList(const ControlList &) = delete;
    ControlList &operator=(const ControlList &) = delete;
    ~ControlList();

private:
    std::vector<std::unique_ptr<LDAPControl>> m_controls;
    std::vector<QByteArray> m_values;
    std::vector<char *> m_allocated;
    std::vector<LDAPControl *> m_array;
};

// Adds assertion / pre-read / post-read controls. Returns an error when a control cannot be encoded.
std::optional<LdapError> addWriteControls(LDAP *ld, const LdapWriteOptions &options, ControlList &controls);

// A NULL-terminated char* array over a QStringList's UTF-8 bytes.
class CStringArray
{
public:
    explicit CStringArray(const QStringList &list);
    [[nodiscard]] char **data() { return m_ptrs.size() > 1 ? m_ptrs.data() : nullptr; }

private:
    std::vector<QByteArray> m_bytes;
    std::vector<char *> m_ptrs;
};

// LDAPMod** over modifications or an entry's attributes.
class ModList
{
public:
    explicit ModList(const QList<LdapModification> &mods);
    explicit ModList(const LdapEntry &entry);
    [[nodiscard]] LDAPMod **data() { return m_ptrs.data(); }

private:
    void append(int op, const QString &attribute, const QList<QByteArray> &values);
    std::vector<std::unique_ptr<LDAPMod>> m_mods;
    std::vector<QByteArray> m_names;
    std::vector<std::vector<berval>> m_vals;
    std::vector<std::vector<berval *>> m_valPtrs;
    std::vector<LDAPMod *> m_ptrs;
    QList<QList<QByteArray>> m_keep;
};

// Entry (DN + attributes) of a search result entry message.
std::optional<LdapEntry> parseEntry(LDAP *ld, LDAPMessage *msg, LdapError *error);
// Entry encoded as in the pre/post-read response controls (RFC 4527).
std::optional<LdapEntry> parseReadControl(const berval &value);

struct ParsedResult
{
    int code = LDAP_SUCCESS;
    QString matchedDn;
    QString diagnostic;
    QStringList referrals;
    LDAPControl **controls = nullptr; // owned: freed by the destructor
    ParsedResult() = default;
    ParsedResult(const ParsedResult &) = delete;
    ParsedResult &operator=(const ParsedResult &) = delete;
    ~ParsedResult();
};
// Parses a result message without freeing it. Returns false when the message is malformed.
bool parseResult(LDAP *ld, LDAPMessage *msg, ParsedResult &out);

// The error the handle holds after a failed call (result code + diagnostic message).
LdapError handleError(LDAP *ld, int rc, const QString &what);

} // namespace Isp::Core::LdapInternal
