#include "core/ldap/ldaperror.h"

#include <ldap.h>

namespace Isp::Core {

LdapError::LdapError(int code, QString diagnostic, QString matchedDn)
    : m_code(code), m_diagnostic(std::move(diagnostic)), m_matchedDn(std::move(matchedDn))
{
}

LdapError LdapError::fromCode(int code, const QString &what, QString diagnostic, QString matchedDn)
{
    LdapError e(code, std::move(diagnostic), std::move(matchedDn));
    e.m_context = what;
    return e;
}

LdapError LdapError::client(int code, const QString &message)
{
    return LdapError(code, message);
}

QString LdapError::codeName() const
{
    switch (m_code) {
    case LDAP_SUCCESS: return QStringLiteral("success");
    case LDAP_OPERATIONS_ERROR: return QStringLiteral("operationsError");
    case LDAP_PROTOCOL_ERROR: return QStringLiteral("protocolError");
    case LDAP_TIMELIMIT_EXCEEDED: return QStringLiteral("timeLimitExceeded");
    case LDAP_SIZELIMIT_EXCEEDED: return QStringLiteral("sizeLimitExceeded");
    case LDAP_COMPARE_FALSE: return QStringLiteral("compareFalse");
    case LDAP_COMPARE_TRUE: return QStringLiteral("compareTrue");
    case LDAP_AUTH_METHOD_NOT_SUPPORTED: return QStringLiteral("authMethodNotSupported");
    case LDAP_STRONG_AUTH_REQUIRED: return QStringLiteral("strongerAuthRequired");
    case LDAP_REFERRAL: return QStringLiteral("referral");
    case LDAP_ADMINLIMIT_EXCEEDED: return QStringLiteral("adminLimitExceeded");
    case LDAP_UNAVAILABLE_CRITICAL_EXTENSION: return QStringLiteral("unavailableCriticalExtension");
    case LDAP_CONFIDENTIALITY_REQUIRED: return QStringLiteral("confidentialityRequired");
    case LDAP_SASL_BIND_IN_PROGRESS: return QStringLiteral("saslBindInProgress");
    case LDAP_NO_SUCH_ATTRIBUTE: return QStringLiteral("noSuchAttribute");
    case LDAP_UNDEFINED_TYPE: return QStringLiteral("undefinedAttributeType");
    case LDAP_INAPPROPRIATE_MATCHING: return QStringLiteral("inappropriateMatching");
    case LDAP_CONSTRAINT_VIOLATION: return QStringLiteral("constraintViolation");
    case LDAP_TYPE_OR_VALUE_EXISTS: return QStringLiteral("attributeOrValueExists");
    case LDAP_INVALID_SYNTAX: return QStringLiteral("invalidAttributeSyntax");
    case LDAP_NO_SUCH_OBJECT: return QStringLiteral("noSuchObject");
    case LDAP_ALIAS_PROBLEM: return QStringLiteral("aliasProblem");
    case LDAP_INVALID_DN_SYNTAX: return QStringLiteral("invalidDNSyntax");
    case LDAP_ALIAS_DEREF_PROBLEM: return QStringLiteral("aliasDereferencingProblem");
    case LDAP_INAPPROPRIATE_AUTH: return QStringLiteral("inappropriateAuthentication");
    case LDAP_INVALID_CREDENTIALS: return QStringLiteral("invalidCredentials");
    case LDAP_INSUFFICIENT_ACCESS: return QStringLiteral("insufficientAccessRights");
    case LDAP_BUSY: return QStringLiteral("busy");
    case LDAP_UNAVAILABLE: return QStringLiteral("unavailable");
    case LDAP_UNWILLING_TO_PERFORM: return QStringLiteral("unwillingToPerform");
    case LDAP_LOOP_DETECT: return QStringLiteral("loopDetect");
    case LDAP_NAMING_VIOLATION: return QStringLiteral("namingViolation");
    case LDAP_OBJECT_CLASS_VIOLATION: return QStringLiteral("objectClassViolation");
    case LDAP_NOT_ALLOWED_ON_NONLEAF: return QStringLiteral("notAllowedOnNonLeaf");
    case LDAP_NOT_ALLOWED_ON_RDN: return QStringLiteral("notAllowedOnRDN");
    case LDAP_ALREADY_EXISTS: return QStringLiteral("entryAlreadyExists");
    case LDAP_NO_OBJECT_CLASS_MODS: return QStringLiteral("objectClassModsProhibited");
    case LDAP_AFFECTS_MULTIPLE_DSAS: return QStringLiteral("affectsMultipleDSAs");
    case LDAP_OTHER: return QStringLiteral("other");
    case LDAP_CANCELLED: return QStringLiteral("canceled");
    case LDAP_ASSERTION_FAILED: return QStringLiteral("assertionFailed");
    case LDAP_SYNC_REFRESH_REQUIRED: return QStringLiteral("e-syncRefreshRequired");
    case LDAP_SERVER_DOWN: return QStringLiteral("serverDown");
    case LDAP_LOCAL_ERROR: return QStringLiteral("localError");
    case LDAP_ENCODING_ERROR: return QStringLiteral("encodingError");
    case LDAP_DECODING_ERROR: return QStringLiteral("decodingError");
    case LDAP_TIMEOUT: return QStringLiteral("timeout");
    case LDAP_AUTH_UNKNOWN: return QStringLiteral("authUnknown");
    case LDAP_FILTER_ERROR: return QStringLiteral("filterError");
    case LDAP_USER_CANCELLED: return QStringLiteral("userCancelled");
    case LDAP_PARAM_ERROR: return QStringLiteral("paramError");
    case LDAP_NO_MEMORY: return QStringLiteral("noMemory");
    case LDAP_CONNECT_ERROR: return QStringLiteral("connectError");
    case LDAP_NOT_SUPPORTED: return QStringLiteral("notSupported");
    case LDAP_CONTROL_NOT_FOUND: return QStringLiteral("controlNotFound");
    case LDAP_NO_RESULTS_RETURNED: return QStringLiteral("noResultsReturned");
    default: return QString::fromUtf8(ldap_err2string(m_code));
    }
}

bool LdapError::isRetryableCode(int code)
{
    switch (code) {
    case LDAP_SERVER_DOWN:
    case LDAP_CONNECT_ERROR:
    case LDAP_TIMEOUT:
    case LDAP_BUSY:
    case LDAP_UNAVAILABLE:
    case LDAP_TIMELIMIT_EXCEEDED:
        return true;
    default:
        return false;
    }
}

bool LdapError::isRetryable() const
{
    if (m_retryable >= 0)
        return m_retryable == 1;
    return isRetryableCode(m_code);
}

QString LdapError::toString() const
{
    QString s;
    if (!m_context.isEmpty())
        s = m_context + QStringLiteral(": ");
    s += codeName() + QStringLiteral(" (") + QString::number(m_code) + QLatin1Char(')');
    if (!m_diagnostic.isEmpty())
        s += QStringLiteral(": ") + m_diagnostic;
    if (!m_matchedDn.isEmpty())
        s += QStringLiteral(" [matched DN: ") + m_matchedDn + QLatin1Char(']');
    return s;
}

} // namespace Isp::Core
