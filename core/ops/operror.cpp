#include "core/ops/operror.h"

namespace Isp::Core {

OpError OpError::directory(const LdapError &error)
{
    OpError e;
    e.kind = Kind::Directory;
    e.ldap = error;
    // Some directory answers are really one of the other kinds; say so in the user's terms.
    switch (error.code()) {
    case LdapCode::InsufficientAccess:
        e.kind = Kind::NotAllowed;
        e.message = QStringLiteral("not allowed: the directory refused it (%1)").arg(error.toString());
        break;
    case LdapCode::AlreadyExists:
        e.kind = Kind::Conflict;
        e.message = QStringLiteral("already exists: %1").arg(error.toString());
        break;
    case LdapCode::NoSuchObject:
        e.kind = Kind::NotFound;
        e.message = QStringLiteral("not found: %1").arg(error.toString());
        break;
    default:
        e.message = error.toString();
        break;
    }
    return e;
}

QString OpError::kindName() const
{
    switch (kind) {
    case Kind::Invalid: return QStringLiteral("invalid");
    case Kind::NotAllowed: return QStringLiteral("not-allowed");
    case Kind::NotFound: return QStringLiteral("not-found");
    case Kind::Conflict: return QStringLiteral("conflict");
    case Kind::LimitReached: return QStringLiteral("limit");
    case Kind::Directory: return QStringLiteral("directory");
    }
    return QString();
}

QString OpError::toString() const
{
    return message;
}

int OpError::exitCode() const
{
    return kind == Kind::Directory && ldap.isRetryable() ? 3 : 1;
}

} // namespace Isp::Core
