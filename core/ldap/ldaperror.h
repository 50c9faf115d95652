// LdapError: everything known about a failed LDAP call, in one value: result code and its
// name, the server's diagnostic message, the matched DN, and what we were doing. Classified
// once, here, as retryable (server down, busy, timeout) or terminal (bad credentials, no
// access, schema violation...), so callers decide retry vs. report without re-deriving it.
#pragma once

#include <QMetaType>
#include <QString>

namespace Isp::Core {

class LdapError
{
public:
    LdapError() = default;
    LdapError(int code, QString diagnostic = {}, QString matchedDn = {});

    // Builds the error for a libldap result code; `what` says which call failed ("modify uid=x,...").
    static LdapError fromCode(int code, const QString &what, QString diagnostic = {}, QString matchedDn = {});
    // A client-side failure that never reached the server (bad DN, bad filter, not connected...).
    static LdapError client(int code, const QString &message);

    [[nodiscard]] int code() const { return m_code; }
    // The RFC 4511 name of the result code, e.g. "noSuchObject", "insufficientAccessRights".
    [[nodiscard]] QString codeName() const;
    [[nodiscard]] QString diagnostic() const { return m_diagnostic; }
    [[nodiscard]] QString matchedDn() const { return m_matchedDn; }
    [[nodiscard]] QString context() const { return m_context; }
    void setContext(const QString &context) { m_context = context; }

    // True when trying the same thing again later (or on another server) may succeed.
    [[nodiscard]] bool isRetryable() const;
    // Overrides the classification by code, where the code alone is ambiguous (a TLS handshake
    // failure is a connectError, like an unreachable server, but retrying cannot fix it).
    void setRetryable(bool retryable) { m_retryable = retryable ? 1 : 0; }
    static bool isRetryableCode(int code);

    // One line for humans and logs: "modify uid=x,o=y: insufficientAccessRights (50): <diag>".
    [[nodiscard]] QString toString() const;

private:
    int m_code = 0;
    QString m_diagnostic;
    QString m_matchedDn;
    QString m_context;
    int m_retryable = -1; // -1: by code
};

// Result codes the client itself produces (negative, as libldap's own client-side codes).
namespace LdapCode {
inline constexpr int Success = 0;
inline constexpr int SizeLimitExceeded = 4;
inline constexpr int TimeLimitExceeded = 3;
inline constexpr int CompareFalse = 5;
inline constexpr int CompareTrue = 6;
inline constexpr int NoSuchObject = 32;
inline constexpr int InvalidCredentials = 49;
inline constexpr int InsufficientAccess = 50;
inline constexpr int AlreadyExists = 68;
inline constexpr int AssertionFailed = 122;
inline constexpr int SyncRefreshRequired = 4096;
inline constexpr int ServerDown = -1;
inline constexpr int LocalError = -2;
inline constexpr int Timeout = -5;
inline constexpr int FilterError = -7;
inline constexpr int ParamError = -9;
inline constexpr int ConnectError = -11;
inline constexpr int Cancelled = -13; // LDAP_USER_CANCELLED
} // namespace LdapCode

} // namespace Isp::Core

Q_DECLARE_METATYPE(Isp::Core::LdapError)
